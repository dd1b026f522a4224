package web

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

// mark is what covers one stretch of text: at most one quote and one
// entity mention, and whether it is a quote's cue or speaker mention.
type mark struct {
	quote   int // index into Article.Quotes, -1 for none
	entity  int // index into Article.Entities, -1 for none
	cue     bool
	speaker bool
}

type layer struct {
	article.Span
	quote, entity int
	cue, speaker  bool
}

// validSpan reports whether s is a non-empty range of text whose ends
// fall on rune boundaries; stored offsets are checked, not trusted.
func validSpan(text string, s article.Span) bool {
	return 0 <= s.Start && s.Start < s.End && s.End <= len(text) &&
		utf8.RuneStart(text[s.Start]) && (s.End == len(text) || utf8.RuneStart(text[s.End]))
}

// Highlight renders a's text as HTML in which quotes, their cues and
// speakers, and entity mentions are marked, and mentions of entities with
// a store-wide id (Entity.KB) link to their entity page. Each stretch of
// text is escaped here, before it is wrapped in markup, so the result is
// safe to put in a page as is. Spans that do not fit the text are ignored.
func Highlight(a *article.Article) template.HTML {
	text := a.Text
	var layers []layer
	for i, q := range a.Quotes {
		layers = append(layers,
			layer{Span: q.Span(), quote: i, entity: -1},
			layer{Span: article.Span{Start: q.CueStart, End: q.CueEnd}, quote: -1, entity: -1, cue: true},
			layer{Span: article.Span{Start: q.Speaker.Start, End: q.Speaker.End}, quote: -1, entity: -1, speaker: true})
	}
	for i, e := range a.Entities {
		for _, m := range e.Mentions {
			layers = append(layers, layer{Span: m.Span(), quote: -1, entity: i})
		}
	}
	layers = slices.DeleteFunc(layers, func(l layer) bool { return !validSpan(text, l.Span) })
	// Shorter spans first, so that the innermost mention wins a stretch.
	slices.SortStableFunc(layers, func(x, y layer) int { return cmp.Compare(x.Len(), y.Len()) })

	cuts := []int{0, len(text)}
	for _, l := range layers {
		cuts = append(cuts, l.Start, l.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	var b strings.Builder
	b.Grow(len(text) * 2)
	open := -1 // the quote whose element is open
	for i := 0; i+1 < len(cuts); {
		seg := article.Span{Start: cuts[i], End: cuts[i+1]}
		m := markOf(layers, seg)
		// Merge the following stretches with the same marks.
		j := i + 1
		for j+1 < len(cuts) && markOf(layers, article.Span{Start: cuts[j], End: cuts[j+1]}) == m {
			j++
		}
		seg.End = cuts[j]
		i = j
		if m.quote != open {
			if open >= 0 {
				b.WriteString("</span>")
			}
			if m.quote >= 0 {
				writeQuoteOpen(&b, a, m.quote)
			}
			open = m.quote
		}
		writeStretch(&b, a, m, text[seg.Start:seg.End])
	}
	if open >= 0 {
		b.WriteString("</span>")
	}
	return template.HTML(b.String()) //nolint:gosec // built from escaped stretches
}

func markOf(layers []layer, seg article.Span) mark {
	m := mark{quote: -1, entity: -1}
	for _, l := range layers {
		if !l.Contains(seg) {
			continue
		}
		switch {
		case l.quote >= 0 && m.quote < 0:
			m.quote = l.quote
		case l.entity >= 0 && m.entity < 0:
			m.entity = l.entity
		case l.cue:
			m.cue = true
		case l.speaker:
			m.speaker = true
		}
	}
	return m
}

func writeQuoteOpen(b *strings.Builder, a *article.Article, i int) {
	q := a.Quotes[i]
	title := fmt.Sprintf("%s quote", q.Kind)
	if q.Speaker.Name != "" {
		title += " · " + q.Speaker.Name
	}
	if q.Confidence > 0 {
		title += fmt.Sprintf(" · %.0f%%", q.Confidence*100)
	}
	fmt.Fprintf(b, `<span class="quote %s" id="quote-%s" title="%s">`,
		kindClass(q.Kind), html.EscapeString(q.ID), html.EscapeString(title))
}

func writeStretch(b *strings.Builder, a *article.Article, m mark, s string) {
	var classes []string
	if m.cue {
		classes = append(classes, "cue")
	}
	if m.speaker {
		classes = append(classes, "speaker")
	}
	if m.entity < 0 {
		if len(classes) == 0 {
			b.WriteString(html.EscapeString(s))
			return
		}
		fmt.Fprintf(b, `<span class="%s">%s</span>`, strings.Join(classes, " "), html.EscapeString(s))
		return
	}
	e := a.Entities[m.entity]
	classes = append(classes, "ent", typeClass(e.Type))
	title := html.EscapeString(e.Name + " (" + e.Type + ")")
	if e.KB == "" {
		fmt.Fprintf(b, `<span class="%s" title="%s">%s</span>`, strings.Join(classes, " "), title, html.EscapeString(s))
		return
	}
	fmt.Fprintf(b, `<a class="%s" href="/entities/%s" title="%s">%s</a>`, strings.Join(classes, " "),
		html.EscapeString(url.PathEscape(e.KB)), title, html.EscapeString(s))
}

// kindClass and typeClass map stored values to a fixed set of CSS
// classes, so that no stored string ever becomes a class name.
func kindClass(kind string) string {
	switch kind {
	case article.Direct, article.Indirect, article.Mixed:
		return kind
	}
	return "other"
}

func typeClass(typ string) string {
	switch typ {
	case article.PER, article.ORG, article.LOC, article.MISC:
		return "t-" + strings.ToLower(typ)
	}
	return "t-other"
}
