package quote

import (
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// resolveAll links pronoun and role-noun speakers to the entity they refer
// to — agreeing in gender, matching the role or title, most salient and
// recent first — and records those mentions on the entities.
func (d *doc) resolveAll() {
	sort.SliceStable(d.quotes, func(i, j int) bool { return d.quotes[i].content.Start < d.quotes[j].content.Start })
	d.continueSpeakers()
	for qi := range d.quotes {
		f := &d.quotes[qi]
		s := &f.spk
		if !s.ok() || s.ent >= 0 || s.kind == unnamed || s.kind == article.MentionName {
			continue
		}
		s.ent = d.antecedent(qi, *s)
		if s.ent >= 0 {
			d.addMention(s.ent, *s)
		}
	}
}

// continueSpeakers gives a direct quotation with no cue and no speaker
// the subject of a short clause that introduces it with a colon or comma
// (colonSpeaker), or the speaker named right after it (trailingSpeaker),
// or else the speaker of the quotation right before it, in the same or
// the previous paragraph, as direct does for quotations found before it:
// an attribution found later (", Axelrod said.") also speaks the
// quotation that follows it ("“… about” climate change, Axelrod said.
// “This is core stuff for him.”"). d.quotes is in text order.
func (d *doc) continueSpeakers() {
	for qi := 0; qi < len(d.quotes); qi++ {
		f := &d.quotes[qi]
		// A continuation, or a quotation with nothing at all, that a
		// clause and a colon introduce has that clause's subject as its
		// speaker ("Hannity interjected: “…”" after Trump spoke).
		if f.kind == article.Direct && (!f.spk.ok() && f.cue.End <= f.cue.Start || f.continues.End > f.continues.Start) {
			s := d.colonSpeaker(f.content)
			if !s.ok() {
				// "“…,” Jane Doe grumbled": a speaker named right after
				// the quotation outweighs the one it would continue.
				s = d.trailingSpeaker(f.content)
			}
			if s.ok() {
				f.spk, f.cue, f.continues = s, article.Span{}, article.Span{}
				continue
			}
		}
		if !f.spk.ok() && f.kind == article.Direct && f.cue.End > f.cue.Start {
			// A cue with no speaker: "Respondents are obliged to
			// disclose: “…”", "said master of ceremonies Jane Doe".
			if f.spk = d.colonSpeaker(f.content); !f.spk.ok() {
				f.spk = d.personAfterCue(f.cue)
			}
			continue
		}
		if f.spk.ok() || f.kind != article.Direct || f.cue.End > f.cue.Start {
			continue
		}
		// The attributed quotation that ends last before this one
		// (a quotation nested in it does not count).
		var prev *found
		for k := qi - 1; k >= 0; k-- {
			p := &d.quotes[k]
			if p.spk.ok() && p.content.End <= f.content.Start && (prev == nil || p.content.End > prev.content.End) {
				prev = p
			}
		}
		if prev == nil {
			continue
		}
		if d.paraOf(d.tokenAtOffset(f.content.Start))-d.paraOf(d.tokenAtOffset(prev.content.End)) > 1 {
			continue
		}
		f.spk, f.cue = prev.spk, prev.cue
		f.continues = prev.content
	}
}

// colonSpeaker returns the subject of the clause that a colon right
// before the quotation at content ends, when the lexicon knows no cue
// there: "Cruz continued: “…”", "Hannity interjected: “…”". A
// clause of at most maxColonClause tokens, so that a long sentence that
// ends with a colon is no attribution.
func (d *doc) colonSpeaker(content article.Span) speaker {
	open := d.tokenAtOffset(content.Start) // the token before the content: its opening mark
	if open < 1 || d.inQ[open] == 0 {
		return noSpeaker
	}
	colon := open - 1
	if d.lower[colon] != ":" && d.lower[colon] != "," || d.inQ[colon] != 0 {
		return noSpeaker
	}
	s0, _ := d.sentOf(colon)
	if colon-s0 > maxColonClause || colon-s0 < 2 {
		return noSpeaker
	}
	for k := s0; k < colon; k++ {
		if d.inQ[k] != 0 {
			return noSpeaker
		}
	}
	// The word before the colon is most often the verb: "The crowd
	// cheers, and then Wallnau continues:".
	s := d.subjectBefore(s0, colon-1)
	if d.w.VerbSecond {
		// "Albrecht vermisst vor allem ein bundesweites Monitoring:": in
		// a verb-second clause the word before the colon is no verb; a
		// phrase that opens the clause is its subject.
		if f := d.clauseSubject(s0, colon); f.ok() && f.from == s0 {
			s = f
		}
	}
	if !s.ok() || s.weak {
		s = d.clauseSubject(s0, colon)
	}
	if !s.ok() || s.to >= colon {
		return noSpeaker // a heading: "Cruz:"
	}
	return s
}

// trailingSpeaker returns the speaker named right after a quotation
// that a comma closes, before a verb the lexicon does not know: "“…,”
// former Bush speechwriter Noam Neusner wrote in a column", "“…,” some
// protesters chanted, three days after …". The phrase must be a name,
// a role phrase or a phrase opened by a determiner, and a lower-case
// word must follow it.
func (d *doc) trailingSpeaker(content article.Span) speaker {
	last := d.tokenAtOffset(content.End) // the content's last token
	if last < 0 || d.inQ[last] == 0 {
		return noSpeaker
	}
	close := last
	for close+1 < len(d.a.Tokens) && d.inQ[close+1] == d.inQ[last] {
		close++ // up to the closing mark
	}
	k := close + 1
	if k >= len(d.a.Tokens) || !(d.lower[close-1] == "," || d.lower[k] == ",") {
		return noSpeaker
	}
	if d.lower[k] == "," {
		k++
	}
	if k >= len(d.a.Tokens) || d.a.Tokens[k].Sentence != d.a.Tokens[close].Sentence {
		return noSpeaker
	}
	_, s1 := d.sentOf(k)
	// Premodifiers before a name: "former Bush speechwriter Noam Neusner".
	j := k
	for j < s1 && j < k+maxNearSubject && d.covered[j] == 0 && d.premodifier(j) && d.w.Determiners[d.lower[j]] == "" {
		if _, ok := d.mentionAt[j]; ok {
			break
		}
		j++
	}
	np := d.npAt(j, s1)
	if !np.ok() || j > k && np.kind != article.MentionName {
		np = d.npAt(k, s1)
	}
	if !np.ok() && d.w.Determiners[d.lower[k]] != "" {
		// "the businessman replied.", "the 43-year-old asked in …": a
		// determiner, one to three words and the verb, the last
		// lower-case word of the run.
		e := k + 1
		for e < s1 && e <= k+4 && d.a.Tokens[e].Kind != article.Punct && d.modifier(e) && d.covered[e] == 0 && d.inQ[e] == 0 {
			e++
		}
		v := e - 1 // an unknown verb ends the run
		if e < s1 && e > k+1 && d.a.Tokens[e].Kind == article.Word && len(d.w.Verb(d.lower[e])) > 0 {
			v = e // a known one stops it
		}
		if v > k+1 && !isUpperStart(d.text(v)) {
			// Unnamed: with no role noun the lexicon knows, there is no
			// evidence to resolve it to a person named before.
			np = speaker{from: k, to: v, kind: unnamed, ent: -1, typ: article.PER}
		}
	}
	if !np.ok() || np.kind == article.MentionPronoun && !d.subjectPronoun(np.from) {
		return noSpeaker
	}
	// "former George W. Bush speechwriter Noam Neusner wrote": a person
	// named after a role noun that the first name modifies.
	for e := np.to; np.kind == article.MentionName && e < s1 && e < np.to+maxNearSubject && d.inQ[e] == 0; e++ {
		if m, ok := d.mentionAt[e]; ok && d.a.Entities[m.ent].Type == article.PER {
			if m.end < s1 && d.a.Tokens[m.end].Kind == article.Word && !isUpperStart(d.text(m.end)) {
				np.xfrom, np.xto = min(np.from, k), m.end
				np = d.nameSpeakerKeep(np, m, e)
			}
			break
		}
		if d.a.Tokens[e].Kind != article.Word || !d.premodifier(e) {
			break
		}
	}
	v := np.to
	if v >= s1 || d.a.Tokens[v].Kind != article.Word || isUpperStart(d.text(v)) || d.inQ[v] != 0 {
		return noSpeaker
	}
	if j > k && np.xto <= np.xfrom {
		np.xfrom, np.xto = k, np.to
	}
	return np
}

// nameSpeakerKeep makes a speaker of the name mention m at token i
// that keeps the source phrase of s.
func (d *doc) nameSpeakerKeep(s speaker, m mref, i int) speaker {
	p := d.nameSpeaker(m, i)
	p.xfrom, p.xto = s.xfrom, s.xto
	return p
}

// personAfterCue returns the person named shortly after an inverted cue
// that found no speaker phrase it knows, when only words of a title
// stand between and the name ends the clause: "“…,” said master of
// ceremonies Asab Al-Tabchi, a Syrian engineer …". The title joins the
// source phrase.
func (d *doc) personAfterCue(cue article.Span) speaker {
	v := d.tokenAtOffset(cue.End) // the cue's last token
	if v < 0 || v+1 >= len(d.a.Tokens) {
		return noSpeaker
	}
	_, s1 := d.sentOf(v)
	for k := v + 1; k < s1 && k <= v+maxNearSubject; k++ {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct {
			return noSpeaker
		}
		m, ok := d.mentionAt[k]
		if !ok {
			continue
		}
		if d.a.Entities[m.ent].Type != article.PER || m.end < s1 && !d.isPunct(m.end, ",.;:!?—–") {
			return noSpeaker
		}
		s := d.nameSpeaker(m, k)
		s.xfrom, s.xto = v+1, m.end
		return s
	}
	return noSpeaker
}

// maxColonClause bounds the tokens of a clause that introduces a
// quotation with a colon.
const maxColonClause = 20

// antecedent chooses the entity a pronoun or role noun refers to.
func (d *doc) antecedent(qi int, s speaker) int {
	wantType := s.typ
	if wantType == "" {
		wantType = article.PER
	}
	if s.kind == article.MentionPronoun && s.number == "pl" {
		wantType = article.ORG
	}
	// A role phrase in apposition to a person right before it refers to
	// them: "R. Gil Kerlikowske, the border agency's commissioner, who
	// conceded …".
	if s.kind == article.MentionNominal && wantType == article.PER && s.from > 1 && d.lower[s.from-1] == "," {
		if e := d.covered[s.from-2]; e > 0 && d.a.Entities[e-1].Type == article.PER && d.inQ[s.from-2] == 0 {
			return e - 1
		}
	}
	// A role or title seen with a name: "the ambassador" → Ambassador Solvang.
	if s.kind == article.MentionNominal && wantType == article.PER {
		if e := d.recentWith(s.from, func(e *article.Entity) bool {
			return e.Type == article.PER && hasRole(e.Roles, s.role)
		}); e >= 0 {
			return e
		}
	}
	if s.kind == article.MentionNominal && wantType == article.ORG {
		if e := d.recentWith(s.from, func(e *article.Entity) bool {
			return e.Type != article.PER && strings.Contains(strings.ToLower(e.Name), s.role)
		}); e >= 0 {
			return e
		}
		// "Greenpeace accused Shell. The video shows …": a document is
		// its own source, not the organisation named last.
		if r, _ := d.w.Role(s.role); r.Document {
			return -1
		}
	}
	compatible := func(e *article.Entity) bool {
		if wantType == article.PER {
			return e.Type == article.PER && (s.gender == "" || e.Gender == "" || e.Gender == s.gender)
		}
		return e.Type == article.ORG && (s.kind != article.MentionNominal || d.ofKind(e, s.role))
	}
	// The last speaker, when it spoke in this or the previous paragraph,
	// unless a person named as a subject since then is nearer ("Claire
	// Dumont … was cautious. She told reporters…").
	recent, at := d.recentAt(s.from, compatible)
	para := d.paraOf(s.from)
	for k := qi - 1; k >= 0; k-- {
		p := d.quotes[k].spk
		if !p.ok() || p.from >= s.from {
			continue
		}
		if para-d.paraOf(p.from) > 1 {
			break
		}
		// A person named inside what that speaker reported is not a
		// new subject: the reporting clause's subject stays the topic
		// ("Judge Jane Roe said Doe had lied. “…,” she told him." is
		// the judge's, not Doe's).
		inReport := recent >= 0 && at >= 0 && d.a.Tokens[at].Start >= d.quotes[k].content.Start && d.a.Tokens[at].Start < d.quotes[k].content.End
		if p.ent >= 0 && compatible(&d.a.Entities[p.ent]) && (recent < 0 || at < p.from || recent == p.ent || inReport) {
			return p.ent
		}
		break
	}
	return recent
}

// ofKind reports whether the organisation e may be what the role noun
// role refers to. Where every noun is capitalised (German), a name that
// opens with the role noun of its kind names that kind ("Zeitung
// Morgenpost", "Handelskammer Hamburg", a tagged "Amt"), so one that opens
// with another organisation's role noun is of another kind: "Die Kammer
// sagte" after "der Zeitung Morgenpost" is no paper. A name that opens
// otherwise may be of any kind ("Stuttgarter Autozulieferer Kernwerk AG"
// is "das Unternehmen"). Elsewhere a role noun often stands for a name
// that opens with another word ("resort" for "Ministerstwo Zdrowia"),
// and any organisation may do.
func (d *doc) ofKind(e *article.Entity, role string) bool {
	f := strings.Fields(strings.ToLower(e.Name))
	if role == "" || !d.w.CapitalisedNouns || len(f) == 0 {
		return true
	}
	r, ok := d.w.Role(f[0])
	return !ok || r.Type != article.ORG || strings.Contains(f[0], role) || strings.Contains(role, f[0])
}

// affiliation reports whether the organisation mention at token k names
// the affiliation of the person right before its preposition ("Trainer
// Wim Lansink van FC Lingewaard", "Jane Doe of Acme"): as salient as the
// person, so "de club" later refers to it.
func (d *doc) affiliation(k int) bool {
	if e := d.covered[k]; e == 0 || d.a.Entities[e-1].Type != article.ORG {
		return false
	}
	p := k - 1
	if p > 0 && d.w.Determiners[d.lower[p]] != "" {
		p--
	}
	if p < 1 || !d.w.Prepositions[d.lower[p]] {
		return false
	}
	e := d.covered[p-1]
	return e > 0 && d.a.Entities[e-1].Type == article.PER
}

// recentWith returns the entity of the most recent name mention before
// token i, outside quotations, that ok accepts; subjects of earlier
// sentences are preferred over objects of prepositions and genitives.
func (d *doc) recentWith(i int, ok func(*article.Entity) bool) int {
	e, _ := d.recentAt(i, ok)
	return e
}

// recentAt is recentWith that also returns the token where the chosen
// mention starts (-1 when there is none).
func (d *doc) recentAt(i int, ok func(*article.Entity) bool) (int, int) {
	fallback, fallbackAt := -1, -1
	for k := i - 1; k >= 0 && k >= i-400; k-- {
		e := d.covered[k]
		if e == 0 || d.inQ[k] != 0 {
			continue
		}
		// Move to the mention's first token.
		for k > 0 && d.covered[k-1] == e {
			k--
		}
		ent := &d.a.Entities[e-1]
		if !ok(ent) {
			continue
		}
		end := k + 1
		if m, ok := d.mentionAt[k]; ok {
			end = m.end
		}
		if (d.afterPreposition(k) || d.possessive(k, end)) && !d.affiliation(k) {
			if fallback < 0 {
				fallback, fallbackAt = e-1, k
			}
			continue
		}
		return e - 1, k
	}
	return fallback, fallbackAt
}

func hasRole(roles []string, role string) bool {
	for _, r := range roles {
		if r == role || strings.HasPrefix(role, r) || strings.HasPrefix(r, role) {
			return true
		}
	}
	return false
}

// addMention records a pronoun or nominal speaker mention on its entity.
func (d *doc) addMention(ent int, s speaker) {
	sp := d.span(s.from, s.to)
	e := &d.a.Entities[ent]
	for _, m := range e.Mentions {
		if m.Start == sp.Start && m.End == sp.End {
			return
		}
	}
	kind := s.kind
	if kind != article.MentionPronoun {
		kind = article.MentionNominal
	}
	e.Mentions = append(e.Mentions, article.Mention{Start: sp.Start, End: sp.End, Text: d.a.Text[sp.Start:sp.End], Kind: kind})
	sort.SliceStable(e.Mentions, func(i, j int) bool { return e.Mentions[i].Start < e.Mentions[j].Start })
}
