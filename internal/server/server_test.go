package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/server/servertest"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
)

func newServer(t testing.TB) *server.Server {
	t.Helper()
	st, err := servertest.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return server.New(st, slog.New(slog.NewTextHandler(t.Output(), nil)), server.Options{})
}

func get(t testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w
}

// summary reduces a JSON answer to what a test compares: the total, and
// the ids (or speaker names, for quotes) of the hits in order.
type summary struct {
	Total int
	IDs   []string
	Error string
}

func summarize(t *testing.T, body []byte) summary {
	t.Helper()
	var v struct {
		Total int    `json:"total"`
		Error string `json:"error"`
		ID    string `json:"id"`
		Hits  []struct {
			ID      string `json:"id"`
			Article string `json:"article_id"`
		} `json:"hits"`
		Nodes []struct {
			ID string `json:"id"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, body)
	}
	s := summary{Total: v.Total, Error: v.Error}
	if v.ID != "" {
		s.IDs = append(s.IDs, v.ID)
	}
	for _, h := range v.Hits {
		s.IDs = append(s.IDs, h.Article+"/"+h.ID)
	}
	for _, n := range v.Nodes {
		s.IDs = append(s.IDs, n.ID)
	}
	return s
}

func TestAPI(t *testing.T) {
	s := newServer(t)
	// Fixture entity ids: E1 Anna Berg, E2 Kessler Shipping, E3 Piet de Wit.
	tests := []struct {
		target string
		code   int
		want   summary
	}{
		{"/api/search", 200, summary{Total: 2, IDs: []string{"/a2", "/a1"}}},
		{"/api/search?q=haven", 200, summary{Total: 1, IDs: []string{"/a2"}}},
		{"/api/search?q=port+plan&lang=en", 200, summary{Total: 1, IDs: []string{"/a1"}}},
		{"/api/search?lang=fr", 200, summary{IDs: nil}},
		{"/api/search?source=Courant", 200, summary{Total: 1, IDs: []string{"/a2"}}},
		{"/api/search?from=2026-03-03", 200, summary{Total: 1, IDs: []string{"/a2"}}},
		{"/api/search?to=2026-03-02", 200, summary{Total: 1, IDs: []string{"/a1"}}},
		{"/api/search?about=Piet+de+Wit", 200, summary{Total: 1, IDs: []string{"/a2"}}},
		{"/api/search?about=Nobody", 200, summary{}},
		{"/api/search?limit=1", 200, summary{Total: 2, IDs: []string{"/a2"}}},
		{"/api/search?limit=1&offset=1", 200, summary{Total: 2, IDs: []string{"/a1"}}},
		{"/api/search?limit=100000", 200, summary{Total: 2, IDs: []string{"/a2", "/a1"}}},
		{"/api/search?limit=-1", 400, summary{Error: `invalid query: parameter limit="-1": want a whole number ≥ 0`}},
		{"/api/search?offset=x", 400, summary{Error: `invalid query: parameter offset="x": want a whole number ≥ 0`}},
		{"/api/search?from=yesterday", 400, summary{Error: `invalid query: parameter from="yesterday": want a date YYYY, YYYY-MM or YYYY-MM-DD`}},
		{"/api/search?from=2026-13", 400, summary{Error: `invalid query: parameter from="2026-13": want a date YYYY, YYYY-MM or YYYY-MM-DD`}},
		{"/api/search?from=2026-04&to=2026-03", 400, summary{Error: `invalid query: parameter from="2026-04": after to=2026-03`}},
		{"/api/search?from=2026-03-04&to=2026-03", 200, summary{}},
		{"/api/search?lang=english", 400, summary{Error: `invalid query: parameter lang="english": want an ISO 639-1 code such as en`}},
		{"/api/search?q=%ff", 400, summary{Error: `invalid query: parameter q="\xff": not UTF-8`}},

		{"/api/quotes", 200, summary{Total: 4, IDs: []string{"a2/q1", "a2/q2", "a1/q1", "a1/q2"}}},
		{"/api/quotes?speaker=Piet+de+Wit", 200, summary{Total: 2, IDs: []string{"a2/q1", "a2/q2"}}},
		{"/api/quotes?speaker=E3&q=haven", 200, summary{Total: 1, IDs: []string{"a2/q2"}}},
		{"/api/quotes?speaker=piet+de+wit&about=Anna+Berg", 200, summary{Total: 1, IDs: []string{"a2/q1"}}},
		{"/api/quotes?about=E1", 200, summary{Total: 1, IDs: []string{"a2/q1"}}},
		{"/api/quotes?speaker=Nobody", 200, summary{}},
		{"/api/quotes?speaker=Nobody&speaker=Anna+Berg", 200, summary{Total: 1, IDs: []string{"a1/q1"}}},
		{"/api/quotes?speaker=", 200, summary{Total: 4, IDs: []string{"a2/q1", "a2/q2", "a1/q1", "a1/q2"}}},
		{"/api/quotes?lang=nl&limit=1", 200, summary{Total: 2, IDs: []string{"a2/q1"}}},

		{"/api/entities?q=ann", 200, summary{Total: 1, IDs: []string{"/E1"}}},
		{"/api/entities?type=ORG", 200, summary{Total: 1, IDs: []string{"/E2"}}},
		{"/api/entities?type=person", 400, summary{Error: `invalid query: parameter type="person": want PER, ORG, LOC or MISC`}},
		{"/api/entities/E3", 200, summary{IDs: []string{"E3"}}},
		{"/api/entities/E99", 404, summary{Error: `entity "E99": not found`}},
		{"/api/articles/a1", 200, summary{IDs: []string{"a1"}}},
		{"/api/articles/nope", 404, summary{Error: `article "nope": not found`}},

		{"/api/network", 200, summary{IDs: []string{"E1", "E2", "E3"}}},
		{"/api/network?max_nodes=1", 200, summary{IDs: []string{"E1"}}},
		{"/api/network?entity=Piet+de+Wit", 200, summary{IDs: []string{"E1", "E2", "E3"}}},
		{"/api/network?entity=Nobody", 200, summary{}},
		{"/api/network?max_nodes=many", 400, summary{Error: `invalid query: parameter max_nodes="many": want a whole number ≥ 0`}},

		// Events: a1/v1 Anna Berg REJECT Kessler Shipping (FRA-GOV → FRA-BUS),
		// a2/v1 Piet de Wit DISAPPROVE Anna Berg (NLD-BUS → FRA-GOV).
		{"/api/events", 200, summary{Total: 2, IDs: []string{"a2/v1", "a1/v1"}}},
		{"/api/events?actor=Anna+Berg", 200, summary{Total: 2, IDs: []string{"a2/v1", "a1/v1"}}},
		{"/api/events?source=Anna+Berg", 200, summary{Total: 1, IDs: []string{"a1/v1"}}},
		{"/api/events?target=E1", 200, summary{Total: 1, IDs: []string{"a2/v1"}}},
		{"/api/events?actor=E1&other=Piet+de+Wit", 200, summary{Total: 1, IDs: []string{"a2/v1"}}},
		{"/api/events?type=reject", 200, summary{Total: 1, IDs: []string{"a1/v1"}}},
		{"/api/events?type=REJECT,DISAPPROVE&limit=1", 200, summary{Total: 2, IDs: []string{"a2/v1"}}},
		{"/api/events?code=nld", 200, summary{Total: 1, IDs: []string{"a2/v1"}}},
		{"/api/events?code=FRA-BUS", 200, summary{Total: 1, IDs: []string{"a1/v1"}}},
		{"/api/events?from=2026-03-03", 200, summary{Total: 1, IDs: []string{"a2/v1"}}},
		{"/api/events?lang=en", 200, summary{Total: 1, IDs: []string{"a1/v1"}}},
		{"/api/events?actor=Nobody", 200, summary{}},
		{"/api/events?type=BOMBARD", 400, summary{Error: `invalid query: parameter type="BOMBARD": want a PLOVER event type such as DEMAND or CONSULT`}},
		{"/api/events?code=usa%27--", 400, summary{Error: `invalid query: parameter code="usa'--": want an actor code such as USA, USA-GOV or IGO`}},
		{"/api/events?other=E1", 400, summary{Error: `invalid query: parameter other="E1": needs actor= as well`}},
		{"/api/events?from=soon", 400, summary{Error: `invalid query: parameter from="soon": want a date YYYY, YYYY-MM or YYYY-MM-DD`}},
		{"/api/events/partners", 400, summary{Error: `invalid query: parameter actor="": required: an entity id or name`}},
		{"/api/events/partners?actor=E1&source=E2", 400, summary{Error: `invalid query: parameter source="E2": does not apply to partners`}},
		{"/api/events/timeline", 400, summary{Error: `invalid query: parameter actor="": give at least one of actor, source, target, type, code, from or to`}},
		{"/api/events/timeline?lang=en", 400, summary{Error: `invalid query: parameter actor="": give at least one of actor, source, target, type, code, from or to`}},
		{"/api/events?offset=10001", 400, summary{Error: `invalid query: parameter offset="10001": over 10000: narrow the query instead`}},
		{"/api/events?actor=E1" + strings.Repeat("&actor=E2", 20), 400, summary{Error: `invalid query: parameter actor="E1": given 21 times, at most 20`}},
		{"/api/dyad?a=E1", 400, summary{Error: `invalid query: parameter b="": required: an entity id or name`}},

		{"/api/nothing", 404, summary{Error: "no such API route"}},
		{"/api/search?q=" + strings.Repeat("x", 5000), 414, summary{Error: "query string too long"}},
		{"/api/search?q=" + strings.Repeat("x", 600), 400, summary{Error: `invalid query: parameter q="xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…": longer than 512 bytes`}},
	}
	for _, tt := range tests {
		w := get(t, s, tt.target)
		if w.Code != tt.code {
			t.Errorf("GET %.80s: status %d, want %d\n%s", tt.target, w.Code, tt.code, w.Body)
			continue
		}
		if got := summarize(t, w.Body.Bytes()); !cmp.Equal(got, tt.want, cmpEmpty) {
			t.Errorf("GET %.80s: %s", tt.target, cmp.Diff(tt.want, got, cmpEmpty))
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %.80s: Content-Type %q", tt.target, ct)
		}
	}
}

var cmpEmpty = cmpopts.EquateEmpty()

func TestStats(t *testing.T) {
	w := get(t, newServer(t), "/api/stats")
	var got store.Stats
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Documents: 2, Quotes: 4, Entities: 3, Mentions: 7, Events: 2,
		Langs: map[string]int{"en": 1, "nl": 1}, Sources: map[string]int{"Wire": 1, "Courant": 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET /api/stats (-want +got):\n%s", diff)
	}
}

func TestEmptyListsAreArrays(t *testing.T) {
	s := newServer(t)
	for _, target := range []string{"/api/search?lang=fr", "/api/quotes?speaker=Nobody",
		"/api/entities?q=zzz", "/api/network?entity=Nobody"} {
		body := get(t, s, target).Body.String()
		if strings.Contains(body, "null") {
			t.Errorf("GET %s = %s, want [] for empty lists", target, body)
		}
	}
}

func TestHeaders(t *testing.T) {
	s := newServer(t)
	for _, target := range []string{"/api/stats", "/api/nothing", "/api/search?limit=x"} {
		h := get(t, s, target).Header()
		for k, want := range map[string]string{
			"Content-Security-Policy": server.ContentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"X-Frame-Options":         "DENY",
		} {
			if got := h.Get(k); got != want {
				t.Errorf("GET %s: %s = %q, want %q", target, k, got, want)
			}
		}
	}
	if strings.Contains(server.ContentSecurityPolicy, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %s", server.ContentSecurityPolicy)
	}
}

func TestReadOnly(t *testing.T) {
	s := newServer(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(method, "/api/articles/a1", strings.NewReader("{}")))
		t.Logf("%s /api/articles/a1: %d %s", method, w.Code, w.Body)
		if w.Code != http.StatusMethodNotAllowed || !json.Valid(w.Body.Bytes()) {
			t.Errorf("%s /api/articles/a1: status %d, want 405", method, w.Code)
		}
	}
}

func TestEventEndpoints(t *testing.T) {
	s := newServer(t)
	decode := func(target string, v any) {
		t.Helper()
		w := get(t, s, target)
		if w.Code != 200 {
			t.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		}
		if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
	}

	var page store.EventPage
	decode("/api/events?source=Anna+Berg", &page)
	if len(page.Hits) != 1 {
		t.Fatalf("events of Anna Berg as source: %+v", page)
	}
	h := page.Hits[0]
	if h.Type != "REJECT" || h.SourceID != "E1" || h.TargetID != "E2" || h.Trigger != "rejected" ||
		h.SentenceText != "Mayor Anna Berg rejected the port plan on Monday." || h.Outlet != "Wire" || h.ArticleID != "a1" {
		t.Errorf("event hit = %+v", h)
	}

	var tl server.Timeline
	decode("/api/events/timeline?actor=Anna+Berg", &tl)
	want := []store.EventDay{
		{Day: "2026-03-02", Total: 1, ByType: map[string]int{"REJECT": 1}},
		{Day: "2026-03-03", Total: 1, ByType: map[string]int{"DISAPPROVE": 1}},
	}
	if diff := cmp.Diff(want, tl.Days); diff != "" {
		t.Errorf("timeline of Anna Berg (-want +got):\n%s", diff)
	}

	var ps server.Partners
	decode("/api/events/partners?actor=Anna+Berg", &ps)
	wantP := []store.Partner{
		{ID: "E2", Name: "Kessler Shipping", Type: "ORG", Out: 1},
		{ID: "E3", Name: "Piet de Wit", Type: "PER", In: 1},
	}
	if diff := cmp.Diff(wantP, ps.Partners); diff != "" {
		t.Errorf("partners of Anna Berg (-want +got):\n%s", diff)
	}

	var d server.Dyad
	decode("/api/dyad?a=Anna+Berg&b=Piet+de+Wit", &d)
	if d.A == nil || d.A.ID != "E1" || d.B == nil || d.B.ID != "E3" {
		t.Fatalf("dyad actors = %+v, %+v", d.A, d.B)
	}
	if len(d.AToB) != 0 || len(d.BToA) != 1 || d.BToA[0].ByType["DISAPPROVE"] != 1 || d.Events.Total != 1 {
		t.Errorf("dyad Anna Berg / Piet de Wit = %+v", d)
	}
	decode("/api/dyad?a=Anna+Berg&b=Nobody", &d)
	if d.A == nil || d.B != nil || d.Events.Total != 0 || d.Events.Hits == nil || d.AToB == nil {
		t.Errorf("dyad with an unknown actor = %+v; want A known, B null, empty lists", d)
	}
}

// failing is a store whose every read fails with err.
type failing struct {
	store.Store
	err error
}

func (f failing) Search(context.Context, store.Query) (store.ArticlePage, error) {
	return store.ArticlePage{}, f.err
}

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		code int
		body string
	}{
		{fmt.Errorf("fts: %w", store.ErrInvalid), 400, `{"error":"fts: invalid query"}`},
		{fmt.Errorf("gone: %w", store.ErrNotFound), 404, `{"error":"gone: not found"}`},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), 503, `{"error":"Service Unavailable"}`},
		{errors.New("disk on fire at /var/secret"), 500, `{"error":"Internal Server Error"}`},
	}
	for _, tt := range tests {
		s := server.New(failing{err: tt.err}, slog.New(slog.NewTextHandler(t.Output(), nil)), server.Options{})
		w := get(t, s, "/api/search?q=x")
		if w.Code != tt.code || strings.TrimSpace(w.Body.String()) != tt.body {
			t.Errorf("store error %v: %d %s, want %d %s", tt.err, w.Code, w.Body, tt.code, tt.body)
		}
	}
}

func TestUI(t *testing.T) {
	st, err := servertest.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ui "+r.URL.Path) })
	s := server.New(st, nil, server.Options{UI: ui})
	for target, want := range map[string]string{"/": "ui /", "/entities/E1": "ui /entities/E1"} {
		if got := get(t, s, target).Body.String(); got != want {
			t.Errorf("GET %s = %q, want %q", target, got, want)
		}
	}
	if w := get(t, s, "/api/stats"); w.Code != 200 || !strings.Contains(w.Body.String(), `"documents":2`) {
		t.Errorf("GET /api/stats with a UI = %d %s", w.Code, w.Body)
	}
}

func TestHTTPServer(t *testing.T) {
	hs := server.NewHTTPServer("127.0.0.1:0", http.NotFoundHandler(), nil)
	if hs.ReadHeaderTimeout == 0 || hs.ReadTimeout == 0 || hs.WriteTimeout == 0 || hs.IdleTimeout == 0 || hs.MaxHeaderBytes == 0 {
		t.Errorf("NewHTTPServer leaves a limit unset: %+v", hs)
	}
}

var endpoints = []string{"/api/search", "/api/quotes", "/api/entities", "/api/entities/E1",
	"/api/articles/a1", "/api/network", "/api/stats",
	"/api/events", "/api/events/timeline", "/api/events/partners", "/api/dyad"}

var fuzzSeeds = []string{"q=plan", "q=%22unbalanced", "limit=-5&offset=x", "from=2026-02-30",
	"speaker=Anna+Berg&about=E2", "q=%ff%fe", "lang=EN", "max_nodes=99999999999999999999",
	"q=a&q=b", "entity=%00", "type=PER;drop", "q=NEAR(a+b)+OR+*", "to=2026&from=2026-01-01",
	"q=%22a%22+-b+c*+%5E+col:x", "about=%25&speaker=_", "q=AND", "q=(", "source=%27;--",
	"actor=Anna+Berg&other=E3", "a=E1&b=E3&type=disapprove", "code=USA-GOV&type=,,", "actor=E1&target=%27"}

// fuzzQuery sends the query string raw to every endpoint of s: the
// answer is always JSON, and never a server error.
func fuzzQuery(t *testing.T, s http.Handler, raw string) {
	for _, path := range endpoints {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL = &url.URL{Path: path, RawQuery: raw}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("GET %s?%s: status %d %s", path, raw, w.Code, w.Body)
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("GET %s?%s: not JSON: %s", path, raw, w.Body)
		}
	}
}

// FuzzQuery fuzzes the query string over the in-memory fake.
func FuzzQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	st, err := servertest.Load(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	s := server.New(st, nil, server.Options{})
	f.Fuzz(func(t *testing.T, raw string) { fuzzQuery(t, s, raw) })
}

// FuzzQuerySQLite fuzzes the query string over the SQLite store, whose
// full-text syntax is where user input could turn into a server error.
func FuzzQuerySQLite(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	st, err := sqlite.Open(filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	for _, a := range servertest.Articles() {
		if _, err := st.Put(context.Background(), a); err != nil {
			f.Fatal(err)
		}
	}
	s := server.New(st, nil, server.Options{})
	f.Fuzz(func(t *testing.T, raw string) { fuzzQuery(t, s, raw) })
}

func benchmark(b *testing.B, target string) {
	s := newServer(b)
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		w := get(b, s, target)
		if w.Code != 200 {
			b.Fatalf("GET %s: %d %s", target, w.Code, w.Body)
		}
		n = int64(w.Body.Len())
	}
	b.SetBytes(n)
}

// The benchmarks measure the handlers' own cost (parsing, resolving,
// encoding) over the in-memory fake; the store's cost is measured with
// the store.
func BenchmarkSearch(b *testing.B)  { benchmark(b, "/api/search?q=plan&lang=en&limit=20") }
func BenchmarkQuotes(b *testing.B)  { benchmark(b, "/api/quotes?speaker=Piet+de+Wit&about=Anna+Berg") }
func BenchmarkEntity(b *testing.B)  { benchmark(b, "/api/entities/E1") }
func BenchmarkNetwork(b *testing.B) { benchmark(b, "/api/network?entity=E1") }

// TestOpenAPI checks that api/openapi.yaml describes every route.
func TestOpenAPI(t *testing.T) {
	b, err := os.ReadFile("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/search", "/api/quotes", "/api/entities", "/api/entities/{id}",
		"/api/articles/{id}", "/api/network", "/api/stats",
		"/api/events", "/api/events/timeline", "/api/events/partners", "/api/dyad"} {
		if !strings.Contains(string(b), "\n  "+path+":\n") {
			t.Errorf("api/openapi.yaml does not describe %s", path)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	h := server.New(servertest.New(), nil, server.Options{})
	for _, path := range []string{"/healthz", "/api/stats", "/metrics"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d, want 200", path, rec.Code)
		}
		if path == "/metrics" {
			body := rec.Body.String()
			for _, want := range []string{`newsgraph_http_requests_total{class="2xx"} 2`, `newsgraph_http_request_seconds_count{route="GET /api/stats"} 1`} {
				if !strings.Contains(body, want) {
					t.Errorf("GET /metrics lacks %q:\n%s", want, body)
				}
			}
		}
	}
}
