package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// db runs storesql's shared queries on the read connections, and gives
// them SQLite's own SQL where it differs.
type db struct{ r *sql.DB }

var _ storesql.Graph = db{}

func (d db) Query(ctx context.Context, query string, args ...any) (storesql.ClosingRows, error) {
	rows, err := d.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return closing{rows}, nil
}

// closing closes database/sql's rows as storesql reads them.
type closing struct{ *sql.Rows }

func (r closing) Close() { r.Rows.Close() }

// IDSet renders "column is one of ids" with one JSON argument, so that a
// list of any length is one placeholder.
func (db) IDSet(column string, ids []int64) storesql.Cond {
	b, _ := json.Marshal(ids)
	return storesql.Cond{SQL: column + " IN (SELECT value FROM json_each(?))", Args: []any{string(b)}}
}

// coWindow bounds how many of an entity's latest articles count for its
// co-mentions, so that a profile of the busiest entity stays fast (at
// 1000, grouping their links took 20 ms of a profile's 30 at 100,000
// articles).
const coWindow = 300

func (d db) CoMentioned(ctx context.Context, eid int64, limit int) ([]storesql.Related, error) {
	return storesql.RelatedBy(ctx, d, `SELECT b.eid, count(*) AS w FROM
			(SELECT rid FROM article_entities WHERE eid = ?1 ORDER BY rid DESC LIMIT ?3) x
			JOIN article_entities b ON b.rid = x.rid
		WHERE b.eid != ?1 GROUP BY b.eid ORDER BY w DESC, b.eid LIMIT ?2`, eid, limit, coWindow)
}

// Edges lists the nodes inline, once for each side.
func (db) Edges(kind string, ids []int64, minW int) storesql.Cond {
	in := placeholders(len(ids))
	args := make([]any, 0, 2*len(ids)+1)
	for range 2 {
		for _, id := range ids {
			args = append(args, id)
		}
	}
	args = append(args, minW)
	if kind == "quoted_about" {
		return storesql.Cond{SQL: `SELECT q.speaker, qa.eid, count(*) AS w FROM quotes q
		JOIN quote_about qa ON qa.qrid = q.qrid
		WHERE q.speaker IN (` + in + `) AND qa.eid IN (` + in + `) AND qa.eid != q.speaker
		GROUP BY q.speaker, qa.eid HAVING w >= ? ORDER BY w DESC`, Args: args}
	}
	return storesql.Cond{SQL: `SELECT a.eid, b.eid, count(*) AS w FROM article_entities a
		JOIN article_entities b ON b.rid = a.rid AND b.eid > a.eid
		WHERE a.eid IN (` + in + `) AND b.eid IN (` + in + `)
		GROUP BY a.eid, b.eid HAVING w >= ? ORDER BY w DESC`, Args: args}
}
