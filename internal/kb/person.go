package kb

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// particles are the lower-case words that belong to a surname (van der
// Leyen, de Gaulle, bin Salman).
var particles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true,
	"di": true, "da": true, "das": true, "dos": true, "du": true, "le": true, "la": true,
	"ter": true, "ten": true, "te": true, "zu": true, "bin": true, "ibn": true, "al": true,
	"el": true, "fon": true, "ben": true, "mac": true, "st": true, "vom": true, "y": true,
}

// person links a person by first name and surname: the key of the first
// word (through its first-name group) and of the last word with the
// particles before it. Middle names and patronymics are left out, so
// Vladimir Vladimirovich Putin is Vladimir Putin.
func (l *Linker) person(name, lang string) (string, string, bool) {
	orig := strings.Fields(dropLowerLead(name))
	// A country or capital before the name is not part of it: России
	// Владимир Путин (Russia's Vladimir Putin). Only where the genitive
	// shows it: elsewhere Dominique or Jordan is a first name.
	for len(orig) > 2 && inflecting[lang] {
		if e, ok := l.cachedLookup(orig[0], lang); ok && strings.HasPrefix(e.id, "loc:") {
			orig = orig[1:]
			continue
		}
		break
	}
	if len(orig) > 1 && isArticle(orig[0]) {
		// The Times, Le Figaro: a person's name does not start with an
		// article; the entity stage mistook an organisation.
		return l.thing("org:", strings.Join(orig, " "), lang)
	}
	name = strings.Join(orig, " ")
	words := strings.Fields(latinLower(name, lang))
	var keys []string
	for _, w := range words {
		w = strings.Trim(w, "-")
		if w == "" {
			continue
		}
		keys = append(keys, w)
	}
	if len(keys) == 0 {
		return "", "", false
	}
	display := Transliterate(name, lang)
	if len(keys) > 1 && particles[keys[0]] {
		// a surname with its particles: von der Leyen
		var sur []string
		for _, w := range keys {
			sur = append(sur, wordKey(w, lang))
		}
		sur[len(sur)-1] = surnameEnd(sur[len(sur)-1])
		return "per:" + strings.Join(sur, "-"), display, true
	}
	if len(keys) == 1 {
		k := surnameEnd(wordKey(keys[0], lang))
		if k == "" {
			return "", "", false
		}
		return "per:" + k, display, true
	}
	last := len(keys) - 1
	keys[0], keys[last] = l.nominative(keys[0], keys[last], lang)
	first := wordKey(keys[0], lang)
	if g, ok := l.firsts[first]; ok {
		first = g
	}
	start := last
	for start > 1 && particles[keys[start-1]] {
		start--
	}
	if len(keys) >= 4 && start == last {
		// Four words or more keep their middle words: Make America
		// Great Again is not Make Russia Great Again.
		start = 1
	}
	var sur []string
	for _, w := range keys[start:] {
		if arabicArticle[w] {
			continue // Bashar al Assad = Башар Асад
		}
		sur = append(sur, wordKey(dropArabicArticle(w), lang))
	}
	if len(sur) == 0 {
		sur = []string{wordKey(keys[last], lang)}
	}
	sur[len(sur)-1] = surnameEnd(sur[len(sur)-1])
	return "per:" + first + "-" + strings.Join(sur, "-"), display, true
}

// dropLowerLead drops the lower-case words before the first capitalised
// one: a title or role left in a person's name (президент Владимир Путин,
// minister Jan Peters).
func dropLowerLead(name string) string {
	rest := name
	for {
		w, after, found := strings.Cut(strings.TrimLeft(rest, " "), " ")
		if !found || w == "" {
			return rest
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) || particles[w] {
			return rest
		}
		rest = after
	}
}

// arabicArticle are the transcriptions of the Arabic article, which some
// languages write before a surname and others leave out (al-Assad, Асад).
var arabicArticle = map[string]bool{"al": true, "el": true, "ad": true, "ash": true, "as": true, "ar": true, "an": true, "at": true, "az": true}

// dropArabicArticle removes a hyphenated Arabic article: al-Assad → Assad.
func dropArabicArticle(w string) string {
	if pre, rest, ok := strings.Cut(w, "-"); ok && arabicArticle[pre] && rest != "" {
		return rest
	}
	return w
}
