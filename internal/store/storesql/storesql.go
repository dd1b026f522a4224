// Package storesql is what the SQL stores (store/sqlite and
// store/postgres) share: the event, entity, network and stats queries
// written once with ? placeholders and run through a DB, the readers of
// their rows, the search filters, and what Put checks and stores of an
// article (its hash, its mentions, the stored form of an event). Each
// store supplies only what its dialect does differently: how it runs a
// query (PostgreSQL numbers the placeholders), its IDSet, and its own
// co-mention and edge SQL (Graph).
package storesql

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// A Cond is one SQL condition with ? placeholders and its arguments.
type Cond struct {
	SQL  string
	Args []any
}

// An IDSet renders "column is one of ids" in an implementation's dialect,
// with one ? placeholder and its argument: SQLite reads a JSON array with
// json_each, PostgreSQL takes an array with = ANY.
type IDSet func(column string, ids []int64) Cond

// EventConds returns the conditions of q over a table of events e (with
// columns source, target, type, date, source_code, target_code, lang). The SQL is the same for every implementation but for
// set. none is true when q names entities of which none can exist: the
// answer is then empty.
func EventConds(q store.EventQuery, set IDSet) (conds []Cond, none bool) {
	ids := func(refs []string) []int64 {
		out := store.ParseIDs(refs)
		if len(out) == 0 {
			none = true
		}
		return out
	}
	if len(q.Actor) > 0 {
		a := ids(q.Actor)
		if len(q.Other) > 0 {
			o := ids(q.Other)
			conds = append(conds, or(and(set("e.source", a), set("e.target", o)), and(set("e.source", o), set("e.target", a))))
		} else {
			conds = append(conds, or(set("e.source", a), set("e.target", a)))
		}
	}
	if len(q.Source) > 0 {
		conds = append(conds, set("e.source", ids(q.Source)))
	}
	if len(q.Target) > 0 {
		conds = append(conds, set("e.target", ids(q.Target)))
	}
	return append(conds, FilterConds(q)...), none
}

// FilterConds returns the conditions of q that do not name actors: type,
// code, language and dates.
func FilterConds(q store.EventQuery) []Cond {
	var conds []Cond
	if len(q.Types) > 0 {
		args := make([]any, len(q.Types))
		for i, t := range q.Types {
			args[i] = t
		}
		conds = append(conds, Cond{"e.type IN (" + strings.TrimSuffix(strings.Repeat("?,", len(args)), ",") + ")", args})
	}
	if q.Code != "" {
		lo, hi := store.CodeRange(q.Code)
		code := func(col string) Cond { return Cond{"(" + col + " >= ? AND " + col + " < ?)", []any{lo, hi}} }
		conds = append(conds, or(code("e.source_code"), code("e.target_code")))
	}
	if q.Lang != "" {
		conds = append(conds, Cond{"e.lang = ?", []any{q.Lang}})
	}
	// Dates: a coarser date (2023-04) overlaps a range from inside it
	// (2023-04-02) as it does one up to inside it (store.DateUpper). An
	// event without a date is in no range. Each bound opens with a plain
	// range on the date, which an index serves.
	if q.From != "" {
		c := Cond{"e.date >= ? AND (e.date >= ?", []any{q.From[:4], q.From}}
		for _, n := range []int{4, 7} {
			if len(q.From) > n {
				c.SQL += " OR e.date = ?"
				c.Args = append(c.Args, q.From[:n])
			}
		}
		c.SQL += ")"
		conds = append(conds, c)
	}
	if q.To != "" {
		conds = append(conds, Cond{"e.date > '' AND e.date < ?", []any{store.DateUpper(q.To)}})
	}
	return conds
}

func or(a, b Cond) Cond  { return join(" OR ", a, b) }
func and(a, b Cond) Cond { return join(" AND ", a, b) }

func join(op string, a, b Cond) Cond {
	return Cond{"(" + a.SQL + op + b.SQL + ")", append(append([]any{}, a.Args...), b.Args...)}
}

// The event queries, as SQL with ? placeholders: the same for every
// implementation but for its IDSet (PostgreSQL numbers the placeholders).

const eventFrom = " FROM events e"

// EventsSQL returns the count and the page of the events q selects; the
// page's rows are read with ScanEventHit.
func EventsSQL(q store.EventQuery, set IDSet, limit, offset int) (count, list Cond, none bool) {
	conds, none := EventConds(q, set)
	where, args := render(conds)
	count = Cond{"SELECT count(*)" + eventFrom + where, args}
	// The page is chosen from the events alone; only its rows meet their
	// articles.
	list = Cond{"SELECT e.data, e.source, e.target, a.id, a.title, a.source, a.date, a.lang FROM (SELECT e.vrid" + eventFrom + where +
		" ORDER BY e.date DESC, e.vrid DESC LIMIT ? OFFSET ?) p JOIN events e ON e.vrid = p.vrid JOIN articles a ON a.rid = e.rid" +
		" ORDER BY e.date DESC, e.vrid DESC",
		append(append([]any{}, args...), limit, offset)}
	return count, list, none
}

