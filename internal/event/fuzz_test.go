package event

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

var dateForm = regexp.MustCompile(`^(\d{4}(-\d{2}(-\d{2})?)?)?$`)

// FuzzCode checks invariants of the coder on any text: every event points
// into its sentence, has a source with a code and a PLOVER type, and a
// date of the form YYYY[-MM[-DD]] with a granularity that matches it.
func FuzzCode(f *testing.F) {
	f.Add("en", "2024-05-15", "Russian troops attacked Ukraine on Monday.")
	f.Add("nl", "2023-03-22", "China heeft deze beschuldiging ontkend. Hij riep de VS op.")
	f.Add("nl", "2023-03", "Dinsdag veroordeelde Duitsland de aanval op Oekraïne niet.")
	f.Add("en", "", "\"We condemn it,\" the U.S. said on March 31, 2021 and February 30.")
	f.Add("en", "2024-05-15", "Armenian and and Azerbaijani officials, met. . by")
	f.Add("fr", "2024-02-14", "L'armée russe a attaqué l'Ukraine. Le gouvernement français n'a pas condamné d'")
	f.Add("de", "2024-03-13", "Am 12. März griff Russland die Ukraine an. Der Kreml wies das zurück")
	f.Add("es", "2024-10-16", "El gobierno español no criticó a Marruecos el 12 de abril.")
	c := NewCoder()
	f.Fuzz(func(t *testing.T, lang, date, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		switch lang {
		case "en", "nl", "de", "fr", "es":
		default:
			lang = "en"
		}
		if !dateForm.MatchString(date) {
			date = "2024-05-15"
		}
		a := &article.Article{Lang: lang, Date: date, Text: text}
		evs, err := c.Code(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			ts, ss := e.TriggerAt, e.Sentence
			if ts.Start < 0 || ts.End > len(text) || ts.Start >= ts.End || !ss.Contains(ts) || ss.End > len(text) ||
				!utf8.RuneStart(text[ts.Start]) || text[ts.Start:ts.End] != e.Trigger {
				t.Fatalf("event %+v: bad trigger or sentence span in %q", e, text)
			}
			if !plover[e.Type] || e.Source == nil || e.Source.Code == "" {
				t.Fatalf("event %+v: bad type or source in %q", e, text)
			}
			if e.Target != nil && e.Target.Code == "" {
				t.Fatalf("event %+v: target without code in %q", e, text)
			}
			want := map[int]string{10: GrainDay, 7: GrainMonth, 4: GrainYear}[len(e.Date)]
			if !dateForm.MatchString(e.Date) || (e.DateGrain != GrainUnknown && e.DateGrain != want) {
				t.Fatalf("event %+v: date %q with granularity %q (article date %q) in %q", e, e.Date, e.DateGrain, date, text)
			}
		}
	})
}

// FuzzReadPETR checks that any input reads without panic and that every
// record read has text and only PLOVER types with a source.
func FuzzReadPETR(f *testing.F) {
	f.Add(`<Sentence date="20080806" id="a"/><EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" /><Text> The US met China. </Text>`)
	f.Add(`<Sentence id="b"><EventCoding noevents="True" /><Text>x</Text>`)
	f.Add(`<Sentence id="c"><EventCoding eventcode="999" sourcecode="---" /><Text></Text>`)
	f.Fuzz(func(t *testing.T, s string) {
		gold, _ := ReadPETR(strings.NewReader(s), "fuzz")
		for _, g := range gold {
			for _, e := range g.Events {
				if !plover[e.Type] || e.Source == nil {
					t.Fatalf("record %q: bad event %+v", g.ID, e)
				}
			}
		}
	})
}

// FuzzCodeEntities adds entity mentions and a quote at arbitrary places, as
// a faulty earlier stage might, and checks the same invariants and that
// every actor's entity exists.
func FuzzCodeEntities(f *testing.F) {
	f.Add("De Russische president Vladimir Poetin ontmoette Xi Jinping in Moskou.", 23, 38, 48, 58, 0, 10, uint8(0))
	f.Add("\"We condemn it,\" said Omar Khalil of Jordan.", 22, 33, 1, 14, 1, 15, uint8(3))
	f.Add("and Turkey met.", 0, 10, 3, 3, -1, 4, uint8(1))
	c := NewCoder()
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2, qs, qe int, kind uint8) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		fix := func(i int) int {
			if i < 0 {
				i = -i
			}
			if len(text) == 0 {
				return 0
			}
			i %= len(text) + 1
			for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
				i--
			}
			return i
		}
		types := []string{article.PER, article.LOC, article.ORG, article.MISC}
		kinds := []string{article.MentionName, article.MentionPronoun, article.MentionNominal}
		a := &article.Article{Lang: []string{"en", "nl", "de", "fr", "es"}[kind%5], Date: "2024-05-15", Text: text}
		for i, sp := range [][2]int{{s1, e1}, {s2, e2}} {
			s, e := fix(sp[0]), fix(sp[1])
			if s > e {
				s, e = e, s
			}
			a.Entities = append(a.Entities, article.Entity{ID: fmt.Sprintf("e%d", i+1), Name: text[s:e], Type: types[(int(kind)+i)%4],
				Mentions: []article.Mention{{Start: s, End: e, Text: text[s:e], Kind: kinds[(int(kind)/4+i)%3]}}})
		}
		if s, e := fix(qs), fix(qe); s < e {
			a.Quotes = []article.Quote{{ID: "q1", Kind: article.Direct, Start: s, End: e,
				Speaker: article.Speaker{Entity: "e1", Start: a.Entities[0].Mentions[0].Start, End: a.Entities[0].Mentions[0].End}}}
		}
		evs, err := c.Code(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.TriggerAt.End > len(text) || text[e.TriggerAt.Start:e.TriggerAt.End] != e.Trigger || !e.Sentence.Contains(e.TriggerAt) {
				t.Fatalf("event %+v: bad spans in %q", e, text)
			}
			for _, ac := range []*article.EventActor{e.Source, e.Target} {
				if ac != nil && ac.Entity != "" && a.EntityByID(ac.Entity) == nil {
					t.Fatalf("event %+v: unknown entity %q", e, ac.Entity)
				}
			}
		}
	})
}
