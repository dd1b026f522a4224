// Package storetest is the conformance suite that every store.Store
// implementation passes: call Run from the implementation's tests with a
// function that opens a fresh, empty store.
//
// The suite builds articles by hand (entities, mentions, quotes, events),
// so it checks store behaviour independently of extraction quality.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Run runs the conformance suite. open returns a new empty store for each
// call; Run closes it (and open may register its own t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	fresh := func(t *testing.T) store.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	}

	t.Run("PutIdempotent", func(t *testing.T) { testPutIdempotent(t, fresh(t)) })
	t.Run("PutInvalid", func(t *testing.T) { testPutInvalid(t, fresh(t)) })
	t.Run("PutConcurrent", func(t *testing.T) { testPutConcurrent(t, fresh(t)) })
	t.Run("Identity", func(t *testing.T) { testIdentity(t, fresh(t)) })
	t.Run("Empty", func(t *testing.T) { testEmpty(t, fresh(t)) })
	t.Run("UndatedEvents", func(t *testing.T) { testUndatedEvents(t, fresh(t)) })

	// The read tests share one store holding the fixture.
	s := fresh(t)
	docs := fixture()
	ctx := t.Context()
	for _, a := range docs {
		added, err := s.Put(ctx, clone(a))
		if err != nil {
			t.Fatalf("Put(%s): %v", a.ID, err)
		}
		if !added {
			t.Fatalf("Put(%s) = false on an empty store, want true", a.ID)
		}
	}
	f := &fix{s: s, docs: docs}
	f.ids = map[string]string{}
	for _, name := range []string{"Volodymyr Zelensky", "Vladimir Poetin", "Kyiv", "Emmanuel Macron", "Élisabeth Borne", "Joe Biden", "Olaf Scholz"} {
		ids, err := s.ResolveEntity(ctx, name)
		if err != nil || len(ids) != 1 {
			t.Fatalf("ResolveEntity(%q) = %v, %v; want one id", name, ids, err)
		}
		f.ids[name] = ids[0]
	}
	a, err := s.Article(ctx, "en-1")
	if err != nil {
		t.Fatalf("Article(en-1): %v", err)
	}
	f.ids["NATO"] = a.Entities[1].KB

	t.Run("Has", f.testHas)
	t.Run("ArticleRoundTrip", f.testArticle)
	t.Run("Search", f.testSearch)
	t.Run("SearchPaging", f.testSearchPaging)
	t.Run("SearchHostile", f.testHostile)
	t.Run("BadQuery", f.testBadQuery)
	t.Run("Quotes", f.testQuotes)
	t.Run("Entities", f.testEntities)
	t.Run("Entity", f.testEntity)
	t.Run("ResolveEntity", f.testResolve)
	t.Run("Network", f.testNetwork)
	t.Run("Events", f.testEvents)
	t.Run("EventTimeline", f.testEventTimeline)
	t.Run("EventPartners", f.testEventPartners)
	t.Run("EventsBadQuery", f.testEventsBadQuery)
	t.Run("Stats", f.testStats)
	t.Run("NotFound", f.testNotFound)
}

// fix is the shared, read-only fixture store.
type fix struct {
	s    store.Store
	docs []*article.Article
	ids  map[string]string // entity name → store-wide id
}

func clone(a *article.Article) *article.Article {
	b := *a
	b.Entities = slices.Clone(a.Entities)
	for i := range b.Entities {
		b.Entities[i].Mentions = slices.Clone(a.Entities[i].Mentions)
	}
	b.Quotes = slices.Clone(a.Quotes)
	for i := range b.Quotes {
		b.Quotes[i].About = slices.Clone(a.Quotes[i].About)
	}
	b.Events = slices.Clone(a.Events)
	b.Warnings = slices.Clone(a.Warnings)
	return &b
}

func put(t *testing.T, s store.Store, a *article.Article) bool {
	t.Helper()
	added, err := s.Put(t.Context(), clone(a))
	if err != nil {
		t.Fatalf("Put(%s): %v", a.ID, err)
	}
	return added
}

