package ner

import (
	"math"
	"strings"
)

// A model is a linear-chain tagger: a hashed table of feature weights, one
// row of len(labels) weights per feature, and label transition weights.
type model struct {
	info   Info
	labels []string
	bits   uint
	w      []float32 // (1<<bits) × len(labels) while training, then nil
	q      []int16   // w quantised: w ≈ q × scale (see quantize)
	scale  float32
	trans  []float32 // (len(labels)+1) × len(labels); the last row is the start
	lex    *lexicon
	stack  *model // the second stage, if any (see stack.go); its lex is nil

	allowed []bool // like trans: may this label follow that one (valid IOB2)
}

// Info describes how a model was made; it is saved with the model.
type Info struct {
	Lang     string   `json:"lang"`
	Labels   []string `json:"labels"`
	Bits     uint     `json:"bits"`
	Epochs   int      `json:"epochs"`
	Seed     int64    `json:"seed"`
	Train    string   `json:"train"`
	Clusters string   `json:"clusters,omitempty"`
	DevF1    float64  `json:"dev_f1,omitempty"`
	Tokens   int      `json:"tokens"`
	Augment  bool     `json:"augment,omitempty"` // trained with feature augmentation
	// Features names the optional feature groups the model uses ("heads";
	// see features.go).
	Features []string `json:"features,omitempty"`
	// Stack describes the second stage, for two-stage models.
	Stack *StackInfo `json:"stack,omitempty"`
}

// labelsFor returns O and the B-/I- labels of types.
func labelsFor(types []string) []string {
	l := []string{"O"}
	for _, t := range types {
		l = append(l, "B-"+t, "I-"+t)
	}
	return l
}

func newModel(info Info, types []string) *model {
	m := &model{info: info, labels: labelsFor(types), bits: info.Bits, lex: newLexicon(types)}
	m.info.Labels = m.labels
	L := len(m.labels)
	m.w = make([]float32, (1<<m.bits)*L)
	m.trans = make([]float32, (L+1)*L)
	m.setAllowed()
	return m
}

func (m *model) setAllowed() {
	L := len(m.labels)
	m.allowed = make([]bool, (L+1)*L)
	for p := 0; p <= L; p++ {
		for c := range L {
			ok := true
			if ty, in := strings.CutPrefix(m.labels[c], "I-"); in {
				ok = p < L && m.labels[p] != "O" && m.labels[p][2:] == ty
			}
			m.allowed[p*L+c] = ok
		}
	}
}

// emissions fills sc.em with the score of every label at every token.
func (m *model) emissions(words []string, sc *scratch) {
	m.lex.fill(words, sc)
	L := len(m.labels)
	n := len(words)
	sc.em = grow(sc.em, n*L)
	for i := range n {
		sc.rows = m.lex.rows(sc.at, i, m.bits, sc.rows[:0])
		var acc [maxLabels]int32
		a := acc[:L]
		if L == 9 { // O and B-/I- of four types: unrolled, no bounds checks
			for _, r := range sc.rows {
				wr := (*[9]int16)(m.q[int(r)*9:])
				acc[0] += int32(wr[0])
				acc[1] += int32(wr[1])
				acc[2] += int32(wr[2])
				acc[3] += int32(wr[3])
				acc[4] += int32(wr[4])
				acc[5] += int32(wr[5])
				acc[6] += int32(wr[6])
				acc[7] += int32(wr[7])
				acc[8] += int32(wr[8])
			}
		} else {
			for _, r := range sc.rows {
				wr := m.q[int(r)*L : int(r)*L+L]
				for k := range a {
					a[k] += int32(wr[k])
				}
			}
		}
		e := sc.em[i*L : i*L+L]
		for k := range e {
			e[k] = float32(a[k]) * m.scale
		}
	}
}

// score adds the weights of rows to e. It repeats the sum of emissions
// on purpose: a shared helper measured 16–36 % slower in BenchmarkTag.
func (m *model) score(rows []uint32, e []float32) {
	L := len(m.labels)
	var acc [maxLabels]int32
	a := acc[:L]
	if L == 9 { // as in emissions
		for _, r := range rows {
			wr := (*[9]int16)(m.q[int(r)*9:])
			acc[0] += int32(wr[0])
			acc[1] += int32(wr[1])
			acc[2] += int32(wr[2])
			acc[3] += int32(wr[3])
			acc[4] += int32(wr[4])
			acc[5] += int32(wr[5])
			acc[6] += int32(wr[6])
			acc[7] += int32(wr[7])
			acc[8] += int32(wr[8])
		}
	} else {
		for _, r := range rows {
			wr := m.q[int(r)*L : int(r)*L+L]
			for k := range a {
				a[k] += int32(wr[k])
			}
		}
	}
	for k := range e {
		e[k] += float32(a[k]) * m.scale
	}
}

// maxLabels bounds the label set (O and B-/I- of up to 7 types).
const maxLabels = 15

// quantize sets q and scale from w: weights become int16 multiples of
// the largest weight / 32767, and those under minQuant steps are dropped,
// which makes the table small to save and fast to read.
func (m *model) quantize() {
	var maxAbs float64
	for _, x := range m.w {
		maxAbs = max(maxAbs, math.Abs(float64(x)))
	}
	m.scale = float32(maxAbs / quantMax)
	if m.scale == 0 {
		m.scale = 1
	}
	if len(m.q) != len(m.w) {
		m.q = make([]int16, len(m.w))
	}
	for k, x := range m.w {
		v := math.Round(float64(x / m.scale))
		if v > -minQuant && v < minQuant {
			v = 0
		}
		m.q[k] = int16(v)
	}
}

// viterbi returns the best valid label sequence for the emissions in sc.
func (m *model) viterbi(n int, sc *scratch, out []int) []int {
	L := len(m.labels)
	out = out[:0]
	if n == 0 {
		return out
	}
	sc.back = growInt8(sc.back, n*L)
	sc.cur = grow(sc.cur, L)
	sc.prev = grow(sc.prev, L)
	neg := float32(math.Inf(-1))
	start := L * L
	for c := range L {
		if m.allowed[start+c] {
			sc.prev[c] = m.trans[start+c] + sc.em[c]
		} else {
			sc.prev[c] = neg
		}
	}
	for i := 1; i < n; i++ {
		e := sc.em[i*L : i*L+L]
		for c := range L {
			best, arg := neg, 0
			for p := range L {
				if !m.allowed[p*L+c] {
					continue
				}
				if s := sc.prev[p] + m.trans[p*L+c]; s > best {
					best, arg = s, p
				}
			}
			sc.cur[c] = best + e[c]
			sc.back[i*L+c] = int8(arg)
		}
		sc.prev, sc.cur = sc.cur, sc.prev
	}
	best, arg := neg, 0
	for c := range L {
		if sc.prev[c] > best {
			best, arg = sc.prev[c], c
		}
	}
	for range n {
		out = append(out, 0)
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		arg = int(sc.back[i*L+arg])
		out[i-1] = arg
	}
	return out
}

// scratch is the per-call working memory of tagging, reused through a
// sync.Pool so that Tag does not allocate in the steady state.
type scratch struct {
	at        []atoms
	rows      []uint32
	buf       []byte
	tri       []byte
	em        []float32
	cur, prev []float32
	back      []int8
	labels    []int
}

func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n, n+n/2)
	}
	return s[:n]
}

func growInt8(s []int8, n int) []int8 {
	if cap(s) < n {
		return make([]int8, n, n+n/2)
	}
	return s[:n]
}
