package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/newsgraph/newsgraph/examples"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/postgres"
	"github.com/newsgraph/newsgraph/internal/store/sqlite"
	"github.com/newsgraph/newsgraph/internal/web"
)

func init() {
	commands["serve"] = command{"serve the web UI and JSON API over a store (--demo: the bundled examples)", serve}
}

// serveConfig holds the flags of "newsgraph serve".
type serveConfig struct {
	DB       string
	Postgres string
	Addr     string
	Demo     bool
}

func serve(ctx context.Context, e *env, args []string) error {
	var cfg serveConfig
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.DB, "db", os.Getenv("NEWSGRAPH_DB"), "SQLite store built by newsgraph ingest (default $NEWSGRAPH_DB)")
	fs.StringVar(&cfg.Postgres, "postgres", os.Getenv("NEWSGRAPH_POSTGRES"), "PostgreSQL store written by newsgraph worker (DSN, default $NEWSGRAPH_POSTGRES)")
	fs.StringVar(&cfg.Addr, "addr", "localhost:8080", "address to listen on")
	fs.BoolVar(&cfg.Demo, "demo", false, "ingest the bundled example articles into a temporary store and serve that")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsgraph serve --db news.db [--addr host:port]\n       newsgraph serve --postgres postgres://… [--addr host:port]\n       newsgraph serve --demo [--addr host:port]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}

	var st store.Store
	switch {
	case cfg.Demo:
		dir, err := os.MkdirTemp("", "newsgraph-demo-")
		if err != nil {
			return fmt.Errorf("serve --demo: %w", err)
		}
		defer os.RemoveAll(dir)
		s, err := sqlite.Open(filepath.Join(dir, "demo.db"))
		if err != nil {
			return fmt.Errorf("serve --demo: %w", err)
		}
		defer s.Close()
		st = s
		n, err := loadExamples(ctx, e.log, st)
		if err != nil {
			return fmt.Errorf("serve --demo: %w", err)
		}
		e.log.InfoContext(ctx, "demo store ready", "articles", n, "path", dir)
	case cfg.Postgres != "":
		s, err := postgres.Open(ctx, cfg.Postgres)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer s.Close()
		st = s
	case cfg.DB == "":
		fs.Usage()
		return errors.New("serve: --db, --postgres or --demo is required")
	default:
		// Opening a missing file would create an empty store: a typo
		// should say so instead.
		if _, err := os.Stat(cfg.DB); err != nil {
			return fmt.Errorf("serve: %w (build a store with newsgraph ingest --db %s)", err, cfg.DB)
		}
		s, err := sqlite.Open(cfg.DB)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer s.Close()
		st = s
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return serveOn(ctx, e.log, st, ln)
}

// serveOn serves the UI and API for st on ln until ctx is done, then shuts
// down gracefully, letting requests in flight finish for up to 10s.
func serveOn(ctx context.Context, log *slog.Logger, st store.Store, ln net.Listener) error {
	log = log.With("component", "server")
	h := server.New(st, log, server.Options{UI: web.New(st, log)})
	hs := server.NewHTTPServer(ln.Addr().String(), h, log)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.InfoContext(ctx, "serving", "url", "http://"+ln.Addr().String()+"/")
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// loadExamples runs the bundled example articles through the extraction
// engine into st. An article that fails is logged and skipped.
func loadExamples(ctx context.Context, log *slog.Logger, st store.Store) (int, error) {
	eng, err := newEngine(log, engineOptions{})
	if err != nil {
		return 0, err
	}
	names, err := fs.Glob(examples.Articles, "articles/*.txt")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, name := range names {
		data, err := fs.ReadFile(examples.Articles, name)
		if err != nil {
			return n, fmt.Errorf("read example %s: %w", name, err)
		}
		a, err := ingest.ParseArticle(path.Base(name), data)
		if err == nil {
			err = eng.Process(ctx, a) // a panicking stage fails only this article
		}
		if err == nil {
			_, err = st.Put(ctx, a)
		}
		if err != nil {
			if ctx.Err() != nil {
				return n, ctx.Err()
			}
			log.WarnContext(ctx, "example skipped", "name", name, "err", err)
			continue
		}
		n++
	}
	return n, nil
}
