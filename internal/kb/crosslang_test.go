package kb

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// crossExpect is testdata/crosslang/expect.json.
type crossExpect struct {
	Articles map[string]string `json:"articles"`
	Groups   []struct {
		Name      string              `json:"name"`
		Type      string              `json:"type"`
		Forms     map[string][]string `json:"forms"`
		Country   string              `json:"country"`
		KnownMiss string              `json:"known_miss"`
	} `json:"groups"`
}

// minCrossRecall is the floor for the share of same-entity pairs of
// surface forms that get one id; it only ever goes up.
const minCrossRecall = 0.98

// TestCrossLanguage links the entity names of one story told in five
// languages and checks that the forms of one entity share an id, that
// forms of different entities do not, and that capitals and government
// buildings give their country.
func TestCrossLanguage(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "crosslang")
	b, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		t.Fatalf("read expect.json: %v", err)
	}
	var exp crossExpect
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatalf("parse expect.json: %v", err)
	}
	texts := map[string]string{}
	for lang, f := range exp.Articles {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		texts[lang] = string(b)
	}
	l := testLinker(t)
	type form struct{ group, lang, text, id string }
	var forms []form
	for gi, g := range exp.Groups {
		ids := map[string][]string{}
		for lang, fs := range g.Forms {
			for _, f := range fs {
				if !strings.Contains(texts[lang], f) {
					t.Errorf("group %s: %q is not in the %s article", g.Name, f, lang)
				}
				id, _, ok := l.Link(f, g.Type, lang)
				if !ok {
					id = ""
				}
				ids[id] = append(ids[id], lang+":"+f)
				forms = append(forms, form{fmt.Sprint(gi), lang, f, id})
				if g.Country != "" && ok {
					if c, _ := l.Country(id); c != g.Country && g.KnownMiss == "" {
						t.Errorf("group %s: Country(Link(%q)) = Country(%s) = %q, want %q", g.Name, f, id, c, g.Country)
					}
				}
			}
		}
		joined := len(ids) == 1 && ids[""] == nil
		switch {
		case g.KnownMiss == "" && !joined:
			t.Errorf("group %s: forms got %d ids, want one: %v", g.Name, len(ids), ids)
		case g.KnownMiss != "" && joined:
			t.Errorf("group %s is marked known_miss but now links: remove the mark", g.Name)
		case g.KnownMiss != "":
			t.Logf("known miss %s (%s): %v", g.Name, g.KnownMiss, ids)
		}
	}
	// Pairwise precision and recall over all forms.
	var tp, fp, fn int
	for i := range forms {
		for j := i + 1; j < len(forms); j++ {
			a, b := forms[i], forms[j]
			same := a.id != "" && a.id == b.id
			switch {
			case a.group == b.group && same:
				tp++
			case a.group == b.group:
				fn++
			case same:
				fp++
				t.Errorf("%s:%q and %s:%q are different entities but share %s", a.lang, a.text, b.lang, b.text, a.id)
			}
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("cross-language links: %d forms, pairs: precision %.3f (%d/%d), recall %.3f (%d/%d)",
		len(forms), precision, tp, tp+fp, recall, tp, tp+fn)
	if recall < minCrossRecall {
		t.Errorf("pair recall %.3f < %.3f", recall, minCrossRecall)
	}
}
