package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

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
// text under another id is the same article. It is the SQLite store's.
func Hash(text string) []byte {
	h := sha256.Sum256([]byte(text))
	return h[:16]
}

// check reports the first thing of a that cannot be stored: a missing id
// or text, an annotation outside the text, or text PostgreSQL refuses
// (NUL bytes, invalid UTF-8).
func check(a *article.Article) error {
	if a.ID == "" {
		return fmt.Errorf("%w: article without id", store.ErrInvalid)
	}
	if a.Text == "" {
		return fmt.Errorf("%w: article %s has no text", store.ErrInvalid, a.ID)
	}
	for _, f := range []struct{ name, v string }{
		{"id", a.ID}, {"text", a.Text}, {"title", a.Title}, {"source", a.Source},
		{"url", a.URL}, {"date", a.Date}, {"dateline", a.Dateline}, {"lang", a.Lang},
	} {
		if !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			return fmt.Errorf("%w: article %s: %s has a NUL byte or invalid UTF-8", store.ErrInvalid, a.ID, f.name)
		}
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

// Put stores a in one transaction; see store.Store. A transaction that
// loses a deadlock to another writer is run again.
func (s *Store) Put(ctx context.Context, a *article.Article) (added bool, err error) {
	if err := check(a); err != nil {
		return false, err
	}
	hash := Hash(a.Text)
	for attempt := 0; ; attempt++ {
		added, err = s.putTx(ctx, a, hash)
		if err == nil || !retryable(err) || attempt == 4 {
			break
		}
	}
	if err != nil {
		return false, fmt.Errorf("put %s: %w", a.ID, err)
	}
	return added, nil
}

func (s *Store) putTx(ctx context.Context, a *article.Article, hash []byte) (bool, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	added, err := s.put(ctx, tx, a, hash)
	if err != nil || !added {
		return false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("commit: %w", err)
	}
	return true, nil
}

func (s *Store) fold(text string) *string {
	if !s.goFold {
		return nil
	}
	f := identity.Fold(text)
	return &f
}

func (s *Store) put(ctx context.Context, tx pgx.Tx, a *article.Article, hash []byte) (bool, error) {
	x, err := json.Marshal(extra{Warnings: a.Warnings, Tone: a.Tone, Events: a.Events})
	if err != nil {
		return false, err
	}
	mentions := 0
	for _, e := range a.Entities {
		mentions += len(e.Mentions)
	}
	cfg := configOf(a.Lang)
	// A concurrent Put of the same id or text waits here for the first
	// to commit, then finds the conflict.
	var rid int64
	err = tx.QueryRow(ctx, `INSERT INTO articles
		(id, hash, source, date, dateline, url, title, lang, text, nquotes, nmentions, nevents, extra, cfg, fold)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT DO NOTHING RETURNING rid`,
		a.ID, hash, a.Source, a.Date, a.Dateline, a.URL, a.Title, a.Lang, a.Text,
		len(a.Quotes), mentions, len(a.Events), string(x), cfg, s.fold(a.Title+"\n"+a.Text)).Scan(&rid)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("insert article: %w", err)
	}

	// Entities: map each to a store-wide entity, then record the link.
	// One writer at a time decides identities, so two articles never
	// create the same entity.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockEntities); err != nil {
		return false, fmt.Errorf("lock entities: %w", err)
	}
	look := txLookup{tx}
	eids := make(map[string]int64, len(a.Entities)) // local id → eid
	touched := map[int64]bool{}
	newNames := map[int64]bool{}
	for i := range a.Entities {
		e := &a.Entities[i]
		ref := identity.RefOf(e, s.aliases)
		id, bind, err := identity.Resolve(ctx, ref, a.Source, a.Date, look)
		if err != nil {
			return false, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		var eid int64
		if id == "" {
			eid, err = createEntity(ctx, tx, ref, e.KB)
			if err != nil {
				return false, fmt.Errorf("entity %s: %w", e.ID, err)
			}
			newNames[eid] = true
		} else if eid, err = strconv.ParseInt(id, 10, 64); err != nil {
			return false, fmt.Errorf("entity %s: bad id %q", e.ID, id)
		}
		for _, k := range bind {
			if _, err := tx.Exec(ctx, "INSERT INTO entity_keys (key, eid) VALUES ($1, $2) ON CONFLICT DO NOTHING", k, eid); err != nil {
				return false, fmt.Errorf("entity %s: bind %s: %w", e.ID, k, err)
			}
		}
		if e.KB != "" {
			if _, err := tx.Exec(ctx, "UPDATE entities SET kb = $1 WHERE eid = $2 AND kb = ''", e.KB, eid); err != nil {
				return false, fmt.Errorf("entity %s: %w", e.ID, err)
			}
		}
		eids[e.ID] = eid
		touched[eid] = true
		ms, err := encodeMentions(a.Text, e.Mentions)
		if err != nil {
			return false, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO article_entities
			(rid, ord, eid, date, n, local, name, type, kb, kb_name, gender, mentions)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			rid, i, eid, a.Date, len(e.Mentions), e.ID, e.Name, e.Type, e.KB, e.KBName, e.Gender, ms); err != nil {
			return false, fmt.Errorf("entity %s: link: %w", e.ID, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE entities SET mentions = mentions + $1 WHERE eid = $2", len(e.Mentions), eid); err != nil {
			return false, fmt.Errorf("entity %s: %w", e.ID, err)
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
			if err := tx.QueryRow(ctx, `INSERT INTO entity_names AS x (eid, name, norm, n, best) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (eid, name) DO UPDATE SET n = x.n + excluded.n, best = x.best + excluded.best
				RETURNING n`, eid, clean(name), identity.Normalize(name), c[0], c[1]).Scan(&n); err != nil {
				return false, fmt.Errorf("entity %s: name: %w", e.ID, err)
			}
			if n == c[0] {
				newNames[eid] = true
			}
		}
	}
	for _, eid := range sortedIDs(touched) {
		if _, err := tx.Exec(ctx, "UPDATE entities SET articles = articles + 1 WHERE eid = $1", eid); err != nil {
			return false, err
		}
	}

	// Quotes, with the entities they are about: those mentioned inside
	// the content (and those the quote stage listed), the speaker aside.
	for i, q := range a.Quotes {
		var speaker *int64
		if eid, ok := eids[q.Speaker.Entity]; ok && q.Speaker.Entity != "" {
			speaker = &eid
		}
		content := q.Content
		q.Content = ""
		data, err := json.Marshal(q)
		if err != nil {
			return false, err
		}
		var qrid int64
		if err := tx.QueryRow(ctx, `INSERT INTO quotes (rid, ord, date, speaker, content, data, cfg, fold)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING qrid`,
			rid, i, a.Date, speaker, clean(content), string(data), cfg, s.fold(content)).Scan(&qrid); err != nil {
			return false, fmt.Errorf("quote %s: %w", q.ID, err)
		}
		if speaker != nil {
			if _, err := tx.Exec(ctx, "UPDATE entities SET quotes_by = quotes_by + 1 WHERE eid = $1", *speaker); err != nil {
				return false, err
			}
		}
		for _, eid := range about(a, q, eids) {
			if eid == 0 || speaker != nil && eid == *speaker {
				continue
			}
			if _, err := tx.Exec(ctx, "INSERT INTO quote_about (eid, qrid) VALUES ($1, $2) ON CONFLICT DO NOTHING", eid, qrid); err != nil {
				return false, fmt.Errorf("quote %s: about: %w", q.ID, err)
			}
		}
	}

	// Entity names follow what articles call them, unless an alias fixed
	// them; the names index follows new names.
	for _, eid := range sortedIDs(touched) {
		if _, err := tx.Exec(ctx, `UPDATE entities SET name = coalesce((
				SELECT name FROM entity_names WHERE eid = $1 ORDER BY best DESC, n DESC, length(name) DESC, name LIMIT 1), name)
			WHERE eid = $1 AND NOT fixed`, eid); err != nil {
			return false, fmt.Errorf("name entity %d: %w", eid, err)
		}
	}
	for _, eid := range sortedIDs(newNames) {
		if _, err := tx.Exec(ctx, `UPDATE entities SET names = coalesce((
				SELECT string_agg(norm, ' | ' ORDER BY name) FROM entity_names WHERE eid = $1), '')
			WHERE eid = $1`, eid); err != nil {
			return false, fmt.Errorf("index entity %d: %w", eid, err)
		}
	}
	return true, nil
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

func createEntity(ctx context.Context, tx pgx.Tx, ref identity.Ref, kb string) (int64, error) {
	surname := ""
	if ref.Type == article.PER && !ref.Lone {
		surname = ref.Surname
	}
	var eid int64
	if err := tx.QueryRow(ctx, "INSERT INTO entities (name, fixed, type, kb, surname) VALUES ($1, $2, $3, $4, $5) RETURNING eid",
		clean(ref.Name), ref.Fixed, ref.Type, kb, surname).Scan(&eid); err != nil {
		return 0, err
	}
	if ref.Fixed {
		// The canonical name is searchable even if no article uses it.
		if _, err := tx.Exec(ctx, "INSERT INTO entity_names (eid, name, norm, n, best) VALUES ($1, $2, $3, 0, 0)",
			eid, clean(ref.Name), identity.Normalize(ref.Name)); err != nil {
			return 0, err
		}
	}
	return eid, nil
}

// txLookup answers identity's questions inside the Put transaction.
type txLookup struct{ tx pgx.Tx }

func (l txLookup) Key(ctx context.Context, key string) (id, kb string, err error) {
	var eid int64
	err = l.tx.QueryRow(ctx, `SELECT k.eid, e.kb FROM entity_keys k JOIN entities e ON e.eid = k.eid WHERE k.key = $1`, clean(key)).Scan(&eid, &kb)
	if errors.Is(err, pgx.ErrNoRows) {
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
		WHERE e.surname = $1 AND e.type = 'PER' AND a.source = $2`
	args := []any{clean(surname), source}
	if from != "" {
		args = append(args, from)
		q += fmt.Sprintf(" AND a.date >= $%d", len(args))
	}
	if to != "" {
		args = append(args, store.DateUpper(to))
		q += fmt.Sprintf(" AND a.date < $%d", len(args))
	}
	rows, err := l.tx.Query(ctx, q+" LIMIT 2", args...)
	if err != nil {
		return nil, fmt.Errorf("look up surname %q: %w", surname, err)
	}
	eids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("look up surname %q: %w", surname, err)
	}
	var ids []string
	for _, eid := range eids {
		ids = append(ids, strconv.FormatInt(eid, 10))
	}
	return ids, nil
}

// encodeMentions writes mentions compactly, as the SQLite store does:
// [start,end] for a name mention whose text is the text it spans,
// [start,end,kind] for another kind, [start,end,kind,text] when the text
// differs.
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

// sortedIDs orders updates so that concurrent writers lock rows in the
// same order.
func sortedIDs(m map[int64]bool) []int64 {
	ks := make([]int64, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
