package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/internal/store"
)

type homeData struct {
	Stats  store.Stats
	Langs  []count
	People []store.Entity
	Orgs   []store.Entity
	Quotes []store.QuoteHit
}

type count struct {
	Key string
	N   int
}

func sortedCounts(m map[string]int) []count {
	var cs []count
	for k, n := range m {
		cs = append(cs, count{k, n})
	}
	slices.SortFunc(cs, func(a, b count) int { return cmp.Or(b.N-a.N, cmp.Compare(a.Key, b.Key)) })
	return cs
}

func (u *UI) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var d homeData
	var err error
	if d.Stats, err = u.st.Stats(ctx); err != nil {
		return err
	}
	d.Langs = sortedCounts(d.Stats.Langs)
	people, err := u.st.Entities(ctx, store.Query{Type: article.PER, Limit: 12})
	if err != nil {
		return err
	}
	orgs, err := u.st.Entities(ctx, store.Query{Type: article.ORG, Limit: 12})
	if err != nil {
		return err
	}
	quotes, err := u.st.Quotes(ctx, store.Query{Limit: 8})
	if err != nil {
		return err
	}
	d.People, d.Orgs, d.Quotes = people.Hits, orgs.Hits, quotes.Hits
	u.render(w, http.StatusOK, "home", page{Title: "Who said what", Data: d})
	return nil
}

type searchData struct {
	Query    store.Query
	About    string
	Langs    []count
	Entities []store.Entity
	Articles store.ArticlePage
	Quotes   store.QuotePage
	SaidBy   store.QuotePage // quotes by the entities that q names, if it names any
	Prev     template.URL    // links to the previous and next article pages
	Next     template.URL
}

func (u *UI) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := r.URL.Query()
	q, err := server.ParseQuery(v)
	if err != nil {
		return err
	}
	d := searchData{Query: q, About: v.Get("about")}
	about, ok, err := server.Resolve(ctx, u.st, v, "about")
	if err != nil {
		return err
	}
	q.About = about
	stats, err := u.st.Stats(ctx)
	if err != nil {
		return err
	}
	d.Langs = sortedCounts(stats.Langs)
	if ok {
		if d.Articles, err = u.st.Search(ctx, q); err != nil {
			return err
		}
		qq := q
		qq.Offset, qq.Limit = 0, 10
		if d.Quotes, err = u.st.Quotes(ctx, qq); err != nil {
			return err
		}
	}
	if q.Text != "" && q.Offset == 0 {
		es, err := u.st.Entities(ctx, store.Query{Text: q.Text, Limit: 10})
		if err != nil {
			return err
		}
		d.Entities = es.Hits
		// A search for a name shows what they said, too.
		speakers, err := u.st.ResolveEntity(ctx, q.Text)
		if err != nil {
			return err
		}
		if len(speakers) > 0 {
			sq := store.Query{Speaker: speakers, Lang: q.Lang, Source: q.Source, From: q.From, To: q.To, About: q.About, Limit: 10}
			if d.SaidBy, err = u.st.Quotes(ctx, sq); err != nil {
				return err
			}
		}
	}
	if q.Offset > 0 {
		d.Prev = pageQuery(v, max(q.Offset-q.Limit, 0))
	}
	if next := q.Offset + q.Limit; q.Offset+len(d.Articles.Hits) < d.Articles.Total && next <= store.MaxOffset {
		d.Next = pageQuery(v, next)
	}
	title := "Search"
	if q.Text != "" {
		title = q.Text + " · search"
	}
	u.render(w, http.StatusOK, "search", page{Title: title, Q: q.Text, Data: d})
	return nil
}

type quotesData struct {
	Heading        string
	Query          store.Query
	Speaker, About string
	Quotes         store.QuotePage
	Prev, Next     template.URL
}

// quotes lists quotes by speaker, about an entity, by words and filters,
// a page at a time: the page of /api/quotes.
func (u *UI) quotes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := r.URL.Query()
	q, err := server.ParseQuery(v)
	if err != nil {
		return err
	}
	d := quotesData{Query: q, Speaker: v.Get("speaker"), About: v.Get("about"), Heading: "Quotes"}
	speakers, ok1, err := server.Resolve(ctx, u.st, v, "speaker")
	if err != nil {
		return err
	}
	about, ok2, err := server.Resolve(ctx, u.st, v, "about")
	if err != nil {
		return err
	}
	q.Speaker, q.About = speakers, about
	if ok1 && ok2 {
		if d.Quotes, err = u.st.Quotes(ctx, q); err != nil {
			return err
		}
	}
	if name := u.entityName(r, speakers, d.Speaker); name != "" {
		d.Heading = "Quotes by " + name
	}
	if name := u.entityName(r, about, d.About); name != "" {
		d.Heading += " about " + name
	}
	if q.Offset > 0 {
		d.Prev = pageLink("/quotes", v, max(q.Offset-q.Limit, 0))
	}
	if next := q.Offset + q.Limit; q.Offset+len(d.Quotes.Hits) < d.Quotes.Total && next <= store.MaxOffset {
		d.Next = pageLink("/quotes", v, next)
	}
	u.render(w, http.StatusOK, "quotes", page{Title: d.Heading, Q: q.Text, Data: d})
	return nil
}

