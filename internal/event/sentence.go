package event

import (
	"math"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A hit is a trigger found in a sentence: words [first, last], and the
// particle's word when the trigger has one.
type hit struct {
	trigger
	first, last int
	particle    int
	negated     bool
	skip        bool
	heir        int  // index+1 of the hit whose source this one takes ("denied attacking")
	sub         bool // a participle or gerund phrase: ", killing two civilians"
}

// triggers finds the triggers of the sentence ws[lo:hi], left to right,
// longest first; a trigger never starts inside a name.
func (x *coding) triggers(lo, hi int) []hit {
	var out []hit
	ws := x.ws[:hi]
	for i := lo; i < hi; i++ {
		if ws[i].punct || x.inName[i] {
			continue
		}
		var h hit
		x.lx.triggers.matchAll(ws, i, func(t trigger, n int, pat []string) bool {
			if x.lx.agentNoun(pat[0], ws[i].norm) {
				return true // "negotiators" is not "negotiate"
			}
			c := hit{trigger: t, first: i, last: i + n - 1, particle: -1}
			if t.particle != "" {
				for k := i + n; k < hi; k++ {
					if ws[k].norm == t.particle {
						c.particle = k
						break
					}
				}
				// In a verb-final clause the particle comes first: "die de
				// NAVO de schuld gaf".
				for k := i - 1; c.particle < 0 && x.lx.v2 && k >= lo && k >= i-3 && !ws[k].punct; k-- {
					if ws[k].norm == t.particle {
						c.particle = k
					}
				}
				if c.particle < 0 {
					return true // "riep" without "op" is not "oproepen"
				}
			}
			h = c
			return false
		})
		if h.typ == "" {
			continue
		}
		n := h.last - h.first + 1
		if x.is(i-1, fnDet) { // "the attack", "de aanval"
			h.noun = true
		}
		switch {
		case h.sentence && x.termNear(h, lo, hi):
			// "condenó … a seis años", "veroordeeld tot zes jaar cel": a
			// court's sentence, not criticism.
			h.typ, h.mode = "COERCE", "arrest"
		case h.blockade && x.kindNear(h, lo, hi, fnRoad, 5):
			// "blocked highways" is a protest; "blocked a sanctions
			// package" stays a rejection.
			h.typ, h.mode = "PROTEST", "blockade"
		}
		out = append(out, h)
		i += n - 1
	}
	// A verb form that never is a finite verb ("-ing") after a comma or a
	// preposition opens a participle or gerund phrase about something
	// else: ", killing two civilians", "on charges of collaborating with".
	for k := range out {
		h := &out[k]
		if h.noun || !x.lx.activeForm(ws[h.last].norm) || h.first == lo {
			continue
		}
		if p := h.first - 1; ws[p].norm == "," || x.is(p, fnPrep) || x.is(p, fnOf) || x.is(p, fnAgent) {
			h.skip, h.sub = true, true
		}
	}
	gov := -1 // the last verb that governs what follows it
	for k := 0; k+1 < len(out); k++ {
		a, b := &out[k], &out[k+1]
		if !a.noun && (!a.skip || a.deny) {
			gov = k
		}
		near := func(a *hit) bool {
			if x.kindBetween(a.last, b.first, fnAdverbial) && !b.noun {
				return false // "expelled the ambassador after Madrid criticised Caracas"
			}
			return b.first-a.last <= 9 && !x.punctBetween(a.last, b.first) &&
				(b.noun || !x.kindBetween(a.last, b.first, fnConj)) || x.infClause(a, b)
		}
		switch {
		case a.deny && (near(a) || x.denyClause(a, b)):
			// "denied attacking", "ontkende dat het wapens had geleverd":
			// the denied action is coded, negated, with the denier as
			// its source, instead of the denial.
			a.skip = true
			b.negated = true
			b.heir = k + 1
		case a.noun && b.deny && near(a) && b.first-a.last <= 4:
			// "heeft deze beschuldiging ontkend": the denial is the event.
			a.skip = true
		case a.weak && !a.skip && (b.noun || b.typ == a.typ) && near(a):
			// "approved a loan", "gaf groen licht voor sancties", "impuso
			// sanciones": the noun names the event, done by the verb's
			// subject.
			a.skip = true
			b.heir = k + 1
		case b.weak && !b.noun && a.noun && !a.skip && x.lx.v2 && b.first-a.last <= 6 && !x.punctBetween(a.last, b.first):
			// Verb-final: "hat weitere Waffenlieferungen an die Ukraine
			// gebilligt" is the aid, done by the verb's subject.
			a.heir = k + 2
		case a.noun && !a.skip && b.first-a.last <= 3 && x.isFn(a.last+1) && !x.punctBetween(a.last, b.first) &&
			!x.kindBetween(a.last, b.first, fnConj) && !x.nameBetween(a.last, b.first):
			// "an investigation into alleged war crimes", "accusations of
			// spying": what a noun is about is not an event of its own.
			b.skip = true
		case gov >= 0 && !out[gov].deny && near(&out[gov]):
			// "urged Iran to release", "condemned the attack", "agreed to
			// cooperate", "weigerde de invasie te veroordelen": what
			// follows a verb is what the verb is about, not an event of
			// its own.
			b.skip = true
		}
	}
	// Force used with a means of crowd control is repression (CAMEO 175),
	// not an assault: "met waterkanonnen bestookt", "attacked with tear
	// gas". The means is no event of its own.
	for k := range out {
		a := &out[k]
		if a.noun || a.skip || (a.typ != "ASSAULT" && a.typ != "FIGHT") {
			continue
		}
		for j := range out {
			b := &out[j]
			if !b.noun || b.typ != "COERCE" || b.mode != "" || b.first == lo || !x.is(b.first-1, fnPrep) ||
				(b.first < a.first && a.first-b.last > 2) || (b.first > a.last && b.first-a.last > 3) ||
				x.punctBetween(min(a.last, b.last), max(a.first, b.first)) {
				continue
			}
			a.typ, a.mode = "COERCE", ""
			b.skip = true
			break
		}
	}
	// An attack with missiles, drones or artillery is military force
	// (FIGHT), not an assault: "attacked Odesa with missiles", "die Stadt
	// mit Drohnen angegriffen", "atacaron … con misiles".
	for k := range out {
		a := &out[k]
		if a.noun || a.skip || a.typ != "ASSAULT" || a.mode != "" {
			continue
		}
		for j := max(lo+1, a.first-4); j < hi && j <= a.last+5; j++ {
			if j >= a.first && j <= a.last || !x.is(j, fnWeapon) || !x.prepBefore(j, 4) ||
				x.punctBetween(min(a.last, j), max(a.first, j)) {
				continue
			}
			a.typ = "FIGHT"
			break
		}
	}
	// A weak verb is an event only through the noun it governs: "approved
	// a new budget" is none.
	for k := range out {
		if out[k].weak && !out[k].noun {
			out[k].skip = true
		}
	}
	return out
}

// agentCase reports a word in the case that names a passive's doer.
func (x *coding) agentCase(k int) bool {
	for _, e := range x.lx.agentCase {
		if strings.HasSuffix(x.ws[k].norm, e) {
			return true
		}
	}
	return false
}

// denyClause reports a denial whose object is a clause after a comma:
// "отрицает, что наносил удары" (the comma that Slavic languages write
// before "that").
func (x *coding) denyClause(a, b *hit) bool {
	if !x.lx.commaThat || b.first-a.last > 9 || a.last+2 >= b.first {
		return false
	}
	if x.ws[a.last+1].norm != "," || !x.is(a.last+2, fnSub) {
		return false
	}
	return !x.punctBetween(a.last+2, b.first)
}

// infClause reports b as the verb of an infinitive clause that follows
// verb a after a comma, as German writes it: "weigerte sich, das Gesetz
// zu unterzeichnen", "bestritt, Waffen geliefert zu haben", "rief die
// Verbündeten auf, mehr Waffen zu liefern".
func (x *coding) infClause(a, b *hit) bool {
	if !x.lx.v2 || a.noun || b.first-a.last > 12 || b.first <= a.last {
		return false
	}
	comma := -1
	for k := a.last + 1; k < b.first; k++ {
		if !x.ws[k].punct || isQuoteMark(x.ws[k].norm) {
			continue
		}
		if x.ws[k].norm != "," || comma >= 0 {
			return false
		}
		comma = k
	}
	if comma < 0 || x.kindBetween(comma, b.first, fnSub) || x.kindBetween(comma, b.first, fnConj) {
		return false
	}
	return x.is(b.first-1, fnInf) || (b.last+1 < len(x.ws) && x.is(b.last+1, fnInf))
}

func (x *coding) kindBetween(i, j int, kind string) bool {
	for k := i + 1; k < j; k++ {
		if x.is(k, kind) {
			return true
		}
	}
	return false
}

// punctBetween reports punctuation other than quotation marks between
// words i and j.
func (x *coding) punctBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if x.ws[k].punct && !isQuoteMark(x.ws[k].norm) && !isCurrency(x.ws[k].norm) {
			return true
		}
	}
	return false
}

