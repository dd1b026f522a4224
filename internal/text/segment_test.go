package text

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

func texts(s string, spans []article.Span) []string {
	out := []string{}
	for _, sp := range spans {
		out = append(out, s[sp.Start:sp.End])
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"Xi’s bezoek, 300.000 woningen.", []string{"Xi’s", "bezoek", ",", "300.000", "woningen", "."}},
		{"staakt-het-vuren in de U.S. op 1,5%", []string{"staakt-het-vuren", "in", "de", "U.S", ".", "op", "1,5", "%"}},
		{"« Non », a-t-il dit.", []string{"«", "Non", "»", ",", "a-t-il", "dit", "."}},
		{"“Wir”, sagte er.", []string{"“", "Wir", "”", ",", "sagte", "er", "."}},
		{"Путин заявил: «Нет».", []string{"Путин", "заявил", ":", "«", "Нет", "»", "."}},
		{"words,words and/or 24/7", []string{"words", ",", "words", "and", "/", "or", "24/7"}},
		{"Rep. Ana Ruiz (D-N.Y.) and Sen. Bo Hale (R-S.C.)", []string{"Rep", ".", "Ana", "Ruiz", "(", "D-N.Y", ".", ")", "and", "Sen", ".", "Bo", "Hale", "(", "R-S.C", ".", ")"}},
	}
	for _, tt := range tests {
		got := texts(tt.in, spansOf(Tokenize(tt.in, nil)))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func spansOf(toks []article.Token) []article.Span {
	out := make([]article.Span, len(toks))
	for i, t := range toks {
		out[i] = t.Span
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		lang, in string
		want     []string
	}{
		{"en", "", []string{}},
		{"en", "Mr. Smith went to Washington. He said so.", []string{"Mr. Smith went to Washington.", "He said so."}},
		{"en", "“We are close,” she said. “But not done.”\n\nNew paragraph", []string{"“We are close,” she said.", "“But not done.”", "New paragraph"}},
		{"nl", "Dhr. Jansen zei dat het 3.5 procent was. Volgens J. de Vries klopt dat niet!", []string{"Dhr. Jansen zei dat het 3.5 procent was.", "Volgens J. de Vries klopt dat niet!"}},
		{"en", "The U.S. economy grew. Analysts were surprised.", []string{"The U.S. economy grew.", "Analysts were surprised."}},
		{"en", "Jobs went to the U.S. The poll found that. No. I mean it. Mr. And Mrs. Hale met J. De Vries.", []string{"Jobs went to the U.S.", "The poll found that.", "No.", "I mean it.", "Mr. And Mrs. Hale met J. De Vries."}},
		{"nl", "Volgens A. De Wever en dhr. Van Dijk klopt het.", []string{"Volgens A. De Wever en dhr. Van Dijk klopt het."}},
		{"en", "Sens. Ana Ruiz and Bo Hale and Msgr. Tom Dunn agreed. Then they left.", []string{"Sens. Ana Ruiz and Bo Hale and Msgr. Tom Dunn agreed.", "Then they left."}},
		{"en", "Rep. Ana Ruiz (D-N.Y.) said Gov. Tom E. Hale was wrong. He was.", []string{"Rep. Ana Ruiz (D-N.Y.) said Gov. Tom E. Hale was wrong.", "He was."}},
		{"nl", "Wie gaat er nog bouwen? vroeg hij.", []string{"Wie gaat er nog bouwen? vroeg hij."}},
		{"de", "Er sagte: „Wir bleiben.“ Dann ging er.", []string{"Er sagte: „Wir bleiben.“", "Dann ging er."}},
	}
	lex := lexicon.Default()
	for _, tt := range tests {
		a := &article.Article{Text: tt.in, Lang: tt.lang}
		if err := NewSegmenter(lex).Process(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		got := texts(tt.in, a.Sentences)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Sentences(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParagraphs(t *testing.T) {
	in := "  First line\nsame paragraph.  \n\n \n\nSecond.\n\n"
	got := texts(in, Paragraphs(in))
	want := []string{"First line\nsame paragraph.", "Second."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Paragraphs mismatch (-want +got):\n%s", diff)
	}
}

func FuzzSegment(f *testing.F) {
	f.Add("« Non », a-t-il dit. Dhr. X zei: “Ja.”\n\nNieuw.")
	f.Add("U.S. 1.000,5 ‘a’ \"b\" —c— ...")
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		a := &article.Article{Text: s}
		Segment(a, map[string]bool{"Mr.": true})
		prev := 0
		for _, tok := range a.Tokens {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(s) || !utf8.RuneStart(s[tok.Start]) || (tok.End < len(s) && !utf8.RuneStart(s[tok.End])) {
				t.Fatalf("bad token %v after offset %d in %q", tok, prev, s)
			}
			if tok.Sentence < 0 || tok.Sentence >= len(a.Sentences) || !a.Sentences[tok.Sentence].Contains(tok.Span) {
				t.Fatalf("token %v not inside its sentence %d of %v in %q", tok, tok.Sentence, a.Sentences, s)
			}
			prev = tok.End
		}
		prev = 0
		for _, sp := range a.Sentences {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("bad sentence %v after %d in %q", sp, prev, s)
			}
			prev = sp.End
		}
	})
}

func BenchmarkSegment(b *testing.B) {
	text := strings.Repeat("De Amerikaanse minister Antony Blinken zei maandag dat “China zich niet verantwoordelijk voelt”. Hij voegde eraan toe: ‘Dat is 3.5 procent.’\n\n", 200)
	a := &article.Article{Text: text}
	abbrev := map[string]bool{"dhr.": true}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Segment(a, abbrev)
	}
}
