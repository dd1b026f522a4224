package tone

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph/internal/article"
)

func TestText(t *testing.T) {
	tests := []struct {
		lang, text string
		sign       int // sign of the score
		pos, neg   int
	}{
		{"en", "", 0, 0, 0},
		{"en", "The minister spoke on Tuesday.", 0, 0, 0},
		{"en", "The talks were a great success.", 1, 2, 0},
		{"en", "The attack killed dozens of civilians.", -1, 0, 2},
		{"en", "The talks were not a success.", -1, 0, 1},
		{"en", "This is not a disaster.", 1, 1, 0},
		{"en", "No, the violence continued.", -1, 0, 1}, // the comma ends the negation's reach
		{"en", "It was not violence.", 1, 1, 0},
		{"nl", "De gesprekken waren een groot succes.", 1, 1, 0},
		{"nl", "De aanval was een ramp voor de burgers.", -1, 0, 2},
		{"nl", "Het was geen succes.", -1, 0, 1},
		{"nl", "De regering steunde het plan niet.", -1, 0, 1}, // Dutch negation after the word
		{"nl", "Hij prees de Chinese steun.", 1, 2, 0},
		{"de", "Die Regierung unterstützte den Plan nicht.", -1, 0, 1},
		{"de", "Der Angriff war eine Katastrophe.", -1, 0, 2},
		{"fr", "Le ministre a salué un accord historique.", 1, 3, 0},
		{"fr", "Ce n'est pas un succès.", -1, 0, 1},
		{"es", "El gobierno condenó el ataque.", -1, 0, 2},
		{"es", "No fue un éxito.", -1, 0, 1},
	}
	s := NewScorer()
	for _, tt := range tests {
		score, pos, neg, err := s.Text(tt.lang, tt.text)
		if err != nil {
			t.Fatalf("Text(%q): %v", tt.text, err)
		}
		sign := 0
		if score > 0 {
			sign = 1
		} else if score < 0 {
			sign = -1
		}
		if sign != tt.sign || pos != tt.pos || neg != tt.neg || score < -1 || score > 1 {
			t.Errorf("Text(%s, %q) = %.3f, +%d, -%d; want sign %d, +%d, -%d", tt.lang, tt.text, score, pos, neg, tt.sign, tt.pos, tt.neg)
		}
	}
}

func TestProcess(t *testing.T) {
	text := `"This is a shameful and brutal attack," the minister said. Both sides welcomed the agreement. Prices rose.`
	q := strings.Index(text, "This")
	a := &article.Article{Lang: "en", Text: text, Quotes: []article.Quote{{ID: "q1", Start: q, End: q + len("This is a shameful and brutal attack,")}}}
	if err := NewScorer().Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if a.Tone == nil {
		t.Fatal("no document tone")
	}
	// Sentence means: (-0.8-0.9-0.7)/3 = -0.8; (0.6+0.4)/2 = 0.5; "Prices
	// rose" has no polar word: 0. The document is their mean, -0.1.
	want := &article.Tone{Score: -0.1, Positive: 2, Negative: 3}
	if *a.Tone != *want {
		t.Errorf("Tone = %+v, want %+v", *a.Tone, *want)
	}
	if got := a.Quotes[0].Tone; got != -0.8 {
		t.Errorf("quote tone = %v, want -0.8", got)
	}
	// A language without a lexicon: no tone, no error.
	b := &article.Article{Lang: "xx", Text: "Gut."}
	if err := NewScorer().Process(t.Context(), b); err != nil || b.Tone != nil {
		t.Errorf("Process(xx) = %v, tone %v; want no error and no tone", err, b.Tone)
	}
}

// TestEmbedded loads every language and checks that each list parses, is
// NFC and has no duplicates.
func TestEmbedded(t *testing.T) {
	dirs, err := fs.ReadDir(embedded, "data")
	if err != nil {
		t.Fatal(err)
	}
	s := NewScorer()
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		if _, err := s.lexicon(d.Name()); err != nil {
			t.Errorf("%s: %v", d.Name(), err)
		}
		err := fs.WalkDir(embedded, "data/"+d.Name(), func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := fs.ReadFile(embedded, path)
			if err != nil {
				return err
			}
			if !utf8.Valid(b) || !norm.NFC.IsNormal(b) {
				t.Errorf("%s: not valid NFC UTF-8", path)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
	bad := fstest.MapFS{"data/en/polarity.tsv": {Data: []byte("good\t0.5\ngood\t0.6\n")}}
	if _, _, _, err := NewScorerFS(bad).Text("en", "good"); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate entry: err = %v, want a duplicate error", err)
	}
	bad = fstest.MapFS{"data/en/polarity.tsv": {Data: []byte("good\t2\n")}}
	if _, _, _, err := NewScorerFS(bad).Text("en", "good"); err == nil {
		t.Error("polarity 2: no error")
	}
}

func ExampleScorer_Text() {
	score, pos, neg, err := NewScorer().Text("nl", "De regering steunde het plan niet.")
	if err != nil {
		panic(err)
	}
	fmt.Println(score, pos, neg)
	// Output: -0.4 0 1
}

func BenchmarkScorerProcess(b *testing.B) {
	var docs []*article.Article
	var size int64
	for _, name := range []string{"en.bbc2005.jsonl", "nl.dpgmedia2019.jsonl"} {
		f, err := os.Open("../../../shared/data/bench/news-multilingual/" + name)
		if err != nil {
			b.Skipf("bench data not available: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for k := 0; k < 200 && sc.Scan(); k++ {
			var a article.Article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				b.Fatal(err)
			}
			docs = append(docs, &a)
			size += int64(len(a.Text))
		}
		f.Close()
	}
	s := NewScorer()
	s.lexicon("en")
	s.lexicon("nl")
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range docs {
			if err := s.Process(b.Context(), a); err != nil {
				b.Fatal(err)
			}
		}
	}
}
