package metrics_test

import (
	"os"

	"github.com/newsgraph/newsgraph/internal/metrics"
)

func Example() {
	r := metrics.NewRegistry()
	docs := r.CounterVec("newsgraph_documents_processed_total", "Documents processed.", "result")
	docs.With("added").Inc()
	stage := r.HistogramVec("newsgraph_stage_seconds", "Time per stage.", "stage", []float64{0.01, 0.1})
	stage.With("quote").Observe(0.004)
	r.WriteTo(os.Stdout)
	// Output:
	// # HELP newsgraph_documents_processed_total Documents processed.
	// # TYPE newsgraph_documents_processed_total counter
	// newsgraph_documents_processed_total{result="added"} 1
	// # HELP newsgraph_stage_seconds Time per stage.
	// # TYPE newsgraph_stage_seconds histogram
	// newsgraph_stage_seconds_bucket{stage="quote",le="0.01"} 1
	// newsgraph_stage_seconds_bucket{stage="quote",le="0.1"} 1
	// newsgraph_stage_seconds_bucket{stage="quote",le="+Inf"} 1
	// newsgraph_stage_seconds_sum{stage="quote"} 0.004
	// newsgraph_stage_seconds_count{stage="quote"} 1
}
