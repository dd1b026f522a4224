// Package quote finds quotations — direct, indirect and mixed — and
// attributes each to its speaker: a named entity, reached through
// pronouns and role nouns where the text does not name it, or an unnamed
// source. Cue verbs, complementizers, source phrases, pronouns and role
// nouns come from the per-language lexicons, so that adding a language
// is adding data.
package quote

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// An Extractor is the "quote" stage.
type Extractor struct {
	lex    *lexicon.Set
	mu     sync.Mutex
	tables map[string]*markTable
}

// NewExtractor returns an extractor over the lexicons of lex.
func NewExtractor(lex *lexicon.Set) *Extractor {
	return &Extractor{lex: lex, tables: map[string]*markTable{}}
}

// Name returns "quote".
func (x *Extractor) Name() string { return "quote" }

// Process sets a.Quotes, and adds the pronoun and nominal mentions that
// name speakers to a.Entities. It needs tokens, sentences and entities.
func (x *Extractor) Process(_ context.Context, a *article.Article) error {
	w, err := x.lex.Load(a.Lang)
	if err != nil {
		if w, err = x.lex.Generic(); err != nil {
			return err
		}
	}
	x.mu.Lock()
	t := x.tables[w.Lang]
	if t == nil {
		t = newMarkTable(w.QuoteMarks)
		x.tables[w.Lang] = t
	}
	x.mu.Unlock()
	a.Quotes = extract(a, w, t)
	return nil
}

// Extract finds the quotations of a with lexicon w. It is the pure core of
// the stage, for tests and tools.
func Extract(a *article.Article, w *lexicon.Words) []article.Quote {
	return extract(a, w, newMarkTable(w.QuoteMarks))
}

func extract(a *article.Article, w *lexicon.Words, t *markTable) []article.Quote {
	d := newDoc(a, w, t)
	d.findCues()
	d.transcript()
	d.dashQuotes()
	d.dashAttributions()
	d.indirect()
	d.direct()
	d.postposed()
	d.possessivePhrases()
	d.relativePhrases()
	d.sourcePhrases()
	d.anaphoric()
	d.subjunctiveContinuations()
	d.infinitives()
	d.perfectInfinitives()
	d.objects()
	d.dropSubjects()
	d.resolveAll()
	d.inheritSpeakers()
	return d.output()
}

// A found quote, before output.
type found struct {
	kind    string
	content article.Span
	cue     article.Span
	spk     speaker
	conf    float64
	cite    bool // the speaker is the object of a "cite" verb
	// continues is the content of the quote this one goes on with,
	// zero when there is none.
	continues article.Span
}

type doc struct {
	a      *article.Article
	w      *lexicon.Words
	lower  []string
	quoted []quoted
	inQ    []int // per token: index+1 of the outermost quoted span holding it, 0 outside
	sents  [][2]int
	cues   []cue
	quotes []found
	// mentionAt maps a token index to the entity mention starting there.
	mentionAt map[int]mref
	covered   []int // per token: entity index+1 of a name mention covering it
}

type mref struct {
	ent, mention int
	end          int // token index after the mention
}

func newDoc(a *article.Article, w *lexicon.Words, t *markTable) *doc {
	d := &doc{a: a, w: w, lower: make([]string, len(a.Tokens)), inQ: make([]int, len(a.Tokens)),
		mentionAt: map[int]mref{}, covered: make([]int, len(a.Tokens))}
	for i, tok := range a.Tokens {
		d.lower[i] = strings.ToLower(a.Text[tok.Start:tok.End])
	}
	d.quoted = findQuoted(a, t)
	for qi, q := range d.quoted {
		if q.depth > 0 {
			continue
		}
		for k := q.open; k <= q.close; k++ {
			d.inQ[k] = qi + 1
		}
	}
	// Sentence token ranges.
	for i := 0; i < len(a.Tokens); {
		j := i
		for j < len(a.Tokens) && a.Tokens[j].Sentence == a.Tokens[i].Sentence {
			j++
		}
		for len(d.sents) < a.Tokens[i].Sentence {
			d.sents = append(d.sents, [2]int{i, i})
		}
		d.sents = append(d.sents, [2]int{i, j})
		i = j
	}
	for ei, e := range a.Entities {
		if e.Type == article.MISC {
			continue // nationalities, events, titles: never speakers
		}
		for mi, m := range e.Mentions {
			if m.Kind != article.MentionName {
				continue
			}
			s, ok := d.tokAt(m.Start)
			if !ok {
				continue
			}
			end := s
			for end < len(a.Tokens) && a.Tokens[end].Start < m.End {
				d.covered[end] = ei + 1
				end++
			}
			d.mentionAt[s] = mref{ei, mi, end}
		}
	}
	return d
}

// tokAt returns the index of the token starting at byte offset off.
func (d *doc) tokAt(off int) (int, bool) {
	toks := d.a.Tokens
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= off })
	return i, i < len(toks) && toks[i].Start == off
}

// sentOf returns the token range of the sentence holding token i.
func (d *doc) sentOf(i int) (int, int) {
	s := d.sents[d.a.Tokens[i].Sentence]
	return s[0], s[1]
}

func (d *doc) text(i int) string {
	t := d.a.Tokens[i]
	return d.a.Text[t.Start:t.End]
}

func (d *doc) span(i, j int) article.Span {
	return article.Span{Start: d.a.Tokens[i].Start, End: d.a.Tokens[j-1].End}
}

func (d *doc) isPunct(i int, set string) bool {
	return d.a.Tokens[i].Kind == article.Punct && strings.Contains(set, d.lower[i])
}

// output turns the found quotes into article quotes in text order, with
// ids, copies of the content and the speaker fields.
func (d *doc) output() []article.Quote {
	sort.SliceStable(d.quotes, func(i, j int) bool { return d.quotes[i].content.Start < d.quotes[j].content.Start })
	out := make([]article.Quote, 0, len(d.quotes))
	idAt := make(map[article.Span]string) // content → id, for continues
	for _, f := range d.quotes {
		if f.content.End <= f.content.Start {
			continue
		}
		q := article.Quote{
			ID:         fmt.Sprintf("q%d", len(out)+1),
			Kind:       f.kind,
			Content:    d.a.Text[f.content.Start:f.content.End],
			Start:      f.content.Start,
			End:        f.content.End,
			Cue:        d.a.Text[f.cue.Start:f.cue.End],
			CueStart:   f.cue.Start,
			CueEnd:     f.cue.End,
			Speaker:    f.spk.out(d),
			Confidence: f.conf,
		}
		q.About = d.about(f.content, q.Speaker.Entity)
		q.Continues = idAt[f.continues]
		idAt[f.content] = q.ID
		out = append(out, q)
	}
	return out
}

// about lists the entities mentioned inside the content, except the speaker.
func (d *doc) about(sp article.Span, speaker string) []string {
	var ids []string
	for _, e := range d.a.Entities {
		if e.ID == speaker {
			continue
		}
		for _, m := range e.Mentions {
			if sp.Contains(m.Span()) {
				ids = append(ids, e.ID)
				break
			}
		}
	}
	return ids
}
