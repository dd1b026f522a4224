package event

import (
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
	c := NewCoder()
	f.Fuzz(func(t *testing.T, lang, date, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		if lang != "en" && lang != "nl" {
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
