package quote

import "github.com/newsgraph/newsgraph/internal/article"

// maxAnaphorStart is how far into a sentence an anaphor may stand: after
// a short subject ("Die Firma teilte das mit", "Spółka poinformowała o
// tym") or the verb ("Poinformował o tym").
const maxAnaphorStart = 5

// anaphoric finds reports whose content is the sentence before: news in
// many languages states a fact, then attributes it in a sentence whose
// object is a word standing for that fact — "Das Werk schließt. Das
// teilte der Konzern mit.", "Lo ha comunicato l'Arpal.", "Así lo anunció
// el alcalde.", "Об этом сообщили в мэрии.", "Poinformowała o tym
// spółka." The anaphors come from the lexicon (anaphors.txt); the cue
// verb must stand right next to the anaphor, so that "Das Werk teilte
// mit, …" (a determiner) and "lo que dijo" (a relative) are not read as
// anaphors. Both sentences must be in one paragraph, and the sentence
// before must hold no quote of its own.
func (d *doc) anaphoric() {
	if len(d.w.Anaphors) == 0 {
		return
	}
	for si := 1; si < len(d.sents); si++ {
		s0, s1 := d.sents[si][0], d.sents[si][1]
		p0, p1 := d.sents[si-1][0], d.sents[si-1][1]
		if s1-s0 < 3 || p1-p0 < 4 || d.paraOf(p0) != d.paraOf(s0) || d.inQ[s0] != 0 {
			continue
		}
		c, a0, a1, ok := d.anaphorCue(s0, s1)
		if !ok || d.cueUsed(c) {
			continue
		}
		if d.negated(s0, s1) {
			continue // "Das wollte Hegemann nicht kommentieren": a refusal, no report
		}
		if d.quoteIn(p0, p1) {
			continue // "„…“, sagte sie. Das bestätigte auch X.": already reported
		}
		spk := d.anaphorSpeaker(c, s0, s1, a0, a1)
		if !spk.ok() {
			continue
		}
		end := d.trimEnd(p0, p1)
		if end-p0 < 3 {
			continue
		}
		sp := d.trimContent(d.span(p0, end))
		d.addReport(found{content: sp, cue: c.span, spk: spk, conf: 0.7})
	}
}

// negated reports whether a negation word stands outside quotations in
// [from, to).
func (d *doc) negated(from, to int) bool {
	for k := from; k < to; k++ {
		if d.inQ[k] == 0 && d.w.Negations[d.lower[k]] {
			return true
		}
	}
	return false
}

// quoteIn reports whether a quote already found, or a quotation of more
// than a few words, holds a token of [from, to).
func (d *doc) quoteIn(from, to int) bool {
	for k := from; k < to; k++ {
		if d.claimed(k) || d.inQ[k] != 0 && d.longQuoteAt(k) {
			return true
		}
	}
	return false
}

// anaphorCue finds an anaphor near the start of the sentence [s0, s1)
// and the reporting verb next to it: right after it, after an auxiliary
// ("Lo ha comunicato", "C'est ce qu'a annoncé") or a time word ("Об этом
// в пятницу сообщили"), or right before it ("Poinformował o tym"). It
// returns the cue and the anaphor's token range.
func (d *doc) anaphorCue(s0, s1 int) (cue, int, int, bool) {
	for a0 := s0; a0 < s1 && a0 <= s0+maxAnaphorStart; a0++ {
		if d.inQ[a0] != 0 || d.a.Tokens[a0].Kind == article.Punct {
			return cue{}, 0, 0, false // the anaphor opens the clause
		}
		for _, p := range d.w.Anaphors {
			if !d.phraseAt(p, a0) {
				continue
			}
			a1 := a0 + len(p.Words)
			if a0 > s0 {
				if c, ok := d.cueAtTok(a0 - 1); ok {
					return c, a0, a1, true
				}
			}
			for k := a1; k < s1 && k <= a1+3; k++ {
				if c, ok := d.cueAtTok(k); ok {
					return c, a0, a1, true
				}
				l := d.lower[k]
				if !d.isAux(k) && !d.w.TimeWords[l] && !d.w.Stopwords[l] || d.w.Complementizers[l] || d.a.Tokens[k].Kind == article.Punct {
					break
				}
			}
		}
	}
	return cue{}, 0, 0, false
}

// cueAtTok returns the reporting verb at token k as a cue, with a
// contiguous auxiliary in its span. findCues leaves out a verb form after
// a determiner ("das teilte", "lo ha"), which an anaphor looks like.
func (d *doc) cueAtTok(k int) (cue, bool) {
	if d.inQ[k] != 0 || d.a.Tokens[k].Kind != article.Word {
		return cue{}, false
	}
	verbs := d.w.Verb(d.lower[k])
	if len(verbs) == 0 {
		return cue{}, false
	}
	v, ok := d.pickVerb(k, verbs)
	if !ok || v.Passive && !v.Object {
		return cue{}, false
	}
	c := cue{tok: k, span: d.a.Tokens[k].Span, verb: v, owner: noSpeaker}
	if k > 0 && d.isAux(k-1) {
		c.span.Start = d.a.Tokens[k-1].Start
	}
	return c, true
}

// anaphorSpeaker finds the source of an anaphoric report: a subject
// before the anaphor and its verb ("Die Firma teilte das mit", "Spółka
// poinformowała o tym"), or the first phrase after them that is not the
// object of a preposition ("Das teilte der Betreiber am Mittwoch in
// Hannover mit", "Lo ha comunicato nel pomeriggio l'Arpal"); for want of
// one, the object of a preposition ("Об этом сообщили в пресс-службе
// мэрии": the press office said so).
func (d *doc) anaphorSpeaker(c cue, s0, s1, a0, a1 int) speaker {
	first := min(a0, c.tok)
	if c.span.Start < d.a.Tokens[first].Start {
		first-- // the auxiliary
	}
	if first > s0 {
		if s := d.subjectBefore(s0, first); s.ok() {
			return d.sourceBefore(s, s0, first)
		}
		return noSpeaker
	}
	from := max(a1, c.tok+1)
	if c.verb.Particle != "" {
		// "Das teilte … mit": the source stands before the particle.
		for k := from; k < s1; k++ {
			if d.lower[k] == c.verb.Particle {
				s1 = k
				break
			}
		}
	}
	if s := d.impersonalSource(c); s.ok() {
		return s // "Об этом сообщили в пресс-службе мэрии"
	}
	return d.firstPhraseAfter(from, s1)
}

// namedRole returns the name that a role phrase introduces, right after
// it, after its complement or after a comma: "der Klinikbetreiber Sanvita Kliniken", "il
// ministro dell'Economia, Giulio Santoro". A person's role takes a
// person's name, an organisation's role an organisation's.
func (d *doc) namedRole(np speaker, s1 int) speaker {
	if np.kind == article.MentionName || np.kind == article.MentionPronoun {
		return np
	}
	for k := np.from + 1; k < s1 && k <= np.to+4; k++ {
		if d.inQ[k] != 0 || d.a.Tokens[k-1].Kind == article.Punct && d.lower[k-1] != "," && d.lower[k-1] != "'" && d.lower[k-1] != "’" {
			break
		}
		m, ok := d.mentionAt[k]
		if !ok || (d.a.Entities[m.ent].Type == article.PER) != (np.typ == article.PER) {
			continue
		}
		s := d.nameSpeaker(m, k)
		s.xfrom, s.xto = np.from, m.end
		return s
	}
	return np
}
