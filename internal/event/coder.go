// Package event codes who did what to whom: for each sentence it finds an
// action word (a trigger from per-language data), the actor that does it
// and the actor it is done to, and gives each actor a code (a country's
// ISO 3166 alpha-3 and a sector such as GOV or MIL). Event types are
// PLOVER's. Every event points to its sentence and trigger, so that it can
// be checked, and to the quote it comes from when it is reported speech.
package event

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A Coder is the "event" stage. It loads a language's tables on first use
// and keeps them.
type Coder struct {
	fsys  fs.FS
	mu    sync.Mutex
	langs map[string]*lexicon
	errs  map[string]error
}

// NewCoder returns a coder over the embedded data.
func NewCoder() *Coder { return NewCoderFS(embedded) }

// NewCoderFS returns a coder over fsys, which holds data/<lang>/… and
// data/all/… as the embedded data does (tests: fstest.MapFS).
func NewCoderFS(fsys fs.FS) *Coder {
	return &Coder{fsys: fsys, langs: map[string]*lexicon{}, errs: map[string]error{}}
}

// Name returns the stage name.
func (c *Coder) Name() string { return "event" }

// ErrLanguage reports a language the coder has no data for.
var ErrLanguage = errors.New("no event data for language")

func (c *Coder) lexicon(lang string) (*lexicon, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if lx, ok := c.langs[lang]; ok {
		return lx, nil
	}
	if err, ok := c.errs[lang]; ok {
		return nil, err
	}
	if lang == "" || lang == "all" || strings.ContainsAny(lang, "/.") {
		return nil, fmt.Errorf("%w %q", ErrLanguage, lang)
	}
	if _, err := fs.Stat(c.fsys, "data/"+lang+"/triggers.tsv"); err != nil {
		err = fmt.Errorf("%w %q", ErrLanguage, lang)
		c.errs[lang] = err
		return nil, err
	}
	lx, err := loadLexicon(c.fsys, lang)
	if err != nil {
		err = fmt.Errorf("load event data for %s: %w", lang, err)
		c.errs[lang] = err
		return nil, err
	}
	c.langs[lang] = lx
	return lx, nil
}

// Languages returns the languages the coder has data for.
func (c *Coder) Languages() []string {
	ents, err := fs.ReadDir(c.fsys, "data")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && e.Name() != "all" {
			out = append(out, e.Name())
		}
	}
	return out
}

// Process sets a.Events. An article in a language without data gets no
// events and no error, so that the rest of the pipeline goes on.
func (c *Coder) Process(ctx context.Context, a *article.Article) error {
	evs, err := c.Code(a)
	if errors.Is(err, ErrLanguage) {
		a.Events = []article.Event{}
		return nil
	}
	if err != nil {
		return err
	}
	a.Events = evs
	return nil
}

// Code returns the events of a without changing it.
func (c *Coder) Code(a *article.Article) ([]article.Event, error) {
	lx, err := c.lexicon(a.Lang)
	if err != nil {
		return nil, err
	}
	return code(a, lx), nil
}

// An actor is a place in a sentence that refers to someone who can act.
type actor struct {
	article.Span
	first, last int // word indexes
	entity      string
	name        string
	code        string
	pronoun     bool
	weak        bool // a country adjective before a plain noun: "the Ukrainian port"
	place       bool // a city ("Kharkiv"): only the target of an attack, never a doer
	inLoc       bool // a country after "in": where something happens; only the target of force used there
}

// coding holds the state of coding one article.
type coding struct {
	a      *article.Article
	lx     *lexicon
	ws     []word
	sents  []article.Span
	an     anchor
	codes  map[string]string     // entity id → code
	inName []bool                // word is inside an entity's name or nominal mention
	mentOf []int                 // word → index+1 of the entity whose mention starts there
	plain  map[int]string        // word → id of the entity whose mention is just a country name there
	fk     []uint32              // word → function-word kinds (fnBit)
	left   map[article.Span]bool // mentions left to the phrase reader
}

// mentionWords returns the words [i, j) that mention m covers.
func (x *coding) mentionWords(m article.Mention) (int, int) {
	i := x.wordAt(m.Start)
	j := i
	for j < len(x.ws) && x.ws[j].Start < m.End {
		j++
	}
	// A tagger may run a name on into the verb after it ("Congreso
	// peruano rechazó"): a lower-case trigger that ends a mention is not
	// part of the name.
	for j-1 > i && !x.ws[j-1].punct && !x.capitalised(j-1) && x.triggerAt(j-1) {
		j--
	}
	return i, j
}

