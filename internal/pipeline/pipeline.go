// Package pipeline runs the stages that annotate an article, one after the
// other, and runs many articles through them concurrently. Goroutines and
// channels stay inside this package.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A Stage adds one kind of annotation to an article. It may read what
// earlier stages wrote, and it writes only its own fields.
type Stage interface {
	Name() string
	Process(ctx context.Context, a *article.Article) error
}

// A Pipeline is an ordered list of stages.
type Pipeline struct {
	log    *slog.Logger
	stages []Stage
}

// New returns a pipeline that runs stages in the order given.
func New(log *slog.Logger, stages ...Stage) *Pipeline {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{log: log, stages: stages}
}

// Process runs every stage on a and stops at the first error. A stage
// that panics on an article fails that article, not the process: the
// panic becomes its error, with the stack in the log.
func (p *Pipeline) Process(ctx context.Context, a *article.Article) error {
	for _, s := range p.stages {
		if err := p.run(ctx, s, a); err != nil {
			return err
		}
	}
	return nil
}

func (p *Pipeline) run(ctx context.Context, s Stage, a *article.Article) (err error) {
	defer func() {
		if r := recover(); r != nil {
			p.log.ErrorContext(ctx, "stage panicked", "stage", s.Name(), "article_id", a.ID, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("%s: internal error on this article: %v", s.Name(), r)
		}
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	if err := s.Process(ctx, a); err != nil {
		return fmt.Errorf("%s: %w", s.Name(), err)
	}
	p.log.DebugContext(ctx, "stage done",
		"stage", s.Name(), "article_id", a.ID, "took", time.Since(start))
	return nil
}

// A Result is one article after the pipeline, with the error that stopped
// it, if any. Seq is the article's position in the input stream, so that a
// caller can restore input order.
type Result struct {
	Seq     int
	Article *article.Article
	Err     error
}

// Run processes the articles from in with n workers and sends each result
// to out, in completion order. A failed article is reported in its Result
// and the stream goes on. Run closes out when in is drained or ctx is done.
func (p *Pipeline) Run(ctx context.Context, n int, in <-chan *article.Article, out chan<- Result) {
	if n < 1 {
		n = 1
	}
	type job struct {
		seq int
		a   *article.Article
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for j := range jobs {
				err := p.Process(ctx, j.a)
				if err != nil {
					p.log.WarnContext(ctx, "article skipped", "article_id", j.a.ID, "err", err)
				}
				select {
				case out <- Result{Seq: j.seq, Article: j.a, Err: err}:
				case <-ctx.Done():
				}
			}
		})
	}
	seq := 0
feed:
	for a := range in {
		select {
		case jobs <- job{seq, a}:
			seq++
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(out)
}

// Ordered calls fn for each result of out in input order, buffering those
// that finish early. It returns when out is closed.
func Ordered(out <-chan Result, fn func(Result)) {
	pending := map[int]Result{}
	next := 0
	for r := range out {
		pending[r.Seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			fn(r)
			next++
		}
	}
	// Results after a gap (cancelled run) are flushed in order.
	for len(pending) > 0 {
		if r, ok := pending[next]; ok {
			delete(pending, next)
			fn(r)
		}
		next++
	}
}
