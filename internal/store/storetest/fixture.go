package storetest

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// doc builds an article by hand: entities get name mentions at every
// occurrence of their surface forms, quotes get their spans from the text.
type doc struct {
	a *article.Article
}

func newDoc(id, source, date, lang, title, text string) *doc {
	return &doc{a: &article.Article{
		ID: id, Source: source, Date: date, Lang: lang, Title: title, Text: text,
		URL: "https://example.org/" + id,
	}}
}

// entity adds an entity with a name mention at each occurrence of each
// surface form (longest forms first, occurrences not overlapping).
func (d *doc) entity(id, name, typ, kb string, surfaces ...string) *doc {
	e := article.Entity{ID: id, Name: name, Type: typ, KB: kb}
	if kb != "" {
		e.KBName = name
	}
	if len(surfaces) == 0 {
		surfaces = []string{name}
	}
	taken := func(s article.Span) bool {
		for _, o := range d.a.Entities {
			for _, m := range o.Mentions {
				if m.Span().Overlaps(s) {
					return true
				}
			}
		}
		for _, m := range e.Mentions {
			if m.Span().Overlaps(s) {
				return true
			}
		}
		return false
	}
	for _, sf := range surfaces {
		from := 0
		for {
			i := strings.Index(d.a.Text[from:], sf)
			if i < 0 {
				break
			}
			sp := article.Span{Start: from + i, End: from + i + len(sf)}
			from = sp.End
			if taken(sp) {
				continue
			}
			e.Mentions = append(e.Mentions, article.Mention{Start: sp.Start, End: sp.End, Text: sf, Kind: article.MentionName})
		}
	}
	if len(e.Mentions) == 0 {
		panic(fmt.Sprintf("storetest: %s: no mention of %q", d.a.ID, name))
	}
	d.a.Entities = append(d.a.Entities, e)
	return d
}

// quote adds a quote whose content is found in the text, said by the
// entity speaker ("" for an unnamed speaker) with cue.
func (d *doc) quote(id, kind, content, cue, speaker string) *doc {
	i := strings.Index(d.a.Text, content)
	if i < 0 {
		panic(fmt.Sprintf("storetest: %s: quote %q not in text", d.a.ID, content))
	}
	q := article.Quote{
		ID: id, Kind: kind, Content: content, Start: i, End: i + len(content),
		Confidence: 0.75,
	}
	if c := strings.Index(d.a.Text[q.End:], cue); c >= 0 {
		q.Cue, q.CueStart, q.CueEnd = cue, q.End+c, q.End+c+len(cue)
	} else if c := strings.Index(d.a.Text, cue); c >= 0 {
		q.Cue, q.CueStart, q.CueEnd = cue, c, c+len(cue)
	}
	if e := d.a.EntityByID(speaker); e != nil {
		m := e.Mentions[len(e.Mentions)-1]
		q.Speaker = article.Speaker{Entity: e.ID, Name: e.Name, Type: e.Type, Mention: m.Text, Start: m.Start, End: m.End}
	} else {
		q.Speaker = article.Speaker{Name: speaker, Type: article.UNNAMED, Mention: speaker}
	}
	for _, e := range d.a.Entities {
		if e.ID == speaker {
			continue
		}
		for _, m := range e.Mentions {
			if q.Span().Contains(m.Span()) {
				q.About = append(q.About, e.ID)
				break
			}
		}
	}
	d.a.Quotes = append(d.a.Quotes, q)
	return d
}

// event adds an event of type typ triggered by the first occurrence of
// trigger, in the sentence around it, from the entity source to the entity
// target; an actor that is not an entity id is known by its code only.
func (d *doc) event(id, typ, trigger, date, grain string, source, target *article.EventActor) *doc {
	i := strings.Index(d.a.Text, trigger)
	if i < 0 {
		panic(fmt.Sprintf("storetest: %s: trigger %q not in text", d.a.ID, trigger))
	}
	start := strings.LastIndex(d.a.Text[:i], ". ") + 1
	if start > 0 {
		start++ // past the space
	}
	end := len(d.a.Text)
	if j := strings.Index(d.a.Text[i:], ". "); j >= 0 {
		end = i + j + 1
	}
	for _, x := range []*article.EventActor{source, target} {
		if x != nil && x.Entity != "" && d.a.EntityByID(x.Entity) == nil {
			panic(fmt.Sprintf("storetest: %s: event actor %s is no entity", d.a.ID, x.Entity))
		}
	}
	d.a.Events = append(d.a.Events, article.Event{
		ID: id, Type: typ, Source: source, Target: target, Trigger: trigger,
		TriggerAt: article.Span{Start: i, End: i + len(trigger)}, Sentence: article.Span{Start: start, End: end},
		Date: date, DateGrain: grain, Confidence: 0.7,
	})
	return d
}

