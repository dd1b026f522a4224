package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/metrics"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/queue"
	"github.com/newsgraph/newsgraph/internal/queue/jetstream"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
)

func init() {
	commands["publish"] = command{"publish documents to NATS JetStream for newsgraph workers", publishCmd}
	commands["worker"] = command{"extract documents from NATS JetStream into a store (PostgreSQL or SQLite)", workerCmd}
}

// defaultNATS is the NATS URL when neither --nats nor NEWSGRAPH_NATS is set.
const defaultNATS = "nats://127.0.0.1:4222"

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

type publishConfig struct {
	NATS     string
	MaxMB    int
	Replicas int
}

func publishCmd(ctx context.Context, e *env, args []string) error {
	var cfg publishConfig
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.NATS, "nats", envOr("NEWSGRAPH_NATS", defaultNATS), "NATS server URL(s), comma-separated (env NEWSGRAPH_NATS)")
	fs.IntVar(&cfg.MaxMB, "max-mb", 16, "largest document accepted, in MiB")
	fs.IntVar(&cfg.Replicas, "replicas", 1, "stream replicas when the stream is created (3 in a NATS cluster)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsgraph publish [--nats URL] INPUT...\n\n"+
			"Reads INPUTs (files, directories, URLs, - for stdin; as extract does) and publishes\n"+
			"each document to the JetStream stream %s for newsgraph workers. A document\n"+
			"published again within the duplicate window is dropped by the server.\n\nflags:\n", jetstream.Stream)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("publish: no inputs")
	}
	return publishWith(ctx, e, cfg, fs.Args())
}

// publish reads inputs and publishes each document to the NATS server at
// natsURL, then writes a summary line. It returns errSome when some
// inputs failed (the others are published).
func publish(ctx context.Context, e *env, natsURL string, inputs []string) error {
	return publishWith(ctx, e, publishConfig{NATS: natsURL, MaxMB: 16, Replicas: 1}, inputs)
}

func publishWith(ctx context.Context, e *env, cfg publishConfig, inputs []string) error {
	log := e.log.With("component", "publish")
	q, err := jetstream.Open(ctx, cfg.NATS, jetstream.Options{Log: e.log, Name: "newsgraph publish", Replicas: cfg.Replicas, PublishOnly: true})
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer q.Close()
	start := time.Now()
	var published, dups, failed int
	opt := ingest.Options{MaxBytes: int64(cfg.MaxMB) << 20}
	for item := range ingest.Read(ctx, inputs, e.stdin, opt) {
		if item.Err != nil {
			failed++
			log.WarnContext(ctx, "document failed", "name", item.Name, "err", item.Err)
			continue
		}
		added, err := q.Publish(ctx, item.Article)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			failed++
			log.WarnContext(ctx, "document not published", "name", item.Name, "article_id", item.Article.ID, "err", err)
			continue
		}
		if added {
			published++
		} else {
			dups++
		}
	}
	took := time.Since(start)
	fmt.Fprintf(e.stdout, "publish: %d published, %d duplicates dropped, %d failed in %s (%.1f docs/s) to %s\n",
		published, dups, failed, took.Round(time.Millisecond), float64(published+dups)/max(took.Seconds(), 1e-9), cfg.NATS)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if failed > 0 {
		return errSome
	}
	return nil
}

type workerConfig struct {
	NATS          string
	Postgres      string
	DB            string
	Concurrency   int
	MetricsAddr   string
	Lang          string
	NoNER         bool
	Aliases       string
	AckWait       time.Duration
	MaxDeliver    int
	MaxAckPending int
	Replicas      int
}

