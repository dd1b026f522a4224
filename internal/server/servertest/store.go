// Package servertest provides an in-memory store.Store for tests of the
// HTTP handlers and pages, like net/http/httptest. It keeps everything in
// maps, does plain case-insensitive substring search and is meant for a
// few dozen articles; the real implementations live under internal/store.
package servertest

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Store is an in-memory store.Store. The zero value is not usable; call New.
type Store struct {
	mu       sync.RWMutex
	articles map[string]*article.Article // by ID, KBs set to store-wide ids
	order    []string                    // article IDs in insertion order
	entities map[string]*store.Entity    // by store-wide id
	keys     map[string]string           // entity key → store-wide id
}

var _ store.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		articles: map[string]*article.Article{},
		entities: map[string]*store.Entity{},
		keys:     map[string]string{},
	}
}

var datePrefix = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func check(q store.Query) error {
	for _, d := range []string{q.From, q.To} {
		if d != "" && !datePrefix.MatchString(d) {
			return fmt.Errorf("date %q: %w", d, store.ErrInvalid)
		}
	}
	if q.Limit < 0 || q.Offset < 0 {
		return fmt.Errorf("negative limit or offset: %w", store.ErrInvalid)
	}
	return nil
}

func limit(q store.Query) int {
	switch {
	case q.Limit == 0:
		return store.DefaultLimit
	case q.Limit > store.MaxLimit:
		return store.MaxLimit
	}
	return q.Limit
}

func page[T any](all []T, q store.Query) []T {
	if q.Offset >= len(all) {
		return []T{}
	}
	all = all[q.Offset:]
	return all[:min(len(all), limit(q))]
}

func entityKey(e *article.Entity) string {
	if e.KB != "" {
		return "kb|" + e.KB
	}
	return e.Type + "|" + strings.ToLower(e.Name)
}

