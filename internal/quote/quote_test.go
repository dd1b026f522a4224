package quote_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/entity"
	"github.com/newsgraph/newsgraph/internal/lexicon"
	"github.com/newsgraph/newsgraph/internal/quote"
	"github.com/newsgraph/newsgraph/internal/text"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txt")

// run runs segmentation, the entity rules (no trained tagger, so that
// the cases test this package alone) and the quote stage.
func run(t *testing.T, lex *lexicon.Set, a *article.Article) *article.Article {
	t.Helper()
	if err := text.NewSegmenter(lex).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := entity.NewRecognizer(lex, nil).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := quote.NewExtractor(lex).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// render shows each quote as "kind | content | cue | speaker", the
// speaker's mention (or whole source phrase) when it is not the name, and
// the quote it continues.
func render(a *article.Article) string {
	var b strings.Builder
	for _, q := range a.Quotes {
		fmt.Fprintf(&b, "%s | %s | %s | %s", q.Kind, q.Content, q.Cue, q.Speaker.Name)
		if q.Speaker.Mention != q.Speaker.Name {
			fmt.Fprintf(&b, " (%s)", q.Speaker.Mention)
		}
		if q.Continues != "" {
			fmt.Fprintf(&b, " [continues %s]", q.Continues)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sections := map[string]string{}
			for _, f := range ar.Files {
				sections[f.Name] = string(f.Data)
			}
			lang := strings.TrimSpace(sections["lang"])
			body := strings.TrimRight(sections["body"], "\n")
			a := run(t, lexicon.Default(), &article.Article{Text: body, Lang: lang})
			got := render(a)
			if *update {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(sections["want"], got); diff != "" {
				t.Errorf("%s: %s\nquotes mismatch (-want +got):\n%s", file, strings.TrimSpace(string(ar.Comment)), diff)
			}
			checkOffsets(t, a)
		})
	}
}

// checkOffsets verifies the invariants every extraction keeps: offsets
// inside the text and on rune boundaries; a direct quote's content is
// exactly text[start:end]; the speaker mention is the text it points at.
func checkOffsets(t *testing.T, a *article.Article) {
	t.Helper()
	onRune := func(i int) bool { return i == len(a.Text) || utf8.RuneStart(a.Text[i]) }
	for _, q := range a.Quotes {
		if q.Start < 0 || q.End > len(a.Text) || q.Start >= q.End || !onRune(q.Start) || !onRune(q.End) {
			t.Fatalf("quote %s: bad span [%d, %d) in %d bytes", q.ID, q.Start, q.End, len(a.Text))
		}
		if q.Content != a.Text[q.Start:q.End] {
			t.Fatalf("quote %s: content %q is not text[%d:%d] = %q", q.ID, q.Content, q.Start, q.End, a.Text[q.Start:q.End])
		}
		if q.CueEnd > len(a.Text) || q.CueStart > q.CueEnd || q.Cue != a.Text[q.CueStart:q.CueEnd] {
			t.Fatalf("quote %s: cue %q does not match its offsets", q.ID, q.Cue)
		}
		sp := q.Speaker
		if sp.Mention != "" && (sp.End > len(a.Text) || sp.Mention != a.Text[sp.Start:sp.End]) {
			t.Fatalf("quote %s: speaker mention %q does not match its offsets", q.ID, sp.Mention)
		}
		if sp.Entity != "" && a.EntityByID(sp.Entity) == nil {
			t.Fatalf("quote %s: speaker entity %q does not exist", q.ID, sp.Entity)
		}
	}
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if m.End > len(a.Text) || m.Start >= m.End || m.Text != a.Text[m.Start:m.End] {
				t.Fatalf("entity %s: mention %+v does not match the text", e.ID, m)
			}
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("nl", "“Nee,” zei hij. Volgens de minister gaat het om ‘veel’ geld, aldus Jan.")
	f.Add("en", "\"We will not,\" the Prime Minister, Jane Doe, said. According to the WTO, it grew.\n\n\"More\n\n\"text")
	f.Add("de", "„Wir bleiben“, sagte sie. » Non « , a-t-il dit : « oui ».")
	// Content of punctuation only before an inserted attribution or
	// source (once an index -1 in span).
	f.Add("en", "-, he said, is the answer to the problem.")
	f.Add("en", "…, she said, was the reason for the long delay.")
	f.Add("en", "…, according to the council, the plan will work well.")
	f.Add("es", "—¿Vienes? —preguntó la vecina.\n\n—Juan, no me digas eso.\n\n–")
	f.Add("ru", "Вчера в министерстве заявили, что реформа продолжится.")
	f.Fuzz(func(t *testing.T, lang, body string) {
		body = strings.ToValidUTF8(body, "\uFFFD")
		// Every language with a lexicon, so that their own rules
		// (dialogue dashes, conjunctions, relatives) are fuzzed too.
		switch lang {
		case "nl", "en", "de", "fr", "es", "pt", "it", "pl", "ru", "uk":
		default:
			lang = "xx"
		}
		a := run(t, lexicon.Default(), &article.Article{Text: body, Lang: lang})
		checkOffsets(t, a)
	})
}

func BenchmarkExtract(b *testing.B) {
	p := filepath.Join("..", "..", "..", "shared", "data", "seed", "articles", "nl-seed-01.txt")
	data, err := os.ReadFile(p)
	if err != nil {
		b.Skip("seed article absent")
	}
	body := string(data)
	lex := lexicon.Default()
	seg, ents, qx := text.NewSegmenter(lex), entity.NewRecognizer(lex, nil), quote.NewExtractor(lex)
	a := &article.Article{Text: body, Lang: "nl"}
	ctx := b.Context()
	seg.Process(ctx, a)
	ents.Process(ctx, a)
	entities := a.Entities
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		a.Entities = append(a.Entities[:0:0], entities...)
		if err := qx.Process(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}
