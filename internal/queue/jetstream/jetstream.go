// Package jetstream is a queue.Queue on NATS JetStream, shared by workers
// on any number of machines.
//
// Documents go to the work-queue stream NEWSGRAPH_DOCS on subject
// newsgraph.docs as the JSON of article.Article, with the header
// Nats-Msg-Id set to the article ID so that the server drops a document
// published twice within the duplicate window. All workers pull from one
// durable consumer, "workers", so each document goes to one worker at a
// time; MaxAckPending bounds the documents in flight across all workers
// (backpressure) and AckWait redelivers a document whose worker died.
//
// A document is acknowledged only after its handler returned nil. One
// whose handler failed MaxDeliver times, that was delivered more often
// than that without an acknowledgement (its worker crashed on it), or
// that is not a valid document is published to newsgraph.dead (kept in
// the stream NEWSGRAPH_DEAD) with the reason in the header
// Newsgraph-Dead-Reason, and then terminated.
package jetstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	neturl "net/url"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/metrics"
	"github.com/newsgraph/newsgraph/internal/queue"
)

// Names of the stream, subjects and consumer.
const (
	Stream      = "NEWSGRAPH_DOCS"
	Subject     = "newsgraph.docs"
	DeadStream  = "NEWSGRAPH_DEAD"
	DeadSubject = "newsgraph.dead"
	Consumer    = "workers"
)

// Headers of a dead letter, besides the original message's.
const (
	HeaderReason     = "Newsgraph-Dead-Reason"
	HeaderDocID      = "Newsgraph-Doc-Id"
	HeaderDeliveries = "Newsgraph-Deliveries"
)

// Options configure a Queue; zero fields take the defaults. The stream
// and consumer settings are applied by every Open, so all workers and
// publishers of one deployment should use the same ones.
type Options struct {
	MaxBytes      int64         // stream size bound; publishers wait when it is full (default 1 GiB)
	Duplicates    time.Duration // de-duplication window (default 20 minutes)
	Replicas      int           // stream replicas in a cluster (default 1)
	AckWait       time.Duration // redeliver when not acknowledged within this (default 1 minute)
	MaxAckPending int           // documents in flight over all workers (default 512)
	MaxDeliver    int           // handler attempts before dead-lettering (default 5)
	RetryDelay    time.Duration // first wait before a failed document is retried, doubling (default 1 s)

	ConnectWait   time.Duration // first wait between attempts to reach NATS, doubling (default 500 ms)
	MaxWait       time.Duration // cap of the waits above (default 30 s)
	ReconnectWait time.Duration // nats.go's wait between reconnects (default 1 s)
	Name          string        // client name shown by the server
	// PublishOnly is for publishers: streams are created when missing but
	// never updated, and the consumer is left alone, so that publishing
	// does not undo the settings the workers run with.
	PublishOnly bool

	Log     *slog.Logger
	Metrics *metrics.Registry // if set, counts dead letters, retries and redeliveries
}

func (o *Options) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 1 << 30
	}
	set(&o.Duplicates, 20*time.Minute)
	if o.Replicas <= 0 {
		o.Replicas = 1
	}
	set(&o.AckWait, time.Minute)
	if o.MaxAckPending <= 0 {
		o.MaxAckPending = 512
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 5
	}
	set(&o.RetryDelay, time.Second)
	set(&o.ConnectWait, 500*time.Millisecond)
	set(&o.MaxWait, 30*time.Second)
	set(&o.ReconnectWait, time.Second)
	if o.Name == "" {
		o.Name = "newsgraph"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// A Queue is a connection to the NATS server with the stream and the
// consumer in place.
type Queue struct {
	url string
	opt Options
	log *slog.Logger
	nc  *nats.Conn
	js  jetstream.JetStream

	dead, retried, redelivered *metrics.Counter
}

var _ queue.Queue = (*Queue)(nil)

// Open connects to the NATS server at url and creates or updates the
// streams and the consumer. While the server cannot be reached it logs
// the reason and retries with capped exponential backoff, until ctx is
// done; then it returns the last error.
func Open(ctx context.Context, url string, opt Options) (*Queue, error) {
	opt.defaults()
	q := &Queue{url: url, opt: opt, log: opt.Log.With("component", "queue", "nats", url)}
	if r := opt.Metrics; r != nil {
		q.dead = r.Counter("newsgraph_queue_dead_letters_total", "Documents sent to the dead-letter subject.")
		q.retried = r.Counter("newsgraph_queue_retries_total", "Failed documents given back to the queue for another attempt.")
		q.redelivered = r.Counter("newsgraph_queue_redeliveries_total", "Documents received that had been delivered before.")
	} else {
		q.dead, q.retried, q.redelivered = new(metrics.Counter), new(metrics.Counter), new(metrics.Counter)
	}
	for attempt := 0; ; attempt++ {
		err := q.connect(ctx)
		if err == nil {
			return q, nil
		}
		if permanent(err) {
			return nil, fmt.Errorf("open nats queue %s: %w", url, err)
		}
		wait := queue.Backoff(attempt, opt.ConnectWait, opt.MaxWait)
		q.log.WarnContext(ctx, "nats unavailable, retrying", "err", err, "retry_in", wait)
		if serr := queue.Sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("open nats queue %s: %w (gave up: %v)", url, err, serr)
		}
	}
}

