package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Transliteration tables map one lower-case Cyrillic or Greek letter to
// Latin in the English-style romanisation that news agencies use (BGN/PCGN
// for Russian, the 2010 national system for Ukrainian, the streamlined
// system for Bulgarian, Serbian Latin spelled without diacritics). They are
// the first step of every key, so Путин and Putin meet.
var (
	cyrRU = map[rune]string{
		'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
		'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
		'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
		'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
		'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
		// letters of other Cyrillic alphabets, when they turn up in Russian text
		'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
		'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "ch", 'џ': "dzh",
	}
	cyrUK = overlay(cyrRU, map[rune]string{
		'г': "h", 'ґ': "g", 'и': "y", 'і': "i", 'ї': "yi", 'є': "ye", 'й': "y",
		'щ': "shch", '\'': "", '’': "", 'ʼ': "",
	})
	cyrBG = overlay(cyrRU, map[rune]string{
		'ъ': "a", 'щ': "sht", 'ь': "y", 'ю': "yu", 'я': "ya", 'й': "y",
	})
	cyrSR = overlay(cyrRU, map[rune]string{
		'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "ch", 'џ': "dzh",
		'ц': "ts", 'ч': "ch", 'ж': "zh", 'ш': "sh", 'х': "h",
	})
	greek = map[rune]string{
		'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
		'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
		'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t", 'υ': "y",
		'φ': "f", 'χ': "kh", 'ψ': "ps", 'ω': "o",
		'ά': "a", 'έ': "e", 'ή': "i", 'ί': "i", 'ό': "o", 'ύ': "y", 'ώ': "o",
		'ϊ': "i", 'ϋ': "y", 'ΐ': "i", 'ΰ': "y",
	}
	// greekPairs are the Greek digraphs that read as one sound.
	greekPairs = map[string]string{
		"ου": "ou", "αι": "e", "ει": "i", "οι": "i", "μπ": "b", "ντ": "d", "γκ": "g", "γγ": "ng",
		"αυ": "av", "ευ": "ev",
	}
)

func overlay(base, over map[rune]string) map[rune]string {
	m := make(map[rune]string, len(base)+len(over))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range over {
		m[k] = v
	}
	return m
}

// cyrillicTable picks the rules for lang; for a language written in Latin
// it guesses the alphabet from the letters of s, so that a Ukrainian name
// quoted in an English article reads as Ukrainian.
func cyrillicTable(lang, s string) map[rune]string {
	switch lang {
	case "ru", "be", "kk":
		return cyrRU
	case "uk":
		return cyrUK
	case "bg":
		return cyrBG
	case "sr", "mk":
		return cyrSR
	}
	for _, r := range s {
		switch r {
		case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
			return cyrUK
		case 'ђ', 'ј', 'љ', 'њ', 'ћ', 'џ', 'Ђ', 'Ј', 'Љ', 'Њ', 'Ћ', 'Џ':
			return cyrSR
		}
	}
	return cyrRU
}

// Transliterate writes s in Latin letters: Cyrillic by the rules of lang
// (ru, uk, bg, sr; others guess from the letters), Greek by the ELOT-style
// rules. Latin text and other scripts pass unchanged. The case of the first
// letter of each word is kept, so the result reads as a name.
func Transliterate(s, lang string) string {
	if isASCII(s) {
		return s
	}
	var cyr map[rune]string
	var b strings.Builder
	b.Grow(len(s) * 2)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		lr := unicode.ToLower(r)
		upper := lr != r
		var out string
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			if cyr == nil {
				cyr = cyrillicTable(lang, s)
			}
			o, ok := cyr[lr]
			if !ok {
				o = string(lr)
				if base := baseRune(lr); base != lr {
					if bo, ok := cyr[base]; ok {
						o = bo
					}
				}
			}
			out = o
		case unicode.Is(unicode.Greek, r):
			if i < len(s) {
				next, nsize := utf8.DecodeRuneInString(s[i:])
				if o, ok := greekPairs[string([]rune{lr, unicode.ToLower(next)})]; ok {
					out = o
					i += nsize
					break
				}
			}
			o, ok := greek[lr]
			if !ok {
				o = string(lr)
				if bo, ok := greek[baseRune(lr)]; ok {
					o = bo
				}
			}
			out = o
		default:
			b.WriteRune(r)
			continue
		}
		if upper && out != "" {
			b.WriteString(strings.ToUpper(out[:1]))
			b.WriteString(out[1:])
		} else {
			b.WriteString(out)
		}
	}
	return b.String()
}

// baseRune returns the first rune of the canonical decomposition of r:
// the letter without its diacritics (ӗ → е).
func baseRune(r rune) rune {
	for _, b := range norm.NFD.String(string(r)) {
		return b
	}
	return r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
