package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/identity"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
)

func init() {
	commands["ingest"] = command{"extract news into a searchable store (skips what is stored)", ingestCmd}
}

type ingestConfig struct {
	DB      string
	Aliases string
	Workers int
	Lang    string
	NoNER   bool
	MaxMB   int
	NATS    string
}

// ingestSummary counts one ingest run.
type ingestSummary struct {
	Added, Stored, Quotes, Entities int
	Failed                          []ingestFailure
	Took                            time.Duration
}

type ingestFailure struct{ Name, Reason string }

func ingestCmd(ctx context.Context, e *env, args []string) error {
	var cfg ingestConfig
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.DB, "db", os.Getenv("NEWSGRAPH_DB"), "SQLite store file, created if absent (env NEWSGRAPH_DB)")
	fs.StringVar(&cfg.Aliases, "aliases", "", "alias file: alias<TAB>canonical name<TAB>type per line")
	fs.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "documents extracted in parallel")
	fs.StringVar(&cfg.Lang, "lang", "", "force this language (ISO 639-1) instead of detecting it")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "use the entity rules only, not the trained taggers")
	fs.IntVar(&cfg.MaxMB, "max-mb", 16, "largest document accepted, in MiB")
	fs.StringVar(&cfg.NATS, "nats", os.Getenv("NEWSGRAPH_NATS"), "publish the documents to this NATS JetStream server for newsgraph workers instead of storing them here (as newsgraph publish)")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsgraph ingest --db FILE [flags] INPUT...\n       newsgraph ingest --nats nats://host:4222 INPUT...\n\n"+
			"Reads INPUTs (files, directories, URLs, - for stdin; as extract does), extracts\n"+
			"entities and quotes, and stores them. Documents already stored (same id or\n"+
			"same text) are skipped, so a run can be repeated or resumed after a crash.\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("ingest: no inputs")
	}
	if cfg.NATS != "" {
		// Distributed mode: workers extract and store (see worker.go).
		return publish(ctx, e, cfg.NATS, fs.Args())
	}
	if cfg.DB == "" {
		fs.Usage()
		return errors.New("ingest: -db is required (or -nats, to publish for workers)")
	}
	var aliases *identity.Aliases
	if cfg.Aliases != "" {
		var err error
		if aliases, err = identity.LoadAliases(cfg.Aliases); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
	}
	st, err := sqlite.OpenOptions(cfg.DB, sqlite.Options{Aliases: aliases})
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer st.Close()
	p, err := newEngine(e.log, engineOptions{Lang: cfg.Lang, NoNER: cfg.NoNER})
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}

	var bar *progressbar.ProgressBar
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(f),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("docs"),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	sum, err := ingestRun(ctx, e, st, p, cfg, fs.Args(), func() {
		if bar != nil {
			bar.Add(1)
		}
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	stats, serr := st.Stats(ctx)
	writeIngestSummary(e.stdout, sum, stats, serr)
	if len(sum.Failed) > 0 {
		return errSome
	}
	return nil
}

// batchStore is what a store may offer to put many articles in one
// transaction (sqlite.Store does).
type batchStore interface {
	PutMany(ctx context.Context, as []*article.Article) ([]sqlite.PutResult, error)
}

// Ingest batches: at most putBatch articles per transaction, and none
// waits longer than flushEvery.
const (
	putBatch   = 64
	flushEvery = 500 * time.Millisecond
)

// textStore is what a store may offer to skip a known text before
// extraction (sqlite.Store does); without it Put still skips it after.
type textStore interface {
	HasText(ctx context.Context, text string) (bool, error)
}

// ingestRun reads inputs, skips what st holds, extracts the rest on
// cfg.Workers workers and puts each article in st as it is done. tick is
// called once per document, whatever became of it.
func ingestRun(ctx context.Context, e *env, st store.Store, p *pipeline.Pipeline, cfg ingestConfig,
	inputs []string, tick func()) (ingestSummary, error) {
	start := time.Now()
	var sum ingestSummary
	var mu sync.Mutex // guards sum.Failed and sum.Stored, written by the reader too
	fail := func(name string, err error) {
		mu.Lock()
		sum.Failed = append(sum.Failed, ingestFailure{name, err.Error()})
		mu.Unlock()
		e.log.WarnContext(ctx, "document failed", "name", name, "err", err)
		tick()
	}
	var names sync.Map // *article.Article → input name
	in := make(chan *article.Article)
	out := make(chan pipeline.Result)
	readDone := make(chan error, 1)
	go func() {
		defer close(in)
		ts, _ := st.(textStore)
		opt := ingest.Options{MaxBytes: int64(cfg.MaxMB) << 20}
		for item := range ingest.Read(ctx, inputs, e.stdin, opt) {
			if item.Err != nil {
				fail(item.Name, item.Err)
				continue
			}
			a := item.Article
			stored, err := st.Has(ctx, a.ID)
			if err == nil && !stored && ts != nil {
				stored, err = ts.HasText(ctx, a.Text)
			}
			if err != nil {
				readDone <- err // the store fails: stop
				return
			}
			if stored {
				mu.Lock()
				sum.Stored++
				mu.Unlock()
				tick()
				continue
			}
			names.Store(a, item.Name)
			select {
			case in <- a:
			case <-ctx.Done():
				return
			}
		}
		readDone <- nil
	}()
	go p.Run(ctx, max(cfg.Workers, 1), in, out)

	// Extracted articles go to the store in batches: one transaction
	// per batch (a crash loses at most the batch being written, which
	// the next run redoes), flushed when full or every flushEvery.
	bs, _ := st.(batchStore)
	var batch []*article.Article
	var batchNames []string
	var putErr error
	flush := func() {
		if len(batch) == 0 || putErr != nil {
			batch, batchNames = batch[:0], batchNames[:0]
			return
		}
		var res []sqlite.PutResult
		if bs != nil {
			res, putErr = bs.PutMany(ctx, batch)
		} else {
			for _, a := range batch {
				added, err := st.Put(ctx, a)
				if err != nil && !errors.Is(err, store.ErrInvalid) {
					putErr = err
					break
				}
				res = append(res, sqlite.PutResult{Added: added, Err: err})
			}
		}
		for i, r := range res {
			a := batch[i]
			switch {
			case r.Err != nil:
				fail(batchNames[i], r.Err)
				continue
			case r.Added:
				sum.Added++
				sum.Quotes += len(a.Quotes)
				sum.Entities += len(a.Entities)
			default:
				mu.Lock()
				sum.Stored++ // same text as another document of this run
				mu.Unlock()
			}
			tick()
		}
		batch, batchNames = batch[:0], batchNames[:0]
	}
	ticker := time.NewTicker(flushEvery)
	defer ticker.Stop()
loop:
	for {
		select {
		case r, ok := <-out:
			if !ok {
				break loop
			}
			v, _ := names.LoadAndDelete(r.Article)
			name, _ := v.(string)
			if name == "" {
				name = r.Article.ID
			}
			if r.Err != nil {
				fail(name, r.Err)
				continue
			}
			batch = append(batch, r.Article)
			batchNames = append(batchNames, name)
			if len(batch) >= putBatch {
				flush()
			}
		case <-ticker.C:
			flush()
		}
	}
	flush()
	sum.Took = time.Since(start)
	var readErr error
	select {
	case readErr = <-readDone:
	default:
	}
	if err := errors.Join(putErr, readErr); err != nil {
		return sum, err
	}
	return sum, ctx.Err()
}

func writeIngestSummary(w io.Writer, s ingestSummary, st store.Stats, statsErr error) {
	rate := 0.0
	if secs := s.Took.Seconds(); secs > 0 {
		rate = float64(s.Added+s.Stored+len(s.Failed)) / secs
	}
	fmt.Fprintf(w, "ingest: %d added, %d skipped as already stored, %d failed in %s (%.1f docs/s)\n",
		s.Added, s.Stored, len(s.Failed), s.Took.Round(time.Millisecond), rate)
	fmt.Fprintf(w, "added: %d quotes, %d entities (counted in each document)\n", s.Quotes, s.Entities)
	if statsErr == nil {
		fmt.Fprintf(w, "store: %d documents, %d quotes, %d entities, %d mentions\n",
			st.Documents, st.Quotes, st.Entities, st.Mentions)
	} else {
		fmt.Fprintf(w, "store: %v\n", statsErr)
	}
	for _, f := range s.Failed {
		if strings.HasPrefix(f.Reason, f.Name) { // read errors name their input
			fmt.Fprintf(w, "failed: %s\n", f.Reason)
		} else {
			fmt.Fprintf(w, "failed: %s: %s\n", f.Name, f.Reason)
		}
	}
}
