package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold maps the Latin letters that Unicode does not decompose, and those
// whose diacritic carries a sound that the keys keep (č = ch), before the
// remaining diacritics are dropped.
var fold = map[rune]string{
	'ł': "l", 'ß': "ss", 'ø': "o", 'æ': "ae", 'œ': "oe", 'đ': "dj", 'ı': "i",
	'þ': "th", 'ð': "d",
}

// hush maps the Latin letters with a caron to their digraph; fold does not
// apply to them in plain normalisation (Dvořák stays dvorak there).
var hush = map[rune]string{'č': "ch", 'š': "sh", 'ž': "zh", 'ř': "rzh", 'ć': "ch"}

// normalize is the form under which names are looked up in the tables:
// Latin letters (transliterated by one table for all Cyrillic languages,
// so that the same letters always meet), lower case, no diacritics, no dots or
// apostrophes ("U.S." = "US", "Côte d’Ivoire" = "cote divoire"), other
// punctuation and hyphens as spaces, single spaces between words.
func normalize(s, _ string) string {
	s = Transliterate(s, "ru")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		for _, d := range decompose(r) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			d = unicode.ToLower(d)
			switch {
			case d == '.' || d == '\'' || d == '’' || d == 'ʼ' || d == '`' || d == '´':
				continue
			case unicode.IsLetter(d) || unicode.IsDigit(d):
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				if f, ok := fold[d]; ok {
					b.WriteString(f)
				} else {
					b.WriteRune(d)
				}
			default:
				space = true
			}
		}
	}
	return b.String()
}

// decomposed holds the canonical decomposition of the runes below 0x370
// (Latin and its diacritics), which names use most; decompose computes
// the others.
var decomposed = func() (a [0x370]string) {
	for r := rune(0x80); r < 0x370; r++ {
		a[r] = norm.NFD.String(string(r))
	}
	return a
}()

// asciiRunes are the one-rune strings of ASCII, so that decompose does
// not allocate for them.
var asciiRunes = func() (a [0x80]string) {
	for r := range a {
		a[r] = string(rune(r))
	}
	return a
}()

// decompose returns the canonical decomposition of r (é → e + ◌́).
func decompose(r rune) string {
	switch {
	case r < 0x80:
		return asciiRunes[r]
	case r < 0x370:
		return decomposed[r]
	}
	return norm.NFD.String(string(r))
}

// A rewrite replaces a spelling with the English-style one.
type rewrite struct{ from, to string }

// romanRules hold, per language, how that language writes the sounds of
// names transcribed from other alphabets, rewritten to the English-style
// spelling (Dutch Chroesjtsjov, German Chruschtschow and French
// Khrouchtchev all become khrushchov/khrushchev). Longest first. The rules
// are chosen so that a native name spelled the same in two languages still
// gets the same key: each rule either maps into a class that skeleton merges
// anyway (nl j → y, both become i) or concerns letters that only that
// language uses that way (Polish rz). Polish c = ts is left to skeleton,
// which reads ce/ci as s (Hrycenko = Hrytsenko), because Polish news
// writes foreign names as they are (Macron, Lucas).
var romanRules = map[string][]rewrite{
	"nl": {{"sch", "sch"}, {"tsj", "ch"}, {"sj", "sh"}, {"zj", "zh"}, {"ch", "kh"}, {"oe", "u"}, {"j", "y"}},
	"de": {{"tsch", "ch"}, {"sch", "sh"}, {"ch", "kh"}, {"w", "v"}, {"j", "y"}, {"ß", "ss"}},
	"fr": {{"sch", "sch"}, {"tch", "ch"}, {"ch", "sh"}, {"ou", "u"}, {"dj", "j"}},
	"pl": {{"sch", "sch"}, {"szcz", "shch"}, {"sz", "sh"}, {"cz", "ch"}, {"rz", "zh"}, {"ch", "kh"}, {"w", "v"}, {"j", "y"}},
	"cs": {{"sch", "sch"}, {"ch", "kh"}, {"j", "y"}},
	"es": {{"ll", "y"}},
	"it": {{"sc", "sk"}},
}

// classes are the shared sound classes of skeleton, longest first. All
// hushing and velar fricatives (sh, ch, kh, zh, and the digraphs of other
// languages for them) become h, because languages disagree on which is
// which (ch is Х in German, Ш in French, Ч in English); j, dj and dzh
// become i like y; ts, tz, dz and z become s.
var classes = []rewrite{
	{"shch", "h"}, {"tsch", "h"}, {"szcz", "h"}, {"dzh", "i"},
	{"sch", "h"}, {"tch", "h"}, {"tsj", "h"},
	{"sh", "h"}, {"ch", "h"}, {"kh", "h"}, {"zh", "h"}, {"sj", "h"}, {"zj", "h"},
	{"sz", "h"}, {"cz", "h"}, {"dj", "i"}, {"th", "t"}, {"ph", "f"}, {"gh", "g"},
	{"rh", "r"}, {"ck", "k"}, {"ts", "s"}, {"tz", "s"}, {"dz", "s"},
	{"gue", "ge"}, {"gui", "gi"}, {"oe", "u"}, {"ou", "u"},
}

// letters maps single letters to their class.
// g joins the h class: Russian writes a foreign h as г (Гамбург), and the
// Ukrainian г is romanised h (Hrytsenko, Гриценко).
var letters = map[byte]string{
	'w': "v", 'y': "i", 'j': "i", 'z': "s", 'x': "ks", 'q': "k", 'g': "h",
}

