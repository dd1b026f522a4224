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
		if x.fnKind(i-1) == fnDet { // "the attack", "de aanval"
			h.noun = true
		}
		n := h.last - h.first + 1
		out = append(out, h)
		i += n - 1
	}
	for k := 0; k+1 < len(out); k++ {
		a, b := &out[k], &out[k+1]
		if b.first-a.last > 4 || x.punctBetween(a.last, b.first) {
			continue
		}
		switch {
		case b.noun && !a.noun && !a.deny:
			// "condemned the attack", "called for talks": the noun is
			// what the verb is about, not an event of its own.
			b.skip = true
		case a.noun && b.deny:
			// "heeft deze beschuldiging ontkend": the denial is the event.
			a.skip = true
		case a.deny:
			// "denied attacking", "ontkende … te steunen": the denied
			// action is coded, negated, instead of the denial.
			a.skip = true
			b.negated = true
		}
	}
	return out
}

func (x *coding) punctBetween(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if x.ws[k].punct {
			return true
		}
	}
	return false
}

func (x *coding) fnKind(k int) string {
	if k < 0 || k >= len(x.ws) || x.ws[k].punct {
		return ""
	}
	kind, _ := x.lx.fn.lookup(x.ws[k].norm)
	return kind
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

// speaker returns the actor of a quote's speaker, or false.
func (x *coding) speaker(q *article.Quote) (actor, bool) {
	sp := q.Speaker
	c, name := "", sp.Name
	if e := x.a.EntityByID(sp.Entity); e != nil {
		c, name = x.entityCode(e), e.Name
	} else if sp.End > sp.Start && sp.End <= len(x.a.Text) {
		c = x.spanCode(article.Span{Start: sp.Start, End: sp.End})
	}
	if c == "" {
		return actor{}, false
	}
	i := x.wordAt(sp.Start)
	return actor{Span: article.Span{Start: sp.Start, End: sp.End}, first: i, last: i,
		entity: sp.Entity, name: name, code: c}, true
}

func (x *coding) usable(as []actor, k int) bool {
	return x.fnKind(as[k].first-1) != fnLoc
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
	for n, h := range hits {
		if h.skip {
			continue
		}
		tspan := article.Span{Start: x.ws[h.first].Start, End: x.ws[h.last].End}
		q := x.quoteAt(tspan)
		clo, chi := lo, hi // the clause: the quote's content when inside one
		if q != nil {
			clo, chi = x.wordAt(q.Start), min(hi, x.wordAt(q.End))
		}
		src, tgt := -1, -1
		var srcActor *actor
		quoteID := ""
		// Passive: "was attacked by Russia", "werd aangevallen door Rusland".
		// A noun names its agent the same way: "the attack by Russia".
		if h.noun || x.fnKind(h.first-1) == fnAux || x.fnKind(h.first-2) == fnAux || x.fnKind(h.first-3) == fnAux {
			for k := h.last + 1; k < chi && k <= h.last+4; k++ {
				if x.fnKind(k) != fnAgent {
					continue
				}
				for ai, a := range as {
					if a.first > k && a.first <= k+3 {
						src = ai
						break
					}
				}
				break
			}
			if src >= 0 {
				for ai := len(as) - 1; ai >= 0; ai-- {
					if as[ai].last < h.first && as[ai].first >= clo && x.usable(as, ai) {
						tgt = ai
						break
					}
				}
			}
		}
		if src < 0 {
			// The subject is the first actor of the stretch between the
			// previous trigger and this one: "Rusland heeft Oekraïne
			// aangevallen", "Xi and Putin met".
			bound := clo
			if n > 0 && hits[n-1].last >= clo {
				bound = hits[n-1].last + 1
			}
			for ai, a := range as {
				if a.first >= bound && a.last < h.first && x.usable(as, ai) {
					src = ai
					break
				}
			}
			if src < 0 { // the subject of an earlier verb: "X met Y and signed"
				for ai := len(as) - 1; ai >= 0; ai-- {
					if as[ai].last < h.first && as[ai].first >= clo && x.usable(as, ai) {
						src = ai
						break
					}
				}
			}
		}
		if src < 0 && (h.speech || q != nil) {
			qq := q
			if qq == nil {
				qq = x.quoteOfSentence(sent)
			}
			if qq != nil {
				if sp, ok := x.speaker(qq); ok {
					srcActor = &sp
					quoteID = qq.ID
				}
			}
		}
		if src < 0 && srcActor == nil {
			// Inverted subject: "Dinsdag veroordeelde Duitsland de aanval".
			for ai, a := range as {
				if a.first > h.last && a.first <= h.last+3 && a.last < chi && x.usable(as, ai) {
					src = ai
					break
				}
			}
		}
		if src < 0 && srcActor == nil {
			continue // no resolvable actor: no event
		}
		if srcActor == nil {
			srcActor = &as[src]
		}
		if tgt < 0 {
			after := h.last
			if src >= 0 && as[src].first > after {
				after = as[src].last
			}
			for ai, a := range as {
				if ai == src || a.first <= after || a.last >= chi || a.first > after+12 {
					continue
				}
				if !x.usable(as, ai) || sameActor(a, *srcActor) {
					continue
				}
				tgt = ai
				break
			}
		}
		if tgt < 0 && src >= 0 && as[src].last < h.first {
			// Verb-final clause: "China heeft Rusland aangevallen".
			for ai := src + 1; ai < len(as); ai++ {
				if as[ai].last < h.first && !sameActor(as[ai], *srcActor) && x.usable(as, ai) {
					tgt = ai
				}
			}
		}
		if q != nil {
			quoteID = q.ID
		}
		ev := article.Event{
			Type:      h.typ,
			Mode:      h.mode,
			Source:    &article.EventActor{Entity: srcActor.entity, Name: srcActor.name, Code: srcActor.code},
			Trigger:   x.a.Text[tspan.Start:tspan.End],
			TriggerAt: tspan,
			Sentence:  sent,
			Negated:   h.negated || x.negatedAt(h, clo, chi),
			Quote:     quoteID,
		}
		if tgt >= 0 {
			t := as[tgt]
			ev.Target = &article.EventActor{Entity: t.entity, Name: t.name, Code: t.code}
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
		ev.Confidence = confidence(h, srcActor, src >= 0 && as[src].first > h.last, tgt >= 0)
		if duplicate(events[first:], ev) {
			continue
		}
		events = append(events, ev)
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
