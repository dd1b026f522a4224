package entity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
	"github.com/newsgraph/newsgraph/internal/text"
)

func recognize(t testing.TB, lang, body string) *article.Article {
	t.Helper()
	a := &article.Article{Text: body, Lang: lang}
	lex := lexicon.Default()
	if err := text.NewSegmenter(lex).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := NewRecognizer(lex, nil).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func render(a *article.Article) []string {
	var out []string
	for _, e := range a.Entities {
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, m.Text)
		}
		out = append(out, fmt.Sprintf("%s %s [%s]", e.Type, e.Name, strings.Join(ms, "|")))
	}
	return out
}

func TestRules(t *testing.T) {
	tests := []struct {
		lang, body string
		want       []string
	}{
		{"nl", "", nil},
		{"nl", "De Russische president Vladimir Poetin sprak in Den Haag. Poetin zei dat het Chinese ministerie van Buitenlandse Zaken het ook vond. President Poetin lachte.",
			[]string{"PER Vladimir Poetin [Vladimir Poetin|Poetin|Poetin]", "LOC Den Haag [Den Haag]", "ORG Chinese ministerie van Buitenlandse Zaken [Chinese ministerie van Buitenlandse Zaken]"}},
		{"en", "Negotiators at the World Trade Organization failed. According to the WTO, governments spend more. Norwegian Ambassador Henrik Solvang said so.",
			[]string{"ORG World Trade Organization [World Trade Organization|WTO]", "PER Henrik Solvang [Henrik Solvang]"}},
		{"en", "Xi’s visit to Moscow worried Germany.", []string{"LOC Moscow [Moscow]", "LOC Germany [Germany]"}},
		{"en", "President Xi Jinping spoke. China Russia ties grew, Xi’s aides said.", []string{"PER Xi Jinping [Xi Jinping|Xi]", "LOC China [China]", "LOC Russia [Russia]"}},
	}
	for _, tt := range tests {
		got := render(recognize(t, tt.lang, tt.body))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Recognize(%q) mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

func TestSeedPrint(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "seed", "articles", "nl-seed-01.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skip("seed absent")
	}
	body := string(b)
	body = body[strings.Index(body, "Xi Jinping"):]
	for _, l := range render(recognize(t, "nl", body)) {
		t.Log(l)
	}
}
