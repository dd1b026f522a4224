package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/metrics"
	"github.com/newsgraph/newsgraph/internal/queue/jetstream"
	"github.com/newsgraph/newsgraph/internal/queue/jetstream/jetstreamtest"
	"github.com/newsgraph/newsgraph/internal/queue/memqueue"
	"github.com/newsgraph/newsgraph/internal/queue/queuetest"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/postgres/pgtest"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
)

// Invented names and places for generated documents (no real data).
var (
	genFirst  = []string{"Anna", "Pieter", "Maria", "Jonas", "Claire", "Tomas", "Ingrid", "Mehmet", "Sofia", "Lukas", "Eva", "Karel"}
	genLast   = []string{"Verhoeven", "Brandt", "Lindqvist", "Moreau", "Janssen", "Kowalczyk", "Halvorsen", "Dubois", "Arslan", "Novak", "Bakker", "Fischer"}
	genPlace  = []string{"Utrecht", "Bremen", "Lyon", "Gent", "Aarhus", "Porto", "Graz", "Tampere"}
	genOrg    = []string{"the Harbour Authority", "the Rail Union", "the Water Board", "the Farmers Association"}
	genTopics = []string{"taxes", "the new bridge", "the harbour", "school budgets", "the rail strike", "housing"}
)

// workerGenDoc returns the i-th generated document: a small English article
// with a dateline, two people, a place, an organisation, a direct and an
// indirect quote. Texts differ by i, so none is a duplicate of another.
func workerGenDoc(i int) *article.Article {
	p := func(k int) string {
		return genFirst[(i*7+k*5)%len(genFirst)] + " " + genLast[(i*11+k*3)%len(genLast)]
	}
	a, b := p(1), p(2)
	place := genPlace[i%len(genPlace)]
	org := genOrg[(i/3)%len(genOrg)]
	topic := genTopics[(i/5)%len(genTopics)]
	surname := b[strings.LastIndexByte(b, ' ')+1:]
	text := fmt.Sprintf("Mayor %s of %s spoke about %s on Tuesday, in meeting number %d. "+
		"\"We will not give up on %s,\" %s said. "+
		"%s, who leads %s, said the plan would cost %d million euros. "+
		"%s added that talks would go on.",
		a, place, topic, i, topic, a, b, org, 10+i%90, surname)
	return &article.Article{
		ID:     fmt.Sprintf("gen-%05d", i),
		Source: []string{"Wire", "Gazette", "Courier"}[i%3],
		Date:   fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28),
		Lang:   "en",
		Title:  fmt.Sprintf("%s on %s", a, topic),
		Text:   text,
	}
}

func workerTestLog(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelError}))
}

// faultQueueOptions make redelivery quick enough for a test.
func faultQueueOptions(log *slog.Logger) jetstream.Options {
	return jetstream.Options{
		MaxBytes:      256 << 20,
		AckWait:       3 * time.Second,
		MaxDeliver:    5,
		MaxAckPending: 64,
		RetryDelay:    50 * time.Millisecond,
		ConnectWait:   50 * time.Millisecond,
		MaxWait:       500 * time.Millisecond,
		ReconnectWait: 100 * time.Millisecond,
		Log:           log,
	}
}

// testWorker is one worker of the fault test: its own NATS connection,
// its own store pool and pipeline, as a separate process would have.
type testWorker struct {
	cancel context.CancelFunc
	done   chan error
	m      *workerMetrics
}

