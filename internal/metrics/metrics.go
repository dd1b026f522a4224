// Package metrics is a small registry of counters, gauges and histograms
// that it writes in the Prometheus text exposition format (version 0.0.4),
// so that workers and the server can be scraped without a client library.
//
// A metric family has at most one label (stage, reason, …): that covers
// what newsgraph measures and keeps the registry small.
package metrics

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Metric types, as the TYPE line spells them.
const (
	typeCounter   = "counter"
	typeGauge     = "gauge"
	typeHistogram = "histogram"
)

// A Registry holds metric families and writes them in name order.
type Registry struct {
	mu       sync.Mutex
	families map[string]*family
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{families: map[string]*family{}}
}

// A family is one metric name with its series, one per label value.
type family struct {
	name, help, typ, label string
	buckets                []float64      // histograms only
	fn                     func() float64 // gauge funcs only
	mu                     sync.Mutex     // guards series
	series                 map[string]any // label value → *Counter, *Gauge or *Histogram
}

// register adds a family or returns the one already there, panicking on
// a conflicting redefinition (a programmer error).
func (r *Registry) register(f *family) *family {
	if !validName(f.name) || (f.label != "" && !validName(f.label)) {
		panic(fmt.Sprintf("metrics: invalid name %q or label %q", f.name, f.label))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.families[f.name]; ok {
		if old.typ != f.typ || old.label != f.label || !slices.Equal(old.buckets, f.buckets) || f.fn != nil {
			panic(fmt.Sprintf("metrics: %s registered twice with different definitions", f.name))
		}
		return old
	}
	f.series = map[string]any{}
	r.families[f.name] = f
	return f
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		ok := c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9'
		if !ok {
			return false
		}
	}
	return true
}

// get returns the series for a label value, creating it with mk.
func (f *family) get(value string, mk func() any) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.series[value]
	if !ok {
		s = mk()
		f.series[value] = s
	}
	return s
}

// A Counter only goes up.
type Counter struct{ bits atomic.Uint64 }

// Inc adds one.
func (c *Counter) Inc() { c.Add(1) }

// Add adds v, which must not be negative.
func (c *Counter) Add(v float64) {
	if v < 0 {
		panic("metrics: counter decreased")
	}
	addFloat(&c.bits, v)
}

// Value returns the current count.
func (c *Counter) Value() float64 { return math.Float64frombits(c.bits.Load()) }

// A Gauge goes up and down.
type Gauge struct{ bits atomic.Uint64 }

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// Add adds v (which may be negative).
func (g *Gauge) Add(v float64) { addFloat(&g.bits, v) }

// Value returns the current value.
func (g *Gauge) Value() float64 { return math.Float64frombits(g.bits.Load()) }

func addFloat(bits *atomic.Uint64, v float64) {
	for {
		old := bits.Load()
		if bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+v)) {
			return
		}
	}
}

// A Histogram counts observations in fixed buckets (upper bounds,
// inclusive, as Prometheus's "le").
type Histogram struct {
	upper  []float64
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64
	count  atomic.Uint64
}

func newHistogram(upper []float64) *Histogram {
	return &Histogram{upper: upper, counts: make([]atomic.Uint64, len(upper)+1)}
}

// Observe records one value.
func (h *Histogram) Observe(v float64) {
	i, _ := slices.BinarySearch(h.upper, v) // first bound >= v
	h.counts[i].Add(1)
	addFloat(&h.sum, v)
	h.count.Add(1)
}

// Count returns the number of observations.
func (h *Histogram) Count() uint64 { return h.count.Load() }

// DefaultBuckets suit latencies in seconds from 1 ms to 10 s.
var DefaultBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Counter registers (or returns the registered) counter name.
func (r *Registry) Counter(name, help string) *Counter {
	f := r.register(&family{name: name, help: help, typ: typeCounter})
	return f.get("", func() any { return new(Counter) }).(*Counter)
}

// A CounterVec is a counter family with one label.
type CounterVec struct{ f *family }

// CounterVec registers a counter family whose series differ by label.
func (r *Registry) CounterVec(name, help, label string) *CounterVec {
	return &CounterVec{r.register(&family{name: name, help: help, typ: typeCounter, label: label})}
}

// With returns the counter for one label value.
func (v *CounterVec) With(value string) *Counter {
	return v.f.get(value, func() any { return new(Counter) }).(*Counter)
}

// Gauge registers (or returns the registered) gauge name.
func (r *Registry) Gauge(name, help string) *Gauge {
	f := r.register(&family{name: name, help: help, typ: typeGauge})
	return f.get("", func() any { return new(Gauge) }).(*Gauge)
}

// GaugeFunc registers a gauge whose value fn computes at each scrape. fn
// must be safe to call concurrently and should be quick.
func (r *Registry) GaugeFunc(name, help string, fn func() float64) {
	r.register(&family{name: name, help: help, typ: typeGauge, fn: fn})
}

