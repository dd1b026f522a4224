package event

import (
	"math"

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
	heir        int // index+1 of the hit whose source this one takes ("denied attacking")
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
		x.lx.triggers.matchAll(ws, i, func(t trigger, n int) bool {
			c := hit{trigger: t, first: i, last: i + n - 1, particle: -1}
			if t.particle != "" {
				for k := i + n; k < hi; k++ {
					if ws[k].norm == t.particle {
						c.particle = k
						break
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
		if x.fnKind(i-1) == fnDet { // "the attack", "de aanval"
			h.noun = true
		}
		out = append(out, h)
		i += n - 1
	}
	for k := 0; k+1 < len(out); k++ {
		a, b := &out[k], &out[k+1]
		if b.first-a.last > 9 || x.punctBetween(a.last, b.first) || x.kindBetween(a.last, b.first, fnConj) {
			continue
		}
		if a.skip && !a.deny && (a.noun || k == 0 || out[k-1].noun) {
			continue
		}
		switch {
		case a.deny:
			// "denied attacking", "ontkende dat het wapens had geleverd":
			// the denied action is coded, negated, with the denier as
			// its source, instead of the denial.
			a.skip = true
			b.negated = true
			b.heir = k + 1
		case a.noun && b.deny && b.first-a.last <= 4:
			// "heeft deze beschuldiging ontkend": the denial is the event.
			a.skip = true
		case !a.noun:
			// "urged Iran to release", "condemned the attack", "agreed to
			// cooperate", "praised Canada for its support": the second
			// trigger is what the first is about, not an event of its own.
			b.skip = true
		}
	}
	return out
}

func (x *coding) kindBetween(i, j int, kind string) bool {
	for k := i + 1; k < j; k++ {
		if x.fnKind(k) == kind {
			return true
		}
	}
	return false
}

func (x *coding) punctBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if x.ws[k].punct {
			return true
		}
	}
	return false
}

// fnKind returns the function-word kind of word k, or "".
func (x *coding) fnKind(k int) string {
	if k < 0 || k >= len(x.ws) {
		return ""
	}
	return x.fk[k]
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
	return x.fnKind(as[k].first-1) != fnLoc
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

// A role is what coding one hit found: its source and target actors
// (indexes into the sentence's actors, or the speaker of a quote).
type role struct {
	src, tgt int
	speaker  *actor
	quote    string
}

// roles finds the source and target of hit n.
func (x *coding) roles(hits []hit, n int, as []actor, lo, hi int) role {
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
	if h.noun || x.fnKind(h.first-1) == fnAux || x.fnKind(h.first-2) == fnAux || x.fnKind(h.first-3) == fnAux {
		for k := h.last + 1; k < chi && k <= h.last+4; k++ {
			if kind := x.fnKind(k); kind != fnAgent && (kind != fnNounAgent || !h.noun) {
				continue
			}
			for ai, a := range as {
				if a.first > k && a.first <= k+3 {
					r.src = ai
					break
				}
			}
			break
		}
		if r.src >= 0 {
			var cands []int
			for ai := len(as) - 1; ai >= 0; ai-- {
				if as[ai].last < h.first && as[ai].first >= clo && x.usable(as, ai) {
					cands = append(cands, ai)
				}
			}
			r.tgt = pick(as, cands)
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
		for k := h.first - 1; k > bound; k-- {
			if kind := x.fnKind(k); kind == fnSub || (x.ws[k].punct && x.ws[k].norm == ",") {
				var any bool
				for _, a := range as {
					any = any || (a.first > k && a.last < h.first)
				}
				if any {
					bound = k + 1
					break
				}
			}
		}
		var cands []int
		for ai, a := range as {
			if a.first >= bound && a.last < h.first && x.usable(as, ai) {
				cands = append(cands, ai)
			}
		}
		r.src = pick(as, cands)
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
		for ai, a := range as {
			if a.first > h.last && a.first <= h.last+3 && a.last < chi && x.usable(as, ai) && !a.weak {
				r.src = ai
				break
			}
		}
	}
	if r.src < 0 && r.speaker == nil {
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
	if r.tgt < 0 {
		after := h.last
		if r.src >= 0 && as[r.src].first > after {
			after = as[r.src].last
		}
		var cands []int
		for ai, a := range as {
			if ai == r.src || a.first <= after || a.last >= chi || a.first > after+12 {
				continue
			}
			if !x.usable(as, ai) || sameActor(a, *srcActor) {
				continue
			}
			cands = append(cands, ai)
		}
		r.tgt = pick(as, cands)
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
	return r
}

// symmetric holds the event types whose coordinated subjects act on each
// other: "Japan and the Philippines agreed", "X and Y met".
var symmetric = map[string]bool{"AGREE": true, "CONSULT": true, "COOPERATE": true, "FIGHT": true}

// reciprocal reports "each other", "elkaar" after the trigger.
func (x *coding) reciprocal(h hit, hi int) bool {
	for k := h.last + 1; k < hi && k <= h.last+4; k++ {
		if x.fnKind(k) == fnRecip {
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
		if x.fnKind(k) == fnFuture {
			future = true
			break
		}
	}
	dates := findDates(x.lx, x.ws, lo, hi, x.an, future)
	first := len(events)
	roles := make([]role, len(hits))
	for n := range hits {
		roles[n] = x.roles(hits, n, as, lo, hi)
	}
	for n, h := range hits {
		if h.skip {
			continue
		}
		r := roles[n]
		if h.heir > 0 {
			if hr := roles[h.heir-1]; hr.src >= 0 || hr.speaker != nil {
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
		if src == nil {
			src = &as[r.src]
		}
		tspan := article.Span{Start: x.ws[h.first].Start, End: x.ws[h.last].End}
		clo, chi := lo, hi
		if q := x.quoteAt(tspan); q != nil {
			clo, chi = x.wordAt(q.Start), min(hi, x.wordAt(q.End))
		}
		ev := article.Event{
			Type:      h.typ,
			Mode:      h.mode,
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
			if best < 0 || distance(d, h) < distance(dates[best], h) {
				best = di
			}
		}
		if best >= 0 {
			ev.Date, ev.DateGrain = dates[best].date, dates[best].grain
		}
		inverted := r.src >= 0 && as[r.src].first > h.last
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
		if r.speaker == nil && r.tgt != r.src+1 {
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
			events = x.emit(events, first, ev, h, s, as, tgts, inverted)
		}
	}
	return events
}

// emit appends ev once for each target.
func (x *coding) emit(events []article.Event, first int, ev article.Event, h hit, src *actor, as []actor, tgts []int, inverted bool) []article.Event {
	for _, t := range tgts {
		e := ev
		if t >= 0 {
			ta := as[t]
			if sameActor(ta, *src) {
				continue
			}
			e.Target = &article.EventActor{Entity: ta.entity, Name: ta.name, Code: ta.code}
		}
		e.Confidence = confidence(h, src, inverted, t >= 0)
		if duplicate(events[first:], e) {
			continue
		}
		events = append(events, e)
	}
	return events
}

func sameActor(a, b actor) bool {
	if a.entity != "" || b.entity != "" {
		return a.entity == b.entity
	}
	return a.Span == b.Span
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
		if x.fnKind(k) == fnNeg {
			return true
		}
	}
	for k := h.last + 1; k < hi && k <= h.last+6; k++ {
		if x.ws[k].punct {
			break
		}
		if x.fnKind(k) == fnNeg {
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
func confidence(h hit, src *actor, inverted, target bool) float64 {
	c := 0.6
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
