package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A Relation is one gold PolNeAR attribution: its Content text (the parts
// of a discontinuous span joined by spaces) and its Source text ("" when
// the relation has none).
type Relation struct {
	Content string `json:"content"`
	Source  string `json:"source"`
}

// A PolNeARDoc is one PolNeAR article: its stem (the id predictions use)
// and the gold relations of its first annotator.
type PolNeARDoc struct {
	ID        string
	TextPath  string // DIR/text/<stem>.txt
	Relations []Relation
}

// ParseAnn reads the relations of a brat .ann file: T lines give spans,
// E lines give events whose Content and Source arguments (role names may
// carry a number, as in Content2) point to spans. Events without content
// are dropped.
func ParseAnn(data string) []Relation {
	data = strings.ReplaceAll(data, "\r\n", "\n")
	data = strings.ReplaceAll(data, "\r", "\n")
	spans := map[string]string{}
	var events [][]string
	for line := range strings.SplitSeq(data, "\n") {
		parts := strings.Split(line, "\t")
		switch {
		case strings.HasPrefix(parts[0], "T") && len(parts) >= 3:
			spans[parts[0]] = parts[2]
		case strings.HasPrefix(parts[0], "E") && len(parts) >= 2:
			events = append(events, strings.Split(parts[1], " "))
		}
	}
	var rels []Relation
	for _, ev := range events {
		var content, source []string
		for _, arg := range ev[1:] {
			role, tid, _ := strings.Cut(arg, ":")
			role = strings.TrimRight(role, "0123456789")
			text, ok := spans[tid]
			if !ok {
				continue
			}
			switch role {
			case "Content":
				content = append(content, text)
			case "Source":
				source = append(source, text)
			}
		}
		if len(content) > 0 {
			rels = append(rels, Relation{strings.Join(content, " "), strings.Join(source, " ")})
		}
	}
	return rels
}

// annotatorSuffix is what follows the stem in attributions/<stem>_<annotator>.ann.
var annotatorSuffix = regexp.MustCompile(`_[0-9a-f]+\.ann$`)

// LoadPolNeAR reads a PolNeAR split directory (text/<stem>.txt and
// attributions/<stem>_<annotator>.ann), keeping the first annotator file
// per stem in name order. A file that cannot be read is reported in the
// joined error and the others are returned.
func LoadPolNeAR(dir string) ([]PolNeARDoc, error) {
	entries, err := os.ReadDir(filepath.Join(dir, "attributions"))
	if err != nil {
		return nil, fmt.Errorf("read polnear: %w", err)
	}
	seen := map[string]bool{}
	var docs []PolNeARDoc
	var errs []error
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		stem := annotatorSuffix.ReplaceAllString(e.Name(), "")
		if seen[stem] {
			continue
		}
		seen[stem] = true
		data, err := os.ReadFile(filepath.Join(dir, "attributions", e.Name()))
		if err != nil {
			errs = append(errs, fmt.Errorf("read polnear: %w", err))
			continue
		}
		docs = append(docs, PolNeARDoc{
			ID:        stem,
			TextPath:  filepath.Join(dir, "text", stem+".txt"),
			Relations: ParseAnn(string(data)),
		})
	}
	return docs, errors.Join(errs...)
}

// ScorePolNeAR scores predictions against PolNeAR gold: contents match as
// in ScoreQuotes, and a match's source is right when the predicted
// speaker mention or name has token-F1 >= 0.5 with the gold Source text.
func ScorePolNeAR(gold []PolNeARDoc, pred map[string]*article.Article) *Result {
	res := &Result{Kind: KindPolNeAR}
	for gi := range gold {
		g := &gold[gi]
		a := res.prediction(pred, g.ID)
		want := make([]goldQuote, len(g.Relations))
		for j, r := range g.Relations {
			want[j] = goldQuote{Content: r.Content, Speaker: r.Source}
		}
		doc := DocResult{ID: g.ID, Lang: "en"}
		res.All.add(scoreDoc(&doc, a, want, false, func(pq *article.Quote, j int) bool {
			src := g.Relations[j].Source
			if src == "" {
				return false
			}
			t := Tokens(src)
			return max(tokenF1(Tokens(pq.Speaker.Mention), t), tokenF1(Tokens(pq.Speaker.Name), t)) >= MinF1
		}))
		res.Docs = append(res.Docs, doc)
	}
	en := res.All
	en.Lang = "en"
	res.finish(map[string]*Score{"en": &en})
	return res
}

// InPolNeARConvention returns the predictions with their quotes as
// PolNeAR annotates them. A quotation cut by its own attribution ("“A,”
// she said, “B.”") is one PolNeAR Content of discontinuous parts, where
// newsgraph outputs two quotes, the second continuing the first (see
// article.Quote.Continues); such parts are joined here, by a space as
// LoadPolNeAR joins the parts of a gold Content. A quotation that goes
// on after another with no attribution between them stays a quote of
// its own, as PolNeAR mostly keeps it. The articles of pred are not
// changed.
func InPolNeARConvention(pred map[string]*article.Article) map[string]*article.Article {
	out := make(map[string]*article.Article, len(pred))
	for id, a := range pred {
		out[id] = joinInterrupted(a)
	}
	return out
}

func joinInterrupted(a *article.Article) *article.Article {
	at := make(map[string]int, len(a.Quotes)) // quote id → index in quotes
	var quotes []article.Quote
	for _, q := range a.Quotes {
		if i, ok := at[q.Continues]; ok && q.Continues != "" {
			p := &quotes[i]
			if p.End <= q.CueStart && q.CueEnd <= q.Start {
				p.Content += " " + q.Content
				p.End = q.End
				at[q.ID] = i
				continue
			}
		}
		at[q.ID] = len(quotes)
		quotes = append(quotes, q)
	}
	if len(quotes) == len(a.Quotes) {
		return a
	}
	b := *a
	b.Quotes = quotes
	return &b
}
