package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/server/servertest"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/web"
)

func newHandler(t testing.TB) http.Handler {
	t.Helper()
	st, err := servertest.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	return server.New(st, log, server.Options{UI: web.New(st, log)})
}

func get(t testing.TB, h http.Handler, target string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	body, _ := io.ReadAll(w.Body)
	return w.Code, string(body)
}

func TestPages(t *testing.T) {
	h := newHandler(t)
	// Fixture entity ids: E1 Anna Berg, E2 Kessler Shipping, E3 Piet de Wit.
	tests := []struct {
		target string
		code   int
		want   []string // substrings of the page
	}{
		{"/", 200, []string{"2 articles · 4 quotes", `href="/entities/E1"`, "Anna Berg", "Kessler Shipping", "Wij bouwen de haven,"}},
		{"/search?q=haven", 200, []string{"Kessler Shipping reageert", `<span class="n">1</span>`, "Wij bouwen de haven,"}},
		{"/search?q=berg", 200, []string{`class="chip t-per" href="/entities/E1"`}},
		{"/search?q=piet+de+wit", 200, []string{"Said by piet de wit <span class=\"n\">2</span>", "Wij bouwen de haven,"}},
		{"/search?about=Piet+de+Wit", 200, []string{"Kessler Shipping reageert"}},
		{"/search?about=Nobody", 200, []string{"No articles match.", "No quotes match."}},
		{"/search?limit=1", 200, []string{`href="/search?limit=1&amp;offset=1"`}},
		{"/search?from=soon", 400, []string{"400 · Bad Request", `parameter from=&#34;soon&#34;`}},
		{"/quotes", 200, []string{"<h1>Quotes</h1>", "4 quotes, 1–4 shown", "Wij bouwen de haven,"}},
		{"/quotes?speaker=Piet+de+Wit&about=E1", 200, []string{"<h1>Quotes by Piet de Wit about Anna Berg</h1>", "1 quote, 1–1 shown", "Anna Berg zich vergist"}},
		{"/quotes?speaker=Nobody", 200, []string{"Quotes by Nobody", "No quotes match."}},
		{"/quotes?limit=2&offset=2", 200, []string{"3–4 shown", `href="/quotes?limit=2&amp;offset=0"`}},
		{"/quotes?limit=2", 200, []string{`href="/quotes?limit=2&amp;offset=2"`}},
		{"/quotes?to=x", 400, []string{"400"}},
		{"/articles/a1", 200, []string{"Mayor rejects port plan", `class="quote direct" id="quote-q1"`,
			`<a class="ent t-per" href="/entities/E1" title="Anna Berg (PER)">Anna Berg</a>`, `<span class="cue">said</span>`,
			`<span class="event-type">REJECT</span>`}},
		{"/articles/a2", 200, []string{`<a class="speaker ent t-per" href="/entities/E3" title="Piet de Wit (PER)">hij</a>`}},
		{"/articles/missing", 404, []string{"404 · Not Found", "article &#34;missing&#34;: not found"}},
		{"/entities/E3", 200, []string{"Piet de Wit", "What Piet de Wit said <span class=\"n\">2</span>",
			"Wij bouwen de haven,", `data-entity="E3"`, "<svg", "2026-03-03"}},
		{"/entities/E1", 200, []string{"What was said about Anna Berg <span class=\"n\">1</span>", "Anna Berg zich vergist"}},
		{"/entities/E404", 404, []string{"404 · Not Found"}},
		{"/network", 200, []string{`class="graph large" data-entity="" data-max-nodes="60"`, `src="/static/network.js"`}},
		{"/network?entity=Anna+Berg&max_nodes=10", 200, []string{`data-entity="E1" data-max-nodes="10"`, "Network of"}},
		{"/network?entity=Nobody", 404, []string{"404"}},
		{"/network?max_nodes=x", 400, []string{"400"}},
		// Events: a1/v1 Anna Berg REJECT Kessler Shipping, a2/v1 Piet de Wit
		// DISAPPROVE Anna Berg.
		{"/entities/E1", 200, []string{`<h2>Events <span class="n">2</span></h2>`,
			`<a class="etype verbal-conflict" href="/events?actor=E1&amp;type=DISAPPROVE">DISAPPROVE <span class="n">1</span></a>`,
			`Mayor Anna Berg <mark title="trigger">rejected</mark> the port plan on Monday.`,
			`<a class="actor" href="/entities/E2">Kessler Shipping</a> <code title="actor code">FRA-BUS</code>`,
			"<h2>Events with</h2>", `href="/dyad?a=E1&amp;b=E3"`, "→0 ←1", `href="/dyad?a=E1&amp;b=E2"`, "→1 ←0"}},
		{"/events", 200, []string{"<h1>Events</h1>", "2 events, 1–2 shown, latest first", "zich <mark title=\"trigger\">vergist</mark>."}},
		{"/events?actor=Anna+Berg&other=E3", 200, []string{"<h1>Events of Anna Berg with Piet de Wit</h1>", "1 event, 1–1 shown", "DISAPPROVE"}},
		{"/events?type=reject&limit=1", 200, []string{"1 event", `value="REJECT"`, "rejected"}},
		{"/events?actor=Nobody", 200, []string{"Events of Nobody", "No events match."}},
		{"/events?limit=1", 200, []string{`href="/events?limit=1&amp;offset=1"`}},
		{"/events?type=BOMB", 400, []string{"400", "PLOVER"}},
		{"/dyad?a=Anna+Berg&b=Piet+de+Wit", 200, []string{`<a class="chip t-per" href="/entities/E1" title="PER">Anna Berg</a> ⇄`,
			"Events between them <span class=\"n\">1</span>", "<svg", "<h2>Piet de Wit → Anna Berg</h2>",
			`<span class="etype verbal-conflict">DISAPPROVE</span> <span class="n">1</span>`, `href="/events?actor=E1&amp;other=E3"`}},
		{"/dyad?a=Anna+Berg&b=Nobody", 200, []string{"Nothing known as “Nobody”."}},
		{"/dyad?a=E1", 400, []string{"400"}},
		{"/nowhere", 404, []string{"404 · Not Found"}},
		{"/static/style.css", 200, []string{"--per"}},
		{"/static/network.js", 200, []string{"/api/network?"}},
		{"/static/", 404, nil},
	}
	for _, tt := range tests {
		code, body := get(t, h, tt.target)
		if code != tt.code {
			t.Errorf("GET %s: status %d, want %d", tt.target, code, tt.code)
		}
		for _, s := range tt.want {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s: page lacks %q\n%s", tt.target, s, body)
			}
		}
	}
}

