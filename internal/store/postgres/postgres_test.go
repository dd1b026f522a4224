package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/article"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/postgres/pgtest"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func open(t *testing.T, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, pgtest.Schema(t)) })
}

// TestConformanceGoFold runs the suite on a schema built without unaccent,
// where Go folds diacritics into the fold columns.
func TestConformanceGoFold(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := postgres.OpenOptions(t.Context(), pgtest.Schema(t), postgres.Options{NoUnaccent: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestStemming checks that each language's documents are found by other
// forms of their words, and that every query word is still required.
func TestStemming(t *testing.T) {
	for _, noUnaccent := range []bool{false, true} {
		s, err := postgres.OpenOptions(t.Context(), pgtest.Schema(t), postgres.Options{NoUnaccent: noUnaccent})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		docs := []*article.Article{
			{ID: "en", Lang: "en", Text: "The ministers were negotiating about the harbours."},
			{ID: "nl", Lang: "nl", Text: "De ministers onderhandelden over de havens van Rotterdam."},
			{ID: "de", Lang: "de", Text: "Die Gespräche der Minister über die Häfen dauerten lange."},
			{ID: "fr", Lang: "fr", Text: "Les négociations des ministres sur les ports continuent."},
			{ID: "xx", Lang: "sw", Text: "Mawaziri walijadiliana kuhusu bandari."},
		}
		for _, a := range docs {
			if _, err := s.Put(t.Context(), a); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			q    string
			want []string
		}{
			{"minister", []string{"de", "en", "nl"}},
			{"ministre", []string{"fr"}},
			{"negotiate", []string{"en"}},
			{"negociation", []string{"fr"}},
			{"havens Rotterdam", []string{"nl"}},
			{"Gespräch", []string{"de"}},
			{"gesprach hafen", []string{"de"}},
			{"harbour ministers", []string{"en"}},
			{"harbour Rotterdam", nil},
			{"the", []string{"en"}}, // no stop words: a word is a word
			{"bandari", []string{"xx"}},
			{"bandar", nil}, // simple: no stemming, no prefix
		}
		for _, tt := range tests {
			p, err := s.Search(t.Context(), store.Query{Text: tt.q})
			if err != nil {
				t.Errorf("Search(%q): %v", tt.q, err)
				continue
			}
			var got []string
			for _, h := range p.Hits {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("noUnaccent=%v: Search(%q) = %q, want %q", noUnaccent, tt.q, got, tt.want)
			}
		}
	}
}

// TestMigrateTwice opens one schema from several goroutines at once, as
// workers starting together do, then again: one migration, no error.
func TestMigrateTwice(t *testing.T) {
	dsn := pgtest.Schema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			s, err := postgres.Open(t.Context(), dsn)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
	}
	s := open(t, dsn)
	defer s.Close()
	if _, err := s.Put(t.Context(), &article.Article{ID: "a", Text: "x"}); err != nil {
		t.Fatal(err)
	}
}

func TestEventMigration(t *testing.T) {
	dsn := pgtest.Schema(t)
	storetest.EventMigration(t, func(t *testing.T) store.Store { return open(t, dsn) }, func(t *testing.T) {
		conn, err := pgx.Connect(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		for _, q := range []string{"DROP TABLE events", "DELETE FROM ng_migrations WHERE version = 4"} {
			if _, err := conn.Exec(t.Context(), q); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") || !errors.Is(err, postgres.ErrConnect) {
		t.Errorf("Open(unreachable) = %v, want ErrConnect naming the server", err)
	}
	if _, err := postgres.Open(ctx, "postgres://x@127.0.0.1:5432/db?sslmode=bogus"); err == nil || errors.Is(err, postgres.ErrConnect) {
		t.Errorf("Open(bad DSN) = %v, want an error that is not ErrConnect", err)
	}
	if pgtest.Available() == nil {
		_, err := postgres.Open(ctx, pgtest.DSN()+"&dbname=ng_no_such_database")
		if err == nil || errors.Is(err, postgres.ErrConnect) {
			t.Errorf("Open(missing database) = %v, want an error that is not ErrConnect", err)
		}
	}
}

// benchArticle is an extracted article of about 600 bytes with five
// entities (one shared by all articles, four of their own) and three quotes.
func benchArticle(i int) *article.Article {
	text := fmt.Sprintf("Mayor Anna Brandt%d of Utrecht%d met Pieter Janssen%d on Tuesday. "+
		"\"We will build the bridge %d,\" Brandt%d said. Janssen%d said the Harbour Board%d agreed. "+
		"\"It will cost money,\" said Lukas Novak.", i, i, i, i, i, i, i)
	a := &article.Article{ID: fmt.Sprintf("b-%d", i), Source: "Wire", Date: "2024-05-01", Lang: "en", Title: "Bridge", Text: text}
	ent := func(id, typ string, names ...string) {
		e := article.Entity{ID: id, Name: names[0], Type: typ}
		for _, n := range names {
			from := 0
			for {
				k := strings.Index(text[from:], n)
				if k < 0 {
					break
				}
				e.Mentions = append(e.Mentions, article.Mention{Start: from + k, End: from + k + len(n), Text: n, Kind: article.MentionName})
				from += k + len(n)
			}
		}
		a.Entities = append(a.Entities, e)
	}
	ent("e1", article.PER, fmt.Sprintf("Anna Brandt%d", i))
	ent("e2", article.LOC, fmt.Sprintf("Utrecht%d", i))
	ent("e3", article.PER, fmt.Sprintf("Pieter Janssen%d", i))
	ent("e4", article.ORG, fmt.Sprintf("Harbour Board%d", i))
	ent("e5", article.PER, "Lukas Novak")
	quote := func(id, content, speaker string) {
		k := strings.Index(text, content)
		a.Quotes = append(a.Quotes, article.Quote{ID: id, Kind: article.Direct, Content: content, Start: k, End: k + len(content),
			Speaker: article.Speaker{Entity: speaker, Name: a.EntityByID(speaker).Name, Type: article.PER}})
	}
	quote("q1", fmt.Sprintf("We will build the bridge %d,", i), "e1")
	quote("q2", "the Harbour Board", "e3")
	quote("q3", "It will cost money,", "e5")
	return a
}

// BenchmarkPut measures one writer's Put of extracted articles, on one
// connection, and reports the CPU time of that connection's server
// process per Put.
func BenchmarkPut(b *testing.B) {
	s, err := postgres.Open(b.Context(), pgtest.Schema(b)+"&pool_max_conns=1")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	pid := s.BackendPID(b.Context())
	cpu0 := processCPU(pid)
	i := 0
	var bytes int64
	b.ReportAllocs()
	for b.Loop() {
		a := benchArticle(i)
		bytes += int64(len(a.Text))
		if _, err := s.Put(b.Context(), a); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.SetBytes(bytes / int64(b.N))
	if cpu0 >= 0 && s.BackendPID(b.Context()) == pid {
		b.ReportMetric(float64(processCPU(pid)-cpu0)/1e6/float64(b.N), "server-cpu-ms/op")
	}
}

// processCPU returns the CPU time of process pid from /proc, or -1.
func processCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	var u, k int64
	fmt.Sscan(fields[11], &u)
	fmt.Sscan(fields[12], &k)
	return time.Duration(u+k) * 10 * time.Millisecond
}

// BenchmarkPutParallel measures Puts from 8 concurrent writers, as from
// several workers: entity resolution is serialised, the rest is not.
func BenchmarkPutParallel(b *testing.B) {
	s, err := postgres.Open(b.Context(), pgtest.Schema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var next atomic.Int64
	b.SetParallelism(4) // 4 × GOMAXPROCS writers
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.Put(context.Background(), benchArticle(int(next.Add(1)))); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func TestHasText(t *testing.T) {
	s := open(t, pgtest.Schema(t))
	defer s.Close()
	if _, err := s.Put(t.Context(), &article.Article{ID: "a", Text: "Één tekst."}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		text string
		want bool
	}{{"Één tekst.", true}, {"Een tekst.", false}, {"", false}} {
		got, err := s.HasText(t.Context(), tt.text)
		if err != nil || got != tt.want {
			t.Errorf("HasText(%q) = %v, %v; want %v", tt.text, got, err, tt.want)
		}
	}
}
