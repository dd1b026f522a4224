// Package queuetest is the conformance suite for queue.Queue
// implementations: each implementation's tests call Run.
package queuetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/queue"
)

// A Queue is what the suite needs: a queue.Queue that also takes raw
// messages and lists its dead letters.
type Queue interface {
	queue.Queue
	PublishRaw(ctx context.Context, id string, data []byte) (bool, error)
	DeadLetters(ctx context.Context) ([]queue.DeadLetter, error)
}

// MaxDeliver is the delivery limit the suite expects open to configure.
const MaxDeliver = 3

// Run runs the suite. open returns an empty queue with a delivery limit of
// MaxDeliver and short retry delays; it closes it in t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) Queue) {
	t.Run("ExactlyOnce", func(t *testing.T) { testExactlyOnce(t, open(t)) })
	t.Run("Retry", func(t *testing.T) { testRetry(t, open(t)) })
	t.Run("Invalid", func(t *testing.T) { testInvalid(t, open(t)) })
	t.Run("Stop", func(t *testing.T) { testStop(t, open(t)) })
}

// Doc returns a small test document.
func Doc(i int) *article.Article {
	return &article.Article{
		ID:   fmt.Sprintf("doc-%05d", i),
		Lang: "en",
		Text: fmt.Sprintf("Document %d. \"We will see,\" the minister said.", i),
	}
}

// consume runs Consume in the background and returns a func that stops
// it and waits for it.
func consume(t *testing.T, q queue.Queue, n int, h queue.Handler) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- q.Consume(ctx, n, h) }()
	return func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("Consume: %v", err)
		}
	}
}

// WaitDrained waits until q has nothing pending, failing t after timeout.
func WaitDrained(t testing.TB, q queue.Queue, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		n, err := q.Pending(context.Background())
		if err == nil && n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not drained after %v: pending %d, err %v", timeout, n, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func testExactlyOnce(t *testing.T, q Queue) {
	ctx := t.Context()
	const n = 200
	for i := range n {
		added, err := q.Publish(ctx, Doc(i))
		if err != nil || !added {
			t.Fatalf("Publish(%d) = %v, %v; want true, nil", i, added, err)
		}
	}
	added, err := q.Publish(ctx, Doc(7))
	if err != nil || added {
		t.Errorf("Publish of a duplicate = %v, %v; want false, nil", added, err)
	}
	if _, err := q.Publish(ctx, &article.Article{Text: "no id"}); !errors.Is(err, queue.ErrInvalid) {
		t.Errorf("Publish without an ID: err = %v, want ErrInvalid", err)
	}

	var mu sync.Mutex
	seen := map[string]int{}
	var inFlight, maxInFlight atomic.Int32
	stop := consume(t, q, 4, func(ctx context.Context, a *article.Article) error {
		cur := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if cur <= m || maxInFlight.CompareAndSwap(m, cur) {
				break
			}
		}
		if !strings.HasPrefix(a.Text, "Document ") {
			return fmt.Errorf("%s: text %q not as published", a.ID, a.Text)
		}
		time.Sleep(time.Millisecond)
		mu.Lock()
		seen[a.ID]++
		mu.Unlock()
		return nil
	})
	WaitDrained(t, q, 20*time.Second)
	stop()
	if len(seen) != n {
		t.Errorf("handled %d distinct documents, want %d", len(seen), n)
	}
	for id, c := range seen {
		if c != 1 {
			t.Errorf("%s handled %d times, want 1", id, c)
		}
	}
	if m := maxInFlight.Load(); m > 4 {
		t.Errorf("%d handlers ran at once, want at most 4", m)
	}
	if dead, err := q.DeadLetters(ctx); err != nil || len(dead) != 0 {
		t.Errorf("DeadLetters = %v, %v; want none", dead, err)
	}
}

