package eval

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// A LangTally counts language identification outcomes: gold language →
// detected language ("" when the detector was unsure).
type LangTally struct {
	counts map[string]map[string]int
}

// Add counts one text of language gold detected as got.
func (t *LangTally) Add(gold, got string) {
	if t.counts == nil {
		t.counts = map[string]map[string]int{}
	}
	if t.counts[gold] == nil {
		t.counts[gold] = map[string]int{}
	}
	t.counts[gold][got]++
}

// A LangScore is the accuracy on the texts of one gold language ("all"
// for every text).
type LangScore struct {
	Lang     string         `json:"lang"`
	N        int            `json:"n"`
	Right    int            `json:"right"`
	Unsure   int            `json:"unsure"`
	Accuracy float64        `json:"accuracy"`
	Confused map[string]int `json:"confused,omitempty"` // wrong answers by language
}

// Scores returns one score per gold language, sorted, then the overall one.
func (t *LangTally) Scores() []LangScore {
	var out []LangScore
	all := LangScore{Lang: "all"}
	for _, gold := range slices.Sorted(maps.Keys(t.counts)) {
		s := LangScore{Lang: gold}
		for got, n := range t.counts[gold] {
			s.N += n
			switch got {
			case gold:
				s.Right += n
			case "":
				s.Unsure += n
			default:
				if s.Confused == nil {
					s.Confused = map[string]int{}
				}
				s.Confused[got] += n
			}
		}
		s.Accuracy = ratio(s.Right, s.N)
		all.N += s.N
		all.Right += s.Right
		all.Unsure += s.Unsure
		out = append(out, s)
	}
	all.Accuracy = ratio(all.Right, all.N)
	return append(out, all)
}

// WriteLangText prints scores one line each, with the most frequent
// confusions.
func WriteLangText(w io.Writer, scores []LangScore) error {
	var b strings.Builder
	for _, s := range scores {
		fmt.Fprintf(&b, "%-4s n=%6d accuracy=%.3f unsure=%d", s.Lang, s.N, s.Accuracy, s.Unsure)
		if len(s.Confused) > 0 {
			keys := slices.SortedFunc(maps.Keys(s.Confused), func(a, c string) int {
				if s.Confused[a] != s.Confused[c] {
					return s.Confused[c] - s.Confused[a]
				}
				return strings.Compare(a, c)
			})
			b.WriteString(" confused:")
			for _, k := range keys {
				fmt.Fprintf(&b, " %s=%d", k, s.Confused[k])
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
