package storesql

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/store"
)

// A DB runs the queries the SQL stores share, in its implementation's
// dialect. Their SQL has ? placeholders, or ?N where an argument is used
// more than once (PostgreSQL numbers them $N), and IDSet renders "column
// is one of ids".
type DB interface {
	Query(ctx context.Context, query string, args ...any) (ClosingRows, error)
	IDSet(column string, ids []int64) Cond
}

// ClosingRows are Rows that the reader closes.
type ClosingRows interface {
	Rows
	Close()
}

// read runs c and reads its rows with f.
func read[T any](ctx context.Context, db DB, c Cond, f func(Rows) ([]T, error)) ([]T, error) {
	rows, err := db.Query(ctx, c.SQL, c.Args...)
	if err != nil {
		return []T{}, err
	}
	defer rows.Close()
	return f(rows)
}

// queryRow runs c and scans its first row into dest.
func queryRow(ctx context.Context, db DB, c Cond, dest ...any) error {
	rows, err := db.Query(ctx, c.SQL, c.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("no rows")
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Err()
}

// Events finds events; see store.Store.
func Events(ctx context.Context, db DB, q store.EventQuery) (store.EventPage, error) {
	page := store.EventPage{Hits: []store.EventHit{}}
	limit, offset, err := q.Page()
	if err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	count, list, none := EventsSQL(q, db.IDSet, limit, offset)
	if none {
		return page, nil
	}
	if err := queryRow(ctx, db, count, &page.Total); err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	if page.Hits, err = read(ctx, db, list, ReadEventHits); err != nil {
		return page, fmt.Errorf("events: %w", err)
	}
	return page, nil
}

// EventTimeline counts events per day and type; see store.Store.
func EventTimeline(ctx context.Context, db DB, q store.EventQuery) ([]store.EventDay, error) {
	if _, _, err := q.Page(); err != nil {
		return []store.EventDay{}, fmt.Errorf("event timeline: %w", err)
	}
	query, none := TimelineSQL(q, db.IDSet)
	if none {
		return []store.EventDay{}, nil
	}
	days, err := read(ctx, db, query, ReadEventDays)
	if err != nil {
		return days, fmt.Errorf("event timeline: %w", err)
	}
	return days, nil
}

// EventPartners lists the actor's counterparts; see store.Store.
func EventPartners(ctx context.Context, db DB, q store.EventQuery) ([]store.Partner, error) {
	actors, limit, err := q.PartnersOf()
	if err != nil || len(actors) == 0 {
		return []store.Partner{}, err
	}
	out, err := read(ctx, db, PartnersSQL(q, actors, db.IDSet, limit), ReadPartners)
	if err != nil {
		return out, fmt.Errorf("event partners: %w", err)
	}
	return out, nil
}

// Stats counts what is stored; see store.Store.
func Stats(ctx context.Context, db DB) (store.Stats, error) {
	st := store.Stats{Langs: map[string]int{}, Sources: map[string]int{}}
	err := queryRow(ctx, db, Cond{SQL: `SELECT count(*), coalesce(sum(nquotes), 0), coalesce(sum(nmentions), 0),
		coalesce(sum(nevents), 0), (SELECT count(*) FROM entities) FROM articles`},
		&st.Documents, &st.Quotes, &st.Mentions, &st.Events, &st.Entities)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	for _, c := range []struct {
		col string
		m   map[string]int
	}{{"lang", st.Langs}, {"source", st.Sources}} {
		rows, err := db.Query(ctx, "SELECT "+c.col+", count(*) FROM articles GROUP BY "+c.col)
		if err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		err = countBy(rows, c.m)
		rows.Close()
		if err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
	}
	return st, nil
}

// countBy reads rows of (key, count) into m.
func countBy(rows Rows, m map[string]int) error {
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		m[k] = n
	}
	return rows.Err()
}
