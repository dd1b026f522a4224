package eval

import (
	"bytes"
	"encoding/json"
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

// The reference scorers and the gold data live beside the repository.
const (
	toolsDir = "../../../shared/tools"
	dataDir  = "../../../shared/data"
)

func needPython(t *testing.T, script string) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: cannot compare with the reference scorer")
	}
	path := filepath.Join(toolsDir, script)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reference scorer absent: %v", err)
	}
	return py
}

func runPython(t *testing.T, py string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(py, args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", py, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// perturb turns gold quotes into predicted ones with the kinds of errors an
// extractor makes: dropped, truncated or padded contents, wrong, partial or
// accent-stripped speakers, speakers known only through an entity,
// duplicates and invented quotes.
type perturber struct {
	r      *rand.Rand
	level  float64 // probability that a quote is perturbed at all
	others []string
	names  []string
}

func (p *perturber) pick(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[p.r.IntN(len(s))]
}

func (p *perturber) content(c string) string {
	if p.r.Float64() >= p.level {
		return c
	}
	w := strings.Fields(c)
	switch p.r.IntN(7) {
	case 0: // first half
		return strings.Join(w[:(len(w)+1)/2], " ")
	case 1: // first third: F1 near the 0.5 threshold
		return strings.Join(w[:(len(w)+2)/3], " ")
	case 2: // padded with another quote
		return c + " " + p.pick(p.others)
	case 3: // typographic variants that NFKC and \w must absorb
		return strings.NewReplacer("'", "’", "fi", "ﬁ", "e", "e").Replace(strings.ToUpper(c))
	case 4: // tail only
		return strings.Join(w[len(w)/2:], " ")
	case 5:
		return p.pick(p.others)
	default:
		return c
	}
}

func (p *perturber) speaker(gold, mention string, alt []string, ents *[]article.Entity) article.Speaker {
	if p.r.Float64() >= p.level {
		return article.Speaker{Name: gold, Mention: mention}
	}
	w := strings.Fields(gold)
	switch p.r.IntN(9) {
	case 0:
		return article.Speaker{Name: p.pick(p.names)}
	case 1: // surname only
		if len(w) > 0 {
			return article.Speaker{Name: w[len(w)-1]}
		}
	case 2: // first name only
		if len(w) > 0 {
			return article.Speaker{Name: w[0]}
		}
	case 3: // known through an entity, maybe with a kb name
		id := fmt.Sprintf("e%d", len(*ents)+1)
		e := article.Entity{ID: id, Name: p.pick(p.names), Type: article.PER}
		if p.r.IntN(2) == 0 {
			e.KBName = gold
		} else {
			e.Name = gold
		}
		*ents = append(*ents, e)
		return article.Speaker{Entity: id, Mention: "he"}
	case 4:
		return article.Speaker{Mention: mention}
	case 5:
		if len(alt) > 0 {
			return article.Speaker{Name: p.pick(alt)}
		}
	case 6:
		return article.Speaker{Name: stripAccents(strings.ToUpper(gold))}
	case 7:
		return article.Speaker{}
	}
	return article.Speaker{Name: "the " + gold + " office"}
}

func writeJSONL(t *testing.T, path string, docs []*article.Article) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeGold writes tricky gold documents that need no shared data: ties,
// accents, a missing speaker_type, an empty quote list.
func writeGold(t *testing.T, dir string) {
	t.Helper()
	docs := map[string]string{
		"x-01.json": `{"id":"x-01","lang":"fr","quotes":[
			{"content":"Nous ne céderons pas","speaker":"François Hollande","speaker_type":"PER"},
			{"content":"Nous ne céderons pas","speaker":"Élisabeth Borne","speaker_type":"PER"},
			{"content":"C'est l'été, il fait chaud à Paris","speaker":"Météo-France","speaker_type":"ORG","speaker_alt":["Meteo France"]},
			{"content":"ΟΔΟΣ ΚΛΕΙΣΤΗ","speaker":"Ο ΔΗΜΑΡΧΟΣ"}]}`,
		"x-02.json": `{"id":"x-02","quotes":[
			{"content":"İstanbul'da 3,5 milyon kişi","speaker":"İlber Ortaylı","speaker_type":"PER"},
			{"content":"a b c d e f","speaker":"a spokesman","speaker_type":"UNNAMED"}]}`,
		"x-03.json": `{"id":"x-03","lang":"en","quotes":[]}`,
	}
	for name, s := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestQuotesAgreeWithPython(t *testing.T) {
	py := needPython(t, "score_quotes.py")
	tmp := t.TempDir()
	synthetic := filepath.Join(tmp, "gold")
	if err := os.MkdirAll(synthetic, 0o755); err != nil {
		t.Fatal(err)
	}
	writeGold(t, synthetic)
	dirs := []string{synthetic}
	for _, d := range []string{"quotes-dev/gold", "seed/gold"} {
		if _, err := os.Stat(filepath.Join(dataDir, d)); err == nil {
			dirs = append(dirs, filepath.Join(dataDir, d))
		} else {
			t.Logf("shared data %s absent: comparing on synthetic gold only", d)
		}
	}
	n := 0
	for _, dir := range dirs {
		gold, err := LoadGold(dir)
		if err != nil {
			t.Fatal(err)
		}
		var contents, names []string
		for _, g := range gold {
			for _, q := range g.Quotes {
				contents = append(contents, q.Content)
				names = append(names, q.Speaker)
			}
		}
		levels := []float64{0, 0.2, 0.5, 0.8, 1, 1}
		if testing.Short() && dir != synthetic {
			levels = []float64{0.5, 1}
		}
		for seed, level := range levels {
			p := &perturber{r: rand.New(rand.NewPCG(uint64(seed), 7)), level: level, others: contents, names: names}
			var docs []*article.Article
			for _, g := range gold {
				if level > 0 && p.r.Float64() < level/5 {
					continue // no prediction for this document
				}
				a := &article.Article{ID: g.ID, Lang: g.Lang}
				for _, q := range g.Quotes {
					if p.r.Float64() < level/3 {
						continue // dropped
					}
					copies := 1
					if p.r.Float64() < level/4 {
						copies = 2 // duplicate: ties
					}
					for range copies {
						a.Quotes = append(a.Quotes, article.Quote{
							Content: p.content(q.Content),
							Speaker: p.speaker(q.Speaker, q.SpeakerMention, q.SpeakerAlt, &a.Entities),
						})
					}
				}
				for p.r.Float64() < level/2 {
					a.Quotes = append(a.Quotes, article.Quote{Content: p.pick(contents), Speaker: article.Speaker{Name: p.pick(names)}})
				}
				p.r.Shuffle(len(a.Quotes), func(i, j int) { a.Quotes[i], a.Quotes[j] = a.Quotes[j], a.Quotes[i] })
				docs = append(docs, a)
			}
			docs = append(docs, &article.Article{ID: "not-in-gold", Quotes: []article.Quote{{Content: "x"}}})
			predPath := filepath.Join(tmp, fmt.Sprintf("pred-%d-%d.jsonl", n, seed))
			writeJSONL(t, predPath, docs)
			n++

			want := runPython(t, py, filepath.Join(toolsDir, "score_quotes.py"), dir, predPath, "--by-lang")
			f, err := os.Open(predPath)
			if err != nil {
				t.Fatal(err)
			}
			preds, err := ReadPredictions(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			if err := ScoreQuotes(gold, preds).WriteText(&got, false); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got.String()); diff != "" {
				t.Errorf("%s on %s: Go and score_quotes.py differ (-python +go):\n%s", predPath, dir, diff)
			}
		}
	}
}

func TestPolNeARAgreesWithPython(t *testing.T) {
	py := needPython(t, "score_polnear.py")
	tmp := t.TempDir()
	synthetic := filepath.Join(tmp, "split")
	for _, d := range []string{"attributions", "text"} {
		if err := os.MkdirAll(filepath.Join(synthetic, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"a-doc_0a1b.ann": "T1\tSource 0 4\tJane Doe\r\nT2\tContent 5 9;12 20\tWe will win\r\nT3\tContent 30 40\tthe race\r\nE1\tAttribution:T9 Content:T2 Content2:T3 Source:T1\r\n",
		"a-doc_ff00.ann": "T1\tSource 0 4\tSomeone Else\nT2\tContent 5 9\tOther words here\nE1\tAttribution:T2 Content:T2 Source:T1\n",
		"b-doc_12.ann":   "T1\tContent 0 4\tNo source at all here\nE1\tAttribution:T1 Content:T1\nT2\tContent 0 4\tAnother one with nobody\nE2\tAttribution:T2 Content:T2\nE3\tCue:T1\n",
		"c-doc_ab.ann":   "",
	}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(synthetic, "attributions", name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dirs := []string{synthetic}
	if d := filepath.Join(dataDir, "quotes-polnear/dev"); dirExists(d) {
		dirs = append(dirs, d)
	} else {
		t.Logf("shared data %s absent: comparing on synthetic gold only", d)
	}
	n := 0
	for _, dir := range dirs {
		gold, err := LoadPolNeAR(dir)
		if err != nil {
			t.Fatal(err)
		}
		var contents, sources []string
		for _, g := range gold {
			for _, r := range g.Relations {
				contents = append(contents, r.Content)
				sources = append(sources, r.Source)
			}
		}
		levels := []float64{0, 0.3, 0.6, 1}
		if testing.Short() && dir != synthetic {
			levels = levels[2:3] // the real split takes the reference scorer seconds a file
		}
		for seed, level := range levels {
			p := &perturber{r: rand.New(rand.NewPCG(uint64(seed), 11)), level: level, others: contents, names: sources}
			var docs []*article.Article
			for _, g := range gold {
				if level > 0 && p.r.Float64() < level/5 {
					continue
				}
				a := &article.Article{ID: g.ID}
				for _, r := range g.Relations {
					if p.r.Float64() < level/3 {
						continue
					}
					sp := article.Speaker{Mention: r.Source}
					if p.r.Float64() < level {
						switch p.r.IntN(4) {
						case 0:
							sp = article.Speaker{Name: r.Source, Mention: "he"}
						case 1:
							sp = article.Speaker{Mention: p.pick(sources)}
						case 2:
							w := strings.Fields(r.Source)
							sp = article.Speaker{Mention: strings.Join(w[:len(w)/2], " ")}
						default:
							sp = article.Speaker{}
						}
					}
					a.Quotes = append(a.Quotes, article.Quote{Content: p.content(r.Content), Speaker: sp})
				}
				docs = append(docs, a)
			}
			predPath := filepath.Join(tmp, fmt.Sprintf("pred-%d-%d.jsonl", n, seed))
			writeJSONL(t, predPath, docs)
			n++

			want := runPython(t, py, filepath.Join(toolsDir, "score_polnear.py"), dir, predPath)
			f, err := os.Open(predPath)
			if err != nil {
				t.Fatal(err)
			}
			preds, err := ReadPredictions(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			if err := ScorePolNeAR(gold, preds).WriteText(&got, false); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got.String()); diff != "" {
				t.Errorf("%s on %s: Go and score_polnear.py differ (-python +go):\n%s", predPath, dir, diff)
			}
		}
	}
}

func dirExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