// Put stores a copy of a, linking its entities to store-wide entities by
// KB or by type and lower-cased name.
func (s *Store) Put(ctx context.Context, a *article.Article) (bool, error) {
	if a.ID == "" {
		return false, fmt.Errorf("put: article without id: %w", store.ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.articles[a.ID]; ok {
		return false, nil
	}
	c := *a
	c.Entities = slices.Clone(a.Entities)
	c.Quotes = slices.Clone(a.Quotes)
	for i := range c.Entities {
		e := &c.Entities[i]
		k := entityKey(e)
		id, ok := s.keys[k]
		if !ok {
			id = fmt.Sprintf("E%d", len(s.keys)+1)
			s.keys[k] = id
			s.entities[id] = &store.Entity{ID: id, Name: e.Name, Type: e.Type, KB: e.KB}
		}
		se := s.entities[id]
		if !slices.Contains(se.Names, e.Name) {
			se.Names = append(se.Names, e.Name)
		}
		se.Mentions += len(e.Mentions)
		se.Articles++
		e.KB = id
	}
	for _, q := range c.Quotes {
		if e := c.EntityByID(q.Speaker.Entity); e != nil {
			s.entities[e.KB].QuotesBy++
		}
	}
	s.articles[a.ID] = &c
	s.order = append(s.order, a.ID)
	return true, nil
}

// Has reports whether the article is stored.
func (s *Store) Has(ctx context.Context, id string) (bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.articles[id]
	return ok, nil
}

// Article returns a copy of a stored article.
func (s *Store) Article(ctx context.Context, id string) (*article.Article, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.articles[id]
	if !ok {
		return nil, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	c := *a
	return &c, nil
}

func matchWords(text, q string) bool {
	text = strings.ToLower(text)
	for w := range strings.FieldsSeq(strings.ToLower(q)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

func inDates(date string, q store.Query) bool {
	if q.From != "" && date < q.From {
		return false
	}
	if q.To != "" && date > q.To && !strings.HasPrefix(date, q.To) {
		return false
	}
	return true
}

func (s *Store) articleMatches(a *article.Article, q store.Query) bool {
	if q.Lang != "" && a.Lang != q.Lang || q.Source != "" && a.Source != q.Source || !inDates(a.Date, q) {
		return false
	}
	if len(q.About) > 0 && !slices.ContainsFunc(a.Entities, func(e article.Entity) bool {
		return slices.Contains(q.About, e.KB)
	}) {
		return false
	}
	return matchWords(a.Title+" "+a.Text, q.Text)
}

// Search finds articles whose title or text contains every word of q.Text.
func (s *Store) Search(ctx context.Context, q store.Query) (store.ArticlePage, error) {
	if err := check(q); err != nil {
		return store.ArticlePage{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var hits []store.ArticleHit
	for _, id := range slices.Backward(s.order) {
		a := s.articles[id]
		if !s.articleMatches(a, q) {
			continue
		}
		snippet := a.Text
		if len(snippet) > 160 {
			snippet = strings.ToValidUTF8(snippet[:160], "") + "…"
		}
		hits = append(hits, store.ArticleHit{ID: a.ID, Title: a.Title, Source: a.Source,
			Date: a.Date, Lang: a.Lang, URL: a.URL, Snippet: snippet, Quotes: len(a.Quotes)})
	}
	return store.ArticlePage{Total: len(hits), Hits: page(hits, q)}, nil
}

func (s *Store) quoteHits(a *article.Article) []store.QuoteHit {
	var hits []store.QuoteHit
	for _, qu := range a.Quotes {
		h := store.QuoteHit{Quote: qu, ArticleID: a.ID, ArticleTitle: a.Title,
			Source: a.Source, Date: a.Date, Lang: a.Lang}
		if e := a.EntityByID(qu.Speaker.Entity); e != nil {
			h.SpeakerID = e.KB
		}
		h.About = nil
		for _, id := range qu.About {
			if e := a.EntityByID(id); e != nil {
				h.About = append(h.About, e.KB)
			}
		}
		hits = append(hits, h)
	}
	return hits
}

func (s *Store) allQuotes(q store.Query) []store.QuoteHit {
	var hits []store.QuoteHit
	for _, id := range slices.Backward(s.order) {
		a := s.articles[id]
		if q.Lang != "" && a.Lang != q.Lang || q.Source != "" && a.Source != q.Source || !inDates(a.Date, q) {
			continue
		}
		for _, h := range s.quoteHits(a) {
			if len(q.Speaker) > 0 && !slices.Contains(q.Speaker, h.SpeakerID) {
				continue
			}
			if len(q.About) > 0 && !slices.ContainsFunc(h.About, func(id string) bool {
				return slices.Contains(q.About, id)
			}) {
				continue
			}
			if matchWords(h.Content, q.Text) {
				hits = append(hits, h)
			}
		}
	}
	return hits
}

// Quotes finds quotes whose content contains every word of q.Text.
func (s *Store) Quotes(ctx context.Context, q store.Query) (store.QuotePage, error) {
	if err := check(q); err != nil {
		return store.QuotePage{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	hits := s.allQuotes(q)
	return store.QuotePage{Total: len(hits), Hits: page(hits, q)}, nil
}

func (s *Store) sortedEntities() []store.Entity {
	var es []store.Entity
	for _, e := range s.entities {
		es = append(es, *e)
	}
	slices.SortFunc(es, func(a, b store.Entity) int {
		return cmp.Or(b.Mentions-a.Mentions, cmp.Compare(a.ID, b.ID))
	})
	return es
}

// Entities lists entities with a name word starting with q.Text.
func (s *Store) Entities(ctx context.Context, q store.Query) (store.EntityPage, error) {
	if err := check(q); err != nil {
		return store.EntityPage{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	prefix := strings.ToLower(strings.TrimSpace(q.Text))
	var hits []store.Entity
	for _, e := range s.sortedEntities() {
		if q.Type != "" && e.Type != q.Type {
			continue
		}
		name := strings.ToLower(e.Name)
		if prefix != "" && !strings.HasPrefix(name, prefix) && !strings.Contains(name, " "+prefix) {
			continue
		}
		hits = append(hits, e)
	}
	return store.EntityPage{Total: len(hits), Hits: page(hits, q)}, nil
}

// Entity returns an entity's profile.
func (s *Store) Entity(ctx context.Context, id string) (*store.EntityProfile, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.entities[id]
	if !ok {
		return nil, fmt.Errorf("entity %q: %w", id, store.ErrNotFound)
	}
	p := &store.EntityProfile{Entity: *e}
	p.QuotesBy = s.allQuotes(store.Query{Speaker: []string{id}})
	p.QuotesAbout = s.allQuotes(store.Query{About: []string{id}})
	shared := map[string]int{}
	days := map[string]*store.DayCount{}
	for _, a := range s.articles {
		var mentions int
		for _, ae := range a.Entities {
			if ae.KB == id {
				mentions += len(ae.Mentions)
			}
		}
		if mentions == 0 {
			continue
		}
		d := days[a.Date]
		if d == nil {
			d = &store.DayCount{Day: a.Date}
			days[a.Date] = d
		}
		d.Mentions += mentions
		for _, h := range s.quoteHits(a) {
			if h.SpeakerID == id {
				d.Quotes++
			}
		}
		seen := map[string]bool{id: true}
		for _, ae := range a.Entities {
			if !seen[ae.KB] {
				seen[ae.KB] = true
				shared[ae.KB]++
			}
		}
	}
	for oid, w := range shared {
		o := s.entities[oid]
		p.CoMentioned = append(p.CoMentioned, store.Related{ID: oid, Name: o.Name, Type: o.Type, Weight: w})
	}
	slices.SortFunc(p.CoMentioned, func(a, b store.Related) int {
		return cmp.Or(b.Weight-a.Weight, cmp.Compare(a.ID, b.ID))
	})
	for _, d := range days {
		p.Timeline = append(p.Timeline, *d)
	}
	slices.SortFunc(p.Timeline, func(a, b store.DayCount) int { return cmp.Compare(a.Day, b.Day) })
	return p, nil
}

// ResolveEntity returns ref itself when it is an entity id, else the ids
// of the entities with ref as one of their names (case-insensitive).
func (s *Store) ResolveEntity(ctx context.Context, ref string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.entities[ref]; ok {
		return []string{ref}, nil
	}
	var ids []string
	for _, e := range s.sortedEntities() {
		if slices.ContainsFunc(e.Names, func(n string) bool { return strings.EqualFold(n, ref) }) {
			ids = append(ids, e.ID)
		}
	}
	return ids, nil
}

// Network returns co-mentioned and quoted-about edges, around q.Entity
// when it is set.
func (s *Store) Network(ctx context.Context, q store.NetworkQuery) (*store.Network, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if q.Entity != "" {
		if _, ok := s.entities[q.Entity]; !ok {
			return nil, fmt.Errorf("entity %q: %w", q.Entity, store.ErrNotFound)
		}
	}
	maxNodes := q.MaxNodes
	if maxNodes <= 0 || maxNodes > store.MaxLimit {
		maxNodes = 50
	}
	type pair struct{ from, to, kind string }
	weights := map[pair]int{}
	for _, id := range s.order {
		a := s.articles[id]
		var ids []string
		for _, e := range a.Entities {
			if !slices.Contains(ids, e.KB) {
				ids = append(ids, e.KB)
			}
		}
		slices.Sort(ids)
		for i, x := range ids {
			for _, y := range ids[i+1:] {
				weights[pair{x, y, "co_mentioned"}]++
			}
		}
		for _, h := range s.quoteHits(a) {
			for _, to := range h.About {
				if h.SpeakerID != "" && to != h.SpeakerID {
					weights[pair{h.SpeakerID, to, "quoted_about"}]++
				}
			}
		}
	}
	n := &store.Network{Nodes: []store.Node{}, Edges: []store.Edge{}}
	in := map[string]bool{}
	if q.Entity != "" {
		in[q.Entity] = true
	}
	for _, e := range s.sortedEntities() {
		if len(in) >= maxNodes {
			break
		}
		if q.Entity == "" {
			in[e.ID] = true
			continue
		}
		for p := range weights {
			if p.from == q.Entity && p.to == e.ID || p.to == q.Entity && p.from == e.ID {
				in[e.ID] = true
			}
		}
	}
	for _, e := range s.sortedEntities() {
		if in[e.ID] {
			n.Nodes = append(n.Nodes, store.Node{ID: e.ID, Name: e.Name, Type: e.Type, Mentions: e.Mentions})
		}
	}
	for p, w := range weights {
		if in[p.from] && in[p.to] && w >= q.MinWeight {
			n.Edges = append(n.Edges, store.Edge{From: p.from, To: p.to, Kind: p.kind, Weight: w})
		}
	}
	slices.SortFunc(n.Edges, func(a, b store.Edge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Kind, b.Kind))
	})
	return n, nil
}

// Stats counts what is stored.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := store.Stats{Documents: len(s.articles), Entities: len(s.entities),
		Langs: map[string]int{}, Sources: map[string]int{}}
	for _, a := range s.articles {
		st.Quotes += len(a.Quotes)
		st.Events += len(a.Events)
		for _, e := range a.Entities {
			st.Mentions += len(e.Mentions)
		}
		st.Langs[a.Lang]++
		st.Sources[a.Source]++
	}
	return st, nil
}

// Close does nothing.
func (s *Store) Close() error { return nil }
