package jetstream_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/metrics"
	"github.com/newsgraph/newsgraph/internal/queue/jetstream"
	"github.com/newsgraph/newsgraph/internal/queue/jetstream/jetstreamtest"
	"github.com/newsgraph/newsgraph/internal/queue/queuetest"
)

func testOptions(t *testing.T) jetstream.Options {
	return jetstream.Options{
		MaxBytes:      64 << 20,
		AckWait:       2 * time.Second,
		MaxDeliver:    queuetest.MaxDeliver,
		RetryDelay:    10 * time.Millisecond,
		ConnectWait:   20 * time.Millisecond,
		MaxWait:       200 * time.Millisecond,
		ReconnectWait: 50 * time.Millisecond,
		Log:           slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
}

func open(t *testing.T, url string, opt jetstream.Options) *jetstream.Queue {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	q, err := jetstream.Open(ctx, url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func TestConformance(t *testing.T) {
	queuetest.Run(t, func(t *testing.T) queuetest.Queue {
		return open(t, jetstreamtest.Start(t).URL(), testOptions(t))
	})
}

func TestUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := jetstream.Open(ctx, "nats://127.0.0.1:1", testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "nats://127.0.0.1:1") {
		t.Fatalf("Open of an unreachable server: err = %v, want one naming the URL", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "deadline") {
		t.Errorf("Open gave up for another reason than the context: %v", err)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("Open gave up after %v, want it to retry until the context is done", d)
	}
}

func TestBadURL(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := jetstream.Open(ctx, "nats://bad host", testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "bad host") {
		t.Errorf("Open(bad URL) = %v, want an error naming it", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Open(bad URL) retried for %v: a malformed URL does not fix itself", d)
	}
}

// TestLateServer starts the server only after Open began: Open retries.
func TestLateServer(t *testing.T) {
	srv := jetstreamtest.Start(t)
	url := srv.URL()
	srv.Shutdown()
	errc := make(chan error, 1)
	var q *jetstream.Queue
	go func() {
		var err error
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
		defer cancel()
		q, err = jetstream.Open(ctx, url, testOptions(t))
		errc <- err
	}()
	time.Sleep(300 * time.Millisecond)
	srv.Restart()
	if err := <-errc; err != nil {
		t.Fatalf("Open after the server came up: %v", err)
	}
	defer q.Close()
	if _, err := q.Publish(t.Context(), queuetest.Doc(1)); err != nil {
		t.Fatal(err)
	}
}

// TestCrashedWorker: a worker that takes a document and dies without
// acknowledging it; the document is redelivered to another after AckWait.
// A document that kills every worker is dead-lettered without another try.
func TestCrashedWorker(t *testing.T) {
	srv := jetstreamtest.Start(t)
	opt := testOptions(t)
	opt.AckWait = 500 * time.Millisecond
	opt.MaxDeliver = 2
	reg := metrics.NewRegistry()
	opt.Metrics = reg
	pub := open(t, srv.URL(), opt)
	for i := range 2 {
		if _, err := pub.Publish(t.Context(), queuetest.Doc(i)); err != nil {
			t.Fatal(err)
		}
	}
	// Each "crashing" worker hangs on Doc(1) and is closed without acking.
	var crashes atomic.Int32
	for range opt.MaxDeliver {
		q := open(t, srv.URL(), opt)
		ctx, cancel := context.WithCancel(t.Context())
		got, kill, exited := make(chan struct{}), make(chan struct{}), make(chan struct{})
		var once sync.Once
		go func() {
			defer close(exited)
			q.Consume(ctx, 1, func(ctx context.Context, a *article.Article) error {
				if a.ID == queuetest.Doc(1).ID {
					crashes.Add(1)
					once.Do(func() { close(got) })
					<-kill
					return errors.New("killed")
				}
				return nil
			})
		}()
		select {
		case <-got:
		case <-time.After(10 * time.Second):
			t.Fatal("crashing worker never got the document")
		}
		q.Close() // the crash: the connection goes, no ack
		cancel()
		close(kill)
		<-exited
	}
	var handled atomic.Int32
	q := open(t, srv.URL(), opt)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.Consume(ctx, 2, func(ctx context.Context, a *article.Article) error {
			handled.Add(1)
			return nil
		})
	}()
	queuetest.WaitDrained(t, q, 20*time.Second)
	cancel()
	<-done
	if c := crashes.Load(); c != int32(opt.MaxDeliver) {
		t.Errorf("poison document reached %d workers, want %d", c, opt.MaxDeliver)
	}
	if h := handled.Load(); h != 0 {
		t.Errorf("healthy worker ran the handler %d times, want 0 (Doc 0 was done by a crashing worker, Doc 1 dead-lettered)", h)
	}
	dead, err := q.DeadLetters(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || dead[0].ID != queuetest.Doc(1).ID || !strings.Contains(dead[0].Reason, "not acknowledged after 2 deliveries") {
		t.Errorf("dead letters = %+v, want %s not acknowledged after 2 deliveries", dead, queuetest.Doc(1).ID)
	}
	var b strings.Builder
	reg.WriteTo(&b)
	if !strings.Contains(b.String(), "newsgraph_queue_dead_letters_total 1\n") {
		t.Errorf("metrics do not count the dead letter:\n%s", b.String())
	}
}

// TestServerRestart publishes, restarts the server mid-consumption and
// checks every document is handled (at least once, as documented).
func TestServerRestart(t *testing.T) {
	srv := jetstreamtest.Start(t)
	opt := testOptions(t)
	q := open(t, srv.URL(), opt)
	const n = 300
	for i := range n {
		if _, err := q.Publish(t.Context(), queuetest.Doc(i)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.Consume(ctx, 4, func(ctx context.Context, a *article.Article) error {
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			seen[a.ID] = true
			mu.Unlock()
			return nil
		})
	}()
	for {
		mu.Lock()
		k := len(seen)
		mu.Unlock()
		if k > n/4 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	srv.Restart()
	// Publishing again after the restart is de-duplicated by ID.
	added, err := q.Publish(t.Context(), queuetest.Doc(n-1))
	if err != nil || added {
		t.Errorf("re-publish after restart = %v, %v; want false (duplicate), nil", added, err)
	}
	queuetest.WaitDrained(t, q, 30*time.Second)
	cancel()
	<-done
	if len(seen) != n {
		t.Errorf("handled %d distinct documents, want %d", len(seen), n)
	}
}

func BenchmarkPublish(b *testing.B) {
	srv := jetstreamtest.Start(b)
	q, err := jetstream.Open(b.Context(), srv.URL(), jetstream.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	a := queuetest.Doc(0)
	a.Text = strings.Repeat("Some news text. ", 200)
	b.SetBytes(int64(len(a.Text)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		a.ID = "bench-" + strings.Repeat("x", i%3) + time.Now().Format(time.RFC3339Nano)
		if _, err := q.Publish(b.Context(), a); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPublishOnly: a publisher creates what is missing and changes
// nothing the workers set.
func TestPublishOnly(t *testing.T) {
	srv := jetstreamtest.Start(t)
	opt := testOptions(t)
	opt.PublishOnly = true
	pub := open(t, srv.URL(), opt)
	if _, err := pub.Publish(t.Context(), queuetest.Doc(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Pending(t.Context()); err == nil {
		t.Errorf("Pending with no worker yet: want an error (no consumer)")
	}
	wopt := testOptions(t)
	wopt.MaxDeliver = 7
	w := open(t, srv.URL(), wopt)
	open(t, srv.URL(), opt) // another publisher
	if n, err := w.Pending(t.Context()); err != nil || n != 1 {
		t.Errorf("Pending = %d, %v; want 1", n, err)
	}
	nc, err := nats.Connect(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := natsjs.New(nc)
	c, err := js.Consumer(t.Context(), jetstream.Stream, jetstream.Consumer)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.MaxDeliver != 7+2 {
		t.Errorf("consumer MaxDeliver = %d after a publisher opened, want the worker's %d", info.Config.MaxDeliver, 7+2)
	}
}

// TestFullStream: when the stream is full, Publish waits (until its
// context is done) instead of dropping documents, and goes on once
// workers have made room.
func TestFullStream(t *testing.T) {
	srv := jetstreamtest.Start(t)
	opt := testOptions(t)
	opt.MaxBytes = 64 << 10
	q := open(t, srv.URL(), opt)
	big := func(i int) *article.Article {
		a := queuetest.Doc(i)
		a.Text = strings.Repeat("x", 10<<10)
		return a
	}
	published := 0
	for ; published < 20; published++ {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		_, err := q.Publish(ctx, big(published))
		cancel()
		if err != nil {
			break
		}
	}
	if published == 0 || published >= 20 {
		t.Fatalf("published %d documents of 10 KiB into a 64 KiB stream before it pushed back", published)
	}
	var handled atomic.Int32
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.Consume(ctx, 2, func(ctx context.Context, a *article.Article) error { handled.Add(1); return nil })
	}()
	if _, err := q.Publish(t.Context(), big(published)); err != nil {
		t.Errorf("Publish once workers drain the stream: %v", err)
	}
	queuetest.WaitDrained(t, q, 20*time.Second)
	cancel()
	<-done
	if got := int(handled.Load()); got != published+1 {
		t.Errorf("handled %d documents, want %d", got, published+1)
	}
}
