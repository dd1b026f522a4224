package kb

import (
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// An ending turns an oblique-case ending of a transliterated word into
// its nominative: Vladimira → Vladimir, Zakharovoy → Zakharova.
type ending struct{ from, to string }

// Oblique endings of first names and surnames in Russian, Ukrainian,
// Belarusian and Polish, transliterated, longest first. A first name
// tells the case and gender; the surname then follows it.
var (
	mascFirst = []ending{{"owi", ""}, {"iem", ""}, {"em", ""}, {"om", ""}, {"ym", ""}, {"ya", "y"}, {"yu", "y"},
		{"ya", ""}, {"a", ""}, {"u", ""}, {"e", ""}}
	femFirst = []ending{{"iey", "iya"}, {"iyu", "iya"}, {"ii", "iya"}, {"ii", "ia"}, {"oy", "a"}, {"ey", "ya"},
		{"yu", "ya"}, {"y", "a"}, {"i", "a"}, {"i", "ya"}, {"e", "a"}, {"u", "a"}}
	mascSurname = []ending{{"skogo", "skiy"}, {"skomu", "skiy"}, {"skim", "skiy"}, {"skom", "skiy"},
		{"skoho", "skyy"}, {"skomu", "skyy"}, {"skym", "skyy"}, {"skiego", "ski"}, {"skiemu", "ski"},
		{"ckiego", "cki"}, {"owi", ""}, {"iem", ""}, {"ym", ""}, {"om", ""}, {"em", ""}, {"a", ""}, {"u", ""}, {"e", ""}}
	femSurname = []ending{{"skoy", "skaya"}, {"skuyu", "skaya"}, {"skiej", "ska"}, {"ckiej", "cka"}, {"dzkiej", "dzka"},
		{"oy", "a"}, {"uyu", "aya"}, {"ej", "a"}, {"u", "a"}}
)

// firstNameSet holds, per language, the keys of the first names the
// lexicon knows, with their gender.
type firstNameSet struct {
	once  sync.Once
	names map[string]string
}

var langFirstNames sync.Map // lang → *firstNameSet

// knownFirst returns the gender of the first name with key k ("m", "f",
// or "-" when known without gender) and whether it is known.
func (l *Linker) knownFirst(k, lang string) (string, bool) {
	v, ok := langFirstNames.Load(lang)
	if !ok {
		v, _ = langFirstNames.LoadOrStore(lang, &firstNameSet{})
	}
	set := v.(*firstNameSet)
	set.once.Do(func() {
		set.names = map[string]string{}
		w, err := lexicon.Default().Load(lang)
		if err != nil {
			return // a language without a lexicon: the kb groups only
		}
		for n, g := range w.FirstNames {
			set.names[firstKey(n, lang)] = g
		}
	})
	if g, ok := set.names[k]; ok {
		return g, true
	}
	if _, ok := l.firsts[k]; ok {
		return "-", true
	}
	return "", false
}

// nominative puts a first name and surname in an oblique case back in the
// nominative (Владимира Путина → vladimir putin, Марии Захаровой → mariya
// zakharova), in the languages that inflect names. first and last are
// transliterated lower-case words; they come back unchanged when the first
// name is already a nominative or is not known in any form.
func (l *Linker) nominative(first, last, lang string) (string, string) {
	if !inflecting[lang] {
		return first, last
	}
	if _, ok := l.knownFirst(firstKey(first, lang), lang); ok {
		return first, last
	}
	try := func(firsts, surnames []ending, gender string) (string, string, bool) {
		for _, e := range firsts {
			stem, ok := strings.CutSuffix(first, e.from)
			if !ok || len(stem) < 2 {
				continue
			}
			g, ok := l.knownFirst(firstKey(stem+e.to, lang), lang)
			if !ok || g != "-" && g != gender {
				continue
			}
			for _, s := range surnames {
				if st, ok := strings.CutSuffix(last, s.from); ok && len(st) >= 2 {
					return stem + e.to, st + s.to, true
				}
			}
			return stem + e.to, last, true
		}
		return "", "", false
	}
	if f, s, ok := try(mascFirst, mascSurname, "m"); ok {
		return f, s
	}
	if f, s, ok := try(femFirst, femSurname, "f"); ok {
		return f, s
	}
	return first, last
}