func startTestWorker(t *testing.T, url string, openStore func(context.Context) (store.Store, error), log *slog.Logger) *testWorker {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	q, err := jetstream.Open(ctx, url, faultQueueOptions(log))
	if err != nil {
		t.Fatal(err)
	}
	st, err := openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := newWorkerMetrics(metrics.NewRegistry())
	p, err := newEngine(slog.New(m.stageTimer(log.Handler())), engineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := &testWorker{cancel: cancel, done: make(chan error, 1), m: m}
	go func() {
		err := runWorker(ctx, log, q, st, p, 4, m)
		q.Close()
		st.Close()
		w.done <- err
	}()
	return w
}

// stop cancels the worker as SIGTERM does and waits for it to finish the
// documents in flight.
func (w *testWorker) stop(t *testing.T) {
	t.Helper()
	w.cancel()
	select {
	case err := <-w.done:
		if err != nil {
			t.Errorf("worker returned %v after cancel, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("worker did not stop within 30s of cancel")
	}
}

func workerCountRows(t *testing.T, dsn, query string) int {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// faultStores returns how to open the store of the distributed run and
// that of the single-process run, and how to count their article-entity
// links (-1 when it cannot): PostgreSQL schemas when a server is
// reachable (always under CI=true), else SQLite files.
func faultStores(t *testing.T) (kind string, open, openRef func(context.Context) (store.Store, error), links func(ref bool) int) {
	if err := pgtest.Available(); err != nil && os.Getenv("CI") != "true" {
		t.Logf("PostgreSQL unreachable (%v): the fault test runs on SQLite", err)
		dir := t.TempDir()
		open = func(context.Context) (store.Store, error) { return sqlite.Open(filepath.Join(dir, "news.db")) }
		openRef = func(context.Context) (store.Store, error) { return sqlite.Open(filepath.Join(dir, "ref.db")) }
		return "SQLite", open, openRef, func(bool) int { return -1 }
	}
	dsn, refDSN := pgtest.Schema(t), pgtest.Schema(t)
	open = func(ctx context.Context) (store.Store, error) { return postgres.Open(ctx, dsn) }
	openRef = func(ctx context.Context) (store.Store, error) { return postgres.Open(ctx, refDSN) }
	links = func(ref bool) int {
		d := dsn
		if ref {
			d = refDSN
		}
		return workerCountRows(t, d, "SELECT count(*) FROM article_entities")
	}
	return "PostgreSQL", open, openRef, links
}

// TestWorkerFault runs 3 workers over 5,000 documents through an embedded
// NATS server into PostgreSQL (SQLite when no PostgreSQL server is
// reachable outside CI), stops one worker mid-run and starts
// another, and restarts the NATS server once. Every document must be
// stored exactly once, with the quotes and entities that a single-process
// run over the same input stores.
func TestWorkerFault(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test: 5,000 documents through NATS and PostgreSQL; skipped with -short")
	}
	const n = 5000
	kind, openStore, openRef, links := faultStores(t)
	srv := jetstreamtest.Start(t)
	log := workerTestLog(t)
	ctx := t.Context()

	pub, err := jetstream.Open(ctx, srv.URL(), faultQueueOptions(log))
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	for i := range n {
		if _, err := pub.Publish(ctx, workerGenDoc(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Two poison messages: not an article at all, and one without an id.
	pub.PublishRaw(ctx, "poison-1", []byte("this is not JSON"))
	pub.PublishRaw(ctx, "poison-2", []byte(`{"text": "an article without an id"}`))

	start := time.Now()
	workers := []*testWorker{
		startTestWorker(t, srv.URL(), openStore, log),
		startTestWorker(t, srv.URL(), openStore, log),
		startTestWorker(t, srv.URL(), openStore, log),
	}
	st, err := openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored := func() int {
		s, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s.Documents
	}
	waitFor := func(k int) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); stored() < k; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d documents stored after 60s", stored(), k)
			}
		}
	}

	waitFor(n / 5)
	workers[0].stop(t) // SIGTERM: in-flight documents finish, buffered ones go back
	workers = append(workers, startTestWorker(t, srv.URL(), openStore, log))
	t.Logf("worker 1 stopped and worker 4 started at %d stored", stored())

	waitFor(n / 2)
	srv.Restart()
	t.Logf("NATS server restarted at %d stored", stored())

	queuetest.WaitDrained(t, pub, 90*time.Second)
	took := time.Since(start)
	for _, w := range workers[1:] {
		w.stop(t)
	}

	if got := stored(); got != n {
		t.Errorf("%d documents stored, want %d", got, n)
	}
	for i := range n {
		if ok, err := st.Has(ctx, workerGenDoc(i).ID); err != nil || !ok {
			t.Fatalf("Has(%s) = %v, %v after the run, want true", workerGenDoc(i).ID, ok, err)
		}
	}
	var added, dup float64
	for _, w := range workers {
		added += w.m.processed.With("added").Value()
		dup += w.m.processed.With("duplicate").Value()
	}
	if added != n {
		t.Errorf("workers added %v documents, want %d (each exactly once)", added, n)
	}
	dead, err := pub.DeadLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 2 {
		t.Errorf("%d dead letters, want the 2 poison messages: %+v", len(dead), dead)
	}
	t.Logf("%s: %d documents in %v with %v redelivered duplicates, %d dead letters", kind, n, took.Round(time.Millisecond), dup, len(dead))

	// The single-process reference: the same documents, one pipeline, in order.
	ref, err := openRef(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	p, err := newEngine(log, engineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mq := memqueue.New(memqueue.Options{Capacity: n})
	for i := range n {
		mq.Publish(ctx, workerGenDoc(i))
	}
	rctx, rcancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- runWorker(rctx, log, mq, ref, p, 8, newWorkerMetrics(metrics.NewRegistry())) }()
	queuetest.WaitDrained(t, mq, 120*time.Second)
	rcancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	got, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want.Quotes == 0 || want.Mentions == 0 {
		t.Fatalf("reference run stored %d quotes and %d mentions: the generated documents should have both", want.Quotes, want.Mentions)
	}
	if got.Documents != want.Documents || got.Quotes != want.Quotes || got.Mentions != want.Mentions {
		t.Errorf("distributed run stored %d documents, %d quotes, %d mentions; single process %d, %d, %d",
			got.Documents, got.Quotes, got.Mentions, want.Documents, want.Quotes, want.Mentions)
	}
	if g, w := links(false), links(true); g != w {
		t.Errorf("distributed run linked %d article entities, single process %d", g, w)
	}
	// Store-wide entities may differ with the order of arrival (a lone
	// surname joins only a person already stored), so they are reported.
	t.Logf("stored: %d documents, %d quotes, %d mentions, %d store-wide entities (single process: %d)",
		got.Documents, got.Quotes, got.Mentions, got.Entities, want.Entities)
}

// TestWorkerCommand runs "newsgraph publish" and "newsgraph worker" as
// main does, against an embedded NATS server and a PostgreSQL schema,
// checks /healthz and /metrics, and stops the worker as SIGTERM does.
func TestWorkerCommand(t *testing.T) {
	dsn := pgtest.Schema(t)
	srv := jetstreamtest.Start(t)
	dir := t.TempDir()
	for i := range 20 {
		a := workerGenDoc(i)
		data := fmt.Sprintf(" date %s %s\n\n%s\n\n%s\n", a.Date, "Utrecht", a.Source, a.Text)
		if err := os.WriteFile(filepath.Join(dir, a.ID+".txt"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "broken.jsonl"), []byte("{not json\n"), 0o644)
	var out strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard, log: workerTestLog(t)}
	err := run(t.Context(), e, []string{"publish", "--nats", srv.URL(), dir})
	if err != errSome {
		t.Errorf("publish with one broken input = %v, want errSome", err)
	}
	if !strings.Contains(out.String(), "publish: 20 published, 0 duplicates dropped, 1 failed") {
		t.Errorf("publish summary = %q", out.String())
	}
	out.Reset()
	if err := publish(t.Context(), e, srv.URL(), []string{filepath.Join(dir, "gen-00001.txt")}); err != nil {
		t.Errorf("publish again: %v", err)
	}
	if !strings.Contains(out.String(), "0 published, 1 duplicates dropped") {
		t.Errorf("publish of a duplicate: summary %q", out.String())
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, e, []string{"worker", "--nats", srv.URL(), "--postgres", dsn, "--metrics-addr", addr, "--concurrency", "2"})
	}()
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		s, err := st.Stats(t.Context())
		if err == nil && s.Documents == 20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker stored %d of 20 documents in 60s (err %v)", s.Documents, err)
		}
	}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}
	// The acknowledgement follows the commit: wait for the lag to reach 0.
	var body string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, body = get("/metrics")
		if strings.Contains(body, "\nnewsgraph_queue_lag 0\n") || time.Now().After(deadline) {
			break
		}
	}
	for _, want := range []string{
		`newsgraph_documents_processed_total{result="added"} 20`,
		"newsgraph_queue_lag 0\n",
		"newsgraph_queue_dead_letters_total 0\n",
		`newsgraph_stage_seconds_count{stage="store"} 20`,
		`newsgraph_stage_seconds_count{stage="extract"} 20`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
	// The pipeline's own stages, whatever their names, are timed too.
	stages := 0
	for line := range strings.Lines(body) {
		if strings.HasPrefix(line, `newsgraph_stage_seconds_count{stage="`) && strings.HasSuffix(line, "} 20\n") &&
			!strings.Contains(line, `"store"`) && !strings.Contains(line, `"extract"`) {
			stages++
		}
	}
	if stages == 0 {
		t.Errorf("/metrics has no pipeline stage timed 20 times:\n%s", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("worker after SIGTERM = %v, want nil (exit 0)", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("worker did not stop within 20s of SIGTERM")
	}
}

func TestWorkerFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"worker"}, "give one of --postgres and --db"},
		{[]string{"worker", "--db", "x.db", "--postgres", "postgres://x"}, "give one of --postgres and --db"},
		{[]string{"worker", "--db", "x.db", "extra"}, `unexpected argument "extra"`},
		{[]string{"publish"}, "no inputs"},
	}
	for _, tt := range tests {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, log: workerTestLog(t)}
		err := run(t.Context(), e, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v, want an error with %q", tt.args, err, tt.want)
		}
	}
}

