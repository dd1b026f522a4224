package conll

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// A Chunk is one entity: tokens [Start, End) of a sentence, of type Type.
type Chunk struct {
	Start, End int
	Type       string
}

// Chunks returns the entities of one sentence's tags, read as conlleval
// does: B-X starts an entity, and so does I-X after O or after another
// type (IOB1); S-X and E-X close one (IOBES).
func Chunks(tags []string) []Chunk {
	var (
		out   []Chunk
		start = -1
		typ   string
	)
	for i := 0; i <= len(tags); i++ {
		t := "O"
		if i < len(tags) {
			t = tags[i]
		}
		p, ty, _ := strings.Cut(t, "-")
		if t == "O" || p == "B" || (p == "I" && ty != typ) || p == "S" {
			if start >= 0 {
				out = append(out, Chunk{start, i, typ})
			}
			start, typ = -1, ""
			if t != "O" {
				start, typ = i, ty
			}
			if p == "S" {
				out = append(out, Chunk{i, i + 1, ty})
				start, typ = -1, ""
			}
		}
		if p == "E" && start >= 0 {
			out = append(out, Chunk{start, i + 1, typ})
			start, typ = -1, ""
		}
	}
	return out
}

// Counts accumulates entity-level true positives, false positives and
// false negatives per type.
type Counts struct {
	TP, FP, FN map[string]int
	Tokens     int
}

// NewCounts returns empty counts.
func NewCounts() *Counts {
	return &Counts{TP: map[string]int{}, FP: map[string]int{}, FN: map[string]int{}}
}

// Add scores one sentence. gold and pred must have the same length.
func (c *Counts) Add(gold, pred []string) error {
	if len(gold) != len(pred) {
		return fmt.Errorf("sentence has %d gold tags and %d predicted", len(gold), len(pred))
	}
	c.Tokens += len(gold)
	g, p := Chunks(gold), Chunks(pred)
	for _, x := range p {
		if slices.Contains(g, x) {
			c.TP[x.Type]++
		} else {
			c.FP[x.Type]++
		}
	}
	for _, x := range g {
		if !slices.Contains(p, x) {
			c.FN[x.Type]++
		}
	}
	return nil
}

// PRF returns precision, recall and F1 for one type, or overall when typ
// is "".
func (c *Counts) PRF(typ string) (p, r, f float64) {
	var tp, fp, fn int
	if typ == "" {
		for _, v := range c.TP {
			tp += v
		}
		for _, v := range c.FP {
			fp += v
		}
		for _, v := range c.FN {
			fn += v
		}
	} else {
		tp, fp, fn = c.TP[typ], c.FP[typ], c.FN[typ]
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// F1 returns the overall F1.
func (c *Counts) F1() float64 {
	_, _, f := c.PRF("")
	return f
}

// Write prints the figures as ../shared/tools/conlleval.py does: one line
// per type, an ALL line, and a last line "F1 X".
func (c *Counts) Write(w io.Writer) error {
	seen := map[string]bool{}
	for _, m := range []map[string]int{c.TP, c.FP, c.FN} {
		for k, v := range m {
			if v > 0 {
				seen[k] = true
			}
		}
	}
	types := make([]string, 0, len(seen))
	for k := range seen {
		types = append(types, k)
	}
	slices.Sort(types)
	var b strings.Builder
	for _, ty := range types {
		p, r, f := c.PRF(ty)
		fmt.Fprintf(&b, "%-5s P=%.4f R=%.4f F1=%.4f (gold %d)\n", ty, p, r, f, c.TP[ty]+c.FN[ty])
	}
	p, r, f := c.PRF("")
	fmt.Fprintf(&b, "ALL   P=%.4f R=%.4f F1=%.4f\n", p, r, f)
	fmt.Fprintf(&b, "F1 %.4f\n", f)
	_, err := io.WriteString(w, b.String())
	return err
}

// Score compares two readings of the same tokens, sentence by sentence.
// It fails when the sentences or their tokens do not line up.
func Score(gold, pred []Sentence) (*Counts, error) {
	c := NewCounts()
	if len(gold) != len(pred) {
		return nil, fmt.Errorf("gold has %d sentences, prediction %d", len(gold), len(pred))
	}
	for i := range gold {
		if len(gold[i].Words) != len(pred[i].Words) {
			return nil, fmt.Errorf("sentence at gold line %d: %d tokens in gold, %d in prediction (line %d)",
				gold[i].Line, len(gold[i].Words), len(pred[i].Words), pred[i].Line)
		}
		if err := c.Add(gold[i].Tags, pred[i].Tags); err != nil {
			return nil, fmt.Errorf("sentence at gold line %d: %w", gold[i].Line, err)
		}
	}
	return c, nil
}
