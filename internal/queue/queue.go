// Package queue carries documents from the readers that publish them to
// the workers that extract and store them.
//
// Queue is implemented by queue/memqueue (one process, no persistence) and
// queue/jetstream (NATS JetStream, shared by workers on many machines);
// queue/queuetest holds the conformance suite both pass.
//
// Delivery is at least once: a document is acknowledged only after its
// handler returned nil, so handlers must be idempotent (store.Store.Put
// is). A document whose handler fails MaxDeliver times, or that is not a
// valid document at all, goes to the dead letters with the reason.
package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A Handler processes one document. It returns nil once the document's
// results are committed; only then is the document acknowledged. An error
// marked with Permanent sends the document to the dead letters at once;
// any other error is retried until the queue's delivery limit.
type Handler func(ctx context.Context, a *article.Article) error

// A Queue carries documents to workers.
type Queue interface {
	// Publish enqueues a document. It reports false (and no error) when a
	// document with the same ID was published recently and was dropped
	// as a duplicate. Publish blocks while the queue is full.
	Publish(ctx context.Context, a *article.Article) (added bool, err error)
	// Consume runs h on documents with up to n concurrent calls until ctx
	// is done. Then it stops taking documents, waits for the calls in
	// flight (which run on a context that is not cancelled with ctx) and
	// returns nil. It returns an error only if it cannot consume at all.
	Consume(ctx context.Context, n int, h Handler) error
	// Pending counts the documents published and not yet acknowledged or
	// dead-lettered: the queue's lag.
	Pending(ctx context.Context) (int, error)
	Close() error
}

// A DeadLetter is a document that was given up on.
type DeadLetter struct {
	ID     string    `json:"id"`     // the document's ID, "" when it could not be decoded
	Reason string    `json:"reason"` // why it was given up on
	Data   []byte    `json:"data"`   // the message as published
	Time   time.Time `json:"time"`
}

// ErrInvalid marks a message that is not a valid document.
var ErrInvalid = errors.New("invalid document")

// Permanent marks err as one that retrying will not fix, such as a
// document the pipeline rejects: the queue dead-letters it at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent or is
// ErrInvalid.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p) || errors.Is(err, ErrInvalid)
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Decode parses a message into a document, checking that it has an ID
// and, when header is not "", that the ID is the one the publisher gave.
// Its errors wrap ErrInvalid.
func Decode(data []byte, header string) (*article.Article, error) {
	var a article.Article
	if err := jsonUnmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if a.ID == "" {
		return nil, fmt.Errorf("%w: no id", ErrInvalid)
	}
	if header != "" && header != a.ID {
		return nil, fmt.Errorf("%w: id %q differs from message id %q", ErrInvalid, a.ID, header)
	}
	return &a, nil
}

// Encode returns the message form of a document.
func Encode(a *article.Article) ([]byte, error) {
	if a.ID == "" {
		return nil, fmt.Errorf("%w: no id", ErrInvalid)
	}
	return jsonMarshal(a)
}

// Backoff returns the wait before retry attempt (0-based): base doubled
// per attempt, capped at max.
func Backoff(attempt int, base, max time.Duration) time.Duration {
	d := base
	for range attempt {
		d *= 2
		if d >= max {
			return max
		}
	}
	return min(d, max)
}

// Sleep waits for d or until ctx is done, reporting ctx's error then.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
