// Package eval scores extracted quotations against gold annotations, the
// way the reference scorers in shared/tools do (score_quotes.py and
// score_polnear.py, SCHEMA.md §4), and keeps the per-quote details for
// error analysis.
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// MinF1 is the content token-F1 from which a predicted quote can match a
// gold quote.
const MinF1 = 0.5

// A GoldDoc is one gold annotation file (data/*/gold/<id>.json); only the
// fields that scoring reads are kept.
type GoldDoc struct {
	ID     string      `json:"id"`
	Lang   string      `json:"lang"`
	Quotes []GoldQuote `json:"quotes"`
}

// A GoldQuote is one gold quotation with its speaker.
type GoldQuote struct {
	Content        string   `json:"content"`
	Kind           string   `json:"kind"`
	Cue            string   `json:"cue"`
	Speaker        string   `json:"speaker"`
	SpeakerType    string   `json:"speaker_type"` // PER when absent, as in the reference scorer
	SpeakerMention string   `json:"speaker_mention"`
	SpeakerAlt     []string `json:"speaker_alt"`
}

// ReadGold parses one gold annotation.
func ReadGold(data []byte) (GoldDoc, error) {
	var raw struct {
		ID     *string `json:"id"`
		Lang   *string `json:"lang"`
		Quotes *[]struct {
			GoldQuote
			SpeakerType *string `json:"speaker_type"`
		} `json:"quotes"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return GoldDoc{}, err
	}
	if raw.ID == nil {
		return GoldDoc{}, errors.New(`no "id"`)
	}
	if raw.Quotes == nil {
		return GoldDoc{}, errors.New(`no "quotes"`)
	}
	d := GoldDoc{ID: *raw.ID, Lang: "?"}
	if raw.Lang != nil {
		d.Lang = *raw.Lang
	}
	for _, q := range *raw.Quotes {
		gq := q.GoldQuote
		gq.SpeakerType = article.PER
		if q.SpeakerType != nil {
			gq.SpeakerType = *q.SpeakerType
		}
		d.Quotes = append(d.Quotes, gq)
	}
	return d, nil
}

// LoadGold reads every <id>.json of dir in name order. A file that does
// not parse is reported in the joined error and the others are returned.
func LoadGold(dir string) ([]GoldDoc, error) {
	var docs []GoldDoc
	err := eachGoldFile(dir, func(name string, data []byte) error {
		d, err := ReadGold(data)
		if err != nil {
			return fmt.Errorf("read gold %s: %w", name, err)
		}
		docs = append(docs, d)
		return nil
	})
	return docs, err
}

// eachGoldFile calls read with the name and bytes of every <id>.json of
// dir in name order. Errors, of reading or of read, are joined; the other
// files are still read.
func eachGoldFile(dir string, read func(name string, data []byte) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read gold: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		name := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("read gold: %w", err))
			continue
		}
		if err := read(name, data); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ReadPredictions reads extracted documents, one JSON object a line
// (SCHEMA.md §2), keyed by id; a later line with the same id wins. A line
// that does not parse is reported in the joined error, naming its number,
// and the others are returned.
func ReadPredictions(r io.Reader) (map[string]*article.Article, error) {
	preds := map[string]*article.Article{}
	var errs []error
	br := bufio.NewReaderSize(r, 1<<16)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			if line = bytes.TrimSpace(line); len(line) > 0 {
				var a article.Article
				if jerr := json.Unmarshal(line, &a); jerr != nil {
					errs = append(errs, fmt.Errorf("prediction line %d: %w", n, jerr))
				} else {
					preds[a.ID] = &a
				}
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("read predictions: %w", err))
			break
		}
	}
	return preds, errors.Join(errs...)
}

// A pair is a candidate match of predicted quote i and gold quote j.
type pair struct {
	i, j int
	f1   float64
}

// matchContents pairs predicted and gold contents one to one, best pairs
// first, in the order of Python's sorted((f1, i, j), reverse=True): on
// equal F1 the higher indices win.
func matchContents(pred, gold [][]string) []pair {
	var pairs []pair
	for i, p := range pred {
		for j, g := range gold {
			if s := tokenF1(p, g); s >= MinF1 {
				pairs = append(pairs, pair{i, j, s})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		switch {
		case a.f1 != b.f1:
			if a.f1 > b.f1 {
				return -1
			}
			return 1
		case a.i != b.i:
			return b.i - a.i
		default:
			return b.j - a.j
		}
	})
	usedP := make([]bool, len(pred))
	usedG := make([]bool, len(gold))
	var matched []pair
	for _, p := range pairs {
		if usedP[p.i] || usedG[p.j] {
			continue
		}
		usedP[p.i], usedG[p.j] = true, true
		matched = append(matched, p)
	}
	return matched
}

// SpeakerNames returns the names a predicted quote's speaker goes by: its
// name and mention, and its entity's name and kb_name.
func SpeakerNames(a *article.Article, q *article.Quote) []string {
	names := []string{q.Speaker.Name, q.Speaker.Mention}
	if q.Speaker.Entity != "" {
		for _, e := range a.Entities {
			if e.ID == q.Speaker.Entity {
				names = append(names, e.Name)
				if e.KBName != "" {
					names = append(names, e.KBName)
				}
			}
		}
	}
	return slices.DeleteFunc(names, func(s string) bool { return s == "" })
}

// NameMatch reports whether one of the predicted names is the gold name:
// the same tokens once accents are stripped; for a person (typ PER) the
// gold surname alone, or a name that ends with it, is enough; for others a
// token-F1 of at least 0.5.
func NameMatch(pred []string, gold, typ string) bool {
	g := Tokens(stripAccents(gold))
	if len(g) == 0 {
		return false
	}
	last := g[len(g)-1]
	for _, n := range pred {
		p := Tokens(stripAccents(n))
		if len(p) == 0 {
			continue
		}
		if slices.Equal(p, g) {
			return true
		}
		if typ == article.PER {
			if slices.Contains(p, last) && (len(p) == 1 || p[len(p)-1] == last) {
				return true
			}
		} else if tokenF1(p, g) >= MinF1 {
			return true
		}
	}
	return false
}

// speakerRight reports whether the predicted names match the gold speaker
// or one of its alternatives.
func speakerRight(names []string, g *GoldQuote) bool {
	if NameMatch(names, g.Speaker, g.SpeakerType) {
		return true
	}
	for _, alt := range g.SpeakerAlt {
		if NameMatch(names, alt, g.SpeakerType) {
			return true
		}
	}
	return false
}

// ScoreQuotes scores the predictions against the gold documents, overall
// and per language. A gold document without a prediction counts as one
// with no quotes; predictions for other ids are ignored.
func ScoreQuotes(gold []GoldDoc, pred map[string]*article.Article) *Result {
	res := &Result{Kind: KindQuotes}
	byLang := map[string]*Score{}
	for gi := range gold {
		g := &gold[gi]
		a := res.prediction(pred, g.ID)
		want := make([]goldQuote, len(g.Quotes))
		for j, q := range g.Quotes {
			want[j] = goldQuote{Content: q.Content, Speaker: q.Speaker, Kind: q.Kind}
		}
		doc := DocResult{ID: g.ID, Lang: g.Lang}
		c := scoreDoc(&doc, a, want, true, func(pq *article.Quote, j int) bool {
			return speakerRight(SpeakerNames(a, pq), &g.Quotes[j])
		})
		slices.SortFunc(doc.Matches, func(x, y Match) int { return x.Gold - y.Gold })
		for _, m := range doc.Matches {
			gq := &g.Quotes[m.Gold]
			if gq.Kind != "" {
				res.tally("kind="+gq.Kind, true, m.SpeakerRight)
			}
			res.tally("speaker="+gq.SpeakerType, true, m.SpeakerRight)
		}
		for _, q := range doc.Misses {
			gq := &g.Quotes[q.Index]
			if gq.Kind != "" {
				res.tally("kind="+gq.Kind, false, false)
			}
			res.tally("speaker="+gq.SpeakerType, false, false)
		}
		res.All.add(c)
		s := byLang[g.Lang]
		if s == nil {
			s = &Score{Lang: g.Lang}
			byLang[g.Lang] = s
		}
		s.add(c)
		res.Docs = append(res.Docs, doc)
	}
	res.finish(byLang)
	slices.SortFunc(res.Breakdown, func(x, y Recall) int { return strings.Compare(x.Key, y.Key) })
	for i := range res.Breakdown {
		b := &res.Breakdown[i]
		b.Recall = ratio(b.Matched, b.Gold)
		b.SpeakerAcc = ratio(b.Right, b.Matched)
	}
	return res
}

// prediction returns the predicted article for id, or, noting id as
// missing, one with no quotes.
func (r *Result) prediction(pred map[string]*article.Article, id string) *article.Article {
	a := pred[id]
	if a == nil {
		r.Missing = append(r.Missing, id)
		a = &article.Article{ID: id}
	}
	return a
}

// goldQuote is what scoreDoc reads of a gold quote.
type goldQuote struct{ Content, Speaker, Kind string }

// scoreDoc matches the quotes of a with gold by content (matchContents)
// into doc, judges each match's speaker with right, and lists the gold
// quotes missed and the predictions matching none. kinds records the
// quotes' kinds. It returns the document's counts.
func scoreDoc(doc *DocResult, a *article.Article, gold []goldQuote, kinds bool, right func(pq *article.Quote, j int) bool) Score {
	pt := make([][]string, len(a.Quotes))
	for i := range a.Quotes {
		pt[i] = Tokens(a.Quotes[i].Content)
	}
	gt := make([][]string, len(gold))
	for j := range gold {
		gt[j] = Tokens(gold[j].Content)
	}
	kind := func(k string) string {
		if kinds {
			return k
		}
		return ""
	}
	usedP := make([]bool, len(pt))
	usedG := make([]bool, len(gt))
	n := 0
	for _, m := range matchContents(pt, gt) {
		usedP[m.i], usedG[m.j] = true, true
		pq, gq := &a.Quotes[m.i], &gold[m.j]
		ok := right(pq, m.j)
		if ok {
			n++
		}
		doc.Matches = append(doc.Matches, Match{
			Pred: m.i, Gold: m.j, F1: m.f1,
			PredContent: pq.Content, GoldContent: gq.Content,
			PredSpeaker: predSpeaker(pq), GoldSpeaker: gq.Speaker,
			PredKind: kind(pq.Kind), GoldKind: kind(gq.Kind),
			SpeakerRight: ok,
		})
	}
	for j, used := range usedG {
		if !used {
			doc.Misses = append(doc.Misses, QuoteRef{Index: j, Kind: kind(gold[j].Kind), Content: gold[j].Content, Speaker: gold[j].Speaker})
		}
	}
	for i, used := range usedP {
		if !used {
			doc.FalsePositives = append(doc.FalsePositives, QuoteRef{Index: i, Kind: kind(a.Quotes[i].Kind), Content: a.Quotes[i].Content, Speaker: predSpeaker(&a.Quotes[i])})
		}
	}
	return Score{Docs: 1, Gold: len(gt), Pred: len(pt), Matched: len(doc.Matches), Right: n}
}

// tally counts one gold quote in the breakdown under key.
func (r *Result) tally(key string, matched, right bool) {
	i := slices.IndexFunc(r.Breakdown, func(b Recall) bool { return b.Key == key })
	if i < 0 {
		r.Breakdown = append(r.Breakdown, Recall{Key: key})
		i = len(r.Breakdown) - 1
	}
	b := &r.Breakdown[i]
	b.Gold++
	if matched {
		b.Matched++
	}
	if right {
		b.Right++
	}
}

// predSpeaker is the name to show for a predicted speaker.
func predSpeaker(q *article.Quote) string {
	if q.Speaker.Name != "" {
		return q.Speaker.Name
	}
	return q.Speaker.Mention
}
