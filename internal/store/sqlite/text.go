package sqlite

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/identity"
)

// Article text is kept compressed (flate): it is the bulk of a store, and
// the full-text index does not need it, since snippets are cut here.

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.DefaultCompression)
	return w
}}

func compress(s string) []byte {
	var b bytes.Buffer
	w := writers.Get().(*flate.Writer)
	w.Reset(&b)
	io.WriteString(w, s)
	w.Close()
	writers.Put(w)
	return b.Bytes()
}

func decompress(b []byte) (string, error) {
	r := flate.NewReader(bytes.NewReader(b))
	defer r.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, r); err != nil {
		return "", fmt.Errorf("decompress text: %w", err)
	}
	return sb.String(), nil
}

// snippetWords is how many words a snippet shows.
const snippetWords = 28

// snippet returns plain text around the first word of text that matches
// one of terms (diacritics and case folded, as the index does), or the
// start of text when none does.
func snippet(text string, terms []string) string {
	want := map[string]bool{}
	for _, t := range terms {
		want[identity.Fold(t)] = true
	}
	type word struct{ start, end int }
	var words []word
	hit := -1
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i + n
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !isWordRune(r) {
				break
			}
			j += n
		}
		words = append(words, word{i, j})
		if hit < 0 && len(want) > 0 && matches(text[i:j], want) {
			hit = len(words) - 1
		}
		if hit >= 0 && len(words) >= hit+snippetWords {
			break
		}
		if hit < 0 && len(want) == 0 && len(words) >= snippetWords {
			break
		}
		i = j
	}
	if len(words) == 0 {
		return ""
	}
	first := 0
	if hit > snippetWords/4 {
		first = hit - snippetWords/4
	}
	last := min(first+snippetWords, len(words)) - 1
	s := strings.Join(strings.Fields(text[words[first].start:words[last].end]), " ")
	if first > 0 {
		s = "…" + s
	}
	if words[last].end < len(strings.TrimRightFunc(text, func(r rune) bool { return !isWordRune(r) })) {
		s += "…"
	}
	return s
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

// matches reports whether word folds to one of want. Folding is slow, so
// a word of ASCII letters, the most common, is compared by length and
// case only.
func matches(word string, want map[string]bool) bool {
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf {
			// Folding keeps the number of letters but for a few (ß → ss,
			// æ → ae) and drops marks: a word far longer or shorter than
			// every term cannot match.
			n := utf8.RuneCountInString(word)
			for w := range want {
				if m := utf8.RuneCountInString(w); m-n <= 3 && n-m <= 3 {
					return want[identity.Fold(word)]
				}
			}
			return false
		}
	}
	for w := range want {
		if len(w) == len(word) && strings.EqualFold(w, word) {
			return true
		}
	}
	return false
}
