package web

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/event"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/store"
)

// An eventActor is one side of an event as the "actor" template shows it.
type eventActor struct{ ID, Name, Code string }

// An eventRow is an event as the pages show it: its sentence cut around
// the trigger, so the template marks the trigger without building HTML.
type eventRow struct {
	store.EventHit
	Before, Trigger, After string // Trigger is "" when it is not inside the kept sentence
	Quad                   string
}

func eventRows(hits []store.EventHit) []eventRow {
	rows := make([]eventRow, 0, len(hits))
	for _, h := range hits {
		r := eventRow{EventHit: h, Quad: event.Quad(h.Type), Before: h.SentenceText}
		s, t := h.SentenceText, h.TriggerAt
		i, j := t.Start-h.Sentence.Start, t.End-h.Sentence.Start
		if 0 <= i && i <= j && j <= len(s) && s[i:j] == h.Trigger {
			r.Before, r.Trigger, r.After = s[:i], s[i:j], s[j:]
		}
		rows = append(rows, r)
	}
	return rows
}

// A typeCount is how many events of one type.
type typeCount struct {
	Type, Quad string
	N          int
}

func typeCounts(days []store.EventDay) []typeCount {
	by := map[string]int{}
	for _, d := range days {
		for t, n := range d.ByType {
			by[t] += n
		}
	}
	out := make([]typeCount, 0, len(by))
	for t, n := range by {
		out = append(out, typeCount{Type: t, Quad: event.Quad(t), N: n})
	}
	slices.SortFunc(out, func(a, b typeCount) int { return cmp.Or(b.N-a.N, cmp.Compare(a.Type, b.Type)) })
	return out
}

// entityEvents is the events panel of an entity page.
type entityEvents struct {
	Total    int
	Types    []typeCount
	Latest   []eventRow
	Partners []store.Partner
}

func (u *UI) entityEvents(r *http.Request, id string) (*entityEvents, error) {
	ctx := r.Context()
	q := store.EventQuery{Actor: []string{id}, Limit: 10}
	page, err := u.st.Events(ctx, q)
	if err != nil {
		return nil, err
	}
	days, err := u.st.EventTimeline(ctx, q)
	if err != nil {
		return nil, err
	}
	q.Limit = 12
	partners, err := u.st.EventPartners(ctx, q)
	if err != nil {
		return nil, err
	}
	return &entityEvents{Total: page.Total, Types: typeCounts(days), Latest: eventRows(page.Hits), Partners: partners}, nil
}

type eventsData struct {
	Heading                             string
	Query                               store.EventQuery
	Actor, Other, Source, Target, Types string // the filters as typed
	Events                              []eventRow
	Total                               int
	Prev, Next                          template.URL
}

// events lists events by actor, dyad, type, code and date, a page at a
// time: the page of /api/events.
func (u *UI) events(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	q, ok, err := server.ParseEventQuery(r.Context(), u.st, v)
	if err != nil {
		return err
	}
	d := eventsData{Query: q, Actor: v.Get("actor"), Other: v.Get("other"), Source: v.Get("source"),
		Target: v.Get("target"), Types: strings.Join(q.Types, ","), Heading: "Events"}
	if ok {
		page, err := u.st.Events(r.Context(), q)
		if err != nil {
			return err
		}
		d.Events, d.Total = eventRows(page.Hits), page.Total
	}
	for _, p := range []struct {
		ids       []string
		ref, word string
	}{{q.Actor, d.Actor, " of "}, {q.Other, d.Other, " with "}, {q.Source, d.Source, " by "}, {q.Target, d.Target, " against "}} {
		if p.ref != "" {
			d.Heading += p.word + u.entityName(r, p.ids, p.ref)
		}
	}
	if q.Offset > 0 {
		d.Prev = pageLink("/events", v, max(q.Offset-q.Limit, 0))
	}
	if next := q.Offset + q.Limit; q.Offset+len(d.Events) < d.Total && next <= store.MaxOffset {
		d.Next = pageLink("/events", v, next)
	}
	u.render(w, http.StatusOK, "events", page{Title: d.Heading, Data: d})
	return nil
}

type dyadData struct {
	*server.Dyad
	ARef, BRef string
	Chart      *chart
	AToB, BToA []typeCount
	Events     []eventRow
	All        template.URL // the events page of the dyad
}

// dyad shows what two actors did to each other: a timeline each way,
// the types of their events and the events themselves.
func (u *UI) dyad(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	if !v.Has("limit") {
		v.Set("limit", "50")
	}
	dy, err := server.DyadOf(r.Context(), u.st, v)
	if err != nil {
		return err
	}
	d := dyadData{Dyad: dy, ARef: v.Get("a"), BRef: v.Get("b"), AToB: typeCounts(dy.AToB), BToA: typeCounts(dy.BToA),
		Events: eventRows(dy.Events.Hits)}
	// The chart's two bars per period: a's events towards b, and b's
	// towards a.
	var days []store.DayCount
	for _, x := range dy.AToB {
		days = append(days, store.DayCount{Day: x.Day, Mentions: x.Total})
	}
	for _, x := range dy.BToA {
		days = append(days, store.DayCount{Day: x.Day, Quotes: x.Total})
	}
	d.Chart = timeline(days)
	title := "Dyad"
	if dy.A != nil && dy.B != nil {
		title = dy.A.Name + " ⇄ " + dy.B.Name
		d.All = template.URL("/events?" + url.Values{"actor": {dy.A.ID}, "other": {dy.B.ID}}.Encode())
	}
	u.render(w, http.StatusOK, "dyad", page{Title: title, Data: d})
	return nil
}
