// Package web serves the HTML pages of newsgraph: search, article,
// entity and network pages rendered with html/template from a
// store.Store, plus a small stylesheet and script, all embedded so the UI
// works offline. Every piece of stored text reaches the page escaped.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// A UI serves the pages. It is an http.Handler meant to be mounted by
// server.Options.UI, which adds the security headers.
type UI struct {
	st    store.Store
	log   *slog.Logger
	mux   *http.ServeMux
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"path":  url.PathEscape,
	"query": url.QueryEscape,
	"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"lower": strings.ToLower,
	"add":   func(a, b int) int { return a + b },
	// actor pairs an event's actor with its store-wide id for the
	// "actor" template; a nil actor gives an empty one.
	"actor": func(x *article.EventActor, id string) eventActor {
		if x == nil {
			return eventActor{}
		}
		return eventActor{ID: id, Name: x.Name, Code: x.Code}
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}

// New returns a UI over st. It panics if the embedded templates do not
// parse, which is a programmer error caught by the tests.
func New(st store.Store, log *slog.Logger) *UI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	u := &UI{st: st, log: log, mux: http.NewServeMux(), pages: map[string]*template.Template{}}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/parts.html"))
	for _, name := range []string{"home", "search", "quotes", "article", "entity", "network", "events", "dyad", "error"} {
		t := template.Must(base.Clone())
		u.pages[name] = template.Must(t.ParseFS(templateFS, "templates/"+name+".html"))
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	u.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static))))
	u.mux.HandleFunc("GET /{$}", u.handle(u.home))
	u.mux.HandleFunc("GET /search", u.handle(u.search))
	u.mux.HandleFunc("GET /quotes", u.handle(u.quotes))
	u.mux.HandleFunc("GET /articles/{id}", u.handle(u.article))
	u.mux.HandleFunc("GET /entities/{id}", u.handle(u.entity))
	u.mux.HandleFunc("GET /network", u.handle(u.network))
	u.mux.HandleFunc("GET /events", u.handle(u.events))
	u.mux.HandleFunc("GET /dyad", u.handle(u.dyad))
	u.mux.HandleFunc("/", u.handle(func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("page %s: %w", r.URL.Path, store.ErrNotFound)
	}))
	return u
}

func (u *UI) ServeHTTP(w http.ResponseWriter, r *http.Request) { u.mux.ServeHTTP(w, r) }

// cacheFor serves the static files with a cache lifetime, and no
// directory listings.
func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		h.ServeHTTP(w, r)
	})
}

// page is what every template gets: the title, the search box's text and
// the page's own data.
type page struct {
	Title string
	Q     string
	Data  any
}

// handle renders a handler's error as a page with the status code of
// server.Status, logging server errors.
func (u *UI) handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := server.Status(err)
		msg := err.Error()
		if code >= 500 {
			msg = "Something went wrong on our side. Please try again."
			if errors.Is(err, context.Canceled) {
				return // the client went away
			}
			u.log.ErrorContext(r.Context(), "page failed",
				"method", r.Method, "path", r.URL.Path, "status", code, "err", err)
		}
		u.render(w, code, "error", page{Title: http.StatusText(code),
			Data: struct {
				Code int
				Msg  string
			}{code, msg}})
	}
}

// render executes a page into a buffer first, so that a template error
// never leaves half a page behind.
func (u *UI) render(w http.ResponseWriter, code int, name string, p page) {
	var buf bytes.Buffer
	if err := u.pages[name].Execute(&buf, p); err != nil {
		u.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}
