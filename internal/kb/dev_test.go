package kb

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// devDirs are the gold sets whose entities TestDevLinks links: the shared
// development set and the gold sets of this repository.
var devDirs = []string{
	filepath.Join("..", "..", "..", "shared", "data", "quotes-dev", "gold"),
	filepath.Join("..", "..", "testdata", "quotes", "gold"),
}

// TestDevLinks links every gold entity of the development articles and
// reports the precision of the links: entities with the same name and type
// in two articles count as one entity (true of these articles), and two
// entities with different names that share an id are a wrong link, because
// these articles never name one entity in two ways across articles (a test
// case that does must extend this check).
func TestDevLinks(t *testing.T) {
	type ent struct{ doc, lang, name, typ, id string }
	var ents []ent
	for _, dir := range devDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var g struct {
				ID       string `json:"id"`
				Lang     string `json:"lang"`
				Entities []struct{ Name, Type string }
			}
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for _, e := range g.Entities {
				ents = append(ents, ent{doc: g.ID, lang: g.Lang, name: e.Name, typ: e.Type})
			}
		}
	}
	if len(ents) == 0 {
		t.Skip("no development gold sets found (../shared/data/quotes-dev absent)")
	}
	l := testLinker(t)
	linked := 0
	byID := map[string][]int{}
	for i := range ents {
		id, _, ok := l.Link(ents[i].name, ents[i].typ, ents[i].lang)
		if !ok {
			continue
		}
		linked++
		ents[i].id = id
		byID[id] = append(byID[id], i)
	}
	// A link is right when every entity that shares its id has its name.
	right := 0
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		idx := byID[id]
		names := map[string]bool{}
		for _, i := range idx {
			names[ents[i].name+"/"+ents[i].typ] = true
		}
		if len(names) == 1 {
			right += len(idx)
			continue
		}
		var desc []string
		for _, i := range idx {
			desc = append(desc, ents[i].doc+":"+ents[i].name)
		}
		t.Errorf("%s joins different names: %s", id, strings.Join(desc, ", "))
	}
	shared := 0
	for _, idx := range byID {
		if len(idx) > 1 {
			shared += len(idx)
		}
	}
	t.Logf("dev entities: %d, linked %d, right %d (precision %.3f); %d entities share an id with another article's entity",
		len(ents), linked, right, float64(right)/float64(max(linked, 1)), shared)
}
