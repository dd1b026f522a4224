package storesql

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/store"
)

// NamesCap bounds the surface names listed for an entity.
const NamesCap = 12

// EntityCols are the columns of an entity e that ScanEntities reads.
const EntityCols = "e.eid, e.name, e.type, e.kb, e.mentions, e.articles, e.quotes_by"

// ScanEntities reads rows of EntityCols.
func ScanEntities(rows Rows) ([]store.Entity, error) {
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

// Entities runs a query of EntityCols and reads its rows.
func Entities(ctx context.Context, db DB, query string, args ...any) ([]store.Entity, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return ScanEntities(rows)
}

// Names returns an entity's surface names, most frequent first.
func Names(ctx context.Context, db DB, id string) ([]string, error) {
	eid, _ := strconv.ParseInt(id, 10, 64)
	rows, err := db.Query(ctx, "SELECT name FROM entity_names WHERE eid = ? ORDER BY n DESC, length(name) DESC, name LIMIT ?", eid, NamesCap)
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

// Entity returns one entity without its profile, or store.ErrNotFound.
func Entity(ctx context.Context, db DB, id string) (store.Entity, error) {
	ids := store.ParseIDs([]string{id})
	if len(ids) == 0 {
		return store.Entity{}, store.ErrNotFound
	}
	es, err := Entities(ctx, db, "SELECT "+EntityCols+" FROM entities e WHERE e.eid = ?", ids[0])
	if err != nil {
		return store.Entity{}, err
	}
	if len(es) == 0 {
		return store.Entity{}, store.ErrNotFound
	}
	e := es[0]
	e.Names, err = Names(ctx, db, e.ID)
	return e, err
}

// Related is an entity with a weight and its mentions.
type Related struct {
	ID, Name, Type   string
	Weight, Mentions int
}

// RelatedBy runs a query of (eid, w) and adds the entities' names, types
// and mentions, heaviest first.
func RelatedBy(ctx context.Context, db DB, query string, args ...any) ([]Related, error) {
	rows, err := db.Query(ctx, `SELECT e.eid, e.name, e.type, r.w, e.mentions FROM (`+query+`) r
		JOIN entities e ON e.eid = r.eid ORDER BY r.w DESC, e.mentions DESC, e.eid`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Related
	for rows.Next() {
		var r Related
		var eid int64
		if err := rows.Scan(&eid, &r.Name, &r.Type, &r.Weight, &r.Mentions); err != nil {
			return nil, err
		}
		r.ID = strconv.FormatInt(eid, 10)
		out = append(out, r)
	}
	return out, rows.Err()
}

// A Graph is a DB that knows its own SQL for the co-mentions of an entity
// and for the edges among a network's nodes.
type Graph interface {
	DB
	// CoMentioned returns at most limit entities sharing articles with
	// eid, most shared first.
	CoMentioned(ctx context.Context, eid int64, limit int) ([]Related, error)
	// Edges returns the query of the edges of kind ("quoted_about" or
	// "co_mentioned") among ids of weight at least minW: rows (from, to,
	// weight), heaviest first.
	Edges(kind string, ids []int64, minW int) Cond
}

// Network sizes.
const (
	defaultNodes = 30
	MaxNodes     = 150
)

// Network returns entities as nodes and their edges; see store.Store.
func Network(ctx context.Context, g Graph, q store.NetworkQuery) (*store.Network, error) {
	n, err := network(ctx, g, q)
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", q.Entity, err)
	}
	return n, nil
}

func network(ctx context.Context, g Graph, q store.NetworkQuery) (*store.Network, error) {
	size := q.MaxNodes
	if size <= 0 {
		size = defaultNodes
	}
	size = min(size, MaxNodes)
	minW := max(q.MinWeight, 1)
	net := &store.Network{Nodes: []store.Node{}, Edges: []store.Edge{}}
	var nodes []Related
	if q.Entity != "" {
		centre, err := Entity(ctx, g, q.Entity)
		if err != nil {
			return nil, err
		}
		ceid, _ := strconv.ParseInt(centre.ID, 10, 64)
		nodes = append(nodes, Related{ID: centre.ID, Name: centre.Name, Type: centre.Type, Mentions: centre.Mentions})
		// Neighbours by co-mentions and quotes either way; a neighbour
		// needs one edge of at least minW, and ranks by all its weight.
		near := map[string]*Related{}
		best := map[string]int{}
		addAll := func(rs []Related) {
			for _, r := range rs {
				if n, ok := near[r.ID]; ok {
					n.Weight += r.Weight
				} else {
					near[r.ID] = &r
				}
				best[r.ID] = max(best[r.ID], r.Weight)
			}
		}
		co, err := g.CoMentioned(ctx, ceid, MaxNodes)
		if err != nil {
			return nil, err
		}
		addAll(co)
		by, err := RelatedBy(ctx, g, `SELECT qa.eid, count(*) AS w FROM quotes q JOIN quote_about qa ON qa.qrid = q.qrid
			WHERE q.speaker = ?1 AND qa.eid != ?1 GROUP BY qa.eid ORDER BY w DESC LIMIT ?2`, ceid, MaxNodes)
		if err != nil {
			return nil, err
		}
		addAll(by)
		ab, err := RelatedBy(ctx, g, `SELECT q.speaker AS eid, count(*) AS w FROM quote_about qa JOIN quotes q ON q.qrid = qa.qrid
			WHERE qa.eid = ?1 AND q.speaker IS NOT NULL AND q.speaker != ?1 GROUP BY q.speaker ORDER BY w DESC LIMIT ?2`, ceid, MaxNodes)
		if err != nil {
			return nil, err
		}
		addAll(ab)
		var cand []Related
		for id, r := range near {
			if best[id] >= minW {
				cand = append(cand, *r)
			}
		}
		slices.SortFunc(cand, func(a, b Related) int {
			return cmp.Or(b.Weight-a.Weight, b.Mentions-a.Mentions, strings.Compare(a.ID, b.ID))
		})
		nodes = append(nodes, cand[:min(len(cand), size-1)]...)
	} else {
		es, err := Entities(ctx, g, "SELECT "+EntityCols+" FROM entities e ORDER BY e.mentions DESC, e.eid LIMIT ?", size)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			nodes = append(nodes, Related{ID: e.ID, Name: e.Name, Type: e.Type, Mentions: e.Mentions})
		}
	}
	if len(nodes) == 0 {
		return net, nil
	}
	ids := make([]int64, len(nodes))
	for i, n := range nodes {
		net.Nodes = append(net.Nodes, store.Node{ID: n.ID, Name: n.Name, Type: n.Type, Mentions: n.Mentions})
		ids[i], _ = strconv.ParseInt(n.ID, 10, 64)
	}
	for _, kind := range []string{"quoted_about", "co_mentioned"} {
		c := g.Edges(kind, ids, minW)
		rows, err := g.Query(ctx, c.SQL, c.Args...)
		if err != nil {
			return nil, fmt.Errorf("%s edges: %w", kind, err)
		}
		net.Edges, err = readEdges(rows, kind, net.Edges)
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return net, nil
}

// readEdges appends the edges of kind in rows of (from, to, weight) to out.
func readEdges(rows Rows, kind string, out []store.Edge) ([]store.Edge, error) {
	for rows.Next() {
		var from, to int64
		var w int
		if err := rows.Scan(&from, &to, &w); err != nil {
			return out, err
		}
		out = append(out, store.Edge{From: strconv.FormatInt(from, 10), To: strconv.FormatInt(to, 10), Kind: kind, Weight: w})
	}
	return out, rows.Err()
}

// A NameMatch renders the search of entity names for text in an
// implementation's full-text index: what to select from (entities as e)
// and the condition.
type NameMatch func(text string) (from string, c Cond, err error)

// SearchEntities lists the entities q selects, most mentioned first,
// with their names; see store.Store. match searches names, in lists ids
// and clean readies a string argument (see ArticleFilters).
func SearchEntities(ctx context.Context, db DB, q store.Query, match NameMatch, in IDSet, clean func(string) string) (store.EntityPage, error) {
	page, err := searchEntities(ctx, db, q, match, in, clean)
	if err != nil {
		return store.EntityPage{}, fmt.Errorf("entities %q: %w", q.Text, err)
	}
	return page, nil
}

func searchEntities(ctx context.Context, db DB, q store.Query, match NameMatch, in IDSet, clean func(string) string) (store.EntityPage, error) {
	page := store.EntityPage{Hits: []store.Entity{}}
	limit, offset, err := q.Page()
	if err != nil {
		return page, err
	}
	var conds []Cond
	from := "entities e"
	if strings.TrimSpace(q.Text) != "" {
		var c Cond
		if from, c, err = match(q.Text); err != nil {
			return page, err
		}
		conds = append(conds, c)
	}
	if q.Type != "" {
		conds = append(conds, Cond{"e.type = ?", []any{clean(q.Type)}})
	}
	if len(q.About) > 0 {
		ids := store.ParseIDs(q.About)
		if len(ids) == 0 {
			return page, nil
		}
		conds = append(conds, in("e.eid", ids))
	}
	where, args := render(conds)
	if err := queryRow(ctx, db, Cond{"SELECT count(*) FROM " + from + where, args}, &page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	if page.Hits, err = Entities(ctx, db, "SELECT "+EntityCols+" FROM "+from+where+
		" ORDER BY e.mentions DESC, e.eid LIMIT ? OFFSET ?", append(args, limit, offset)...); err != nil {
		return page, err
	}
	for i := range page.Hits {
		if page.Hits[i].Names, err = Names(ctx, db, page.Hits[i].ID); err != nil {
			return page, err
		}
	}
	return page, nil
}
