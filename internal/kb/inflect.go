package kb

import (
	"slices"
	"strings"
)

// endings are the case and gender endings of Russian, Ukrainian and
// Polish nouns and adjectives, transliterated, longest first.
var endings = []string{
	"iyami", "yami", "iyakh", "yakh", "ami", "akh", "ykh", "ikh", "ogo", "ego", "omu", "emu",
	"yaya", "aya", "oye", "uyu", "yuyu", "oyi", "oyu", "eyu", "iya", "iyu", "iey", "ach", "oe", "ye", "ii", "oy", "ey", "yy", "yi",
	"iy", "ym", "im", "om", "em", "ej", "ow", "ie", "ya", "yu", "a", "y", "i", "e", "u", "o",
}

// vowelEndings are the case endings of endings that are vowels: unlike
// consonant endings (-om, -ov) they cannot end a nominative that ends in a
// consonant (Gazprom, Газпромом), so stripping them in every language
// keeps the nominative's key.
var vowelEndings = []string{"iya", "iyu", "ii", "ie", "ya", "yu", "a", "e", "i", "y", "u", "o"}

// stemWord strips a vowel case ending from one transliterated word of five
// letters or more, in every language alike, so that the forms of an
// unknown place or organisation meet (Новосибирске, Новосибирска,
// Novosibirsk; Газпрома, Gazprom) and the key stays the same across
// languages (Samara, Самара, Самаре).
func stemWord(w string) string {
	if len(w) < 5 {
		return w
	}
	for _, e := range vowelEndings {
		if len(w) >= len(e)+3 && strings.HasSuffix(w, e) {
			return w[:len(w)-len(e)]
		}
	}
	return w
}

// stemKey strips a case ending from every word of a normalised name, so
// that the forms of a name in all its cases meet (Москва, Москве;
// Организация/Организации Объединённых Наций).
func stemKey(k string) string {
	words := strings.Fields(k)
	for i, w := range words {
		for _, e := range endings {
			if len(w) >= len(e)+3 && strings.HasSuffix(w, e) {
				words[i] = w[:len(w)-len(e)]
				break
			}
		}
	}
	return strings.Join(words, " ")
}

// inflecting are the languages whose names change with their case.
var inflecting = map[string]bool{"ru": true, "uk": true, "be": true, "pl": true, "cs": true, "sk": true, "sr": true, "hr": true, "sl": true}

// caseVariants returns the forms name may have in the nominative when it
// is written in an oblique case of lang. Only the last word and the first
// word change.
func caseVariants(name, lang string) []string {
	var rules []rewrite
	switch lang {
	case "ru", "uk", "be", "bg":
		rules = cyrEndings
	case "pl":
		rules = plEndings
	case "de":
		// genitive -s, and the endings of a leading adjective
		// (Vereinten Nationen, Europäischen Union)
		rules = []rewrite{{"s", ""}, {"es", ""}, {"en", "e"}, {"er", "e"}, {"em", "e"}}
	case "nl":
		rules = []rewrite{{"s", ""}}
	default:
		return nil
	}
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil
	}
	var out []string
	for _, at := range []int{len(words) - 1, 0} {
		w := words[at]
		lw := strings.ToLower(w)
		for _, r := range rules {
			stem, ok := strings.CutSuffix(lw, r.from)
			if !ok || len([]rune(stem)) < 2 {
				continue
			}
			stems := []string{stem}
			if lang == "uk" {
				// Ukrainian і in the closed last syllable of the nominative is
				// о or е in the other cases: Київ, Києві; Харків, Харкова.
				if alt, ok := ukVowel(stems[0]); ok {
					stems = append(stems, alt)
				}
			}
			for _, st := range stems {
				for to := range strings.SplitSeq(r.to, "|") {
					v := slices.Clone(words)
					v[at] = st + to
					out = append(out, strings.Join(v, " "))
				}
			}
		}
		if len(words) == 1 {
			break
		}
	}
	return out
}

// Case endings and the nominative endings they may come from.
var (
	cyrEndings = []rewrite{
		{"ией", "ия"}, {"ии", "ия|ий"}, {"ию", "ия"}, {"ої", "а|я"}, {"ою", "а"}, {"ею", "я"},
		{"ой", "а|ая"}, {"ей", "я|ь|ая"}, {"ом", "|о"}, {"ем", "ь|й|е"}, {"ым", "|ый"}, {"им", "ий"},
		{"ії", "ія"}, {"ї", "я"}, {"ы", "а"}, {"и", "а|я|ь"}, {"е", "а|я||о|ь"}, {"у", "а|"},
		{"ю", "я|ь|й"}, {"а", "|о"}, {"я", "ь|й"}, {"і", "а|я||о"}, {"ого", "ое|ий|ый"}, {"ой", "ая"},
	}
	plEndings = []rewrite{
		{"ii", "ia"}, {"ji", "ja"}, {"ie", "a"}, {"ę", "a"}, {"ą", "a"}, {"y", "a|"}, {"i", "a"},
		{"u", ""}, {"em", ""}, {"owi", ""}, {"ach", "y"}, {"om", "y"}, {"ami", "y"},
	}
)

// ukVowel turns the vowel before the last consonant of a Ukrainian stem
// into the і (ї after a vowel) of the nominative.
func ukVowel(stem string) (string, bool) {
	rs := []rune(stem)
	n := len(rs)
	if n < 3 {
		return "", false
	}
	switch rs[n-2] {
	case 'о', 'е':
		rs[n-2] = 'і'
	case 'є':
		rs[n-2] = 'ї'
	default:
		return "", false
	}
	return string(rs), true
}

// stemCandidates returns the word and every stem that an ending of
// endings leaves, so that a form whose ending is ambiguous (програми:
// -ами or -и) still meets its nominative's stem.
func stemCandidates(w string) []string {
	out := []string{w}
	for _, e := range endings {
		if len(w) >= len(e)+3 && strings.HasSuffix(w, e) {
			st := w[:len(w)-len(e)]
			for _, c := range append([]string{st}, alternations(st)...) {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// stemLookups returns the stem keys to try for the normalised name k:
// every combination of the candidate stems of its words, at most max.
func stemLookups(k string, max int) []string {
	keys := []string{""}
	for i, w := range strings.Fields(k) {
		var next []string
		for _, prefix := range keys {
			for _, c := range stemCandidates(w) {
				if i > 0 {
					c = prefix + " " + c
				}
				next = append(next, c)
				if len(next) >= max {
					break
				}
			}
		}
		keys = next
	}
	return keys
}

// alternations undoes the consonant changes before a case ending: Polish
// and Ukrainian k → c (Afryka, Afryce; Африка, Африці), g → dz or з
// (Praga, Pradze; Прага, Празі).
func alternations(stem string) []string {
	var out []string
	for _, a := range [][2]string{{"ts", "k"}, {"c", "k"}, {"dz", "g"}, {"z", "g"}, {"sz", "ch"}} {
		if pre, ok := strings.CutSuffix(stem, a[0]); ok && len(pre) >= 2 {
			out = append(out, pre+a[1])
		}
	}
	return out
}
