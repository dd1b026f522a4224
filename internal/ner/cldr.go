package ner

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// CLDRNames returns the names of countries (LOC) and languages (MISC) in
// lang, as the Unicode CLDR spells them, to be used as an external
// gazetteer. Names are split at spaces; lower-case ones are left out, as
// the gazetteer matches words as written.
func CLDRNames(lang string) []Name {
	tag, err := language.Parse(lang)
	if err != nil {
		return nil
	}
	var out []Name
	add := func(name, typ string) {
		if name == "" {
			return
		}
		words := strings.Fields(name)
		if r := words[0][0]; r >= 'a' && r <= 'z' {
			return
		}
		out = append(out, Name{Words: words, Type: typ})
	}
	regions := display.Regions(tag)
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			add(regions.Name(r), "LOC")
		}
	}
	langs := display.Languages(tag)
	for _, t := range display.Supported.Tags() {
		base, conf := t.Base()
		if conf == language.No {
			continue
		}
		add(langs.Name(language.Make(base.String())), "MISC")
	}
	return out
}
