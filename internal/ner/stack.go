package ner

import (
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/conll"
)

// Two-stage stacking (Krishnan and Manning 2006; Ratinov and Roth 2009).
// A tagger sees one sentence, but a reader sees the document: "Kok" alone
// is a person when "Wim Kok" was one three sentences earlier, and a name
// the tagger typed as an organisation four times is not a place the fifth.
// The second stage is a tagger of its own with the first stage's features
// and more: what the first stage found for the same word, the same name
// and the longer names around that word in the other sentences of the
// document (or a window of them), and its labels here. It learns how far
// to trust that evidence from first-stage output on training text that
// the first stage had not seen (jack-knifed), so that the evidence is as
// noisy as on new text.

// StackInfo describes a model's second stage.
type StackInfo struct {
	Folds  int  `json:"folds"`  // jack-knife folds its training data came from
	Before int  `json:"before"` // sentences of context before; -1: the whole document
	After  int  `json:"after"`  // and after
	Bits   uint `json:"bits"`   // log2 of the rows of its weight table
}

// Second-stage feature templates; like the first stage's, append only.
const (
	sBias = 200 + iota
	sLab
	sLabM1
	sLabP1
	sTok
	sTokType
	sSuper
	sEnt
)

// docState is the first stage's output for one document: per token its
// form hash, whether it is capitalised and its label, and for the labels
// around it the counts that make the second stage's evidence.
type docState struct {
	off  []int // sentence s is tokens off[s]:off[s+1]
	hash []uint64
	caps []uint8
	lab  []int8
	rows []uint32 // first-stage feature rows of every token
	roff []int    // token i's are rows[roff[i]:roff[i+1]]
	ent  []uint64 // key of the first-stage name a token is part of (0: none)
	span []uint8  // at the first token of a name, its length in tokens

	// Counts over the sentences of the context window: by token form, how
	// often it was labelled O or each type; by name (token sequence), each
	// type; by token form, the types of names of two or more tokens that
	// contained it.
	tok, super, name map[uint64][5]int32

	sc scratch
}

func newDocState() *docState {
	return &docState{tok: map[uint64][5]int32{}, super: map[uint64][5]int32{}, name: map[uint64][5]int32{}}
}

func (d *docState) reset() {
	d.off = append(d.off[:0], 0)
	d.hash, d.caps, d.lab = d.hash[:0], d.caps[:0], d.lab[:0]
	d.rows, d.roff = d.rows[:0], append(d.roff[:0], 0)
	d.ent, d.span = d.ent[:0], d.span[:0]
	clear(d.tok)
	clear(d.super)
	clear(d.name)
}

// typeOfLabel maps a label index (O, B-t0, I-t0, B-t1, …) to 0 for O and
// 1+k for type k.
func typeOfLabel(l int) int { return (l + 1) / 2 }

// addSentence runs the first stage m on words and appends its output.
func (d *docState) addSentence(m *model, words []string) {
	sc := &d.sc
	m.lex.fill(words, sc)
	L := len(m.labels)
	sc.em = grow(sc.em, len(words)*L)
	clear(sc.em)
	for i := range words {
		lo := len(d.rows)
		d.rows = m.lex.rows(sc.at, i, m.bits, d.rows)
		d.roff = append(d.roff, len(d.rows))
		m.score(d.rows[lo:], sc.em[i*L:i*L+L])
	}
	sc.labels = m.viterbi(len(words), sc, sc.labels)
	d.appendOutput(sc.at, words, sc.labels)
}

// appendOutput appends a sentence's first-stage labels.
func (d *docState) appendOutput(at []atoms, words []string, labels []int) {
	start := len(d.hash)
	for i, a := range at {
		d.hash = append(d.hash, a.w)
		var c uint8
		if r, _ := utf8.DecodeRuneInString(words[i]); unicode.IsUpper(r) {
			c = 1
		}
		d.caps = append(d.caps, c)
		d.lab = append(d.lab, int8(labels[i]))
		d.ent = append(d.ent, 0)
		d.span = append(d.span, 0)
	}
	// Name keys: the hash of the tokens of each first-stage name.
	for i := start; i < len(d.hash); {
		if d.lab[i] == 0 {
			i++
			continue
		}
		in := d.lab[i] // the I- label of the name's type
		if in%2 == 1 {
			in++
		}
		j := i + 1
		for j < len(d.hash) && d.lab[j] == in {
			j++
		}
		d.span[i] = uint8(min(j-i, 255))
		h := uint64(golden)
		for k := i; k < j; k++ {
			h = seqHash(h, d.hash[k])
		}
		for k := i; k < j; k++ {
			d.ent[k] = h | 1 // never 0
		}
		i = j
	}
	d.off = append(d.off, len(d.hash))
}

