// Package store keeps extracted articles, their entities, quotes and events,
// and answers the questions the API and the web UI ask of them.
//
// Store is implemented by store/sqlite (embedded, the default) and
// store/postgres; store/storetest holds the conformance suite that every
// implementation passes.
package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/article"
)

// ErrNotFound is returned when an article or entity does not exist.
var ErrNotFound = errors.New("not found")

// ErrInvalid wraps errors caused by a malformed query (bad date, bad cursor).
var ErrInvalid = errors.New("invalid query")

// A Store keeps extracted articles. Writes are idempotent: putting the same
// article twice (same ID, or same content hash) changes nothing. Readers
// never change data.
type Store interface {
	// Put stores an extracted article with its annotations in one
	// transaction, linking each of its entities to a store-wide entity
	// (see Entity). It reports whether the article was new; an article
	// whose ID or text hash is already stored is skipped.
	Put(ctx context.Context, a *article.Article) (added bool, err error)
	// Has reports whether an article with this ID is stored.
	Has(ctx context.Context, id string) (bool, error)

	// Article returns a stored article with all its annotations, its
	// entities' KB set to their store-wide entity ids and KBName to that
	// entity's name. It returns ErrNotFound for an unknown id.
	Article(ctx context.Context, id string) (*article.Article, error)
	// Search finds articles by full text and filters.
	Search(ctx context.Context, q Query) (ArticlePage, error)
	// Quotes finds quotes by full text over their content and filters.
	Quotes(ctx context.Context, q Query) (QuotePage, error)
	// Entities lists store-wide entities whose names match q.Text
	// (prefix and diacritics-insensitive), most mentioned first.
	Entities(ctx context.Context, q Query) (EntityPage, error)
	// Entity returns one store-wide entity with its profile, or
	// ErrNotFound.
	Entity(ctx context.Context, id string) (*EntityProfile, error)
	// ResolveEntity maps a user's entity reference, an id or a name, to
	// store-wide entity ids (a name can match more than one), most
	// mentioned first. Names match any surface name seen, ignoring case
	// and diacritics. It returns ErrNotFound when nothing matches.
	ResolveEntity(ctx context.Context, ref string) ([]string, error)
	// Network returns entities as nodes and quoted-about and co-mention
	// edges, around q.Entity when it is set, else the busiest part.
	Network(ctx context.Context, q NetworkQuery) (*Network, error)
	// Events finds events by actor, dyad, type, code and date, the
	// latest (by event date) first.
	Events(ctx context.Context, q EventQuery) (EventPage, error)
	// EventTimeline counts the events q selects per day and type, oldest
	// day first. Limit and Offset do not apply.
	EventTimeline(ctx context.Context, q EventQuery) ([]EventDay, error)
	// EventPartners lists the entities on the other side of the events of
	// q.Actor (which it requires), most events first, at most q.Limit.
	EventPartners(ctx context.Context, q EventQuery) ([]Partner, error)
	// Stats counts what is stored.
	Stats(ctx context.Context) (Stats, error)

	Close() error
}

// A Query selects articles, quotes or entities. Zero fields do not filter.
// Speaker and About are store-wide entity ids (resolve names first with
// ResolveEntity); a quote matches when its speaker is one of Speaker and
// its content mentions one of About.
type Query struct {
	Text    string   // full text (words are ANDed; diacritics folded)
	Lang    string   // ISO 639-1
	Source  string   // outlet, exact
	From    string   // ISO date prefix, inclusive
	To      string   // ISO date prefix, inclusive
	Speaker []string // quotes only: speaker entity ids
	About   []string // entity ids mentioned (articles) or quoted about (quotes)
	Type    string   // entities only: PER | ORG | LOC | MISC
	Limit   int      // at most; implementations cap it (see MaxLimit)
	Offset  int
}

// MaxLimit caps every page; DefaultLimit applies when Query.Limit is 0.
const (
	MaxLimit     = 200
	DefaultLimit = 20
)

// An ArticleHit is one article found by Search.
type ArticleHit struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Date    string `json:"date"`
	Lang    string `json:"lang"`
	URL     string `json:"url"`
	Snippet string `json:"snippet"` // plain text around a match; never HTML
	Quotes  int    `json:"quotes"`
}

// ArticlePage is one page of ArticleHits with the total count.
type ArticlePage struct {
	Total int          `json:"total"`
	Hits  []ArticleHit `json:"hits"`
}

// A QuoteHit is one quote with its provenance.
type QuoteHit struct {
	article.Quote
	ArticleID    string `json:"article_id"`
	ArticleTitle string `json:"article_title"`
	Source       string `json:"source"`
	Date         string `json:"date"`
	Lang         string `json:"lang"`
	SpeakerID    string `json:"speaker_id"` // store-wide entity id, "" when unresolved
}