// isCurrency reports a currency sign, which is part of an amount and
// breaks nothing: "pledged $200 million in aid".
func isCurrency(s string) bool {
	switch s {
	case "$", "€", "£", "¥", "₽", "₹":
		return true
	}
	return false
}

func isQuoteMark(s string) bool {
	switch s {
	case "\"", "'", "“", "”", "„", "‘", "’", "«", "»", "‹", "›", "‚":
		return true
	}
	return false
}

// clauseBreak reports a word that ends a clause for the subject search: a
// comma, a dash, a colon or semicolon, or a subordinator ("that", "dat").
func (x *coding) clauseBreak(k int) bool {
	if x.ws[k].punct {
		switch x.ws[k].norm {
		case ",", "–", "—", "-", ";", ":", "(", ")":
			return true
		}
		return false
	}
	return x.is(k, fnSub) || x.is(k, fnAdverbial)
}

// is reports whether word k has function-word kind kind.
func (x *coding) is(k int, kind string) bool {
	return k >= 0 && k < len(x.ws) && x.fk[k]&fnBit[kind] != 0
}

// isFn reports whether word k is a function word of any kind.
func (x *coding) isFn(k int) bool {
	return k >= 0 && k < len(x.ws) && x.fk[k] != 0
}

// quoteAt returns the quote whose content covers span s, or nil.
func (x *coding) quoteAt(s article.Span) *article.Quote {
	for i := range x.a.Quotes {
		q := &x.a.Quotes[i]
		if q.Start <= s.Start && s.End <= q.End {
			return q
		}
	}
	return nil
}

// quoteOfSentence returns a quote whose content or cue lies in sentence s.
func (x *coding) quoteOfSentence(s article.Span) *article.Quote {
	for i := range x.a.Quotes {
		q := &x.a.Quotes[i]
		if s.Overlaps(q.Span()) || s.Contains(article.Span{Start: q.CueStart, End: q.CueEnd}) {
			return q
		}
	}
	return nil
}

// speaker returns the actor of a quote's speaker, or false. When the
// quote stage left the speaker unresolved (a bare pronoun, nothing), the
// actor of the sentence outside the quote stands in: the subject of "said"
// before an indirect quote, the one after a direct quote.
func (x *coding) speaker(q *article.Quote, as []actor) (actor, bool) {
	sp := q.Speaker
	c, name := "", sp.Name
	if e := x.a.EntityByID(sp.Entity); e != nil {
		c, name = x.entityCode(e), e.Name
	} else if sp.End > sp.Start && sp.End <= len(x.a.Text) {
		c = x.spanCode(article.Span{Start: sp.Start, End: sp.End})
	}
	if c == "" {
		var before, after []int
		for k, a := range as {
			switch {
			case a.End <= q.Start && !a.pronoun:
				before = append(before, k)
			case a.Start >= q.End && !a.pronoun:
				after = append(after, k)
			}
		}
		if k := pick(as, after); k >= 0 && q.Kind == article.Direct {
			return as[k], true
		}
		if k := pick(as, before); k >= 0 {
			return as[k], true
		}
		if k := pick(as, after); k >= 0 {
			return as[k], true
		}
		return actor{}, false
	}
	i := x.wordAt(sp.Start)
	return actor{Span: article.Span{Start: sp.Start, End: sp.End}, first: i, last: i,
		entity: sp.Entity, name: name, code: c}, true
}

