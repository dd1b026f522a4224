// Package article holds the data that flows through newsgraph: an Article
// and the annotations that the stages add to it. It is data only and
// imports nothing of ours, so every other package can depend on it.
//
// The JSON form is the contract of ../shared/SCHEMA.md §2: fields may be
// added, never renamed or removed.
package article

import "strings"

// A Span is a half-open byte range [Start, End) of Article.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of bytes s covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// An Article is one news item. Text does not change after ingest: every
// annotation points into it with byte offsets and never copies text
// except where the schema asks for a copy (mention text, quote content).
type Article struct {
	ID       string `json:"id"`
	Source   string `json:"source"`
	Date     string `json:"date"`     // ISO-8601 prefix: YYYY, YYYY-MM or YYYY-MM-DD
	Dateline string `json:"dateline"` // the place of the dateline, if any
	URL      string `json:"url"`
	Title    string `json:"title"`
	Lang     string `json:"lang"` // ISO 639-1; set by the reader when known, else by lang
	Text     string `json:"text"` // the body; never changes after ingest

	// Set by text; not part of the output contract.
	Paragraphs []Span  `json:"-"`
	Sentences  []Span  `json:"-"`
	Tokens     []Token `json:"-"`

	Entities []Entity `json:"entities"` // set by entity
	Quotes   []Quote  `json:"quotes"`   // set by quote
	Events   []Event  `json:"events"`   // set by event
	Tone     *Tone    `json:"tone,omitempty"`
	Warnings []string `json:"warnings"` // notes about the input, e.g. encoding repairs
}

// Slice returns the part of the body that s covers.
func (a *Article) Slice(s Span) string { return a.Text[s.Start:s.End] }

// Warn records a human-readable note about the input.
func (a *Article) Warn(msg string) { a.Warnings = append(a.Warnings, msg) }

// EntityByID returns the entity with the given id, or nil.
func (a *Article) EntityByID(id string) *Entity {
	for i := range a.Entities {
		if a.Entities[i].ID == id {
			return &a.Entities[i]
		}
	}
	return nil
}

// A Token is a word or a punctuation mark of the body.
type Token struct {
	Span
	Sentence int  `json:"-"` // index into Article.Sentences
	Kind     Kind `json:"-"`
}

// Kind classifies a token by its first rune.
type Kind uint8

// Token kinds.
const (
	Word   Kind = iota // letters, digits, with inner hyphens and apostrophes
	Number             // digits with inner separators
	Punct              // a punctuation mark or symbol, one rune (quotation marks included)
)

// Entity types.
const (
	PER     = "PER"
	ORG     = "ORG"
	LOC     = "LOC"
	MISC    = "MISC"
	UNNAMED = "UNNAMED" // speakers only: an unnamed source such as "a spokeswoman"
)

// Mention kinds.
const (
	MentionName    = "name"
	MentionPronoun = "pronoun"
	MentionNominal = "nominal"
)

// An Entity is a person, organisation, place or other named thing,
// clustered over its mentions within one article.
type Entity struct {
	ID       string    `json:"id"`               // unique within the article: e1, e2, …
	Name     string    `json:"name"`             // the best (longest proper) name in this article
	Type     string    `json:"type"`             // PER | ORG | LOC | MISC
	KB       string    `json:"kb"`               // canonical cross-document, cross-language id, if linked
	KBName   string    `json:"kb_name"`          // canonical name for KB
	Gender   string    `json:"gender,omitempty"` // m | f, for persons when known
	Roles    []string  `json:"roles,omitempty"`  // titles and role nouns seen with the name, lower case
	Mentions []Mention `json:"mentions"`
}

// ShortestFullName returns the shortest name mention of e with as many
// words as its longest one, or e.Name. Where names take case endings
// this is usually the nominative (Piotr Nowak, not Piotra Nowaka).
func (e *Entity) ShortestFullName() string {
	best, words := e.Name, len(strings.Fields(e.Name))
	for _, m := range e.Mentions {
		if m.Kind != MentionName {
			continue
		}
		n := len(strings.Fields(m.Text))
		if n > words || n == words && len(m.Text) < len(best) {
			best, words = m.Text, n
		}
	}
	return best
}

// A Mention is one place in the text that refers to an entity.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Kind  string `json:"kind"` // name | pronoun | nominal
}

// Span returns the mention's place in the text.
func (m Mention) Span() Span { return Span{m.Start, m.End} }

// Quote kinds.
const (
	Direct   = "direct"
	Indirect = "indirect"
	Mixed    = "mixed"
)

// A Quote is something a speaker said, with the words that show it.
type Quote struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`    // direct | indirect | mixed
	Content    string   `json:"content"` // without the enclosing quotation marks
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Cue        string   `json:"cue"`
	CueStart   int      `json:"cue_start"`
	CueEnd     int      `json:"cue_end"`
	Speaker    Speaker  `json:"speaker"`
	About      []string `json:"about,omitempty"` // ids of the entities the content mentions
	Tone       float64  `json:"tone,omitempty"`  // -1..1, set by tone
	Confidence float64  `json:"confidence"`      // 0..1
	// Continues is the id of the quote whose words this one goes on
	// with: the second part of a quotation cut by its attribution ("“A,”
	// she said, “B.”"), or a quotation that follows another of the same
	// speaker with no cue of its own ("“A,” she said. “B.”").
	Continues string `json:"continues,omitempty"`
}

// Span returns the content's place in the text.
func (q Quote) Span() Span { return Span{q.Start, q.End} }

// A Speaker is who a quote is attributed to.
type Speaker struct {
	Entity  string `json:"entity"`  // entity id when resolved, else ""
	Name    string `json:"name"`    // the entity's name, else the mention text
	Type    string `json:"type"`    // PER | ORG | UNNAMED
	Mention string `json:"mention"` // the text at the quote that refers to the speaker
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// An Event is one coded action: who did what to whom (see the events issue).
type Event struct {
	ID         string      `json:"id"`
	Type       string      `json:"type"` // PLOVER event type
	Mode       string      `json:"mode,omitempty"`
	Source     *EventActor `json:"source,omitempty"`
	Target     *EventActor `json:"target,omitempty"`
	Trigger    string      `json:"trigger"`
	TriggerAt  Span        `json:"trigger_span"`
	Sentence   Span        `json:"sentence"`
	Date       string      `json:"date"`
	DateGrain  string      `json:"date_granularity"` // day | month | year | unknown
	Negated    bool        `json:"negated"`
	Quote      string      `json:"quote,omitempty"` // quote id when the event is reported speech
	Confidence float64     `json:"confidence"`
}

// An EventActor is the source or target of an event.
type EventActor struct {
	Entity string `json:"entity"`
	Name   string `json:"name"`
	Code   string `json:"code"` // e.g. USA-GOV, IGO
}

// Tone is the document's overall polarity.
type Tone struct {
	Score    float64 `json:"score"` // -1..1
	Positive int     `json:"positive"`
	Negative int     `json:"negative"`
}