func stats(t *testing.T, s store.Store) store.Stats {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func testPutIdempotent(t *testing.T, s store.Store) {
	docs := fixture()
	if !put(t, s, docs[0]) {
		t.Fatalf("first Put(%s) = false, want true", docs[0].ID)
	}
	before := stats(t, s)
	if put(t, s, docs[0]) {
		t.Errorf("second Put(%s) = true, want false", docs[0].ID)
	}
	copyOf := clone(docs[0])
	copyOf.ID = "nl-1-copy"
	if put(t, s, copyOf) {
		t.Errorf("Put of the same text under id %s = true, want false", copyOf.ID)
	}
	if ok, err := s.Has(t.Context(), copyOf.ID); err != nil || ok {
		t.Errorf("Has(%s) = %v, %v after a duplicate text; want false", copyOf.ID, ok, err)
	}
	if diff := cmp.Diff(before, stats(t, s)); diff != "" {
		t.Errorf("Stats changed by duplicate Puts (-before +after):\n%s", diff)
	}
	other := clone(docs[1])
	if !put(t, s, other) {
		t.Errorf("Put(%s) = false, want true", other.ID)
	}
	if got := stats(t, s).Documents; got != 2 {
		t.Errorf("Stats.Documents = %d, want 2", got)
	}
}

func testPutInvalid(t *testing.T, s store.Store) {
	ctx := t.Context()
	good := fixture()[1]
	tests := []struct {
		name string
		edit func(a *article.Article)
	}{
		{"no id", func(a *article.Article) { a.ID = "" }},
		{"mention past end", func(a *article.Article) {
			a.Entities[0].Mentions[0].End = len(a.Text) + 5
		}},
		{"negative mention", func(a *article.Article) {
			a.Entities[0].Mentions[0].Start = -1
		}},
		{"quote span reversed", func(a *article.Article) {
			a.Quotes[0].Start, a.Quotes[0].End = a.Quotes[0].End, a.Quotes[0].Start
		}},
		{"quote past end", func(a *article.Article) { a.Quotes[0].End = len(a.Text) + 1 }},
		{"event past end", func(a *article.Article) { a.Events[0].Sentence.End = len(a.Text) + 1 }},
		{"event trigger reversed", func(a *article.Article) {
			a.Events[0].TriggerAt.Start, a.Events[0].TriggerAt.End = a.Events[0].TriggerAt.End, a.Events[0].TriggerAt.Start
		}},
	}
	for _, tt := range tests {
		a := clone(good)
		a.ID = "bad-" + strings.ReplaceAll(tt.name, " ", "-")
		a.Text += " " + tt.name // a distinct text hash
		tt.edit(a)
		added, err := s.Put(ctx, a)
		if err == nil || added {
			t.Errorf("%s: Put = %v, %v; want an error", tt.name, added, err)
		}
		if a.ID != "" {
			if ok, err := s.Has(ctx, a.ID); err != nil || ok {
				t.Errorf("%s: Has(%s) = %v, %v after a failed Put; want false", tt.name, a.ID, ok, err)
			}
		}
	}
	// The store goes on after bad input.
	if !put(t, s, good) {
		t.Errorf("Put(%s) after bad input = false, want true", good.ID)
	}
	if st := stats(t, s); st.Documents != 1 || st.Quotes != len(good.Quotes) {
		t.Errorf("Stats = %d documents, %d quotes; want 1, %d", st.Documents, st.Quotes, len(good.Quotes))
	}
}

func testPutConcurrent(t *testing.T, s store.Store) {
	a := fixture()[0]
	const n = 8
	var wg sync.WaitGroup
	added := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			b := clone(a)
			if i%2 == 1 {
				b.ID = fmt.Sprintf("%s-dup%d", a.ID, i) // same text, other id
			}
			added[i], errs[i] = s.Put(context.Background(), b)
		})
	}
	wg.Wait()
	count := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("concurrent Put %d: %v", i, errs[i])
		}
		if added[i] {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d of %d concurrent Puts of one text reported added, want 1", count, n)
	}
	st := stats(t, s)
	if st.Documents != 1 || st.Quotes != len(a.Quotes) || st.Mentions != mentions(a) {
		t.Errorf("after concurrent Puts: %d documents, %d quotes, %d mentions; want 1, %d, %d",
			st.Documents, st.Quotes, st.Mentions, len(a.Quotes), mentions(a))
	}
}

func mentions(docs ...*article.Article) int {
	n := 0
	for _, a := range docs {
		for _, e := range a.Entities {
			n += len(e.Mentions)
		}
	}
	return n
}

// testIdentity checks how articles' entities map to store-wide entities:
// by normalised name and type, by KB id across names, and a lone surname
// joined to the one person of that surname in the same source, or kept
// apart when two persons share it.
func testIdentity(t *testing.T, s store.Store) {
	ctx := t.Context()
	docs := []*article.Article{
		newDoc("id-1", "Wire", "2023-05-01", "en", "",
			"Dr. Ana María López met Anne Kaiser and Tom Kaiser in Lyon. López spoke first.").
			entity("e1", "Dr. Ana María López", article.PER, "", "Dr. Ana María López", "López").
			entity("e2", "Anne Kaiser", article.PER, "").
			entity("e3", "Tom Kaiser", article.PER, "").
			entity("e4", "Lyon", article.LOC, "").a,
		// Case, accents and titles differ: the same person.
		newDoc("id-2", "Wire", "2023-05-02", "en", "", "ANA MARIA LOPEZ visited Lyon again.").
			entity("e1", "ANA MARIA LOPEZ", article.PER, "").
			entity("e2", "Lyon", article.LOC, "").a,
		// A lone surname with one match in this source: joined.
		newDoc("id-3", "Wire", "2023-05-03", "en", "", "Lopez said nothing new.").
			entity("e1", "Lopez", article.PER, "").a,
		// A lone surname shared by two persons of this source: kept apart.
		newDoc("id-4", "Wire", "2023-05-03", "en", "", "Kaiser said nothing new.").
			entity("e1", "Kaiser", article.PER, "").a,
		// A lone surname in another source: kept apart.
		newDoc("id-5", "Gazette", "2023-05-03", "en", "", "López wrote a letter.").
			entity("e1", "López", article.PER, "").a,
		// Same name, other type: another entity.
		newDoc("id-6", "Wire", "2023-05-04", "en", "", "Lyon won the match against Paris.").
			entity("e1", "Lyon", article.ORG, "").a,
		// Linked entities join across names and languages.
		newDoc("id-7", "Wire", "2023-05-05", "de", "", "Die Vereinten Nationen tagten.").
			entity("e1", "Vereinten Nationen", article.ORG, "Q1065").a,
		newDoc("id-8", "Wire", "2023-05-05", "fr", "", "Les Nations unies ont siégé.").
			entity("e1", "Nations unies", article.ORG, "Q1065").a,
	}
	for _, a := range docs {
		put(t, s, a)
	}
	kb := func(id string, i int) string {
		t.Helper()
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatalf("Article(%s): %v", id, err)
		}
		if a.Entities[i].KB == "" {
			t.Fatalf("Article(%s).Entities[%d].KB is empty, want a store-wide id", id, i)
		}
		return a.Entities[i].KB
	}
	lopez, anne, tom, lyon := kb("id-1", 0), kb("id-1", 1), kb("id-1", 2), kb("id-1", 3)
	tests := []struct {
		name string
		got  string
		same string
		diff []string
	}{
		{"normalised name", kb("id-2", 0), lopez, nil},
		{"same place", kb("id-2", 1), lyon, nil},
		{"unique surname in source", kb("id-3", 0), lopez, nil},
		{"ambiguous surname", kb("id-4", 0), "", []string{anne, tom}},
		{"surname in other source", kb("id-5", 0), "", []string{lopez}},
		{"other type", kb("id-6", 0), "", []string{lyon}},
		{"kb across languages", kb("id-8", 0), kb("id-7", 0), nil},
	}
	for _, tt := range tests {
		if tt.same != "" && tt.got != tt.same {
			t.Errorf("%s: store-wide id %q, want %q", tt.name, tt.got, tt.same)
		}
		if slices.Contains(tt.diff, tt.got) {
			t.Errorf("%s: store-wide id %q, want one apart from %q", tt.name, tt.got, tt.diff)
		}
	}
	if anne == tom {
		t.Errorf("Anne Kaiser and Tom Kaiser share id %q", anne)
	}
	p, err := s.Entity(ctx, lopez)
	if err != nil {
		t.Fatalf("Entity(%s): %v", lopez, err)
	}
	if p.Articles != 3 || p.Mentions != 4 || p.Type != article.PER {
		t.Errorf("Entity(López) = %d articles, %d mentions, type %s; want 3, 4, PER", p.Articles, p.Mentions, p.Type)
	}
	for _, n := range []string{"Ana María López", "ANA MARIA LOPEZ", "López"} {
		if !slices.Contains(p.Names, n) && !slices.Contains(p.Names, "Dr. "+n) {
			t.Errorf("Entity(López).Names = %q, want it to hold %q", p.Names, n)
		}
	}
}

