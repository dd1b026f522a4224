// Package postgres is the shared store.Store: PostgreSQL through pgx, for
// many workers on many machines writing to one store that the server
// reads. It keeps the same data and answers the same questions as
// store/sqlite; store/storetest checks both.
//
// Full-text search uses a stored tsvector per article and per quote,
// built with a text-search configuration for the document's language
// (dutch, english, german, french, spanish, italian, portuguese, russian,
// else simple). The configurations are newsgraph's own (ng_<lang>): the
// Snowball stemmer of the language without a stop-word list, so that every
// word of a query is required as in SQLite, behind the unaccent
// dictionary so that "Oekraine" finds "Oekraïne". Where the unaccent
// extension cannot be created, Go folds diacritics into a separate column
// that the tsvector is built from instead.
//
// Store-wide entities are resolved (package identity) under one
// transaction-scoped advisory lock, so that concurrent writers never
// create the same entity twice; the rest of a Put runs concurrently.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Store is a store.Store in a PostgreSQL database (or a schema of one,
// chosen with search_path in the DSN).
type Store struct {
	pool    *pgxpool.Pool
	aliases *identity.Aliases
	goFold  bool  // no unaccent: fold diacritics in Go into the fold columns
	lockKey int64 // advisory lock for entity resolution, one per schema
}

var _ store.Store = (*Store)(nil)

// ErrConnect marks an Open that failed because the server could not be
// reached (as opposed to a bad DSN or schema), which is worth retrying.
var ErrConnect = errors.New("cannot reach PostgreSQL")

// Options configures a Store.
type Options struct {
	Aliases *identity.Aliases // entity name aliases (see identity)
	// NoUnaccent folds diacritics in Go even where the unaccent
	// extension could be created. It matters only when the schema is
	// created, and exists for tests of that path.
	NoUnaccent bool
}

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; search_path may be set in it) and brings the schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return OpenOptions(ctx, dsn, Options{})
}

// OpenOptions is Open with options.
func OpenOptions(ctx context.Context, dsn string, opt Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err) // pgx redacts the password
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", dbName(cfg), err)
	}
	s := &Store{pool: pool, aliases: opt.Aliases}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			// The server answered: a wrong password or database name.
			return nil, fmt.Errorf("open postgres store %s: %w", dbName(cfg), err)
		}
		return nil, fmt.Errorf("open postgres store %s: %w: %w", dbName(cfg), ErrConnect, err)
	}
	if err := s.migrate(ctx, opt); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", dbName(cfg), err)
	}
	if err := pool.QueryRow(ctx, "SELECT value = 'go', hashtext('newsgraph entities ' || current_schema()) FROM ng_meta WHERE key = 'fold'").Scan(&s.goFold, &s.lockKey); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: read settings: %w", dbName(cfg), err)
	}
	return s, nil
}

// dbName names the database of cfg for messages, without the password.
func dbName(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("%s@%s:%d/%s", c.User, c.Host, c.Port, c.Database)
}

// BackendPID returns the server process id of one pooled connection, or
// 0; benchmarks use it to read the server's CPU time.
func (s *Store) BackendPID(ctx context.Context) int {
	var pid int
	if err := s.pool.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		return 0
	}
	return pid
}

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// langConfigs maps ISO 639-1 codes to PostgreSQL's Snowball languages;
// any other language uses ng_simple.
var langConfigs = map[string]string{
	"nl": "dutch", "en": "english", "de": "german", "fr": "french",
	"es": "spanish", "it": "italian", "pt": "portuguese", "ru": "russian",
}

// configOf returns the text-search configuration for lang.
func configOf(lang string) string {
	if _, ok := langConfigs[lang]; ok {
		return "ng_" + lang
	}
	return "ng_simple"
}

// allConfigs lists every configuration a document can have.
func allConfigs() []string {
	out := []string{"ng_simple"}
	for l := range langConfigs {
		out = append(out, "ng_"+l)
	}
	return out
}

// A migration brings the schema from one version to the next.
type migration func(ctx context.Context, tx pgx.Tx, opt Options) error

// migrations are applied in order, each once; ng_migrations records the
// versions done. Never edit one that has shipped: append a new one.
var migrations = []migration{
	migrateTextSearch,
	sqlMigration(schema1),
	// 3: claims, so that entity counts are added once per article.
	sqlMigration(`CREATE TABLE article_claims (
		id   text PRIMARY KEY,
		hash bytea NOT NULL UNIQUE,
		at   timestamptz NOT NULL DEFAULT now())`),
	// 4: events in a table of their own (see event.go), filled from the
	// extra JSON of the articles stored before.
	migrateEvents,
}

