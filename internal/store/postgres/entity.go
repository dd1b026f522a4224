package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

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
	if strings.TrimSpace(q.Text) != "" {
		ts, err := terms(q.Text)
		if err != nil {
			return page, err
		}
		w.add("e.names_tsv @@ ng_prefix_query(?::text[])", ts)
	}
	if q.Type != "" {
		w.add("e.type = ?", clean(q.Type))
	}
	if len(q.About) > 0 {
		ids := store.ParseIDs(q.About)
		if len(ids) == 0 {
			return page, nil
		}
		w.add("e.eid = ANY(?)", ids)
	}
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM entities e"+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	lim, off := w.arg(limit), w.arg(offset)
	rows, err := s.pool.Query(ctx, "SELECT "+entityCols+" FROM entities e"+w.String()+
		" ORDER BY e.mentions DESC, e.eid LIMIT "+lim+" OFFSET "+off, w.args...)
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

func scanEntities(rows pgx.Rows) ([]store.Entity, error) {
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
	eid, _ := strconv.ParseInt(id, 10, 64)
	rows, err := s.pool.Query(ctx, "SELECT name FROM entity_names WHERE eid = $1 ORDER BY n DESC, length(name) DESC, name LIMIT $2", eid, namesCap)
	if err != nil {
		return nil, err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if names == nil {
		names = []string{}
	}
	return names, err
}

// entity returns one entity without its profile, or ErrNotFound.
func (s *Store) entity(ctx context.Context, id string) (store.Entity, error) {
	ids := store.ParseIDs([]string{id})
	if len(ids) == 0 {
		return store.Entity{}, store.ErrNotFound
	}
	rows, err := s.pool.Query(ctx, "SELECT "+entityCols+" FROM entities e WHERE e.eid = $1", ids[0])
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
	eid, _ := strconv.ParseInt(e.ID, 10, 64)
	p := &store.EntityProfile{Entity: e}
	p.QuotesBy, err = s.quoteHits(ctx, "SELECT "+quoteCols+` FROM quotes q JOIN articles a ON a.rid = q.rid
		WHERE q.speaker = $1 ORDER BY q.date DESC, q.qrid DESC LIMIT $2`, eid, profileCap)
	if err != nil {
		return nil, fmt.Errorf("quotes by: %w", err)
	}
	p.QuotesAbout, err = s.quoteHits(ctx, "SELECT "+quoteCols+` FROM quote_about qa
		JOIN quotes q ON q.qrid = qa.qrid JOIN articles a ON a.rid = q.rid
		WHERE qa.eid = $1 ORDER BY q.date DESC, q.qrid DESC LIMIT $2`, eid, profileCap)
	if err != nil {
		return nil, fmt.Errorf("quotes about: %w", err)
	}
	co, err := s.coMentioned(ctx, eid, profileCap)
	if err != nil {
		return nil, fmt.Errorf("co-mentioned: %w", err)
	}
	p.CoMentioned = []store.Related{}
	for _, r := range co {
		p.CoMentioned = append(p.CoMentioned, store.Related{ID: r.id, Name: r.name, Type: r.typ, Weight: r.weight})
	}
	p.Timeline, err = s.timeline(ctx, eid)
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
// co-mentions, so that a profile of the busiest entity stays fast.
const coWindow = 5000

func (s *Store) coMentioned(ctx context.Context, eid int64, limit int) ([]related, error) {
	return s.related(ctx, `SELECT b.eid, count(DISTINCT b.rid) AS w FROM
			(SELECT rid FROM article_entities WHERE eid = $1 ORDER BY rid DESC LIMIT $3) x
			JOIN article_entities b ON b.rid = x.rid
		WHERE b.eid != $1 GROUP BY b.eid ORDER BY w DESC, b.eid LIMIT $2`, eid, limit, coWindow)
}

// related runs a query of (eid, weight) and adds names and types.
func (s *Store) related(ctx context.Context, query string, args ...any) ([]related, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.eid, e.name, e.type, r.w, e.mentions FROM (`+query+`) r
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

func (s *Store) timeline(ctx context.Context, eid int64) ([]store.DayCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT day, sum(m)::bigint, sum(q)::bigint FROM (
			SELECT date AS day, n AS m, 0 AS q FROM article_entities WHERE eid = $1 AND date != ''
			UNION ALL
			SELECT date, 0, 1 FROM quotes WHERE speaker = $1 AND date != ''
		) x GROUP BY day ORDER BY day`, eid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.DayCount{}
	for rows.Next() {
		var c store.DayCount
		if err := rows.Scan(&c.Day, &c.Mentions, &c.Quotes); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ResolveEntity maps an id or a name to entity ids; see store.Store.
func (s *Store) ResolveEntity(ctx context.Context, ref string) ([]string, error) {
	ids, err := s.resolve(ctx, strings.TrimSpace(clean(ref)))
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
	rows, err := s.pool.Query(ctx, `SELECT e.eid FROM entities e WHERE e.eid IN (
			SELECT eid FROM entity_names WHERE norm IN ($1, $2) AND norm != ''
			UNION SELECT eid FROM entity_keys WHERE key = $3)
		ORDER BY e.mentions DESC, e.eid LIMIT $4`,
		identity.Normalize(ref), identity.PersonName(ref), "kb:"+ref, store.MaxLimit)
	if err != nil {
		return nil, err
	}
	eids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	if len(eids) == 0 {
		return nil, store.ErrNotFound
	}
	ids := make([]string, len(eids))
	for i, eid := range eids {
		ids[i] = strconv.FormatInt(eid, 10)
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
		ceid, _ := strconv.ParseInt(centre.ID, 10, 64)
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
		co, err := s.coMentioned(ctx, ceid, maxNodes)
		if err != nil {
			return nil, err
		}
		addAll(co)
		by, err := s.related(ctx, `SELECT qa.eid, count(*) AS w FROM quotes q JOIN quote_about qa ON qa.qrid = q.qrid
			WHERE q.speaker = $1 AND qa.eid != $1 GROUP BY qa.eid ORDER BY w DESC LIMIT $2`, ceid, maxNodes)
		if err != nil {
			return nil, err
		}
		addAll(by)
		ab, err := s.related(ctx, `SELECT q.speaker AS eid, count(*) AS w FROM quote_about qa JOIN quotes q ON q.qrid = qa.qrid
			WHERE qa.eid = $1 AND q.speaker IS NOT NULL AND q.speaker != $1 GROUP BY q.speaker ORDER BY w DESC LIMIT $2`, ceid, maxNodes)
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
		rows, err := s.pool.Query(ctx, "SELECT "+entityCols+" FROM entities e ORDER BY e.mentions DESC, e.eid LIMIT $1", size)
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
	ids := make([]int64, len(nodes))
	for i, n := range nodes {
		net.Nodes = append(net.Nodes, store.Node{ID: n.id, Name: n.name, Type: n.typ, Mentions: n.mentions})
		ids[i], _ = strconv.ParseInt(n.id, 10, 64)
	}
	edges := func(kind, query string) error {
		rows, err := s.pool.Query(ctx, query, ids, minW)
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
		WHERE q.speaker = ANY($1) AND qa.eid = ANY($1) AND qa.eid != q.speaker
		GROUP BY q.speaker, qa.eid HAVING count(*) >= $2 ORDER BY w DESC, q.speaker, qa.eid`); err != nil {
		return nil, err
	}
	if err := edges("co_mentioned", `SELECT a.eid, b.eid, count(DISTINCT a.rid) AS w FROM article_entities a
		JOIN article_entities b ON b.rid = a.rid AND b.eid > a.eid
		WHERE a.eid = ANY($1) AND b.eid = ANY($1)
		GROUP BY a.eid, b.eid HAVING count(DISTINCT a.rid) >= $2 ORDER BY w DESC, a.eid, b.eid`); err != nil {
		return nil, err
	}
	return net, nil
}
