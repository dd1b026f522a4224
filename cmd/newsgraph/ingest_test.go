package main

import (
	"bytes"
	"errors"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
)

// TestIngest ingests testdata/ingest twice: three documents, an empty file
// and a JSONL line that is not JSON. The first run adds three and reports
// two failures by name; the second adds nothing.
func TestIngest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "news.db")
	args := []string{"ingest", "--db", db, "--aliases", "testdata/ingest-aliases.tsv", "--workers", "2", "testdata/ingest"}
	runIngest := func() string {
		t.Helper()
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, log: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelError}))}
		err := run(t.Context(), e, args)
		if !errors.Is(err, errSome) {
			t.Fatalf("ingest error = %v, want errSome; stderr:\n%s", err, errb.String())
		}
		return out.String()
	}
	summary := regexp.MustCompile(`(?m)^ingest: (\d+) added, (\d+) skipped as already stored, (\d+) failed in \S+ \([\d.]+ docs/s\)$`)
	failures := []string{
		"failed: testdata/ingest/empty.txt: empty document",
		"failed: testdata/ingest/more.jsonl:2: not a JSON object",
	}
	for i, want := range [][]string{{"3", "0", "2"}, {"0", "3", "2"}} {
		out := runIngest()
		m := summary.FindStringSubmatch(out)
		if m == nil || m[1] != want[0] || m[2] != want[1] || m[3] != want[2] {
			t.Errorf("run %d: summary %q, want %s added, %s skipped, %s failed:\n%s", i+1, m, want[0], want[1], want[2], out)
		}
		for _, f := range failures {
			if !strings.Contains(out, f) {
				t.Errorf("run %d: output lacks %q:\n%s", i+1, f, out)
			}
		}
		if !strings.Contains(out, "store: 3 documents,") {
			t.Errorf("run %d: output lacks the store's 3 documents:\n%s", i+1, out)
		}
	}

	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	for _, id := range []string{"nl-one", "en-two", "jsonl-one"} {
		if ok, err := s.Has(ctx, id); err != nil || !ok {
			t.Errorf("Has(%s) = %v, %v; want true", id, ok, err)
		}
	}
	p, err := s.Search(ctx, store.Query{Text: "leraar"})
	if err != nil || p.Total != 1 || p.Hits[0].ID != "nl-one" {
		t.Errorf("Search(leraar) = %+v, %v; want nl-one", p, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 3 || st.Langs["nl"] != 1 || st.Langs["en"] != 2 {
		t.Errorf("Stats = %+v, want 3 documents: 1 nl, 2 en", st)
	}
	// The alias file gives the minister her full married name, which no
	// article uses.
	ids, err := s.ResolveEntity(ctx, "Anna de Wit-Bakker")
	if err != nil || len(ids) != 1 {
		t.Fatalf("ResolveEntity(Anna de Wit-Bakker) = %v, %v; want one id", ids, err)
	}
	ent, err := s.Entity(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if ent.Name != "Anna de Wit-Bakker" || ent.Articles != 1 || ent.Entity.QuotesBy != 1 {
		t.Errorf("Entity(Anna de Wit-Bakker) = %q in %d articles with %d quotes; want the alias's name, 1 article, 1 quote",
			ent.Name, ent.Articles, ent.Entity.QuotesBy)
	}
}

func TestIngestUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ingest", "testdata/ingest"}, "-db is required"},
		{[]string{"ingest", "--db", filepath.Join(t.TempDir(), "x.db")}, "no inputs"},
		{[]string{"ingest", "--db", filepath.Join(t.TempDir(), "x.db"), "--aliases", "testdata/no-such.tsv", "testdata/ingest"}, "no-such.tsv"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		e := &env{stdout: &out, stderr: &errb, log: slog.New(slog.DiscardHandler)}
		err := run(t.Context(), e, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) error = %v, want one mentioning %q", tt.args, err, tt.want)
		}
	}
}
