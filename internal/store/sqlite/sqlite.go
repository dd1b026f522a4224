// Package sqlite is the embedded store.Store: one SQLite file (through
// modernc.org/sqlite, no cgo) with FTS5 full-text indexes over article
// title and text, quote content and entity names, all with diacritics
// folded ("Oekraine" finds "Oekraïne").
//
// Writes go through one connection, one transaction per article, so a
// process killed in the middle of an ingest loses nothing it committed and
// doubles nothing when run again. Reads use a pool of read-only
// connections, which WAL mode lets run beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Store is a store.Store in one SQLite file.
type Store struct {
	path    string
	w       *sql.DB   // one connection: all writes
	wc      *sql.Conn // w's connection, held: transactions are BEGIN … COMMIT on it
	r       *sql.DB   // read-only connections
	aliases *identity.Aliases

	mu    sync.Mutex           // one writer at a time; guards what follows
	stmts map[string]*sql.Stmt // prepared on wc, by query
	keys  map[string]keyEntry  // identity keys seen, a cache of entity_keys (never stale: keys are never rebound)
	kbs   map[int64]string     // KB ids of the entities in keys
}

var _ store.Store = (*Store)(nil)

// Options configures a Store.
type Options struct {
	// Aliases map entity names to canonical names (see identity).
	Aliases *identity.Aliases
}

// Open opens or creates the store at path and brings its schema up to
// date.
func Open(path string) (*Store, error) { return OpenOptions(path, Options{}) }

// OpenOptions is Open with options.
func OpenOptions(path string, opt Options) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open sqlite store %q: want a file path without ? or #", path)
	}
	const common = "_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-16000)&_pragma=temp_store(MEMORY)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	s := &Store{path: path, w: w, aliases: opt.Aliases, stmts: map[string]*sql.Stmt{},
		keys: map[string]keyEntry{}, kbs: map[int64]string{}}
	if err := s.migrate(context.Background()); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	if s.wc, err = w.Conn(context.Background()); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	n := max(2, runtime.GOMAXPROCS(0)*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	return s, nil
}

// Close closes the store's connections.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, st := range s.stmts {
		errs = append(errs, st.Close())
	}
	return errors.Join(append(errs, s.wc.Close(), s.r.Close(), s.w.Close())...)
}

// A migration brings the schema from one version to the next, in the
// transaction it is given.
type migration func(ctx context.Context, tx *sql.Tx) error

func sqlMigration(q string) migration {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, q)
		return err
	}
}

// migrations are applied in order; PRAGMA user_version counts those done.
// Never edit one that has shipped: append a new one.
var migrations = []migration{
	// 1: the first schema.
	sqlMigration(`
CREATE TABLE articles (
	rid       INTEGER PRIMARY KEY,
	id        TEXT NOT NULL UNIQUE,
	hash      BLOB NOT NULL UNIQUE,
	source    TEXT NOT NULL,
	date      TEXT NOT NULL,
	dateline  TEXT NOT NULL,
	url       TEXT NOT NULL,
	title     TEXT NOT NULL,
	lang      TEXT NOT NULL,
	text      BLOB NOT NULL, -- flate-compressed (see text.go)
	nquotes   INTEGER NOT NULL,
	nmentions INTEGER NOT NULL,
	nevents   INTEGER NOT NULL,
	annotations BLOB NOT NULL -- flate-compressed JSON: entities, warnings, tone, events (see annotations)
);
CREATE INDEX articles_date ON articles(date, rid);
CREATE INDEX articles_source ON articles(source, date);
CREATE INDEX articles_lang ON articles(lang, date);
-- detail=column: no word positions (phrases and ranking need them, and
-- neither is used: words are ANDed, hits come newest first), which keeps
-- the index at about half the size.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,
	content='', detail=column, columnsize=0, tokenize="unicode61 remove_diacritics 2");

CREATE TABLE entities (
	eid       INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	fixed     INTEGER NOT NULL, -- 1: name from the alias file
	type      TEXT NOT NULL,
	kb        TEXT NOT NULL,
	surname   TEXT NOT NULL, -- persons of more than one word; else ''
	name_best INTEGER NOT NULL DEFAULT 0, -- articles that call it name (see entity_names.best)
	mentions  INTEGER NOT NULL DEFAULT 0,
	articles  INTEGER NOT NULL DEFAULT 0,
	quotes_by INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_mentions ON entities(mentions DESC, eid);
CREATE INDEX entities_type ON entities(type, mentions DESC, eid);
CREATE INDEX entities_surname ON entities(surname) WHERE surname != '';
CREATE TABLE entity_keys (
	key TEXT PRIMARY KEY,
	eid INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE entity_names (
	eid  INTEGER NOT NULL,
	name TEXT NOT NULL,
	n    INTEGER NOT NULL, -- times seen as the entity's name or a name mention
	best INTEGER NOT NULL, -- times seen as the entity's name in an article
	PRIMARY KEY (eid, name)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE entities_fts USING fts5(names,
	content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2");

-- Which entities each article mentions, and how often: the links that
-- co-mentions, timelines and "about" filters read. The article's own
-- entities and mentions are in articles.annotations.
CREATE TABLE article_entities (
	eid INTEGER NOT NULL,
	rid INTEGER NOT NULL,
	n   INTEGER NOT NULL, -- mentions
	day INTEGER NOT NULL, -- the article's date as YYYYMMDD, 0 for a missing part
	PRIMARY KEY (eid, rid)
) WITHOUT ROWID;
CREATE INDEX article_entities_rid ON article_entities(rid, eid);

CREATE TABLE quotes (
	qrid    INTEGER PRIMARY KEY,
	rid     INTEGER NOT NULL,
	ord     INTEGER NOT NULL,
	date    TEXT NOT NULL,
	speaker INTEGER, -- store-wide entity, or NULL
	content TEXT,    -- NULL when it is the text the quote spans
	data    TEXT NOT NULL -- compact JSON of the quote (see quoteRecord)
);
CREATE INDEX quotes_rid ON quotes(rid, ord);
CREATE INDEX quotes_speaker ON quotes(speaker, date, qrid) WHERE speaker IS NOT NULL;
CREATE INDEX quotes_date ON quotes(date, qrid);
CREATE VIRTUAL TABLE quotes_fts USING fts5(content,
	content='', detail=column, columnsize=0, tokenize="unicode61 remove_diacritics 2");
CREATE TABLE quote_about (
	eid  INTEGER NOT NULL,
	qrid INTEGER NOT NULL,
	PRIMARY KEY (eid, qrid)
) WITHOUT ROWID;
CREATE INDEX quote_about_qrid ON quote_about(qrid, eid);
`),
	// 2: events in a table of their own (see event.go), filled from the
	// annotations of the articles stored before.
	migrateEvents,
}

// migrate applies the migrations the file has not seen, each in its own
// transaction.
func (s *Store) migrate(ctx context.Context) error {
	for {
		var v int
		if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if v > len(migrations) {
			return fmt.Errorf("schema version %d is newer than this program's %d", v, len(migrations))
		}
		if v == len(migrations) {
			return nil
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
		// Another process may have migrated while we waited for the lock.
		var again int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&again); err != nil || again != v {
			tx.Rollback()
			if err != nil {
				return fmt.Errorf("migrate to %d: %w", v+1, err)
			}
			continue
		}
		if err := migrations[v](ctx, tx); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
	}
}