func testEmpty(t *testing.T, s store.Store) {
	ctx := t.Context()
	st := stats(t, s)
	if st.Documents != 0 || st.Quotes != 0 || st.Entities != 0 {
		t.Errorf("Stats of an empty store = %+v", st)
	}
	if p, err := s.Search(ctx, store.Query{Text: "anything"}); err != nil || p.Total != 0 || len(p.Hits) != 0 {
		t.Errorf("Search on an empty store = %+v, %v", p, err)
	}
	if p, err := s.Search(ctx, store.Query{}); err != nil || p.Total != 0 {
		t.Errorf("Search{} on an empty store = %+v, %v", p, err)
	}
	if p, err := s.Quotes(ctx, store.Query{}); err != nil || p.Total != 0 {
		t.Errorf("Quotes{} on an empty store = %+v, %v", p, err)
	}
	if p, err := s.Entities(ctx, store.Query{}); err != nil || p.Total != 0 {
		t.Errorf("Entities{} on an empty store = %+v, %v", p, err)
	}
	if n, err := s.Network(ctx, store.NetworkQuery{}); err != nil || len(n.Nodes) != 0 {
		t.Errorf("Network{} on an empty store = %+v, %v", n, err)
	}
	if p, err := s.Events(ctx, store.EventQuery{}); err != nil || p.Total != 0 || p.Hits == nil {
		t.Errorf("Events{} on an empty store = %+v, %v; want an empty page", p, err)
	}
	if d, err := s.EventTimeline(ctx, store.EventQuery{}); err != nil || d == nil || len(d) != 0 {
		t.Errorf("EventTimeline{} on an empty store = %+v, %v; want none", d, err)
	}
}

func (f *fix) testHas(t *testing.T) {
	for _, tt := range []struct {
		id   string
		want bool
	}{{"nl-1", true}, {"filler-00", true}, {"nl-1-copy", false}, {"", false}, {"NL-1", false}} {
		got, err := f.s.Has(t.Context(), tt.id)
		if err != nil || got != tt.want {
			t.Errorf("Has(%q) = %v, %v; want %v", tt.id, got, err, tt.want)
		}
	}
}

func (f *fix) testArticle(t *testing.T) {
	ctx := t.Context()
	for _, want := range f.docs[:4] {
		got, err := f.s.Article(ctx, want.ID)
		if err != nil {
			t.Fatalf("Article(%s): %v", want.ID, err)
		}
		opts := cmp.Options{
			cmpopts.EquateEmpty(),
			cmpopts.IgnoreFields(article.Entity{}, "KB", "KBName"),
			cmpopts.IgnoreFields(article.Article{}, "Paragraphs", "Sentences", "Tokens"),
		}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("Article(%s) round trip (-put +got):\n%s", want.ID, diff)
		}
		for _, e := range got.Entities {
			p, err := f.s.Entity(ctx, e.KB)
			if err != nil {
				t.Errorf("Article(%s) entity %s: Entity(%q): %v", want.ID, e.ID, e.KB, err)
				continue
			}
			if e.KBName != p.Name {
				t.Errorf("Article(%s) entity %s: KBName %q, want the store-wide name %q", want.ID, e.ID, e.KBName, p.Name)
			}
		}
	}
	nl, _ := f.s.Article(ctx, "nl-1")
	en, _ := f.s.Article(ctx, "en-1")
	if nl.Entities[3].KB != en.Entities[1].KB {
		t.Errorf("NAVO and NATO (same KB) have store-wide ids %q and %q, want one", nl.Entities[3].KB, en.Entities[1].KB)
	}
	if nl.Entities[4].KB != en.Entities[0].KB {
		t.Errorf("Volodymyr Zelensky in two articles has ids %q and %q, want one", nl.Entities[4].KB, en.Entities[0].KB)
	}
}

