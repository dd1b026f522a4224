package kb

import (
	"context"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Capital reports whether id is a capital city, which news uses for its
// government ("Washington says", "Moskou zei").
func (l *Linker) Capital(id string) bool { return l.capitals[id] }

// Metonyms is the stage after the quotes that names a capital speaking
// for its government by its country: "Washington zegt dat …" is said by
// the Verenigde Staten, in the article's language (CLDR names). The
// speaker keeps its entity and mention, so the audit trail stays.
type Metonyms struct{ l *Linker }

// Metonyms returns the stage.
func (l *Linker) Metonyms() *Metonyms { return &Metonyms{l} }

// Name returns "metonym".
func (m *Metonyms) Name() string { return "metonym" }

// Process renames capital speakers after their country.
func (m *Metonyms) Process(_ context.Context, a *article.Article) error {
	for i := range a.Quotes {
		sp := &a.Quotes[i].Speaker
		if sp.Entity == "" {
			continue
		}
		e := a.EntityByID(sp.Entity)
		if e == nil || e.Type != article.LOC || !m.l.Capital(e.KB) {
			continue
		}
		cc, ok := m.l.Country(e.KB)
		if !ok {
			continue
		}
		if name := countryName(strings.TrimPrefix(cc, "loc:"), a.Lang); name != "" {
			sp.Name, sp.Type = name, article.ORG
		}
	}
	return nil
}

// countryName is the CLDR name of country code cc in lang, else in English.
func countryName(cc, lang string) string {
	r, err := language.ParseRegion(cc)
	if err != nil {
		return ""
	}
	for _, l := range []string{lang, "en"} {
		tag, err := language.Parse(l)
		if err != nil {
			continue
		}
		if n := display.Regions(tag); n != nil {
			if name := n.Name(r); name != "" {
				return name
			}
		}
	}
	return ""
}