// TestWorkerSQLiteMemqueue runs the worker loop on the in-process queue
// into SQLite: the single-process mode needs neither NATS nor PostgreSQL.
func TestWorkerSQLiteMemqueue(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log := workerTestLog(t)
	p, err := newEngine(log, engineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := memqueue.New(memqueue.Options{})
	for i := range 50 {
		q.Publish(t.Context(), workerGenDoc(i))
	}
	q.PublishRaw(t.Context(), "x", []byte("[]"))
	ctx, cancel := context.WithCancel(t.Context())
	m := newWorkerMetrics(metrics.NewRegistry())
	done := make(chan error, 1)
	go func() { done <- runWorker(ctx, log, q, st, p, 2, m) }()
	queuetest.WaitDrained(t, q, 30*time.Second)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s, err := st.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != 50 || m.processed.With("added").Value() != 50 {
		t.Errorf("stored %d documents, added %v; want 50", s.Documents, m.processed.With("added").Value())
	}
	dead, _ := q.DeadLetters(t.Context())
	if len(dead) != 1 {
		t.Errorf("dead letters = %+v, want the one invalid message", dead)
	}
}

// workerBenchDocs returns up to max real articles of the benchmark corpus,
// spread over all its files (every language) and in a fixed shuffled
// order, so that any prefix is a mix.
func workerBenchDocs(b *testing.B, max int) []*article.Article {
	dir := filepath.Join("..", "..", "..", "shared", "data", "bench", "news-multilingual")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("benchmark corpus %s absent: %v", dir, err)
	}
	var all []*article.Article
	for item := range ingest.Read(b.Context(), []string{dir}, nil, ingest.Options{}) {
		if item.Err == nil {
			all = append(all, item.Article)
		}
	}
	if len(all) == 0 {
		b.Skip("no documents in the benchmark corpus")
	}
	step := float64(len(all)) / float64(min(max, len(all)))
	var docs []*article.Article
	for f := 0.0; int(f) < len(all) && len(docs) < max; f += step {
		docs = append(docs, all[int(f)])
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return docs
}

func workerCPUTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// postgresCPU returns the CPU time of each process of the local
// PostgreSQL server by pid, or nil when /proc does not show them.
func postgresCPU() map[int]time.Duration {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	out := map[int]time.Duration{}
	for _, f := range stats {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		s := string(data)
		i := strings.LastIndexByte(s, ')')
		if i < 0 || !strings.Contains(s[:i], "(postgres") {
			continue
		}
		fields := strings.Fields(s[i+1:])
		if len(fields) < 13 {
			continue
		}
		var pid int
		var u, k int64
		fmt.Sscan(s[:strings.IndexByte(s, ' ')], &pid)
		fmt.Sscan(fields[11], &u)
		fmt.Sscan(fields[12], &k)
		out[pid] = time.Duration(u+k) * 10 * time.Millisecond // USER_HZ is 100 on Linux
	}
	return out
}

// postgresCPUSince returns the CPU time the server's processes used since
// before: an upper bound of what the benchmark cost it, since other
// clients' backends started meanwhile count too (those that ended do not).
func postgresCPUSince(before map[int]time.Duration) time.Duration {
	var d time.Duration
	for pid, t := range postgresCPU() {
		d += t - before[pid]
	}
	return d
}

// BenchmarkWorkers measures documents per second through NATS JetStream
// (embedded), the extraction pipeline and PostgreSQL with 1 and 2 worker
// connections of 2 extraction goroutines each, on real articles of
// shared/data/bench. It reports docs/s and the CPU time of this process
// (workers and the embedded NATS server) per document, and the CPU time
// of the PostgreSQL server's processes per document (a bound: it counts
// other clients of the server too).
func BenchmarkWorkers(b *testing.B) {
	docs := workerBenchDocs(b, 2000)
	for _, nw := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", nw), func(b *testing.B) {
			dsn := pgtest.Schema(b)
			srv := jetstreamtest.Start(b)
			log := slog.New(slog.DiscardHandler)
			pub, err := jetstream.Open(b.Context(), srv.URL(), jetstream.Options{Log: log})
			if err != nil {
				b.Fatal(err)
			}
			defer pub.Close()
			var wg sync.WaitGroup
			ctx, cancel := context.WithCancel(context.Background())
			for range nw {
				q, err := jetstream.Open(ctx, srv.URL(), jetstream.Options{Log: log})
				if err != nil {
					b.Fatal(err)
				}
				st, err := postgres.Open(ctx, dsn)
				if err != nil {
					b.Fatal(err)
				}
				p, err := newEngine(log, engineOptions{})
				if err != nil {
					b.Fatal(err)
				}
				wg.Go(func() {
					runWorker(ctx, log, q, st, p, 2, newWorkerMetrics(metrics.NewRegistry()))
					q.Close()
					st.Close()
				})
			}
			defer func() { cancel(); wg.Wait() }()
			// Warm up: models load on first use, once per process.
			warm, err := newEngine(log, engineOptions{})
			if err != nil {
				b.Fatal(err)
			}
			for _, a := range docs[:min(len(docs), 20)] {
				c := *a
				warm.Process(b.Context(), &c)
			}
			const batch = 50
			var bytes int64
			next, round := 0, 0
			cpu0, pg0, start := workerCPUTime(), postgresCPU(), time.Now()
			for b.Loop() {
				for range batch {
					a := *docs[next%len(docs)]
					a.ID = fmt.Sprintf("%s-r%d", a.ID, round)
					a.Text += fmt.Sprintf("\n\n(%d)", round) // a new text each round
					bytes += int64(len(a.Text))
					if _, err := pub.Publish(b.Context(), &a); err != nil {
						b.Fatal(err)
					}
					next++
					if next%len(docs) == 0 {
						round++
					}
				}
				queuetest.WaitDrained(b, pub, 5*time.Minute)
			}
			n := float64(b.N * batch)
			b.SetBytes(bytes / int64(b.N))
			b.ReportMetric(n/time.Since(start).Seconds(), "docs/s")
			b.ReportMetric(float64(workerCPUTime()-cpu0)/1e6/n, "cpu-ms/doc")
			if len(pg0) > 0 {
				b.ReportMetric(float64(postgresCPUSince(pg0))/1e6/n, "pg-cpu-ms/doc")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkExtract measures the pipeline alone on the same articles, one
// goroutine: the CPU floor of a worker.
func BenchmarkExtract(b *testing.B) {
	docs := workerBenchDocs(b, 500)
	p, err := newEngine(slog.New(slog.DiscardHandler), engineOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var bytes int64
	i := 0
	b.ReportAllocs()
	cpu0 := workerCPUTime()
	for b.Loop() {
		a := *docs[i%len(docs)]
		bytes += int64(len(a.Text))
		if err := p.Process(b.Context(), &a); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.SetBytes(bytes / int64(b.N))
	b.ReportMetric(float64(workerCPUTime()-cpu0)/1e6/float64(b.N), "cpu-ms/doc")
}

// TestWorkerUnreachable: with PostgreSQL or NATS down, a worker logs and
// retries with backoff instead of exiting, and a SIGTERM meanwhile is a
// clean stop.
func TestWorkerUnreachable(t *testing.T) {
	srv := jetstreamtest.Start(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"postgres", []string{"worker", "--nats", srv.URL(), "--postgres", "postgres://nobody@127.0.0.1:1/none?sslmode=disable"}, "postgres unavailable, retrying"},
		{"nats", []string{"worker", "--nats", "nats://127.0.0.1:1", "--db", filepath.Join(t.TempDir(), "news.db")}, "nats unavailable, retrying"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs workerLogBuffer
			e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
				log: slog.New(slog.NewTextHandler(&logs, nil))}
			ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
			defer cancel()
			start := time.Now()
			if err := run(ctx, e, tt.args); err != nil {
				t.Errorf("worker stopped while %s was down: %v, want nil", tt.name, err)
			}
			if d := time.Since(start); d < time.Second {
				t.Errorf("worker gave up after %v, want it to retry until stopped", d)
			}
			if n := strings.Count(logs.String(), tt.want); n < 2 {
				t.Errorf("logged %q %d times, want retries:\n%s", tt.want, n, logs.String())
			}
		})
	}
}

// workerLogBuffer is a strings.Builder safe for concurrent log writes.
type workerLogBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *workerLogBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *workerLogBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