func ids(hits []store.ArticleHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func (f *fix) testSearch(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name string
		q    store.Query
		want []string
	}{
		{"folded query", store.Query{Text: "Oekraine"}, []string{"nl-1"}},
		{"accented query", store.Query{Text: "oekraïne"}, []string{"nl-1"}},
		{"upper case", store.Query{Text: "ZELENSKY"}, []string{"en-1", "nl-1"}},
		{"no spurious match", store.Query{Text: "Kiew"}, nil},
		{"words anded", store.Query{Text: "Zelensky NATO"}, []string{"en-1"}},
		{"title words", store.Query{Text: "trifft"}, []string{"de-1"}},
		{"accent in text", store.Query{Text: "elisabeth"}, []string{"fr-1"}},
		{"lang", store.Query{Text: "Zelensky", Lang: "en"}, []string{"en-1"}},
		{"source", store.Query{Text: "Zelensky", Source: "NOS"}, []string{"nl-1"}},
		{"source exact", store.Query{Text: "Zelensky", Source: "nos"}, nil},
		{"from day", store.Query{Text: "Zelensky", From: "2023-03-15"}, []string{"en-1"}},
		{"to day", store.Query{Text: "Zelensky", To: "2023-03-14"}, []string{"nl-1"}},
		{"month range", store.Query{From: "2023-04", To: "2023-04"}, []string{"de-1", "fr-1"}},
		{"year to", store.Query{Source: "Filler", To: "2021"}, nil},
		{"about", store.Query{About: []string{f.ids["Volodymyr Zelensky"]}}, []string{"en-1", "nl-1"}},
		{"about any of", store.Query{About: []string{f.ids["Olaf Scholz"], f.ids["Élisabeth Borne"]}}, []string{"de-1", "fr-1"}},
		{"about and text", store.Query{Text: "Paris", About: []string{f.ids["Emmanuel Macron"]}}, []string{"fr-1"}},
		{"about unknown", store.Query{About: []string{"no-such-entity"}}, nil},
	}
	for _, tt := range tests {
		p, err := f.s.Search(ctx, tt.q)
		if err != nil {
			t.Errorf("%s: Search(%+v): %v", tt.name, tt.q, err)
			continue
		}
		if diff := cmp.Diff(tt.want, ids(p.Hits), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: Search(%+v) ids (-want +got):\n%s", tt.name, tt.q, diff)
		}
		if p.Total != len(tt.want) {
			t.Errorf("%s: Search(%+v).Total = %d, want %d", tt.name, tt.q, p.Total, len(tt.want))
		}
	}

	p, err := f.s.Search(ctx, store.Query{Text: "Oekraïne"})
	if err != nil || len(p.Hits) != 1 {
		t.Fatalf("Search(Oekraïne) = %+v, %v", p, err)
	}
	h := p.Hits[0]
	want := store.ArticleHit{ID: "nl-1", Title: "Poetin over Oekraïne", Source: "NOS", Date: "2023-03-14",
		Lang: "nl", URL: "https://example.org/nl-1", Quotes: 2}
	if diff := cmp.Diff(want, h, cmpopts.IgnoreFields(store.ArticleHit{}, "Snippet")); diff != "" {
		t.Errorf("Search(Oekraïne) hit (-want +got):\n%s", diff)
	}
	if !strings.Contains(h.Snippet, "Oekraïne") || strings.ContainsAny(h.Snippet, "<>") {
		t.Errorf("Search(Oekraïne) snippet %q, want plain text around the match", h.Snippet)
	}
}