func testRetry(t *testing.T, q Queue) {
	ctx := t.Context()
	for i := range 3 {
		if _, err := q.Publish(ctx, Doc(i)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	calls := map[string]int{}
	stored := map[string]bool{}
	stop := consume(t, q, 2, func(ctx context.Context, a *article.Article) error {
		mu.Lock()
		defer mu.Unlock()
		calls[a.ID]++
		switch a.ID {
		case Doc(0).ID: // succeeds on the last allowed attempt
			if calls[a.ID] < MaxDeliver {
				return errors.New("store unavailable")
			}
		case Doc(1).ID: // always fails
			return errors.New("store unavailable")
		case Doc(2).ID:
			return queue.Permanent(errors.New("unsupported language"))
		}
		stored[a.ID] = true
		return nil
	})
	WaitDrained(t, q, 20*time.Second)
	stop()
	want := map[string]int{Doc(0).ID: MaxDeliver, Doc(1).ID: MaxDeliver, Doc(2).ID: 1}
	for id, w := range want {
		if calls[id] != w {
			t.Errorf("%s handled %d times, want %d", id, calls[id], w)
		}
	}
	if !stored[Doc(0).ID] {
		t.Errorf("%s not stored after a successful retry", Doc(0).ID)
	}
	dead, err := q.DeadLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, d := range dead {
		reasons[d.ID] = d.Reason
	}
	if len(dead) != 2 || !strings.Contains(reasons[Doc(1).ID], "store unavailable") ||
		!strings.Contains(reasons[Doc(2).ID], "unsupported language") {
		t.Errorf("dead letters = %+v, want %s (store unavailable) and %s (unsupported language)",
			dead, Doc(1).ID, Doc(2).ID)
	}
}

func testInvalid(t *testing.T, q Queue) {
	ctx := t.Context()
	bad := []string{`{"id": "x", "text": `, `[1, 2]`, `{"text": "no id"}`, `{"id":"y"} trailing`}
	for i, b := range bad {
		if _, err := q.PublishRaw(ctx, fmt.Sprintf("bad-%d", i), []byte(b)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.Publish(ctx, Doc(1)); err != nil {
		t.Fatal(err)
	}
	var handled atomic.Int32
	stop := consume(t, q, 2, func(ctx context.Context, a *article.Article) error {
		if a.ID != Doc(1).ID {
			t.Errorf("handler got %q, want only %q", a.ID, Doc(1).ID)
		}
		handled.Add(1)
		return nil
	})
	WaitDrained(t, q, 20*time.Second)
	stop()
	if handled.Load() != 1 {
		t.Errorf("handled %d documents, want 1", handled.Load())
	}
	dead, err := q.DeadLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != len(bad) {
		t.Fatalf("%d dead letters, want %d: %+v", len(dead), len(bad), dead)
	}
	for _, d := range dead {
		if !strings.Contains(d.Reason, queue.ErrInvalid.Error()) || !slices.Contains(bad, string(d.Data)) {
			t.Errorf("dead letter %+v: want reason with %q and the message as published", d, queue.ErrInvalid)
		}
	}
}

func testStop(t *testing.T, q Queue) {
	ctx := t.Context()
	for i := range 20 {
		if _, err := q.Publish(ctx, Doc(i)); err != nil {
			t.Fatal(err)
		}
	}
	started := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	var done atomic.Int32
	var ctxErr atomic.Value
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() {
		errc <- q.Consume(cctx, 1, func(hctx context.Context, a *article.Article) error {
			once.Do(func() { close(started) })
			<-release
			if err := hctx.Err(); err != nil {
				ctxErr.Store(err)
			}
			done.Add(1)
			return nil
		})
	}()
	<-started
	cancel()
	select {
	case err := <-errc:
		t.Fatalf("Consume returned (%v) before its handler finished", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Consume after cancel = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Consume did not return after its handler finished")
	}
	if err := ctxErr.Load(); err != nil {
		t.Errorf("handler context was cancelled with Consume's: %v", err)
	}
	if d := done.Load(); d < 1 {
		t.Errorf("in-flight handler did not finish")
	}
	// What was not handled is still there for the next worker.
	n, err := q.Pending(ctx)
	if err != nil || n != 20-int(done.Load()) {
		t.Errorf("Pending after stop = %d, %v; want %d", n, err, 20-done.Load())
	}
	var rest atomic.Int32
	stop := consume(t, q, 2, func(ctx context.Context, a *article.Article) error { rest.Add(1); return nil })
	WaitDrained(t, q, 20*time.Second)
	stop()
	if got := done.Load() + rest.Load(); got != 20 {
		t.Errorf("handled %d documents over two consumers, want 20", got)
	}
}
