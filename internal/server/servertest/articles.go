package servertest

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// Articles returns a few small annotated articles for tests: two persons
// who quote each other, an organisation, and a quote whose content holds
// markup that every page must show as text.
func Articles() []*article.Article {
	a1 := &article.Article{
		ID: "a1", Source: "Wire", Date: "2026-03-02", Dateline: "Lyon", Lang: "en",
		Title: "Mayor rejects port plan",
		Text: "Mayor Anna Berg rejected the port plan on Monday.\n\n" +
			"\"This plan <script>alert(1)</script> will not pass,\" Berg said.\n\n" +
			"Kessler Shipping said the plan was good for the city.",
	}
	berg := entity(a1, "e1", "Anna Berg", article.PER, "Anna Berg", "Berg")
	kessler := entity(a1, "e2", "Kessler Shipping", article.ORG, "Kessler Shipping")
	quote(a1, "q1", article.Direct, "This plan <script>alert(1)</script> will not pass,", "said", berg, "Berg")
	quote(a1, "q2", article.Indirect, "the plan was good for the city", "said", kessler, "Kessler Shipping")
	event(a1, "v1", "REJECT", "rejected", "2026-03-02", berg, "FRA-GOV", kessler, "FRA-BUS")

	a2 := &article.Article{
		ID: "a2", Source: "Courant", Date: "2026-03-03", Dateline: "Utrecht", Lang: "nl",
		Title: "Kessler Shipping reageert",
		Text: "Topman Piet de Wit van Kessler Shipping zei dinsdag dat Anna Berg zich vergist. " +
			"\"Wij bouwen de haven,\" zei hij.",
	}
	dewit := entity(a2, "e1", "Piet de Wit", article.PER, "Piet de Wit", "hij")
	entity(a2, "e2", "Kessler Shipping", article.ORG, "Kessler Shipping")
	berg2 := entity(a2, "e3", "Anna Berg", article.PER, "Anna Berg")
	q := quote(a2, "q1", article.Indirect, "Anna Berg zich vergist", "zei", dewit, "Piet de Wit")
	q.About = []string{berg2.ID}
	quote(a2, "q2", article.Direct, "Wij bouwen de haven,", "zei", dewit, "hij")
	event(a2, "v1", "DISAPPROVE", "vergist", "2026-03-03", dewit, "NLD-BUS", berg2, "FRA-GOV")
	return []*article.Article{a1, a2}
}

// Load returns a new Store holding Articles.
func Load(ctx context.Context) (*Store, error) {
	s := New()
	for _, a := range Articles() {
		if _, err := s.Put(ctx, a); err != nil {
			return nil, fmt.Errorf("put %s: %w", a.ID, err)
		}
	}
	return s, nil
}

// event adds an event from source to target triggered by the first
// occurrence of trigger, in the paragraph or sentence around it.
func event(a *article.Article, id, typ, trigger, date string, source *article.Entity, srcCode string, target *article.Entity, tgtCode string) {
	start, end := span(a, trigger, 0)
	from := strings.LastIndexAny(a.Text[:start], ".\n") + 1
	to := end + strings.IndexAny(a.Text[end:], ".\n") + 1
	a.Events = append(a.Events, article.Event{ID: id, Type: typ, Trigger: trigger,
		TriggerAt: article.Span{Start: start, End: end}, Sentence: article.Span{Start: from, End: to},
		Date: date, DateGrain: "day", Confidence: 0.6,
		Source: &article.EventActor{Entity: source.ID, Name: source.Name, Code: srcCode},
		Target: &article.EventActor{Entity: target.ID, Name: target.Name, Code: tgtCode}})
}

func span(a *article.Article, s string, from int) (int, int) {
	i := strings.Index(a.Text[from:], s)
	if i < 0 {
		panic(fmt.Sprintf("servertest: %q not in article %s", s, a.ID))
	}
	return from + i, from + i + len(s)
}

// entity adds an entity with a mention for each of mentions, in text order.
func entity(a *article.Article, id, name, typ string, mentions ...string) *article.Entity {
	e := article.Entity{ID: id, Name: name, Type: typ}
	from := 0
	for _, m := range mentions {
		start, end := span(a, m, from)
		kind := article.MentionName
		if m == strings.ToLower(m) {
			kind = article.MentionPronoun
		}
		e.Mentions = append(e.Mentions, article.Mention{Start: start, End: end, Text: m, Kind: kind})
		from = end
	}
	a.Entities = append(a.Entities, e)
	return &a.Entities[len(a.Entities)-1]
}

// quote adds a quote: a direct quote's cue and speaker follow its content,
// an indirect quote's speaker and cue precede it.
func quote(a *article.Article, id, kind, content, cue string, speaker *article.Entity, mention string) *article.Quote {
	start, end := span(a, content, 0)
	var cs, ce, ms, me int
	if kind == article.Indirect {
		cs = strings.LastIndex(a.Text[:start], cue)
		ce = cs + len(cue)
		ms = strings.LastIndex(a.Text[:cs], mention)
		me = ms + len(mention)
	} else {
		cs, ce = span(a, cue, end)
		ms, me = span(a, mention, end)
	}
	q := article.Quote{ID: id, Kind: kind, Content: content, Start: start, End: end,
		Cue: cue, CueStart: cs, CueEnd: ce, Confidence: 0.9,
		Speaker: article.Speaker{Entity: speaker.ID, Name: speaker.Name, Type: speaker.Type,
			Mention: mention, Start: ms, End: me}}
	a.Quotes = append(a.Quotes, q)
	return &a.Quotes[len(a.Quotes)-1]
}