func sqlMigration(q string) migration {
	return func(ctx context.Context, tx pgx.Tx, _ Options) error {
		_, err := tx.Exec(ctx, q)
		return err
	}
}

// Advisory locks are database-wide: their keys are hashes of the schema
// (the first of search_path), so that stores in other schemas of one
// database do not wait for each other.
const lockMigrate = "SELECT pg_advisory_xact_lock(hashtext('newsgraph migrate ' || current_schema()))"

// migrate applies the migrations not yet applied, all under one advisory
// lock so that workers starting together migrate once.
func (s *Store) migrate(ctx context.Context, opt Options) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, lockMigrate); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS ng_migrations (
		version    integer PRIMARY KEY,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var v int
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM ng_migrations").Scan(&v); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this program's %d", v, len(migrations))
	}
	for ; v < len(migrations); v++ {
		if err := migrations[v](ctx, tx, opt); err != nil {
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO ng_migrations (version) VALUES ($1)", v+1); err != nil {
			return fmt.Errorf("migrate to %d: %w", v+1, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// migrateTextSearch creates the text-search configurations, with unaccent
// when the extension can be had, and records which way folding goes.
func migrateTextSearch(ctx context.Context, tx pgx.Tx, opt Options) error {
	unaccent := false
	if !opt.NoUnaccent {
		if _, err := tx.Exec(ctx, "SAVEPOINT unaccent"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS unaccent"); err == nil {
			unaccent = true
		} else if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT unaccent"); err != nil {
			return err
		}
	}
	fold := "unaccent"
	filter := ""
	if unaccent {
		// The extension may live in another schema than this store's
		// (the first one that created it): name its dictionary there.
		var schema string
		if err := tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
			WHERE e.extname = 'unaccent'`).Scan(&schema); err != nil {
			return fmt.Errorf("find unaccent: %w", err)
		}
		filter = pgx.Identifier{schema, "unaccent"}.Sanitize() + ", "
	} else {
		fold = "go"
	}
	var b strings.Builder
	b.WriteString(`CREATE TABLE ng_meta (key text PRIMARY KEY, value text NOT NULL);
`)
	fmt.Fprintf(&b, "INSERT INTO ng_meta VALUES ('fold', '%s');\n", fold)
	fmt.Fprintf(&b, `CREATE TEXT SEARCH CONFIGURATION ng_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION ng_simple ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH %ssimple;
`, filter)
	for lang, snowball := range langConfigs {
		fmt.Fprintf(&b, `CREATE TEXT SEARCH DICTIONARY ng_%[1]s_stem (TEMPLATE = snowball, Language = %[2]s);
CREATE TEXT SEARCH CONFIGURATION ng_%[1]s (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION ng_%[1]s ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH %[3]sng_%[1]s_stem;
`, lang, snowball, filter)
	}
	_, err := tx.Exec(ctx, b.String())
	return err
}

// schema1 is the first schema, the same tables as store/sqlite's with
// tsvector columns and GIN indexes in place of FTS5 tables. Dates compare
// byte-wise (COLLATE "C"), as store.DateUpper expects.
const schema1 = `
CREATE FUNCTION ng_tsvector(cfg text, body text) RETURNS tsvector
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	RETURN to_tsvector(cfg::regconfig, body);

-- ng_query ANDs the words, each through cfg (stemmed, unaccented).
CREATE FUNCTION ng_query(cfg text, terms text[]) RETURNS tsquery
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
	q tsquery;
	x tsquery;
	t text;
BEGIN
	FOREACH t IN ARRAY terms LOOP
		x := plainto_tsquery(cfg::regconfig, t);
		IF numnode(x) = 0 THEN
			CONTINUE;
		END IF;
		q := CASE WHEN q IS NULL THEN x ELSE q && x END;
	END LOOP;
	RETURN q;
END $$;

-- ng_prefix_query ANDs the words, each as a prefix, for folded names.
CREATE FUNCTION ng_prefix_query(terms text[]) RETURNS tsquery
	LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
	q tsquery;
	x tsquery;
	t text;
BEGIN
	FOREACH t IN ARRAY terms LOOP
		x := to_tsquery('simple', quote_literal(t) || ':*');
		IF numnode(x) = 0 THEN
			CONTINUE;
		END IF;
		q := CASE WHEN q IS NULL THEN x ELSE q && x END;
	END LOOP;
	RETURN q;
END $$;

CREATE TABLE articles (
	rid       bigserial PRIMARY KEY,
	id        text NOT NULL UNIQUE,
	hash      bytea NOT NULL UNIQUE,
	source    text NOT NULL,
	date      text COLLATE "C" NOT NULL,
	dateline  text NOT NULL,
	url       text NOT NULL,
	title     text NOT NULL,
	lang      text NOT NULL,
	text      text NOT NULL,
	nquotes   integer NOT NULL,
	nmentions integer NOT NULL,
	nevents   integer NOT NULL,
	extra     text NOT NULL, -- JSON: warnings, tone, events
	cfg       text NOT NULL, -- text-search configuration
	fold      text,          -- title and text folded in Go, when there is no unaccent
	tsv       tsvector GENERATED ALWAYS AS (ng_tsvector(cfg, coalesce(fold, title || E'\n' || text))) STORED
);
CREATE INDEX articles_date ON articles (date, rid);
CREATE INDEX articles_source ON articles (source, date);
CREATE INDEX articles_lang ON articles (lang, date);
CREATE INDEX articles_tsv ON articles USING gin (tsv);

CREATE TABLE entities (
	eid       bigserial PRIMARY KEY,
	name      text NOT NULL,
	fixed     boolean NOT NULL, -- name from the alias file
	type      text NOT NULL,
	kb        text NOT NULL,
	surname   text NOT NULL, -- persons of more than one word; else ''
	mentions  integer NOT NULL DEFAULT 0,
	articles  integer NOT NULL DEFAULT 0,
	quotes_by integer NOT NULL DEFAULT 0,
	names     text NOT NULL DEFAULT '', -- normalised names, for search
	names_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', names)) STORED
);
CREATE INDEX entities_mentions ON entities (mentions DESC, eid);
CREATE INDEX entities_type ON entities (type, mentions DESC, eid);
CREATE INDEX entities_surname ON entities (surname) WHERE surname != '';
CREATE INDEX entities_names ON entities USING gin (names_tsv);
CREATE TABLE entity_keys (
	key text PRIMARY KEY,
	eid bigint NOT NULL
);
CREATE TABLE entity_names (
	eid  bigint NOT NULL,
	name text COLLATE "C" NOT NULL,
	norm text NOT NULL,
	n    integer NOT NULL, -- times seen as the entity's name or a name mention
	best integer NOT NULL, -- times seen as the entity's name in an article
	PRIMARY KEY (eid, name)
);
CREATE INDEX entity_names_norm ON entity_names (norm);

CREATE TABLE article_entities (
	rid      bigint NOT NULL,
	ord      integer NOT NULL,
	eid      bigint NOT NULL,
	date     text COLLATE "C" NOT NULL,
	n        integer NOT NULL, -- mentions
	local    text NOT NULL,
	name     text NOT NULL,
	type     text NOT NULL,
	kb       text NOT NULL,
	kb_name  text NOT NULL,
	gender   text NOT NULL,
	mentions text NOT NULL, -- compact JSON, see storesql.EncodeMentions
	PRIMARY KEY (rid, ord)
);
CREATE INDEX article_entities_eid ON article_entities (eid, rid, date, n);

CREATE TABLE quotes (
	qrid    bigserial PRIMARY KEY,
	rid     bigint NOT NULL,
	ord     integer NOT NULL,
	date    text COLLATE "C" NOT NULL,
	speaker bigint, -- store-wide entity, or NULL
	content text NOT NULL,
	data    text NOT NULL, -- JSON of article.Quote without its content
	cfg     text NOT NULL,
	fold    text,
	tsv     tsvector GENERATED ALWAYS AS (ng_tsvector(cfg, coalesce(fold, content))) STORED
);
CREATE INDEX quotes_rid ON quotes (rid, ord);
CREATE INDEX quotes_speaker ON quotes (speaker, date, qrid) WHERE speaker IS NOT NULL;
CREATE INDEX quotes_date ON quotes (date, qrid);
CREATE INDEX quotes_tsv ON quotes USING gin (tsv);
CREATE TABLE quote_about (
	eid  bigint NOT NULL,
	qrid bigint NOT NULL,
	PRIMARY KEY (eid, qrid)
);
CREATE INDEX quote_about_qrid ON quote_about (qrid, eid);
`

// retryable reports whether a transaction failed only because of another
// one (deadlock, serialization) and can simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// clean makes a user's string safe to send as a text parameter:
// PostgreSQL rejects NUL bytes and invalid UTF-8.
func clean(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD")
}