func (f *fix) testSearchPaging(t *testing.T) {
	ctx := t.Context()
	var seen []string
	for off := 0; off < numFillers+10; off += 10 {
		p, err := f.s.Search(ctx, store.Query{Text: "weather", Limit: 10, Offset: off})
		if err != nil {
			t.Fatalf("Search(weather, offset %d): %v", off, err)
		}
		if p.Total != numFillers {
			t.Errorf("Search(weather, offset %d).Total = %d, want %d", off, p.Total, numFillers)
		}
		if want := min(10, max(0, numFillers-off)); len(p.Hits) != want {
			t.Errorf("Search(weather, offset %d) = %d hits, want %d", off, len(p.Hits), want)
		}
		for _, h := range p.Hits {
			seen = append(seen, h.ID)
		}
	}
	slices.Sort(seen)
	if n := len(slices.Compact(seen)); n != numFillers || len(seen) != numFillers {
		t.Errorf("paging saw %d ids (%d distinct), want each of %d once", len(seen), n, numFillers)
	}
	// Without text, latest first.
	p, err := f.s.Search(ctx, store.Query{Source: "Filler", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(p.Hits), []string{"filler-22", "filler-23", "filler-24"}; !slices.Equal(got, want) || p.Hits[0].ID != "filler-24" {
		t.Errorf("Search(source Filler, limit 3) = %v, want %v latest first", p.Hits, want)
	}
	if p.Total != numFillers {
		t.Errorf("Search(source Filler).Total = %d, want %d", p.Total, numFillers)
	}
	p, err = f.s.Search(ctx, store.Query{Limit: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hits) != min(len(f.docs), store.MaxLimit) || p.Total != len(f.docs) {
		t.Errorf("Search(limit 10000) = %d hits of %d, want %d of %d", len(p.Hits), p.Total, min(len(f.docs), store.MaxLimit), len(f.docs))
	}
	p, err = f.s.Search(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hits) != store.DefaultLimit {
		t.Errorf("Search{} = %d hits, want the default %d", len(p.Hits), store.DefaultLimit)
	}
}

// hostile are query strings that must neither fail as an internal error
// nor reach the engine's query syntax.
var hostile = []string{
	`"`, `""`, `*`, `Zelensky*`, `NEAR(`, `NEAR(Zelensky NATO)`, `'; DROP TABLE articles; --`,
	`Zelensky OR`, `AND`, `NOT Zelensky`, `(`, `)`, `^Zelensky`, `title:Zelensky`, `{text}: x`,
	`a"b`, `\`, `%`, `_`, `Zel%`, "\x00", "\xff\xfe", `-`, `+`, `:`, `e1`, strings.Repeat("z ", 300),
}

func (f *fix) testHostile(t *testing.T) {
	ctx := t.Context()
	for _, q := range hostile {
		p, err := f.s.Search(ctx, store.Query{Text: q})
		if err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Search(%q): %v, want results or ErrInvalid", q, err)
		}
		if err == nil && p.Total > 2 {
			t.Errorf("Search(%q).Total = %d: operators must not widen the match", q, p.Total)
		}
		if _, err := f.s.Quotes(ctx, store.Query{Text: q}); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Quotes(%q): %v, want results or ErrInvalid", q, err)
		}
		if _, err := f.s.Entities(ctx, store.Query{Text: q}); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Entities(%q): %v, want results or ErrInvalid", q, err)
		}
		if _, err := f.s.ResolveEntity(ctx, q); err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ResolveEntity(%q): %v, want ids, ErrNotFound or ErrInvalid", q, err)
		}
		if _, err := f.s.Entity(ctx, q); err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Entity(%q): %v, want ErrNotFound", q, err)
		}
	}
	// Operators are words to match, never syntax.
	for _, q := range []string{`Zelensky OR Poetin`, `"Zelensky" OR "Poetin"`, `Zelensky NOT Poetin`} {
		p, err := f.s.Search(ctx, store.Query{Text: q})
		if err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Search(%q): %v", q, err)
		}
		if p.Total != 0 {
			t.Errorf("Search(%q).Total = %d, want 0: OR and NOT are words no article has", q, p.Total)
		}
	}
	if st := stats(t, f.s); st.Documents != len(f.docs) {
		t.Errorf("after hostile queries: %d documents, want %d", st.Documents, len(f.docs))
	}
}

func (f *fix) testBadQuery(t *testing.T) {
	ctx := t.Context()
	bad := []store.Query{
		{From: "yesterday"}, {To: "2023-3-1"}, {From: "2023-03-14T00:00"}, {Limit: -1}, {Offset: -5},
		{Offset: store.MaxOffset + 1},
	}
	for _, q := range bad {
		if _, err := f.s.Search(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Search(%+v) error = %v, want ErrInvalid", q, err)
		}
		if _, err := f.s.Quotes(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Quotes(%+v) error = %v, want ErrInvalid", q, err)
		}
	}
	for _, q := range []store.Query{{Limit: -1}, {Offset: -1}} {
		if _, err := f.s.Entities(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Entities(%+v) error = %v, want ErrInvalid", q, err)
		}
	}
}

func quoteKeys(hits []store.QuoteHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ArticleID+"/"+h.ID)
	}
	slices.Sort(out)
	return out
}

func (f *fix) testQuotes(t *testing.T) {
	ctx := t.Context()
	zel, nato := f.ids["Volodymyr Zelensky"], f.ids["NATO"]
	tests := []struct {
		name string
		q    store.Query
		want []string
	}{
		{"text", store.Query{Text: "grateful"}, []string{"en-1/q1"}},
		{"folded text", store.Query{Text: "oekraine"}, []string{"nl-1/q2"}},
		{"text only in content", store.Query{Text: "Moskou"}, nil},
		{"speaker", store.Query{Speaker: []string{zel}}, []string{"en-1/q1", "nl-1/q2"}},
		{"about", store.Query{About: []string{nato}}, []string{"en-1/q1", "nl-1/q1"}},
		{"speaker and about", store.Query{Speaker: []string{zel}, About: []string{nato}}, []string{"en-1/q1"}},
		{"about person", store.Query{About: []string{f.ids["Joe Biden"]}}, []string{"en-1/q1"}},
		{"speaker and lang", store.Query{Speaker: []string{zel}, Lang: "nl"}, []string{"nl-1/q2"}},
		{"source", store.Query{Source: "Tagesschau"}, []string{"de-1/q1", "de-1/q2"}},
		{"dates", store.Query{From: "2023-04-01", To: "2023-04-30"}, []string{"de-1/q1", "de-1/q2", "fr-1/q1", "fr-1/q2"}},
		{"text and speaker", store.Query{Text: "Ukraine", Speaker: []string{f.ids["Emmanuel Macron"]}}, []string{"fr-1/q1"}},
		{"all", store.Query{}, []string{"de-1/q1", "de-1/q2", "en-1/q1", "en-1/q2", "fr-1/q1", "fr-1/q2", "nl-1/q1", "nl-1/q2"}},
	}
	for _, tt := range tests {
		p, err := f.s.Quotes(ctx, tt.q)
		if err != nil {
			t.Errorf("%s: Quotes(%+v): %v", tt.name, tt.q, err)
			continue
		}
		if diff := cmp.Diff(tt.want, quoteKeys(p.Hits), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: Quotes(%+v) (-want +got):\n%s", tt.name, tt.q, diff)
		}
		if p.Total != len(tt.want) {
			t.Errorf("%s: Quotes(%+v).Total = %d, want %d", tt.name, tt.q, p.Total, len(tt.want))
		}
	}

	p, err := f.s.Quotes(ctx, store.Query{Speaker: []string{zel}})
	if err != nil || len(p.Hits) != 2 {
		t.Fatalf("Quotes(speaker Zelensky) = %+v, %v", p, err)
	}
	if p.Hits[0].ArticleID != "en-1" {
		t.Errorf("Quotes(speaker Zelensky) starts with %s, want the latest, en-1", p.Hits[0].ArticleID)
	}
	want := store.QuoteHit{
		Quote: f.docs[1].Quotes[0], ArticleID: "en-1", ArticleTitle: "Zelensky thanks NATO",
		Source: "Reuters", Date: "2023-03-15", Lang: "en", SpeakerID: zel,
	}
	if diff := cmp.Diff(want, p.Hits[0], cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Quotes(speaker Zelensky) first hit (-want +got):\n%s", diff)
	}
	p, err = f.s.Quotes(ctx, store.Query{Source: "Tagesschau", Text: "Gespräche"})
	if err != nil || len(p.Hits) != 1 {
		t.Fatalf("Quotes(Gespräche) = %+v, %v", p, err)
	}
	if h := p.Hits[0]; h.SpeakerID != "" || h.Speaker.Type != article.UNNAMED {
		t.Errorf("unnamed speaker: SpeakerID %q, type %q; want \"\", UNNAMED", h.SpeakerID, h.Speaker.Type)
	}
	p, err = f.s.Quotes(ctx, store.Query{Limit: 3, Offset: 6})
	if err != nil || len(p.Hits) != 2 || p.Total != 8 {
		t.Errorf("Quotes(limit 3, offset 6) = %d hits of %d, %v; want 2 of 8", len(p.Hits), p.Total, err)
	}
}

func entityNames(hits []store.Entity) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Name)
	}
	return out
}

func (f *fix) testEntities(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name string
		q    store.Query
		want []string // in order
	}{
		{"prefix", store.Query{Text: "zel"}, []string{"Volodymyr Zelensky"}},
		{"first name prefix", store.Query{Text: "Vlad"}, []string{"Vladimir Poetin"}},
		{"folded prefix", store.Query{Text: "elis"}, []string{"Élisabeth Borne"}},
		{"accented prefix", store.Query{Text: "Élis"}, []string{"Élisabeth Borne"}},
		{"two words", store.Query{Text: "emmanuel mac"}, []string{"Emmanuel Macron"}},
		{"no match", store.Query{Text: "Kiew"}, nil},
		{"type", store.Query{Text: "o", Type: article.ORG}, nil},
		{"most mentioned first", store.Query{Type: article.PER, Limit: 4}, []string{"Volodymyr Zelensky", "Emmanuel Macron", "Olaf Scholz", "Vladimir Poetin"}},
	}
	for _, tt := range tests {
		p, err := f.s.Entities(ctx, tt.q)
		if err != nil {
			t.Errorf("%s: Entities(%+v): %v", tt.name, tt.q, err)
			continue
		}
		got := entityNames(p.Hits)
		if tt.name == "most mentioned first" && len(got) > 1 {
			// Macron, Scholz and Poetin tie on two mentions: any order.
			slices.Sort(got[1:])
		}
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: Entities(%+v) (-want +got):\n%s", tt.name, tt.q, diff)
		}
	}
	p, err := f.s.Entities(ctx, store.Query{Type: article.LOC, Limit: 1})
	if err != nil || len(p.Hits) != 1 {
		t.Fatalf("Entities(LOC, limit 1) = %+v, %v", p, err)
	}
	if p.Total != 8 {
		t.Errorf("Entities(LOC).Total = %d, want 8", p.Total)
	}
	if h := p.Hits[0]; h.Mentions != 2 || (h.Name != "Kyiv" && h.Name != "Oekraïne") {
		t.Errorf("Entities(LOC)[0] = %s with %d mentions, want Kyiv or Oekraïne with 2", h.Name, h.Mentions)
	}
	p, err = f.s.Entities(ctx, store.Query{Text: "nato"})
	if err != nil || len(p.Hits) != 1 {
		t.Fatalf("Entities(nato) = %+v, %v", p, err)
	}
	if h := p.Hits[0]; h.ID != f.ids["NATO"] || h.KB != "Q7184" || h.Mentions != 3 || h.Articles != 2 {
		t.Errorf("Entities(nato) = %+v, want id %s, kb Q7184, 3 mentions in 2 articles", h, f.ids["NATO"])
	}
	if q, err := f.s.Entities(ctx, store.Query{Text: "navo"}); err != nil || len(q.Hits) != 1 || q.Hits[0].ID != f.ids["NATO"] {
		t.Errorf("Entities(navo) = %+v, %v; want the NATO entity by its other name", q, err)
	}
}

func (f *fix) testEntity(t *testing.T) {
	ctx := t.Context()
	zel := f.ids["Volodymyr Zelensky"]
	p, err := f.s.Entity(ctx, zel)
	if err != nil {
		t.Fatalf("Entity(%s): %v", zel, err)
	}
	want := store.Entity{ID: zel, Name: "Volodymyr Zelensky", Type: article.PER,
		Names: p.Names, Mentions: 4, Articles: 2, QuotesBy: 2}
	if diff := cmp.Diff(want, p.Entity); diff != "" {
		t.Errorf("Entity(Zelensky) (-want +got):\n%s", diff)
	}
	if len(p.Names) == 0 || p.Names[0] != "Volodymyr Zelensky" || !slices.Contains(p.Names, "Zelensky") {
		t.Errorf("Entity(Zelensky).Names = %q, want Volodymyr Zelensky first, then Zelensky", p.Names)
	}
	if got := quoteKeys(p.QuotesBy); !slices.Equal(got, []string{"en-1/q1", "nl-1/q2"}) {
		t.Errorf("Entity(Zelensky).QuotesBy = %v", got)
	} else if p.QuotesBy[0].ArticleID != "en-1" || p.QuotesBy[0].SpeakerID != zel {
		t.Errorf("Entity(Zelensky).QuotesBy[0] = %+v, want en-1's quote first, speaker %s", p.QuotesBy[0], zel)
	}
	if len(p.QuotesAbout) != 0 {
		t.Errorf("Entity(Zelensky).QuotesAbout = %v, want none", quoteKeys(p.QuotesAbout))
	}
	wantTimeline := []store.DayCount{{Day: "2023-03-14", Mentions: 2, Quotes: 1}, {Day: "2023-03-15", Mentions: 2, Quotes: 1}}
	if diff := cmp.Diff(wantTimeline, p.Timeline); diff != "" {
		t.Errorf("Entity(Zelensky).Timeline (-want +got):\n%s", diff)
	}
	if len(p.CoMentioned) < 2 {
		t.Fatalf("Entity(Zelensky).CoMentioned = %v, want at least Kyiv and NATO", p.CoMentioned)
	}
	top := []string{p.CoMentioned[0].ID, p.CoMentioned[1].ID}
	slices.Sort(top)
	wantTop := []string{f.ids["Kyiv"], f.ids["NATO"]}
	slices.Sort(wantTop)
	if !slices.Equal(top, wantTop) || p.CoMentioned[0].Weight != 2 || p.CoMentioned[1].Weight != 2 {
		t.Errorf("Entity(Zelensky).CoMentioned top two = %+v, want Kyiv and NATO with weight 2", p.CoMentioned[:2])
	}
	for _, r := range p.CoMentioned {
		if r.ID == zel {
			t.Errorf("Entity(Zelensky) is co-mentioned with itself")
		}
		if r.Name == "" || r.Type == "" {
			t.Errorf("Entity(Zelensky).CoMentioned has %+v without name or type", r)
		}
	}
	if len(p.CoMentioned) != 8 {
		t.Errorf("Entity(Zelensky).CoMentioned = %d entities, want 8", len(p.CoMentioned))
	}

	nato, err := f.s.Entity(ctx, f.ids["NATO"])
	if err != nil {
		t.Fatalf("Entity(NATO): %v", err)
	}
	if got := quoteKeys(nato.QuotesAbout); !slices.Equal(got, []string{"en-1/q1", "nl-1/q1"}) {
		t.Errorf("Entity(NATO).QuotesAbout = %v, want en-1/q1 and nl-1/q1", got)
	}
	if len(nato.QuotesBy) != 0 || nato.Entity.QuotesBy != 0 {
		t.Errorf("Entity(NATO) quotes by = %d (count %d), want none", len(nato.QuotesBy), nato.Entity.QuotesBy)
	}
	if !slices.Contains(nato.Names, "NATO") || !slices.Contains(nato.Names, "NAVO") {
		t.Errorf("Entity(NATO).Names = %q, want NATO and NAVO", nato.Names)
	}
	wantTimeline = []store.DayCount{{Day: "2023-03-14", Mentions: 1, Quotes: 0}, {Day: "2023-03-15", Mentions: 2, Quotes: 0}}
	if diff := cmp.Diff(wantTimeline, nato.Timeline); diff != "" {
		t.Errorf("Entity(NATO).Timeline (-want +got):\n%s", diff)
	}
}

func (f *fix) testResolve(t *testing.T) {
	ctx := t.Context()
	zel := f.ids["Volodymyr Zelensky"]
	tests := []struct {
		ref  string
		want []string
	}{
		{zel, []string{zel}},
		{"volodymyr zelensky", []string{zel}},
		{"  VOLODYMYR   ZELENSKY ", []string{zel}},
		{"Zelensky", []string{zel}},
		{"ELISABETH BORNE", []string{f.ids["Élisabeth Borne"]}},
		{"Elisabeth Borne", []string{f.ids["Élisabeth Borne"]}},
		{"NAVO", []string{f.ids["NATO"]}},
		{"Q7184", []string{f.ids["NATO"]}},
	}
	for _, tt := range tests {
		got, err := f.s.ResolveEntity(ctx, tt.ref)
		if err != nil {
			t.Errorf("ResolveEntity(%q): %v", tt.ref, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ResolveEntity(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
	for _, ref := range []string{"", "Kiew", "Zelen", "nobody at all"} {
		if got, err := f.s.ResolveEntity(ctx, ref); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ResolveEntity(%q) = %q, %v; want ErrNotFound", ref, got, err)
		}
	}
}

func (f *fix) testNetwork(t *testing.T) {
	ctx := t.Context()
	zel, nato, kyiv := f.ids["Volodymyr Zelensky"], f.ids["NATO"], f.ids["Kyiv"]
	n, err := f.s.Network(ctx, store.NetworkQuery{Entity: zel})
	if err != nil {
		t.Fatalf("Network(Zelensky): %v", err)
	}
	checkNetwork(t, "Network(Zelensky)", n, 0)
	nodes := map[string]store.Node{}
	for _, x := range n.Nodes {
		nodes[x.ID] = x
	}
	for _, id := range []string{zel, nato, kyiv} {
		if _, ok := nodes[id]; !ok {
			t.Errorf("Network(Zelensky) lacks node %s", id)
		}
	}
	if x := nodes[zel]; x.Name != "Volodymyr Zelensky" || x.Type != article.PER || x.Mentions != 4 {
		t.Errorf("Network(Zelensky) centre = %+v", x)
	}
	edge := func(from, to, kind string) int {
		for _, e := range n.Edges {
			if e.Kind != kind {
				continue
			}
			if e.From == from && e.To == to || kind == "co_mentioned" && e.From == to && e.To == from {
				return e.Weight
			}
		}
		return 0
	}
	if w := edge(zel, nato, "quoted_about"); w != 1 {
		t.Errorf("Network(Zelensky): quoted_about Zelensky→NATO weight %d, want 1", w)
	}
	if w := edge(nato, zel, "quoted_about"); w != 0 {
		t.Errorf("Network(Zelensky): quoted_about NATO→Zelensky weight %d, want none", w)
	}
	if w := edge(zel, kyiv, "co_mentioned"); w != 2 {
		t.Errorf("Network(Zelensky): co_mentioned Zelensky–Kyiv weight %d, want 2", w)
	}
	if w := edge(f.ids["Vladimir Poetin"], nato, "quoted_about"); w != 1 {
		t.Errorf("Network(Zelensky): quoted_about Poetin→NATO weight %d, want 1 (edges among neighbours)", w)
	}

	n, err = f.s.Network(ctx, store.NetworkQuery{Entity: zel, MinWeight: 2, MaxNodes: 3})
	if err != nil {
		t.Fatalf("Network(Zelensky, min 2): %v", err)
	}
	checkNetwork(t, "Network(Zelensky, min weight 2, 3 nodes)", n, 2)
	if len(n.Nodes) > 3 || len(n.Nodes) < 2 {
		t.Errorf("Network(Zelensky, 3 nodes) has %d nodes", len(n.Nodes))
	}

	n, err = f.s.Network(ctx, store.NetworkQuery{MaxNodes: 5})
	if err != nil {
		t.Fatalf("Network(global): %v", err)
	}
	checkNetwork(t, "Network(global, 5 nodes)", n, 0)
	if len(n.Nodes) != 5 || len(n.Edges) == 0 {
		t.Errorf("Network(global, 5 nodes) = %d nodes, %d edges; want 5 and some", len(n.Nodes), len(n.Edges))
	}
	if n.Nodes[0].ID != zel {
		t.Errorf("Network(global) first node %s, want the most mentioned, Zelensky", n.Nodes[0].Name)
	}

	if _, err := f.s.Network(ctx, store.NetworkQuery{Entity: "no-such-entity"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Network(unknown entity) error = %v, want ErrNotFound", err)
	}
}

func checkNetwork(t *testing.T, name string, n *store.Network, minWeight int) {
	t.Helper()
	in := map[string]bool{}
	for _, x := range n.Nodes {
		if in[x.ID] {
			t.Errorf("%s: node %s twice", name, x.ID)
		}
		in[x.ID] = true
	}
	for _, e := range n.Edges {
		if !in[e.From] || !in[e.To] {
			t.Errorf("%s: edge %+v has an end that is not a node", name, e)
		}
		if e.From == e.To {
			t.Errorf("%s: self edge %+v", name, e)
		}
		if e.Kind != "quoted_about" && e.Kind != "co_mentioned" {
			t.Errorf("%s: edge kind %q", name, e.Kind)
		}
		if e.Weight < max(1, minWeight) {
			t.Errorf("%s: edge %+v under weight %d", name, e, max(1, minWeight))
		}
	}
}

func (f *fix) testStats(t *testing.T) {
	got := stats(t, f.s)
	quotes, events := 0, 0
	for _, a := range f.docs {
		quotes += len(a.Quotes)
		events += len(a.Events)
	}
	want := store.Stats{
		Documents: len(f.docs), Quotes: quotes, Entities: 16, Mentions: mentions(f.docs...), Events: events,
		Langs:   map[string]int{"nl": 1, "en": 1 + numFillers, "de": 1, "fr": 1},
		Sources: map[string]int{"NOS": 1, "Reuters": 1, "Tagesschau": 1, "Le Monde": 1, "Filler": numFillers},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
}

func (f *fix) testNotFound(t *testing.T) {
	ctx := t.Context()
	if _, err := f.s.Article(ctx, "no-such-article"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(unknown) error = %v, want ErrNotFound", err)
	}
	if _, err := f.s.Entity(ctx, "no-such-entity"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entity(unknown) error = %v, want ErrNotFound", err)
	}
	if _, err := f.s.Entity(ctx, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Entity(\"\") error = %v, want ErrNotFound", err)
	}
}
