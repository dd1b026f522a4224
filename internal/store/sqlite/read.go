package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// Has reports whether an article with this id is stored.
func (s *Store) Has(ctx context.Context, id string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, "SELECT 1 FROM articles WHERE id = ?", id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("has %s: %w", id, err)
	}
	return true, nil
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
	var text, blob []byte
	err := s.r.QueryRowContext(ctx, `SELECT rid, source, date, dateline, url, title, lang, text, annotations
		FROM articles WHERE id = ?`, id).Scan(&rid, &a.Source, &a.Date, &a.Dateline, &a.URL, &a.Title, &a.Lang, &text, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if a.Text, err = decompress(text); err != nil {
		return nil, err
	}
	js, err := decompress(blob)
	if err != nil {
		return nil, fmt.Errorf("annotations: %w", err)
	}
	var ann annotations
	if err := json.Unmarshal([]byte(js), &ann); err != nil {
		return nil, fmt.Errorf("decode annotations: %w", err)
	}
	a.Warnings, a.Tone, a.Events = ann.Warnings, ann.Tone, ann.Events
	names, err := s.entityNames(ctx, ann.Entities)
	if err != nil {
		return nil, err
	}
	for _, r := range ann.Entities {
		e := article.Entity{ID: r.ID, Name: r.Name, Type: r.Type, Gender: r.Gender,
			KB: strconv.FormatInt(r.EID, 10), KBName: names[r.EID]}
		if e.Mentions, err = storesql.DecodeMentions(a.Text, string(r.Mentions)); err != nil {
			return nil, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		a.Entities = append(a.Entities, e)
	}

	qrows, err := s.r.QueryContext(ctx, "SELECT content, data FROM quotes WHERE rid = ? ORDER BY ord", rid)
	if err != nil {
		return nil, err
	}
	defer qrows.Close()
	for qrows.Next() {
		var content sql.NullString
		var data string
		if err := qrows.Scan(&content, &data); err != nil {
			return nil, err
		}
		var r quoteRecord
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, fmt.Errorf("decode quote: %w", err)
		}
		q, err := r.quote(a.Text, content)
		if err != nil {
			return nil, err
		}
		a.Quotes = append(a.Quotes, q)
	}
	return a, qrows.Err()
}

// match turns a user's words into an FTS5 query: each word quoted (so
// no operator or column filter of FTS5 ever comes from the user), all of
// them required, the last one as a prefix when prefix is set.
func match(text string, prefix bool) (string, error) {
	terms := store.Terms(text)
	if len(terms) == 0 {
		return "", fmt.Errorf("%w: no words to search in %q", store.ErrInvalid, text)
	}
	if len(terms) > maxTerms {
		return "", fmt.Errorf("%w: %d words, at most %d", store.ErrInvalid, len(terms), maxTerms)
	}
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(t, `"`, `""`)) // Terms has no quotes; kept as a guard
		b.WriteByte('"')
		if prefix {
			b.WriteByte('*')
		}
	}
	return b.String(), nil
}

// maxTerms bounds the words of one query.
const maxTerms = 32

// where collects SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// inList renders "column is one of ids" with a placeholder an id: the
// search filters list ids inline (where events use IDSet).
func inList(column string, ids []int64) storesql.Cond {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return storesql.Cond{SQL: column + " IN (" + placeholders(len(ids)) + ")", Args: args}
}