var inlineScript = regexp.MustCompile(`<script(\s[^>]*)?>`)

// TestEscaped checks that a quote holding markup is shown as text on
// every page that shows it, and that pages hold no inline script (the
// Content-Security-Policy would block it anyway).
func TestEscaped(t *testing.T) {
	h := newHandler(t)
	for _, target := range []string{"/", "/search?q=plan", "/articles/a1", "/entities/E1", "/quotes?speaker=E1", "/search?q=%3Cscript%3E"} {
		_, body := get(t, h, target)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "alert(1)</script>") {
			t.Errorf("GET %s: markup from a quote reached the page unescaped", target)
		}
		if target != "/search?q=%3Cscript%3E" && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s: page does not show the quote's markup as text", target)
		}
		for _, m := range inlineScript.FindAllString(body, -1) {
			if !strings.Contains(m, `src="/static/`) {
				t.Errorf("GET %s: inline script %s", target, m)
			}
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("GET /: Content-Security-Policy %q", csp)
	}
}

// TestEventsEscaped checks that an event's sentence, actor names and codes
// are shown as text on the pages that show events.
func TestEventsEscaped(t *testing.T) {
	st := servertest.New()
	text := `Mayor <img src=x onerror=alert(1)> rejected the plan of <b>Kessler</b>.`
	at := func(s string) article.Span {
		i := strings.Index(text, s)
		return article.Span{Start: i, End: i + len(s)}
	}
	name := func(s string) []article.Mention {
		sp := at(s)
		return []article.Mention{{Start: sp.Start, End: sp.End, Text: s, Kind: article.MentionName}}
	}
	a := &article.Article{ID: "x1", Source: "<i>Wire</i>", Date: "2026-03-05", Lang: "en", Title: "<script>t()</script>", Text: text,
		Entities: []article.Entity{
			{ID: "e1", Name: "<img src=x onerror=alert(1)>", Type: article.PER, Mentions: name("<img src=x onerror=alert(1)>")},
			{ID: "e2", Name: "<b>Kessler</b>", Type: article.ORG, Mentions: name("<b>Kessler</b>")},
		},
		Events: []article.Event{{ID: "v1", Type: "REJECT", Trigger: "rejected", TriggerAt: at("rejected"),
			Sentence: article.Span{Start: 0, End: len(text)}, Date: "2026-03-05", DateGrain: "day", Confidence: 0.5,
			Source: &article.EventActor{Entity: "e1", Name: "<img src=x onerror=alert(1)>", Code: `"><x>`},
			Target: &article.EventActor{Entity: "e2", Name: "<b>Kessler</b>", Code: "NLD-BUS"}}},
	}
	if _, err := st.Put(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	h := server.New(st, nil, server.Options{UI: web.New(st, nil)})
	for _, target := range []string{"/entities/E1", "/entities/E2", "/events", "/dyad?a=E1&b=E2"} {
		code, body := get(t, h, target)
		if code != 200 {
			t.Fatalf("GET %s: %d\n%s", target, code, body)
		}
		for _, bad := range []string{"<img", "<b>", "<i>", `"><x>`, "<script>t"} {
			if strings.Contains(body, bad) {
				t.Errorf("GET %s: %q reached the page unescaped", target, bad)
			}
		}
		if !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("GET %s: the actor's name is not shown as text", target)
		}
	}
}