// QuotePage is one page of QuoteHits with the total count.
type QuotePage struct {
	Total int        `json:"total"`
	Hits  []QuoteHit `json:"hits"`
}

// An Entity is one person, organisation, place or thing across all
// stored articles (and, once linked, across languages).
type Entity struct {
	ID       string   `json:"id"` // store-wide id
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	KB       string   `json:"kb,omitempty"`
	Names    []string `json:"names"` // surface names seen, most frequent first
	Mentions int      `json:"mentions"`
	Articles int      `json:"articles"`
	QuotesBy int      `json:"quotes_by"`
}

// EntityPage is one page of Entities with the total count.
type EntityPage struct {
	Total int      `json:"total"`
	Hits  []Entity `json:"hits"`
}

// An EntityProfile is what an entity page shows.
type EntityProfile struct {
	Entity
	QuotesBy    []QuoteHit `json:"quotes_by_entity"` // latest first, capped
	QuotesAbout []QuoteHit `json:"quotes_about"`     // latest first, capped
	CoMentioned []Related  `json:"co_mentioned"`     // most shared articles first
	Timeline    []DayCount `json:"timeline"`         // per day: mentions and quotes
}

// A Related entity shares Weight articles or quotes with another.
type Related struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	Weight int    `json:"weight"`
}

// A DayCount is one day of an entity's timeline.
type DayCount struct {
	Day      string `json:"day"` // YYYY-MM-DD (or a shorter prefix when the date is)
	Mentions int    `json:"mentions"`
	Quotes   int    `json:"quotes"`
}

// NetworkQuery selects a network.
type NetworkQuery struct {
	Entity    string // centre entity id; "" for the whole store's busiest nodes
	MaxNodes  int    // capped by the implementation
	MinWeight int
}

// A Network has entities as nodes and weighted edges.
type Network struct {
	Nodes []Node `json:"nodes"`
	Edges []Edge `json:"edges"`
}

// A Node is an entity in a network.
type Node struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Mentions int    `json:"mentions"`
}

// An Edge links two entities. Kind is "quoted_about" (From's quotes
// mention To) or "co_mentioned" (undirected: both in the same articles).
type Edge struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Kind   string `json:"kind"`
	Weight int    `json:"weight"`
}

// An EventQuery selects events. Zero fields do not filter; entity ids are
// store-wide (resolve names first with ResolveEntity).
//
// Actor selects events with one of its entities on either side; with
// Other as well, those whose other side is one of Other: the events
// between two actors in both directions. Source and Target select one
// direction.
type EventQuery struct {
	Actor, Other   []string
	Source, Target []string
	Types          []string // PLOVER types, any of
	Code           string   // an actor code on either side: "USA" matches USA and USA-GOV
	Lang           string
	From, To       string // ISO date prefixes of the event's date, inclusive
	Limit, Offset  int
}

// Page checks q as Query.Page does and returns the page bounds to use.
func (q EventQuery) Page() (limit, offset int, err error) {
	if len(q.Other) > 0 && len(q.Actor) == 0 {
		return 0, 0, fmt.Errorf("%w: other actors without an actor", ErrInvalid)
	}
	return Query{From: q.From, To: q.To, Limit: q.Limit, Offset: q.Offset}.Page()
}

// CodeRange returns the range [lo, hi) of the actor codes that code
// stands for: code itself and its sectors (code-…). Codes are capital
// letters and hyphens, and '.' follows '-', so no other code falls in
// it; implementations match with comparisons an index serves.
func CodeRange(code string) (lo, hi string) {
	return code, code + "."
}

// An EventHit is one stored event with its provenance. Source and Target
// name the event's actors as the article did; SourceID and TargetID are
// their store-wide entities ("" when the actor is known only by its code).
type EventHit struct {
	article.Event
	SentenceText string `json:"sentence_text"` // the sentence the event was found in
	SourceID     string `json:"source_id"`
	TargetID     string `json:"target_id"`
	ArticleID    string `json:"article_id"`
	ArticleTitle string `json:"article_title"`
	Outlet       string `json:"outlet"` // the article's source; "source" is the event's
	ArticleDate  string `json:"article_date"`
	Lang         string `json:"lang"`
}

// EventPage is one page of EventHits with the total count.
type EventPage struct {
	Total int        `json:"total"`
	Hits  []EventHit `json:"hits"`
}

// An EventDay counts one day's events by type.
type EventDay struct {
	Day    string         `json:"day"` // YYYY-MM-DD, or a shorter prefix for coarser dates
	Total  int            `json:"total"`
	ByType map[string]int `json:"by_type"`
}

// A Partner is an entity on the other side of an actor's events: Out
// counts the events the actor directed at it, In those it directed at the
// actor.
type Partner struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
	Out  int    `json:"out"`
	In   int    `json:"in"`
}

