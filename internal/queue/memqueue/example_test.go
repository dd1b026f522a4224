package memqueue_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/queue"
	"github.com/newsgraph/newsgraph/internal/queue/memqueue"
)

// A worker acknowledges a document by returning nil; a permanent error
// sends it to the dead letters with the reason.
func Example() {
	ctx := context.Background()
	q := memqueue.New(memqueue.Options{})
	q.Publish(ctx, &article.Article{ID: "a1", Text: "Ze zei: „Nee.”"})
	added, _ := q.Publish(ctx, &article.Article{ID: "a1", Text: "again"})
	fmt.Println("duplicate added:", added)
	q.Publish(ctx, &article.Article{ID: "a2", Text: ""})

	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() {
		done <- q.Consume(cctx, 2, func(ctx context.Context, a *article.Article) error {
			if a.Text == "" {
				return queue.Permanent(errors.New("empty text"))
			}
			fmt.Println("stored", a.ID)
			return nil
		})
	}()
	for n, _ := q.Pending(ctx); n > 0; n, _ = q.Pending(ctx) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	dead, _ := q.DeadLetters(ctx)
	fmt.Println("dead:", dead[0].ID, dead[0].Reason)
	// Output:
	// duplicate added: false
	// stored a1
	// dead: a2 empty text
}