// insideKnown reports whether words [i, j) lie inside a longer match of
// the actor table (a country, organisation or metonym).
func (x *coding) insideKnown(i, j int) bool {
	for s := max(0, i-4); s <= i && s < len(x.ws); s++ {
		if _, n := x.actorMatch(len(x.ws), s); n > 0 && s+n >= j && n > j-i {
			return true
		}
	}
	return false
}

// plainCountry returns the index of the first word of the country name or
// adjective that words [i, j) consist of, after leading function words
// ("and Turkey") and date words (a sentence-initial "Учора Литва" taken
// for a name), or -1.
func (x *coding) plainCountry(i, j int) int {
	for i < j && (x.isFn(i) || x.isDateWord(i)) {
		i++
	}
	if i >= j {
		return -1
	}
	if v, n := x.actorMatch(j, i); n == j-i && (v.kind == kindCountry || v.kind == kindDemonym) {
		return i
	}
	return -1
}

// isDateWord reports whether a date expression starts at word k.
func (x *coding) isDateWord(k int) bool {
	_, n := x.lx.dates.match(x.ws, k)
	return n > 0
}

// onlyRoles reports whether words [i, j) are all role words, country
// names or adjectives, or function words, with at least one role word.
func (x *coding) onlyRoles(i, j int) bool {
	role := false
	for k := i; k < j; k++ {
		switch {
		case x.isSector(k):
			role = true
		case x.isFn(k) || x.ws[k].punct:
		default:
			if v, n := x.actorMatch(j, k); n == 0 || v.kind == kindOrg {
				return false
			}
		}
	}
	return role
}

// wordAt returns the index of the first word that starts at or after off.
func (x *coding) wordAt(off int) int {
	return sort.Search(len(x.ws), func(i int) bool { return x.ws[i].Start >= off })
}

func code(a *article.Article, lx *lexicon) []article.Event {
	sents, ws := segment(a)
	if lx.fold != nil {
		for k := range ws {
			ws[k].norm = lx.fold.Replace(ws[k].norm) // "ё" → "е"
		}
	}
	if len(lx.elisions) > 0 {
		for k := range ws {
			for _, e := range lx.elisions {
				if len(ws[k].norm) > len(e) && strings.HasPrefix(ws[k].norm, e) {
					ws[k].norm = ws[k].norm[len(e):] // "l'armée" → "armée"
					break
				}
			}
		}
	}
	x := &coding{a: a, lx: lx, ws: ws, sents: sents, an: parseAnchor(a.Date),
		codes: map[string]string{}, inName: make([]bool, len(ws)), mentOf: make([]int, len(ws))}
	x.plain = map[int]string{}
	x.left = map[article.Span]bool{}
	x.fk = make([]uint32, len(ws))
	for k, w := range ws {
		if !w.punct {
			x.fk[k] = lx.fnMask(w.norm)
		}
	}
	for ei, e := range a.Entities {
		for _, m := range e.Mentions {
			if m.Kind == article.MentionPronoun {
				continue
			}
			i, j := x.mentionWords(m)
			// A mention that is only a country's name or adjective is
			// left to the phrase reader, which sees the role noun after
			// it ("Kosovo police", "the Nigerian military").
			if k := x.plainCountry(i, j); k >= 0 {
				x.plain[k] = e.ID
				x.left[m.Span()] = true
				continue
			}
			// A mention made only of role words ("Gericht", "Journalisten":
			// German capitalises nouns) is a role, read as a phrase.
			if e.Type != article.PER && x.onlyRoles(i, j) {
				x.left[m.Span()] = true
				continue
			}
			// A mention inside a longer known name is part of it:
			// "Union" of "European Union".
			if x.insideKnown(i, j) {
				x.left[m.Span()] = true
				continue
			}
			for k := i; k < j; k++ {
				x.inName[k] = true
			}
			if i < j && m.Kind == article.MentionName {
				x.mentOf[i] = ei + 1
			}
		}
	}
	events := []article.Event{}
	// Words of one sentence are contiguous in ws.
	lo := 0
	for si := range sents {
		for lo < len(ws) && ws[lo].sent < si {
			lo++
		}
		hi := lo
		for hi < len(ws) && ws[hi].sent == si {
			hi++
		}
		if hi > lo {
			events = x.sentence(events, si, lo, hi)
		}
		lo = hi
	}
	for i := range events {
		events[i].ID = "ev" + strconv.Itoa(i+1)
	}
	return events
}