// permanent reports errors that waiting does not fix: a malformed URL,
// refused credentials.
func permanent(err error) bool {
	var ue *neturl.Error
	return errors.As(err, &ue) || errors.Is(err, nats.ErrAuthorization) ||
		errors.Is(err, nats.ErrAuthExpired) || errors.Is(err, nats.ErrAuthRevoked)
}

func (q *Queue) connect(ctx context.Context) error {
	log := q.log
	nc, err := nats.Connect(q.url,
		nats.Name(q.opt.Name),
		nats.Timeout(5*time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(q.opt.ReconnectWait),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(*nats.Conn) { log.Info("nats reconnected") }),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			// Slow consumer after a reconnect: the dropped messages are
			// redelivered after AckWait.
			log.Warn("nats async error", "err", err)
		}),
	)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return fmt.Errorf("jetstream: %w", err)
	}
	q.nc, q.js = nc, js
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return err
	}
	return nil
}

// setup creates or updates the streams and the consumer.
func (q *Queue) setup(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ensure := q.js.CreateOrUpdateStream
	if q.opt.PublishOnly {
		ensure = func(ctx context.Context, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
			st, err := q.js.Stream(ctx, cfg.Name)
			if errors.Is(err, jetstream.ErrStreamNotFound) {
				return q.js.CreateStream(ctx, cfg)
			}
			return st, err
		}
	}
	_, err := ensure(ctx, jetstream.StreamConfig{
		Name:        Stream,
		Description: "newsgraph documents waiting for extraction",
		Subjects:    []string{Subject},
		Retention:   jetstream.WorkQueuePolicy,
		MaxBytes:    q.opt.MaxBytes,
		Discard:     jetstream.DiscardNew,
		Duplicates:  q.opt.Duplicates,
		Storage:     jetstream.FileStorage,
		Replicas:    q.opt.Replicas,
	})
	if err != nil {
		return fmt.Errorf("create stream %s: %w", Stream, err)
	}
	_, err = ensure(ctx, jetstream.StreamConfig{
		Name:        DeadStream,
		Description: "newsgraph documents given up on, with the reason",
		Subjects:    []string{DeadSubject},
		Retention:   jetstream.LimitsPolicy,
		MaxBytes:    max(q.opt.MaxBytes/4, 1<<20),
		MaxAge:      30 * 24 * time.Hour,
		Discard:     jetstream.DiscardOld,
		Storage:     jetstream.FileStorage,
		Replicas:    q.opt.Replicas,
	})
	if err != nil {
		return fmt.Errorf("create stream %s: %w", DeadStream, err)
	}
	if q.opt.PublishOnly {
		return nil
	}
	_, err = q.js.CreateOrUpdateConsumer(ctx, Stream, q.consumerConfig())
	if err != nil {
		return fmt.Errorf("create consumer %s: %w", Consumer, err)
	}
	return nil
}

// consumerConfig allows two deliveries beyond MaxDeliver: the worker
// dead-letters a document it receives for the (MaxDeliver+1)th time
// without running the handler (the earlier attempt crashed or timed
// out), and one more in case that dead-letter publish failed.
func (q *Queue) consumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       Consumer,
		Description:   "newsgraph workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.opt.AckWait,
		MaxDeliver:    q.opt.MaxDeliver + 2,
		MaxAckPending: q.opt.MaxAckPending,
		FilterSubject: Subject,
	}
}

// Publish implements queue.Queue. While the stream is full or the server
// is unreachable it retries with capped backoff until ctx is done.
func (q *Queue) Publish(ctx context.Context, a *article.Article) (bool, error) {
	data, err := queue.Encode(a)
	if err != nil {
		return false, fmt.Errorf("publish: %w", err)
	}
	return q.PublishRaw(ctx, a.ID, data)
}

