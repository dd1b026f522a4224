package quote

import "github.com/newsgraph/newsgraph/internal/article"

// bareRoleRefers reports whether a bare role noun of type typ at tokens
// [start, k] (no determiner) refers to an entity named before it, in a
// language without a definite article (Polish, Russian, Ukrainian), where
// the bare noun is what "the researcher", "the ministry" is elsewhere:
// "Badaczka dodała, że …" after a quote of Magdalena Wójcik, "Jak
// poinformował resort, …" after "Ministerstwo Zdrowia skierowało …",
// "Политик добавил, что …". A person's role must stand alone, with no
// complement that could make it a new, unnamed source ("rzecznik
// ministerstwa powiedział"): the next token is a reporting verb, an
// auxiliary or punctuation, or the phrase ends at limit. An
// organisation's role ("spółka", "resort", "компания") names an
// organisation already in the story. An entity of that type must have
// been named before. A language is without article when its
// determiners.tsv has no def entry. A headline (the first paragraph) is
// read the same way in every language, as headlines drop their articles.
func (d *doc) bareRoleRefers(typ string, start, k, limit int) bool {
	// Headlines drop their articles in every language: "…, admite
	// administração" after "Nova linha do Metro do Porto …".
	if d.paraOf(start) != 0 {
		for _, kind := range d.w.Determiners {
			if kind == "def" {
				return false
			}
		}
	}
	if typ == article.ORG {
		return d.namedBefore(article.ORG, start)
	}
	if typ != article.PER {
		return false
	}
	if n := k + 1; n < limit && d.a.Tokens[n].Kind != article.Punct && len(d.w.Verb(d.lower[n])) == 0 && !d.isAux(n) {
		return false
	}
	return d.namedBefore(article.PER, start)
}

// namedBefore reports whether an entity of type typ is named before token
// start.
func (d *doc) namedBefore(typ string, start int) bool {
	at := d.a.Tokens[start].Start
	for i := range d.a.Entities {
		e := &d.a.Entities[i]
		if e.Type == typ && len(e.Mentions) > 0 && e.Mentions[0].Start < at {
			return true
		}
	}
	return false
}
