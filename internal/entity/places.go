package entity

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryNames maps lower-cased CLDR country names in one language (and
// in English, which news in every language uses) to ISO 3166 codes.
type countryNames map[string]string

var (
	countryMu    sync.Mutex
	countryCache = map[string]countryNames{}
)

// countries returns the CLDR country names of lang, built once.
func countries(lang string) countryNames {
	countryMu.Lock()
	defer countryMu.Unlock()
	if c, ok := countryCache[lang]; ok {
		return c
	}
	c := countryNames{}
	for _, l := range []string{"en", lang} {
		tag, err := language.Parse(l)
		if err != nil {
			continue
		}
		namer := display.Regions(tag)
		if namer == nil {
			continue
		}
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				code := string([]rune{a, b})
				r, err := language.ParseRegion(code)
				if err != nil || !r.IsCountry() {
					continue
				}
				if name := namer.Name(r); name != "" {
					c[strings.ToLower(name)] = code
				}
			}
		}
	}
	countryCache[lang] = c
	return c
}
