package store

import (
	"strconv"
	"strings"
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
// columns source, target, type, date, source_code, target_code) joined to
// its articles a. The SQL is the same for every implementation but for
// set. none is true when q names entities of which none can exist: the
// answer is then empty.
func EventConds(q EventQuery, set IDSet) (conds []Cond, none bool) {
	ids := func(refs []string) []int64 {
		out := ParseIDs(refs)
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
func FilterConds(q EventQuery) []Cond {
	var conds []Cond
	if len(q.Types) > 0 {
		args := make([]any, len(q.Types))
		for i, t := range q.Types {
			args[i] = t
		}
		conds = append(conds, Cond{"e.type IN (" + strings.TrimSuffix(strings.Repeat("?,", len(args)), ",") + ")", args})
	}
	if q.Code != "" {
		exact, lo, hi := CodeRange(q.Code)
		code := func(col string) Cond {
			return Cond{"(" + col + " = ? OR (" + col + " >= ? AND " + col + " < ?))", []any{exact, lo, hi}}
		}
		conds = append(conds, or(code("e.source_code"), code("e.target_code")))
	}
	if q.Lang != "" {
		conds = append(conds, Cond{"a.lang = ?", []any{q.Lang}})
	}
	if q.From != "" {
		// A coarser date (2023-04) overlaps a range from inside it
		// (2023-04-02), as it does one up to inside it (DateUpper).
		c := Cond{"(e.date >= ?", []any{q.From}}
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
		conds = append(conds, Cond{"e.date < ?", []any{DateUpper(q.To)}})
	}
	return conds
}

func or(a, b Cond) Cond  { return join(" OR ", a, b) }
func and(a, b Cond) Cond { return join(" AND ", a, b) }

func join(op string, a, b Cond) Cond {
	return Cond{"(" + a.SQL + op + b.SQL + ")", append(append([]any{}, a.Args...), b.Args...)}
}

// ParseIDs parses store-wide entity ids (positive integers in their
// canonical form); those that cannot exist are dropped.
func ParseIDs(ids []string) []int64 {
	var out []int64
	for _, id := range ids {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 && strconv.FormatInt(n, 10) == id {
			out = append(out, n)
		}
	}
	return out
}
