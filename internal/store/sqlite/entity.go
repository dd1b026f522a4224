package sqlite

import (
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
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// profileCap bounds each list of an entity profile.
const profileCap = 20

// Entities lists store-wide entities; see store.Store.
func (s *Store) Entities(ctx context.Context, q store.Query) (store.EntityPage, error) {
	return storesql.SearchEntities(ctx, db{s.r}, q, matchNames, inList, keep)
}

// matchNames searches the names' index, the last word as a prefix.
func matchNames(text string) (string, storesql.Cond, error) {
	m, err := match(text, true)
	return "entities_fts f JOIN entities e ON e.eid = f.rowid", storesql.Cond{SQL: "entities_fts MATCH ?", Args: []any{m}}, err
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
	e, err := storesql.Entity(ctx, db{s.r}, id)
	if err != nil {
		return nil, err
	}
	eid, _ := strconv.ParseInt(e.ID, 10, 64)
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
	co, err := db{s.r}.CoMentioned(ctx, eid, profileCap)
	if err != nil {
		return nil, fmt.Errorf("co-mentioned: %w", err)
	}
	p.CoMentioned = []store.Related{}
	for _, r := range co {
		p.CoMentioned = append(p.CoMentioned, store.Related{ID: r.ID, Name: r.Name, Type: r.Type, Weight: r.Weight})
	}
	p.Timeline, err = s.timeline(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("timeline: %w", err)
	}
	return p, nil
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
	if _, err := storesql.Entity(ctx, db{s.r}, ref); err == nil {
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

// Network returns entities and their edges; see store.Store.
func (s *Store) Network(ctx context.Context, q store.NetworkQuery) (*store.Network, error) {
	return storesql.Network(ctx, db{s.r}, q)
}
