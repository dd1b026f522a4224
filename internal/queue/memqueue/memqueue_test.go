package memqueue_test

import (
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/queue/memqueue"
	"github.com/newsgraph/newsgraph/internal/queue/queuetest"
)

func TestConformance(t *testing.T) {
	queuetest.Run(t, func(t *testing.T) queuetest.Queue {
		q := memqueue.New(memqueue.Options{MaxDeliver: queuetest.MaxDeliver, RetryDelay: time.Millisecond})
		t.Cleanup(func() { q.Close() })
		return q
	})
}