// count adds (sign 1) or removes (-1) sentence s's labels to the counts.
func (d *docState) count(s int, sign int32) {
	lo, hi := d.off[s], d.off[s+1]
	for i := lo; i < hi; i++ {
		t := typeOfLabel(int(d.lab[i]))
		c := d.tok[d.hash[i]]
		c[t] += sign
		d.tok[d.hash[i]] = c
		if d.span[i] == 0 {
			continue
		}
		// i starts a name.
		j := i + int(d.span[i])
		c = d.name[d.ent[i]]
		c[t] += sign
		d.name[d.ent[i]] = c
		if j-i >= 2 {
			for k := i; k < j; k++ {
				c = d.super[d.hash[k]]
				c[t] += sign
				d.super[d.hash[k]] = c
			}
		}
	}
}

// argmax returns the index of the largest count from first on (ties go to
// the lower index), the count, and the sum of all counts.
func argmax(c [5]int32, first int) (best int, n, sum int32) {
	best = -1
	for k := first; k < 5; k++ {
		sum += c[k]
		if c[k] > n {
			best, n = k, c[k]
		}
	}
	return best, n, sum
}

// stackRows appends the second-stage rows of token i (a document index)
// of sentence s, whose own labels are not in the counts.
func (d *docState) stackRows(s, i int, bits uint, dst []uint32) []uint32 {
	shift := 64 - bits
	add := func(h uint64) { dst = append(dst, uint32(h>>shift)) }
	lo, hi := d.off[s], d.off[s+1]
	l := uint64(d.lab[i])
	lm1, lp1 := uint64(99), uint64(99)
	if i > lo {
		lm1 = uint64(d.lab[i-1])
	}
	if i+1 < hi {
		lp1 = uint64(d.lab[i+1])
	}
	capb := uint64(d.caps[i])
	t := uint64(typeOfLabel(int(d.lab[i])))
	add(feat(sBias, 0))
	add(feat(sLab, l))
	add(feat2(sLabM1, lm1, l))
	add(feat2(sLabP1, l, lp1))
	if c, ok := d.tok[d.hash[i]]; ok {
		if best, n, sum := argmax(c, 0); best >= 0 {
			share := uint64(4 * n / sum)
			add(feat3(sTok, uint64(best), share, capb))
		}
		if best, _, _ := argmax(c, 1); best >= 0 {
			add(feat3(sTokType, uint64(best), t, capb))
		}
	}
	if c, ok := d.super[d.hash[i]]; ok {
		if best, _, _ := argmax(c, 1); best >= 0 {
			add(feat3(sSuper, uint64(best), t, capb))
		}
	}
	if e := d.ent[i]; e != 0 {
		if c, ok := d.name[e]; ok {
			if best, _, _ := argmax(c, 1); best >= 0 {
				add(feat3(sEnt, uint64(best), l, capb))
			}
		}
	}
	return dst
}

// eachSentence calls fn for each sentence s of the document with the
// counts set to the sentences of its window but not s itself.
func (d *docState) eachSentence(before, after int, fn func(s int)) {
	n := len(d.off) - 1
	if before < 0 {
		before = n
	}
	if after < 0 {
		after = n
	}
	lo, hi := 0, 0
	for s := range n {
		for ; hi < min(n, s+after+1); hi++ {
			d.count(hi, 1)
		}
		for ; lo < max(0, s-before); lo++ {
			d.count(lo, -1)
		}
		d.count(s, -1)
		fn(s)
		d.count(s, 1)
	}
}

