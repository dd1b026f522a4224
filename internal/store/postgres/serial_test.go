package postgres

import (
	"fmt"
	"testing"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store/postgres/pgtest"
	"github.com/newsgraph/newsgraph/internal/store/storesql"
)

// BenchmarkResolveEntities measures the part of a Put that runs under the
// store-wide lock (entity resolution and counts): its time per document
// bounds the documents per second one store takes, however many workers
// write to it.
func BenchmarkResolveEntities(b *testing.B) {
	s, err := Open(b.Context(), pgtest.Schema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	i := 0
	for b.Loop() {
		text := fmt.Sprintf("Anna Brandt%d met Pieter Janssen%d in Utrecht%d. Lukas Novak agreed with the Harbour Board%d.", i, i, i, i)
		a := &article.Article{ID: fmt.Sprint(i), Source: "Wire", Date: "2024-05-01", Text: text}
		for k, n := range []string{fmt.Sprintf("Anna Brandt%d", i), fmt.Sprintf("Pieter Janssen%d", i), fmt.Sprintf("Utrecht%d", i), "Lukas Novak", fmt.Sprintf("Harbour Board%d", i)} {
			typ := []string{article.PER, article.PER, article.LOC, article.PER, article.ORG}[k]
			var start int
			fmt.Sscan("0", &start)
			for j := 0; j+len(n) <= len(text); j++ {
				if text[j:j+len(n)] == n {
					start = j
					break
				}
			}
			a.Entities = append(a.Entities, article.Entity{ID: fmt.Sprintf("e%d", k+1), Name: n, Type: typ,
				Mentions: []article.Mention{{Start: start, End: start + len(n), Text: n, Kind: article.MentionName}}})
		}
		if _, err := s.resolveEntities(b.Context(), a, storesql.Hash(a.Text)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