// PublishRaw publishes a message as given, with id as its Nats-Msg-Id.
func (q *Queue) PublishRaw(ctx context.Context, id string, data []byte) (bool, error) {
	msg := nats.NewMsg(Subject)
	msg.Data = data
	if id != "" {
		msg.Header.Set(jetstream.MsgIDHeader, id)
	}
	for attempt := 0; ; attempt++ {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		ack, err := q.js.PublishMsg(pctx, msg)
		cancel()
		if err == nil {
			return !ack.Duplicate, nil
		}
		if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, nats.ErrConnectionClosed) {
			return false, fmt.Errorf("publish %s: %w", id, err)
		}
		wait := queue.Backoff(attempt, q.opt.ConnectWait, q.opt.MaxWait)
		q.log.WarnContext(ctx, "publish failed, retrying", "article_id", id, "err", err, "retry_in", wait)
		if serr := queue.Sleep(ctx, wait); serr != nil {
			return false, fmt.Errorf("publish %s: %w", id, err)
		}
	}
}

// Consume implements queue.Queue. n also bounds the documents this worker
// buffers ahead. When the consumer or connection is lost it logs and
// starts again with backoff.
func (q *Queue) Consume(ctx context.Context, n int, h queue.Handler) error {
	if n < 1 {
		n = 1
	}
	slots := make(chan struct{}, n)
	var wg sync.WaitGroup
	defer wg.Wait()
	for attempt := 0; ctx.Err() == nil; attempt++ {
		err := q.consume(ctx, n, slots, &wg, h)
		if ctx.Err() != nil {
			break
		}
		wait := queue.Backoff(attempt, q.opt.ConnectWait, q.opt.MaxWait)
		q.log.WarnContext(ctx, "consume interrupted, restarting", "err", err, "retry_in", wait)
		if queue.Sleep(ctx, wait) != nil {
			break
		}
		if q.nc.IsClosed() {
			return fmt.Errorf("consume from %s: connection closed", q.url)
		}
	}
	return nil
}

// consume runs one message iterator until it ends (ctx done, or an error).
// On ctx done it drains: documents already buffered are given back at
// once with a Nak, and handlers in flight finish (the caller waits on wg).
func (q *Queue) consume(ctx context.Context, n int, slots chan struct{}, wg *sync.WaitGroup, h queue.Handler) error {
	cons, err := q.js.Consumer(ctx, Stream, Consumer)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		cons, err = q.js.CreateOrUpdateConsumer(ctx, Stream, q.consumerConfig())
	}
	if err != nil {
		return fmt.Errorf("consumer %s: %w", Consumer, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(n), jetstream.WithMessagesErrOnMissingHeartbeat(false))
	if err != nil {
		return fmt.Errorf("pull from %s: %w", Consumer, err)
	}
	defer it.Stop()
	hctx := context.WithoutCancel(ctx)
	for {
		msg, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				q.giveBack(it)
				return nil
			}
			return err
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			q.nak(ctx, msg)
			q.giveBack(it)
			return nil
		}
		wg.Go(func() {
			defer func() { <-slots }()
			q.handle(hctx, msg, h)
		})
	}
}

// giveBack stops pulling and hands the documents buffered in this worker
// back to the server now, for another worker, rather than after AckWait.
func (q *Queue) giveBack(it jetstream.MessagesContext) {
	it.Drain()
	for {
		msg, err := it.Next(jetstream.NextMaxWait(200 * time.Millisecond))
		if err != nil {
			return
		}
		q.nak(context.Background(), msg)
	}
}

func (q *Queue) nak(ctx context.Context, msg jetstream.Msg) {
	if err := msg.Nak(); err != nil {
		q.log.WarnContext(ctx, "nak on stop", "err", err)
	}
}

// handle runs h on one message and acknowledges, retries or dead-letters
// it. While h runs it tells the server the message is in progress, so
// that a slow document is not redelivered to another worker.
func (q *Queue) handle(ctx context.Context, msg jetstream.Msg, h queue.Handler) {
	delivered := uint64(1)
	if md, err := msg.Metadata(); err == nil {
		delivered = md.NumDelivered
	}
	if delivered > 1 {
		q.redelivered.Inc()
	}
	id := msg.Headers().Get(jetstream.MsgIDHeader)
	if delivered > uint64(q.opt.MaxDeliver) {
		q.deadLetter(ctx, msg, id, delivered, fmt.Sprintf("not acknowledged after %d deliveries (worker crashed, timed out or stopped)", delivered-1))
		return
	}
	a, err := queue.Decode(msg.Data(), id)
	if err != nil {
		q.deadLetter(ctx, msg, id, delivered, err.Error())
		return
	}
	hctx, cancel := context.WithTimeout(ctx, 10*q.opt.AckWait)
	defer cancel()
	err = q.withProgress(hctx, msg, func() error { return h(hctx, a) })
	switch {
	case err == nil:
		if err := msg.Ack(); err != nil {
			// Redelivered later; the handler is idempotent.
			q.log.WarnContext(ctx, "ack failed", "article_id", a.ID, "err", err)
		}
	case queue.IsPermanent(err):
		q.deadLetter(ctx, msg, a.ID, delivered, err.Error())
	case delivered >= uint64(q.opt.MaxDeliver):
		q.deadLetter(ctx, msg, a.ID, delivered, fmt.Sprintf("failed %d times: %v", delivered, err))
	default:
		q.retried.Inc()
		wait := queue.Backoff(int(delivered)-1, q.opt.RetryDelay, q.opt.MaxWait)
		q.log.WarnContext(ctx, "document failed, will retry", "article_id", a.ID,
			"attempt", delivered, "err", err, "retry_in", wait)
		if err := msg.NakWithDelay(wait); err != nil {
			q.log.WarnContext(ctx, "nak failed", "article_id", a.ID, "err", err)
		}
	}
}

