package event

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A word is a token of the body in the form the tables match: lower case,
// with typographic apostrophes made plain and a possessive "'s" removed.
type word struct {
	article.Span
	norm  string
	punct bool
	sent  int // index into the sentence list
}

// segment returns the sentences and words of a, from the text stage's
// annotations when present and from a simple fallback otherwise, so that
// the coder also works on bare text (tests, tools, a missing stage).
func segment(a *article.Article) ([]article.Span, []word) {
	sents := a.Sentences
	var ws []word
	if len(a.Tokens) > 0 {
		ws = make([]word, 0, len(a.Tokens))
		for _, t := range a.Tokens {
			if t.Start < 0 || t.End > len(a.Text) || t.End <= t.Start {
				continue
			}
			ws = append(ws, newWord(a.Text, t.Span, t.Kind == article.Punct, t.Sentence))
		}
	} else {
		ws = tokenize(a.Text)
	}
	if len(sents) == 0 || len(a.Tokens) == 0 {
		sents = splitSentences(a.Text, ws)
	}
	return sents, ws
}

func newWord(text string, s article.Span, punct bool, sent int) word {
	w := text[s.Start:s.End]
	norm := strings.ToLower(w)
	if strings.Contains(norm, "’") {
		norm = strings.ReplaceAll(norm, "’", "'")
	}
	if len(norm) > 2 && strings.HasSuffix(norm, "'s") {
		norm = norm[:len(norm)-2]
	} else if len(norm) > 1 && strings.HasSuffix(norm, "'") {
		norm = norm[:len(norm)-1]
	}
	return word{Span: s, norm: norm, punct: punct, sent: sent}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// tokenize splits text into words (letters and digits with inner
// apostrophes, hyphens and full stops) and one-rune punctuation tokens.
// Sentence indexes are filled in by splitSentences.
func tokenize(text string) []word {
	var ws []word
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case isWordRune(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r2) {
					j += n2
					continue
				}
				if r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '.' {
					if r3, n3 := utf8.DecodeRuneInString(text[j+n2:]); j+n2 < len(text) && isWordRune(r3) {
						j += n2 + n3
						continue
					}
				}
				break
			}
			ws = append(ws, newWord(text, article.Span{Start: i, End: j}, false, 0))
			i = j
		default:
			ws = append(ws, newWord(text, article.Span{Start: i, End: i + n}, true, 0))
			i += n
		}
	}
	return ws
}

// splitSentences ends a sentence after ".", "!" or "?" (and any closing
// quotation marks) when the next word starts with an upper-case letter or a
// digit, and at blank lines. It sets the sentence index of every word.
func splitSentences(text string, ws []word) []article.Span {
	var sents []article.Span
	start := 0 // index of the first word of the current sentence
	flush := func(end int) {
		if end <= start {
			return
		}
		for k := start; k < end; k++ {
			ws[k].sent = len(sents)
		}
		sents = append(sents, article.Span{Start: ws[start].Start, End: ws[end-1].End})
		start = end
	}
	for i := range ws {
		if i > start && strings.Contains(text[ws[i-1].End:ws[i].Start], "\n\n") {
			flush(i)
		}
		w := text[ws[i].Start:ws[i].End]
		if w != "." && w != "!" && w != "?" {
			continue
		}
		j := i + 1
		for j < len(ws) && ws[j].punct && strings.ContainsAny(text[ws[j].Start:ws[j].End], "\"'”’»)") {
			j++
		}
		if j == len(ws) {
			flush(j)
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[ws[j].Start:])
		if unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“„‘«", r) {
			flush(j)
		}
	}
	flush(len(ws))
	return sents
}