// entityName names the entity a reference resolved to when it is one
// entity, else it returns the reference as typed.
func (u *UI) entityName(r *http.Request, ids []string, ref string) string {
	if len(ids) == 1 {
		if p, err := u.st.Entity(r.Context(), ids[0]); err == nil {
			return p.Name
		}
	}
	return ref
}

// pageQuery links to the search page at offset. The link is built with
// url.Values.Encode, which escapes every value, so it is a safe URL.
func pageQuery(v url.Values, offset int) template.URL { return pageLink("/search", v, offset) }

// pageLink links to path with the query v at offset.
func pageLink(path string, v url.Values, offset int) template.URL {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	c.Set("offset", strconv.Itoa(offset))
	return template.URL(path + "?" + c.Encode())
}

type articleData struct {
	Article  *article.Article
	Headline string // the title, else the start of the first sentence
	Text     template.HTML
	Entities []articleEntity
	Quotes   []articleQuote
}

type articleEntity struct {
	article.Entity
	Count int
}

type articleQuote struct {
	article.Quote
	SpeakerKB string
}

func (u *UI) article(w http.ResponseWriter, r *http.Request) error {
	a, err := u.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := articleData{Article: a, Text: Highlight(a)}
	for _, e := range a.Entities {
		d.Entities = append(d.Entities, articleEntity{e, len(e.Mentions)})
	}
	slices.SortStableFunc(d.Entities, func(x, y articleEntity) int {
		return cmp.Or(cmp.Compare(typeRank(x.Type), typeRank(y.Type)), y.Count-x.Count)
	})
	for _, q := range a.Quotes {
		aq := articleQuote{Quote: q}
		if e := a.EntityByID(q.Speaker.Entity); e != nil {
			aq.SpeakerKB = e.KB
		}
		d.Quotes = append(d.Quotes, aq)
	}
	d.Headline = a.Title
	if d.Headline == "" {
		d.Headline = headline(a.Text)
	}
	u.render(w, http.StatusOK, "article", page{Title: d.Headline, Data: d})
	return nil
}

type entityData struct {
	*store.EntityProfile
	Chart  *chart
	Events *entityEvents
}

func (u *UI) entity(w http.ResponseWriter, r *http.Request) error {
	p, err := u.st.Entity(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := entityData{EntityProfile: p, Chart: timeline(p.Timeline)}
	if d.Events, err = u.entityEvents(r, p.ID); err != nil {
		return err
	}
	u.render(w, http.StatusOK, "entity", page{Title: p.Name, Data: d})
	return nil
}

type networkData struct {
	Entity   string // id, "" for the whole store
	Name     string
	MaxNodes int
}

func (u *UI) network(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	d := networkData{MaxNodes: 60}
	if s := v.Get("max_nodes"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("%w: parameter max_nodes=%q: want a whole number ≥ 1", store.ErrInvalid, s)
		}
		d.MaxNodes = min(n, 200)
	}
	ids, ok, err := server.Resolve(r.Context(), u.st, v, "entity")
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("entity %q: %w", v.Get("entity"), store.ErrNotFound)
	}
	if len(ids) > 0 {
		p, err := u.st.Entity(r.Context(), ids[0])
		if err != nil {
			return err
		}
		d.Entity, d.Name = p.ID, p.Name
	}
	title := "Network"
	if d.Name != "" {
		title = d.Name + " · network"
	}
	u.render(w, http.StatusOK, "network", page{Title: title, Data: d})
	return nil
}

// headline stands in for a missing title: the first sentence of text, cut
// at a word boundary after about 100 bytes.
func headline(text string) string {
	s, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i+1]
	}
	if len(s) <= 100 {
		return s
	}
	cut := strings.LastIndexByte(s[:100], ' ')
	if cut < 40 {
		cut = 100
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:") + " …"
}

// typeRank orders entity types for lists: people first.
func typeRank(typ string) int {
	switch typ {
	case article.PER:
		return 0
	case article.ORG:
		return 1
	case article.LOC:
		return 2
	case article.MISC:
		return 3
	}
	return 4
}
