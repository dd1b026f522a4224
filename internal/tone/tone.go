// Package tone scores polarity with per-language word lists: each word of
// the lexicon has a polarity in -1..1, a negation shortly before it (or,
// in Dutch, right after it) flips it, a sentence's score is the mean of its
// polar words, and a document's tone is the mean over its sentences. Each
// quote gets the score of its content.
package tone

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	lexicons "github.com/newsgraph/newsgraph/internal/lexicon"
)

//go:embed data
var embedded embed.FS

// ErrLanguage reports a language without a lexicon.
var ErrLanguage = errors.New("no tone lexicon for language")

// A Scorer is the "tone" stage.
type Scorer struct {
	fsys  fs.FS
	mu    sync.Mutex
	langs map[string]*lexicon
	errs  map[string]error
}

// NewScorer returns a scorer over the embedded lexicons.
func NewScorer() *Scorer { return NewScorerFS(embedded) }

// NewScorerFS returns a scorer over fsys, which holds data/<lang>/….
func NewScorerFS(fsys fs.FS) *Scorer {
	return &Scorer{fsys: fsys, langs: map[string]*lexicon{}, errs: map[string]error{}}
}

// Name returns the stage name.
func (s *Scorer) Name() string { return "tone" }

// Process sets a.Tone and the tone of each quote. An article in a
// language without a lexicon is left without tone, and no error.
func (s *Scorer) Process(ctx context.Context, a *article.Article) error {
	t, quotes, err := s.Score(a)
	if errors.Is(err, ErrLanguage) {
		return nil
	}
	if err != nil {
		return err
	}
	a.Tone = t
	for i := range a.Quotes {
		a.Quotes[i].Tone = quotes[i]
	}
	return nil
}

// Score returns the document tone of a and the tone of each of its
// quotes, without changing a.
func (s *Scorer) Score(a *article.Article) (*article.Tone, []float64, error) {
	lx, err := s.lexicon(a.Lang)
	if err != nil {
		return nil, nil, err
	}
	ws, sents := words(a)
	t := &article.Tone{}
	var sum float64
	for _, sp := range sents {
		sc := lx.score(a.Text, ws, sp)
		t.Positive += sc.pos
		t.Negative += sc.neg
		sum += sc.mean()
	}
	if len(sents) > 0 {
		t.Score = round(sum / float64(len(sents)))
	}
	quotes := make([]float64, len(a.Quotes))
	for i, q := range a.Quotes {
		if q.Start < 0 || q.End > len(a.Text) || q.End <= q.Start {
			continue
		}
		quotes[i] = round(lx.score(a.Text, ws, article.Span{Start: q.Start, End: q.End}).mean())
	}
	return t, quotes, nil
}

func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// Text scores a piece of text on its own: its mean polarity in -1..1 and
// the counts of positive and negative words.
func (s *Scorer) Text(lang, text string) (score float64, pos, neg int, err error) {
	lx, err := s.lexicon(lang)
	if err != nil {
		return 0, 0, 0, err
	}
	ws := tokenize(text)
	sc := lx.score(text, ws, article.Span{Start: 0, End: len(text)})
	return round(sc.mean()), sc.pos, sc.neg, nil
}

func (s *Scorer) lexicon(lang string) (*lexicon, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if lx, ok := s.langs[lang]; ok {
		return lx, nil
	}
	if err, ok := s.errs[lang]; ok {
		return nil, err
	}
	if lang == "" || strings.ContainsAny(lang, "/.") {
		return nil, fmt.Errorf("%w %q", ErrLanguage, lang)
	}
	if _, err := fs.Stat(s.fsys, "data/"+lang+"/polarity.tsv"); err != nil {
		err = fmt.Errorf("%w %q", ErrLanguage, lang)
		s.errs[lang] = err
		return nil, err
	}
	lx, err := load(s.fsys, lang)
	if err != nil {
		err = fmt.Errorf("load tone lexicon for %s: %w", lang, err)
		s.errs[lang] = err
		return nil, err
	}
	s.langs[lang] = lx
	return lx, nil
}

// A lexicon is one language's polarity words and negations.
type lexicon struct {
	exact    map[string]float64
	prefix   map[string]float64 // "corrupt*"
	maxPre   int
	negBack  map[string]bool // negations that act on what follows them
	negAhead map[string]bool // negations that act on what comes before them ("steunt het niet")
	window   int
}

