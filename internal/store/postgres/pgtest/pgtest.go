// Package pgtest gives tests a fresh PostgreSQL schema of their own on the
// server named by NEWSGRAPH_TEST_POSTGRES. Without a server the test is
// skipped, except under CI=true, where it fails.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultDSN is used when NEWSGRAPH_TEST_POSTGRES is not set.
const DefaultDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// DSN returns the server's DSN.
func DSN() string {
	if d := os.Getenv("NEWSGRAPH_TEST_POSTGRES"); d != "" {
		return d
	}
	return DefaultDSN
}

// Available reports why the server cannot be reached, or nil.
func Available() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, DSN())
	if err != nil {
		return fmt.Errorf("PostgreSQL at %s: %w", redact(DSN()), err)
	}
	return conn.Close(ctx)
}

// Schema creates a new empty schema, drops it in t.Cleanup, and returns a
// DSN whose search_path is that schema (then public, where extensions
// such as unaccent live).
func Schema(t testing.TB) string {
	t.Helper()
	dsn := DSN()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		msg := fmt.Sprintf("PostgreSQL unreachable at NEWSGRAPH_TEST_POSTGRES (%s): %v\n"+
			"start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", redact(dsn), err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	defer conn.Close(ctx)
	// unaccent in public, where every test schema finds it: created by a
	// store in its own schema, it would vanish with that schema while
	// others use it. A server without the extension tests the Go folding.
	conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
	b := make([]byte, 6)
	rand.Read(b)
	name := "ng_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatalf("create schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	return withSearchPath(dsn, name+",public")
}

func withSearchPath(dsn, path string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", path)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + path
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		return u.String()
	}
	return dsn
}
