package eval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens splits s the way the reference scorers do: NFKC, then Python's
// str.lower, then every run of word characters (Python's Unicode-aware \w:
// letters, numbers and the underscore; combining marks are not word
// characters there, so they split words).
func Tokens(s string) []string {
	s = pyLower(norm.NFKC.String(s))
	var toks []string
	start := -1
	for i, r := range s {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, s[start:])
	}
	return toks
}

func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// TokenF1 is the token-overlap F1 of a and b (multiset intersection), 0
// when either has no tokens.
func TokenF1(a, b string) float64 { return tokenF1(Tokens(a), Tokens(b)) }

// tokenF1 computes F1 with the same float operations as the Python
// scorers, so that ties and thresholds fall the same way.
func tokenF1(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	counts := make(map[string]int, len(a))
	for _, t := range a {
		counts[t]++
	}
	common := 0
	for _, t := range b {
		if counts[t] > 0 {
			counts[t]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(a))
	r := float64(common) / float64(len(b))
	return float64(2*p*r) / float64(p+r)
}

// stripAccents drops the combining marks of the NFKD form of s, as
// unicodedata.combining does (canonical combining class not zero).
func stripAccents(s string) string {
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for i := 0; i < len(d); {
		p := norm.NFKD.PropertiesString(d[i:])
		n := p.Size()
		if n == 0 {
			_, n = utf8.DecodeRuneInString(d[i:])
		}
		if p.CCC() == 0 {
			b.WriteString(d[i : i+n])
		}
		i += n
	}
	return b.String()
}

// pyLower is Python's str.lower: the simple lower-case mapping, plus the
// two special cases that change tokens: U+0130 (İ) becomes "i̇" and a
// capital sigma at the end of a word becomes the final form ς.
func pyLower(s string) string {
	if isASCIILower(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case 'İ':
			b.WriteString("i\u0307")
		case 'Σ':
			if finalSigma(s, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isASCIILower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// finalSigma reports whether the sigma at byte i of s is preceded by a
// cased letter and not followed by one (case-ignorable runes skipped), the
// Final_Sigma condition of the Unicode standard that Python applies.
func finalSigma(s string, i int) bool {
	before := false
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if caseIgnorable(r) {
			continue
		}
		before = cased(r)
		break
	}
	if !before {
		return false
	}
	for _, r := range s[i+len("Σ"):] {
		if caseIgnorable(r) {
			continue
		}
		return !cased(r)
	}
	return true
}

func cased(r rune) bool { return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) }

func caseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', '\u00AD', '\u2019', '\u00B7':
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
