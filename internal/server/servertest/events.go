package servertest

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// eventActorID returns the store-wide id of an event actor of a, "" when
// it is known by code only.
func eventActorID(a *article.Article, x *article.EventActor) string {
	if x == nil {
		return ""
	}
	if e := a.EntityByID(x.Entity); e != nil && x.Entity != "" {
		return e.KB
	}
	return ""
}

func code(x *article.EventActor) string {
	if x == nil {
		return ""
	}
	return x.Code
}

func codeMatches(c, want string) bool { return c == want || strings.HasPrefix(c, want+"-") }

// eventFilters reports whether h passes q's filters that do not name
// actors, with the stores' date semantics: a coarse date is in every
// range it overlaps.
func eventFilters(h store.EventHit, q store.EventQuery) bool {
	if len(q.Types) > 0 && !slices.Contains(q.Types, h.Type) || q.Lang != "" && h.Lang != q.Lang {
		return false
	}
	if q.Code != "" && !codeMatches(code(h.Source), q.Code) && !codeMatches(code(h.Target), q.Code) {
		return false
	}
	if (q.From != "" || q.To != "") && h.Date == "" {
		return false // an event without a date is in no range
	}
	if q.From != "" && h.Date < q.From && !strings.HasPrefix(q.From, h.Date) {
		return false
	}
	return q.To == "" || h.Date < store.DateUpper(q.To)
}

func eventMatches(h store.EventHit, q store.EventQuery) bool {
	in := func(ids []string, id string) bool { return id != "" && slices.Contains(ids, id) }
	if len(q.Actor) > 0 {
		if len(q.Other) > 0 {
			if !(in(q.Actor, h.SourceID) && in(q.Other, h.TargetID) || in(q.Other, h.SourceID) && in(q.Actor, h.TargetID)) {
				return false
			}
		} else if !in(q.Actor, h.SourceID) && !in(q.Actor, h.TargetID) {
			return false
		}
	}
	if len(q.Source) > 0 && !in(q.Source, h.SourceID) || len(q.Target) > 0 && !in(q.Target, h.TargetID) {
		return false
	}
	return eventFilters(h, q)
}

// allEvents returns every stored event as a hit, as the SQL stores order
// them: latest date first, then the one stored last first.
func (s *Store) allEvents() ([]store.EventHit, error) {
	var hits []store.EventHit
	for _, id := range slices.Backward(s.order) {
		a := s.articles[id]
		for _, e := range slices.Backward(a.Events) {
			data, _, err := storesql.EventData(a, e)
			if err != nil {
				return nil, err
			}
			h := store.EventHit{SourceID: eventActorID(a, e.Source), TargetID: eventActorID(a, e.Target),
				ArticleID: a.ID, ArticleTitle: a.Title, Outlet: a.Source, ArticleDate: a.Date, Lang: a.Lang}
			if err := storesql.DecodeEvent(data, &h); err != nil {
				return nil, err
			}
			hits = append(hits, h)
		}
	}
	slices.SortStableFunc(hits, func(a, b store.EventHit) int { return cmp.Compare(b.Date, a.Date) })
	return hits, nil
}

// Events finds events; see store.Store.
func (s *Store) Events(ctx context.Context, q store.EventQuery) (store.EventPage, error) {
	if _, _, err := q.Page(); err != nil {
		return store.EventPage{Hits: []store.EventHit{}}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all, err := s.allEvents()
	if err != nil {
		return store.EventPage{Hits: []store.EventHit{}}, err
	}
	hits := []store.EventHit{}
	for _, h := range all {
		if eventMatches(h, q) {
			hits = append(hits, h)
		}
	}
	return store.EventPage{Total: len(hits), Hits: page(hits, store.Query{Limit: q.Limit, Offset: q.Offset})}, nil
}

// EventTimeline counts events per day and type; see store.Store.
func (s *Store) EventTimeline(ctx context.Context, q store.EventQuery) ([]store.EventDay, error) {
	if _, _, err := q.Page(); err != nil {
		return []store.EventDay{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	all, err := s.allEvents()
	if err != nil {
		return []store.EventDay{}, err
	}
	slices.SortStableFunc(all, func(a, b store.EventHit) int { return cmp.Compare(a.Date, b.Date) })
	days := []store.EventDay{}
	for _, h := range all {
		if eventMatches(h, q) {
			days = store.AddEventDay(days, h.Date[:min(len(h.Date), 10)], h.Type, 1)
		}
	}
	return days, nil
}

// EventPartners lists the actor's counterparts; see store.Store.
func (s *Store) EventPartners(ctx context.Context, q store.EventQuery) ([]store.Partner, error) {
	if _, _, err := q.Page(); err != nil {
		return []store.Partner{}, err
	}
	if len(q.Actor) == 0 {
		return []store.Partner{}, fmt.Errorf("event partners: no actor: %w", store.ErrInvalid)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	by := map[string]*store.Partner{}
	add := func(id string, out bool) {
		if id == "" || slices.Contains(q.Actor, id) {
			return
		}
		p := by[id]
		if p == nil {
			e := s.entities[id]
			p = &store.Partner{ID: id, Name: e.Name, Type: e.Type}
			by[id] = p
		}
		if out {
			p.Out++
		} else {
			p.In++
		}
	}
	all, err := s.allEvents()
	if err != nil {
		return []store.Partner{}, err
	}
	for _, h := range all {
		if !eventFilters(h, q) {
			continue
		}
		if slices.Contains(q.Actor, h.SourceID) {
			add(h.TargetID, true)
		}
		if slices.Contains(q.Actor, h.TargetID) {
			add(h.SourceID, false)
		}
	}
	out := []store.Partner{}
	for _, p := range by {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b store.Partner) int {
		return cmp.Or(cmp.Compare(b.Out+b.In, a.Out+a.In), cmp.Compare(a.ID, b.ID))
	})
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultLimit
	}
	return out[:min(len(out), limit, store.MaxLimit)], nil
}
