package web

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
	xhtml "golang.org/x/net/html"
)

func TestHighlight(t *testing.T) {
	ent := func(id, kb, typ string, spans ...article.Span) article.Entity {
		e := article.Entity{ID: id, Name: "N" + id, Type: typ, KB: kb}
		for _, s := range spans {
			e.Mentions = append(e.Mentions, article.Mention{Start: s.Start, End: s.End})
		}
		return e
	}
	tests := []struct {
		name string
		a    article.Article
		want string
	}{
		{"empty", article.Article{}, ""},
		{"plain text is escaped", article.Article{Text: `a<b>&"c"`}, `a&lt;b&gt;&amp;&#34;c&#34;`},
		{"mention links to the entity page",
			article.Article{Text: "Hi Ann.", Entities: []article.Entity{ent("e1", "K/1", "PER", article.Span{Start: 3, End: 6})}},
			`Hi <a class="ent t-per" href="/entities/K%2F1" title="Ne1 (PER)">Ann</a>.`},
		{"mention without store id is not a link",
			article.Article{Text: "Hi Ann.", Entities: []article.Entity{ent("e1", "", "WEIRD\"", article.Span{Start: 3, End: 6})}},
			`Hi <span class="ent t-other" title="Ne1 (WEIRD&#34;)">Ann</span>.`},
		{"quote with cue, speaker and a mention inside",
			article.Article{
				Text:     `"Bob <lies>," Ann said.`,
				Entities: []article.Entity{ent("e1", "A", "PER", article.Span{Start: 14, End: 17}), ent("e2", "B", "PER", article.Span{Start: 1, End: 4})},
				Quotes: []article.Quote{{ID: "q1", Kind: "direct", Start: 1, End: 12, CueStart: 18, CueEnd: 22,
					Speaker: article.Speaker{Name: "Ann <x>", Start: 14, End: 17}, Confidence: 0.5}},
			},
			`&#34;<span class="quote direct" id="quote-q1" title="direct quote · Ann &lt;x&gt; · 50%">` +
				`<a class="ent t-per" href="/entities/B" title="Ne2 (PER)">Bob</a> &lt;lies&gt;,</span>&#34; ` +
				`<a class="speaker ent t-per" href="/entities/A" title="Ne1 (PER)">Ann</a> <span class="cue">said</span>.`},
		{"mention crossing a quote's end is split",
			article.Article{
				Text:     "abcdef",
				Entities: []article.Entity{ent("e1", "X", "ORG", article.Span{Start: 2, End: 5})},
				Quotes:   []article.Quote{{ID: "q1", Kind: "odd\"kind", Start: 0, End: 3, CueStart: -1, CueEnd: 0}},
			},
			`<span class="quote other" id="quote-q1" title="odd&#34;kind quote">ab<a class="ent t-org" href="/entities/X" title="Ne1 (ORG)">c</a></span>` +
				`<a class="ent t-org" href="/entities/X" title="Ne1 (ORG)">de</a>f`},
		{"spans outside the text or inside a rune are ignored",
			article.Article{
				Text:     "é!",
				Entities: []article.Entity{ent("e1", "X", "LOC", article.Span{Start: 1, End: 3}, article.Span{Start: 2, End: 9}, article.Span{Start: 2, End: 2})},
			},
			`é!`},
	}
	for _, tt := range tests {
		if got := string(Highlight(&tt.a)); got != tt.want {
			t.Errorf("%s: Highlight(%q) =\n%s\nwant\n%s", tt.name, tt.a.Text, got, tt.want)
		}
	}
}

// textOf returns the text of an HTML fragment, checking that its tags nest.
func textOf(t *testing.T, frag string) string {
	z := xhtml.NewTokenizer(strings.NewReader(frag))
	var b strings.Builder
	var open []string
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			if len(open) > 0 {
				t.Fatalf("unclosed %v in %s", open, frag)
			}
			return b.String()
		case xhtml.TextToken:
			b.Write(z.Text())
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			open = append(open, string(name))
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				t.Fatalf("</%s> closes %v in %s", name, open, frag)
			}
			open = open[:len(open)-1]
		default:
			t.Fatalf("unexpected token %v in %s", z.Token(), frag)
		}
	}
}

// FuzzHighlight checks, for any text and any spans, that the highlighted
// HTML has well-nested tags and shows exactly the article's text.
func FuzzHighlight(f *testing.F) {
	f.Add("\"Wir <b>bleiben</b>,\" sagte sie.", 1, 20, 22, 27, 28, 31, 0, 5)
	f.Add("« Non », a-t-il dit & c'est tout.", 3, 6, 9, 15, 13, 15, 20, 21)
	f.Fuzz(func(t *testing.T, text string, qs, qe, cs, ce, ss, se, ms, me int) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		text = strings.NewReplacer("\r", "\n", "\x00", "").Replace(text)
		a := &article.Article{Text: text,
			Entities: []article.Entity{{ID: "e1", KB: "E1", Type: "PER", Mentions: []article.Mention{{Start: ms, End: me}, {Start: ss, End: se}}}},
			Quotes: []article.Quote{{ID: "q1", Kind: "direct", Start: qs, End: qe, CueStart: cs, CueEnd: ce,
				Speaker: article.Speaker{Entity: "e1", Start: ss, End: se}}},
		}
		got := textOf(t, string(Highlight(a)))
		if got != text {
			t.Fatalf("Highlight shows %q, want %q", got, text)
		}
	})
}

func TestTimeline(t *testing.T) {
	got := timeline([]store.DayCount{
		{Day: "2026-03-04", Mentions: 4, Quotes: 1},
		{Day: "2026-03-02", Mentions: 2},
		{Day: "not a day", Mentions: 99},
	})
	var labels []string
	for _, b := range got.Bars {
		labels = append(labels, b.Label)
	}
	if diff := cmp.Diff([]string{"2026-03-02", "2026-03-03", "2026-03-04"}, labels); diff != "" {
		t.Errorf("timeline bars (-want +got):\n%s", diff)
	}
	if got.Max != 4 || got.Bars[2].MentionH != float64(chartH-4) || got.Bars[1].MentionH != 0 {
		t.Errorf("timeline scale: max %d, bars %+v", got.Max, got.Bars)
	}
	months := timeline([]store.DayCount{{Day: "2025-01-15", Mentions: 1}, {Day: "2025-06", Mentions: 2}, {Day: "2025-06-30", Mentions: 1}})
	if n := len(months.Bars); n != 6 || months.Bars[5].Mentions != 3 || months.First != "2025-01" {
		t.Errorf("timeline over months: %d bars, first %s, %+v", n, months.First, months.Bars)
	}
	years := timeline([]store.DayCount{{Day: "1990", Mentions: 1}, {Day: "2026-03-01", Mentions: 2}})
	if n := len(years.Bars); n != 37 || years.Last != "2026" {
		t.Errorf("timeline over years: %d bars, last %s", n, years.Last)
	}
	if timeline(nil) != nil {
		t.Errorf("timeline(nil) is not nil")
	}
}

func TestHeadline(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", ""},
		{"Short one. Second.", "Short one."},
		{"First line\nsecond line", "First line"},
		{strings.Repeat("word ", 30), "word word word word word word word word word word word word word word word word word word word word …"},
		{strings.Repeat("é", 80), strings.Repeat("é", 50) + " …"},
	}
	for _, tt := range tests {
		if got := headline(tt.text); got != tt.want {
			t.Errorf("headline(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
