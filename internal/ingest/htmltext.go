package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText renders the text of an HTML tree as paragraphs: every block
// element (p, div, h1, li, blockquote, …) starts and ends a paragraph, two
// or more <br> in a row do too, a single <br> breaks the line, and white
// space inside a paragraph collapses to one space, except in <pre>. Scripts,
// styles and other elements without user-facing text are skipped. The
// result still needs Normalize.
func htmlText(n *html.Node) string {
	var w textWriter
	w.walk(n, false)
	return w.b.String()
}

// softHyphen (&shy;) marks where a browser may break a word. It is
// invisible and would split words for lexicons, so it is dropped.
const softHyphen = '\u00ad'

// textWriter accumulates text with pending white space, so that the
// output never holds runs of spaces or trailing spaces before a break.
type textWriter struct {
	b       strings.Builder
	space   bool // a space is due before the next word
	breaks  int  // newlines due before the next word (0, 1 or 2)
	started bool // a word was written
}

func (w *textWriter) word(s string) {
	if strings.ContainsRune(s, softHyphen) {
		s = strings.ReplaceAll(s, string(softHyphen), "")
		if s == "" {
			return
		}
	}
	if w.started {
		switch {
		case w.breaks >= 2:
			w.b.WriteString("\n\n")
		case w.breaks == 1:
			w.b.WriteByte('\n')
		case w.space:
			w.b.WriteByte(' ')
		}
	}
	w.b.WriteString(s)
	w.started, w.space, w.breaks = true, false, 0
}

func (w *textWriter) brk(n int) { w.breaks = max(w.breaks, n) }

func (w *textWriter) text(s string, pre bool) {
	if pre {
		for i, line := range strings.Split(s, "\n") {
			if i > 0 {
				w.brk(1)
			}
			if line = strings.TrimRightFunc(line, unicode.IsSpace); line != "" {
				w.word(line)
			}
		}
		return
	}
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				w.word(s[start:i])
				start = -1
			}
			w.space = true
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		w.word(s[start:])
	}
}

// skipped holds elements whose content is never article text. Figure
// captions are left out too: they describe a picture or credit it, and
// mostly repeat the body.
var skipped = map[atom.Atom]bool{
	atom.Figcaption: true,
	atom.Head:       true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Audio: true,
	atom.Video: true, atom.Select: true, atom.Button: true, atom.Input: true,
	atom.Textarea: true, atom.Map: true,
}

// blocks holds the elements that start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Thead: true, atom.Tbody: true,
	atom.Tfoot: true, atom.Caption: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Main: true, atom.Nav: true,
	atom.Aside: true, atom.Figure: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Form: true, atom.Fieldset: true,
	atom.Hr: true, atom.Body: true, atom.Html: true, atom.Center: true,
}

func (w *textWriter) walk(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, pre)
		return
	case html.ElementNode:
		tag := n.DataAtom
		if tag == 0 { // elements made by readability carry only Data
			tag = atom.Lookup([]byte(strings.ToLower(n.Data)))
		}
		if skipped[tag] || hidden(n) {
			return
		}
		switch {
		case tag == atom.Br:
			if w.breaks >= 1 {
				w.brk(2)
			} else {
				w.brk(1)
			}
			return
		case tag == atom.Td || tag == atom.Th:
			w.space = true
		case tag == atom.Img:
			return
		case blocks[tag]:
			w.brk(2)
			defer w.brk(2)
		}
		if tag == atom.Pre {
			pre = true
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, pre)
	}
}

// hidden reports whether an element is hidden from readers.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			v := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// htmlFragmentText renders an HTML fragment (a feed item's description or
// content) as paragraphs. Plain text without tags comes back as it is,
// with its blank lines.
func htmlFragmentText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return s
	}
	var w textWriter
	for _, n := range nodes {
		w.walk(n, false)
	}
	return w.b.String()
}
