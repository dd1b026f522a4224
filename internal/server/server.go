// Package server serves the read-only JSON API of newsgraph over a
// store.Store, and mounts the web UI next to it. Every response carries
// security headers; requests are bounded in size and time, and user errors
// are answered with 400 and a message, never 500.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/newsgraph/newsgraph/internal/metrics"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Limits on requests; see also NewHTTPServer.
const (
	maxBodyBytes   = 1 << 16 // GET only: a body is never read, but never unbounded either
	maxQueryBytes  = 4096    // raw query string
	maxHeaderBytes = 1 << 16
	maxTextBytes   = 512 // a q= or name parameter
	maxNetwork     = 200 // nodes of /api/network
	maxRefs        = 20  // entity references in one parameter (each is a lookup)
)

// ContentSecurityPolicy forbids inline and foreign scripts, styles, frames
// and plugins: the UI loads only its own files.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; " +
	"base-uri 'none'; frame-ancestors 'none'"

// Options configures a Server.
type Options struct {
	// UI, when set, serves every path outside /api/.
	UI http.Handler
	// RequestTimeout bounds each request's context; 10s when zero.
	RequestTimeout time.Duration
}

// A Server answers the JSON API from a store.
type Server struct {
	st      store.Store
	log     *slog.Logger
	timeout time.Duration
	mux     *http.ServeMux

	metrics   *metrics.Registry
	requests  *metrics.CounterVec   // by status class
	latencies *metrics.HistogramVec // by route pattern
}

// New returns a Server over st. It never writes to st.
func New(st store.Store, log *slog.Logger, opts Options) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{st: st, log: log, timeout: opts.RequestTimeout, mux: http.NewServeMux(), metrics: metrics.NewRegistry()}
	if s.timeout <= 0 {
		s.timeout = 10 * time.Second
	}
	s.requests = s.metrics.CounterVec("newsgraph_http_requests_total", "HTTP requests answered, by status class.", "class")
	s.latencies = s.metrics.HistogramVec("newsgraph_http_request_seconds", "Time to answer a request, by route.", "route",
		[]float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10})
	// Operations: liveness (the store answers) and Prometheus metrics.
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if _, err := s.st.Stats(r.Context()); err != nil {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		s.metrics.WriteTo(w)
	})
	s.mux.HandleFunc("GET /api/search", s.handle(s.search))
	s.mux.HandleFunc("GET /api/quotes", s.handle(s.quotes))
	s.mux.HandleFunc("GET /api/entities", s.handle(s.entities))
	s.mux.HandleFunc("GET /api/entities/{id}", s.handle(s.entity))
	s.mux.HandleFunc("GET /api/articles/{id}", s.handle(s.article))
	s.mux.HandleFunc("GET /api/network", s.handle(s.network))
	s.mux.HandleFunc("GET /api/events", s.handle(s.events))
	s.mux.HandleFunc("GET /api/events/timeline", s.handle(s.eventTimeline))
	s.mux.HandleFunc("GET /api/events/partners", s.handle(s.eventPartners))
	s.mux.HandleFunc("GET /api/dyad", s.handle(s.dyad))
	s.mux.HandleFunc("GET /api/stats", s.handle(s.stats))
	s.mux.HandleFunc("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			return errMethod
		}
		return errNoRoute
	}))
	if opts.UI != nil {
		s.mux.Handle("/", opts.UI)
	}
	return s
}

// ServeHTTP sets the security headers, bounds the request and dispatches it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if len(r.URL.RawQuery) > maxQueryBytes {
		s.writeError(w, r, errQueryTooLong)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	ctx, cancel := context.WithTimeout(r.Context(), s.timeout)
	defer cancel()
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	r = r.WithContext(ctx)
	s.mux.ServeHTTP(sw, r)
	took := time.Since(start)
	route := r.Pattern // set by the mux; "" for no route
	if route == "" {
		route = "none"
	}
	s.latencies.With(route).Observe(took.Seconds())
	s.requests.With(fmt.Sprintf("%dxx", sw.code/100)).Inc()
	s.log.DebugContext(ctx, "request", "method", r.Method, "path", r.URL.Path,
		"status", sw.code, "took", took)
}

// statusWriter remembers the status code of a response, for the log.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// NewHTTPServer returns an http.Server for h with header, read, write and
// idle timeouts and a header size limit, ready for ListenAndServe or Serve.
func NewHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
