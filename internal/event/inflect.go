package event

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// An inflection lets a table match the case forms of a name or role noun
// from one written form: Polish, Russian and Ukrainian decline them
// ("Россия", "России", "Россией"; "z Polską"). Two words are taken to be
// forms of one word when they share a stem and what follows it in each is
// one of the language's endings (grammar.tsv "case_endings"), so that
// "Вьетнам" (stem "Вьетнам", no ending) matches "Вьетнама" and "Россия"
// (stem "Росси" + "я") matches "Россией" ("Росси" + "ей"). Irregular forms
// ("w Polsce", "Києва") are listed in the data as they are.
type inflection struct {
	endings []string // longest first
	minStem int      // letters a stem keeps at least
}

func newInflection(endings []string, minStem int) *inflection {
	es := slices.Clone(endings)
	slices.SortStableFunc(es, func(a, b string) int { return len(b) - len(a) })
	return &inflection{endings: es, minStem: max(minStem, 1)}
}

// stems calls fn with w and with each stem left when one of the endings is
// taken off its end.
func (f *inflection) stems(w string, fn func(stem string)) {
	fn(w)
	for _, e := range f.endings {
		if len(w) > len(e) && strings.HasSuffix(w, e) && utf8.RuneCountInString(w[:len(w)-len(e)]) >= f.minStem {
			fn(w[:len(w)-len(e)])
		}
	}
}

// same reports whether p and w share a stem.
func (f *inflection) same(p, w string) bool {
	found := false
	f.stems(p, func(sp string) {
		if found || !strings.HasPrefix(w, sp) {
			return
		}
		f.stems(w, func(sw string) { found = found || sw == sp })
	})
	return found
}
