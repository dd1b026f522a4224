package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// db runs storesql's shared queries on a pool, and gives them
// PostgreSQL's own SQL where it differs.
type db struct{ pool *pgxpool.Pool }

var _ storesql.Graph = db{}

func (d db) Query(ctx context.Context, query string, args ...any) (storesql.ClosingRows, error) {
	return d.pool.Query(ctx, numbered(query), args...)
}

func (db) IDSet(column string, ids []int64) storesql.Cond { return idSet(column, ids) }

// idSet renders "column is one of ids" with one array argument.
func idSet(column string, ids []int64) storesql.Cond {
	return storesql.Cond{SQL: column + " = ANY(?)", Args: []any{ids}}
}

// coWindow bounds how many of an entity's latest articles count for its
// co-mentions, so that a profile of the busiest entity stays fast.
const coWindow = 5000

func (d db) CoMentioned(ctx context.Context, eid int64, limit int) ([]storesql.Related, error) {
	return storesql.RelatedBy(ctx, d, `SELECT b.eid, count(DISTINCT b.rid) AS w FROM
			(SELECT rid FROM article_entities WHERE eid = ?1 ORDER BY rid DESC LIMIT ?3) x
			JOIN article_entities b ON b.rid = x.rid
		WHERE b.eid != ?1 GROUP BY b.eid ORDER BY w DESC, b.eid LIMIT ?2`, eid, limit, coWindow)
}

func (db) Edges(kind string, ids []int64, minW int) storesql.Cond {
	if kind == "quoted_about" {
		return storesql.Cond{SQL: `SELECT q.speaker, qa.eid, count(*) AS w FROM quotes q
		JOIN quote_about qa ON qa.qrid = q.qrid
		WHERE q.speaker = ANY(?1) AND qa.eid = ANY(?1) AND qa.eid != q.speaker
		GROUP BY q.speaker, qa.eid HAVING count(*) >= ?2 ORDER BY w DESC, q.speaker, qa.eid`, Args: []any{ids, minW}}
	}
	return storesql.Cond{SQL: `SELECT a.eid, b.eid, count(DISTINCT a.rid) AS w FROM article_entities a
		JOIN article_entities b ON b.rid = a.rid AND b.eid > a.eid
		WHERE a.eid = ANY(?1) AND b.eid = ANY(?1)
		GROUP BY a.eid, b.eid HAVING count(DISTINCT a.rid) >= ?2 ORDER BY w DESC, a.eid, b.eid`, Args: []any{ids, minW}}
}

// numbered numbers the ? placeholders of query for PostgreSQL: ?N is $N,
// and each plain ? the next number ($1, $2, …).
func numbered(query string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		j := i + 1
		for j < len(query) && '0' <= query[j] && query[j] <= '9' {
			j++
		}
		if j > i+1 {
			b.WriteString("$" + query[i+1:j])
			i = j - 1
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}