func (x *coding) usable(as []actor, k int) bool {
	return !as[k].place && !as[k].inLoc && !x.is(as[k].first-1, fnLoc)
}

// physical holds the event types whose target may be a place: a city is
// shelled or attacked, not criticised or met.
var physical = map[string]bool{"ASSAULT": true, "FIGHT": true}

// recipientTypes are the event types whose target receives something, so
// that a country after a preposition that also means "in" is the
// recipient: "une aide … à Haïti", "sanciones a tres funcionarios".
var recipientTypes = map[string]bool{"AID": true, "AGREE": true, "SANCTION": true, "CONCEDE": true}

// recipient reports an actor after a dative preposition (to, à, a) that
// receives what an event of type typ gives.
func (x *coding) recipient(as []actor, k int, typ string) bool {
	return recipientTypes[typ] && !as[k].place && x.is(as[k].first-1, fnDative)
}

// pick returns the first strong actor among the candidates, or the first
// weak one ("the Ukrainian port"), or -1.
func pick(as []actor, cands []int) int {
	for _, k := range cands {
		if !as[k].weak {
			return k
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return -1
}

// prepBefore reports a preposition at most n words before word k, with
// only numbers and counting words between: "mit mehr als 100 Drohnen".
func (x *coding) prepBefore(k, n int) bool {
	for j := k - 1; j >= 0 && j >= k-n; j-- {
		if x.ws[j].punct {
			return false
		}
		if x.is(j, fnPrep) {
			return true
		}
	}
	return false
}

// locBefore reports a locative preposition at most three words before
// word k and after word from, with no punctuation between: "in Lebanon",
// "im Norden Malis".
func (x *coding) locBefore(k, from int) bool {
	for j := k - 1; j > from && j >= k-3; j-- {
		if x.ws[j].punct {
			return false
		}
		if x.is(j, fnLoc) {
			return true
		}
	}
	return false
}

// genitiveOf reports an actor at word k that owns the noun before it:
// "of" or a genitive article ("des") right before it, or "of the".
func (x *coding) genitiveOf(k int) bool {
	if k < 1 || x.ws[k-1].sent != x.ws[k].sent {
		return false
	}
	if x.is(k-1, fnOf) {
		return true
	}
	return k >= 2 && x.is(k-1, fnDet) && x.is(k-2, fnOf) && x.ws[k-2].sent == x.ws[k].sent
}

// inverted returns the actor right after the verb of h (a verb-second
// subject), or -1.
func (x *coding) inverted(as []actor, h hit, chi int) int {
	for ai, a := range as {
		if a.first > h.last && a.first <= h.last+3 && a.last < chi && x.usable(as, ai) && !a.weak {
			return ai
		}
	}
	return -1
}

// blocked reports a name mention of a person or organisation without an
// actor code among words [from, to).
func (x *coding) blocked(from, to int) bool {
	for k := max(from, 0); k < to && k < len(x.ws); k++ {
		e := x.mentOf[k]
		if e == 0 {
			continue
		}
		ent := &x.a.Entities[e-1]
		if (ent.Type == article.PER || ent.Type == article.ORG) && x.entityCode(ent) == "" && !x.left[x.mentionSpan(k)] {
			return true
		}
	}
	return false
}

// mentionSpan returns the span of the name mention that starts at word k.
func (x *coding) mentionSpan(k int) article.Span {
	e := &x.a.Entities[x.mentOf[k]-1]
	for _, m := range e.Mentions {
		if m.Start == x.ws[k].Start {
			return m.Span()
		}
	}
	return article.Span{}
}

// lightVerbNear reports a light verb ("held", "imposed", "voerde") within
// four words before the nominal trigger h or five after it, in the clause.
func (x *coding) lightVerbNear(h hit, lo, hi int) bool {
	for k := h.first - 1; k >= lo && k >= h.first-4; k-- {
		if x.ws[k].punct && !isQuoteMark(x.ws[k].norm) {
			break
		}
		if x.is(k, fnLight) {
			return true
		}
	}
	after := 5
	if x.lx.v2 {
		after = 9 // verb-final: "hat Anklage gegen drei mutmaßliche Mitglieder der Hamas erhoben"
	}
	for k := h.last + 1; k < hi && k <= h.last+after; k++ {
		if x.ws[k].punct && !isQuoteMark(x.ws[k].norm) {
			break
		}
		if x.is(k, fnLight) {
			return true
		}
	}
	return false
}

// possessive reports a word that ends in a possessive "'s".
func (x *coding) possessive(k int) bool {
	w := x.a.Text[x.ws[k].Start:x.ws[k].End]
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
}

// A role is what coding one hit found: its source and target actors
// (indexes into the sentence's actors, or the speaker of a quote).
type role struct {
	src, tgt int
	speaker  *actor
	extra    *actor // an actor made for this hit only (the adjective before a noun), as src
	quote    string
	agent    bool // the source is marked as the doer: "by Russia", "the Russian invasion"
}

// roles finds the source and target of hit n.
func (x *coding) roles(hits []hit, n int, as []actor, lo, hi int, prev *role) role {
	h := hits[n]
	sent := x.sents[x.ws[lo].sent]
	tspan := article.Span{Start: x.ws[h.first].Start, End: x.ws[h.last].End}
	q := x.quoteAt(tspan)
	clo, chi := lo, hi // the clause: the quote's content when inside one
	if q != nil {
		clo, chi = x.wordAt(q.Start), min(hi, x.wordAt(q.End))
	}
	r := role{src: -1, tgt: -1}
	if q != nil {
		r.quote = q.ID
	}
	// Passive: "was attacked by Russia", "werd aangevallen door Rusland"; a
	// noun names its agent the same way: "the attack by Russia".
	passive := !x.lx.activeForm(x.ws[h.last].norm) &&
		(x.is(h.first-1, fnAux) || x.is(h.first-2, fnAux) || x.is(h.first-3, fnAux) || x.auxAfter(h, chi) || x.auxFar(h, clo))
	// Further back in the clause an auxiliary makes a passive only with an
	// agent: "zijn gisteren in Kinshasa opgepakt door de politie".
	maybePassive := passive || x.is(h.first-1, fnAux2) || x.is(h.first-2, fnAux2) || x.is(h.first-3, fnAux2) ||
		(!x.lx.activeForm(x.ws[h.last].norm) && x.auxBefore(h, clo))
	switch {
	case h.noun:
		r.src, r.tgt = x.nounAgent(h, as, chi)
		r.agent = r.src >= 0
	case maybePassive:
		r.src = x.passiveAgent(h, as, clo, chi)
		r.agent = r.src >= 0
	}
	if r.src < 0 && passive && len(x.lx.agentCase) > 0 {
		// Slavic passives name the doer in the instrumental, with no
		// word for "by": "было атаковано демонстрантами".
		for ai, a := range as {
			if a.first > h.last && a.first <= h.last+3 && x.agentCase(a.first) {
				r.src, r.agent = ai, true
				break
			}
		}
	}
	if r.src >= 0 && r.tgt < 0 {
		var cands []int
		for ai := len(as) - 1; ai >= 0; ai-- {
			if ai != r.src && as[ai].last < h.first && as[ai].first >= clo && x.usable(as, ai) {
				cands = append(cands, ai)
			}
		}
		r.tgt = pick(as, cands)
	}
	if r.src < 0 && passive && !h.noun {
		// A passive without its agent ("were fatally shot"): the subject
		// is the target, and who acted is not said.
		return r
	}
	if r.src < 0 && h.noun {
		// "de Russische invasie", "the Chinese offer": the country
		// adjective before a noun is its agent.
		for ai, a := range as {
			if a.last == h.first-1 && (a.weak || strings.HasSuffix(a.name, "'s") || strings.HasSuffix(a.name, "’s") || x.possessive(a.last)) {
				r.src, r.agent = ai, true // "Russia's invasion", "de Russische invasie"
			}
		}
		if r.src < 0 && h.first > lo {
			for s := max(lo, h.first-2); s < h.first; s++ {
				if v, n := x.actorMatch(h.first, s); n > 0 && s+n == h.first && v.kind == kindDemonym {
					as = append(as, x.newPhrase(s, h.first-1, v.code))
					as[len(as)-1].weak = true
					r.src, r.agent = len(as)-1, true
					r.extra = &as[len(as)-1]
					break
				}
			}
		}
	}
	if r.src < 0 {
		// The subject is the first actor between the start of the clause
		// (a previous trigger, a comma, "that") and the trigger:
		// "Rusland heeft Oekraïne aangevallen", "Xi and Putin met", "a
		// move that the United Nations condemned".
		bound := clo
		if n > 0 && hits[n-1].last >= clo && !hits[n-1].noun {
			bound = hits[n-1].last + 1
		}
		first := true
		for k := h.first - 1; k > bound; k-- {
			if x.clauseBreak(k) {
				var any bool
				for _, a := range as {
					any = any || (a.first > k && a.last < h.first)
				}
				if any {
					bound = k + 1
					break
				}
				// "Nachdem Aserbaidschan die Grenze geschlossen hatte,
				// protestierte Armenien": after a clause that opens the
				// sentence with a subordinator, the verb comes first.
				leadSub := h.first-k == 1 && x.ws[k].norm == "," && x.is(lo, fnSub) && !x.is(lo, fnDet)
				if first && x.lx.v2 && !h.noun && (h.first-k >= 2 && h.first-k <= 5 || leadSub) {
					// "–, sinds vorige maand waarschuwde Peking": a clause
					// that starts with an adverbial has its subject after
					// the verb.
					if ai := x.inverted(as, h, chi); ai >= 0 {
						r.src = ai
						break
					}
				}
				first = false
			}
		}
		if r.src >= 0 {
			goto found
		}
		var cands []int
		for ai, a := range as {
			if a.first >= bound && a.last < h.first && x.usable(as, ai) {
				if len(cands) > 0 && x.genitiveOf(a.first) {
					continue // "russische Hacker … das Netzwerk des Bundestags": an owner, not the subject
				}
				cands = append(cands, ai)
			}
		}
		if len(cands) == 0 && prev != nil && bound > clo && prev.speaker == nil && prev.extra == nil && prev.src >= 0 {
			// Coordinated verbs share their subject: "X gaf …, weigerde
			// … en steunde …".
			cands = append(cands, prev.src)
		}
		r.src = pick(as, cands)
		if r.src >= 0 && x.blocked(bound, as[r.src].first) {
			// A name that cannot be coded comes first: it is the subject
			// ("Obama wants Putin to attack", "dat de AIVD de gemeente
			// waarschuwde"), so the doer is unknown, not the next actor.
			r.src = -1
			return r
		}
		if r.src < 0 && !h.speech && q == nil { // the subject of an earlier verb: "X met Y and signed"
			cands = cands[:0]
			for ai := len(as) - 1; ai >= 0; ai-- {
				if as[ai].last < h.first && as[ai].first >= clo && x.usable(as, ai) {
					cands = append(cands, ai)
				}
			}
			r.src = pick(as, cands)
		}
	}
found:
	if r.src < 0 && (h.speech || q != nil) {
		qq := q
		if qq == nil {
			qq = x.quoteOfSentence(sent)
		}
		if qq != nil {
			if sp, ok := x.speaker(qq, as); ok {
				r.speaker = &sp
				r.quote = qq.ID
			}
		}
	}
	if r.src < 0 && r.speaker == nil && x.lx.v2 && !h.noun {
		// Inverted subject: "Dinsdag veroordeelde Duitsland de aanval".
		r.src = x.inverted(as, h, chi)
	}
	if r.src < 0 && r.speaker == nil {
		return r
	}
	if h.noun && !r.agent && r.speaker == nil && h.heir == 0 && !x.lightVerbNear(h, clo, chi) {
		// A noun whose doer is neither marked ("by", "Russia's") nor the
		// subject of a verb that carries it ("held talks", "imposed
		// sanctions", "vaardigde een arrestatiebevel uit") is a topic, not
		// an event: "in the talks", "de beschuldiging".
		r.src = -1
		return r
	}
	srcActor := r.speaker
	if srcActor == nil {
		srcActor = &as[r.src]
	}
	if r.tgt < 0 {
		// A coordinated subject is the partner: "Japan and the
		// Philippines agreed", "Azerbaijan and Armenia accused each other".
		if r.src >= 0 && r.src+1 < len(as) && (symmetric[h.typ] || x.reciprocal(h, chi)) {
			b := as[r.src+1]
			if b.last < h.first && b.first-as[r.src].last <= 3 && x.kindBetween(as[r.src].last, b.first, fnConj) {
				r.tgt = r.src + 1
			}
		}
	}
	after := h.last
	if r.src >= 0 && as[r.src].first > after {
		after = as[r.src].last
	}
	limit := chi
	for k := n + 1; k < len(hits); k++ {
		if (!hits[k].skip || hits[k].sub) && !hits[k].noun {
			limit = min(limit, hits[k].first) // the next verb has its own object
			break
		}
	}
	// targetAfter picks the target among the actors after the trigger and
	// before word end.
	targetAfter := func(end int) int {
		var cands []int
		for ai, a := range as {
			if ai == r.src || a.first <= after || a.last >= end || a.first > after+16 || (a.first > after+12 && !x.recipient(as, ai, h.typ)) {
				continue // a recipient may come after a long object: "envió … un nuevo lote de carros de combate a Ucrania"
			}
			visited := h.mode == "visit" && !a.weak && (a.inLoc || a.place || x.is(a.first-1, fnLoc)) // "se rendit à Alger", "reiste nach Peking"
			if (!x.usable(as, ai) && !x.recipient(as, ai, h.typ) && !(a.place && physical[h.typ] && !x.is(a.first-1, fnLoc)) && !visited) ||
				sameActor(a, *srcActor) {
				continue
			}
			cands = append(cands, ai)
		}
		t := pick(as, cands)
		if t < 0 && physical[h.typ] {
			// Force is used against the country it strikes in: "bombed
			// targets in Lebanon", "Ziele im Libanon"; not a city ("a raid
			// in Jenin" names where, not whom).
			for ai, a := range as {
				if ai != r.src && a.first > after && a.last < end && a.first <= after+12 && !a.place && !a.weak &&
					len(a.code) == 3 && !nonState[a.code] && (a.inLoc || x.locBefore(a.first, after)) && !sameActor(a, *srcActor) {
					return ai
				}
			}
		}
		return t
	}
	// A verb that ends its clause has its objects before it: "hat Ruanda
	// vorgeworfen, die M23-Rebellen zu unterstützen"; only when it has
	// none there is its object in the clause after ("hat versprochen, der
	// Ukraine … zu liefern").
	clauseEnd := x.lx.v2 && !h.noun && h.last+1 < limit && x.clauseBreak(h.last+1)
	if r.tgt < 0 && !clauseEnd {
		r.tgt = targetAfter(limit)
	}
	if r.tgt < 0 && r.src >= 0 && as[r.src].last < h.first {
		// Verb-final clause: "China heeft Rusland aangevallen".
		var cands []int
		for ai := len(as) - 1; ai > r.src; ai-- {
			if as[ai].last < h.first && !sameActor(as[ai], *srcActor) && x.usable(as, ai) {
				cands = append(cands, ai)
			}
		}
		r.tgt = pick(as, cands)
	}
	if r.tgt < 0 && clauseEnd {
		r.tgt = targetAfter(limit)
	}
	if r.tgt >= 0 && h.typ == "MOBILIZE" && ownTroops(as[r.tgt].code, srcActor.code) {
		r.tgt = -1 // "a déployé des soldats", "desplegó miles de soldados": what is deployed, not against whom
	}
	return r
}

// ownTroops reports a military target code without a country, or of the
// source's own country.
func ownTroops(tgt, src string) bool {
	c, sector, ok := strings.Cut(tgt, "-")
	if !ok {
		return tgt == "MIL"
	}
	s, _, _ := strings.Cut(src, "-")
	return sector == "MIL" && c == s
}

// symmetric holds the event types whose coordinated subjects act on each
// other: "Japan and the Philippines agreed", "X and Y met".
var symmetric = map[string]bool{"AGREE": true, "CONSULT": true, "COOPERATE": true, "FIGHT": true}

// reciprocal reports "each other", "elkaar" after the trigger.
func (x *coding) reciprocal(h hit, hi int) bool {
	for k := h.last + 1; k < hi && k <= h.last+4; k++ {
		if x.is(k, fnRecip) {
			return true
		}
	}
	return false
}

// sentence codes the events of sentence si, words ws[lo:hi].
func (x *coding) sentence(events []article.Event, si, lo, hi int) []article.Event {
	hits := x.triggers(lo, hi)
	if len(hits) == 0 {
		return events
	}
	as := x.actors(lo, hi)
	sent := x.sents[si]
	future := false
	for k := lo; k < hi; k++ {
		if x.is(k, fnFuture) {
			future = true
			break
		}
	}
	dates := findDates(x.lx, x.ws, lo, hi, x.an, future)
	first := len(events)
	roles := make([]role, len(hits))
	for n := range hits {
		var prev *role // the role of the last verb that is an event of its own
		for k := n - 1; k >= 0; k-- {
			if !hits[k].skip && !hits[k].noun {
				prev = &roles[k]
				break
			}
		}
		roles[n] = x.roles(hits, n, as, lo, hi, prev)
	}
	for n, h := range hits {
		if h.skip {
			continue
		}
		r := roles[n]
		if h.heir > 0 {
			if hr := roles[h.heir-1]; hr.src >= 0 || hr.speaker != nil {
				if own := r.src; r.tgt < 0 && own >= 0 && own != hr.src && as[own].first > hits[h.heir-1].last {
					// The actor the clause itself gave as subject is its
					// object: "bestritt, Waffen an Russland geliefert zu
					// haben", "denied supplying weapons to Russia".
					r.tgt = own
				}
				r.src, r.speaker = hr.src, hr.speaker
				if r.tgt == r.src && r.src >= 0 {
					r.tgt = -1
				}
			}
		}
		if r.src < 0 && r.speaker == nil {
			continue // no resolvable actor: no event
		}
		src := r.speaker
		switch {
		case r.extra != nil:
			src = r.extra
		case src == nil:
			src = &as[r.src]
		}
		tspan := article.Span{Start: x.ws[h.first].Start, End: x.ws[h.last].End}
		clo, chi := lo, hi
		if q := x.quoteAt(tspan); q != nil {
			clo, chi = x.wordAt(q.Start), min(hi, x.wordAt(q.End))
		}
		typ, mode := h.typ, h.mode
		if typ == "PROTEST" && mode == "demonstrate" && !h.noun && stateActor(src.code) && (x.isPlace(src.entity) || strings.Contains(src.code, "-GOV") || src.code == "GOV") {
			// A government that protests does so officially (CAMEO 114):
			// "protestierte Armenien gegen", "le Japon a protesté"; a
			// country by its name (an entity), not its people ("thousands
			// of Israelis demonstrated").
			typ, mode = "DISAPPROVE", ""
		}
		ev := article.Event{
			Type:      typ,
			Mode:      mode,
			Source:    &article.EventActor{Entity: src.entity, Name: src.name, Code: src.code},
			Trigger:   x.a.Text[tspan.Start:tspan.End],
			TriggerAt: tspan,
			Sentence:  sent,
			Negated:   h.negated || x.negatedAt(h, clo, chi),
			Quote:     r.quote,
		}
		ev.Date, ev.DateGrain = x.an.unresolved()
		best := -1
		for di, d := range dates {
			if x.kindBetween(min(d.last, h.last), max(d.first, h.first), fnSub) {
				continue // "die vorige maand werd vrijgegeven" dates another verb
			}
			if best < 0 || distance(d, h) < distance(dates[best], h) {
				best = di
			}
		}
		if best >= 0 {
			ev.Date, ev.DateGrain = dates[best].date, dates[best].grain
		}
		inverted := r.src >= 0 && r.extra == nil && as[r.src].first > h.last
		// One event per target, with coordinated targets: "mediated
		// between Israel and Hamas".
		tgts := []int{r.tgt}
		for t := r.tgt; t >= 0 && t+1 < len(as); t++ {
			b := as[t+1]
			if b.first-as[t].last > 3 || !x.kindBetween(as[t].last, b.first, fnConj) || b.last >= chi || t+1 == r.src {
				break
			}
			tgts = append(tgts, t+1)
		}
		// Coordinated subjects of a one-sided action each act: "US and
		// British activists staged a protest".
		srcs := []*actor{src}
		if r.speaker == nil && r.extra == nil && r.tgt != r.src+1 {
			for k := r.src; k+1 < len(as) && as[k+1].last < h.first; k++ {
				b := as[k+1]
				if b.first-as[k].last > 3 || !x.kindBetween(as[k].last, b.first, fnConj) {
					break
				}
				srcs = append(srcs, &as[k+1])
			}
		}
		for _, s := range srcs {
			ev.Source = &article.EventActor{Entity: s.entity, Name: s.name, Code: s.code}
			events = x.emit(events, first, ev, h, s, as, tgts, inverted, r.agent)
		}
	}
	return events
}

// domestic returns the code of target t, which takes the country of its
// source when it is a bare domestic role ("the ruling party", "the
// mayor", "the Parliament") and the source is a state organ or a domestic
// group of a known country: the Honduran opposition accuses the Honduran
// ruling party.
func domestic(t actor, src *actor) string {
	if t.entity != "" || !domesticSector[t.code] || t.code == "OPP" {
		// The opposition a state organ arrests or disperses is coded
		// without a country in the development gold ("a Belarusian court
		// jailed an opposition activist"), so it stays bare.
		return t.code
	}
	c, sector, ok := strings.Cut(src.code, "-")
	if !ok || len(c) != 3 || nonState[c] || !(domesticSector[sector] || sector == "MIL") {
		return t.code
	}
	if sector == "OPP" && t.code != "PTY" {
		// Protesters are OPP too, and "protesters in Tbilisi demand the
		// government's resignation" is coded with a bare GOV in the
		// development gold; the ruling party is the opposition's own.
		return t.code
	}
	return c + "-" + t.code
}

// domesticSector holds the sectors that belong to one country's politics.
var domesticSector = map[string]bool{"GOV": true, "OPP": true, "PTY": true, "JUD": true, "LEG": true, "COP": true}

// emit appends ev once for each target.
func (x *coding) emit(events []article.Event, first int, ev article.Event, h hit, src *actor, as []actor, tgts []int, inverted, agent bool) []article.Event {
	for _, t := range tgts {
		e := ev
		if t >= 0 {
			ta := as[t]
			if sameActor(ta, *src) {
				continue
			}
			e.Target = &article.EventActor{Entity: ta.entity, Name: ta.name, Code: domestic(ta, src)}
		}
		e.Confidence = confidence(h, src, inverted, t >= 0, agent, x.is(h.first-1, fnModal) || x.is(h.first-2, fnModal) || x.is(h.first-3, fnModal) || (!h.noun && x.is(h.first-1, fnInf)))
		if duplicate(events[first:], e) {
			continue
		}
		events = append(events, e)
	}
	return events
}

func sameActor(a, b actor) bool {
	if a.entity != "" && b.entity != "" {
		return a.entity == b.entity
	}
	return a.Span == b.Span || (a.code == b.code && strings.EqualFold(a.name, b.name))
}

func distance(d dateExpr, h hit) int {
	if d.last < h.first {
		return h.first - d.last
	}
	return d.first - h.last
}

// negatedAt reports a negation word shortly before the trigger, or after
// it in the same clause (Dutch: "veroordeelde de aanval niet").
func (x *coding) negatedAt(h hit, lo, hi int) bool {
	for k := max(lo, h.first-4); k < h.first; k++ {
		if x.ws[k].punct {
			continue
		}
		if x.is(k, fnNeg) {
			return true
		}
	}
	for k := h.last + 1; k < hi && k <= h.last+6; k++ {
		if x.ws[k].punct {
			break
		}
		if x.is(k, fnNeg) {
			return true
		}
	}
	return false
}

func duplicate(evs []article.Event, ev article.Event) bool {
	key := func(a *article.EventActor) string {
		if a == nil {
			return ""
		}
		if a.Entity != "" {
			return a.Entity
		}
		return a.Code + "|" + a.Name
	}
	for _, e := range evs {
		if e.Type == ev.Type && key(e.Source) == key(ev.Source) && key(e.Target) == key(ev.Target) {
			return true
		}
	}
	return false
}

// confidence is a heuristic score: a verb with a named source before it
// and a target is the surest; a pronoun source, an inverted subject, a
// nominal trigger or a missing target lower it.
func confidence(h hit, src *actor, inverted, target, agent, modal bool) float64 {
	c := 0.6
	if modal {
		c -= 0.2 // "could help", "zou ontmoeten", "wanted to visit": possible or intended
	}
	if h.noun && !agent {
		c -= 0.2 // a noun whose doer is only guessed from the clause
	}
	if target {
		c += 0.2
	}
	if h.noun {
		c -= 0.1
	}
	if src.pronoun {
		c -= 0.1
	}
	if inverted {
		c -= 0.1
	}
	if src.entity != "" && !src.pronoun {
		c += 0.1
	}
	return math.Round(c*100) / 100
}

// auxAfter reports a passive auxiliary right after the participle in a
// verb-final clause: "festgenommen worden", "aangevallen werd" (not a
// future: "angreifen wird").
func (x *coding) auxAfter(h hit, hi int) bool {
	if !x.lx.v2 {
		return false
	}
	for k := h.last + 1; k < hi && k <= h.last+2; k++ {
		if x.is(k, fnAux) && !x.is(k, fnFuture) {
			return true
		}
	}
	return false
}

// auxFar reports, in a verb-final language, a passive auxiliary that is
// no future ("wurden", not "werden") anywhere before the trigger in its
// clause, with no other trigger between: "wurden in Teheran drei
// Journalisten von den Revolutionsgarden festgenommen".
func (x *coding) auxFar(h hit, lo int) bool {
	if !x.lx.v2 || h.noun {
		return false
	}
	for k := h.first - 1; k >= lo && k >= h.first-12; k-- {
		if x.clauseBreak(k) || x.triggerAt(k) {
			return false
		}
		if x.is(k, fnAux) && !x.is(k, fnFuture) {
			return true
		}
	}
	return false
}

// auxBefore reports a passive auxiliary up to six words before the
// trigger in its clause, with no other trigger between: "sind gestern in
// Moskau … festgenommen", "ont été enlevés".
func (x *coding) auxBefore(h hit, lo int) bool {
	for k := h.first - 1; k >= lo && k >= h.first-6; k-- {
		if x.clauseBreak(k) || x.triggerAt(k) {
			return false
		}
		if x.is(k, fnAux) || x.is(k, fnAux2) {
			return true
		}
	}
	return false
}

// passiveAgent returns the actor that a passive verb names as its doer
// ("by Belarusian security forces", "par des jihadistes"), or -1. The agent
// phrase may follow the verb anywhere in its clause, or, in a verb-final
// language, stand before it ("vom russischen Geheimdienst festgenommen").
func (x *coding) passiveAgent(h hit, as []actor, lo, hi int) int {
	after := func(k int) int {
		for ai, a := range as {
			if a.first > k && a.first <= k+3 && a.first < hi && x.usable(as, ai) {
				return ai
			}
		}
		return -1
	}
	for k := h.last + 1; k < hi && k <= h.last+10; k++ {
		if x.clauseBreak(k) || (k > h.last+1 && x.triggerAt(k) && !x.is(k-1, fnDet)) {
			break
		}
		if x.is(k, fnAgent) {
			return after(k)
		}
	}
	if !x.lx.v2 {
		return -1
	}
	for k := h.first - 1; k >= lo && k >= h.first-8; k-- {
		if x.clauseBreak(k) {
			break
		}
		if x.is(k, fnAgent) {
			if ai := after(k); ai >= 0 && as[ai].last < h.first {
				return ai
			}
			return -1
		}
	}
	return -1
}

// nounAgent returns the doer and the object that a nominal trigger names:
// "the arrest of a French aid worker by Iranian authorities", "die
// Festnahme eines Journalisten durch die Behörden" (the object, then the
// agent), "talks between Armenia and Azerbaijan" (both sides of a
// symmetric noun), "the attack by Russia", "support from Moscow" (an agent
// alone). Either is -1 when the sentence does not say.
func (x *coding) nounAgent(h hit, as []actor, hi int) (src, tgt int) {
	at := func(from, to int) int { // the first actor that starts in (from, to]
		for ai, a := range as {
			if a.first > from && a.first <= to && a.first < hi && x.usable(as, ai) {
				return ai
			}
		}
		return -1
	}
	// Not when someone else holds them: "a mené une médiation entre
	// Israël et le Hamas".
	if k := h.last + 1; symmetric[h.typ] && h.mode != "mediate" && k < hi && x.is(k, fnBetween) && !x.lightVerbBefore(h) {
		if a := at(k, k+2); a >= 0 && a+1 < len(as) {
			b := as[a+1]
			if b.first-as[a].last <= 3 && b.first < hi && x.kindBetween(as[a].last, b.first, fnConj) {
				return a, a + 1
			}
		}
	}
	// The object right after the noun, then "by": the object is the target.
	if o := at(h.last, h.last+3); o >= 0 && !x.punctBetween(h.last, as[o].first) {
		for k := as[o].last + 1; k < hi && k <= as[o].last+2; k++ {
			if x.is(k, fnAgent) {
				if a := at(k, k+3); a >= 0 {
					return a, o
				}
				break
			}
			if x.ws[k].punct {
				break
			}
		}
	}
	for k := h.last + 1; k < hi && k <= h.last+4; k++ {
		if !x.is(k, fnAgent) && !x.is(k, fnNounAgent) && !x.is(k, fnOf) {
			continue
		}
		if a := at(k, k+3); a >= 0 && patientNoun(h) && x.is(k, fnOf) {
			// "the arrest of two journalists", "die Ausweisung des
			// Botschafters", "la libération des otages": who is arrested,
			// expelled or freed; the doer is the subject of the verb
			// that carries the noun ("Ägypten hat … angeordnet").
			return -1, a
		}
		return at(k, k+3), -1
	}
	return -1, -1
}

// isPlace reports an entity that is a place: a country by its name, not
// its people ("Israelis", a MISC entity).
func (x *coding) isPlace(id string) bool {
	if id == "" {
		return false
	}
	e := x.a.EntityByID(id)
	return e != nil && e.Type == article.LOC
}

// patientNoun reports a nominal trigger whose "of" phrase names who
// undergoes it (arrests, expulsions, releases, withdrawals), not who does
// it.
func patientNoun(h hit) bool {
	return h.typ == "COERCE" && (h.mode == "arrest" || h.mode == "expel") || h.typ == "CONCEDE" && h.mode == "release" ||
		h.typ == "RETREAT" // "le retrait de ses troupes du Niger", "the withdrawal of troops"
}

// stateActor reports an actor code of a state or its government: a
// country alone ("ARM") or with the sector GOV.
func stateActor(code string) bool {
	c, sector, _ := strings.Cut(code, "-")
	if code == "GOV" {
		return true // "the government protested"
	}
	return len(c) == 3 && c == strings.ToUpper(c) && (sector == "" || sector == "GOV") && !nonState[c]
}

// nonState holds three-letter codes that are sectors or organisations, not
// countries.
var nonState = map[string]bool{"GOV": true, "MIL": true, "JUD": true, "LEG": true, "COP": true, "REB": true, "OPP": true,
	"CVL": true, "REF": true, "MED": true, "BUS": true, "EDU": true, "PTY": true, "IGO": true, "NGO": true}

// nameBetween reports a word of a name between words i and j.
func (x *coding) nameBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if x.inName[k] {
			return true
		}
	}
	return false
}

