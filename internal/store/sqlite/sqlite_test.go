package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestFTS5(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	rows, err := s.r.Query("PRAGMA compile_options")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var opt string
		if err := rows.Scan(&opt); err != nil {
			t.Fatal(err)
		}
		if opt == "ENABLE_FTS5" {
			return
		}
	}
	t.Fatal("SQLite is built without ENABLE_FTS5")
}

func TestEventMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	open := func(t *testing.T) store.Store {
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	storetest.EventMigration(t, open, func(t *testing.T) {
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("DROP TABLE events; PRAGMA user_version = 1"); err != nil {
			t.Fatal(err)
		}
	})
}
