package quote

import "github.com/newsgraph/newsgraph/internal/article"

// dashAttributions finds attributions set off by a dash inside a
// paragraph, as Polish, Russian, Ukrainian and Spanish news write them,
// where dashQuotes (a paragraph that opens with a dash) does not reach:
//   - a dash quote that opens after a sentence of the paragraph: "Lekarze
//     alarmują. – W dni smogowe mamy więcej pacjentów – mówi pediatra Ewa
//     Kaczmarek." (direct, from the opening dash to the dash before the
//     cue, over several sentences if need be);
//   - a sentence with no opening dash whose attribution follows a dash:
//     "Wartość umowy to 1,2 mld zł – poinformowała spółka." (indirect,
//     the sentence up to the dash; the dash does what the comma does in
//     "…, said the company").
//
// The cue must follow the dash right away (or after an auxiliary), and a
// speaker must follow the cue, so that a parenthetical dash ("Spółka – jak
// co roku – zapłaci") is not read as an attribution.
func (d *doc) dashAttributions() {
	for si := range d.sents {
		s0, s1 := d.sents[si][0], d.sents[si][1]
		for k := s0 + 2; k+2 < s1; k++ {
			if !d.isDash(k) || d.inQ[k] != 0 {
				continue
			}
			c, ok := d.cueAtTok(k + 1)
			if !ok && d.isAux(k+1) {
				c, ok = d.cueAtTok(k + 2)
			}
			if !ok || d.cueUsed(c) || d.claimed(k-1) {
				break
			}
			end := c.tok + 1
			for end < s1 && !d.isDash(end) && !d.isPunct(end, ".!?") {
				end++
			}
			spk := d.firstPhraseAfter(c.tok+1, end)
			if !spk.ok() {
				break
			}
			from, kind := d.dashOpener(s0, k)
			if from < 0 {
				from, kind = s0, article.Indirect
			}
			if k-from < 2 || d.quoteIn(from, k) {
				break
			}
			sp := d.trimContent(d.span(from, d.trimEnd(from, k)))
			f := found{kind: kind, content: sp, cue: c.span, spk: spk, conf: 0.7}
			if kind == article.Indirect {
				d.addReport(f)
			} else {
				d.quotes = append(d.quotes, f)
			}
			break
		}
	}
}

// dashOpener returns the token after the dash that opens a dash quote
// closing at token k of the sentence starting at s0: the dash that starts
// this sentence or one of the two before it in the paragraph ("– Mamy
// więcej pacjentów. Brakuje lekarzy – mówi …"), with no other dash
// between; -1 when there is none, or when the dash opens the paragraph
// (dashQuotes reads those).
func (d *doc) dashOpener(s0, k int) (int, string) {
	pstart, _ := d.tokAt(d.a.Paragraphs[d.paraOf(s0)].Start)
	si := d.a.Tokens[s0].Sentence
	end := k
	for n := 0; n < 3 && si >= 0; n++ {
		st := d.sents[si][0]
		if st < pstart || st >= end {
			return -1, ""
		}
		for j := st + 1; j < end; j++ {
			if d.isDash(j) {
				return -1, "" // another dash between: no quote opens before
			}
		}
		if d.isDash(st) {
			if st == pstart {
				return -1, ""
			}
			return st + 1, article.Direct
		}
		end = st
		si--
	}
	return -1, ""
}

// firstPhraseAfter returns the first phrase in [from, to) that can name a
// speaker and is not the object of a preposition ("poinformowała w
// poniedziałek spółka", "Lo ha comunicato nel pomeriggio l'Arpal"), with
// the name a role phrase introduces; for want of one, the object of a
// preposition ("Об этом сообщили в пресс-службе мэрии").
func (d *doc) firstPhraseAfter(from, to int) speaker {
	weak := noSpeaker
	for k := from; k < to && k < from+10; k++ {
		if d.inQ[k] != 0 || d.lower[k] == "," || d.lower[k] == ";" || d.lower[k] == ":" {
			break
		}
		np := d.npAt(k, to)
		if !np.ok() {
			continue
		}
		if d.afterPreposition(k) {
			if !weak.ok() {
				weak = np
				weak.weak = true
			}
			k = np.to - 1
			continue
		}
		return d.namedRole(np, to)
	}
	if weak.ok() {
		return d.namedRole(weak, to)
	}
	return weak
}
