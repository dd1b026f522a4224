package server

import (
	"net/http"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// query parses the common filters and resolves speaker and about (when
// the endpoint takes them). ok is false when a given entity reference
// names nothing known: the answer is then an empty page, not an error.
func (s *Server) query(r *http.Request, refs ...string) (q store.Query, ok bool, err error) {
	v := r.URL.Query()
	if q, err = ParseQuery(v); err != nil {
		return q, false, err
	}
	for _, name := range refs {
		ids, found, err := Resolve(r.Context(), s.st, v, name)
		if err != nil || !found {
			return q, false, err
		}
		switch name {
		case "speaker":
			q.Speaker = ids
		case "about":
			q.About = ids
		}
	}
	return q, true, nil
}

// GET /api/search?q=&lang=&source=&from=&to=&about=&limit=&offset=
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := s.query(r, "about")
	if err != nil {
		return err
	}
	page := store.ArticlePage{Hits: []store.ArticleHit{}}
	if ok {
		if page, err = s.st.Search(r.Context(), q); err != nil {
			return err
		}
	}
	if page.Hits == nil {
		page.Hits = []store.ArticleHit{}
	}
	return writeJSON(w, http.StatusOK, page)
}

// GET /api/quotes?speaker=&about=&q=&lang=&from=&to=&limit=&offset=
func (s *Server) quotes(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := s.query(r, "speaker", "about")
	if err != nil {
		return err
	}
	page := store.QuotePage{Hits: []store.QuoteHit{}}
	if ok {
		if page, err = s.st.Quotes(r.Context(), q); err != nil {
			return err
		}
	}
	if page.Hits == nil {
		page.Hits = []store.QuoteHit{}
	}
	return writeJSON(w, http.StatusOK, page)
}

// GET /api/entities?q=&type=&limit=&offset=
func (s *Server) entities(w http.ResponseWriter, r *http.Request) error {
	q, _, err := s.query(r)
	if err != nil {
		return err
	}
	page, err := s.st.Entities(r.Context(), q)
	if err != nil {
		return err
	}
	if page.Hits == nil {
		page.Hits = []store.Entity{}
	}
	return writeJSON(w, http.StatusOK, page)
}

// GET /api/entities/{id}
func (s *Server) entity(w http.ResponseWriter, r *http.Request) error {
	p, err := s.st.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// GET /api/articles/{id}
func (s *Server) article(w http.ResponseWriter, r *http.Request) error {
	a, err := s.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if a.Entities == nil {
		a.Entities = []article.Entity{}
	}
	if a.Quotes == nil {
		a.Quotes = []article.Quote{}
	}
	return writeJSON(w, http.StatusOK, a)
}

// GET /api/network?entity=&max_nodes=&min_weight=
func (s *Server) network(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	nq := store.NetworkQuery{}
	var err error
	if nq.MaxNodes, err = number(v, "max_nodes", 50); err != nil {
		return err
	}
	nq.MaxNodes = min(max(nq.MaxNodes, 1), maxNetwork)
	if nq.MinWeight, err = number(v, "min_weight", 0); err != nil {
		return err
	}
	empty := &store.Network{Nodes: []store.Node{}, Edges: []store.Edge{}}
	ids, ok, err := Resolve(r.Context(), s.st, v, "entity")
	if err != nil {
		return err
	}
	if !ok {
		return writeJSON(w, http.StatusOK, empty)
	}
	if len(ids) > 0 {
		nq.Entity = ids[0]
	}
	n, err := s.st.Network(r.Context(), nq)
	if err != nil {
		return err
	}
	if n == nil {
		n = empty
	}
	if n.Nodes == nil {
		n.Nodes = []store.Node{}
	}
	if n.Edges == nil {
		n.Edges = []store.Edge{}
	}
	return writeJSON(w, http.StatusOK, n)
}

// GET /api/stats
func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.st.Stats(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
