package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestCrossLanguageLinks runs the whole engine over one story told in
// eight languages (testdata/crosslang) and checks that the people,
// countries and organisations of the story get the same kb id in every
// language, and that different ones never share an id.
func TestCrossLanguageLinks(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "crosslang")
	var expect struct {
		Groups []struct {
			Name      string              `json:"name"`
			Type      string              `json:"type"`
			Forms     map[string][]string `json:"forms"`
			KnownMiss string              `json:"known_miss"`
		} `json:"groups"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &expect); err != nil {
		t.Fatal(err)
	}
	preds, err := predictions(context.Background(), testEnv(), &evalQuotesConfig{Workers: runtime.GOMAXPROCS(0)}, []string{dir}, "")
	if err != nil {
		t.Fatal(err)
	}
	// kb ids of the entities that have a mention with this text, per language.
	ids := func(lang, form string) map[string]bool {
		out := map[string]bool{}
		for _, a := range preds {
			if a.Lang != lang {
				continue
			}
			for _, e := range a.Entities {
				for _, m := range e.Mentions {
					if m.Text == form && e.KB != "" {
						out[e.KB] = true
					}
				}
			}
		}
		return out
	}
	owner := map[string]string{} // kb id → group
	var forms, found, joined, collisions int
	for _, g := range expect.Groups {
		if g.KnownMiss != "" {
			continue
		}
		count := map[string]int{}
		n := 0
		for lang, fs := range g.Forms {
			for _, f := range fs {
				forms++
				got := ids(lang, f)
				if len(got) > 0 {
					found++
					n++
				}
				for id := range got {
					count[id]++
				}
			}
		}
		best, bestN := "", 0
		for id, c := range count {
			if c > bestN {
				best, bestN = id, c
			}
			if other, ok := owner[id]; ok && other != g.Name {
				collisions++
				t.Logf("kb id %q joins %q and %q", id, other, g.Name)
			}
			owner[id] = g.Name
		}
		joined += bestN
		if n > 0 && bestN < n {
			t.Logf("%s: %d of %d recognised forms share %q (ids %v)", g.Name, bestN, n, best, count)
		}
	}
	t.Logf("forms recognised as entities: %d of %d; joined under their group's main id: %d; ids shared by two groups: %d",
		found, forms, joined, collisions)
	// Floors just under what was measured; they only go up.
	if found == 0 || float64(joined)/float64(found) < 0.95 {
		t.Errorf("only %d of %d recognised forms share their group's id, want at least 95%%", joined, found)
	}
	if float64(found)/float64(forms) < 0.69 {
		t.Errorf("only %d of %d forms are recognised as entities, want at least 69%%", found, forms)
	}
	if collisions > 0 {
		t.Errorf("%d kb ids are shared by two groups, want none", collisions)
	}
}
