package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/pipeline"
)

func init() {
	commands["extract"] = command{"find entities and attributed quotations in news (text report or JSONL)", extract}
}

type extractConfig struct {
	Format  string
	Lang    string
	Workers int
	NoNER   bool
	MaxMB   int
}

// bind adds the flags that every extracting command shares.
func (cfg *extractConfig) bind(fs *flag.FlagSet) {
	fs.StringVar(&cfg.Lang, "lang", "", "force this language (ISO 639-1) instead of detecting it")
	fs.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "documents processed in parallel")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "use the entity rules only, not the trained taggers")
	fs.IntVar(&cfg.MaxMB, "max-mb", 16, "largest document accepted, in MiB")
}

// newFlags returns the flag set of command name, which writes to e's
// stderr; its usage is text, then the flags.
func newFlags(e *env, name, text string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, text)
		fs.PrintDefaults()
	}
	return fs
}

// parseInputs parses args with fs and returns the inputs they name; with
// none it prints the usage and returns flag.ErrHelp.
func parseInputs(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, flag.ErrHelp
	}
	return fs.Args(), nil
}

func extract(ctx context.Context, e *env, args []string) error {
	var cfg extractConfig
	fs := newFlags(e, "extract", "usage: newsgraph extract [flags] INPUT...\n\nINPUT is a file (.txt dateline article, .jsonl, .html, feed .xml, .warc[.gz]),\na directory (read recursively), an http(s) URL, or - for stdin.\n\nflags:\n")
	fs.StringVar(&cfg.Format, "format", "auto", "output: text (a readable report), jsonl (SCHEMA §2), or auto: jsonl when reading stdin or .jsonl, else text")
	cfg.bind(fs)
	inputs, err := parseInputs(fs, args)
	if err != nil {
		return err
	}
	format := cfg.Format
	if format == "auto" {
		format = "text"
		for _, in := range inputs {
			if in == "-" || strings.HasSuffix(in, ".jsonl") || strings.HasSuffix(in, ".ndjson") {
				format = "jsonl"
			}
		}
	}
	if format != "text" && format != "jsonl" {
		return fmt.Errorf("extract: -format %q: want text, jsonl or auto", cfg.Format)
	}
	write := func(w io.Writer, a *article.Article) error { writeReport(w, a); return nil }
	if format == "jsonl" {
		write = func(w io.Writer, a *article.Article) error { writeJSONL(w, a); return nil }
	}
	return extractEach(ctx, e, cfg, inputs, nil, write)
}

// extractEach runs the engine cfg describes over inputs and writes each
// document, in input order, to stdout with write, after header when it
// is not nil. A document that fails to extract or to write is reported
// on stderr and the run goes on, to end in errSome.
func extractEach(ctx context.Context, e *env, cfg extractConfig, inputs []string,
	header func(io.Writer) error, write func(io.Writer, *article.Article) error) error {
	p, err := newEngine(e.log, engineOptions{Lang: cfg.Lang, NoNER: cfg.NoNER})
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	if header != nil {
		if err := header(out); err != nil {
			return err
		}
	}
	failed := 0
	err = runExtraction(ctx, p, cfg.Workers, inputs, e.stdin, ingest.Options{MaxBytes: int64(cfg.MaxMB) << 20},
		func(name string, a *article.Article, err error) {
			if err == nil {
				err = write(out, a)
			}
			if err != nil {
				failed++
				fmt.Fprintf(e.stderr, "newsgraph: %s: %v\n", name, err)
			}
		})
	if err != nil {
		return err
	}
	if failed > 0 {
		out.Flush()
		fmt.Fprintf(e.stderr, "newsgraph: %d input(s) failed\n", failed)
		return errSome
	}
	return nil
}