func workerCmd(ctx context.Context, e *env, args []string) error {
	var cfg workerConfig
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.NATS, "nats", envOr("NEWSGRAPH_NATS", defaultNATS), "NATS server URL(s), comma-separated (env NEWSGRAPH_NATS)")
	fs.StringVar(&cfg.Postgres, "postgres", os.Getenv("NEWSGRAPH_POSTGRES"), "PostgreSQL DSN of the shared store (env NEWSGRAPH_POSTGRES)")
	fs.StringVar(&cfg.DB, "db", "", "SQLite store file instead of --postgres (one machine only)")
	fs.IntVar(&cfg.Concurrency, "concurrency", runtime.GOMAXPROCS(0), "documents extracted at once by this worker")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", "", "serve /healthz and /metrics (Prometheus) on this address, e.g. :9090")
	fs.StringVar(&cfg.Lang, "lang", "", "force this language (ISO 639-1) instead of detecting it")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "use the entity rules only, not the trained taggers")
	fs.StringVar(&cfg.Aliases, "aliases", "", "alias file: alias<TAB>canonical name<TAB>type per line")
	fs.DurationVar(&cfg.AckWait, "ack-wait", time.Minute, "redeliver a document not acknowledged within this")
	fs.IntVar(&cfg.MaxDeliver, "max-deliver", 5, "attempts before a document goes to the dead-letter subject")
	fs.IntVar(&cfg.MaxAckPending, "max-ack-pending", 512, "documents in flight over all workers (backpressure)")
	fs.IntVar(&cfg.Replicas, "replicas", 1, "stream replicas (3 in a NATS cluster)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsgraph worker [--nats URL] (--postgres DSN | --db FILE) [flags]\n\n"+
			"Pulls documents published with newsgraph publish from the JetStream consumer %q,\n"+
			"extracts entities and quotes, stores them, and acknowledges each document only\n"+
			"after it is committed. Run any number of workers on any number of machines.\n"+
			"SIGTERM finishes the documents in flight and exits 0.\n\nflags:\n", jetstream.Consumer)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("worker: unexpected argument %q", fs.Arg(0))
	}
	if (cfg.Postgres == "") == (cfg.DB == "") {
		fs.Usage()
		return errors.New("worker: give one of --postgres and --db")
	}
	log := e.log.With("component", "worker")
	reg := metrics.NewRegistry()
	m := newWorkerMetrics(reg)

	var aliases *identity.Aliases
	if cfg.Aliases != "" {
		var err error
		if aliases, err = identity.LoadAliases(cfg.Aliases); err != nil {
			return fmt.Errorf("worker: %w", err)
		}
	}
	st, err := openStore(ctx, log, cfg, aliases)
	if err != nil {
		if ctx.Err() != nil {
			log.InfoContext(context.Background(), "stopped while waiting for the store", "err", err)
			return nil // SIGTERM while PostgreSQL was unreachable: a requested stop
		}
		return fmt.Errorf("worker: %w", err)
	}
	defer st.Close()
	q, err := jetstream.Open(ctx, cfg.NATS, jetstream.Options{
		AckWait: cfg.AckWait, MaxDeliver: cfg.MaxDeliver, MaxAckPending: cfg.MaxAckPending, Replicas: cfg.Replicas,
		Log: e.log, Metrics: reg, Name: "newsgraph worker",
	})
	if err != nil {
		if ctx.Err() != nil {
			log.InfoContext(context.Background(), "stopped while waiting for NATS", "err", err)
			return nil
		}
		return fmt.Errorf("worker: %w", err)
	}
	defer q.Close()
	p, err := newEngine(slog.New(m.stageTimer(e.log.Handler())), engineOptions{Lang: cfg.Lang, NoNER: cfg.NoNER})
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	reg.GaugeFunc("newsgraph_queue_lag", "Documents published and not yet acknowledged (consumer pending + ack pending).", func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := q.Pending(ctx)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	})

	if cfg.MetricsAddr != "" {
		ln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("worker: metrics: %w", err)
		}
		stop := serveMetrics(ln, reg, func(ctx context.Context) error {
			if err := q.Healthy(); err != nil {
				return err
			}
			_, err := st.Has(ctx, "")
			return err
		})
		defer stop()
		log.InfoContext(ctx, "metrics", "url", "http://"+ln.Addr().String()+"/metrics")
	}
	log.InfoContext(ctx, "worker started", "nats", cfg.NATS, "concurrency", cfg.Concurrency)
	err = runWorker(ctx, log, q, st, p, cfg.Concurrency, m)
	log.InfoContext(context.Background(), "worker stopped",
		"processed", m.processed.With("added").Value()+m.processed.With("duplicate").Value())
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	return nil
}

// openStore opens the store, retrying with capped backoff while
// PostgreSQL cannot be reached, until ctx is done; other errors (a bad
// DSN, a schema newer than this program) return at once.
func openStore(ctx context.Context, log *slog.Logger, cfg workerConfig, aliases *identity.Aliases) (store.Store, error) {
	if cfg.DB != "" {
		return sqlite.OpenOptions(cfg.DB, sqlite.Options{Aliases: aliases})
	}
	for attempt := 0; ; attempt++ {
		octx, cancel := context.WithTimeout(ctx, 10*time.Second)
		st, err := postgres.OpenOptions(octx, cfg.Postgres, postgres.Options{Aliases: aliases})
		cancel()
		if err == nil {
			return st, nil
		}
		if !errors.Is(err, postgres.ErrConnect) {
			return nil, err // a bad DSN or schema does not fix itself
		}
		wait := queue.Backoff(attempt, 500*time.Millisecond, 30*time.Second)
		log.WarnContext(ctx, "postgres unavailable, retrying", "err", err, "retry_in", wait)
		if queue.Sleep(ctx, wait) != nil {
			return nil, err
		}
	}
}

// workerMetrics are what a worker counts.
type workerMetrics struct {
	processed *metrics.CounterVec   // result: added | duplicate
	failures  *metrics.CounterVec   // stage: extract | store
	inFlight  *metrics.Gauge        // documents being handled
	stages    *metrics.HistogramVec // seconds per pipeline stage, whole extraction and store
}

