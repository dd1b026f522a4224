package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// annotations is the part of an article kept as one compressed JSON
// value: what is read back whole and never queried inside.
type annotations struct {
	Entities []entityRecord  `json:"e,omitempty"`
	Warnings []string        `json:"w,omitempty"`
	Tone     *article.Tone   `json:"t,omitempty"`
	Events   []article.Event `json:"v,omitempty"`
}

// entityRecord is an article.Entity as stored, with the store-wide entity
// it was linked to. KB and KBName are not kept: Article reports the
// store-wide entity there, and the entity keeps the linker's KB id.
type entityRecord struct {
	ID       string          `json:"i"`
	Name     string          `json:"n"`
	Type     string          `json:"t"`
	Gender   string          `json:"g,omitempty"`
	EID      int64           `json:"x"`
	Mentions json.RawMessage `json:"m"` // see storesql.EncodeMentions
}

// Put stores a in one transaction; see store.Store.
func (s *Store) Put(ctx context.Context, a *article.Article) (added bool, err error) {
	res, err := s.PutMany(ctx, []*article.Article{a})
	if err != nil {
		return false, err
	}
	return res[0].Added, res[0].Err
}

// A PutResult is what became of one article of PutMany.
type PutResult struct {
	Added bool  // stored now; false when its id or text was stored already
	Err   error // why it was not stored: bad annotations (store.ErrInvalid) or a failed statement
}

