package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// eventsSchema is store/sqlite's events table: each event a row that the
// event queries filter by actor, type, code and date, the rest JSON (see
// storesql.EventData).
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
	lang        text NOT NULL, -- the article's, so that no filter needs the articles
	data        text NOT NULL
);
`

// eventsIndexes are built after the events of older stores are in.
const eventsIndexes = `
CREATE INDEX events_rid ON events (rid, ord);
CREATE INDEX events_date ON events (date, vrid);
CREATE INDEX events_type ON events (type, date, vrid);
CREATE INDEX events_lang ON events (lang, date, vrid);
CREATE INDEX events_source ON events (source, date, vrid) WHERE source IS NOT NULL;
CREATE INDEX events_target ON events (target, date, vrid) WHERE target IS NOT NULL;
CREATE INDEX events_source_code ON events (source_code, date);
CREATE INDEX events_target_code ON events (target_code, date);
`

// queueEvents adds the inserts of a's events to b; eids maps a's entity
// ids to store-wide ones.
func queueEvents(b *pgx.Batch, rid int64, a *article.Article, eids map[string]int64) error {
	for i, e := range a.Events {
		data, date, err := storesql.EventData(a, e)
		if err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
		src, srcCode := actor(e.Source, eids)
		tgt, tgtCode := actor(e.Target, eids)
		b.Queue(`INSERT INTO events (rid, ord, date, type, source, target, source_code, target_code, lang, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			rid, i, clean(date), clean(e.Type), src, tgt, clean(srcCode), clean(tgtCode), clean(a.Lang), clean(string(data)))
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
	if err := backfillEvents(ctx, tx); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, eventsIndexes)
	return err
}

// backfillEvents fills the events table from the articles stored before it.
func backfillEvents(ctx context.Context, tx pgx.Tx) error {
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
		if err := tx.QueryRow(ctx, "SELECT id, date, lang, text, extra FROM articles WHERE rid = $1", rid).
			Scan(&a.ID, &a.Date, &a.Lang, &a.Text, &x); err != nil {
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

// Events finds events; see store.Store.
func (s *Store) Events(ctx context.Context, q store.EventQuery) (store.EventPage, error) {
	q.Lang = clean(q.Lang)
	return storesql.Events(ctx, db{s.pool}, q)
}

// EventTimeline counts events per day and type; see store.Store.
func (s *Store) EventTimeline(ctx context.Context, q store.EventQuery) ([]store.EventDay, error) {
	q.Lang = clean(q.Lang)
	return storesql.EventTimeline(ctx, db{s.pool}, q)
}

// EventPartners lists the actor's counterparts; see store.Store.
func (s *Store) EventPartners(ctx context.Context, q store.EventQuery) ([]store.Partner, error) {
	q.Lang = clean(q.Lang)
	return storesql.EventPartners(ctx, db{s.pool}, q)
}