func newWorkerMetrics(reg *metrics.Registry) *workerMetrics {
	return &workerMetrics{
		processed: reg.CounterVec("newsgraph_documents_processed_total", "Documents extracted and committed (added) or found already stored (duplicate).", "result"),
		failures:  reg.CounterVec("newsgraph_document_failures_total", "Failed attempts at a document, by where it failed.", "stage"),
		inFlight:  reg.Gauge("newsgraph_documents_in_flight", "Documents this worker is handling now."),
		stages:    reg.HistogramVec("newsgraph_stage_seconds", "Time per document in each pipeline stage, the whole extraction and the store.", "stage", metrics.DefaultBuckets),
	}
}

// stageTimer wraps a log handler so that the pipeline's "stage done"
// debug records feed the stage-latency histogram; other records, and
// those records too when next takes debug, go on to next.
func (m *workerMetrics) stageTimer(next slog.Handler) slog.Handler {
	return &stageHandler{next: next, m: m}
}

type stageHandler struct {
	next slog.Handler
	m    *workerMetrics
}

func (h *stageHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l == slog.LevelDebug || h.next.Enabled(ctx, l)
}

func (h *stageHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelDebug && r.Message == "stage done" {
		var stage string
		var took time.Duration
		r.Attrs(func(a slog.Attr) bool {
			switch a.Key {
			case "stage":
				stage = a.Value.String()
			case "took":
				took = a.Value.Duration()
			}
			return true
		})
		if stage != "" {
			h.m.stages.With(stage).Observe(took.Seconds())
		}
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *stageHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &stageHandler{next: h.next.WithAttrs(as), m: h.m}
}

func (h *stageHandler) WithGroup(name string) slog.Handler {
	return &stageHandler{next: h.next.WithGroup(name), m: h.m}
}

// runWorker consumes documents from q with n at a time until ctx is done:
// each is extracted with p and put in st, and acknowledged only then.
func runWorker(ctx context.Context, log *slog.Logger, q queue.Queue, st store.Store, p *pipeline.Pipeline, n int, m *workerMetrics) error {
	return q.Consume(ctx, max(n, 1), func(ctx context.Context, a *article.Article) error {
		m.inFlight.Add(1)
		defer m.inFlight.Add(-1)
		return handleDocument(ctx, log, st, p, m, a)
	})
}

// handleDocument extracts and stores one document. An extraction error or
// a panic is permanent (the document goes to the dead letters); a store
// error other than store.ErrInvalid is retried here with backoff until
// ctx's deadline, so that a store outage stalls the workers instead of
// using up the documents' deliveries.
func handleDocument(ctx context.Context, log *slog.Logger, st store.Store, p *pipeline.Pipeline, m *workerMetrics, a *article.Article) (err error) {
	defer func() {
		if r := recover(); r != nil {
			m.failures.With("extract").Inc()
			log.ErrorContext(ctx, "panic in extraction", "article_id", a.ID, "err", r, "stack", string(debug.Stack()))
			err = queue.Permanent(fmt.Errorf("panic in extraction: %v", r))
		}
	}()
	// A redelivered or republished document is often stored already:
	// skip its extraction. (A store error here is left to Put to report.)
	if stored, err := alreadyStored(ctx, st, a); err == nil && stored {
		m.processed.With("duplicate").Inc()
		return nil
	}
	start := time.Now()
	if err := p.Process(ctx, a); err != nil {
		m.failures.With("extract").Inc()
		return queue.Permanent(fmt.Errorf("extract: %w", err))
	}
	m.stages.With("extract").Observe(time.Since(start).Seconds())
	for attempt := 0; ; attempt++ {
		start := time.Now()
		added, err := st.Put(ctx, a)
		if err == nil {
			m.stages.With("store").Observe(time.Since(start).Seconds())
			if added {
				m.processed.With("added").Inc()
			} else {
				m.processed.With("duplicate").Inc()
			}
			return nil
		}
		m.failures.With("store").Inc()
		if errors.Is(err, store.ErrInvalid) {
			return queue.Permanent(err)
		}
		wait := queue.Backoff(attempt, 100*time.Millisecond, 10*time.Second)
		log.WarnContext(ctx, "store failed, retrying", "article_id", a.ID, "err", err, "retry_in", wait)
		if queue.Sleep(ctx, wait) != nil {
			return err
		}
	}
}

// alreadyStored reports whether st holds a's id or, where the store can
// tell (sqlite and postgres can), a's text.
func alreadyStored(ctx context.Context, st store.Store, a *article.Article) (bool, error) {
	ok, err := st.Has(ctx, a.ID)
	if err != nil || ok {
		return ok, err
	}
	if ts, isTS := st.(interface {
		HasText(ctx context.Context, text string) (bool, error)
	}); isTS {
		return ts.HasText(ctx, a.Text)
	}
	return false, nil
}

// serveMetrics serves /metrics and /healthz on ln until the returned
// stop is called.
func serveMetrics(ln net.Listener, reg *metrics.Registry, healthy func(context.Context) error) (stop func()) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", reg)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := healthy(ctx); err != nil {
			http.Error(w, "unhealthy: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		hs.Serve(ln)
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		<-done
	}
}