// PutMany stores articles in one transaction and reports what became of
// each. It is Put for a batch: a transaction per article costs a commit
// per article, which dominates ingest time. An article that fails is
// reported and the batch is stored without it (the transaction runs
// again). An error means the store failed and nothing of the batch is
// stored.
func (s *Store) PutMany(ctx context.Context, as []*article.Article) ([]PutResult, error) {
	res := make([]PutResult, len(as))
	hashes := make([][]byte, len(as))
	for i, a := range as {
		if res[i].Err = storesql.Check(a, nil); res[i].Err == nil {
			hashes[i] = storesql.Hash(a.Text)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		failed, err := s.putMany(ctx, as, hashes, res)
		if err != nil {
			return nil, err
		}
		if failed < 0 {
			return res, nil
		}
		for i := range res {
			res[i].Added = false
		}
	}
}

// putMany runs one transaction over the articles without an error yet.
// When one fails it records the error, rolls back and returns its index.
func (s *Store) putMany(ctx context.Context, as []*article.Article, hashes [][]byte, res []PutResult) (failed int, err error) {
	todo := 0
	for i := range as {
		if res[i].Err == nil {
			todo++
		}
	}
	if todo == 0 {
		return -1, nil
	}
	c := &txc{ctx: ctx, s: s, keys: map[string]keyEntry{}, kbs: map[int64]string{}, renamed: map[int64]bool{}}
	if _, err := c.exec("BEGIN IMMEDIATE"); err != nil {
		return -1, fmt.Errorf("put: begin: %w", err)
	}
	for i, a := range as {
		if res[i].Err != nil {
			continue
		}
		var one int
		switch err := c.queryRow("SELECT 1 FROM articles WHERE id = ? OR hash = ?", a.ID, hashes[i]).Scan(&one); {
		case err == nil:
			continue // stored already
		case !errors.Is(err, sql.ErrNoRows):
			return -1, errors.Join(fmt.Errorf("put %s: %w", a.ID, err), c.rollback())
		}
		if err := s.put(c, a, hashes[i]); err != nil {
			if ctx.Err() != nil {
				return -1, errors.Join(fmt.Errorf("put %s: %w", a.ID, err), c.rollback())
			}
			res[i].Err = fmt.Errorf("put %s: %w", a.ID, err)
			return i, c.rollback()
		}
		res[i].Added = true
	}
	if err := c.index(); err != nil {
		return -1, errors.Join(err, c.rollback())
	}
	if _, err := c.exec("COMMIT"); err != nil {
		return -1, errors.Join(fmt.Errorf("put: commit: %w", err), c.rollback())
	}
	// What the transaction learnt about keys holds now.
	if len(s.keys) > maxCachedKeys {
		clear(s.keys)
		clear(s.kbs)
	}
	maps.Copy(s.keys, c.keys)
	maps.Copy(s.kbs, c.kbs)
	return -1, nil
}

func (s *Store) put(c *txc, a *article.Article, hash []byte) error {
	ctx := c.ctx
	mentions := 0
	for _, e := range a.Entities {
		mentions += len(e.Mentions)
	}
	res, err := c.exec(`INSERT INTO articles
		(id, hash, source, date, dateline, url, title, lang, text, nquotes, nmentions, nevents, annotations)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, hash, a.Source, a.Date, a.Dateline, a.URL, a.Title, a.Lang, compress(a.Text),
		len(a.Quotes), mentions, len(a.Events), []byte{})
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	rid, err := res.LastInsertId()
	if err != nil {
		return err
	}
	c.ftsArticles = append(c.ftsArticles, ftsRow{rid, []any{a.Title, a.Text}})

	// Entities: map each to a store-wide entity, then record the link.
	// Counters, names and the names index change once per store-wide
	// entity at the end (statements cost more than rows here).
	type delta struct {
		mentions, quotes int
		kb               string
		created, renamed bool
		fixed            string            // the alias name of a created entity
		names            map[string][2]int // name → times seen, times as the entity's name
	}
	look := txLookup{c}
	ann := annotations{Warnings: a.Warnings, Tone: a.Tone, Events: a.Events}
	eids := make(map[string]int64, len(a.Entities)) // local id → eid
	deltas := map[int64]*delta{}
	for i := range a.Entities {
		e := &a.Entities[i]
		ref := identity.RefOf(e, s.aliases)
		id, bind, err := identity.Resolve(ctx, ref, a.Source, a.Date, look)
		if err != nil {
			return fmt.Errorf("entity %s: %w", e.ID, err)
		}
		var eid int64
		created := false
		if id == "" {
			if eid, err = createEntity(c, ref, e.KB); err != nil {
				return fmt.Errorf("entity %s: %w", e.ID, err)
			}
			created = true
		} else if eid, err = strconv.ParseInt(id, 10, 64); err != nil {
			return fmt.Errorf("entity %s: bad id %q", e.ID, id)
		}
		for _, k := range bind {
			if _, err := c.exec("INSERT OR IGNORE INTO entity_keys (key, eid) VALUES (?, ?)", k, eid); err != nil {
				return fmt.Errorf("entity %s: bind %s: %w", e.ID, k, err)
			}
		}
		eids[e.ID] = eid
		d := deltas[eid]
		if d == nil {
			d = &delta{names: map[string][2]int{}}
			deltas[eid] = d
		}
		if created {
			d.created = true
			if ref.Fixed {
				d.fixed = ref.Name
			}
		}
		d.mentions += len(e.Mentions)
		if d.kb == "" {
			d.kb = e.KB
		}
		// The entity's name counts as its best name here; each name
		// mention counts as a name seen.
		if e.Name != "" {
			cnt := d.names[e.Name]
			d.names[e.Name] = [2]int{cnt[0] + 1, cnt[1] + 1}
		}
		for _, m := range e.Mentions {
			if m.Kind == article.MentionName && m.Text != "" {
				cnt := d.names[m.Text]
				d.names[m.Text] = [2]int{cnt[0] + 1, cnt[1]}
			}
		}
		ms, err := storesql.EncodeMentions(a.Text, e.Mentions)
		if err != nil {
			return fmt.Errorf("entity %s: %w", e.ID, err)
		}
		ann.Entities = append(ann.Entities, entityRecord{ID: e.ID, Name: e.Name, Type: e.Type, Gender: e.Gender,
			EID: eid, Mentions: json.RawMessage(ms)})
	}
	blob, err := json.Marshal(ann)
	if err != nil {
		return err
	}
	if _, err := c.exec("UPDATE articles SET annotations = ? WHERE rid = ?", compress(string(blob)), rid); err != nil {
		return fmt.Errorf("annotations: %w", err)
	}

	// Quotes, with the entities they are about: those mentioned inside
	// the content (and those the quote stage listed), the speaker aside.
	for i, q := range a.Quotes {
		var speaker sql.NullInt64
		if eid, ok := eids[q.Speaker.Entity]; ok && q.Speaker.Entity != "" {
			speaker = sql.NullInt64{Int64: eid, Valid: true}
			deltas[eid].quotes++
		}
		var content sql.NullString
		if a.Text[q.Start:q.End] != q.Content {
			content = sql.NullString{String: q.Content, Valid: true}
		}
		data, err := json.Marshal(recordOf(q))
		if err != nil {
			return err
		}
		res, err := c.exec("INSERT INTO quotes (rid, ord, date, speaker, content, data) VALUES (?, ?, ?, ?, ?, ?)",
			rid, i, a.Date, speaker, content, string(data))
		if err != nil {
			return fmt.Errorf("quote %s: %w", q.ID, err)
		}
		qrid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		c.ftsQuotes = append(c.ftsQuotes, ftsRow{qrid, []any{q.Content}})
		for _, eid := range storesql.QuoteAbout(a, q, eids) {
			if eid == speaker.Int64 && speaker.Valid {
				continue
			}
			if _, err := c.exec("INSERT OR IGNORE INTO quote_about (eid, qrid) VALUES (?, ?)", eid, qrid); err != nil {
				return fmt.Errorf("quote %s: about: %w", q.ID, err)
			}
		}
	}

	if err := insertEvents(c.exec, rid, a, eids); err != nil {
		return err
	}

	// Per store-wide entity: names, counters, and its name, which becomes
	// the name articles most often give it (ties keep the older), unless
	// an alias fixed it.
	day := dayOf(a.Date)
	for _, eid := range slices.Sorted(maps.Keys(deltas)) {
		d := deltas[eid]
		top, topBest := "", -1
		for _, name := range sortedKeys(d.names) {
			cnt := d.names[name]
			n, best := cnt[0], cnt[1]
			if d.created && name != d.fixed {
				// A new entity's names are new: no conflict to resolve.
				if _, err := c.exec("INSERT INTO entity_names (eid, name, n, best) VALUES (?, ?, ?, ?)", eid, name, n, best); err != nil {
					return fmt.Errorf("entity %d: name: %w", eid, err)
				}
			} else if err := c.queryRow(`INSERT INTO entity_names (eid, name, n, best) VALUES (?, ?, ?, ?)
				ON CONFLICT (eid, name) DO UPDATE SET n = n + excluded.n, best = best + excluded.best
				RETURNING n, best`, eid, name, cnt[0], cnt[1]).Scan(&n, &best); err != nil {
				return fmt.Errorf("entity %d: name: %w", eid, err)
			}
			if n == cnt[0] {
				d.renamed = true
			}
			if best > topBest {
				top, topBest = name, best
			}
		}
		if _, err := c.exec("INSERT INTO article_entities (eid, rid, n, day) VALUES (?, ?, ?, ?)", eid, rid, d.mentions, day); err != nil {
			return fmt.Errorf("entity %d: link: %w", eid, err)
		}
		if _, err := c.exec(`UPDATE entities SET
				mentions = mentions + ?2, articles = articles + 1, quotes_by = quotes_by + ?3,
				kb = CASE WHEN kb = '' THEN ?4 ELSE kb END,
				name = CASE WHEN fixed = 0 AND ?6 > name_best THEN ?5 ELSE name END,
				name_best = CASE WHEN ?6 > name_best OR name = ?5 THEN ?6 ELSE name_best END
			WHERE eid = ?1`, eid, d.mentions, d.quotes, d.kb, top, topBest); err != nil {
			return fmt.Errorf("entity %d: %w", eid, err)
		}
		if d.kb != "" {
			delete(c.kbs, eid) // it may have changed; the next lookup reads it
			delete(s.kbs, eid)
		}
		if d.renamed {
			if _, ok := c.renamed[eid]; !ok {
				c.renamed[eid] = d.created
			}
		}
	}
	return nil
}

func createEntity(c *txc, ref identity.Ref, kb string) (int64, error) {
	surname := ""
	if ref.Type == article.PER && !ref.Lone {
		surname = ref.Surname
	}
	fixed := 0
	if ref.Fixed {
		fixed = 1
	}
	res, err := c.exec("INSERT INTO entities (name, fixed, type, kb, surname) VALUES (?, ?, ?, ?, ?)",
		ref.Name, fixed, ref.Type, kb, surname)
	if err != nil {
		return 0, err
	}
	eid, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if ref.Fixed {
		// The canonical name is searchable even if no article uses it.
		if _, err := c.exec("INSERT INTO entity_names (eid, name, n, best) VALUES (?, ?, 0, 0)",
			eid, ref.Name); err != nil {
			return 0, err
		}
	}
	return eid, nil
}

// txLookup answers identity's questions inside the Put transaction.
type txLookup struct{ c *txc }

func (l txLookup) Key(ctx context.Context, key string) (id, kb string, err error) {
	c := l.c
	k, ok := c.keys[key]
	if !ok {
		k, ok = c.s.keys[key]
	}
	if ok {
		kb, ok = c.kbs[k.eid]
		if !ok {
			kb, ok = c.s.kbs[k.eid]
		}
		if ok {
			return strconv.FormatInt(k.eid, 10), kb, nil
		}
	}
	var eid int64
	err = c.queryRow(`SELECT k.eid, e.kb FROM entity_keys k JOIN entities e ON e.eid = k.eid WHERE k.key = ?`, key).Scan(&eid, &kb)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("look up key %q: %w", key, err)
	}
	c.keys[key] = keyEntry{eid}
	c.kbs[eid] = kb
	return strconv.FormatInt(eid, 10), kb, nil
}

func (l txLookup) SameSurname(ctx context.Context, surname, source, from, to string) ([]string, error) {
	cond := ""
	args := []any{surname, source}
	if from != "" {
		cond += " AND a.date >= ?"
		args = append(args, from)
	}
	if to != "" {
		cond += " AND a.date < ?"
		args = append(args, store.DateUpper(to))
	}
	// CROSS JOIN keeps SQLite to this order: the candidate's links, then
	// their articles (not every article of the source, then links).
	q := `SELECT e.eid FROM entities e WHERE e.surname = ? AND e.surname != '' AND +e.type = 'PER' AND EXISTS (
		SELECT 1 FROM article_entities ae CROSS JOIN articles a ON a.rid = ae.rid
		WHERE ae.eid = e.eid AND a.source = ?` + cond + `)`
	rows, err := l.c.query(q+" LIMIT 2", args...)
	if err != nil {
		return nil, fmt.Errorf("look up surname %q: %w", surname, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var eid int64
		if err := rows.Scan(&eid); err != nil {
			return nil, err
		}
		ids = append(ids, strconv.FormatInt(eid, 10))
	}
	return ids, rows.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// quoteRecord is an article.Quote as stored: short keys, no content.
type quoteRecord struct {
	ID         string   `json:"i"`
	Kind       string   `json:"k"`
	Start      int      `json:"s"`
	End        int      `json:"e"`
	Cue        string   `json:"c,omitempty"`
	CueStart   int      `json:"cs,omitempty"`
	CueEnd     int      `json:"ce,omitempty"`
	Entity     string   `json:"se,omitempty"`
	Name       string   `json:"sn,omitempty"`
	Type       string   `json:"st,omitempty"`
	Mention    string   `json:"sm,omitempty"`
	SpStart    int      `json:"ss,omitempty"`
	SpEnd      int      `json:"sx,omitempty"`
	About      []string `json:"a,omitempty"`
	Tone       float64  `json:"t,omitempty"`
	Confidence float64  `json:"p,omitempty"`
}

func recordOf(q article.Quote) quoteRecord {
	return quoteRecord{
		ID: q.ID, Kind: q.Kind, Start: q.Start, End: q.End, Cue: q.Cue, CueStart: q.CueStart, CueEnd: q.CueEnd,
		Entity: q.Speaker.Entity, Name: q.Speaker.Name, Type: q.Speaker.Type, Mention: q.Speaker.Mention,
		SpStart: q.Speaker.Start, SpEnd: q.Speaker.End, About: q.About, Tone: q.Tone, Confidence: q.Confidence,
	}
}

// quote rebuilds the quote of r in text; content is its stored content,
// when it is not the text the quote spans.
func (r quoteRecord) quote(text string, content sql.NullString) (article.Quote, error) {
	q := article.Quote{
		ID: r.ID, Kind: r.Kind, Start: r.Start, End: r.End, Cue: r.Cue, CueStart: r.CueStart, CueEnd: r.CueEnd,
		Speaker: article.Speaker{Entity: r.Entity, Name: r.Name, Type: r.Type, Mention: r.Mention, Start: r.SpStart, End: r.SpEnd},
		About:   r.About, Tone: r.Tone, Confidence: r.Confidence,
	}
	switch {
	case content.Valid:
		q.Content = content.String
	case 0 <= q.Start && q.Start <= q.End && q.End <= len(text):
		q.Content = text[q.Start:q.End]
	default:
		return q, fmt.Errorf("quote %s: span [%d,%d) outside the text of %d bytes", q.ID, q.Start, q.End, len(text))
	}
	return q, nil
}

// txc runs the statements of one write transaction on the held write
// connection, each prepared once and reused (parsing SQL costs more than
// running it), and keeps the identity keys it learns until COMMIT.
type txc struct {
	ctx  context.Context
	s    *Store
	keys map[string]keyEntry
	kbs  map[int64]string

	// Full-text rows wait for the end of the transaction: FTS5 writes
	// its pending terms out at every statement savepoint, which made a
	// tiny index segment per article and merging them the main cost.
	ftsArticles, ftsQuotes []ftsRow
	renamed                map[int64]bool // entities whose names changed → created in this transaction
}

type ftsRow struct {
	rowid int64
	cols  []any
}

// index writes the full-text rows of the transaction.
func (c *txc) index() error {
	for _, r := range c.ftsArticles {
		if _, err := c.exec("INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", append([]any{r.rowid}, r.cols...)...); err != nil {
			return fmt.Errorf("index article: %w", err)
		}
	}
	for _, r := range c.ftsQuotes {
		if _, err := c.exec("INSERT INTO quotes_fts (rowid, content) VALUES (?, ?)", append([]any{r.rowid}, r.cols...)...); err != nil {
			return fmt.Errorf("index quote: %w", err)
		}
	}
	for _, eid := range slices.Sorted(maps.Keys(c.renamed)) {
		if !c.renamed[eid] {
			if _, err := c.exec("DELETE FROM entities_fts WHERE rowid = ?", eid); err != nil {
				return fmt.Errorf("index entity %d: %w", eid, err)
			}
		}
		if _, err := c.exec(`INSERT INTO entities_fts (rowid, names)
			SELECT ?1, group_concat(name, ' | ') FROM entity_names WHERE eid = ?1`, eid); err != nil {
			return fmt.Errorf("index entity %d: %w", eid, err)
		}
	}
	return nil
}

// A keyEntry is the entity an identity key is bound to.
type keyEntry struct{ eid int64 }

// maxCachedKeys bounds the key cache; past it the cache starts afresh.
const maxCachedKeys = 1 << 20

// stmt returns the prepared statement for query; s.mu is held.
func (c *txc) stmt(query string) (*sql.Stmt, error) {
	if st, ok := c.s.stmts[query]; ok {
		return st, nil
	}
	st, err := c.s.wc.PrepareContext(c.ctx, query)
	if err != nil {
		return nil, err
	}
	c.s.stmts[query] = st
	return st, nil
}

func (c *txc) exec(query string, args ...any) (sql.Result, error) {
	st, err := c.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(c.ctx, args...)
}

func (c *txc) query(query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(c.ctx, args...)
}

// queryRow is QueryRow on a prepared statement; a preparation error
// comes back from Scan, as database/sql does.
func (c *txc) queryRow(query string, args ...any) *sql.Row {
	st, err := c.stmt(query)
	if err != nil {
		return c.s.wc.QueryRowContext(c.ctx, query, args...) // reports the same error
	}
	return st.QueryRowContext(c.ctx, args...)
}

// rollback ends the transaction, even when c.ctx is done.
func (c *txc) rollback() error {
	if _, err := c.s.wc.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		return fmt.Errorf("rollback: %w", err)
	}
	return nil
}

// dayOf encodes an ISO date prefix as YYYYMMDD with zeros for missing
// parts ("2023-03" → 20230300), 0 when it is not one.
func dayOf(date string) int {
	if !store.ValidDate(date) {
		return 0
	}
	y, _ := strconv.Atoi(date[:4])
	d := y * 10000
	if len(date) >= 7 {
		m, _ := strconv.Atoi(date[5:7])
		d += m * 100
	}
	if len(date) == 10 {
		dd, _ := strconv.Atoi(date[8:10])
		d += dd
	}
	return d
}

// dayString is the inverse of dayOf.
func dayString(d int) string {
	switch {
	case d%10000 == 0:
		return fmt.Sprintf("%04d", d/10000)
	case d%100 == 0:
		return fmt.Sprintf("%04d-%02d", d/10000, d/100%100)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100)
}
