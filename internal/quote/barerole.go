package quote

import "github.com/newsgraph/newsgraph/internal/article"

// bareRoleRefers reports whether a bare person role noun ending at token
// k (no determiner) refers to a person named before it, in a language
// without a definite article (Polish, Russian, Ukrainian), where the bare
// noun is what "the researcher" is elsewhere: "Badaczka dodała, że …"
// after a quote of Magdalena Wójcik, "– … – zaznaczył Norweg.", "Политик
// добавил, что …". The noun must stand alone, with no complement that
// could make it a new, unnamed source ("rzecznik ministerstwa
// powiedział"): the next token is a reporting verb, an auxiliary or
// punctuation, or the phrase ends at limit; and a person must have been
// named before.
func (d *doc) bareRoleRefers(start, k, limit int) bool {
	for _, kind := range d.w.Determiners {
		if kind == "def" {
			return false
		}
	}
	if n := k + 1; n < limit && d.a.Tokens[n].Kind != article.Punct && len(d.w.Verb(d.lower[n])) == 0 && !d.isAux(n) {
		return false
	}
	at := d.a.Tokens[start].Start
	for i := range d.a.Entities {
		e := &d.a.Entities[i]
		if e.Type == article.PER && len(e.Mentions) > 0 && e.Mentions[0].Start < at {
			return true
		}
	}
	return false
}