// kindNear reports a word of function-word kind kind within n words after
// the trigger in its clause, or, in a verb-final language, before it.
func (x *coding) kindNear(h hit, lo, hi int, kind string, n int) bool {
	for k := h.last + 1; k < hi && k <= h.last+n; k++ {
		if x.clauseBreak(k) {
			break
		}
		if x.is(k, kind) {
			return true
		}
	}
	for k := h.first - 1; x.lx.v2 && k >= lo && k >= h.first-n; k-- {
		if x.clauseBreak(k) {
			break
		}
		if x.is(k, kind) {
			return true
		}
	}
	return false
}

// termNear reports a prison term near a sentencing verb: a term word
// ("years", "jaar", "Jahren", "ans", "años", "prison") after a number
// ("five years") or a preposition ("to life", "à perpétuité"), after the
// verb in its clause or, verb-final, before it ("zu drei Jahren Haft
// verurteilt").
func (x *coding) termNear(h hit, lo, hi int) bool {
	term := func(k int) bool {
		if !x.is(k, fnTerm) {
			return false
		}
		for p := k - 1; p >= k-2 && p >= lo; p-- {
			if isNumber(x.ws[p].norm) || x.is(p, fnNum) || x.is(p, fnTerm) {
				return true
			}
		}
		p := k - 1
		return p >= lo && (x.is(p, fnInf) || x.is(p, fnDative) || x.is(p, fnPrep) || x.is(p, fnOf))
	}
	for k := h.last + 1; k < hi && k <= h.last+14; k++ {
		if x.clauseBreak(k) && x.ws[k].punct {
			break
		}
		if term(k) {
			return true
		}
	}
	for k := h.first - 1; x.lx.v2 && k >= lo && k >= h.first-8; k-- {
		if x.clauseBreak(k) && x.ws[k].punct {
			break
		}
		if term(k) {
			return true
		}
	}
	return false
}

// lightVerbBefore reports a light verb up to four words before the
// nominal trigger h, in its clause ("held talks", "a mené une médiation").
func (x *coding) lightVerbBefore(h hit) bool {
	for k := h.first - 1; k >= 0 && k >= h.first-4 && x.ws[k].sent == x.ws[h.first].sent; k-- {
		if x.ws[k].punct && !isQuoteMark(x.ws[k].norm) {
			return false
		}
		if x.is(k, fnLight) {
			return true
		}
	}
	return false
}
