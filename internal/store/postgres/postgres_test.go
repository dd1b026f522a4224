package postgres_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

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

func TestUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := postgres.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("Open(unreachable) = %v, want an error naming the server", err)
	}
}
