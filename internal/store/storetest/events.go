package storetest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// eventKeys names hits as article/event for comparison, in order.
func eventKeys(hits []store.EventHit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.ArticleID+"/"+h.ID)
	}
	return out
}

func (f *fix) testEvents(t *testing.T) {
	ctx := t.Context()
	zel, poe, mac, sch := f.ids["Volodymyr Zelensky"], f.ids["Vladimir Poetin"], f.ids["Emmanuel Macron"], f.ids["Olaf Scholz"]
	tests := []struct {
		name string
		q    store.EventQuery
		want []string // latest event date first
	}{
		{"all", store.EventQuery{}, []string{"de-1/v1", "fr-1/v1", "en-1/v1", "nl-1/v1"}},
		{"actor as source", store.EventQuery{Actor: []string{zel}}, []string{"en-1/v1"}},
		{"actor on either side", store.EventQuery{Actor: []string{mac}}, []string{"de-1/v1", "fr-1/v1"}},
		{"two actors", store.EventQuery{Actor: []string{mac, poe}}, []string{"de-1/v1", "fr-1/v1", "nl-1/v1"}},
		{"dyad both ways", store.EventQuery{Actor: []string{mac}, Other: []string{sch}}, []string{"de-1/v1"}},
		{"dyad reversed", store.EventQuery{Actor: []string{sch}, Other: []string{mac}}, []string{"de-1/v1"}},
		{"directed", store.EventQuery{Source: []string{sch}, Target: []string{mac}}, []string{"de-1/v1"}},
		{"directed, wrong way", store.EventQuery{Source: []string{mac}, Target: []string{sch}}, []string{}},
		{"source only", store.EventQuery{Source: []string{mac}}, []string{"fr-1/v1"}},
		{"target only", store.EventQuery{Target: []string{mac}}, []string{"de-1/v1"}},
		{"type", store.EventQuery{Types: []string{"SUPPORT"}}, []string{"fr-1/v1", "en-1/v1"}},
		{"types", store.EventQuery{Types: []string{"SUPPORT", "CONSULT"}, Actor: []string{mac}}, []string{"de-1/v1", "fr-1/v1"}},
		{"country code matches sectors", store.EventQuery{Code: "UKR"}, []string{"fr-1/v1", "en-1/v1"}},
		{"sector code", store.EventQuery{Code: "UKR-GOV"}, []string{"en-1/v1"}},
		{"code prefix is no country", store.EventQuery{Code: "UK"}, []string{}},
		{"IGO target", store.EventQuery{Code: "IGO"}, []string{"en-1/v1"}},
		{"from month", store.EventQuery{From: "2023-04"}, []string{"de-1/v1", "fr-1/v1"}},
		{"to month", store.EventQuery{To: "2023-03"}, []string{"en-1/v1", "nl-1/v1"}},
		// A month-grained date (fr-1) is in every range it overlaps.
		{"day range", store.EventQuery{From: "2023-03-15", To: "2023-04-01"}, []string{"fr-1/v1", "en-1/v1"}},
		{"range from inside a month", store.EventQuery{From: "2023-04-02"}, []string{"de-1/v1", "fr-1/v1"}},
		{"range inside a month", store.EventQuery{From: "2023-04-10", To: "2023-04-12"}, []string{"fr-1/v1"}},
		{"range after a month", store.EventQuery{From: "2023-05"}, []string{}},
		{"lang", store.EventQuery{Lang: "fr"}, []string{"fr-1/v1"}},
		{"unknown entity", store.EventQuery{Actor: []string{"999999"}}, []string{}},
		{"impossible id", store.EventQuery{Actor: []string{"x'; DROP TABLE events; --"}}, []string{}},
		{"paging", store.EventQuery{Limit: 2, Offset: 1}, []string{"fr-1/v1", "en-1/v1"}},
	}
	for _, tt := range tests {
		page, err := f.s.Events(ctx, tt.q)
		if err != nil {
			t.Errorf("%s: Events: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, eventKeys(page.Hits)); diff != "" {
			t.Errorf("%s: Events (-want +got):\n%s", tt.name, diff)
		}
		if tt.q.Limit == 0 && page.Total != len(tt.want) {
			t.Errorf("%s: Total = %d, want %d", tt.name, page.Total, len(tt.want))
		}
	}

	// A hit carries the event as extracted, its sentence, its actors'
	// store-wide ids and its article.
	page, err := f.s.Events(ctx, store.EventQuery{Source: []string{mac}})
	if err != nil || len(page.Hits) != 1 {
		t.Fatalf("Events(source Macron) = %+v, %v", page, err)
	}
	fr := f.docs[3]
	want := store.EventHit{
		Event:        fr.Events[0],
		SentenceText: fr.Text[fr.Events[0].Sentence.Start:fr.Events[0].Sentence.End],
		SourceID:     mac, TargetID: "",
		ArticleID: "fr-1", ArticleTitle: fr.Title, Outlet: "Le Monde", ArticleDate: "2023-04-20", Lang: "fr",
	}
	if diff := cmp.Diff(want, page.Hits[0]); diff != "" {
		t.Errorf("event hit (-want +got):\n%s", diff)
	}
	if got := page.Hits[0].SentenceText; got != "Emmanuel Macron a déclaré à Paris que « la France soutiendra l'Ukraine »." {
		t.Errorf("sentence text = %q", got)
	}
	// Stored articles keep their events.
	a, err := f.s.Article(ctx, "fr-1")
	if err != nil || len(a.Events) != 1 || a.Events[0].Trigger != "soutiendra" {
		t.Errorf("Article(fr-1).Events = %+v, %v", a.Events, err)
	}
}

func (f *fix) testEventTimeline(t *testing.T) {
	ctx := t.Context()
	mac := f.ids["Emmanuel Macron"]
	got, err := f.s.EventTimeline(ctx, store.EventQuery{Actor: []string{mac}})
	if err != nil {
		t.Fatal(err)
	}
	want := []store.EventDay{
		{Day: "2023-04", Total: 1, ByType: map[string]int{"SUPPORT": 1}},
		{Day: "2023-04-02", Total: 1, ByType: map[string]int{"CONSULT": 1}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EventTimeline(Macron) (-want +got):\n%s", diff)
	}
	all, err := f.s.EventTimeline(ctx, store.EventQuery{Limit: 1, Offset: 3})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for i, d := range all {
		total += d.Total
		if i > 0 && all[i-1].Day >= d.Day {
			t.Errorf("timeline days out of order: %q then %q", all[i-1].Day, d.Day)
		}
	}
	if total != 4 {
		t.Errorf("EventTimeline{} counts %d events, want all 4 (limit and offset do not apply)", total)
	}
	dyad, err := f.s.EventTimeline(ctx, store.EventQuery{Source: []string{f.ids["Olaf Scholz"]}, Target: []string{mac}})
	if err != nil || len(dyad) != 1 || dyad[0].Day != "2023-04-02" || dyad[0].ByType["CONSULT"] != 1 {
		t.Errorf("EventTimeline(Scholz → Macron) = %+v, %v", dyad, err)
	}
}

func (f *fix) testEventPartners(t *testing.T) {
	ctx := t.Context()
	mac, sch := f.ids["Emmanuel Macron"], f.ids["Olaf Scholz"]
	got, err := f.s.EventPartners(ctx, store.EventQuery{Actor: []string{mac}})
	if err != nil {
		t.Fatal(err)
	}
	// The Ukraine of fr-1 is known by its code only: no partner.
	want := []store.Partner{{ID: sch, Name: "Olaf Scholz", Type: "PER", Out: 0, In: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EventPartners(Macron) (-want +got):\n%s", diff)
	}
	got, err = f.s.EventPartners(ctx, store.EventQuery{Actor: []string{f.ids["Volodymyr Zelensky"]}})
	if err != nil || len(got) != 1 || got[0].ID != f.ids["NATO"] || got[0].Out != 1 || got[0].In != 0 {
		t.Errorf("EventPartners(Zelensky) = %+v, %v; want NATO, out 1", got, err)
	}
	got, err = f.s.EventPartners(ctx, store.EventQuery{Actor: []string{mac}, Types: []string{"SUPPORT"}})
	if err != nil || len(got) != 0 {
		t.Errorf("EventPartners(Macron, SUPPORT) = %+v, %v; want none", got, err)
	}
	got, err = f.s.EventPartners(ctx, store.EventQuery{Actor: []string{mac, sch}})
	if err != nil || len(got) != 0 {
		t.Errorf("EventPartners(Macron, Scholz) = %+v, %v; want none (each other's events are among themselves)", got, err)
	}
}

func (f *fix) testEventsBadQuery(t *testing.T) {
	ctx := t.Context()
	bad := []store.EventQuery{
		{Limit: -1},
		{Offset: -1},
		{From: "yesterday"},
		{To: "2023-13-45x"},
		{Other: []string{f.ids["Olaf Scholz"]}}, // other without actor
	}
	for _, q := range bad {
		if _, err := f.s.Events(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Events(%+v) error = %v, want ErrInvalid", q, err)
		}
		if _, err := f.s.EventTimeline(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("EventTimeline(%+v) error = %v, want ErrInvalid", q, err)
		}
	}
	if _, err := f.s.EventPartners(ctx, store.EventQuery{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("EventPartners without an actor: error = %v, want ErrInvalid", err)
	}
}

// EventMigration checks the migration that gave events a table of their
// own: open opens the same store each time it is called; undo takes the
// closed store back to the schema before the migration (events kept only
// with their articles). Reopened, the store must answer event queries
// over the articles it held as it did before.
func EventMigration(t *testing.T, open func(t *testing.T) store.Store, undo func(t *testing.T)) {
	ctx := t.Context()
	s := open(t)
	for _, a := range fixture() {
		put(t, s, a)
	}
	q := store.EventQuery{Limit: store.MaxLimit}
	before, err := s.Events(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if before.Total == 0 {
		t.Fatal("the fixture has no events")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	undo(t)
	s = open(t)
	defer s.Close()
	after, err := s.Events(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("events after the migration (-before +after):\n%s", diff)
	}
}

// testUndatedEvents checks events without a date (from an article
// without one) and events that tie on their date.
func testUndatedEvents(t *testing.T, s store.Store) {
	ctx := t.Context()
	undated := newDoc("u-1", "Wire", "", "en", "Protest", "Protesters marched against the government. Police watched.").
		event("v1", "PROTEST", "marched", "", "unknown", &article.EventActor{Name: "Protesters", Code: "OPP"},
			&article.EventActor{Name: "the government", Code: "GOV"})
	dated := newDoc("d-1", "Wire", "2023-05-01", "en", "Talks", "The ministers met in Rome. They agreed on a plan.").
		event("v1", "CONSULT", "met", "2023-05-01", "day", &article.EventActor{Name: "The ministers", Code: "GOV"}, nil).
		event("v2", "AGREE", "agreed", "2023-05-01", "day", &article.EventActor{Name: "They", Code: "GOV"}, nil)
	put(t, s, undated.a)
	put(t, s, dated.a)
	tests := []struct {
		name string
		q    store.EventQuery
		want []string
	}{
		// Latest first; on the same date the one stored last first; no date last.
		{"all", store.EventQuery{}, []string{"d-1/v2", "d-1/v1", "u-1/v1"}},
		{"to", store.EventQuery{To: "2024"}, []string{"d-1/v2", "d-1/v1"}},
		{"from", store.EventQuery{From: "2000"}, []string{"d-1/v2", "d-1/v1"}},
		{"from day", store.EventQuery{From: "2023-05-01", To: "2023-05-01"}, []string{"d-1/v2", "d-1/v1"}},
		{"code", store.EventQuery{Code: "OPP"}, []string{"u-1/v1"}},
	}
	for _, tt := range tests {
		page, err := s.Events(ctx, tt.q)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, eventKeys(page.Hits)); diff != "" || page.Total != len(tt.want) {
			t.Errorf("%s: Events total %d (-want +got):\n%s", tt.name, page.Total, diff)
		}
	}
	days, err := s.EventTimeline(ctx, store.EventQuery{To: "2030"})
	if err != nil || len(days) != 1 || days[0].Day != "2023-05-01" || days[0].Total != 2 {
		t.Errorf("EventTimeline(to 2030) = %+v, %v; want the one dated day", days, err)
	}
}
