package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
	"github.com/newsgraph/newsgraph/internal/web"
)

// skipUnlessCI skips a test that needs something absent here, and fails it
// under CI=true, where everything the tests need is installed.
func skipUnlessCI(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// startDemo ingests the example articles into a fresh SQLite store and
// serves it on a free loopback port until the test ends.
func startDemo(t *testing.T) string {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	n, err := loadExamples(t.Context(), log, st)
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Fatalf("loaded %d example articles, want at least 8", n)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveOn(ctx, log, st, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serveOn: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// artefacts returns the directory for test artefacts: $NEWSGRAPH_ARTEFACTS
// when set, else a temporary directory.
func artefacts(t *testing.T) string {
	dir := os.Getenv("NEWSGRAPH_ARTEFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func browser(t *testing.T) context.Context {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		skipUnlessCI(t, "chromium is not installed (apt-get install chromium): browser test skipped")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelCtx)
	// The first Run starts the browser, which lives as long as bctx: no
	// timeout on it; the steps get one below.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium %s: %v", bin, err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100: PNG
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}

// TestBrowser drives chromium through the demo: the start page, a search
// for a person of the example articles, their entity page with their
// quotes, an article, and the network page.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ctx := browser(t)
	base := startDemo(t)
	dir := artefacts(t)
	const name, surname = "Marieke van Dalen", "Dalen" // speaks in four of the examples

	// Every console error or uncaught exception fails the test: a script
	// error, or something the Content-Security-Policy blocked.
	cctx, stopConsole := context.WithCancel(ctx)
	var consoleErrs []string
	consoleDone := make(chan struct{})
	messages := chromedp.Console(cctx)
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				consoleErrs = append(consoleErrs, m.String())
			}
		}
	}()
	defer func() {
		stopConsole()
		<-consoleDone
		for _, m := range consoleErrs {
			t.Errorf("browser console: %s", m)
		}
	}()

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
	); err != nil {
		t.Fatalf("open %s/: %v", base, err)
	}
	if title, err := chromedp.Run(ctx, chromedp.Title()); err != nil || !strings.Contains(title, "newsgraph") {
		t.Errorf("start page title %q, %v", title, err)
	}
	screenshot(t, ctx, dir, "home.png")

	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#q"), name),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS(".found-entities")),
	); err != nil {
		t.Fatalf("search %q: %v", name, err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if u, perr := url.Parse(location); err != nil || perr != nil || u.Path != "/search" || u.Query().Get("q") != name {
		t.Errorf("search went to %s (%v)", location, err)
	}
	screenshot(t, ctx, dir, "search.png")

	// Open the first person in the results whose name holds the surname.
	person := `//section[@class="found-entities"]//a[contains(@class,"t-per") and contains(., "` + surname + `")]`
	if err := chromedp.Do(ctx,
		chromedp.Click(person),
		chromedp.WaitVisible(chromedp.CSS(".entity-head h1")),
	); err != nil {
		t.Fatalf("open the entity page: %v", err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".entity-head h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, surname) {
		t.Errorf("entity page heading %q lacks %q", heading, surname)
	}
	quotes, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".quotes-by .quote-card").length`))
	if err != nil {
		t.Fatal(err)
	}
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".quotes-by blockquote"), b => b.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	location, _ = chromedp.Run(ctx, chromedp.Location())
	t.Logf("entity page %s: %q, %d quotes by them: %q", location, heading, quotes, texts)
	if quotes == 0 {
		t.Errorf("entity page of %q shows no quotes by them", heading)
	}
	// The graph of the entity page draws once /api/network answers.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".graph[data-nodes]"))); err != nil {
		t.Errorf("entity network: %v", err)
	}
	screenshot(t, ctx, dir, "entity.png")
	panel, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".events-panel").length`))
	if err != nil || panel != 1 {
		t.Errorf("entity page has %d events panels (%v), want 1", panel, err)
	}

	// The events page: every event marks its trigger in its sentence.
	// From the first event between two known entities, their dyad page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/events?limit=100"),
		chromedp.WaitVisible(chromedp.CSS(".event-card mark")),
	); err != nil {
		t.Errorf("events page: %v", err)
	} else {
		screenshot(t, ctx, dir, "events.png")
		unmarked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".event-card .sentence:not(:has(mark))").length`))
		if err != nil || unmarked > 0 {
			t.Errorf("%d events whose trigger is not marked in their sentence (%v)", unmarked, err)
		}
		pair, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
			for (const c of document.querySelectorAll(".event-card")) {
				const a = c.querySelectorAll(".event-line a.actor");
				if (a.length == 2) return [a[0].getAttribute("href"), a[1].getAttribute("href")];
			}
			return [];
		})()`))
		if err != nil || len(pair) != 2 {
			t.Errorf("no event between two entities on the events page (%v)", err)
		} else {
			ida, idb := pair[0][strings.LastIndex(pair[0], "/")+1:], pair[1][strings.LastIndex(pair[1], "/")+1:]
			if err := chromedp.Do(ctx,
				chromedp.Navigate(base+"/dyad?a="+url.QueryEscape(ida)+"&b="+url.QueryEscape(idb)),
				chromedp.WaitVisible(chromedp.CSS(".event-list .event-card")),
				chromedp.WaitVisible(chromedp.CSS(".timeline svg")),
			); err != nil {
				t.Errorf("dyad page %s / %s: %v", ida, idb, err)
			} else {
				screenshot(t, ctx, dir, "dyad.png")
			}
		}
	}
	// Back to the entity page for what follows.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(location),
		chromedp.WaitVisible(chromedp.CSS(".entity-head h1")),
	); err != nil {
		t.Fatalf("back to %s: %v", location, err)
	}

	if quotes > 0 {
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(".quotes-by .quote-card figcaption .meta a")),
			chromedp.WaitVisible(chromedp.CSS(".text .quote")),
		); err != nil {
			t.Errorf("open an article from a quote: %v", err)
		} else {
			screenshot(t, ctx, dir, "article.png")
		}
	}

	// An article in German, with „…“ quotation marks.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/articles/de-01-cuxhaven-jobs"),
		chromedp.WaitVisible(chromedp.CSS(".text")),
	); err != nil {
		t.Fatalf("article page: %v", err)
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".text .quote").length`))
	if err != nil || marked == 0 {
		t.Errorf("German article shows %d highlighted quotes (%v)", marked, err)
	}
	screenshot(t, ctx, dir, "article-de.png")

	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/network"),
		chromedp.WaitVisible(chromedp.CSS(".graph[data-settled]")),
	); err != nil {
		t.Fatalf("network page: %v", err)
	}
	nodes, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(".graph"), "data-nodes"))
	if err != nil || nodes.Value == "" || nodes.Value == "0" {
		t.Errorf("network page drew %q nodes (%v)", nodes.Value, err)
	}
	screenshot(t, ctx, dir, "network.png")

	// Click the node of the person we searched for (or else the busiest
	// node): its entity page opens.
	id := location[strings.LastIndex(location, "/")+1:]
	type point struct {
		X, Y     float64
		ID, Name string
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[*point](
		`(g => g.nodePosition(`+strconv.Quote(id)+`) || g.nodePosition(g.firstNode))(document.querySelector(".graph"))`))
	if err != nil || p == nil {
		t.Fatalf("no node to click on the network page (%v)", err)
	}
	id = p.ID
	if err := chromedp.Do(ctx,
		chromedp.MouseClickXY(p.X, p.Y),
		chromedp.WaitVisible(chromedp.CSS(".entity-head h1")),
	); err != nil {
		t.Fatalf("click node %q at (%.0f, %.0f): %v", p.Name, p.X, p.Y, err)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(got, "/entities/"+id) {
		t.Errorf("clicking node %s went to %s", id, got)
	}
}

// benchDocs is how many articles of the bench corpus BenchmarkAPI adds to
// the examples: $NEWSGRAPH_BENCH_DOCS, else 900.
func benchDocs(b *testing.B) int {
	n := 900
	if s := os.Getenv("NEWSGRAPH_BENCH_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("NEWSGRAPH_BENCH_DOCS=%q: %v", s, err)
		}
	}
	return n
}

// BenchmarkAPI measures the search, quotes, entity and network handlers,
// and the entity page, end to end over SQLite (no network): the example
// articles plus an equal share of each file of the bench corpus, extracted
// with the engine. The 100,000-document latency study belongs to the store.
func BenchmarkAPI(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/data/bench/news-multilingual/*.jsonl")
	if len(files) == 0 {
		b.Skip("../shared/data/bench/news-multilingual is absent")
	}
	ctx := b.Context()
	log := slog.New(slog.DiscardHandler)
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := loadExamples(ctx, log, st); err != nil {
		b.Fatal(err)
	}
	eng, err := newEngine(log, engineOptions{})
	if err != nil {
		b.Fatal(err)
	}
	per := benchDocs(b) / len(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		lines := strings.SplitN(string(data), "\n", per+1)
		for _, line := range lines[:min(per, len(lines))] {
			a, err := ingest.ParseJSON([]byte(line))
			if err == nil {
				err = eng.Process(ctx, a)
			}
			if err == nil {
				_, err = st.Put(ctx, a)
			}
			if err != nil {
				b.Logf("%s: skipped: %v", f, err)
			}
		}
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	people, err := st.Entities(ctx, store.Query{Type: "PER", Limit: 1})
	if err != nil || len(people.Hits) == 0 {
		b.Fatalf("no person in the store: %v", err)
	}
	top := people.Hits[0]
	b.Logf("store: %d documents, %d quotes, %d entities; top person %q (%s)",
		stats.Documents, stats.Quotes, stats.Entities, top.Name, top.ID)

	h := server.New(st, log, server.Options{UI: web.New(st, log)})
	word := strings.Fields(top.Name)[len(strings.Fields(top.Name))-1]
	for _, bb := range []struct{ name, target string }{
		{"search", "/api/search?q=" + url.QueryEscape(word)},
		{"search-filtered", "/api/search?q=" + url.QueryEscape(word) + "&lang=en&limit=50"},
		{"quotes-speaker", "/api/quotes?speaker=" + url.QueryEscape(top.Name)},
		{"entity", "/api/entities/" + url.PathEscape(top.ID)},
		{"entity-page", "/entities/" + url.PathEscape(top.ID)},
		{"network", "/api/network?entity=" + url.QueryEscape(top.ID)},
		{"search-page", "/search?q=" + url.QueryEscape(top.Name)},
		{"stats", "/api/stats"},
		{"entities-prefix", "/api/entities?q=" + url.QueryEscape(word[:min(3, len(word))])},
		{"home-page", "/"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, bb.target, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s: %d %s", bb.target, w.Code, w.Body)
				}
				n = w.Body.Len()
			}
			b.SetBytes(int64(n))
		})
	}
}

// urlWriter passes log output to the test log and sends the url= value of
// the "serving" line on found.
type urlWriter struct {
	t     *testing.T
	found chan string
}

func (w urlWriter) Write(p []byte) (int, error) {
	line := string(p)
	w.t.Log(strings.TrimSpace(line))
	if strings.Contains(line, "msg=serving") {
		if _, u, ok := strings.Cut(line, " url="); ok {
			select {
			case w.found <- strings.Fields(u)[0]:
			default:
			}
		}
	}
	return len(p), nil
}

// TestServeDemo runs "newsgraph serve --demo" on a free port, asks the API
// and a page, and stops it as SIGTERM would, by cancelling its context.
func TestServeDemo(t *testing.T) {
	found := make(chan string, 1)
	w := urlWriter{t, found}
	e := &env{stdin: strings.NewReader(""), stdout: w, stderr: w, log: slog.New(slog.NewTextHandler(w, nil))}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, e, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}) }()
	var base string
	select {
	case base = <-found:
	case err := <-done:
		t.Fatalf("serve --demo stopped early: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve --demo did not log its URL within 60s")
	}
	for _, path := range []string{"api/stats", "", "entities/does-not-exist"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		want := http.StatusOK
		if path == "entities/does-not-exist" {
			want = http.StatusNotFound
		}
		if res.StatusCode != want {
			t.Errorf("GET /%s: %d, want %d", path, res.StatusCode, want)
		}
		if path == "api/stats" && !strings.Contains(string(body), `"documents":9`) {
			t.Errorf("GET /api/stats = %s, want the 9 examples", body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15s of cancel")
	}
}

func TestServeFlags(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"serve"}, "--db, --postgres or --demo is required"},
		{[]string{"serve", "--db", missing}, "build a store with newsgraph ingest"},
		{[]string{"serve", "--demo", "extra"}, `unexpected argument "extra"`},
		{[]string{"serve", "--db", missing, "--addr", "nonsense"}, "build a store"},
	}
	for _, tt := range tests {
		var out strings.Builder
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &out, log: slog.New(slog.NewTextHandler(&out, nil))}
		err := run(t.Context(), e, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("newsgraph %s = %v, want an error with %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}
