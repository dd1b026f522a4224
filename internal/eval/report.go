package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Result kinds: which reference scorer a Result mirrors.
const (
	KindQuotes  = "quotes"
	KindPolNeAR = "polnear"
)

// A Result is the outcome of scoring a batch of documents.
type Result struct {
	Kind    string      `json:"kind"`              // quotes | polnear
	Missing []string    `json:"missing,omitempty"` // gold ids without a prediction
	All     Score       `json:"all"`
	ByLang  []Score     `json:"by_lang"`        // sorted by language
	Docs    []DocResult `json:"docs,omitempty"` // per document, in gold order

	// Breakdown is the recall and speaker accuracy per gold quote kind
	// ("kind=direct") and speaker type ("speaker=ORG"); quotes only.
	Breakdown []Recall `json:"breakdown,omitempty"`
}

// A Recall counts the gold quotes of one kind or speaker type.
type Recall struct {
	Key        string  `json:"key"`
	Gold       int     `json:"gold"`
	Matched    int     `json:"matched"`
	Right      int     `json:"right"`
	Recall     float64 `json:"recall"`
	SpeakerAcc float64 `json:"speaker_acc"`
}

// A Score holds the counts and measures of a set of documents.
type Score struct {
	Lang    string `json:"lang"` // "all" for the overall score
	Docs    int    `json:"docs"`
	Gold    int    `json:"gold"`
	Pred    int    `json:"pred"`
	Matched int    `json:"matched"` // content matches
	Right   int    `json:"right"`   // matches with the right speaker

	Precision  float64 `json:"precision"` // detection
	Recall     float64 `json:"recall"`
	F1         float64 `json:"f1"`
	SpeakerAcc float64 `json:"speaker_acc"` // Right / Matched
	E2EP       float64 `json:"e2e_precision"`
	E2ER       float64 `json:"e2e_recall"`
	E2EF1      float64 `json:"e2e_f1"`
}

// A DocResult lists how one document's quotes were matched.
type DocResult struct {
	ID             string     `json:"id"`
	Lang           string     `json:"lang"`
	Matches        []Match    `json:"matches,omitempty"`
	Misses         []QuoteRef `json:"misses,omitempty"`          // gold quotes left unmatched
	FalsePositives []QuoteRef `json:"false_positives,omitempty"` // predicted quotes left unmatched
}

// A Match is a predicted quote paired with a gold quote.
type Match struct {
	Gold         int     `json:"gold"` // index in the gold quotes
	Pred         int     `json:"pred"` // index in the predicted quotes
	F1           float64 `json:"f1"`   // content token-F1
	GoldContent  string  `json:"gold_content"`
	PredContent  string  `json:"pred_content"`
	GoldSpeaker  string  `json:"gold_speaker"`
	GoldKind     string  `json:"gold_kind,omitempty"`
	PredKind     string  `json:"pred_kind,omitempty"`
	PredSpeaker  string  `json:"pred_speaker"`
	SpeakerRight bool    `json:"speaker_right"`
}

// A QuoteRef is an unmatched quote.
type QuoteRef struct {
	Index   int    `json:"index"`
	Kind    string `json:"kind,omitempty"`
	Content string `json:"content"`
	Speaker string `json:"speaker"`
}

func (s *Score) add(c Score) {
	s.Docs += c.Docs
	s.Gold += c.Gold
	s.Pred += c.Pred
	s.Matched += c.Matched
	s.Right += c.Right
}

// compute fills the measures from the counts, with the reference
// scorers' float operations.
func (s *Score) compute() {
	s.Precision = ratio(s.Matched, s.Pred)
	s.Recall = ratio(s.Matched, s.Gold)
	s.F1 = harmonic(s.Precision, s.Recall)
	s.SpeakerAcc = ratio(s.Right, s.Matched)
	s.E2EP = ratio(s.Right, s.Pred)
	s.E2ER = ratio(s.Right, s.Gold)
	s.E2EF1 = harmonic(s.E2EP, s.E2ER)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return float64(2*p*r) / float64(p+r)
}

func (r *Result) finish(byLang map[string]*Score) {
	r.All.Lang = "all"
	r.All.compute()
	r.ByLang = r.ByLang[:0]
	for _, lang := range slices.Sorted(maps.Keys(byLang)) {
		s := byLang[lang]
		s.compute()
		r.ByLang = append(r.ByLang, *s)
	}
}