func BenchmarkEntityPage(b *testing.B) {
	h := newHandler(b)
	b.ReportAllocs()
	for b.Loop() {
		if code, body := get(b, h, "/entities/E1"); code != 200 {
			b.Fatalf("GET /entities/E1: %d %s", code, body)
		}
	}
}

func BenchmarkArticlePage(b *testing.B) {
	h := newHandler(b)
	b.ReportAllocs()
	for b.Loop() {
		if code, body := get(b, h, "/articles/a1"); code != 200 {
			b.Fatalf("GET /articles/a1: %d %s", code, body)
		}
	}
}

// failing is a store whose every read fails.
type failing struct{ store.Store }

func (failing) Stats(context.Context) (store.Stats, error) {
	return store.Stats{}, errors.New("disk on fire at /var/secret")
}

func (failing) Article(context.Context, string) (*article.Article, error) {
	return nil, fmt.Errorf("article: %w", context.DeadlineExceeded)
}

func TestStoreErrors(t *testing.T) {
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	h := server.New(failing{}, log, server.Options{UI: web.New(failing{}, log)})
	for target, code := range map[string]int{"/": 500, "/articles/a1": 503} {
		got, body := get(t, h, target)
		if got != code || strings.Contains(body, "secret") || !strings.Contains(body, "Something went wrong") {
			t.Errorf("GET %s with a failing store: %d\n%s", target, got, body)
		}
	}
	if !strings.Contains(logged.String(), "disk on fire") {
		t.Errorf("server error not logged: %s", logged.String())
	}
}

// FuzzPages sends arbitrary query strings to every page: never a server
// error, never markup from the query in the page.
func FuzzPages(f *testing.F) {
	for _, s := range []string{"q=%3Cscript%3E", "from=x", "about=Anna+Berg&q=plan", "entity=E1&max_nodes=0",
		"q=%22%3E%3Cimg+src%3Dx%3E", "offset=99999999999", "lang=xx&limit=1"} {
		f.Add(s)
	}
	h := newHandler(f)
	f.Fuzz(func(t *testing.T, raw string) {
		for _, path := range []string{"/", "/search", "/quotes", "/network", "/articles/a1", "/entities/E1"} {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.URL = &url.URL{Path: path, RawQuery: raw}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("GET %s?%s: status %d", path, raw, w.Code)
			}
			if strings.Contains(w.Body.String(), "<script>") || strings.Contains(w.Body.String(), "<img") {
				t.Fatalf("GET %s?%s: markup from the query reached the page", path, raw)
			}
		}
	})
}
