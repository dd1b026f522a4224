package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
)

// extra is the part of an article kept as JSON.
type extra struct {
	Warnings []string        `json:"warnings,omitempty"`
	Tone     *article.Tone   `json:"tone,omitempty"`
	Events   []article.Event `json:"events,omitempty"`
}

// Hash returns the content hash that de-duplicates articles: the same
// text under another id is the same article.
func Hash(text string) []byte {
	h := sha256.Sum256([]byte(text))
	return h[:16]
}

// check reports the first annotation of a that points outside its text.
func check(a *article.Article) error {
	if a.ID == "" {
		return fmt.Errorf("%w: article without id", store.ErrInvalid)
	}
	if a.Text == "" {
		return fmt.Errorf("%w: article %s has no text", store.ErrInvalid, a.ID)
	}
	n := len(a.Text)
	bad := func(s, e int) bool { return s < 0 || e < s || e > n }
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if bad(m.Start, m.End) {
				return fmt.Errorf("%w: article %s: entity %s: mention [%d,%d) outside the text of %d bytes",
					store.ErrInvalid, a.ID, e.ID, m.Start, m.End, n)
			}
		}
	}
	for _, q := range a.Quotes {
		if bad(q.Start, q.End) || bad(q.CueStart, q.CueEnd) || bad(q.Speaker.Start, q.Speaker.End) {
			return fmt.Errorf("%w: article %s: quote %s: span [%d,%d), cue [%d,%d) or speaker [%d,%d) outside the text of %d bytes",
				store.ErrInvalid, a.ID, q.ID, q.Start, q.End, q.CueStart, q.CueEnd, q.Speaker.Start, q.Speaker.End, n)
		}
	}
	return nil
}

