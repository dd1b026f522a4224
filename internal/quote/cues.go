package quote

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// A cue is a reporting verb in the text, outside quotations.
type cue struct {
	tok  int          // the verb token
	span article.Span // the cue as shown: with a contiguous auxiliary
	verb lexicon.Verb
	// owner is the possessor of a verb form read as a noun that reports
	// a clause ("his claim that …", "her promise to …"): the source.
	owner speaker
}

// findCues finds the reporting verbs outside quotations. A separable verb
// ("voegde … toe") counts only when its particle follows in the sentence.
func (d *doc) findCues() {
	for i, tok := range d.a.Tokens {
		if tok.Kind != article.Word || d.inQ[i] != 0 {
			continue
		}
		verbs := d.w.Verb(d.lower[i])
		if len(verbs) == 0 || d.covered[i] != 0 {
			continue
		}
		if s0, s1 := d.sentOf(i); i > s0 && isUpperStart(d.text(i)) && d.inQ[i-1] == 0 && !d.isPunct(i-1, ":—–-(") && !d.titleCase(s0, s1) {
			continue // "United States", a capitalised word inside a sentence is a name
		}
		owner := noSpeaker
		if i > 0 && (d.nounAfter(i-1) || d.countBefore(i) || d.nounAfterPreposition(i, verbs)) {
			// "the state", "his claims", "a report", "14 states": a noun,
			// which reports only with its owner and a clause ("his claim
			// that", "her promise to").
			if owner = d.nounOwner(i, verbs); !owner.ok() {
				continue
			}
		}
		v, ok := d.pickVerb(i, verbs)
		if !ok {
			continue
		}
		c := cue{tok: i, span: tok.Span, verb: v, owner: owner}
		// "heeft aangegeven", "has said": a contiguous auxiliary joins the cue.
		if i > 0 && d.isAux(i-1) {
			c.span.Start = d.a.Tokens[i-1].Start
		}
		d.cues = append(d.cues, c)
	}
}

// titleCase reports whether the sentence [s0, s1) is a headline written
// in title case ("Sanders Says He’s Already Started Writing His
// Address"), where a capitalised verb is still a verb: all its words of
// four letters or more are capitalised, and it has at least four.
func (d *doc) titleCase(s0, s1 int) bool {
	n := 0
	for k := s0; k < s1; k++ {
		if d.a.Tokens[k].Kind != article.Word || len(d.lower[k]) < 4 {
			continue
		}
		if !isUpperStart(d.text(k)) {
			return false
		}
		n++
	}
	return n >= 4
}

// pickVerb chooses the reading of token i: a separable verb needs its
// particle later in the sentence; an auxiliary alone is no cue.
func (d *doc) pickVerb(i int, verbs []lexicon.Verb) (lexicon.Verb, bool) {
	_, end := d.sentOf(i)
	for _, v := range verbs {
		if v.Aux {
			continue
		}
		if v.Particle == "" {
			return v, true
		}
		for k := i + 1; k < end && k <= i+14; k++ {
			if d.lower[k] == v.Particle && d.inQ[k] == 0 {
				return v, true
			}
			if strings.HasSuffix(d.lower[k], v.Particle) && strings.HasPrefix(d.lower[k], "er") && d.inQ[k] == 0 {
				return v, true // "eraan toe" is split, but "erop" holds op
			}
		}
	}
	return lexicon.Verb{}, false
}

// nounAfter reports whether token k is an article, a possessive or a
// demonstrative, after which a verb form is a noun ("the state", "his
// claims"). Quantifiers ("many say") and words that also open a clause
// ("a law that states") are not.
func (d *doc) nounAfter(k int) bool {
	l := d.lower[k]
	switch d.w.Determiners[l] {
	case "def", "indef", "poss", "dem":
		return d.inQ[k] == 0 && !d.w.Complementizers[l] && !d.w.Relatives[l]
	}
	return false
}

