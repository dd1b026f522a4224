// Package memqueue is a Queue inside one process: a bounded buffer with
// the delivery rules of the durable queues (retries, dead letters,
// de-duplication by ID), for the single-process mode and for tests.
package memqueue

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/queue"
)

// Options configure a Queue; zero fields take the defaults.
type Options struct {
	Capacity   int           // documents buffered before Publish blocks (default 1024)
	MaxDeliver int           // attempts before a document is dead-lettered (default 5)
	RetryDelay time.Duration // wait before a failed document is retried (default 10ms, doubling)
}

// A Queue is an in-memory queue.Queue. IDs are remembered for
// de-duplication for the life of the Queue.
type Queue struct {
	opt   Options
	items chan item

	mu      sync.Mutex
	seen    map[string]bool
	pending int
	dead    []queue.DeadLetter
	closed  bool
}

type item struct {
	data     []byte
	attempts int
}

var _ queue.Queue = (*Queue)(nil)

// New returns an empty queue.
func New(opt Options) *Queue {
	if opt.Capacity <= 0 {
		opt.Capacity = 1024
	}
	if opt.MaxDeliver <= 0 {
		opt.MaxDeliver = 5
	}
	if opt.RetryDelay <= 0 {
		opt.RetryDelay = 10 * time.Millisecond
	}
	return &Queue{opt: opt, items: make(chan item, opt.Capacity), seen: map[string]bool{}}
}

// Publish implements queue.Queue.
func (q *Queue) Publish(ctx context.Context, a *article.Article) (bool, error) {
	data, err := queue.Encode(a)
	if err != nil {
		return false, fmt.Errorf("publish: %w", err)
	}
	return q.PublishRaw(ctx, a.ID, data)
}

// PublishRaw enqueues a message as it came, for callers that relay
// messages and for tests of invalid input. id is the de-duplication key.
func (q *Queue) PublishRaw(ctx context.Context, id string, data []byte) (bool, error) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return false, fmt.Errorf("publish %s: queue closed", id)
	}
	if id != "" && q.seen[id] {
		q.mu.Unlock()
		return false, nil
	}
	if id != "" {
		q.seen[id] = true
	}
	q.pending++
	q.mu.Unlock()
	select {
	case q.items <- item{data: data}:
		return true, nil
	case <-ctx.Done():
		q.mu.Lock()
		delete(q.seen, id)
		q.pending--
		q.mu.Unlock()
		return false, fmt.Errorf("publish %s: %w", id, ctx.Err())
	}
}

// Consume implements queue.Queue.
func (q *Queue) Consume(ctx context.Context, n int, h queue.Handler) error {
	if n < 1 {
		n = 1
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case it := <-q.items:
					q.handle(ctx, it, h)
				}
			}
		})
	}
	wg.Wait()
	return nil
}

func (q *Queue) handle(ctx context.Context, it item, h queue.Handler) {
	it.attempts++
	a, err := queue.Decode(it.data, "")
	if err == nil {
		err = h(context.WithoutCancel(ctx), a)
	}
	switch {
	case err == nil:
		q.done()
	case queue.IsPermanent(err) || it.attempts >= q.opt.MaxDeliver:
		id := ""
		if a != nil {
			id = a.ID
		}
		reason := err.Error()
		if !queue.IsPermanent(err) {
			reason = fmt.Sprintf("failed %d times: %v", it.attempts, err)
		}
		q.mu.Lock()
		q.dead = append(q.dead, queue.DeadLetter{ID: id, Reason: reason, Data: it.data, Time: time.Now()})
		q.mu.Unlock()
		q.done()
	default:
		// Retry later without blocking this consumer; the buffer may be
		// full, so requeue from a goroutine (pending still counts it).
		go func() {
			time.Sleep(queue.Backoff(it.attempts-1, q.opt.RetryDelay, time.Second))
			q.items <- it
		}()
	}
}

func (q *Queue) done() {
	q.mu.Lock()
	q.pending--
	q.mu.Unlock()
}

// Pending implements queue.Queue.
func (q *Queue) Pending(context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.pending, nil
}

// DeadLetters returns the documents given up on, oldest first.
func (q *Queue) DeadLetters(context.Context) ([]queue.DeadLetter, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]queue.DeadLetter(nil), q.dead...), nil
}

// Close makes further Publish calls fail. Documents still buffered are
// dropped with the Queue.
func (q *Queue) Close() error {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	return nil
}