// Put stores a in one transaction; see store.Store.
func (s *Store) Put(ctx context.Context, a *article.Article) (added bool, err error) {
	if err := check(a); err != nil {
		return false, err
	}
	hash := Hash(a.Text)
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("put %s: %w", a.ID, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	var one int
	switch err := tx.QueryRowContext(ctx, "SELECT 1 FROM articles WHERE id = ? OR hash = ?", a.ID, hash).Scan(&one); {
	case err == nil:
		tx.Rollback()
		return false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return false, fmt.Errorf("put %s: %w", a.ID, err)
	}
	if err := s.put(ctx, tx, a, hash); err != nil {
		return false, fmt.Errorf("put %s: %w", a.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("put %s: commit: %w", a.ID, err)
	}
	return true, nil
}

func (s *Store) put(ctx context.Context, tx *sql.Tx, a *article.Article, hash []byte) error {
	x, err := json.Marshal(extra{Warnings: a.Warnings, Tone: a.Tone, Events: a.Events})
	if err != nil {
		return err
	}
	mentions := 0
	for _, e := range a.Entities {
		mentions += len(e.Mentions)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles
		(id, hash, source, date, dateline, url, title, lang, text, nquotes, nmentions, nevents, extra)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, hash, a.Source, a.Date, a.Dateline, a.URL, a.Title, a.Lang, compress(a.Text),
		len(a.Quotes), mentions, len(a.Events), string(x))
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	rid, err := res.LastInsertId()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)", rid, a.Title, a.Text); err != nil {
		return fmt.Errorf("index article: %w", err)
	}

	// Entities: map each to a store-wide entity, then record the link.
	look := txLookup{tx}
	eids := make(map[string]int64, len(a.Entities)) // local id → eid
	touched := map[int64]bool{}
	newNames := map[int64]bool{}
	for i := range a.Entities {
		e := &a.Entities[i]
		ref := identity.RefOf(e, s.aliases)
		id, bind, err := identity.Resolve(ctx, ref, a.Source, a.Date, look)
		if err != nil {
			return fmt.Errorf("entity %s: %w", e.ID, err)
		}
		var eid int64
		if id == "" {
			eid, err = createEntity(ctx, tx, ref, e.KB)
			if err != nil {
				return fmt.Errorf("entity %s: %w", e.ID, err)
			}
			newNames[eid] = true
		} else if eid, err = strconv.ParseInt(id, 10, 64); err != nil {
			return fmt.Errorf("entity %s: bad id %q", e.ID, id)
		}
		for _, k := range bind {
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO entity_keys (key, eid) VALUES (?, ?)", k, eid); err != nil {
				return fmt.Errorf("entity %s: bind %s: %w", e.ID, k, err)
			}
		}
		if e.KB != "" {
			if _, err := tx.ExecContext(ctx, "UPDATE entities SET kb = ? WHERE eid = ? AND kb = ''", e.KB, eid); err != nil {
				return fmt.Errorf("entity %s: %w", e.ID, err)
			}
		}
		eids[e.ID] = eid
		touched[eid] = true
		ms, err := encodeMentions(a.Text, e.Mentions)
		if err != nil {
			return fmt.Errorf("entity %s: %w", e.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_entities
			(rid, ord, eid, date, n, local, name, type, kb, kb_name, gender, mentions)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			rid, i, eid, a.Date, len(e.Mentions), e.ID, e.Name, e.Type, e.KB, e.KBName, e.Gender, ms); err != nil {
			return fmt.Errorf("entity %s: link: %w", e.ID, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE entities SET mentions = mentions + ? WHERE eid = ?", len(e.Mentions), eid); err != nil {
			return fmt.Errorf("entity %s: %w", e.ID, err)
		}
		// Names: the entity's name counts as its best name here; each
		// name mention counts as a name seen.
		names := map[string][2]int{}
		if e.Name != "" {
			c := names[e.Name]
			names[e.Name] = [2]int{c[0] + 1, c[1] + 1}
		}
		for _, m := range e.Mentions {
			if m.Kind == article.MentionName && m.Text != "" {
				c := names[m.Text]
				names[m.Text] = [2]int{c[0] + 1, c[1]}
			}
		}
		for _, name := range sortedKeys(names) {
			c := names[name]
			var n int
			if err := tx.QueryRowContext(ctx, `INSERT INTO entity_names (eid, name, n, best) VALUES (?, ?, ?, ?)
				ON CONFLICT (eid, name) DO UPDATE SET n = n + excluded.n, best = best + excluded.best
				RETURNING n`, eid, name, c[0], c[1]).Scan(&n); err != nil {
				return fmt.Errorf("entity %s: name: %w", e.ID, err)
			}
			if n == c[0] {
				newNames[eid] = true
			}
		}
	}
	for eid := range touched {
		if _, err := tx.ExecContext(ctx, "UPDATE entities SET articles = articles + 1 WHERE eid = ?", eid); err != nil {
			return err
		}
	}

	// Quotes, with the entities they are about: those mentioned inside
	// the content (and those the quote stage listed), the speaker aside.
	for i, q := range a.Quotes {
		var speaker sql.NullInt64
		if eid, ok := eids[q.Speaker.Entity]; ok && q.Speaker.Entity != "" {
			speaker = sql.NullInt64{Int64: eid, Valid: true}
		}
		var content sql.NullString
		if a.Text[q.Start:q.End] != q.Content {
			content = sql.NullString{String: q.Content, Valid: true}
		}
		data, err := json.Marshal(recordOf(q))
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO quotes (rid, ord, date, speaker, content, data) VALUES (?, ?, ?, ?, ?, ?)",
			rid, i, a.Date, speaker, content, string(data))
		if err != nil {
			return fmt.Errorf("quote %s: %w", q.ID, err)
		}
		qrid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO quotes_fts (rowid, content) VALUES (?, ?)", qrid, q.Content); err != nil {
			return fmt.Errorf("quote %s: index: %w", q.ID, err)
		}
		if speaker.Valid {
			if _, err := tx.ExecContext(ctx, "UPDATE entities SET quotes_by = quotes_by + 1 WHERE eid = ?", speaker.Int64); err != nil {
				return err
			}
		}
		for _, eid := range about(a, q, eids) {
			if eid == speaker.Int64 && speaker.Valid {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO quote_about (eid, qrid) VALUES (?, ?)", eid, qrid); err != nil {
				return fmt.Errorf("quote %s: about: %w", q.ID, err)
			}
		}
	}

	// Entity names follow what articles call them, unless an alias fixed
	// them; the names index follows new names.
	for eid := range touched {
		if _, err := tx.ExecContext(ctx, `UPDATE entities SET name = coalesce((
				SELECT name FROM entity_names WHERE eid = ?1 ORDER BY best DESC, n DESC, length(name) DESC, name LIMIT 1), name)
			WHERE eid = ?1 AND fixed = 0`, eid); err != nil {
			return fmt.Errorf("name entity %d: %w", eid, err)
		}
	}
	for eid := range newNames {
		if _, err := tx.ExecContext(ctx, "DELETE FROM entities_fts WHERE rowid = ?", eid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entities_fts (rowid, names)
			SELECT ?1, group_concat(name, ' | ') FROM entity_names WHERE eid = ?1`, eid); err != nil {
			return fmt.Errorf("index entity %d: %w", eid, err)
		}
	}
	return nil
}

// about returns the store-wide entities a quote is about.
func about(a *article.Article, q article.Quote, eids map[string]int64) []int64 {
	var out []int64
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if q.Span().Contains(m.Span()) && m.End > m.Start {
				out = append(out, eids[e.ID])
				break
			}
		}
	}
	for _, id := range q.About {
		if eid, ok := eids[id]; ok {
			out = append(out, eid)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func createEntity(ctx context.Context, tx *sql.Tx, ref identity.Ref, kb string) (int64, error) {
	surname := ""
	if ref.Type == article.PER && !ref.Lone {
		surname = ref.Surname
	}
	fixed := 0
	if ref.Fixed {
		fixed = 1
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO entities (name, fixed, type, kb, surname) VALUES (?, ?, ?, ?, ?)",
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
		if _, err := tx.ExecContext(ctx, "INSERT INTO entity_names (eid, name, n, best) VALUES (?, ?, 0, 0)",
			eid, ref.Name); err != nil {
			return 0, err
		}
	}
	return eid, nil
}

// txLookup answers identity's questions inside the Put transaction.
type txLookup struct{ tx *sql.Tx }

func (l txLookup) Key(ctx context.Context, key string) (id, kb string, err error) {
	var eid int64
	err = l.tx.QueryRowContext(ctx, `SELECT k.eid, e.kb FROM entity_keys k JOIN entities e ON e.eid = k.eid WHERE k.key = ?`, key).Scan(&eid, &kb)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("look up key %q: %w", key, err)
	}
	return strconv.FormatInt(eid, 10), kb, nil
}

func (l txLookup) SameSurname(ctx context.Context, surname, source, from, to string) ([]string, error) {
	q := `SELECT DISTINCT e.eid FROM entities e
		JOIN article_entities ae ON ae.eid = e.eid
		JOIN articles a ON a.rid = ae.rid
		WHERE e.surname = ? AND e.type = 'PER' AND a.source = ?`
	args := []any{surname, source}
	if from != "" {
		q += " AND a.date >= ?"
		args = append(args, from)
	}
	if to != "" {
		q += " AND a.date < ?"
		args = append(args, store.DateUpper(to))
	}
	rows, err := l.tx.QueryContext(ctx, q+" LIMIT 2", args...)
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

// encodeMentions writes mentions compactly: [start,end] for a name
// mention whose text is the text it spans, [start,end,kind] for another
// kind, [start,end,kind,text] when the text differs.
func encodeMentions(text string, ms []article.Mention) (string, error) {
	out := make([][]any, len(ms))
	for i, m := range ms {
		v := []any{m.Start, m.End}
		same := text[m.Start:m.End] == m.Text
		if m.Kind != article.MentionName || !same {
			v = append(v, m.Kind)
		}
		if !same {
			v = append(v, m.Text)
		}
		out[i] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func decodeMentions(text, s string) ([]article.Mention, error) {
	var raw [][]any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("decode mentions: %w", err)
	}
	out := make([]article.Mention, len(raw))
	for i, v := range raw {
		if len(v) < 2 {
			return nil, fmt.Errorf("decode mentions: short entry %v", v)
		}
		start, ok1 := v[0].(float64)
		end, ok2 := v[1].(float64)
		if !ok1 || !ok2 || start < 0 || end < start || int(end) > len(text) {
			return nil, fmt.Errorf("decode mentions: bad span %v", v)
		}
		m := article.Mention{Start: int(start), End: int(end), Kind: article.MentionName}
		m.Text = text[m.Start:m.End]
		if len(v) > 2 {
			m.Kind, _ = v[2].(string)
		}
		if len(v) > 3 {
			m.Text, _ = v[3].(string)
		}
		out[i] = m
	}
	return out, nil
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
