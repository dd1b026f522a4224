package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// eventsSchema is store/sqlite's events table: each event a row that the
// event queries filter by actor, type, code and date, the rest JSON (see
// store.EventData).
const eventsSchema = `
CREATE TABLE events (
	vrid        bigserial PRIMARY KEY,
	rid         bigint NOT NULL,
	ord         integer NOT NULL,
	date        text COLLATE "C" NOT NULL, -- the event's date, a prefix when coarser than a day
	type        text NOT NULL,
	source      bigint, -- store-wide entities, or NULL for actors known by code only
	target      bigint,
	source_code text COLLATE "C" NOT NULL,
	target_code text COLLATE "C" NOT NULL,
	data        text NOT NULL
);
CREATE INDEX events_rid ON events (rid, ord);
CREATE INDEX events_date ON events (date, vrid);
CREATE INDEX events_type ON events (type, date, vrid);
CREATE INDEX events_source ON events (source, date, vrid) WHERE source IS NOT NULL;
CREATE INDEX events_target ON events (target, date, vrid) WHERE target IS NOT NULL;
CREATE INDEX events_source_code ON events (source_code, date) WHERE source_code != '';
CREATE INDEX events_target_code ON events (target_code, date) WHERE target_code != '';
`

// queueEvents adds the inserts of a's events to b; eids maps a's entity
// ids to store-wide ones.
func queueEvents(b *pgx.Batch, rid int64, a *article.Article, eids map[string]int64) error {
	for i, e := range a.Events {
		data, date, err := store.EventData(a, e)
		if err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
		src, srcCode := actor(e.Source, eids)
		tgt, tgtCode := actor(e.Target, eids)
		b.Queue(`INSERT INTO events (rid, ord, date, type, source, target, source_code, target_code, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			rid, i, clean(date), clean(e.Type), src, tgt, clean(srcCode), clean(tgtCode), clean(string(data)))
	}
	return nil
}

// actor returns the store-wide entity of an event's actor (nil when it
// has none) and its code.
func actor(x *article.EventActor, eids map[string]int64) (*int64, string) {
	if x == nil {
		return nil, ""
	}
	if eid, ok := eids[x.Entity]; ok && x.Entity != "" && eid != 0 {
		return &eid, x.Code
	}
	return nil, x.Code
}

// migrateEvents creates the events table and fills it from the events
// that articles stored before it kept only in their extra JSON.
func migrateEvents(ctx context.Context, tx pgx.Tx, _ Options) error {
	if _, err := tx.Exec(ctx, eventsSchema); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, "SELECT rid FROM articles WHERE nevents > 0 ORDER BY rid")
	if err != nil {
		return err
	}
	rids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, rid := range rids {
		var a article.Article
		var x string
		if err := tx.QueryRow(ctx, "SELECT id, date, text, extra FROM articles WHERE rid = $1", rid).
			Scan(&a.ID, &a.Date, &a.Text, &x); err != nil {
			return err
		}
		var ex extra
		if err := json.Unmarshal([]byte(x), &ex); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		a.Events = ex.Events
		eids := map[string]int64{}
		rows, err := tx.Query(ctx, "SELECT local, eid FROM article_entities WHERE rid = $1", rid)
		if err != nil {
			return err
		}
		var local string
		var eid int64
		if _, err := pgx.ForEachRow(rows, []any{&local, &eid}, func() error { eids[local] = eid; return nil }); err != nil {
			return err
		}
		b := &pgx.Batch{}
		if err := queueEvents(b, rid, &a, eids); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	return nil
}

// idSet renders "column is one of ids" with one array argument.
func idSet(column string, ids []int64) store.Cond {
	return store.Cond{SQL: column + " = ANY(?)", Args: []any{ids}}
}

// eventWhere renders conds, numbering their placeholders.
func eventWhere(conds []store.Cond) *where {
	w := &where{}
	for _, c := range conds {
		w.add(c.SQL, c.Args...)
	}
	return w
}

const eventFrom = " FROM events e JOIN articles a ON a.rid = e.rid"

// Events finds events; see store.Store.
func (s *Store) Events(ctx context.Context, q store.EventQuery) (store.EventPage, error) {
	page := store.EventPage{Hits: []store.EventHit{}}
	limit, offset, err := q.Page()
	if err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	q.Lang = clean(q.Lang)
	conds, none := store.EventConds(q, idSet)
	if none {
		return page, nil
	}
	w := eventWhere(conds)
	if err := s.pool.QueryRow(ctx, "SELECT count(*)"+eventFrom+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	lim, off := w.arg(limit), w.arg(offset)
	rows, err := s.pool.Query(ctx, "SELECT e.data, e.source, e.target, a.id, a.title, a.source, a.date, a.lang"+
		eventFrom+w.String()+" ORDER BY e.date DESC, e.vrid DESC LIMIT "+lim+" OFFSET "+off, w.args...)
	if err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h store.EventHit
		var data string
		var src, tgt *int64
		if err := rows.Scan(&data, &src, &tgt, &h.ArticleID, &h.ArticleTitle, &h.Outlet, &h.ArticleDate, &h.Lang); err != nil {
			return page, fmt.Errorf("events: %w", err)
		}
		if err := store.DecodeEvent([]byte(data), &h); err != nil {
			return page, fmt.Errorf("events: article %s: %w", h.ArticleID, err)
		}
		h.SourceID, h.TargetID = idString(src), idString(tgt)
		page.Hits = append(page.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	return page, nil
}

func idString(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

// EventTimeline counts events per day and type; see store.Store.
func (s *Store) EventTimeline(ctx context.Context, q store.EventQuery) ([]store.EventDay, error) {
	days := []store.EventDay{}
	if _, _, err := q.Page(); err != nil {
		return days, fmt.Errorf("event timeline: %w", err)
	}
	q.Lang = clean(q.Lang)
	conds, none := store.EventConds(q, idSet)
	if none {
		return days, nil
	}
	w := eventWhere(conds)
	rows, err := s.pool.Query(ctx, "SELECT substr(e.date, 1, 10) AS day, e.type, count(*)"+eventFrom+w.String()+
		" GROUP BY day, e.type ORDER BY day, e.type", w.args...)
	if err != nil {
		return days, fmt.Errorf("event timeline: %w", err)
	}
	var day, typ string
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&day, &typ, &n}, func() error {
		days = store.AddEventDay(days, day, typ, n)
		return nil
	}); err != nil {
		return days, fmt.Errorf("event timeline: %w", err)
	}
	return days, nil
}

// EventPartners lists the actor's counterparts; see store.Store.
func (s *Store) EventPartners(ctx context.Context, q store.EventQuery) ([]store.Partner, error) {
	out := []store.Partner{}
	limit, _, err := q.Page()
	if err != nil {
		return out, fmt.Errorf("event partners: %w", err)
	}
	if len(q.Actor) == 0 {
		return out, fmt.Errorf("event partners: %w: no actor", store.ErrInvalid)
	}
	actors := store.ParseIDs(q.Actor)
	if len(actors) == 0 {
		return out, nil
	}
	q.Lang = clean(q.Lang)
	w := &where{}
	half := func(self, other string) string {
		sub := &where{args: w.args}
		sub.add("e."+self+" = ANY(?)", actors)
		sub.add("e." + other + " IS NOT NULL")
		sub.add("NOT e."+other+" = ANY(?)", actors)
		for _, c := range store.FilterConds(q) {
			sub.add(c.SQL, c.Args...)
		}
		w.args = sub.args
		return "SELECT e." + other + " AS other" + eventFrom + sub.String()
	}
	outSQL := half("source", "target")
	inSQL := half("target", "source")
	query := `SELECT p.other, n.name, n.type, sum(p.out)::int, sum(p.inn)::int FROM (
		SELECT other, 1 AS out, 0 AS inn FROM (` + outSQL + `) o
		UNION ALL
		SELECT other, 0, 1 FROM (` + inSQL + `) i) p
		JOIN entities n ON n.eid = p.other
		GROUP BY p.other, n.name, n.type ORDER BY count(*) DESC, p.other LIMIT ` + w.arg(limit)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return out, fmt.Errorf("event partners: %w", err)
	}
	var p store.Partner
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &p.Name, &p.Type, &p.Out, &p.In}, func() error {
		p.ID = strconv.FormatInt(id, 10)
		out = append(out, p)
		return nil
	}); err != nil {
		return out, fmt.Errorf("event partners: %w", err)
	}
	return out, nil
}
