package quote

import "github.com/newsgraph/newsgraph/internal/article"

// subjunctiveContinuations finds reported speech that goes on without a
// cue: in German a sentence in the Konjunktiv I ("werde", "sei", "könne";
// subjunctives.txt) right after a report in the same paragraph is still
// what the speaker said — "Nach seinen Worten sollen die Beschäftigten
// Angebote erhalten. Die Notaufnahme werde bis zum letzten Tag geöffnet
// bleiben." The mood itself marks the report, so the sentence takes the
// cue and speaker of the report before it. Quoted words inside such a
// sentence make it mixed ("Der Konzern habe den Wechsel „um fünf Jahre
// verschlafen“ und verbrenne Geld."); a sentence with a cue or a
// quotation of its own is left to the other rules.
func (d *doc) subjunctiveContinuations() {
	if len(d.w.Subjunctives) == 0 {
		return
	}
	for si := 1; si < len(d.sents); si++ {
		s0, s1 := d.sents[si][0], d.sents[si][1]
		p0, p1 := d.sents[si-1][0], d.sents[si-1][1]
		if s1-s0 < 4 || p1 <= p0 || d.paraOf(p0) != d.paraOf(s0) || d.inQ[s0] != 0 || d.ownQuoteIn(s0, s1) {
			continue
		}
		prev := d.reportEndingAt(p0, p1)
		if prev == nil || d.hasCueBetween(s0, s1) || !d.subjunctiveIn(s0, s1) || d.frontedSourceClause(s0, s1) {
			continue
		}
		end := d.trimEnd(s0, s1)
		sp := d.trimContent(d.span(s0, end))
		d.dropLooseFragments(s0, s1)
		d.addReport(found{content: sp, cue: prev.cue, spk: prev.spk, conf: 0.55, continues: prev.content})
	}
}

// ownQuoteIn reports whether [s0, s1) holds a quote found before other
// than a quoted fragment attributed loosely, with no cue of its own in
// the sentence (looseFragment).
func (d *doc) ownQuoteIn(s0, s1 int) bool {
	from, to := d.a.Tokens[s0].Start, d.a.Tokens[s1-1].End
	for _, f := range d.quotes {
		if f.content.End <= from || f.content.Start >= to {
			continue
		}
		if !d.looseFragment(f, s0, s1) {
			return true
		}
	}
	return false
}

// looseFragment reports whether f is a direct quotation inside the
// sentence [s0, s1) whose cue, if any, lies outside it: a fragment given
// to the speaker named before, not a quotation with its own attribution.
func (d *doc) looseFragment(f found, s0, s1 int) bool {
	from, to := d.a.Tokens[s0].Start, d.a.Tokens[s1-1].End
	if f.kind != article.Direct || f.content.Start < from || f.content.End > to {
		return false
	}
	return f.cue.End <= f.cue.Start || f.cue.End <= from || f.cue.Start >= to
}

// dropLooseFragments removes the loose fragments of [s0, s1), which the
// mixed report of the sentence absorbs.
func (d *doc) dropLooseFragments(s0, s1 int) {
	kept := d.quotes[:0]
	for _, f := range d.quotes {
		if !d.looseFragment(f, s0, s1) {
			kept = append(kept, f)
		}
	}
	d.quotes = kept
}

// subjunctiveIn reports whether a word outside quotation marks in
// [s0, s1) is a Konjunktiv I form.
func (d *doc) subjunctiveIn(s0, s1 int) bool {
	for k := s0; k < s1; k++ {
		if d.inQ[k] == 0 && d.a.Tokens[k].Kind == article.Word && d.w.Subjunctives[d.lower[k]] {
			return true
		}
	}
	return false
}

// reportEndingAt returns the quote whose report ends the sentence [s0,
// s1): an indirect or mixed quote that ends it, or a quotation or report
// whose attribution follows it and ends it ("„…“, sagte Analystin X vom
// Bankhaus Y."), or nil.
func (d *doc) reportEndingAt(s0, s1 int) *found {
	end := d.trimEnd(s0, s1)
	if end <= s0 {
		return nil
	}
	last := d.a.Tokens[end-1].End
	for i := range d.quotes {
		f := &d.quotes[i]
		if !f.spk.ok() {
			continue
		}
		// A report attributed after its content ends the sentence with
		// its attribution: "„…“, sagte X.", "Wer …, nehme …, sagte X."
		if f.cue.Start >= f.content.End && f.content.Start >= d.a.Tokens[s0].Start && f.cue.End <= last && d.inQ[end-1] == 0 &&
			(f.kind == article.Direct || f.content.Start <= d.a.Tokens[s0].End) {
			return f
		}
		if f.kind == article.Direct {
			continue
		}
		if f.content.End >= last-1 && f.content.End <= d.a.Tokens[s1-1].End && f.content.Start >= d.a.Tokens[s0].Start {
			return f
		}
	}
	return nil
}

// inheritSpeakers gives a quote that goes on with another, with the same
// speaker phrase, the resolution of that quote: the copy was resolved on
// its own, after the phrase it shares, and could land elsewhere.
func (d *doc) inheritSpeakers() {
	for i := range d.quotes {
		f := &d.quotes[i]
		if f.continues == (article.Span{}) || !f.spk.ok() {
			continue
		}
		for j := range d.quotes {
			p := &d.quotes[j]
			if j != i && p.content == f.continues && p.spk.from == f.spk.from && p.spk.to == f.spk.to {
				f.spk = p.spk
				break
			}
		}
	}
}

// frontedSourceClause reports whether the sentence [s0, s1) opens with a
// prepositional source and a verb the lexicon does not know before a
// comma: "Aus Unternehmenskreisen verlautete, … werde geprüft" reports
// for a source of its own, so it goes on with no report before it.
func (d *doc) frontedSourceClause(s0, s1 int) bool {
	if !d.w.Prepositions[d.lower[s0]] || d.inQ[s0] != 0 {
		return false
	}
	for k := s0 + 1; k < s1 && k <= s0+maxAdverbial; k++ {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct {
			return d.lower[k] == "," && k > s0+2 && !isUpperStart(d.text(k-1)) && d.a.Tokens[k-1].Kind == article.Word
		}
	}
	return false
}
