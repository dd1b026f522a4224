package eval

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
)

// entityScorer is the Python prototype of the entity scoring, the
// reference that ScoreEntities must agree with.
const entityScorer = "testdata/entity_score.py"

// writeEntityGold writes gold documents that need no shared data: accents,
// case, Hangul, a dotted capital I, a name without words, a type outside
// the four, duplicate names, a document without "entities" and one
// without "lang".
func writeEntityGold(t *testing.T, dir string) {
	t.Helper()
	docs := map[string]string{
		"y-01.json": `{"id":"y-01","lang":"fr","quotes":[],"entities":[
			{"name":"Élisabeth Borne","type":"PER","mentions":["Borne","la Première ministre"]},
			{"name":"Paris","type":"LOC","mentions":["PARIS"]},
			{"name":"Paris","type":"ORG","mentions":["Paris Saint-Germain","PSG"]},
			{"name":"Météo-France","type":"ORG","mentions":["Meteo France"]},
			{"name":"—","type":"MISC","mentions":["…"]}]}`,
		"y-02.json": `{"id":"y-02","lang":"ko","entities":[
			{"name":"서울","type":"LOC"},{"name":"İstanbul","type":"LOC","mentions":["Istanbul"]},
			{"name":"ΟΔΥΣΣΕΑΣ","type":"PER"},{"name":"a spokesman","type":"UNNAMED"}]}`,
		"y-03.json": `{"id":"y-03","lang":"en","quotes":[]}`,
		"y-04.json": `{"id":"y-04","entities":[{"name":"Washington","type":"LOC"},{"name":"George Washington","type":"PER","mentions":["Washington"]}]}`,
		"y-05.json": `{"id":"y-05","lang":"en","entities":[]}`,
	}
	for name, s := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// entityPerturber turns gold entities into predicted ones with the errors
// an extractor makes: dropped, retyped, renamed, split and invented
// entities, names found only among the mentions, and mentions of every
// kind.
type entityPerturber struct {
	r     *rand.Rand
	level float64
	names []string // every gold name and mention
}

func (p *entityPerturber) pick(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[p.r.IntN(len(s))]
}

var perturbTypes = []string{"PER", "ORG", "LOC", "MISC"}

func (p *entityPerturber) entity(g GoldEntity) article.Entity {
	e := article.Entity{Name: g.Name, Type: g.Type}
	if p.r.Float64() < p.level/3 {
		e.Type = p.pick(perturbTypes)
	}
	if p.r.Float64() < p.level {
		switch p.r.IntN(6) {
		case 0:
			if len(g.Mentions) > 0 {
				e.Name = p.pick(g.Mentions)
			}
		case 1:
			e.Name = strings.ToUpper(stripAccents(g.Name))
		case 2:
			if w := strings.Fields(g.Name); len(w) > 0 {
				e.Name = w[len(w)-1]
			}
		case 3:
			e.Name = "and " + g.Name
		case 4:
			e.Name = p.pick(p.names)
		default:
			e.Name = "x" + g.Name
		}
	}
	for _, m := range g.Mentions {
		if p.r.Float64() < p.level/2 {
			continue
		}
		kind := article.MentionName
		if p.r.Float64() < p.level {
			kind = []string{article.MentionName, article.MentionPronoun, article.MentionNominal, ""}[p.r.IntN(4)]
		}
		e.Mentions = append(e.Mentions, article.Mention{Text: m, Kind: kind})
	}
	if p.r.Float64() < p.level/4 {
		e.Mentions = append(e.Mentions, article.Mention{Text: p.pick(p.names), Kind: article.MentionName})
	}
	return e
}

func TestEntitiesAgreeWithPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: cannot compare with the reference scorer")
	}
	tmp := t.TempDir()
	synthetic := filepath.Join(tmp, "gold")
	if err := os.MkdirAll(synthetic, 0o755); err != nil {
		t.Fatal(err)
	}
	writeEntityGold(t, synthetic)
	dirs := []string{synthetic}
	for _, d := range []string{"quotes", "quotes-heldout/dev", "quotes-heldout/blind", "quotes-heldout2/dev", "quotes-heldout2/blind"} {
		dirs = append(dirs, filepath.Join("..", "..", "testdata", d, "gold"))
	}
	for _, d := range []string{"quotes-dev/gold", "seed/gold"} {
		if dir := filepath.Join(dataDir, d); dirExists(dir) {
			dirs = append(dirs, dir)
		} else {
			t.Logf("shared data %s absent: comparing without it", d)
		}
	}
	n := 0
	for _, dir := range dirs {
		gold, unannotated, err := LoadEntityGold(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(gold) == 0 {
			t.Fatalf("%s: no gold document with entities", dir)
		}
		var names []string
		for _, g := range gold {
			for _, e := range g.Entities {
				names = append(names, e.Name)
				names = append(names, e.Mentions...)
			}
		}
		levels := []float64{0, 0.2, 0.5, 0.8, 1}
		if testing.Short() && dir != synthetic {
			levels = []float64{0.5, 1}
		}
		for seed, level := range levels {
			p := &entityPerturber{r: rand.New(rand.NewPCG(uint64(seed), 13)), level: level, names: names}
			var docs []*article.Article
			for _, g := range gold {
				if level > 0 && p.r.Float64() < level/5 {
					continue // no prediction for this document
				}
				a := &article.Article{ID: g.ID, Lang: g.Lang}
				for _, ge := range g.Entities {
					if p.r.Float64() < level/4 {
						continue // missed
					}
					a.Entities = append(a.Entities, p.entity(ge))
					if p.r.Float64() < level/5 {
						a.Entities = append(a.Entities, p.entity(ge)) // split in two
					}
				}
				for p.r.Float64() < level/2 {
					a.Entities = append(a.Entities, article.Entity{Name: p.pick(names), Type: p.pick(perturbTypes)})
				}
				p.r.Shuffle(len(a.Entities), func(i, j int) { a.Entities[i], a.Entities[j] = a.Entities[j], a.Entities[i] })
				docs = append(docs, a)
			}
			for _, u := range unannotated {
				docs = append(docs, &article.Article{ID: u.ID, Entities: []article.Entity{{Name: "Unscored", Type: "PER"}}})
			}
			docs = append(docs, &article.Article{ID: "not-in-gold", Entities: []article.Entity{{Name: "Nobody", Type: "PER"}}})
			predPath := filepath.Join(tmp, fmt.Sprintf("pred-%d-%d.jsonl", n, seed))
			writeJSONL(t, predPath, docs)
			n++

			f, err := os.Open(predPath)
			if err != nil {
				t.Fatal(err)
			}
			preds, err := ReadPredictions(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			res := ScoreEntities(gold, preds)
			for _, u := range unannotated {
				res.Unannotated = append(res.Unannotated, u.ID)
			}
			// The scores as WriteText prints them, then the error
			// listing of every document.
			var got strings.Builder
			if err := res.WriteText(&got, false); err != nil {
				t.Fatal(err)
			}
			got.WriteString("==\n")
			for _, d := range res.Docs {
				got.WriteString(d.ID + "\n")
				for _, l := range d.errorLines() {
					got.WriteString(l + "\n")
				}
			}
			want := runPython(t, py, entityScorer, predPath, dir, "--details")
			if diff := cmp.Diff(want, got.String()); diff != "" {
				t.Errorf("%s on %s: Go and %s differ (-python +go):\n%s", predPath, dir, entityScorer, diff)
			}
		}
	}
}
