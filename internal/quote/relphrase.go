package quote

import (
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// relativePhrases finds a source phrase whose source is a relative pronoun
// after a comma: "Lo ha comunicato l'Arpal, l'agenzia regionale per
// l'ambiente, secondo cui nelle zone interne potrebbero cadere …", "el
// Banco de España, según el cual …", "l'Insee, selon lequel …". The
// relative stands for the phrase before the comma: the last organisation
// or person named in the sentence before it, else the noun phrase there.
// The clause after the relative is what was said.
func (d *doc) relativePhrases() {
	for i := 1; i < len(d.a.Tokens); i++ {
		if d.inQ[i] != 0 || d.lower[i-1] != "," {
			continue
		}
		s0, s1 := d.sentOf(i)
		for _, p := range d.w.SourcePhrases {
			if p.Pos != lexicon.Pre || !d.phraseAt(p, i) {
				continue
			}
			k := i + len(p.Words)
			if k < s1 && d.w.Determiners[d.lower[k]] == "def" && k+1 < s1 && d.w.Relatives[d.lower[k+1]] {
				k++ // "según el cual", "segundo o qual"
			}
			if k >= s1 || !d.w.Relatives[d.lower[k]] || d.inQ[k] != 0 {
				continue
			}
			start := k + 1
			if start < s1 && d.lower[start] == "," {
				start++
			}
			if start >= s1 || d.claimed(start) {
				continue
			}
			end := d.clauseEnd(start)
			if end-start < 3 {
				continue
			}
			spk := d.sourceBeforeRelative(s0, i-1)
			if !spk.ok() {
				continue
			}
			d.addPhraseQuote(d.span(start, end), d.span(i, k+1), spk)
			break
		}
	}
}

// sourceBeforeRelative returns the source a relative pronoun after the comma
// at token comma stands for: the last organisation or person named
// between s0 and the comma, outside quotations, else the noun phrase
// that ends at the comma.
func (d *doc) sourceBeforeRelative(s0, comma int) speaker {
	for k := comma - 1; k >= s0; k-- {
		e := d.covered[k]
		if e == 0 || d.inQ[k] != 0 || d.a.Entities[e-1].Type == article.LOC {
			continue
		}
		for k > s0 && d.covered[k-1] == e {
			k--
		}
		if m, ok := d.mentionAt[k]; ok {
			return d.nameSpeaker(m, k)
		}
		return noSpeaker
	}
	return d.commaPhraseBefore(s0, comma)
}
