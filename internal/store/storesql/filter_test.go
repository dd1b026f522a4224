package storesql

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
)

func TestFilters(t *testing.T) {
	in := func(column string, ids []int64) Cond { return Cond{column + " IN ?", []any{ids}} }
	upper := strings.ToUpper
	q := store.Query{Lang: "nl", Source: "nos", From: "2024", To: "2024-03", Speaker: []string{"7", "x"}, About: []string{"9"}}
	add := func(name string, f func(store.Query, IDSet, func(string) string) ([]Cond, bool), q store.Query, wantSQL []string, wantArgs []any, wantNone bool) {
		conds, none := f(q, in, upper)
		if none != wantNone {
			t.Errorf("%s: none = %v, want %v", name, none, wantNone)
		}
		var sqls []string
		var args []any
		for _, c := range conds {
			sqls = append(sqls, c.SQL)
			args = append(args, c.Args...)
		}
		if diff := cmp.Diff(wantSQL, sqls); diff != "" {
			t.Errorf("%s: SQL (-want +got):\n%s", name, diff)
		}
		if diff := cmp.Diff(wantArgs, args); diff != "" {
			t.Errorf("%s: args (-want +got):\n%s", name, diff)
		}
	}
	add("articles", ArticleFilters, q,
		[]string{"a.lang = ?", "a.source = ?", "a.date >= ?", "a.date < ?", "a.rid IN (SELECT rid FROM article_entities WHERE eid IN ?)"},
		[]any{"NL", "NOS", "2024", store.DateUpper("2024-03"), []int64{9}}, false)
	add("quotes", QuoteFilters, q,
		[]string{"q.speaker IN ?", "q.qrid IN (SELECT qrid FROM quote_about WHERE eid IN ?)", "a.lang = ?", "a.source = ?", "q.date >= ?", "q.date < ?"},
		[]any{[]int64{7}, []int64{9}, "NL", "NOS", "2024", store.DateUpper("2024-03")}, false)
	add("no filter", QuoteFilters, store.Query{}, nil, nil, false)
	add("no speaker can exist", QuoteFilters, store.Query{Speaker: []string{"0", "07"}}, nil, nil, true)
	add("no entity can exist", ArticleFilters, store.Query{Lang: "en", About: []string{"-1"}}, nil, nil, true)
}