// letterClass is letters as an array, for speed.
var letterClass = func() (a [256]string) {
	for c, s := range letters {
		a[c] = s
	}
	return a
}()

// latinLower transliterates s and returns it in lower case with diacritics
// dropped, except that the hushing letters with a caron become digraphs.
// Only letters, digits, spaces and hyphens remain.
func latinLower(s, lang string) string {
	s = Transliterate(s, lang)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'A' <= r && r <= 'Z':
				b.WriteByte(byte(r) + 'a' - 'A')
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == ' ' || r == '-':
				b.WriteByte(byte(r))
			case r == '\t' || r == '\n':
				b.WriteByte(' ')
			}
			continue
		}
		r = unicode.ToLower(r)
		if h, ok := hush[r]; ok {
			b.WriteString(h)
			continue
		}
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			continue
		}
		if r < utf8.RuneSelf {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' {
				b.WriteRune(r)
			} else if r == '\t' || r == '\n' {
				b.WriteByte(' ')
			}
			continue
		}
		if r == 'ó' && lang == "pl" {
			b.WriteByte('u')
			continue
		}
		for _, d := range decompose(r) {
			if unicode.Is(unicode.Mn, d) {
				continue
			}
			if unicode.IsLetter(d) || unicode.IsDigit(d) {
				b.WriteRune(d)
			} else if unicode.IsSpace(d) {
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

// A ruleset holds rewrites indexed by their first byte, in order.
type ruleset [256][]rewrite

func newRuleset(rules []rewrite) *ruleset {
	var rs ruleset
	for _, r := range rules {
		rs[r.from[0]] = append(rs[r.from[0]], r)
	}
	return &rs
}

var (
	romanSets = func() map[string]*ruleset {
		m := map[string]*ruleset{}
		for lang, rules := range romanRules {
			m[lang] = newRuleset(rules)
		}
		return m
	}()
	classSet = newRuleset(classes)
)

// romanize rewrites one lower-case Latin word with the rules of lang.
func romanize(w, lang string) string {
	rs := romanSets[lang]
	if rs == nil {
		return w
	}
	return replaceAll(w, rs)
}

// replaceAll scans w left to right and applies the first rule that matches
// at each position.
func replaceAll(w string, rs *ruleset) string {
	var b []byte
	for i := 0; i < len(w); {
		matched := false
		for _, r := range rs[w[i]] {
			if strings.HasPrefix(w[i:], r.from) {
				if b == nil {
					b = make([]byte, i, len(w)+4)
					copy(b, w[:i])
				}
				b = append(b, r.to...)
				i += len(r.from)
				matched = true
				break
			}
		}
		if !matched {
			if b != nil {
				b = append(b, w[i])
			}
			i++
		}
	}
	if b == nil {
		return w
	}
	return string(b)
}

// skeleton reduces an English-style spelled word to its sound classes (see
// classes and letters), drops doubled letters and reads a word-initial
// ie/ye as e (Yeltsin, Jelzin, Ельцин).
func skeleton(w string) string {
	w = replaceAll(w, classSet)
	var b strings.Builder
	b.Grow(len(w) + 2)
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == 'c':
			if i+1 < len(w) && (w[i+1] == 'e' || w[i+1] == 'i' || w[i+1] == 'y') {
				b.WriteByte('s')
			} else {
				b.WriteByte('k')
			}
		case letterClass[c] != "":
			b.WriteString(letterClass[c])
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	// collapse doubles
	var d strings.Builder
	d.Grow(len(out))
	for i := 0; i < len(out); i++ {
		if i > 0 && out[i] == out[i-1] {
			continue
		}
		d.WriteByte(out[i])
	}
	out = d.String()
	if strings.HasPrefix(out, "ie") && len(out) > 3 {
		out = out[1:]
	}
	return out
}

// surnameEnd evens out the endings that transcriptions disagree on: a
// final e after a consonant (French Poutine, Eltsine), -ev/-ov (German
// Gorbatschow, English Gorbachev), -ii/-y (Selenskyj, Zelensky, Зеленский).
func surnameEnd(k string) string {
	if n := len(k); n > 3 && k[n-1] == 'e' && !isVowel(k[n-2]) {
		k = k[:n-1]
	}
	if n := len(k); n > 4 && strings.HasSuffix(k, "ev") && !isVowel(k[n-3]) {
		k = k[:n-2] + "ov"
	}
	// -yov/-jov/-iov (Kovalyov, Kowaljow) and -ev (Ковалев, written
	// without the dots of ё) meet at -ov.
	if n := len(k); n > 5 && strings.HasSuffix(k, "iov") && !isVowel(k[n-4]) {
		k = k[:n-3] + "ov"
	}
	if n := len(k); n > 3 && (strings.HasSuffix(k, "ii") || strings.HasSuffix(k, "ei") && k[n-3] == 'k') {
		k = k[:n-1]
	}
	return k
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// wordKey is the key of one word of a name in language lang.
func wordKey(w, lang string) string {
	var parts []string
	for p := range strings.SplitSeq(w, "-") {
		if p == "" {
			continue
		}
		parts = append(parts, skeleton(romanize(p, lang)))
	}
	return strings.Join(parts, "-")
}
