package lang

import (
	"unicode"
	"unicode/utf8"
)

// A trigram is three lower-case runes packed into 63 bits; a space stands
// for a word boundary, so " de" and "de " are the ends of a word.
type trigram uint64

func pack(a, b, c rune) trigram {
	return trigram(uint64(a)<<42 | uint64(b)<<21 | uint64(c))
}

func (t trigram) String() string {
	return string([]rune{rune(t >> 42 & 0x1FFFFF), rune(t >> 21 & 0x1FFFFF), rune(t & 0x1FFFFF)})
}

// maxWord is the longest word, in runes, whose trigrams are counted; the
// rest of a longer word (a URL, a hash) is ignored.
const maxWord = 32

// words calls fn for each word of s (a run of letters, lower-cased), with
// the word's runes. It stops when fn returns false. Marks (accents that did
// not compose) stay inside words.
func words(s string, fn func(w []rune) bool) {
	var buf [maxWord]rune
	n := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if isLetter(r) {
			if n < maxWord {
				buf[n] = toLower(r)
				n++
			}
			continue
		}
		if n > 0 {
			if !fn(buf[:n]) {
				return
			}
			n = 0
		}
	}
	if n > 0 {
		fn(buf[:n])
	}
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

func toLower(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// wordTrigrams calls fn for each trigram of the word w padded with
// spaces: "de" gives " de" and "de ".
func wordTrigrams(w []rune, fn func(trigram)) {
	prev2, prev1 := rune(0), ' '
	for _, r := range w {
		if prev2 != 0 {
			fn(pack(prev2, prev1, r))
		}
		prev2, prev1 = prev1, r
	}
	fn(pack(prev2, prev1, ' '))
}
