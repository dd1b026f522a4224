// Package text segments an article's body into paragraphs, sentences and
// tokens, all as byte spans of the body. It never changes the text.
package text

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// A Segmenter is the "text" stage.
type Segmenter struct {
	lex *lexicon.Set
}

// NewSegmenter returns a segmenter that reads abbreviations from lex.
func NewSegmenter(lex *lexicon.Set) *Segmenter { return &Segmenter{lex: lex} }

// Name returns "text".
func (s *Segmenter) Name() string { return "text" }

// Process sets a.Paragraphs, a.Sentences and a.Tokens.
func (s *Segmenter) Process(_ context.Context, a *article.Article) error {
	w, err := s.lex.Load(a.Lang)
	if err != nil {
		if w, err = s.lex.Generic(); err != nil {
			return err
		}
	}
	segment(a, w.Abbreviations, func(abbr, next string) bool {
		// "in the U.S. The poll…", "No. I think…": a capitalised function
		// word after an abbreviation starts a sentence, unless the
		// abbreviation is a title ("Mr.", "Sen."), which a name follows.
		if _, title := w.Titles[strings.ToLower(abbr)]; title {
			return false
		}
		l := strings.ToLower(next)
		if w.NameParticles[l] {
			return false // "J. De Vries", "A. Van Dijk"
		}
		_, pron := w.Pronouns[l]
		return w.Stopwords[l] || pron || w.Determiners[l] != ""
	})
	if len(w.Clitics) > 0 {
		a.Tokens = SplitClitics(a.Text, a.Tokens, w.Clitics)
	}
	if len(w.Elisions) > 0 {
		a.Tokens = SplitElisions(a.Text, a.Tokens, w.Elisions)
	}
	return nil
}

