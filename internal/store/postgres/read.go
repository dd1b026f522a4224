package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// Has reports whether an article with this id is stored.
func (s *Store) Has(ctx context.Context, id string) (bool, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)", clean(id)).Scan(&ok); err != nil {
		return false, fmt.Errorf("has %s: %w", id, err)
	}
	return ok, nil
}

// HasText reports whether an article with this text is stored (under any
// id), so that callers can skip extracting it.
func (s *Store) HasText(ctx context.Context, text string) (bool, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM articles WHERE hash = $1)", storesql.Hash(text)).Scan(&ok); err != nil {
		return false, fmt.Errorf("has text: %w", err)
	}
	return ok, nil
}

// Article returns a stored article with its annotations.
func (s *Store) Article(ctx context.Context, id string) (*article.Article, error) {
	a, err := s.article(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("article %q: %w", id, err)
	}
	return a, nil
}

func (s *Store) article(ctx context.Context, id string) (*article.Article, error) {
	a := &article.Article{ID: id}
	var rid int64
	var x string
	err := s.pool.QueryRow(ctx, `SELECT rid, source, date, dateline, url, title, lang, text, extra
		FROM articles WHERE id = $1`, clean(id)).Scan(&rid, &a.Source, &a.Date, &a.Dateline, &a.URL, &a.Title, &a.Lang, &a.Text, &x)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var ex extra
	if err := json.Unmarshal([]byte(x), &ex); err != nil {
		return nil, fmt.Errorf("decode extra: %w", err)
	}
	a.Warnings, a.Tone, a.Events = ex.Warnings, ex.Tone, ex.Events

	rows, err := s.pool.Query(ctx, `SELECT ae.eid, e.name, ae.local, ae.name, ae.type, ae.gender, ae.mentions
		FROM article_entities ae JOIN entities e ON e.eid = ae.eid WHERE ae.rid = $1 ORDER BY ae.ord`, rid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e article.Entity
		var eid int64
		var ms string
		if err := rows.Scan(&eid, &e.KBName, &e.ID, &e.Name, &e.Type, &e.Gender, &ms); err != nil {
			return nil, err
		}
		e.KB = strconv.FormatInt(eid, 10)
		if e.Mentions, err = storesql.DecodeMentions(a.Text, ms); err != nil {
			return nil, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		a.Entities = append(a.Entities, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	qrows, err := s.pool.Query(ctx, "SELECT content, data FROM quotes WHERE rid = $1 ORDER BY ord", rid)
	if err != nil {
		return nil, err
	}
	defer qrows.Close()
	for qrows.Next() {
		var content, data string
		if err := qrows.Scan(&content, &data); err != nil {
			return nil, err
		}
		var q article.Quote
		if err := json.Unmarshal([]byte(data), &q); err != nil {
			return nil, fmt.Errorf("decode quote: %w", err)
		}
		q.Content = content
		a.Quotes = append(a.Quotes, q)
	}
	return a, qrows.Err()
}

// maxTerms bounds the words of one query.
const maxTerms = 32

// terms splits a user's query into folded words; a query is only ever a
// parameter (a text[]), never SQL or tsquery syntax.
func terms(text string) ([]string, error) {
	ts := store.Terms(clean(text))
	if len(ts) == 0 {
		return nil, fmt.Errorf("%w: no words to search in %q", store.ErrInvalid, text)
	}
	if len(ts) > maxTerms {
		return nil, fmt.Errorf("%w: %d words, at most %d", store.ErrInvalid, len(ts), maxTerms)
	}
	for i, t := range ts {
		ts[i] = identity.Fold(t)
	}
	return ts, nil
}

// where collects SQL conditions with ? placeholders, numbered $n as added.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// arg adds an argument and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// tsJoin joins the per-configuration queries of ts: each row's document
// is matched with the query built by its own language's configuration.
func tsJoin(w *where, alias string, ts []string) string {
	return fmt.Sprintf(" JOIN (SELECT c AS cfg, ng_query(c, %s::text[]) AS tq FROM unnest(%s::text[]) c) tq ON tq.cfg = %s.cfg",
		w.arg(ts), w.arg(allConfigs()), alias)
}

// Search finds articles; see store.Store.
func (s *Store) Search(ctx context.Context, q store.Query) (store.ArticlePage, error) {
	page, err := s.search(ctx, q)
	if err != nil {
		return store.ArticlePage{}, fmt.Errorf("search %q: %w", q.Text, err)
	}
	return page, nil
}

func (s *Store) search(ctx context.Context, q store.Query) (store.ArticlePage, error) {
	page := store.ArticlePage{Hits: []store.ArticleHit{}}
	limit, offset, err := q.Page()
	if err != nil {
		return page, err
	}
	var w where
	from := "articles a"
	snippet := "substr(a.text, 1, 240)"
	order := "a.date DESC, a.rid DESC"
	if strings.TrimSpace(q.Text) != "" {
		ts, err := terms(q.Text)
		if err != nil {
			return page, err
		}
		from += tsJoin(&w, "a", ts)
		w.add("a.tsv @@ tq.tq")
		snippet = `ts_headline(a.cfg::regconfig, a.text, tq.tq,
			'StartSel="",StopSel="",MaxWords=30,MinWords=12,MaxFragments=1,FragmentDelimiter=" … "')`
		order = "ts_rank(a.tsv, tq.tq) DESC, a.rid DESC"
	}
	conds, none := storesql.ArticleFilters(q, idSet, clean)
	if none {
		return page, nil
	}
	for _, c := range conds {
		w.add(c.SQL, c.Args...)
	}
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM "+from+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	lim, off := w.arg(limit), w.arg(offset)
	rows, err := s.pool.Query(ctx, "SELECT a.id, a.title, a.source, a.date, a.lang, a.url, "+snippet+", a.nquotes FROM "+
		from+w.String()+" ORDER BY "+order+" LIMIT "+lim+" OFFSET "+off, w.args...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var h store.ArticleHit
		if err := rows.Scan(&h.ID, &h.Title, &h.Source, &h.Date, &h.Lang, &h.URL, &h.Snippet, &h.Quotes); err != nil {
			return page, err
		}
		h.Snippet = strings.Join(strings.Fields(h.Snippet), " ")
		page.Hits = append(page.Hits, h)
	}
	return page, rows.Err()
}

// Quotes finds quotes; see store.Store.
func (s *Store) Quotes(ctx context.Context, q store.Query) (store.QuotePage, error) {
	page, err := s.quotes(ctx, q)
	if err != nil {
		return store.QuotePage{}, fmt.Errorf("quotes %q: %w", q.Text, err)
	}
	return page, nil
}

func (s *Store) quotes(ctx context.Context, q store.Query) (store.QuotePage, error) {
	page := store.QuotePage{Hits: []store.QuoteHit{}}
	limit, offset, err := q.Page()
	if err != nil {
		return page, err
	}
	var w where
	from := "quotes q JOIN articles a ON a.rid = q.rid"
	if strings.TrimSpace(q.Text) != "" {
		ts, err := terms(q.Text)
		if err != nil {
			return page, err
		}
		from += tsJoin(&w, "q", ts)
		w.add("q.tsv @@ tq.tq")
	}
	conds, none := storesql.QuoteFilters(q, idSet, clean)
	if none {
		return page, nil
	}
	for _, c := range conds {
		w.add(c.SQL, c.Args...)
	}
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM "+from+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	lim, off := w.arg(limit), w.arg(offset)
	page.Hits, err = s.quoteHits(ctx, "SELECT "+quoteCols+" FROM "+from+w.String()+
		" ORDER BY q.date DESC, q.qrid DESC LIMIT "+lim+" OFFSET "+off, w.args...)
	return page, err
}

const quoteCols = "q.content, q.data, q.speaker, a.id, a.title, a.source, a.date, a.lang"

// quoteHits runs a query selecting quoteCols.
func (s *Store) quoteHits(ctx context.Context, query string, args ...any) ([]store.QuoteHit, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hits := []store.QuoteHit{}
	for rows.Next() {
		var h store.QuoteHit
		var content, data string
		var speaker *int64
		if err := rows.Scan(&content, &data, &speaker, &h.ArticleID, &h.ArticleTitle, &h.Source, &h.Date, &h.Lang); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &h.Quote); err != nil {
			return nil, fmt.Errorf("decode quote: %w", err)
		}
		h.Content = content
		if speaker != nil {
			h.SpeakerID = strconv.FormatInt(*speaker, 10)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// Stats counts what is stored.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	return storesql.Stats(ctx, db{s.pool})
}