// nounAfterPreposition reports whether the verb form at token i is a
// noun because a preposition stands before it ("in states that have
// voted", "about claims that …"). Only in languages with an infinitive
// marker, where a verb after a preposition is not an infinitive (fr
// "pour dire" is), not for the marker itself ("to say"), and only for
// forms that report nothing alone (weak), so neither participles ("by
// saying", "as stated") nor verbs with an object.
func (d *doc) nounAfterPreposition(i int, verbs []lexicon.Verb) bool {
	m := d.w.InfinitiveMarker
	p := d.lower[i-1]
	if m == "" || p == m || !d.w.Prepositions[p] || d.inQ[i-1] != 0 || d.participle(i) {
		return false
	}
	for _, v := range verbs {
		if !v.Weak || v.Object || v.Aux {
			return false
		}
	}
	return true
}

// nounOwner returns the possessor of the noun at token i when the noun
// reports a clause: a possessive ("his", "their") before it, and a
// complementizer ("that") or, for verbs flagged infinitive, an
// infinitive after it ("his claim that …", "her promise to …").
func (d *doc) nounOwner(i int, verbs []lexicon.Verb) speaker {
	_, s1 := d.sentOf(i)
	if i+2 >= s1 || d.inQ[i+1] != 0 {
		return noSpeaker
	}
	next := d.lower[i+1]
	ok := d.w.Complementizers[next] && !d.w.Relatives[next]
	if next == d.w.InfinitiveMarker && next != "" && d.verbAfterMarker(i+2, s1) {
		for _, v := range verbs {
			ok = ok || v.Infinitive
		}
	}
	if !ok {
		return noSpeaker
	}
	k := i - 1
	if d.w.Determiners[d.lower[k]] == "poss" {
		p, ok := d.w.ObjectPronouns[d.lower[k]]
		if !ok {
			return noSpeaker
		}
		s := speaker{from: k, to: k + 1, kind: article.MentionPronoun, ent: -1, gender: p.Gender, number: p.Number, typ: article.PER}
		if p.Gender == "n" {
			s.typ = article.ORG
		}
		return s
	}
	return noSpeaker
}

// countBefore reports whether a number that counts what token i names
// stands before it ("14 states", "384 pledged delegates"), and not the
// end of a proportion ("six in 10 said").
func (d *doc) countBefore(i int) bool {
	return i > 0 && d.a.Tokens[i-1].Kind == article.Number && !(i > 1 && d.w.Prepositions[d.lower[i-2]])
}

// isCopula reports whether token i is an auxiliary that makes a
// following participle passive ("was asked").
func (d *doc) isCopula(i int) bool {
	for _, v := range d.w.Verb(d.lower[i]) {
		if v.Copula {
			return true
		}
	}
	return false
}

func (d *doc) isAux(i int) bool {
	for _, v := range d.w.Verb(d.lower[i]) {
		if v.Aux {
			return true
		}
	}
	return false
}

// cueIn returns the first cue whose verb token lies in [from, to).
func (d *doc) cueIn(from, to int) (int, bool) {
	for ci, c := range d.cues {
		if c.tok >= from && c.tok < to {
			return ci, true
		}
	}
	return 0, false
}

// lastCueIn returns the last cue whose verb token lies in [from, to).
func (d *doc) lastCueIn(from, to int) (int, bool) {
	for ci := len(d.cues) - 1; ci >= 0; ci-- {
		if c := d.cues[ci]; c.tok >= from && c.tok < to {
			return ci, true
		}
	}
	return 0, false
}

// phraseAt reports whether the source phrase p starts at token i.
func (d *doc) phraseAt(p lexicon.Phrase, i int) bool {
	if i+len(p.Words) > len(d.lower) {
		return false
	}
	for k, w := range p.Words {
		if d.lower[i+k] != w || d.inQ[i+k] != 0 {
			return false
		}
	}
	return true
}
