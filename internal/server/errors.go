package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/newsgraph/newsgraph/internal/store"
)

var (
	errNoRoute      = errors.New("no such API route")
	errQueryTooLong = errors.New("query string too long")
	errMethod       = errors.New("the API is read-only: GET only")
)

// Status maps an error to an HTTP status code: store.ErrNotFound → 404,
// store.ErrInvalid (bad parameters included) → 400, a request that ran out
// of time → 503, anything else → 500. The web UI uses it too.
func Status(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, store.ErrNotFound), errors.Is(err, errNoRoute):
		return http.StatusNotFound
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, errQueryTooLong):
		return http.StatusRequestURITooLong
	case errors.Is(err, store.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// handle adapts a handler that returns an error: the status code of every
// failure is set here, and only here.
func (s *Server) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

// writeError answers {"error": "..."}. Server errors are logged and their
// details kept from the client.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := Status(err)
	msg := err.Error()
	if code >= 500 {
		msg = http.StatusText(code)
		if errors.Is(err, context.Canceled) {
			// The client went away: nothing failed on our side.
			s.log.DebugContext(r.Context(), "request canceled", "method", r.Method, "path", r.URL.Path)
		} else {
			s.log.ErrorContext(r.Context(), "request failed",
				"method", r.Method, "path", r.URL.Path, "status", code, "err", err)
		}
	}
	_ = writeJSON(w, code, struct {
		Error string `json:"error"`
	}{msg})
}

// writeJSON encodes v before writing anything, so that a value that does
// not encode (a NaN from the store) becomes an error response.
func writeJSON(w http.ResponseWriter, code int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, err = w.Write(append(b, '\n'))
	return err
}
