package postgres

import (
	"cmp"
	"context"
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
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// extra is the part of an article kept as JSON.
type extra struct {
	Warnings []string        `json:"warnings,omitempty"`
	Tone     *article.Tone   `json:"tone,omitempty"`
	Events   []article.Event `json:"events,omitempty"`
}

// check reports the first thing of a that cannot be stored (see
// storesql.Check), or text PostgreSQL refuses: NUL bytes, invalid UTF-8.
func check(a *article.Article) error {
	return storesql.Check(a, func(a *article.Article) error {
		for _, f := range []struct{ name, v string }{
			{"id", a.ID}, {"text", a.Text}, {"title", a.Title}, {"source", a.Source},
			{"url", a.URL}, {"date", a.Date}, {"dateline", a.Dateline}, {"lang", a.Lang},
		} {
			if !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
				return fmt.Errorf("%w: article %s: %s has a NUL byte or invalid UTF-8", store.ErrInvalid, a.ID, f.name)
			}
		}
		return nil
	})
}

// Put stores a in one transaction; see store.Store. A transaction that
// loses a deadlock to another writer is run again.
func (s *Store) Put(ctx context.Context, a *article.Article) (added bool, err error) {
	if err := check(a); err != nil {
		return false, err
	}
	hash := storesql.Hash(a.Text)
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
	// Redeliveries and re-ingests are common: skip them before any work.
	var stored bool
	if err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1 OR hash = $2)", a.ID, hash).Scan(&stored); err != nil {
		return false, err
	}
	if stored {
		return false, nil
	}
	eids, err := s.resolveEntities(ctx, a, hash)
	if err != nil {
		return false, err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	added, err := s.put(ctx, tx, a, hash, eids)
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

// resolveEntities maps a's entities to store-wide entities, creating the
// new ones, and adds a's mentions, quotes and names to those entities'
// counts, all in a short transaction of its own under one advisory lock:
// two writers never create the same entity, and the rows that many
// articles share (a busy person's counts) are written by one writer at a
// time without waiting for the disk. It returns local id → eid.
//
// That transaction commits without waiting for the disk: the article's
// own transaction, which does wait, comes later in the log, so once it is
// durable so is this one. The counts are added once per article, guarded
// by a claim on its id and hash; if the article's own transaction then
// fails it is retried (the claim makes the retry count nothing again). An
// article that is claimed and never stored leaves its counts behind.
func (s *Store) resolveEntities(ctx context.Context, a *article.Article, hash []byte) (map[string]int64, error) {
	eids := make(map[string]int64, len(a.Entities))
	if len(a.Entities) == 0 {
		return eids, nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	claimed := false
	refs := make([]identity.Ref, len(a.Entities))
	var keys []string
	for i := range a.Entities {
		refs[i] = identity.RefOf(&a.Entities[i], s.aliases)
		for _, k := range []string{refs[i].KBKey, refs[i].NameKey} {
			if k != "" {
				keys = append(keys, clean(k))
			}
		}
	}
	look := &txLookup{tx: tx, keys: map[string]int64{}, kb: map[int64]string{}}
	b := &pgx.Batch{}
	b.Queue("SET LOCAL synchronous_commit = off")
	b.Queue("SELECT pg_advisory_xact_lock($1)", s.lockKey)
	b.Queue("INSERT INTO article_claims (id, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true", a.ID, hash).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			claimed = true
		}
		return rows.Err()
	})
	// Under the lock no one else binds these keys: one query answers
	// every lookup of this article's keys.
	b.Queue("SELECT k.key, k.eid, e.kb FROM entity_keys k JOIN entities e ON e.eid = k.eid WHERE k.key = ANY($1)", keys).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var key, kb string
			var eid int64
			if err := rows.Scan(&key, &eid, &kb); err != nil {
				return err
			}
			look.keys[key] = eid
			look.kb[eid] = kb
		}
		return rows.Err()
	})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("lock entities: %w", err)
	}
	newEntity := map[int64]bool{}
	for i := range a.Entities {
		e := &a.Entities[i]
		ref := refs[i]
		id, bind, err := identity.Resolve(ctx, ref, a.Source, a.Date, look)
		if err != nil {
			return nil, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		for j, k := range bind {
			bind[j] = clean(k)
		}
		var eid int64
		if id == "" {
			if eid, err = createEntity(ctx, tx, ref, clean(e.KB), bind); err != nil {
				return nil, fmt.Errorf("entity %s: %w", e.ID, err)
			}
			newEntity[eid] = true
			look.kb[eid] = clean(e.KB)
			look.bound(bind, eid)
			eids[e.ID] = eid
			continue
		}
		if eid, err = strconv.ParseInt(id, 10, 64); err != nil {
			return nil, fmt.Errorf("entity %s: bad id %q", e.ID, id)
		}
		eids[e.ID] = eid
		b := &pgx.Batch{}
		for _, k := range bind {
			b.Queue("INSERT INTO entity_keys (key, eid) VALUES ($1, $2) ON CONFLICT DO NOTHING", k, eid)
		}
		if e.KB != "" {
			b.Queue("UPDATE entities SET kb = $1 WHERE eid = $2 AND kb = ''", clean(e.KB), eid)
			if look.kb[eid] == "" {
				look.kb[eid] = clean(e.KB)
			}
		}
		if b.Len() > 0 {
			if err := tx.SendBatch(ctx, b).Close(); err != nil {
				return nil, fmt.Errorf("entity %s: bind: %w", e.ID, err)
			}
		}
		look.bound(bind, eid)
	}
	if claimed {
		if err := countEntities(ctx, tx, a, eids, newEntity); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("entities: commit: %w", err)
	}
	return eids, nil
}