// WriteText prints the scores the way the reference scorer prints them
// (score_quotes.py --by-lang, or score_polnear.py): the missing count, one
// line per language and one overall, then "e2e-F1 X". With details it
// then lists, per document, the misses, false positives and wrong
// speakers.
func (r *Result) WriteText(w io.Writer, details bool) error {
	var b strings.Builder
	switch r.Kind {
	case KindPolNeAR:
		if len(r.Missing) > 0 {
			fmt.Fprintf(&b, "missing predictions for %d documents\n", len(r.Missing))
		}
		s := r.All
		fmt.Fprintf(&b, "docs=%d gold=%d pred=%d content P=%.3f R=%.3f F1=%.3f | source-acc=%.3f | e2e P=%.3f R=%.3f F1=%.3f\n",
			s.Docs, s.Gold, s.Pred, s.Precision, s.Recall, s.F1, s.SpeakerAcc, s.E2EP, s.E2ER, s.E2EF1)
	default:
		if len(r.Missing) > 0 {
			fmt.Fprintf(&b, "missing predictions for %d gold documents\n", len(r.Missing))
		}
		for _, s := range r.ByLang {
			if s.Lang != "all" {
				writeLine(&b, s)
			}
		}
		writeLine(&b, r.All)
	}
	fmt.Fprintf(&b, "e2e-F1 %.3f\n", r.All.E2EF1)
	if details {
		if len(r.Breakdown) > 0 {
			b.WriteString("\n")
		}
		for _, x := range r.Breakdown {
			fmt.Fprintf(&b, "%-16s gold=%4d matched=%4d recall=%.3f | speaker-acc=%.3f\n", x.Key, x.Gold, x.Matched, x.Recall, x.SpeakerAcc)
		}
		r.writeDetails(&b)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeLine(b *strings.Builder, s Score) {
	fmt.Fprintf(b, "%-4s gold=%4d pred=%4d detect P=%.3f R=%.3f F1=%.3f | speaker-acc=%.3f | e2e P=%.3f R=%.3f F1=%.3f\n",
		s.Lang, s.Gold, s.Pred, s.Precision, s.Recall, s.F1, s.SpeakerAcc, s.E2EP, s.E2ER, s.E2EF1)
}

func (r *Result) writeDetails(b *strings.Builder) {
	for _, d := range r.Docs {
		wrong := 0
		for _, m := range d.Matches {
			if !m.SpeakerRight {
				wrong++
			}
		}
		if len(d.Misses) == 0 && len(d.FalsePositives) == 0 && wrong == 0 {
			continue
		}
		fmt.Fprintf(b, "\n%s (%s): %d matched, %d wrong speaker, %d missed, %d false positive\n",
			d.ID, d.Lang, len(d.Matches), wrong, len(d.Misses), len(d.FalsePositives))
		for _, m := range d.Matches {
			if !m.SpeakerRight {
				fmt.Fprintf(b, "  speaker gold#%d pred#%d f1=%.2f gold=%q pred=%q: %s\n",
					m.Gold, m.Pred, m.F1, m.GoldSpeaker, m.PredSpeaker, clip(m.GoldContent))
			}
		}
		for _, q := range d.Misses {
			fmt.Fprintf(b, "  miss    gold#%d%s speaker=%q: %s\n", q.Index, kind(q.Kind), q.Speaker, clip(q.Content))
		}
		for _, q := range d.FalsePositives {
			fmt.Fprintf(b, "  extra   pred#%d%s speaker=%q: %s\n", q.Index, kind(q.Kind), q.Speaker, clip(q.Content))
		}
	}
}

func kind(k string) string {
	if k == "" {
		return ""
	}
	return " (" + k + ")"
}

// clip shortens s to about 100 runes for one-line display.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	n := 0
	for i := range s {
		if n == 100 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// WriteJSON prints the result as indented JSON; without details the
// per-document lists are left out.
func (r *Result) WriteJSON(w io.Writer, details bool) error {
	out := *r
	if !details {
		out.Docs = nil
	}
	b, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// FilterLang keeps the gold documents of one language; "" keeps all.
func FilterLang(docs []GoldDoc, lang string) []GoldDoc {
	if lang == "" {
		return docs
	}
	var out []GoldDoc
	for _, d := range docs {
		if d.Lang == lang {
			out = append(out, d)
		}
	}
	return out
}