// Histogram registers a histogram with the given bucket upper bounds,
// which must be sorted and finite (DefaultBuckets when nil).
func (r *Registry) Histogram(name, help string, buckets []float64) *Histogram {
	buckets = checkBuckets(buckets)
	f := r.register(&family{name: name, help: help, typ: typeHistogram, buckets: buckets})
	return f.get("", func() any { return newHistogram(buckets) }).(*Histogram)
}

// A HistogramVec is a histogram family with one label.
type HistogramVec struct{ f *family }

// HistogramVec registers a histogram family whose series differ by label.
func (r *Registry) HistogramVec(name, help, label string, buckets []float64) *HistogramVec {
	buckets = checkBuckets(buckets)
	return &HistogramVec{r.register(&family{name: name, help: help, typ: typeHistogram, label: label, buckets: buckets})}
}

// With returns the histogram for one label value.
func (v *HistogramVec) With(value string) *Histogram {
	return v.f.get(value, func() any { return newHistogram(v.f.buckets) }).(*Histogram)
}

func checkBuckets(b []float64) []float64 {
	if b == nil {
		b = DefaultBuckets
	}
	if !slices.IsSorted(b) || slices.ContainsFunc(b, func(v float64) bool { return math.IsInf(v, 0) || math.IsNaN(v) }) {
		panic(fmt.Sprintf("metrics: buckets %v not sorted and finite", b))
	}
	return slices.Clone(b)
}

// WriteTo writes every family in the text exposition format, families in
// name order and series in label order.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	fams := make([]*family, 0, len(r.families))
	for _, f := range r.families {
		fams = append(fams, f)
	}
	r.mu.Unlock()
	slices.SortFunc(fams, func(a, b *family) int { return strings.Compare(a.name, b.name) })

	cw := &countWriter{w: bufio.NewWriter(w)}
	for _, f := range fams {
		f.write(cw)
	}
	err := cw.w.Flush()
	if cw.err != nil {
		err = cw.err
	}
	return cw.n, err
}

func (f *family) write(w *countWriter) {
	if f.help != "" {
		fmt.Fprintf(w, "# HELP %s %s\n", f.name, escapeHelp(f.help))
	}
	fmt.Fprintf(w, "# TYPE %s %s\n", f.name, f.typ)
	if f.fn != nil {
		fmt.Fprintf(w, "%s %s\n", f.name, formatFloat(f.fn()))
		return
	}
	f.mu.Lock()
	values := make([]string, 0, len(f.series))
	for v := range f.series {
		values = append(values, v)
	}
	series := make([]any, len(values))
	slices.Sort(values)
	for i, v := range values {
		series[i] = f.series[v]
	}
	f.mu.Unlock()
	for i, v := range values {
		lbl := ""
		if f.label != "" {
			lbl = f.label + `="` + escapeLabel(v) + `"`
		}
		switch s := series[i].(type) {
		case *Counter:
			fmt.Fprintf(w, "%s%s %s\n", f.name, braces(lbl), formatFloat(s.Value()))
		case *Gauge:
			fmt.Fprintf(w, "%s%s %s\n", f.name, braces(lbl), formatFloat(s.Value()))
		case *Histogram:
			s.write(w, f.name, lbl)
		}
	}
}

func (h *Histogram) write(w *countWriter, name, lbl string) {
	sep := ""
	if lbl != "" {
		sep = ","
	}
	// _count is the sum of the buckets as read, not h.count, so that a
	// scrape during concurrent observations stays self-consistent
	// (+Inf bucket == _count).
	var cum uint64
	for i, ub := range h.upper {
		cum += h.counts[i].Load()
		fmt.Fprintf(w, "%s_bucket{%s%sle=\"%s\"} %d\n", name, lbl, sep, formatFloat(ub), cum)
	}
	cum += h.counts[len(h.upper)].Load()
	fmt.Fprintf(w, "%s_bucket{%s%sle=\"+Inf\"} %d\n", name, lbl, sep, cum)
	fmt.Fprintf(w, "%s_sum%s %s\n", name, braces(lbl), formatFloat(math.Float64frombits(h.sum.Load())))
	fmt.Fprintf(w, "%s_count%s %d\n", name, braces(lbl), cum)
}

// ServeHTTP writes the registry for a Prometheus scrape.
func (r *Registry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	r.WriteTo(w) // a failed write means the scraper went away; nothing to do
}

func braces(s string) string {
	if s == "" {
		return ""
	}
	return "{" + s + "}"
}

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func escapeHelp(s string) string  { return helpEscaper.Replace(s) }
func escapeLabel(s string) string { return labelEscaper.Replace(s) }

// countWriter counts bytes and keeps the first error.
type countWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
