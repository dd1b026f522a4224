package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
)

// profileCap bounds each list of an entity profile; namesCap bounds the
// surface names listed for an entity.
const (
	profileCap = 20
	namesCap   = 12
)

// Entities lists store-wide entities; see store.Store.
func (s *Store) Entities(ctx context.Context, q store.Query) (store.EntityPage, error) {
	page, err := s.entities(ctx, q)
	if err != nil {
		return store.EntityPage{}, fmt.Errorf("entities %q: %w", q.Text, err)
	}
	return page, nil
}

func (s *Store) entities(ctx context.Context, q store.Query) (store.EntityPage, error) {
	page := store.EntityPage{Hits: []store.Entity{}}
	limit, offset, err := q.Page()
	if err != nil {
		return page, err
	}
	var w where
	from := "entities e"
	if strings.TrimSpace(q.Text) != "" {
		m, err := match(q.Text, true)
		if err != nil {
			return page, err
		}
		from = "entities_fts f JOIN entities e ON e.eid = f.rowid"
		w.add("entities_fts MATCH ?", m)
	}
	if q.Type != "" {
		w.add("e.type = ?", q.Type)
	}
	if len(q.About) > 0 {
		ids := entityIDs(q.About)
		if len(ids) == 0 {
			return page, nil
		}
		w.add("e.eid IN ("+placeholders(len(ids))+")", ids...)
	}
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM "+from+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+entityCols+" FROM "+from+w.String()+
		" ORDER BY e.mentions DESC, e.eid LIMIT ? OFFSET ?", append(w.args, limit, offset)...)
	if err != nil {
		return page, err
	}
	page.Hits, err = scanEntities(rows)
	if err != nil {
		return page, err
	}
	for i := range page.Hits {
		if page.Hits[i].Names, err = s.names(ctx, page.Hits[i].ID); err != nil {
			return page, err
		}
	}
	return page, nil
}

const entityCols = "e.eid, e.name, e.type, e.kb, e.mentions, e.articles, e.quotes_by"