// TagDoc returns the IOB2 tags of each sentence of one document, reusing
// dst. With a two-stage model the second stage revises each sentence with
// what the first found in the others (within the model's window); other
// models tag each sentence alone, as Tag does.
func (t *Tagger) TagDoc(doc [][]string, dst [][]string) [][]string {
	dst = slices.Grow(dst[:0], len(doc))[:len(doc)]
	st := t.m.stack
	if st == nil {
		for s, words := range doc {
			dst[s] = t.Tag(words, dst[s])
		}
		return dst
	}
	d := t.docs.Get().(*docState)
	d.reset()
	for _, words := range doc {
		d.addSentence(t.m, words)
	}
	L := len(t.m.labels)
	info := t.m.info.Stack
	d.eachSentence(info.Before, info.After, func(s int) {
		lo, hi := d.off[s], d.off[s+1]
		sc := &d.sc
		sc.em = grow(sc.em, (hi-lo)*L)
		for i := lo; i < hi; i++ {
			e := sc.em[(i-lo)*L : (i-lo+1)*L]
			clear(e)
			sc.rows = append(sc.rows[:0], d.rows[d.roff[i]:d.roff[i+1]]...)
			sc.rows = d.stackRows(s, i, st.bits, sc.rows)
			st.score(sc.rows, e)
		}
		sc.labels = st.viterbi(hi-lo, sc, sc.labels)
		tags := dst[s][:0]
		for _, l := range sc.labels {
			tags = append(tags, t.m.labels[l])
		}
		dst[s] = tags
	})
	t.docs.Put(d)
	return dst
}

// tokenRows are feature rows of a sentence's tokens: token i's are
// rows[offs[i]:offs[i+1]].
type tokenRows struct {
	rows []uint32
	offs []int32
}

// trainStack learns base's second stage from the first-stage output of
// jack-knifed models on train (see TrainConfig.StackFolds).
func trainStack(base *model, train, dev []conll.Sentence, cfg TrainConfig) error {
	K := cfg.StackFolds
	info := &StackInfo{Folds: K, Before: cfg.StackBefore, After: cfg.StackAfter, Bits: base.bits}
	// First-stage output on each part of train from a model trained on
	// the other parts.
	sub := cfg
	sub.StackFolds, sub.Progress = 0, nil
	fold := func(i int) int { return i * K / len(train) }
	type out struct {
		at     []atoms
		labels []int
	}
	outs := make([]out, len(train))
	for k := range K {
		var tr []conll.Sentence
		var held []int
		for i, s := range train {
			if fold(i) == k {
				held = append(held, i)
			} else {
				tr = append(tr, s)
			}
		}
		m, err := trainBase(tr, nil, sub)
		if err != nil {
			return fmt.Errorf("stack fold %d: %w", k+1, err)
		}
		sc := &scratch{}
		for _, i := range held {
			m.emissions(train[i].Words, sc)
			sc.labels = m.viterbi(len(train[i].Words), sc, sc.labels)
			outs[i] = out{slices.Clone(sc.at), slices.Clone(sc.labels)}
		}
	}
	// The second-stage rows of every training token.
	stack := make([]tokenRows, len(train))
	d := newDocState()
	for lo, doc := range conll.Docs(train) {
		d.reset()
		for i := lo; i < lo+len(doc); i++ {
			d.appendOutput(outs[i].at, train[i].Words, outs[i].labels)
		}
		d.eachSentence(info.Before, info.After, func(s int) {
			tr := tokenRows{offs: []int32{0}}
			for i := d.off[s]; i < d.off[s+1]; i++ {
				tr.rows = d.stackRows(s, i, info.Bits, tr.rows)
				tr.offs = append(tr.offs, int32(len(tr.rows)))
			}
			stack[lo+s] = tr
		})
	}
	sub.stackRows = stack
	m, err := trainBase(train, nil, sub)
	if err != nil {
		return fmt.Errorf("second stage: %w", err)
	}
	m.lex = nil // the first stage's
	base.stack = m
	base.info.Stack = info
	if cfg.Progress != nil {
		f1 := -1.0
		if len(dev) > 0 {
			counts, err := evaluateDocs(newTagger(base), dev)
			if err != nil {
				return err
			}
			f1 = counts.F1()
		}
		cfg.Progress(2*max(cfg.Bags, 1)*cfg.Epochs, f1, 0)
	}
	return nil
}

// evaluateDocs tags dev a document at a time (sentences with the same
// Doc) with TagDoc and scores it.
func evaluateDocs(t *Tagger, dev []conll.Sentence) (*conll.Counts, error) {
	counts := conll.NewCounts()
	var words, tags [][]string
	for _, doc := range conll.Docs(dev) {
		words = words[:0]
		for _, s := range doc {
			words = append(words, s.Words)
		}
		tags = t.TagDoc(words, tags)
		for k, s := range doc {
			if err := counts.Add(s.Tags, tags[k]); err != nil {
				return nil, fmt.Errorf("sentence at line %d: %w", s.Line, err)
			}
		}
	}
	return counts, nil
}