// SplitElisions splits an elided word off the word it is joined to by an
// apostrophe ("L’association" → "L’", "association"), so that names and
// role nouns are seen. elisions are lower-case prefixes ending with ’.
func SplitElisions(s string, toks []article.Token, elisions []string) []article.Token {
	var out []article.Token
	for i, t := range toks {
		w := strings.ToLower(s[t.Start:t.End])
		cut := 0
		if t.Kind == article.Word {
			for _, e := range elisions {
				alt := strings.TrimSuffix(e, "’") + "'"
				for _, p := range []string{e, alt} {
					if len(p) > cut && len(w) > len(p) && strings.HasPrefix(w, p) {
						cut = len(p)
					}
				}
			}
		}
		if cut > 0 {
			if out == nil {
				out = append(make([]article.Token, 0, len(toks)+16), toks[:i]...)
			}
			out = append(out,
				article.Token{Span: article.Span{Start: t.Start, End: t.Start + cut}, Sentence: t.Sentence, Kind: article.Word},
				article.Token{Span: article.Span{Start: t.Start + cut, End: t.End}, Sentence: t.Sentence, Kind: t.Kind})
			continue
		}
		if out != nil {
			out = append(out, t)
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// SplitClitics splits subject pronouns joined to a verb by hyphens
// ("a-t-il" → "a", "-t-", "il"; "confie-t-elle" → "confie", "-t-", "elle")
// so that later stages see the pronoun as a token. clitics are lower-case
// suffixes starting with "-", tried longest first.
func SplitClitics(s string, toks []article.Token, clitics []string) []article.Token {
	var out []article.Token
	for i, t := range toks {
		w := strings.ToLower(s[t.Start:t.End])
		split := false
		if t.Kind == article.Word && strings.Contains(w, "-") {
			best := ""
			for _, c := range clitics {
				if len(c) > len(best) && len(w) > len(c) && strings.HasSuffix(w, c) {
					best = c
				}
			}
			if best != "" {
				if out == nil {
					out = append(make([]article.Token, 0, len(toks)+8), toks[:i]...)
				}
				pron := strings.LastIndexByte(best, '-') + 1 // "-t-il" → "il"
				joinStart := t.End - len(best)
				pronStart := joinStart + pron
				out = append(out,
					article.Token{Span: article.Span{Start: t.Start, End: joinStart}, Sentence: t.Sentence, Kind: article.Word},
					article.Token{Span: article.Span{Start: joinStart, End: pronStart}, Sentence: t.Sentence, Kind: article.Punct},
					article.Token{Span: article.Span{Start: pronStart, End: t.End}, Sentence: t.Sentence, Kind: article.Word})
				split = true
			}
		}
		if !split && out != nil {
			out = append(out, t)
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// Segment sets a.Paragraphs, a.Sentences and a.Tokens. abbrev holds tokens
// (with their final full stop) after which a full stop does not end a
// sentence.
func Segment(a *article.Article, abbrev map[string]bool) { segment(a, abbrev, nil) }

// segment is Segment where after(abbr, next), when not nil, reports
// whether the word next, capitalised after the abbreviation abbr (with
// its stop), starts a new sentence all the same.
func segment(a *article.Article, abbrev map[string]bool, after func(abbr, next string) bool) {
	a.Paragraphs = Paragraphs(a.Text)
	a.Tokens = Tokenize(a.Text, a.Tokens[:0])
	a.Sentences = sentences(a.Text, a.Paragraphs, a.Tokens, abbrev, after, a.Sentences[:0])
}

// Paragraphs returns the spans of the blocks of text separated by blank
// lines, without surrounding white space.
func Paragraphs(s string) []article.Span {
	var out []article.Span
	start := -1 // start of the current paragraph, -1 outside one
	lastNonSpace := 0
	i := 0
	for i < len(s) {
		if s[i] == '\n' {
			// A line holding only white space ends the paragraph.
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
				j++
			}
			if j < len(s) && s[j] == '\n' || j >= len(s) {
				if start >= 0 {
					out = append(out, article.Span{Start: start, End: lastNonSpace})
					start = -1
				}
				i = j
				continue
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			if start < 0 {
				start = i
			}
			lastNonSpace = i + size
		}
		i += size
	}
	if start >= 0 {
		out = append(out, article.Span{Start: start, End: lastNonSpace})
	}
	return out
}

// Tokenize appends the tokens of s to dst: words (letters and digits, with
// inner hyphens, apostrophes and dots as in "staakt-het-vuren", "Xi’s",
// "U.S"), numbers ("22", "1.5", "300.000") and single punctuation marks.
func Tokenize(s string, dst []article.Token) []article.Token {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isWordRune(r):
			start := i
			kind := article.Number
			i += size
			if !unicode.IsDigit(r) {
				kind = article.Word
			}
			for i < len(s) {
				r, size := utf8.DecodeRuneInString(s[i:])
				if isWordRune(r) {
					if !unicode.IsDigit(r) {
						kind = article.Word
					}
					i += size
					continue
				}
				// An inner joiner stays when a word rune follows it.
				if isJoiner(r) && i+size < len(s) {
					next, nsize := utf8.DecodeRuneInString(s[i+size:])
					if isWordRune(next) && joinerFits(r, s[start:i], next) {
						i += size + nsize
						continue
					}
				}
				break
			}
			dst = append(dst, article.Token{Span: article.Span{Start: start, End: i}, Kind: kind})
		default:
			dst = append(dst, article.Token{Span: article.Span{Start: i, End: i + size}, Kind: article.Punct})
			i += size
		}
	}
	return dst
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isJoiner(r rune) bool {
	switch r {
	case '-', '\'', '’', '.', ',', '‐', '‑', '_', '/':
		return true
	}
	return false
}

// joinerFits decides whether joiner r between the word so far and the next
// rune keeps them one token.
func joinerFits(r rune, sofar string, next rune) bool {
	switch r {
	case ',', '/':
		// 300,000 and 1,5 but not "words,words"; 24/7 but not and/or.
		last, _ := utf8.DecodeLastRuneInString(sofar)
		return unicode.IsDigit(last) && unicode.IsDigit(next)
	case '.':
		// Numbers (300.000, 1.5) and dotted abbreviations (U.S, z.B): a
		// dot between a digit pair, or after a single letter, also after
		// a hyphen, as in the party tags "(D-N.Y.)" and "(R-S.C.)", which
		// would otherwise end a sentence at "D-N.".
		last, _ := utf8.DecodeLastRuneInString(sofar)
		if unicode.IsDigit(last) && unicode.IsDigit(next) {
			return true
		}
		seg := sofar
		if k := strings.LastIndexFunc(sofar, func(r rune) bool { return r == '.' || isHyphen(r) }); k >= 0 {
			_, size := utf8.DecodeRuneInString(sofar[k:])
			seg = sofar[k+size:]
		}
		return utf8.RuneCountInString(seg) == 1 && unicode.IsLetter(next)
	}
	return true
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

// Sentence-ending marks.
func isTerminal(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '。', '！', '？':
		return true
	}
	return false
}

// isClosing reports whether r may follow a sentence's final mark and still
// belong to the sentence (closing quotes and brackets).
func isClosing(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', '«', '“', ')', ']', '›':
		return true
	}
	return false
}

// sentences splits each paragraph at sentence-final marks followed by a
// token that can start a sentence. It sets each token's Sentence index.
func sentences(s string, paras []article.Span, toks []article.Token, abbrev map[string]bool, after func(abbr, next string) bool, dst []article.Span) []article.Span {
	ti := 0
	for _, p := range paras {
		for ti < len(toks) && toks[ti].Start < p.Start {
			ti++
		}
		start := p.Start
		first := ti
		for ti < len(toks) && toks[ti].End <= p.End {
			t := toks[ti]
			r, _ := utf8.DecodeRuneInString(s[t.Start:])
			if t.Kind != article.Punct || !isTerminal(r) || ti == first {
				ti++
				continue
			}
			// Take the run of terminal and closing marks.
			end := ti + 1
			for end < len(toks) && toks[end].End <= p.End && toks[end].Kind == article.Punct && toks[end].Start == toks[end-1].End {
				r, _ := utf8.DecodeRuneInString(s[toks[end].Start:])
				if !isTerminal(r) && !isClosing(r) {
					break
				}
				end++
			}
			if end >= len(toks) || toks[end].Start >= p.End {
				ti = end
				break // the paragraph ends here anyway
			}
			if r == '.' && isAbbreviation(s, toks, ti, abbrev) && !(after != nil && end == ti+1 && toks[end].Kind == article.Word &&
				canStart(s, toks[end]) && after(s[toks[ti-1].Start:toks[ti].End], s[toks[end].Start:toks[end].End])) {
				ti = end
				continue
			}
			if !canStart(s, toks[end]) {
				ti = end
				continue
			}
			sentEnd := toks[end-1].End
			dst = appendSentence(dst, toks, first, end, article.Span{Start: start, End: sentEnd})
			start = toks[end].Start
			first = end
			ti = end
		}
		for ti < len(toks) && toks[ti].End <= p.End {
			ti++
		}
		dst = appendSentence(dst, toks, first, ti, article.Span{Start: start, End: p.End})
	}
	return dst
}

func appendSentence(dst []article.Span, toks []article.Token, from, to int, sp article.Span) []article.Span {
	if sp.End <= sp.Start {
		return dst
	}
	for i := from; i < to; i++ {
		toks[i].Sentence = len(dst)
	}
	return append(dst, sp)
}

// isAbbreviation reports whether the full stop at toks[i] belongs to the
// word before it: a listed abbreviation, an initial ("J."), or a dotted
// abbreviation ("U.S.").
func isAbbreviation(s string, toks []article.Token, i int, abbrev map[string]bool) bool {
	if i == 0 || toks[i-1].End != toks[i].Start || toks[i-1].Kind == article.Punct {
		return false
	}
	w := s[toks[i-1].Start:toks[i].End]
	if abbrev[w] || abbrev[strings.ToLower(w)] {
		return true
	}
	word := s[toks[i-1].Start:toks[i-1].End]
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return strings.Contains(word, ".") && !strings.ContainsFunc(word, unicode.IsDigit)
}

// canStart reports whether t can begin a sentence: an upper-case letter, a
// digit, an opening quotation mark or bracket, a dash.
func canStart(s string, t article.Token) bool {
	r, _ := utf8.DecodeRuneInString(s[t.Start:])
	if unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.IsTitle(r) {
		return true
	}
	switch r {
	case '"', '\'', '“', '‘', '„', '«', '»', '‚', '(', '[', '—', '–', '-', '¿', '¡':
		return true
	}
	return false
}