// keep is the identity: SQLite takes any string as it is.
func keep(s string) string { return s }

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Search finds articles; see store.Store. Without words they come by date,
// newest first; with words, the most recently stored first.
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
	order := "a.date DESC, a.rid DESC"
	if strings.TrimSpace(q.Text) != "" {
		m, err := match(q.Text, false)
		if err != nil {
			return page, err
		}
		from = "articles_fts f JOIN articles a ON a.rid = f.rowid"
		w.add("articles_fts MATCH ?", m)
		// Newest stored first: the index yields that order, so a page
		// needs no sort of every match.
		order = "f.rowid DESC"
	}
	conds, none := storesql.ArticleFilters(q, inList, keep)
	if none {
		return page, nil
	}
	for _, c := range conds {
		w.add(c.SQL, c.Args...)
	}
	count := "SELECT count(*) FROM " + from + w.String()
	if len(w.conds) == 1 && from != "articles a" {
		// Words alone: the index counts its matches without the articles.
		count = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?"
	}
	if err := s.r.QueryRowContext(ctx, count, w.args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	rows, err := s.r.QueryContext(ctx, "SELECT a.id, a.title, a.source, a.date, a.lang, a.url, a.text, a.nquotes FROM "+
		from+w.String()+" ORDER BY "+order+" LIMIT ? OFFSET ?", append(w.args, limit, offset)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	terms := store.Terms(q.Text)
	for rows.Next() {
		var h store.ArticleHit
		var text []byte
		if err := rows.Scan(&h.ID, &h.Title, &h.Source, &h.Date, &h.Lang, &h.URL, &text, &h.Quotes); err != nil {
			return page, err
		}
		body, err := decompress(text)
		if err != nil {
			return page, fmt.Errorf("article %s: %w", h.ID, err)
		}
		h.Snippet = snippet(body, terms)
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
	order := "q.date DESC, q.qrid DESC"
	if strings.TrimSpace(q.Text) != "" {
		m, err := match(q.Text, false)
		if err != nil {
			return page, err
		}
		from = "quotes_fts f JOIN quotes q ON q.qrid = f.rowid JOIN articles a ON a.rid = q.rid"
		w.add("quotes_fts MATCH ?", m)
		order = "f.rowid DESC" // the most recently stored first, in index order
	}
	conds, none := storesql.QuoteFilters(q, inList, keep)
	if none {
		return page, nil
	}
	for _, c := range conds {
		w.add(c.SQL, c.Args...)
	}
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM "+from+w.String(), w.args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total == 0 || offset >= page.Total {
		return page, nil
	}
	page.Hits, err = s.quoteHits(ctx, "SELECT "+quoteCols+" FROM "+from+w.String()+
		" ORDER BY "+order+" LIMIT ? OFFSET ?", append(w.args, limit, offset)...)
	return page, err
}

const quoteCols = "q.content, q.data, q.speaker, a.id, a.title, a.source, a.date, a.lang, a.text"

// quoteHits runs a query selecting quoteCols.
func (s *Store) quoteHits(ctx context.Context, query string, args ...any) ([]store.QuoteHit, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hits := []store.QuoteHit{}
	for rows.Next() {
		var h store.QuoteHit
		var content sql.NullString
		var data string
		var speaker sql.NullInt64
		var text []byte
		if err := rows.Scan(&content, &data, &speaker, &h.ArticleID, &h.ArticleTitle, &h.Source, &h.Date, &h.Lang, &text); err != nil {
			return nil, err
		}
		var r quoteRecord
		if err := json.Unmarshal([]byte(data), &r); err != nil {
			return nil, fmt.Errorf("decode quote: %w", err)
		}
		body := ""
		if !content.Valid {
			var err error
			if body, err = decompress(text); err != nil {
				return nil, fmt.Errorf("article %s: %w", h.ArticleID, err)
			}
		}
		q, err := r.quote(body, content)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", h.ArticleID, err)
		}
		h.Quote = q
		if speaker.Valid {
			h.SpeakerID = strconv.FormatInt(speaker.Int64, 10)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// Stats counts what is stored.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	return storesql.Stats(ctx, db{s.r})
}

// HasText reports whether an article with this exact text is stored, so
// that a caller can skip extracting a document that Put would skip.
func (s *Store) HasText(ctx context.Context, text string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, "SELECT 1 FROM articles WHERE hash = ?", storesql.Hash(text)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("has text: %w", err)
	}
	return true, nil
}

// entityNames returns the store-wide names of the entities of rs.
func (s *Store) entityNames(ctx context.Context, rs []entityRecord) (map[int64]string, error) {
	names := map[int64]string{}
	if len(rs) == 0 {
		return names, nil
	}
	ids := make([]any, len(rs))
	for i, r := range rs {
		ids[i] = r.EID
	}
	rows, err := s.r.QueryContext(ctx, "SELECT eid, name FROM entities WHERE eid IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var eid int64
		var name string
		if err := rows.Scan(&eid, &name); err != nil {
			return nil, err
		}
		names[eid] = name
	}
	return names, rows.Err()
}
