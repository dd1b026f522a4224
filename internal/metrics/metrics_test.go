package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWriteTo(t *testing.T) {
	r := NewRegistry()
	docs := r.Counter("newsgraph_documents_total", "Documents processed.")
	docs.Inc()
	docs.Add(2)
	fails := r.CounterVec("newsgraph_failures_total", "Failures by reason.", "reason")
	fails.With("store").Inc()
	fails.With(`bad "json"` + "\n").Add(4)
	g := r.Gauge("newsgraph_in_flight", "Documents in flight.\nSecond line with \\.")
	g.Set(5)
	g.Add(-1.5)
	r.GaugeFunc("newsgraph_queue_lag", "", func() float64 { return 42 })
	h := r.HistogramVec("newsgraph_stage_seconds", "Stage latency.", "stage", []float64{0.1, 1})
	h.With("quote").Observe(0.05)
	h.With("quote").Observe(0.1) // on the bound: counted in le="0.1"
	h.With("quote").Observe(3)
	h.With("entity").Observe(0.5)
	r.Histogram("newsgraph_empty_seconds", "", []float64{1})

	var b strings.Builder
	n, err := r.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if int(n) != b.Len() {
		t.Errorf("WriteTo returned %d bytes, wrote %d", n, b.Len())
	}
	want := `# HELP newsgraph_documents_total Documents processed.
# TYPE newsgraph_documents_total counter
newsgraph_documents_total 3
# TYPE newsgraph_empty_seconds histogram
newsgraph_empty_seconds_bucket{le="1"} 0
newsgraph_empty_seconds_bucket{le="+Inf"} 0
newsgraph_empty_seconds_sum 0
newsgraph_empty_seconds_count 0
# HELP newsgraph_failures_total Failures by reason.
# TYPE newsgraph_failures_total counter
newsgraph_failures_total{reason="bad \"json\"\n"} 4
newsgraph_failures_total{reason="store"} 1
# HELP newsgraph_in_flight Documents in flight.\nSecond line with \\.
# TYPE newsgraph_in_flight gauge
newsgraph_in_flight 3.5
# TYPE newsgraph_queue_lag gauge
newsgraph_queue_lag 42
# HELP newsgraph_stage_seconds Stage latency.
# TYPE newsgraph_stage_seconds histogram
newsgraph_stage_seconds_bucket{stage="entity",le="0.1"} 0
newsgraph_stage_seconds_bucket{stage="entity",le="1"} 1
newsgraph_stage_seconds_bucket{stage="entity",le="+Inf"} 1
newsgraph_stage_seconds_sum{stage="entity"} 0.5
newsgraph_stage_seconds_count{stage="entity"} 1
newsgraph_stage_seconds_bucket{stage="quote",le="0.1"} 2
newsgraph_stage_seconds_bucket{stage="quote",le="1"} 2
newsgraph_stage_seconds_bucket{stage="quote",le="+Inf"} 3
newsgraph_stage_seconds_sum{stage="quote"} 3.15
newsgraph_stage_seconds_count{stage="quote"} 3
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteTo mismatch (-want +got):\n%s", diff)
	}
}

func TestRegisterTwice(t *testing.T) {
	r := NewRegistry()
	a := r.Counter("x_total", "")
	b := r.Counter("x_total", "")
	if a != b {
		t.Errorf("Counter registered twice returned different counters")
	}
	tests := []struct {
		name string
		f    func()
	}{
		{"type conflict", func() { r.Gauge("x_total", "") }},
		{"bad name", func() { r.Counter("1x", "") }},
		{"bad label", func() { r.CounterVec("y", "", "a-b") }},
		{"unsorted buckets", func() { r.Histogram("h", "", []float64{2, 1}) }},
		{"negative counter", func() { a.Add(-1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", tt.name)
				}
			}()
			tt.f()
		})
	}
}

func TestConcurrent(t *testing.T) {
	r := NewRegistry()
	c := r.CounterVec("c_total", "", "w")
	h := r.Histogram("h_seconds", "", nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 1000 {
				c.With(string(rune('a' + i%2))).Inc()
				h.Observe(0.003)
			}
		})
		wg.Go(func() { r.WriteTo(io.Discard) })
	}
	wg.Wait()
	if got := c.With("a").Value() + c.With("b").Value(); got != 8000 {
		t.Errorf("counter total = %v, want 8000", got)
	}
	if got := h.Count(); got != 8000 {
		t.Errorf("histogram count = %d, want 8000", got)
	}
}

func TestServeHTTP(t *testing.T) {
	r := NewRegistry()
	r.Counter("up_total", "").Inc()
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type = %q, want text/plain; version=0.0.4", ct)
	}
	if got, want := rec.Body.String(), "# TYPE up_total counter\nup_total 1\n"; got != want {
		t.Errorf("body = %q, want %q", got, want)
	}
}

func BenchmarkObserve(b *testing.B) {
	h := NewRegistry().HistogramVec("s", "", "stage", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.With("quote").Observe(0.02)
	}
}
