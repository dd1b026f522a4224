package storesql

import "github.com/newsgraph/newsgraph/internal/store"

// ArticleFilters returns the conditions of q's filters on articles a:
// language, outlet, dates and the entities mentioned, in that order. in
// renders "column is one of ids" as the implementation lists ids in these
// queries, and clean readies a string argument for it. none is true when
// q names entities of which none can exist: the answer is then empty.
func ArticleFilters(q store.Query, in IDSet, clean func(string) string) (conds []Cond, none bool) {
	conds = outletFilters(q, "a", clean)
	if len(q.About) > 0 {
		ids := store.ParseIDs(q.About)
		if len(ids) == 0 {
			return nil, true
		}
		conds = append(conds, subquery("a.rid IN (SELECT rid FROM article_entities WHERE ", in("eid", ids)))
	}
	return conds, false
}

// QuoteFilters returns the conditions of q's filters on quotes q of
// articles a: speakers, the entities quoted about, language, outlet and
// dates, in that order; see ArticleFilters.
func QuoteFilters(q store.Query, in IDSet, clean func(string) string) (conds []Cond, none bool) {
	if len(q.Speaker) > 0 {
		ids := store.ParseIDs(q.Speaker)
		if len(ids) == 0 {
			return nil, true
		}
		conds = append(conds, in("q.speaker", ids))
	}
	if len(q.About) > 0 {
		ids := store.ParseIDs(q.About)
		if len(ids) == 0 {
			return nil, true
		}
		conds = append(conds, subquery("q.qrid IN (SELECT qrid FROM quote_about WHERE ", in("eid", ids)))
	}
	return append(conds, outletFilters(q, "q", clean)...), false
}

// outletFilters returns the conditions on the article's language and
// outlet and on the dates of table dated.
func outletFilters(q store.Query, dated string, clean func(string) string) []Cond {
	var conds []Cond
	if q.Lang != "" {
		conds = append(conds, Cond{"a.lang = ?", []any{clean(q.Lang)}})
	}
	if q.Source != "" {
		conds = append(conds, Cond{"a.source = ?", []any{clean(q.Source)}})
	}
	if q.From != "" {
		conds = append(conds, Cond{dated + ".date >= ?", []any{q.From}})
	}
	if q.To != "" {
		conds = append(conds, Cond{dated + ".date < ?", []any{store.DateUpper(q.To)}})
	}
	return conds
}

// subquery closes the subquery that open begins with the condition c.
func subquery(open string, c Cond) Cond {
	return Cond{open + c.SQL + ")", c.Args}
}
