package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// eventsSchema keeps each event as a row that the event queries filter by
// actor, type, code and date; the rest of the event, with its sentence,
// is JSON (see storesql.EventData).
const eventsSchema = `
CREATE TABLE events (
	vrid        INTEGER PRIMARY KEY,
	rid         INTEGER NOT NULL,
	ord         INTEGER NOT NULL,
	date        TEXT NOT NULL, -- the event's date, a prefix when coarser than a day
	type        TEXT NOT NULL,
	source      INTEGER, -- store-wide entities, or NULL for actors known by code only
	target      INTEGER,
	source_code TEXT NOT NULL,
	target_code TEXT NOT NULL,
	lang        TEXT NOT NULL, -- the article's, so that no filter needs the articles
	data        TEXT NOT NULL
);
`

// eventsIndexes are built after the events of older stores are in.
const eventsIndexes = `
CREATE INDEX events_rid ON events(rid, ord);
CREATE INDEX events_date ON events(date, vrid);
CREATE INDEX events_type ON events(type, date, vrid);
CREATE INDEX events_lang ON events(lang, date, vrid);
CREATE INDEX events_source ON events(source, date, vrid) WHERE source IS NOT NULL;
CREATE INDEX events_target ON events(target, date, vrid) WHERE target IS NOT NULL;
-- Whole, not partial: a range on the code must be seen to imply the
-- index's condition, and SQLite does not see it.
CREATE INDEX events_source_code ON events(source_code, date);
CREATE INDEX events_target_code ON events(target_code, date);
`

// execer is what inserting events needs of a transaction.
type execer func(query string, args ...any) (sql.Result, error)

// insertEvents stores a's events; eids maps a's entity ids to store-wide
// ones.
func insertEvents(exec execer, rid int64, a *article.Article, eids map[string]int64) error {
	for i, e := range a.Events {
		data, date, err := storesql.EventData(a, e)
		if err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
		src, srcCode := actor(e.Source, eids)
		tgt, tgtCode := actor(e.Target, eids)
		if _, err := exec(`INSERT INTO events (rid, ord, date, type, source, target, source_code, target_code, lang, data)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rid, i, date, e.Type, src, tgt, srcCode, tgtCode, a.Lang, string(data)); err != nil {
			return fmt.Errorf("event %s: %w", e.ID, err)
		}
	}
	return nil
}

// actor returns the store-wide entity of an event's actor (NULL when it
// has none) and its code.
func actor(x *article.EventActor, eids map[string]int64) (sql.NullInt64, string) {
	if x == nil {
		return sql.NullInt64{}, ""
	}
	eid, ok := eids[x.Entity]
	return sql.NullInt64{Int64: eid, Valid: ok && x.Entity != ""}, x.Code
}

// migrateEvents creates the events table and fills it from the events
// that articles stored before it kept only in their annotations.
func migrateEvents(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, eventsSchema); err != nil {
		return err
	}
	if err := backfillEvents(ctx, tx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, eventsIndexes)
	return err
}

// backfillEvents fills the events table from the articles stored before it.
func backfillEvents(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT rid FROM articles WHERE nevents > 0 ORDER BY rid")
	if err != nil {
		return err
	}
	var rids []int64
	for rows.Next() {
		var rid int64
		if err := rows.Scan(&rid); err != nil {
			rows.Close()
			return err
		}
		rids = append(rids, rid)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	exec := func(q string, args ...any) (sql.Result, error) { return tx.ExecContext(ctx, q, args...) }
	for _, rid := range rids {
		var a article.Article
		var text, blob []byte
		if err := tx.QueryRowContext(ctx, "SELECT id, date, lang, text, annotations FROM articles WHERE rid = ?", rid).
			Scan(&a.ID, &a.Date, &a.Lang, &text, &blob); err != nil {
			return err
		}
		if a.Text, err = decompress(text); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		raw, err := decompress(blob)
		if err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
		var ann annotations
		if err := json.Unmarshal([]byte(raw), &ann); err != nil {
			return fmt.Errorf("article %s: annotations: %w", a.ID, err)
		}
		eids := make(map[string]int64, len(ann.Entities))
		for _, e := range ann.Entities {
			eids[e.ID] = e.EID
		}
		a.Events = ann.Events
		if err := insertEvents(exec, rid, &a, eids); err != nil {
			return fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	return nil
}

// closeRows closes rows and returns the error that ended them.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	rows.Close()
	return err
}

// Events finds events; see store.Store.
func (s *Store) Events(ctx context.Context, q store.EventQuery) (store.EventPage, error) {
	return storesql.Events(ctx, db{s.r}, q)
}

// EventTimeline counts events per day and type; see store.Store.
func (s *Store) EventTimeline(ctx context.Context, q store.EventQuery) ([]store.EventDay, error) {
	return storesql.EventTimeline(ctx, db{s.r}, q)
}

// EventPartners lists the actor's counterparts; see store.Store.
func (s *Store) EventPartners(ctx context.Context, q store.EventQuery) ([]store.Partner, error) {
	return storesql.EventPartners(ctx, db{s.r}, q)
}
