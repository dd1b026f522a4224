package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/event"
	"github.com/newsgraph/newsgraph/internal/store"
)

// actorCode is an event actor code: a country (ISO 3166 alpha-3) or IGO,
// then sectors, e.g. USA-GOV.
var actorCode = regexp.MustCompile(`^[A-Z]{3}(-[A-Z]{3})*$`)

// ParseEventQuery reads the filters of the event endpoints: actor and
// other, source and target (entity ids or names, each may repeat), type
// (PLOVER types, repeated or comma-separated, any case), code, lang, from,
// to, limit and offset. ok is false when an entity reference names nothing
// known: the answer is then empty, not an error.
func ParseEventQuery(ctx context.Context, st store.Store, v url.Values) (q store.EventQuery, ok bool, err error) {
	common, err := ParseQuery(url.Values{"lang": v["lang"], "from": v["from"], "to": v["to"],
		"limit": v["limit"], "offset": v["offset"]})
	if err != nil {
		return q, false, err
	}
	q = store.EventQuery{Lang: common.Lang, From: common.From, To: common.To, Limit: common.Limit, Offset: common.Offset}
	for _, raw := range v["type"] {
		for t := range strings.SplitSeq(raw, ",") {
			t = strings.ToUpper(strings.TrimSpace(t))
			if t == "" {
				continue
			}
			if !slices.Contains(event.Types(), t) {
				return q, false, invalid("type", t, "want a PLOVER event type such as DEMAND or CONSULT")
			}
			if !slices.Contains(q.Types, t) {
				q.Types = append(q.Types, t)
			}
		}
	}
	if q.Code = strings.ToUpper(v.Get("code")); q.Code != "" && !actorCode.MatchString(q.Code) {
		return q, false, invalid("code", v.Get("code"), "want an actor code such as USA, USA-GOV or IGO")
	}
	for _, p := range []struct {
		name string
		dst  *[]string
	}{{"actor", &q.Actor}, {"other", &q.Other}, {"source", &q.Source}, {"target", &q.Target}} {
		ids, found, err := Resolve(ctx, st, v, p.name)
		if err != nil || !found {
			return q, false, err
		}
		*p.dst = ids
	}
	if len(q.Other) > 0 && len(q.Actor) == 0 {
		return q, false, invalid("other", v.Get("other"), "needs actor= as well")
	}
	return q, true, nil
}

// GET /api/events?actor=&other=&source=&target=&type=&code=&lang=&from=&to=&limit=&offset=
func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := ParseEventQuery(r.Context(), s.st, r.URL.Query())
	if err != nil {
		return err
	}
	page := store.EventPage{Hits: []store.EventHit{}}
	if ok {
		if page, err = s.st.Events(r.Context(), q); err != nil {
			return err
		}
	}
	if page.Hits == nil {
		page.Hits = []store.EventHit{}
	}
	return writeJSON(w, http.StatusOK, page)
}

// A Timeline is the answer of /api/events/timeline.
type Timeline struct {
	Days []store.EventDay `json:"days"`
}

// GET /api/events/timeline?(the filters of /api/events)
func (s *Server) eventTimeline(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	// A timeline of the whole store would group every event on each
	// request: one filter that narrows it is required.
	narrowed := false
	for _, p := range []string{"actor", "source", "target", "type", "code", "from", "to"} {
		narrowed = narrowed || v.Get(p) != ""
	}
	if !narrowed {
		return invalid("actor", "", "give at least one of actor, source, target, type, code, from or to")
	}
	q, ok, err := ParseEventQuery(r.Context(), s.st, v)
	if err != nil {
		return err
	}
	t := Timeline{Days: []store.EventDay{}}
	if ok {
		if t.Days, err = s.st.EventTimeline(r.Context(), q); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, t)
}

// Partners is the answer of /api/events/partners.
type Partners struct {
	Partners []store.Partner `json:"partners"`
}

// GET /api/events/partners?actor=&type=&code=&lang=&from=&to=&limit=
func (s *Server) eventPartners(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	if v.Get("actor") == "" {
		return invalid("actor", "", "required: an entity id or name")
	}
	for _, p := range []string{"other", "source", "target", "offset"} {
		if v.Has(p) {
			return invalid(p, v.Get(p), "does not apply to partners")
		}
	}
	q, ok, err := ParseEventQuery(r.Context(), s.st, v)
	if err != nil {
		return err
	}
	p := Partners{Partners: []store.Partner{}}
	if ok {
		if p.Partners, err = s.st.EventPartners(r.Context(), q); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, p)
}

// A Dyad is what two actors did to each other: a timeline each way and
// the events between them, latest first.
type Dyad struct {
	A      *store.Entity    `json:"a"` // nil when the reference names nothing known
	B      *store.Entity    `json:"b"`
	AToB   []store.EventDay `json:"a_to_b"`
	BToA   []store.EventDay `json:"b_to_a"`
	Events store.EventPage  `json:"events"`
}

// GET /api/dyad?a=&b=&type=&code=&lang=&from=&to=&limit=&offset=
func (s *Server) dyad(w http.ResponseWriter, r *http.Request) error {
	d, err := DyadOf(r.Context(), s.st, r.URL.Query())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, d)
}

// DyadOf answers a dyad query (parameters a and b, each an entity id or
// name, and the filters of ParseEventQuery); the web UI's dyad page uses
// it too.
func DyadOf(ctx context.Context, st store.Store, v url.Values) (*Dyad, error) {
	d := &Dyad{AToB: []store.EventDay{}, BToA: []store.EventDay{}, Events: store.EventPage{Hits: []store.EventHit{}}}
	for _, p := range []string{"a", "b"} {
		if v.Get(p) == "" {
			return nil, invalid(p, "", "required: an entity id or name")
		}
	}
	v2 := url.Values{}
	for k, vs := range v {
		switch k {
		case "a", "b", "actor", "other", "source", "target":
		default:
			v2[k] = vs
		}
	}
	q, ok, err := ParseEventQuery(ctx, st, v2)
	if err != nil || !ok {
		return d, err
	}
	a, foundA, err := Resolve(ctx, st, v, "a")
	if err != nil {
		return nil, err
	}
	b, foundB, err := Resolve(ctx, st, v, "b")
	if err != nil {
		return nil, err
	}
	if foundA {
		if d.A, err = entityOf(ctx, st, a[0]); err != nil {
			return nil, err
		}
	}
	if foundB {
		if d.B, err = entityOf(ctx, st, b[0]); err != nil {
			return nil, err
		}
	}
	if !foundA || !foundB {
		return d, nil
	}
	dir := q
	dir.Source, dir.Target = a, b
	if d.AToB, err = st.EventTimeline(ctx, dir); err != nil {
		return nil, err
	}
	dir.Source, dir.Target = b, a
	if d.BToA, err = st.EventTimeline(ctx, dir); err != nil {
		return nil, err
	}
	q.Actor, q.Other = a, b
	if d.Events, err = st.Events(ctx, q); err != nil {
		return nil, err
	}
	return d, nil
}

// entityOf returns the entity with id without its profile's lists.
func entityOf(ctx context.Context, st store.Store, id string) (*store.Entity, error) {
	p, err := st.Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	return &p.Entity, nil
}