func load(fsys fs.FS, lang string) (*lexicon, error) {
	lx := &lexicon{exact: map[string]float64{}, prefix: map[string]float64{},
		negBack: map[string]bool{}, negAhead: map[string]bool{}, window: 3}
	err := lexicons.EachTSV(fsys, "data/"+lang+"/polarity.tsv", func(c []string) error {
		if len(c) < 2 {
			return fmt.Errorf("want word, polarity: %q", strings.Join(c, "\t"))
		}
		p, err := strconv.ParseFloat(c[1], 64)
		if err != nil || p < -1 || p > 1 || p == 0 {
			return fmt.Errorf("polarity %q: want a non-zero number in -1..1", c[1])
		}
		w := strings.ToLower(c[0])
		if k, ok := strings.CutSuffix(w, "*"); ok && k != "" {
			if _, dup := lx.prefix[k]; dup {
				return fmt.Errorf("duplicate %q", c[0])
			}
			lx.prefix[k] = p
			lx.maxPre = max(lx.maxPre, len(k))
			return nil
		}
		if _, dup := lx.exact[w]; dup {
			return fmt.Errorf("duplicate %q", c[0])
		}
		lx.exact[w] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = lexicons.EachTSV(fsys, "data/"+lang+"/negations.tsv", func(c []string) error {
		w := strings.ToLower(c[0])
		switch scope := strings.TrimSpace(strings.Join(c[1:], "")); scope {
		case "", "before":
			lx.negBack[w] = true
		case "after":
			lx.negAhead[w] = true
		case "both":
			lx.negBack[w] = true
			lx.negAhead[w] = true
		default:
			return fmt.Errorf("scope %q: want before, after or both", scope)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return lx, nil
}

// polarity returns the polarity of a lower-case word, or 0.
func (lx *lexicon) polarity(w string) float64 {
	if p, ok := lx.exact[w]; ok {
		return p
	}
	for k := min(len(w), lx.maxPre); k >= 2; k-- {
		if p, ok := lx.prefix[w[:k]]; ok {
			return p
		}
	}
	return 0
}

type spanScore struct {
	sum      float64
	pos, neg int
}

func (s spanScore) mean() float64 {
	if n := s.pos + s.neg; n > 0 {
		return s.sum / float64(n)
	}
	return 0
}

// score scores the words of ws that lie in sp.
func (lx *lexicon) score(text string, ws []word, sp article.Span) spanScore {
	var sc spanScore
	lo := 0
	for lo < len(ws) && ws[lo].Start < sp.Start {
		lo++
	}
	hi := lo
	for hi < len(ws) && ws[hi].End <= sp.End {
		hi++
	}
	for i := lo; i < hi; i++ {
		if ws[i].punct {
			continue
		}
		p := lx.polarity(ws[i].norm)
		if p == 0 {
			continue
		}
		if lx.negated(ws, lo, hi, i) {
			p = -p
		}
		sc.sum += p
		if p > 0 {
			sc.pos++
		} else {
			sc.neg++
		}
	}
	return sc
}

// negated reports a negation within the window before word i, or one of
// the "after" kind within the window after it, with no punctuation between.
func (lx *lexicon) negated(ws []word, lo, hi, i int) bool {
	for k := i - 1; k >= lo && k >= i-lx.window; k-- {
		if ws[k].punct {
			break
		}
		if lx.negBack[ws[k].norm] {
			return true
		}
	}
	if len(lx.negAhead) == 0 {
		return false
	}
	for k := i + 1; k < hi && k <= i+lx.window; k++ {
		if ws[k].punct {
			break
		}
		if lx.negAhead[ws[k].norm] {
			return true
		}
	}
	return false
}

// A word is a token in lower case.
type word struct {
	article.Span
	norm  string
	punct bool
}

// words returns the words and sentences of a: the text stage's when
// present, else a simple fallback.
func words(a *article.Article) ([]word, []article.Span) {
	var ws []word
	if len(a.Tokens) > 0 {
		ws = make([]word, 0, len(a.Tokens))
		for _, t := range a.Tokens {
			if t.Start < 0 || t.End > len(a.Text) || t.End <= t.Start {
				continue
			}
			ws = append(ws, word{Span: t.Span, norm: strings.ToLower(a.Text[t.Start:t.End]), punct: t.Kind == article.Punct})
		}
	} else {
		ws = tokenize(a.Text)
	}
	sents := a.Sentences
	if len(sents) == 0 {
		start := -1
		for i, w := range ws {
			if start < 0 {
				start = i
			}
			t := a.Text[w.Start:w.End]
			if w.punct && (t == "." || t == "!" || t == "?") || i == len(ws)-1 {
				sents = append(sents, article.Span{Start: ws[start].Start, End: w.End})
				start = -1
			}
		}
	}
	return ws, sents
}

func tokenize(text string) []word {
	var ws []word
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.IsMark(r2) {
					j += n2
					continue
				}
				if r2 == '\'' || r2 == '’' || r2 == '-' {
					if r3, n3 := utf8.DecodeRuneInString(text[j+n2:]); j+n2 < len(text) && unicode.IsLetter(r3) {
						j += n2 + n3
						continue
					}
				}
				break
			}
			ws = append(ws, word{Span: article.Span{Start: i, End: j}, norm: strings.ToLower(text[i:j])})
			i = j
		default:
			ws = append(ws, word{Span: article.Span{Start: i, End: i + n}, norm: text[i : i+n], punct: true})
			i += n
		}
	}
	return ws
}
