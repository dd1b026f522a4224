package quote

import (
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// A quoted span is text between a pair of quotation marks.
type quoted struct {
	open, close int          // token indices of the marks
	outer       article.Span // from the opening mark to the closing mark, inclusive
	inner       article.Span // the content without the marks
	depth       int          // 0 for outermost
	paras       int          // number of paragraphs it spans
}

// markRoles tells, for a quotation mark character, which marks can close
// a span that it opened.
type markTable struct {
	closes map[rune][]rune // open → possible closes
	isOpen map[rune]bool
	isMark map[rune]bool
}

func newMarkTable(marks []lexicon.QuoteMark) *markTable {
	t := &markTable{closes: map[rune][]rune{}, isOpen: map[rune]bool{}, isMark: map[rune]bool{}}
	for _, m := range marks {
		t.closes[m.Open] = append(t.closes[m.Open], m.Close)
		t.isOpen[m.Open] = true
		t.isMark[m.Open] = true
		t.isMark[m.Close] = true
	}
	return t
}

func (t *markTable) canCloseWith(open, c rune) bool {
	for _, x := range t.closes[open] {
		if x == c {
			return true
		}
	}
	return false
}

// findQuoted returns the quoted spans of a, outermost first within each
// nesting, in text order of their opening marks. A quotation whose
// paragraph ends unclosed continues when the next paragraph opens with
// the same mark (the convention for quotes over several paragraphs).
func findQuoted(a *article.Article, t *markTable) []quoted {
	type open struct {
		tok  int
		mark rune
		para int
	}
	var out []quoted
	var stack []open
	toks := a.Tokens
	pi := 0
	for i, tok := range toks {
		if tok.Kind != article.Punct {
			continue
		}
		r, _ := utf8.DecodeRuneInString(a.Text[tok.Start:])
		if !t.isMark[r] {
			continue
		}
		for pi < len(a.Paragraphs)-1 && tok.Start >= a.Paragraphs[pi+1].Start {
			pi++
			// A new paragraph: keep only an unclosed quotation that
			// continues with the same opening mark here.
			if len(stack) > 0 {
				bottom := stack[0]
				if tok.Start == a.Paragraphs[pi].Start && r == bottom.mark {
					stack = stack[:1]
					goto next
				}
				stack = stack[:0]
			}
		}
		{
			before, after := runeBefore(a.Text, tok.Start), runeAfter(a.Text, tok.End)
			wordBefore := isWordish(before)
			wordAfter := unicode.IsLetter(after) || unicode.IsDigit(after)
			top := -1 // innermost open span that r can close
			for k := len(stack) - 1; k >= 0; k-- {
				if t.canCloseWith(stack[k].mark, r) {
					top = k
					break
				}
			}
			var close bool
			switch {
			case top < 0:
				close = false
			case !t.isOpen[r]:
				close = true
			case wordBefore && !wordAfter:
				close = true
			case !wordBefore && wordAfter:
				close = false
			default:
				close = top == len(stack)-1
			}
			if close {
				o := stack[top]
				out = append(out, quoted{open: o.tok, close: i,
					outer: article.Span{Start: toks[o.tok].Start, End: tok.End},
					inner: article.Span{Start: toks[o.tok].End, End: tok.Start},
					paras: pi - o.para + 1})
				stack = stack[:top]
			} else if t.isOpen[r] && !(wordBefore && (r == '\'' || r == '’')) {
				stack = append(stack, open{tok: i, mark: r, para: pi})
			}
		}
	next:
	}
	sortQuoted(out)
	return out
}

// isWordish reports whether r is a letter, a digit, or a mark that ends
// a clause inside a quotation ("done," she said).
func isWordish(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return true
	}
	switch r {
	case '.', ',', '!', '?', '…', ';', ':', ')', '%':
		return true
	}
	return false
}

func runeBefore(s string, i int) rune {
	if i == 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// sortQuoted orders spans by start, outer before inner.
func sortQuoted(qs []quoted) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && (qs[j].outer.Start < qs[j-1].outer.Start); j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
	// Depth is relative to the spans found: recompute it from nesting.
	for i := range qs {
		qs[i].depth = 0
		for j := 0; j < i; j++ {
			if qs[j].outer.Contains(qs[i].outer) {
				qs[i].depth++
			}
		}
	}
}

// isQuoteMark reports whether token k is a quotation mark of the
// language's lexicon.
func (d *doc) isQuoteMark(k int) bool {
	return d.w.QuoteMark(d.lower[k])
}
