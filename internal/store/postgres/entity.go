package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// profileCap bounds each list of an entity profile.
const profileCap = 20

// Entities lists store-wide entities; see store.Store.
func (s *Store) Entities(ctx context.Context, q store.Query) (store.EntityPage, error) {
	return storesql.SearchEntities(ctx, db{s.pool}, q, matchNames, idSet, clean)
}

// matchNames searches the folded names, each word as a prefix.
func matchNames(text string) (string, storesql.Cond, error) {
	ts, err := terms(text)
	return "entities e", storesql.Cond{SQL: "e.names_tsv @@ ng_prefix_query(?::text[])", Args: []any{ts}}, err
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
	e, err := storesql.Entity(ctx, db{s.pool}, id)
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
	co, err := db{s.pool}.CoMentioned(ctx, eid, profileCap)
	if err != nil {
		return nil, fmt.Errorf("co-mentioned: %w", err)
	}
	p.CoMentioned = []store.Related{}
	for _, r := range co {
		p.CoMentioned = append(p.CoMentioned, store.Related{ID: r.ID, Name: r.Name, Type: r.Type, Weight: r.Weight})
	}
	p.Timeline, err = s.timeline(ctx, eid)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return p, nil
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
	if _, err := storesql.Entity(ctx, db{s.pool}, ref); err == nil {
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

// Network returns entities and their edges; see store.Store.
func (s *Store) Network(ctx context.Context, q store.NetworkQuery) (*store.Network, error) {
	return storesql.Network(ctx, db{s.pool}, q)
}