// The fixture: four news articles in four languages about the same people,
// plus fillers for paging. Names are invented or generic on purpose; the
// suite checks store behaviour, not extraction.
func fixture() []*article.Article {
	nl := newDoc("nl-1", "NOS", "2023-03-14", "nl", "Poetin over Oekraïne",
		"Vladimir Poetin sprak dinsdag in Moskou over Oekraïne. "+
			"\"Wij zullen niet wijken voor de NAVO,\" zei Poetin. "+
			"Volodymyr Zelensky reageerde vanuit Kyiv. "+
			"\"Oekraïne zal winnen,\" zei Zelensky.").
		entity("e1", "Vladimir Poetin", article.PER, "", "Vladimir Poetin", "Poetin").
		entity("e2", "Moskou", article.LOC, "").
		entity("e3", "Oekraïne", article.LOC, "").
		entity("e4", "NAVO", article.ORG, "Q7184").
		entity("e5", "Volodymyr Zelensky", article.PER, "", "Volodymyr Zelensky", "Zelensky").
		entity("e6", "Kyiv", article.LOC, "").
		quote("q1", article.Direct, "Wij zullen niet wijken voor de NAVO,", "zei", "e1").
		quote("q2", article.Direct, "Oekraïne zal winnen,", "zei", "e5")
	nl.a.Dateline = "Moskou"
	nl.a.Warnings = []string{"repaired 1 invalid UTF-8 sequence"}
	nl.a.Events = []article.Event{{
		ID: "v1", Type: "CONSULT", Trigger: "sprak", TriggerAt: article.Span{Start: 16, End: 21},
		Sentence: article.Span{Start: 0, End: 55}, Date: "2023-03-14", DateGrain: "day",
		Source:     &article.EventActor{Entity: "e1", Name: "Vladimir Poetin", Code: "RUS-GOV"},
		Confidence: 0.5,
	}}
	nl.a.Tone = &article.Tone{Score: -0.25, Positive: 1, Negative: 2}

	en := newDoc("en-1", "Reuters", "2023-03-15", "en", "Zelensky thanks NATO",
		"Ukrainian President Volodymyr Zelensky thanked NATO on Wednesday. "+
			"\"We are grateful to NATO and to Joe Biden,\" Zelensky said in Kyiv. "+
			"Jens Stoltenberg said the alliance would stand by Ukraine.").
		entity("e1", "Volodymyr Zelensky", article.PER, "", "Volodymyr Zelensky", "Zelensky").
		entity("e2", "NATO", article.ORG, "Q7184").
		entity("e3", "Joe Biden", article.PER, "").
		entity("e4", "Kyiv", article.LOC, "").
		entity("e5", "Jens Stoltenberg", article.PER, "").
		entity("e6", "Ukraine", article.LOC, "").
		quote("q1", article.Direct, "We are grateful to NATO and to Joe Biden,", "said", "e1").
		quote("q2", article.Indirect, "the alliance would stand by Ukraine", "said", "e5").
		event("v1", "SUPPORT", "thanked", "2023-03-15", "day",
			&article.EventActor{Entity: "e1", Name: "Volodymyr Zelensky", Code: "UKR-GOV"},
			&article.EventActor{Entity: "e2", Name: "NATO", Code: "IGO"})
	en.a.Quotes[0].Tone = 0.5

	de := newDoc("de-1", "Tagesschau", "2023-04-02", "de", "Scholz trifft Macron",
		"Bundeskanzler Olaf Scholz traf in Berlin den französischen Präsidenten Emmanuel Macron. "+
			"„Europa muss zusammenstehen“, sagte Scholz. "+
			"Ein Sprecher sagte, die Gespräche seien gut verlaufen.").
		entity("e1", "Olaf Scholz", article.PER, "", "Olaf Scholz", "Scholz").
		entity("e2", "Berlin", article.LOC, "").
		entity("e3", "Emmanuel Macron", article.PER, "").
		entity("e4", "Europa", article.LOC, "").
		quote("q1", article.Direct, "Europa muss zusammenstehen", "sagte", "e1").
		quote("q2", article.Indirect, "die Gespräche seien gut verlaufen", "sagte", "Ein Sprecher").
		event("v1", "CONSULT", "traf", "2023-04-02", "day",
			&article.EventActor{Entity: "e1", Name: "Olaf Scholz", Code: "DEU-GOV"},
			&article.EventActor{Entity: "e3", Name: "Emmanuel Macron", Code: "FRA-GOV"})

	fr := newDoc("fr-1", "Le Monde", "2023-04-20", "fr", "Macron et Borne à Paris",
		"Emmanuel Macron a déclaré à Paris que « la France soutiendra l'Ukraine ». "+
			"Élisabeth Borne a ajouté que le gouvernement était uni.").
		entity("e1", "Emmanuel Macron", article.PER, "").
		entity("e2", "Paris", article.LOC, "").
		entity("e3", "France", article.LOC, "").
		entity("e4", "Élisabeth Borne", article.PER, "").
		quote("q1", article.Indirect, "la France soutiendra l'Ukraine", "déclaré", "e1").
		quote("q2", article.Indirect, "le gouvernement était uni", "ajouté", "e4").
		// A month-grained date, and a target known only by its code.
		event("v1", "SUPPORT", "soutiendra", "2023-04", "month",
			&article.EventActor{Entity: "e1", Name: "Emmanuel Macron", Code: "FRA-GOV"},
			&article.EventActor{Name: "l'Ukraine", Code: "UKR"})

	out := []*article.Article{nl.a, en.a, de.a, fr.a}
	for i := range numFillers {
		out = append(out, filler(i))
	}
	return out
}

const numFillers = 25

func filler(i int) *article.Article {
	return &article.Article{
		ID: fmt.Sprintf("filler-%02d", i), Source: "Filler", Lang: "en",
		Date:  fmt.Sprintf("2022-01-%02d", i+1),
		Title: fmt.Sprintf("Weather %d", i),
		Text:  fmt.Sprintf("The weather report number %d says rain over the hills, then sun.", i),
	}
}
