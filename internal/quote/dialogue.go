package quote

import (
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// isDash reports whether token i is a dialogue dash (— – ―).
func (d *doc) isDash(i int) bool {
	switch d.lower[i] {
	case "—", "–", "―":
		return d.a.Tokens[i].Kind == article.Punct
	}
	return false
}

// dashQuotes finds dialogue quoted with dashes, as Spanish, Portuguese,
// Italian, Russian and Ukrainian news write it: a paragraph opens with a
// dash, and an attribution set off by dashes ("—No hemos visto nada
// igual —dice Vicent Garrigues—. Si no llueve…") splits the words in two
// quotes that share cue and speaker.
func (d *doc) dashQuotes() {
	for pi, p := range d.a.Paragraphs {
		p0, ok := d.tokAt(p.Start)
		if !ok || !d.isDash(p0) {
			continue
		}
		p1 := p0
		for p1 < len(d.a.Tokens) && d.a.Tokens[p1].End <= p.End {
			p1++
		}
		// The attribution: a dash followed by a cue (with an auxiliary).
		inciso, cueTok := -1, -1
		for k := p0 + 2; k+1 < p1; k++ {
			if !d.isDash(k) {
				continue
			}
			j := k + 1
			if d.isAux(j) && j+1 < p1 {
				j++
			}
			if len(d.w.Verb(d.lower[j])) > 0 {
				inciso, cueTok = k, j
				break
			}
		}
		if inciso < 0 && p0 > 0 && d.quotedCloseAt(p0-1) {
			// "“…” ¶ — Anna Berg, mayor": a dash and a speaker after a
			// quotation paragraph sign it (an epigraph byline), they
			// are no dialogue.
			if np := d.byline(p0+1, p1); np.ok() {
				continue
			}
		}
		if inciso < 0 {
			// A whole paragraph of dialogue continues the last speaker.
			// A paragraph of a dash and at most one token ("–") holds
			// no words to quote.
			if p1-p0 <= 2 {
				continue
			}
			f := found{kind: article.Direct, content: d.trimContent(d.span(p0+1, p1)), spk: noSpeaker, conf: 0.35}
			if prev := d.directBefore(p0); prev != nil && pi-d.paraOf(d.tokenAtOffset(prev.content.End)) <= 1 {
				f.cue, f.spk, f.conf = prev.cue, prev.spk, 0.55
			}
			d.quotes = append(d.quotes, f)
			continue
		}
		c := cue{tok: cueTok, span: d.a.Tokens[cueTok].Span, verb: d.w.Verb(d.lower[cueTok])[0]}
		if cueTok > inciso+1 {
			c.span.Start = d.a.Tokens[inciso+1].Start
		}
		// The attribution ends at the next dash or the sentence end.
		end := cueTok + 1
		for end < p1 && !d.isDash(end) && !d.isPunct(end, ".!?") {
			end++
		}
		spk := d.subjectAfter(cueTok+1, end)
		if !spk.ok() {
			spk = d.npAt(cueTok+1, end)
		}
		first := d.trimContent(d.span(p0+1, inciso))
		d.quotes = append(d.quotes, found{kind: article.Direct, content: first, cue: c.span, spk: spk, conf: 0.8})
		// The words after the attribution, if any.
		rest := end + 1
		for rest < p1 && d.isPunct(rest, ".,;—–―") {
			rest++
		}
		// They go on with the quotation only when a dash closes the
		// attribution or opens them ("—dice Garrigues—. Si no llueve…",
		// "– mówi Nowak. – Dalej…"); after "– mówi Nowak." the paragraph
		// goes on in the reporter's words ("Badaczka dodała, że …").
		resumes := end < p1 && d.isDash(end) || end+1 < p1 && d.isDash(end+1)
		if p1-rest >= 2 && resumes {
			second := d.trimContent(d.span(rest, p1))
			d.quotes = append(d.quotes, found{kind: article.Direct, content: second, cue: c.span, spk: spk, conf: 0.75, continues: first})
		}
	}
}

// inciso finds an attribution inside a quotation, set off by commas
// («Nous ne reculerons pas, a martelé l’élu écologiste, car…»): the cue
// right after a comma, the speaker after it, and a comma or the end. It
// returns the token range of the attribution and its cue.
func (d *doc) inciso(q quoted) (from, to int, c cue, spk speaker, ok bool) {
	for k := q.open + 2; k+2 < q.close; k++ {
		// Spanish, Italian, Portuguese «… —aseguró él—, …», «… – ha
		// precisato la ricercatrice –. …»: a dash alone opens the
		// attribution, and a dash closes it.
		dashed := d.isDash(k) && d.lower[k-1] != ","
		if d.lower[k] != "," && !dashed {
			continue
		}
		j := k + 1
		if dashed {
			j = k
		}
		if d.isDash(j) && j+1 < q.close {
			j++ // Russian «…, — сказала она. — …»: a dash after the comma
		}
		clitic := -1
		if d.isAux(j) && j+1 < q.close {
			j++
			// "a-t-il affirmé": the clitic pronoun between auxiliary and participle.
			if j+2 < q.close && d.a.Tokens[j].Kind == article.Punct && strings.HasPrefix(d.lower[j], "-") {
				clitic = j + 1
				j += 2
			}
		}
		verbs := d.w.Verb(d.lower[j])
		if len(verbs) == 0 || verbs[0].Weak || verbs[0].Aux {
			continue
		}
		// The attribution closes at the next comma, within twelve tokens.
		e := j + 1
		for e < q.close && e <= j+12 && d.lower[e] != "," && (d.lower[e] != "." || d.abbrevBefore(e)) && !(dashed && d.isDash(e)) {
			e++
		}
		if dashed {
			// … at the closing dash, and the comma or full stop after it.
			if e+1 >= q.close || !d.isDash(e) {
				continue
			}
			if d.isPunct(e+1, ",.;") && e+2 < q.close {
				e++
			}
		}
		// … or at a full stop when the quotation goes on with another
		// sentence: « Ce n'est qu'un début, a-t-elle ajouté. Nous … »
		if e >= q.close || !dashed && d.lower[e] != "," && !(d.lower[e] == "." && e+1 < q.close) {
			continue
		}
		// The attribution is not part of the quotation.
		saved := append([]int(nil), d.inQ[k:e+1]...)
		for t := k; t <= e; t++ {
			d.inQ[t] = 0
		}
		spk = d.subjectAfter(j+1, e)
		if !spk.ok() {
			// "сказала на пресс-конференции председатель … Елена
			// Громова": the subject after an adverbial (middash.go).
			spk = d.firstPhraseAfter(j+1, e)
		}
		if clitic >= 0 {
			spk = d.npAt(clitic, clitic+1)
		}
		cs := k + 1
		if dashed {
			cs = j
			if d.isAux(j - 1) {
				cs = j - 1
			}
		}
		if d.isDash(cs) {
			cs++
		}
		c = cue{tok: j, span: article.Span{Start: d.a.Tokens[cs].Start, End: d.a.Tokens[j].End}, verb: verbs[0], owner: noSpeaker}
		if dashed && (!spk.ok() || spk.weak || d.prepositionIn(j+1, spk.from+1)) {
			// «… —aseguró entonces a la salida de la Audiencia—, …»: a
			// subject the verb leaves out, not the object of a
			// preposition.
			if z := d.droppedSubject(c); z.ok() {
				spk = z
			}
		}
		if !spk.ok() {
			copy(d.inQ[k:e+1], saved)
			continue
		}
		for e+2 < q.close && d.isDash(e+1) {
			e++ // «…, — сказала она. — Нам …»: the dash reopens the words
		}
		return k, e + 1, c, spk, true
	}
	return 0, 0, cue{}, noSpeaker, false
}

// prepositionIn reports whether a preposition (or a contraction of one,
// "del", "alla") stands in tokens [from, to).
func (d *doc) prepositionIn(from, to int) bool {
	for k := from; k < to && k < len(d.lower); k++ {
		if d.w.Prepositions[d.lower[k]] && d.inQ[k] == 0 {
			return true
		}
	}
	return false
}