// countEntities adds what a says of its entities to their rows: mentions,
// articles, quotes by, the names seen, and the entity's display name and
// name index that follow from those.
func countEntities(ctx context.Context, tx pgx.Tx, a *article.Article, eids map[string]int64, newNames map[int64]bool) error {
	type delta struct{ mentions, quotesBy int }
	deltas := map[int64]*delta{}
	type nameKey struct {
		eid  int64
		name string
	}
	names := map[nameKey][2]int{} // n, best
	for i := range a.Entities {
		e := &a.Entities[i]
		eid := eids[e.ID]
		d := deltas[eid]
		if d == nil {
			d = &delta{}
			deltas[eid] = d
		}
		d.mentions += len(e.Mentions)
		// The entity's name counts as its best name here; each name
		// mention counts as a name seen.
		if e.Name != "" {
			k := nameKey{eid, e.Name}
			c := names[k]
			names[k] = [2]int{c[0] + 1, c[1] + 1}
		}
		for _, m := range e.Mentions {
			if m.Kind == article.MentionName && m.Text != "" {
				k := nameKey{eid, m.Text}
				c := names[k]
				names[k] = [2]int{c[0] + 1, c[1]}
			}
		}
	}
	for _, q := range a.Quotes {
		if eid, ok := eids[q.Speaker.Entity]; ok && q.Speaker.Entity != "" {
			deltas[eid].quotesBy++
		}
	}
	keys := make([]nameKey, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y nameKey) int {
		if x.eid != y.eid {
			return cmp.Compare(x.eid, y.eid)
		}
		return strings.Compare(x.name, y.name)
	})
	b := &pgx.Batch{}
	for _, k := range keys {
		c := names[k]
		b.Queue(`INSERT INTO entity_names AS x (eid, name, norm, n, best) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (eid, name) DO UPDATE SET n = x.n + excluded.n, best = x.best + excluded.best
			RETURNING n`, k.eid, clean(k.name), identity.Normalize(k.name), c[0], c[1]).QueryRow(func(row pgx.Row) error {
			var n int
			if err := row.Scan(&n); err != nil {
				return err
			}
			if n == c[0] {
				newNames[k.eid] = true
			}
			return nil
		})
	}
	ids := make([]int64, 0, len(deltas))
	for eid := range deltas {
		ids = append(ids, eid)
	}
	slices.Sort(ids)
	for _, eid := range ids {
		d := deltas[eid]
		b.Queue("UPDATE entities SET mentions = mentions + $1, articles = articles + 1, quotes_by = quotes_by + $2 WHERE eid = $3",
			d.mentions, d.quotesBy, eid)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("count entities: %w", err)
	}
	// Entity names follow what articles call them, unless an alias fixed
	// them; the names index follows new names.
	b = &pgx.Batch{}
	for _, eid := range ids {
		b.Queue(`UPDATE entities SET name = coalesce((
				SELECT name FROM entity_names WHERE eid = $1 ORDER BY best DESC, n DESC, length(name) DESC, name LIMIT 1), name)
			WHERE eid = $1 AND NOT fixed`, eid)
		if newNames[eid] {
			b.Queue(`UPDATE entities SET names = coalesce((
					SELECT string_agg(norm, ' | ' ORDER BY name) FROM entity_names WHERE eid = $1), '')
				WHERE eid = $1`, eid)
		}
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("entity names: %w", err)
	}
	return nil
}