// runExtraction reads inputs, runs the pipeline on n workers and calls fn
// for every document or failure in input order.
func runExtraction(ctx context.Context, p *pipeline.Pipeline, n int, inputs []string, stdin io.Reader, opt ingest.Options,
	fn func(name string, a *article.Article, err error)) error {
	type pending struct {
		name string
		err  error
	}
	in := make(chan *article.Article)
	out := make(chan pipeline.Result)
	// Read errors keep their place in the order: they travel as
	// placeholder articles that no stage sees.
	var mu sync.Mutex
	names := map[*article.Article]pending{}
	var readErrs = make(chan struct{})
	go func() {
		defer close(readErrs)
		defer close(in)
		for item := range ingest.Read(ctx, inputs, stdin, opt) {
			a := item.Article
			if item.Err != nil {
				a = &article.Article{ID: item.Name}
			}
			mu.Lock()
			names[a] = pending{item.Name, item.Err}
			mu.Unlock()
			select {
			case in <- a:
			case <-ctx.Done():
				return
			}
		}
	}()
	go p.Run(ctx, n, in, out)
	pipeline.Ordered(out, func(r pipeline.Result) {
		mu.Lock()
		pd := names[r.Article]
		delete(names, r.Article)
		mu.Unlock()
		switch {
		case pd.err != nil:
			fn(pd.name, nil, pd.err)
		case r.Err != nil:
			fn(pd.name, nil, r.Err)
		default:
			fn(pd.name, r.Article, nil)
		}
	})
	<-readErrs
	return ctx.Err()
}

// writeJSONL writes one document as a JSON line (SCHEMA §2).
func writeJSONL(w io.Writer, a *article.Article) {
	if a.Entities == nil {
		a.Entities = []article.Entity{}
	}
	if a.Quotes == nil {
		a.Quotes = []article.Quote{}
	}
	if a.Events == nil {
		a.Events = []article.Event{}
	}
	if a.Warnings == nil {
		a.Warnings = []string{}
	}
	b, err := json.Marshal(a)
	if err != nil {
		fmt.Fprintf(w, "{\"id\":%q,\"warnings\":[%q]}\n", a.ID, err.Error())
		return
	}
	w.Write(b)
	w.Write([]byte{'\n'})
}

// writeReport writes a readable report of one document.
func writeReport(w io.Writer, a *article.Article) {
	head := []string{a.ID}
	for _, s := range []string{a.Source, a.Date, a.Dateline, a.Lang} {
		if s != "" {
			head = append(head, s)
		}
	}
	fmt.Fprintf(w, "== %s\n", strings.Join(head, " · "))
	if a.Title != "" {
		fmt.Fprintf(w, "   %s\n", a.Title)
	}
	fmt.Fprintf(w, "\nQuotes (%d)\n", len(a.Quotes))
	for _, q := range a.Quotes {
		who := q.Speaker.Name
		if who == "" {
			who = "(unattributed)"
		}
		via := ""
		if q.Speaker.Mention != "" && q.Speaker.Mention != q.Speaker.Name {
			via = fmt.Sprintf(", via %q", q.Speaker.Mention)
		}
		typ := q.Speaker.Type
		if typ == "" {
			typ = "?"
		}
		fmt.Fprintf(w, "  %s %-8s %s (%s%s)  cue %q  [%d:%d]  conf %.2f\n", q.ID, q.Kind, who, typ, via, q.Cue, q.Start, q.End, q.Confidence)
		fmt.Fprintf(w, "     %s\n", ellipsis(q.Content, 160))
	}
	fmt.Fprintf(w, "\nEntities (%d)\n", len(a.Entities))
	for _, e := range a.Entities {
		seen := map[string]bool{}
		var forms []string
		for _, m := range e.Mentions {
			if !seen[m.Text] {
				seen[m.Text] = true
				forms = append(forms, m.Text)
			}
		}
		kb := ""
		if e.KB != "" {
			kb = "  kb " + e.KB
		}
		fmt.Fprintf(w, "  %-4s %-4s %s  (%d mentions: %s)%s\n", e.ID, e.Type, e.Name, len(e.Mentions), strings.Join(forms, ", "), kb)
	}
	for _, warn := range a.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	fmt.Fprintln(w)
}

func ellipsis(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
