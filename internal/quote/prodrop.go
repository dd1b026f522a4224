package quote

import (
	"sort"

	"github.com/newsgraph/newsgraph/internal/article"
)

// zeroSubject is the kind of a speaker that the text leaves out: the
// ending of the verb says who speaks ("Añadió que …", "«…», disse.").
const zeroSubject = "zero"

// droppedSubject returns the left-out subject of cue c in a language that
// drops subjects (settings.tsv pro_drop): a cue that opens its clause, with
// at most an auxiliary, sentence adverbs or a conjunction before it
// ("Dodał, że …", "Y añadió que …", "Ha aggiunto che …"), or that follows
// a quotation and its comma or dash ("«…», disse.", "«…» – dodał.").
// The speaker stands on the verb and is resolved by dropSubjects.
func (d *doc) droppedSubject(c cue) speaker {
	if !d.w.ProDrop || c.owner.ok() || c.verb.Passive {
		return noSpeaker
	}
	s0, _ := d.sentOf(c.tok)
	first := c.tok
	if c.span.Start < d.a.Tokens[c.tok].Start && first > s0 {
		first-- // the auxiliary
	}
	for k := first - 1; k >= s0; k-- {
		if d.inQ[k] != 0 {
			break // "«…», disse": the quotation ends the clause before
		}
		if d.isPunct(k, ",—–-") && (k == s0 || d.inQ[k-1] != 0) {
			break
		}
		if !d.sentenceAdverb(k) && !d.isAux(k) {
			return noSpeaker
		}
	}
	// "ha detto un operaio che …": a subject after the verb is not left
	// out, even when the subject search did not take it.
	if n := c.tok + 1; n < len(d.a.Tokens) && d.a.Tokens[n].Sentence == d.a.Tokens[c.tok].Sentence && d.inQ[n] == 0 && d.nounPhraseStart(n) {
		return noSpeaker
	}
	return speaker{from: c.tok, to: c.tok + 1, kind: zeroSubject, ent: -1, typ: article.PER}
}

// dropSubjects resolves the speakers the text leaves out, and gives one to
// a quotation whose cue has no subject in a pro-drop language: the last
// speaker, in this or the previous paragraph, or the person named as a
// subject since (the antecedent search of pronouns). A report whose
// left-out subject finds no one is dropped, a quotation keeps no speaker.
func (d *doc) dropSubjects() {
	if !d.w.ProDrop {
		return
	}
	sort.SliceStable(d.quotes, func(i, j int) bool { return d.quotes[i].content.Start < d.quotes[j].content.Start })
	keep := d.quotes[:0:0]
	for qi := range d.quotes {
		f := &d.quotes[qi]
		if !f.spk.ok() && f.kind == article.Direct && f.cue.End > f.cue.Start {
			for _, c := range d.cues {
				if c.span == f.cue {
					f.spk = d.droppedSubject(c)
					break
				}
			}
		}
		if f.spk.kind == zeroSubject && f.spk.ent < 0 {
			pro := speaker{from: f.spk.from, to: f.spk.to, kind: article.MentionPronoun, ent: -1, typ: article.PER}
			if e := d.previousSpeaker(qi); e >= 0 {
				f.spk.ent = e
			} else if e := d.antecedent(qi, pro); e >= 0 {
				f.spk.ent = e
			} else if f.kind == article.Direct {
				f.spk = noSpeaker
			} else {
				continue
			}
		}
		keep = append(keep, *f)
	}
	d.quotes = keep
}

// previousSpeaker returns the named speaker of the quote before quote qi
// when it is in the same or the previous paragraph, or -1: a left-out
// subject goes on with the subject before it ("Il presidente … ha
// spiegato che … «…», ha aggiunto"), even when a name stands between
// ("tra Levante e Ponente").
func (d *doc) previousSpeaker(qi int) int {
	f := d.quotes[qi]
	for k := qi - 1; k >= 0; k-- {
		p := d.quotes[k]
		if !p.spk.ok() || p.spk.from >= f.spk.from {
			continue
		}
		if p.spk.ent < 0 && (p.spk.kind == article.MentionNominal || p.spk.kind == article.MentionPronoun) && d.paraOf(f.spk.from) == d.paraOf(p.spk.from) {
			// "El italiano, que dirige al Mirandés, explicó que … «…»,
			// relató.": the role or pronoun before, not yet resolved
			// (resolveAll runs later), is who goes on speaking, not a
			// name inside its relative clause. In the same paragraph only:
			// a new one may turn to someone else.
			p.spk.ent = d.antecedent(k, p.spk)
		}
		if p.spk.ent < 0 && (p.spk.kind == article.MentionNominal || p.spk.kind == article.MentionPronoun) && d.paraOf(f.spk.from)-d.paraOf(p.spk.from) == 1 {
			// "«…», ha spiegato il legale. ¶ … la deposizione di Anna
			// Rinaldi … «…», ha detto": the role before, resolved here
			// only to tell whether the new paragraph turned to someone
			// else.
			if e := d.antecedent(k, p.spk); e >= 0 {
				return d.turnsTo(f.spk.from, e)
			}
		}
		if p.spk.ent >= 0 && d.a.Entities[p.spk.ent].Type == article.PER && d.paraOf(f.spk.from)-d.paraOf(p.spk.from) <= 1 {
			if d.paraOf(f.spk.from) != d.paraOf(p.spk.from) {
				if d.otherPersonOpens(f.spk.from, p.spk.ent) {
					return -1 // a new paragraph about someone else
				}
				if e := d.turnsTo(f.spk.from, p.spk.ent); e >= 0 {
					return e
				}
			}
			return p.spk.ent
		}
		return -1
	}
	return -1
}

// otherPersonOpens reports whether a sentence of the paragraph of token
// k opens, before k, with a person's name other than entity ent as its
// subject: "Sul fronte opposto … Luca Bertoni, educatore di 29 anni, …
// «…», racconta." speaks of Bertoni, not of the speaker of the paragraph
// before.
func (d *doc) otherPersonOpens(k, ent int) bool {
	p := d.paraOf(k)
	j := k
	for j > 0 && d.paraOf(j-1) == p {
		j--
	}
	for t := j; t < k; t++ {
		if t > j && d.a.Tokens[t].Sentence == d.a.Tokens[t-1].Sentence {
			continue
		}
		if m, ok := d.mentionAt[t]; ok && m.end <= k && m.ent != ent && d.a.Entities[m.ent].Type == article.PER {
			return true
		}
	}
	return false
}

// turnsTo returns the person a new paragraph has turned to before token
// k, or -1: the last person it names outside quotations, when it does not
// name ent, the speaker before, at all ("Immediata la replica
// dell'assessore al Welfare, Roberta Galli. «…», ha ribattuto.", "la
// deposizione di Anna Rinaldi … «…», ha detto").
func (d *doc) turnsTo(k, ent int) int {
	p := d.paraOf(k)
	j := k
	for j > 0 && d.paraOf(j-1) == p {
		j--
	}
	other := -1
	for t := j; t < k; t++ {
		m, ok := d.mentionAt[t]
		if !ok || m.end > k || d.inQ[t] != 0 {
			continue
		}
		if m.ent == ent {
			return -1
		}
		if d.a.Entities[m.ent].Type == article.PER {
			other = m.ent
		}
	}
	return other
}
