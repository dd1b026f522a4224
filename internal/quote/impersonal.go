package quote

import (
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// maxSourcePP bounds the words of the prepositional phrase that names an
// impersonal source ("в пресс-службе мэрии Новосибирска").
const maxSourcePP = 6

// impersonalSource returns the source of a reporting verb that has no
// subject, in languages that report an institution's words with an
// impersonal plural and a place (source_prepositions.txt): Russian "Об
// этом сообщили в пресс-службе мэрии" (the press office said so), "В
// компании «СибТеплоСеть» признали, что …", Polish "W resorcie słyszymy,
// że …". The phrase after the preposition, right after the verb or
// opening the clause before it, up to a comma, a verb, a complementizer
// or the sentence end, is the source: an entity named in it, else the
// phrase itself as an unnamed source.
func (d *doc) impersonalSource(c cue) speaker {
	if len(d.w.SourcePreps) == 0 || c.owner.ok() {
		return noSpeaker
	}
	s0, s1 := d.sentOf(c.tok)
	// After the verb: "сообщили в пресс-службе мэрии", or after its
	// impersonal pronoun: "heißt es beim Naturschutzbund".
	p := c.tok + 1
	if _, pron := d.w.Pronouns[d.lower[min(p, s1-1)]]; pron && c.verb.Passive {
		p++
	}
	if p+1 < s1 && d.w.SourcePreps[d.lower[p]] && d.inQ[p] == 0 {
		if s := d.sourcePP(p+1, s1); s.ok() {
			return s
		}
	}
	// Before it, opening the clause: "В компании …, признали", "как
	// уточнили в компании" is the case above.
	first := c.tok
	if c.span.Start < d.a.Tokens[c.tok].Start && first > s0 {
		first--
	}
	if strings.Contains(c.verb.Lemma, " ") && first > s0 && d.inQ[first-1] == 0 && d.a.Tokens[first-1].Kind == article.Word {
		first-- // "fanno sapere": the light verb of a two-word cue
	}
	for k := s0; k < first && k <= s0+2; k++ {
		if !d.w.SourcePreps[d.lower[k]] || d.inQ[k] != 0 {
			if d.sentenceAdverb(k) {
				continue // "Nieoficjalnie w resorcie słyszymy"
			}
			break
		}
		s := d.sourcePP(k+1, first)
		if !s.ok() {
			break
		}
		// Only an insertion set off by commas, or nothing, may stand
		// between the phrase and the verb.
		j := max(s.to, s.xto)
		// "У Національній службі здоров'я України (НСЗУ) заявили":
		// the name's acronym in brackets.
		if j < first && d.lower[j] == "(" {
			for e := j + 1; e < first && e <= j+4; e++ {
				if d.lower[e] == ")" {
					j = e + 1
					break
				}
			}
		}
		if j < first && d.lower[j] != "," {
			break
		}
		return s
	}
	return noSpeaker
}

// namedImpersonalSource is impersonalSource for a report that no
// anaphor ties to the sentence before, when the source is named by a
// proper name ("Da Palazzo Marino fanno sapere che …"); a common noun
// ("в компании признали", "у банку повідомили") is left to the
// anaphoric reports, where the organisation it stands for is the one
// just named.
func (d *doc) namedImpersonalSource(c cue) speaker {
	s := d.impersonalSource(c)
	if !s.ok() || s.kind == article.MentionNominal || !isUpperStart(d.text(s.from)) {
		return noSpeaker
	}
	return s
}

// sourcePP returns the source named by the phrase from token k to the
// first comma, verb, complementizer or quotation of more than a few
// words, before limit.
func (d *doc) sourcePP(k, limit int) speaker {
	end := k
	for end < limit && end < k+maxSourcePP {
		l := d.lower[end]
		if d.inQ[end] != 0 && d.longQuoteAt(end) || d.a.Tokens[end].Kind == article.Punct && d.inQ[end] == 0 ||
			d.w.Complementizers[l] || len(d.w.Verb(l)) > 0 || d.isAux(end) {
			break
		}
		end++
	}
	for end > k && d.inQ[end-1] != 0 && d.a.Tokens[end-1].Kind == article.Punct && !d.quotedCloseAt(end-1) {
		end--
	}
	if end <= k || d.a.Tokens[k].Kind != article.Word || d.w.TimeWords[d.lower[k]] {
		return noSpeaker
	}
	for j := k; j < end; j++ {
		if e := d.covered[j]; e > 0 && d.a.Entities[e-1].Type != article.LOC {
			if m, ok := d.mentionAt[j]; ok {
				s := d.nameSpeaker(m, j)
				s.xfrom, s.xto = k, end
				return s
			}
		}
	}
	s := speaker{from: k, to: end, kind: unnamed, ent: -1, typ: article.ORG}
	// "в компании", "у банку", "в надзорном ведомстве": an
	// organisation's role in another case refers to the organisation
	// named last, in this paragraph or the two before it, as "the
	// company" does.
	for h := k; h < end && h < k+3; h++ {
		if r, ok := d.roleByStem(d.lower[h]); ok && r.Type == article.ORG {
			if e := d.introducedAs(k, d.lower[h]); e >= 0 {
				s.kind, s.ent, s.role = article.MentionNominal, e, d.lower[h]
				break
			}
			e, at := d.recentAt(k, func(e *article.Entity) bool { return e.Type == article.ORG })
			if e >= 0 && d.paraOf(k)-d.paraOf(at) <= 2 {
				s.kind, s.ent, s.role = article.MentionNominal, e, d.lower[h]
			}
			break
		}
	}
	return s
}

// introducedAs returns the organisation last named, before token i,
// right after a form of the role noun l ("директор компании
// «Сибтеплосеть»" for a later "в компании"), or -1.
func (d *doc) introducedAs(i int, l string) int {
	for k := i - 1; k >= 1; k-- {
		m, ok := d.mentionAt[k]
		if !ok || d.a.Entities[m.ent].Type != article.ORG {
			continue
		}
		p := k - 1
		if d.isQuoteMark(p) && p > 0 {
			p--
		}
		if sameStem(d.lower[p], l) {
			return m.ent
		}
	}
	return -1
}

// sameStem reports whether two inflected forms of a word agree but for
// their last two letters, four or more letters agreeing ("компании" and
// "компания", "банку" and "банка").
func sameStem(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n >= 4 && len(ra)-n <= 2 && len(rb)-n <= 2
}

// roleByStem returns the role that the inflected word l is a form of, in a
// language whose nouns take case endings (settings inflected_names): l
// and a listed form agree once their last one or two letters are cut,
// keeping four letters or more ("компании" and "компания", "банку" and
// "банк", "resorcie" and "resort" do not, so only the listed forms and
// those with a changed ending count).
func (d *doc) roleByStem(l string) (lexicon.Role, bool) {
	if r, ok := d.w.Role(l); ok {
		return r, true
	}
	if !d.w.InflectedNames {
		return lexicon.Role{}, false
	}
	// Of the forms that agree, the shortest (then the first in order),
	// so that the answer does not depend on the map's order.
	one, two := lexicon.Stems(l)
	for _, st := range [2]string{one, two} {
		if st == "" {
			continue
		}
		best, found := "", false
		for form := range d.w.Roles {
			if form == st || strings.HasPrefix(form, st) && utf8.RuneCountInString(form)-utf8.RuneCountInString(st) <= 2 {
				if !found || len(form) < len(best) || len(form) == len(best) && form < best {
					best, found = form, true
				}
			}
		}
		if found {
			return d.w.Roles[best], true
		}
	}
	return lexicon.Role{}, false
}