// CheckEvents reports the first event of a whose spans point outside its
// text, so that implementations reject the article as they do for quotes.
func CheckEvents(a *article.Article) error {
	n := len(a.Text)
	bad := func(s article.Span) bool { return s.Start < 0 || s.End < s.Start || s.End > n }
	for _, e := range a.Events {
		if bad(e.TriggerAt) || bad(e.Sentence) {
			return fmt.Errorf("%w: article %s: event %s: trigger [%d,%d) or sentence [%d,%d) outside the text of %d bytes",
				ErrInvalid, a.ID, e.ID, e.TriggerAt.Start, e.TriggerAt.End, e.Sentence.Start, e.Sentence.End, n)
		}
	}
	return nil
}

// Stats counts what is stored.
type Stats struct {
	Documents int            `json:"documents"`
	Quotes    int            `json:"quotes"`
	Entities  int            `json:"entities"`
	Mentions  int            `json:"mentions"`
	Events    int            `json:"events"`
	Langs     map[string]int `json:"langs"`
	Sources   map[string]int `json:"sources"`
}

// ValidDate reports whether s is an ISO-8601 date prefix: YYYY, YYYY-MM or
// YYYY-MM-DD, the forms Query.From and Query.To accept.
func ValidDate(s string) bool {
	switch len(s) {
	case 4, 7, 10:
	default:
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 4 || i == 7 {
			if c != '-' {
				return false
			}
			continue
		}
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Page checks q's filters and returns the page bounds to use: the limit
// defaults to DefaultLimit and is capped at MaxLimit. It returns an error
// wrapping ErrInvalid for a negative limit or offset or a malformed date.
// Every implementation calls it first, so that they agree on bad queries.
func (q Query) Page() (limit, offset int, err error) {
	if q.Limit < 0 {
		return 0, 0, fmt.Errorf("%w: negative limit %d", ErrInvalid, q.Limit)
	}
	if q.Offset < 0 {
		return 0, 0, fmt.Errorf("%w: negative offset %d", ErrInvalid, q.Offset)
	}
	if q.From != "" && !ValidDate(q.From) {
		return 0, 0, fmt.Errorf("%w: from date %q is not YYYY, YYYY-MM or YYYY-MM-DD", ErrInvalid, q.From)
	}
	if q.To != "" && !ValidDate(q.To) {
		return 0, 0, fmt.Errorf("%w: to date %q is not YYYY, YYYY-MM or YYYY-MM-DD", ErrInvalid, q.To)
	}
	if q.Offset > MaxOffset {
		return 0, 0, fmt.Errorf("%w: offset %d over %d", ErrInvalid, q.Offset, MaxOffset)
	}
	limit = q.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), q.Offset, nil
}

// MaxOffset bounds how deep a client can page, so that a query cannot ask
// the store to skip millions of rows.
const MaxOffset = 10_000

// DateUpper returns the smallest string above every date that has prefix
// to, so that "date <= to" on prefixes is "date < DateUpper(to)".
func DateUpper(to string) string { return to + "\uffff" }

// Terms splits a user's full-text query into words: runs of letters,
// digits and combining marks. Everything else (quotation marks, operators
// such as * or NEAR(, punctuation) separates words, so no query syntax of
// the underlying engine ever reaches it. An implementation that finds no
// terms in a non-empty Query.Text returns an error wrapping ErrInvalid.
func Terms(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r)
	})
}

// AddEventDay adds n events of type typ on day to days, which are sorted
// by day and grow in that order, as rows grouped by day arrive.
func AddEventDay(days []EventDay, day, typ string, n int) []EventDay {
	if len(days) == 0 || days[len(days)-1].Day != day {
		days = append(days, EventDay{Day: day, ByType: map[string]int{}})
	}
	d := &days[len(days)-1]
	d.Total += n
	d.ByType[typ] += n
	return days
}

// ParseIDs parses store-wide entity ids (positive integers in their
// canonical form); those that cannot exist are dropped.
func ParseIDs(ids []string) []int64 {
	var out []int64
	for _, id := range ids {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 && strconv.FormatInt(n, 10) == id {
			out = append(out, n)
		}
	}
	return out
}

// PartnersOf checks q for EventPartners, which requires an actor, and
// returns the actors' ids (none when none can exist) and the limit.
func (q EventQuery) PartnersOf() (actors []int64, limit int, err error) {
	if limit, _, err = q.Page(); err != nil {
		return nil, 0, fmt.Errorf("event partners: %w", err)
	}
	if len(q.Actor) == 0 {
		return nil, 0, fmt.Errorf("event partners: %w: no actor", ErrInvalid)
	}
	return ParseIDs(q.Actor), limit, nil
}