// Rows is what reading a result needs: database/sql's rows and pgx's both
// have it (the caller closes them).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ReadEventHits reads the rows of EventsSQL's page.
func ReadEventHits(rows Rows) ([]store.EventHit, error) {
	hits := []store.EventHit{}
	for rows.Next() {
		h, err := scanEventHit(rows.Scan)
		if err != nil {
			return hits, err
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// ReadEventDays reads the rows of TimelineSQL.
func ReadEventDays(rows Rows) ([]store.EventDay, error) {
	days := []store.EventDay{}
	for rows.Next() {
		var day, typ string
		var n int
		if err := rows.Scan(&day, &typ, &n); err != nil {
			return days, err
		}
		days = store.AddEventDay(days, day, typ, n)
	}
	return days, rows.Err()
}

// ReadPartners reads the rows of PartnersSQL.
func ReadPartners(rows Rows) ([]store.Partner, error) {
	out := []store.Partner{}
	for rows.Next() {
		var p store.Partner
		var id int64
		if err := rows.Scan(&id, &p.Name, &p.Type, &p.Out, &p.In); err != nil {
			return out, err
		}
		p.ID = strconv.FormatInt(id, 10)
		out = append(out, p)
	}
	return out, rows.Err()
}

// scanEventHit reads a row of EventsSQL's page through scan.
func scanEventHit(scan func(dest ...any) error) (store.EventHit, error) {
	var h store.EventHit
	var data string
	var src, tgt sql.NullInt64
	if err := scan(&data, &src, &tgt, &h.ArticleID, &h.ArticleTitle, &h.Outlet, &h.ArticleDate, &h.Lang); err != nil {
		return h, err
	}
	if err := DecodeEvent([]byte(data), &h); err != nil {
		return h, fmt.Errorf("article %s: %w", h.ArticleID, err)
	}
	h.SourceID, h.TargetID = idString(src), idString(tgt)
	return h, nil
}

func idString(id sql.NullInt64) string {
	if !id.Valid {
		return ""
	}
	return strconv.FormatInt(id.Int64, 10)
}

// TimelineSQL counts the events q selects per day and type; rows are
// (day, type, n), by day.
func TimelineSQL(q store.EventQuery, set IDSet) (Cond, bool) {
	conds, none := EventConds(q, set)
	where, args := render(conds)
	return Cond{"SELECT substr(e.date, 1, 10) AS day, e.type, count(*)" + eventFrom + where +
		" GROUP BY day, e.type ORDER BY day, e.type", args}, none
}

// PartnersSQL lists the entities on the other side of the events of
// actors; rows are (id, name, type, out, in), most events first.
func PartnersSQL(q store.EventQuery, actors []int64, set IDSet, limit int) Cond {
	filters := FilterConds(q)
	half := func(self, other string) Cond {
		not := set("e."+other, actors)
		conds := append([]Cond{set("e."+self, actors), {SQL: "e." + other + " IS NOT NULL"}, {SQL: "NOT " + not.SQL, Args: not.Args}}, filters...)
		where, args := render(conds)
		return Cond{"SELECT e." + other + " AS other" + eventFrom + where, args}
	}
	out, in := half("source", "target"), half("target", "source")
	return Cond{`SELECT p.other, n.name, n.type, sum(p.out_n), sum(p.in_n) FROM (
		SELECT other, 1 AS out_n, 0 AS in_n FROM (` + out.SQL + `) o
		UNION ALL
		SELECT other, 0, 1 FROM (` + in.SQL + `) i) p
		JOIN entities n ON n.eid = p.other
		GROUP BY p.other, n.name, n.type ORDER BY count(*) DESC, p.other LIMIT ?`,
		append(append(append([]any{}, out.Args...), in.Args...), limit)}
}

// render joins conds into a WHERE clause.
func render(conds []Cond) (string, []any) {
	if len(conds) == 0 {
		return "", nil
	}
	var sqls []string
	var args []any
	for _, c := range conds {
		sqls = append(sqls, c.SQL)
		args = append(args, c.Args...)
	}
	return " WHERE " + strings.Join(sqls, " AND "), args
}

// MaxSentence bounds the sentence text kept with an event.
const MaxSentence = 2000

// EventData is what an implementation keeps of an event besides the
// columns it queries: the event as JSON with the text of its sentence, so
// that a list of events never reads whole articles back. Date falls back
// to the article's date for events extracted without one.
func EventData(a *article.Article, e article.Event) (data []byte, date string, err error) {
	if e.Date == "" {
		e.Date = a.Date
	}
	rec := struct {
		article.Event
		Sentence string `json:"sentence_text"`
	}{Event: e}
	if s := e.Sentence; 0 <= s.Start && s.Start <= s.End && s.End <= len(a.Text) {
		rec.Sentence = truncate(a.Text[s.Start:s.End], MaxSentence)
	}
	data, err = json.Marshal(rec)
	return data, e.Date, err
}

// DecodeEvent reads back what EventData wrote into h.
func DecodeEvent(data []byte, h *store.EventHit) error {
	rec := struct {
		article.Event
		Sentence string `json:"sentence_text"`
	}{}
	if err := json.Unmarshal(data, &rec); err != nil {
		return fmt.Errorf("decode event: %w", err)
	}
	h.Event, h.SentenceText = rec.Event, rec.Sentence
	return nil
}

// truncate cuts s to at most n bytes at a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