// put writes a's own rows in tx, its entities already resolved to eids
// and counted: the article, its entity links, its quotes. No row here is
// shared with another article, so concurrent writers do not wait for each
// other, and their commits share the disk's flushes.
func (s *Store) put(ctx context.Context, tx pgx.Tx, a *article.Article, hash []byte, eids map[string]int64) (bool, error) {
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
		return false, nil // same id or same text stored meanwhile
	}
	if err != nil {
		return false, fmt.Errorf("insert article: %w", err)
	}
	b := &pgx.Batch{}
	for i := range a.Entities {
		e := &a.Entities[i]
		ms, err := storesql.EncodeMentions(a.Text, e.Mentions)
		if err != nil {
			return false, fmt.Errorf("entity %s: %w", e.ID, err)
		}
		b.Queue(`INSERT INTO article_entities
			(rid, ord, eid, date, n, local, name, type, kb, kb_name, gender, mentions)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			rid, i, eids[e.ID], a.Date, len(e.Mentions), clean(e.ID), clean(e.Name), clean(e.Type), clean(e.KB), clean(e.KBName), clean(e.Gender), clean(ms))
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
		var aboutIDs []int64
		for _, eid := range storesql.QuoteAbout(a, q, eids) {
			if eid != 0 && (speaker == nil || eid != *speaker) {
				aboutIDs = append(aboutIDs, eid)
			}
		}
		b.Queue(`WITH q AS (
				INSERT INTO quotes (rid, ord, date, speaker, content, data, cfg, fold)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING qrid)
			INSERT INTO quote_about (eid, qrid) SELECT e, q.qrid FROM q, unnest($9::bigint[]) e ON CONFLICT DO NOTHING`,
			rid, i, a.Date, speaker, clean(content), clean(string(data)), cfg, s.fold(content), aboutIDs)
	}
	if err := queueEvents(b, rid, a, eids); err != nil {
		return false, err
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return false, fmt.Errorf("annotations: %w", err)
		}
	}
	return true, nil
}

// createEntity inserts a new entity with its keys (and, for a name from
// the alias file, that name) in one statement, and returns its eid.
func createEntity(ctx context.Context, tx pgx.Tx, ref identity.Ref, kb string, keys []string) (int64, error) {
	surname := ""
	if ref.Type == article.PER && !ref.Lone {
		surname = ref.Surname
	}
	var eid int64
	err := tx.QueryRow(ctx, `WITH e AS (
			INSERT INTO entities (name, fixed, type, kb, surname) VALUES ($1, $2, $3, $4, $5) RETURNING eid),
		k AS (INSERT INTO entity_keys (key, eid) SELECT unnest($6::text[]), eid FROM e ON CONFLICT DO NOTHING),
		-- The canonical name of an alias is searchable even if no article uses it.
		n AS (INSERT INTO entity_names (eid, name, norm, n, best) SELECT eid, $1, $7, 0, 0 FROM e WHERE $2)
		SELECT eid FROM e`,
		clean(ref.Name), ref.Fixed, ref.Type, kb, surname, keys, identity.Normalize(ref.Name)).Scan(&eid)
	return eid, err
}

// txLookup answers identity's questions inside the entity transaction.
// keys holds the bindings of the article's keys, read at once under the
// lock, and kb the KB ids of those entities; what the transaction binds
// or links itself is added as it goes.
type txLookup struct {
	tx   pgx.Tx
	keys map[string]int64
	kb   map[int64]string
}

func (l *txLookup) Key(ctx context.Context, key string) (id, kb string, err error) {
	eid, ok := l.keys[clean(key)]
	if !ok {
		return "", "", nil
	}
	return strconv.FormatInt(eid, 10), l.kb[eid], nil
}

// bound records keys bound to eid (a key already bound keeps its entity,
// as ON CONFLICT DO NOTHING does).
func (l *txLookup) bound(keys []string, eid int64) {
	for _, k := range keys {
		if _, ok := l.keys[k]; !ok {
			l.keys[k] = eid
		}
	}
}

func (l *txLookup) SameSurname(ctx context.Context, surname, source, from, to string) ([]string, error) {
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