// withProgress runs f, sending InProgress every AckWait/3 until it returns.
func (q *Queue) withProgress(ctx context.Context, msg jetstream.Msg, f func() error) error {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(max(q.opt.AckWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				msg.InProgress()
			}
		}
	})
	err := f()
	close(done)
	wg.Wait()
	return err
}

// deadLetter publishes msg to the dead-letter subject with the reason and
// terminates it. If that publish fails the message is given back, to be
// dead-lettered at a later delivery.
func (q *Queue) deadLetter(ctx context.Context, msg jetstream.Msg, id string, delivered uint64, reason string) {
	dl := nats.NewMsg(DeadSubject)
	dl.Data = msg.Data()
	for k, v := range msg.Headers() {
		dl.Header[k] = v
	}
	dl.Header.Del(jetstream.MsgIDHeader)
	if md, err := msg.Metadata(); err == nil {
		// Dedup a dead letter that is published again after a lost ack.
		dl.Header.Set(jetstream.MsgIDHeader, "dead-"+strconv.FormatUint(md.Sequence.Stream, 10))
	}
	dl.Header.Set(HeaderReason, reason)
	dl.Header.Set(HeaderDocID, id)
	dl.Header.Set(HeaderDeliveries, strconv.FormatUint(delivered, 10))
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := q.js.PublishMsg(pctx, dl); err != nil {
		q.log.ErrorContext(ctx, "dead-letter publish failed", "article_id", id, "reason", reason, "err", err)
		msg.NakWithDelay(q.opt.RetryDelay)
		return
	}
	q.dead.Inc()
	q.log.WarnContext(ctx, "document dead-lettered", "article_id", id, "reason", reason, "deliveries", delivered)
	if err := msg.TermWithReason(reason); err != nil {
		q.log.WarnContext(ctx, "term failed", "article_id", id, "err", err)
	}
}

// Pending implements queue.Queue: documents not yet delivered plus those
// delivered and not yet acknowledged.
func (q *Queue) Pending(ctx context.Context) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cons, err := q.js.Consumer(ctx, Stream, Consumer)
	if err != nil {
		return 0, fmt.Errorf("pending: %w", err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("pending: %w", err)
	}
	return int(info.NumPending) + info.NumAckPending, nil
}

// DeadLetters returns up to the last 1000 dead letters, oldest first.
func (q *Queue) DeadLetters(ctx context.Context) ([]queue.DeadLetter, error) {
	s, err := q.js.Stream(ctx, DeadStream)
	if err != nil {
		return nil, fmt.Errorf("dead letters: %w", err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("dead letters: %w", err)
	}
	first := info.State.FirstSeq
	if info.State.LastSeq >= 1000 && info.State.LastSeq-999 > first {
		first = info.State.LastSeq - 999
	}
	var out []queue.DeadLetter
	for seq := first; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("dead letter %d: %w", seq, err)
		}
		out = append(out, queue.DeadLetter{
			ID:     m.Header.Get(HeaderDocID),
			Reason: m.Header.Get(HeaderReason),
			Data:   m.Data,
			Time:   m.Time,
		})
	}
	return out, nil
}

// Healthy reports why the queue cannot work now (the connection to NATS
// is down), or nil.
func (q *Queue) Healthy() error {
	if st := q.nc.Status(); st != nats.CONNECTED {
		return fmt.Errorf("nats %s: %s", q.url, st)
	}
	return nil
}

// Close closes the connection. Call it after Consume has returned.
func (q *Queue) Close() error {
	if q.nc != nil {
		q.nc.Close()
	}
	return nil
}