func scanEntities(rows *sql.Rows) ([]store.Entity, error) {
	defer rows.Close()
	out := []store.Entity{}
	for rows.Next() {
		var e store.Entity
		var eid int64
		if err := rows.Scan(&eid, &e.Name, &e.Type, &e.KB, &e.Mentions, &e.Articles, &e.QuotesBy); err != nil {
			return nil, err
		}
		e.ID = strconv.FormatInt(eid, 10)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (s *Store) names(ctx context.Context, id string) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT name FROM entity_names WHERE eid = ? ORDER BY n DESC, length(name) DESC, name LIMIT ?", id, namesCap)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// entity returns one entity without its profile, or ErrNotFound.
func (s *Store) entity(ctx context.Context, id string) (store.Entity, error) {
	ids := entityIDs([]string{id})
	if len(ids) == 0 {
		return store.Entity{}, store.ErrNotFound
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+entityCols+" FROM entities e WHERE e.eid = ?", ids[0])
	if err != nil {
		return store.Entity{}, err
	}
	es, err := scanEntities(rows)
	if err != nil {
		return store.Entity{}, err
	}
	if len(es) == 0 {
		return store.Entity{}, store.ErrNotFound
	}
	e := es[0]
	e.Names, err = s.names(ctx, e.ID)
	return e, err
}

// Entity returns an entity's profile; see store.Store.
func (s *Store) Entity(ctx context.Context, id string) (*store.EntityProfile, error) {
	p, err := s.profile(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("entity %q: %w", id, err)
	}
	return p, nil
}

func (s *Store) profile(ctx context.Context, id string) (*store.EntityProfile, error) {
	e, err := s.entity(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &store.EntityProfile{Entity: e}
	p.QuotesBy, err = s.quoteHits(ctx, "SELECT "+quoteCols+` FROM quotes q JOIN articles a ON a.rid = q.rid
		WHERE q.speaker = ? ORDER BY q.date DESC, q.qrid DESC LIMIT ?`, id, profileCap)
	if err != nil {
		return nil, fmt.Errorf("quotes by: %w", err)
	}
	p.QuotesAbout, err = s.quoteHits(ctx, "SELECT "+quoteCols+` FROM quote_about qa
		JOIN quotes q ON q.qrid = qa.qrid JOIN articles a ON a.rid = q.rid
		WHERE qa.eid = ? ORDER BY qa.qrid DESC LIMIT ?`, id, profileCap)
	if err != nil {
		return nil, fmt.Errorf("quotes about: %w", err)
	}
	co, err := s.coMentioned(ctx, id, profileCap)
	if err != nil {
		return nil, fmt.Errorf("co-mentioned: %w", err)
	}
	p.CoMentioned = []store.Related{}
	for _, r := range co {
		p.CoMentioned = append(p.CoMentioned, store.Related{ID: r.id, Name: r.name, Type: r.typ, Weight: r.weight})
	}
	p.Timeline, err = s.timeline(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return p, nil
}

// related is an entity with a weight and its mentions.
type related struct {
	id, name, typ    string
	weight, mentions int
}

// coWindow bounds how many of an entity's latest articles count for its
// co-mentions, so that a profile of the busiest entity stays fast (at
// 1000, grouping their links took 20 ms of a profile's 30 at 100,000
// articles).
const coWindow = 300

func (s *Store) coMentioned(ctx context.Context, id string, limit int) ([]related, error) {
	return s.related(ctx, `SELECT b.eid, count(*) AS w FROM
			(SELECT rid FROM article_entities WHERE eid = ?1 ORDER BY rid DESC LIMIT ?3) x
			JOIN article_entities b ON b.rid = x.rid
		WHERE b.eid != ?1 GROUP BY b.eid ORDER BY w DESC, b.eid LIMIT ?2`, id, limit, coWindow)
}

// related runs a query of (eid, weight) and adds names and types.
func (s *Store) related(ctx context.Context, query string, args ...any) ([]related, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.eid, e.name, e.type, r.w, e.mentions FROM (`+query+`) r
		JOIN entities e ON e.eid = r.eid ORDER BY r.w DESC, e.mentions DESC, e.eid`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []related
	for rows.Next() {
		var r related
		var eid int64
		if err := rows.Scan(&eid, &r.name, &r.typ, &r.weight, &r.mentions); err != nil {
			return nil, err
		}
		r.id = strconv.FormatInt(eid, 10)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) timeline(ctx context.Context, id string) ([]store.DayCount, error) {
	days := map[string]*store.DayCount{}
	day := func(d string) *store.DayCount {
		c, ok := days[d]
		if !ok {
			c = &store.DayCount{Day: d}
			days[d] = c
		}
		return c
	}
	rows, err := s.r.QueryContext(ctx, "SELECT day, sum(n) FROM article_entities WHERE eid = ? AND day != 0 GROUP BY day", id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d, n int
		if err := rows.Scan(&d, &n); err != nil {
			rows.Close()
			return nil, err
		}
		day(dayString(d)).Mentions = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.r.QueryContext(ctx, "SELECT date, count(*) FROM quotes WHERE speaker = ? AND date != '' GROUP BY date", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		if store.ValidDate(d) {
			day(d).Quotes = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]store.DayCount, 0, len(days))
	for _, c := range days {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b store.DayCount) int { return strings.Compare(a.Day, b.Day) })
	return out, nil
}

// ResolveEntity maps an id or a name to entity ids; see store.Store.
func (s *Store) ResolveEntity(ctx context.Context, ref string) ([]string, error) {
	ids, err := s.resolve(ctx, strings.TrimSpace(ref))
	if err != nil {
		return nil, fmt.Errorf("resolve entity %q: %w", ref, err)
	}
	return ids, nil
}

func (s *Store) resolve(ctx context.Context, ref string) ([]string, error) {
	if ref == "" {
		return nil, store.ErrNotFound
	}
	if _, err := s.entity(ctx, ref); err == nil {
		return []string{ref}, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	// Candidates have every word of ref in a name; a name matches when
	// it normalises as ref does.
	var ids []string
	var kbEID int64
	switch err := s.r.QueryRowContext(ctx, "SELECT eid FROM entity_keys WHERE key = ?", "kb:"+ref).Scan(&kbEID); {
	case err == nil:
		ids = append(ids, strconv.FormatInt(kbEID, 10))
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	norm, person := identity.Normalize(ref), identity.PersonName(ref)
	if norm == "" {
		return orNotFound(ids)
	}
	m, err := match(ref, false)
	if err != nil {
		return orNotFound(ids)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT c.eid, c.type, n.name FROM (
			SELECT e.eid, e.type, e.mentions FROM entities_fts f JOIN entities e ON e.eid = f.rowid
			WHERE entities_fts MATCH ? ORDER BY e.mentions DESC, e.eid LIMIT ?) c
		JOIN entity_names n ON n.eid = c.eid
		ORDER BY c.mentions DESC, c.eid`, m, resolveCandidates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var eid int64
		var typ, name string
		if err := rows.Scan(&eid, &typ, &name); err != nil {
			return nil, err
		}
		id := strconv.FormatInt(eid, 10)
		if slices.Contains(ids, id) {
			continue
		}
		if identity.Normalize(name) == norm || typ == article.PER && identity.PersonName(name) == person {
			ids = append(ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return orNotFound(ids)
}

// resolveCandidates bounds the entities whose names ResolveEntity checks.
const resolveCandidates = 1000

func orNotFound(ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, store.ErrNotFound
	}
	return ids, nil
}

// Network sizes.
const (
	defaultNodes = 30
	maxNodes     = 150
)

// Network returns entities and their edges; see store.Store.
func (s *Store) Network(ctx context.Context, q store.NetworkQuery) (*store.Network, error) {
	n, err := s.network(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", q.Entity, err)
	}
	return n, nil
}

func (s *Store) network(ctx context.Context, q store.NetworkQuery) (*store.Network, error) {
	size := q.MaxNodes
	if size <= 0 {
		size = defaultNodes
	}
	size = min(size, maxNodes)
	minW := max(q.MinWeight, 1)
	net := &store.Network{Nodes: []store.Node{}, Edges: []store.Edge{}}
	var nodes []related
	if q.Entity != "" {
		centre, err := s.entity(ctx, q.Entity)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, related{id: centre.ID, name: centre.Name, typ: centre.Type, mentions: centre.Mentions})
		// Neighbours by co-mentions and quotes either way; a neighbour
		// needs one edge of at least minW, and ranks by all its weight.
		near := map[string]*related{}
		best := map[string]int{}
		addAll := func(rs []related) {
			for _, r := range rs {
				if n, ok := near[r.id]; ok {
					n.weight += r.weight
				} else {
					near[r.id] = &r
				}
				best[r.id] = max(best[r.id], r.weight)
			}
		}
		co, err := s.coMentioned(ctx, centre.ID, maxNodes)
		if err != nil {
			return nil, err
		}
		addAll(co)
		by, err := s.related(ctx, `SELECT qa.eid, count(*) AS w FROM quotes q JOIN quote_about qa ON qa.qrid = q.qrid
			WHERE q.speaker = ?1 AND qa.eid != ?1 GROUP BY qa.eid ORDER BY w DESC LIMIT ?2`, centre.ID, maxNodes)
		if err != nil {
			return nil, err
		}
		addAll(by)
		ab, err := s.related(ctx, `SELECT q.speaker AS eid, count(*) AS w FROM quote_about qa JOIN quotes q ON q.qrid = qa.qrid
			WHERE qa.eid = ?1 AND q.speaker IS NOT NULL AND q.speaker != ?1 GROUP BY q.speaker ORDER BY w DESC LIMIT ?2`, centre.ID, maxNodes)
		if err != nil {
			return nil, err
		}
		addAll(ab)
		var cand []related
		for id, r := range near {
			if best[id] >= minW {
				cand = append(cand, *r)
			}
		}
		slices.SortFunc(cand, func(a, b related) int {
			return cmp.Or(b.weight-a.weight, b.mentions-a.mentions, strings.Compare(a.id, b.id))
		})
		nodes = append(nodes, cand[:min(len(cand), size-1)]...)
	} else {
		rows, err := s.r.QueryContext(ctx, "SELECT "+entityCols+" FROM entities e ORDER BY e.mentions DESC, e.eid LIMIT ?", size)
		if err != nil {
			return nil, err
		}
		es, err := scanEntities(rows)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			nodes = append(nodes, related{id: e.ID, name: e.Name, typ: e.Type, mentions: e.Mentions})
		}
	}
	if len(nodes) == 0 {
		return net, nil
	}
	ids := make([]any, len(nodes))
	for i, n := range nodes {
		net.Nodes = append(net.Nodes, store.Node{ID: n.id, Name: n.name, Type: n.typ, Mentions: n.mentions})
		ids[i], _ = strconv.ParseInt(n.id, 10, 64)
	}
	in := placeholders(len(ids))
	edges := func(kind, query string) error {
		rows, err := s.r.QueryContext(ctx, query, append(append(append([]any{}, ids...), ids...), minW)...)
		if err != nil {
			return fmt.Errorf("%s edges: %w", kind, err)
		}
		defer rows.Close()
		for rows.Next() {
			var from, to int64
			var w int
			if err := rows.Scan(&from, &to, &w); err != nil {
				return err
			}
			net.Edges = append(net.Edges, store.Edge{From: strconv.FormatInt(from, 10), To: strconv.FormatInt(to, 10), Kind: kind, Weight: w})
		}
		return rows.Err()
	}
	if err := edges("quoted_about", `SELECT q.speaker, qa.eid, count(*) AS w FROM quotes q
		JOIN quote_about qa ON qa.qrid = q.qrid
		WHERE q.speaker IN (`+in+`) AND qa.eid IN (`+in+`) AND qa.eid != q.speaker
		GROUP BY q.speaker, qa.eid HAVING w >= ? ORDER BY w DESC`); err != nil {
		return nil, err
	}
	// Co-mentions among the nodes, counted over each node's latest
	// articles (coWindow) so that a network of busy entities stays fast.
	if err := edges("co_mentioned", `SELECT a.eid, b.eid, count(*) AS w FROM article_entities a
		JOIN article_entities b ON b.rid = a.rid AND b.eid > a.eid
		WHERE a.eid IN (`+in+`) AND b.eid IN (`+in+`)
		GROUP BY a.eid, b.eid HAVING w >= ? ORDER BY w DESC`); err != nil {
		return nil, err
	}
	return net, nil
}
