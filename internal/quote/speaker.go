package quote

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// Speaker mention kinds, beyond article's name/pronoun/nominal.
const unnamed = "unnamed"

// A speaker is the phrase that names who speaks, and what it refers to.
type speaker struct {
	from, to int    // token range of the mention; from < 0 when there is none
	kind     string // name | pronoun | nominal | unnamed
	ent      int    // entity index, -1 when unresolved
	role     string // head role noun of a nominal
	gender   string
	number   string
	typ      string // PER | ORG, for nominals and pronouns
	weak     bool   // a prepositional object taken as subject for want of another
	// The whole source phrase, when it is longer than the mention that
	// names the speaker: "Jane Doe, a professor at Leiden University,"
	// or "Republican presidential candidate Jane Doe". Attribution
	// corpora (PolNeAR, PARC) mark this phrase as the source; zero when
	// it is the mention itself.
	xfrom, xto int
}

var noSpeaker = speaker{from: -1, ent: -1}

func (s speaker) ok() bool { return s.from >= 0 }

// out renders the speaker for the output.
func (s speaker) out(d *doc) article.Speaker {
	if !s.ok() {
		return article.Speaker{}
	}
	sp := d.span(s.from, s.to)
	name := d.a.Text[sp.Start:sp.End]
	if s.xto > s.xfrom {
		sp = d.span(s.xfrom, s.xto)
	}
	o := article.Speaker{Mention: d.a.Text[sp.Start:sp.End], Start: sp.Start, End: sp.End}
	switch {
	case s.ent >= 0:
		e := d.a.Entities[s.ent]
		o.Entity, o.Name = e.ID, e.Name
		o.Type = e.Type
		if o.Type != article.PER {
			o.Type = article.ORG // places and other names speak as institutions
			if k := d.gluedRoleOwner(s.from, s.to); k > 0 && s.kind == article.MentionName {
				// "La direction de la SNCF" speaks for the SNCF.
				o.Name = d.a.Text[d.a.Tokens[k].Start:d.a.Tokens[s.to-1].End]
			}
		}
	case s.kind == unnamed:
		o.Name, o.Type = name, article.UNNAMED
	default:
		o.Name, o.Type = name, s.typ
		if o.Type == "" {
			o.Type = article.UNNAMED
		}
	}
	return o
}

// gluedRoleOwner returns the first token of the organisation's name in
// a name mention [from, to) that is a role phrase a capital at the start
// of the sentence glued into one name ("La direction de la SNCF": a
// definite article, an organisation's role noun in lower case, a role
// preposition, perhaps an article, then the name), or -1.
func (d *doc) gluedRoleOwner(from, to int) int {
	if to-from < 4 || d.w.Determiners[d.lower[from]] != "def" || isUpperStart(d.text(from+1)) || !d.w.RolePrepositions[d.lower[from+2]] {
		return -1
	}
	if r, ok := d.w.Role(d.lower[from+1]); !ok || r.Type != article.ORG {
		return -1
	}
	k := from + 3
	if d.w.Determiners[d.lower[k]] == "def" && k+1 < to {
		k++
	}
	if !isUpperStart(d.text(k)) {
		return -1
	}
	return k
}

// npAt parses a noun phrase that can name a speaker, starting at token i:
// a name, a pronoun, or a role noun with its determiner, adjectives and a
// short prepositional tail ("de topdiplomaat van Washington", "a senior
// official from one Asian delegation", "two diplomats familiar with the
// talks"). A name right after a role noun wins ("de minister Jan Smit").
func (d *doc) npAt(i, limit int) speaker {
	toks := d.a.Tokens
	if i >= limit || i >= len(toks) || d.inQ[i] != 0 || toks[i].Kind == article.Punct {
		return noSpeaker
	}
	if m, ok := d.mentionAt[i]; ok {
		return d.withRoleName(d.nameSpeaker(m, i), limit)
	}
	l := d.lower[i]
	// "Mr. Clarke", "Sen. Sanders": an abbreviated title before a name.
	if i+2 < limit && d.lower[i+1] == "." {
		if _, ok := d.w.Titles[l+"."]; ok {
			if m, ok := d.mentionAt[i+2]; ok {
				s := d.nameSpeaker(m, i+2)
				s.from = i
				return s
			}
		}
	}
	if p, ok := d.w.Pronouns[l]; ok {
		s := speaker{from: i, to: i + 1, kind: article.MentionPronoun, ent: -1, gender: p.Gender, number: p.Number}
		s.typ = article.PER
		if p.Gender == "n" {
			s.typ = article.ORG
		}
		return s
	}
	if _, ok := d.w.ObjectPronouns[l]; ok && d.w.Determiners[l] == "" {
		p := d.w.ObjectPronouns[l]
		return speaker{from: i, to: i + 1, kind: article.MentionPronoun, ent: -1, gender: p.Gender, number: p.Number, typ: article.PER}
	}
	det := d.w.Determiners[l]
	start := i
	k := i
	if det != "" || toks[i].Kind == article.Number {
		k++
	}
	// Adjectives and modifiers up to the head role noun.
	bound := i + 6
	afterName := false
	for ; k < limit && k < bound; k++ {
		if toks[k].Kind == article.Punct && d.lower[k] != "-" || d.inQ[k] != 0 {
			if afterName && d.possessiveMark(k) {
				continue // "the Chamber ’s chief strategist"
			}
			return noSpeaker
		}
		lk := d.lower[k]
		r, ok := d.w.Role(lk)
		if !ok && afterName {
			// "the Customs and Border Protection commissioner": after a
			// name, a title word heads the phrase as a role noun does.
			if g, t := d.w.Titles[lk]; t {
				r, ok = lexicon.Role{Gender: g, Type: article.PER}, true
			}
		}
		if !ok {
			// "oud-medewerker", "ex-minister": the head after a prefix.
			if h := strings.LastIndex(lk, "-"); h > 0 {
				r, ok = d.w.Roles[lk[h+1:]]
			}
		}

		if ok {
			// "chief executive", "council leader": the last role noun
			// of a compound is its head.
			for k+1 < limit && d.inQ[k+1] == 0 {
				r2, ok2 := d.w.Roles[d.lower[k+1]]
				if !ok2 {
					break
				}
				k++
				lk, r = d.lower[k], r2
			}
			s := speaker{from: start, to: k + 1, ent: -1, role: lk, gender: r.Gender, typ: r.Type}
			switch det {
			case "def", "dem", "poss":
				s.kind = article.MentionNominal
			case "":
				// A bare role: a title before a name, or an unnamed
				// plural ("Industry experts", "Diplomats").
				m, named := d.mentionAt[k+1]
				if named && (r.Type != article.PER || d.a.Entities[m.ent].Type == article.PER) {
					return d.nameSpeaker(m, k+1)
				}
				// "Мэр города Ольга Белова", "Capitán del equipo Juan
				// Pérez", "председатель Банка России Елена Громова": a
				// person named after the role's complement. A name that
				// opens with a given name wins over an earlier one in the
				// complement ("Министр энергетики и ЖКХ Свердловской
				// области Николай Смирнов").
				first := -1
				for j := k + 2; j < limit && j <= k+maxRoleComplement; j++ {
					// The marks around a name in the complement do not
					// end it: "директор компании «Сибтеплосеть» Андрей
					// Волков", "тренер «Зенита» Сергей Семак".
					p := j - 1
					shortQuote := d.isQuoteMark(p) && !d.longQuoteAt(p)
					if !shortQuote && (d.a.Tokens[p].Kind == article.Punct || d.inQ[p] != 0 && d.longQuoteAt(p) || len(d.w.Verb(d.lower[p])) > 0) {
						break
					}
					m, ok := d.mentionAt[j]
					if !ok || d.a.Entities[m.ent].Type != article.PER {
						continue
					}
					if _, given := d.w.FirstNames[d.text(j)]; given {
						return d.nameSpeaker(m, j)
					}
					if first < 0 && j <= k+4 {
						first = j
					}
				}
				if first >= 0 {
					return d.nameSpeaker(d.mentionAt[first], first)
				}
				if named {
					return d.nameSpeaker(m, k+1)
				}
				s.kind = unnamed
				// A bare role that a person named earlier holds refers to
				// them, as it does in languages without articles ("–
				// dodała wiceminister" after "Wiceminister … Anna
				// Zielińska").
				if r.Type == article.PER && d.roleHeldBefore(lk, start) || d.bareRoleRefers(r.Type, start, k, limit) {
					s.kind = article.MentionNominal
				}
			default:
				s.kind = unnamed
			}
			// "de minister Jan Smit": an apposed name.
			if m, ok := d.mentionAt[k+1]; ok && d.a.Entities[m.ent].Type == article.PER {
				return d.nameSpeaker(m, k+1)
			}
			s.to = d.npTail(k+1, limit)
			// "sa présidente, Hélène Carrasco": a person named in an
			// apposition right after the role phrase. The whole phrase
			// is the source ("the White House press secretary, Josh
			// Earnest,").
			if s.to+1 < limit && d.lower[s.to] == "," {
				if m, ok := d.mentionAt[s.to+1]; ok && d.a.Entities[m.ent].Type == article.PER {
					p := d.nameSpeaker(m, s.to+1)
					p.xfrom, p.xto = s.from, p.to
					return p
				}
			}
			// "De minister van Buitenlandse Zaken Antony Blinken": a
			// person named at the end of a title's portfolio is the
			// referent (but not "a spokesman for Prime Minister Smith").
			if _, title := d.w.Titles[lk]; title && s.kind == article.MentionNominal {
				if m, ok := d.mentionAt[s.to]; ok && d.a.Entities[m.ent].Type == article.PER {
					return d.nameSpeaker(m, s.to)
				}
				if e := d.covered[s.to-1]; e > 0 && d.a.Entities[e-1].Type == article.PER {
					from := s.to - 1
					for from > k && d.covered[from-1] == e {
						from--
					}
					if _, t := d.w.Titles[d.lower[from-1]]; !t {
						if m, ok := d.mentionAt[from]; ok {
							return d.nameSpeaker(m, from)
						}
					}
				}
			}
			// A name inside the tail that is the phrase's referent:
			// "het Chinese ministerie van Buitenlandse Zaken".
			if s.typ == article.ORG {
				for j := s.from; j < s.to; j++ {
					if e := d.covered[j]; e > 0 && d.a.Entities[e-1].Type == article.ORG {
						s.ent = e - 1
						break
					}
				}
			}
			return s
		}
		if m, ok := d.mentionAt[k]; ok {
			// "het Chinese ministerie…" where the mention starts later,
			// or a determiner before a name: "the WTO".
			if k == start+1 && det != "" || k > start {
				// A name that modifies a role noun after it is not the
				// referent: "the United States Customs and Border
				// Protection commissioner", "a Texas real estate
				// developer", "the Chamber’s chief political strategist"
				// name a person, "the Sanders campaign" an organisation.
				if r := d.roleAfter(m.end, limit); det != "" && r > 0 {
					k, bound, afterName = r-1, r+1, true
					continue
				}
				return d.withRoleName(d.nameSpeaker(m, k), limit)
			}
		}
		if !d.modifier(k) {
			return noSpeaker
		}
	}
	return noSpeaker
}

// maxRoleComplement bounds the words between a bare role noun and the
// name of the person who holds it ("Министр энергетики и ЖКХ
// Свердловской области Николай Смирнов").
const maxRoleComplement = 7

// roleAfter returns where a role noun (or a title used as one) follows
// token k (-1 when none does), perhaps after a genitive mark and a few
// modifiers, with no name between: "[Customs and Border Protection]
// commissioner", "[Texas] real estate developer", "[Chamber]’s chief
// strategist", "[Clinton] campaign". Not "[the WTO] said".
func (d *doc) roleAfter(k, limit int) int {
	for n := 0; k < limit && n < 8; k, n = k+1, n+1 {
		if d.inQ[k] != 0 {
			return -1
		}
		l := d.lower[k]
		if d.possessiveMark(k) || d.covered[k] != 0 {
			continue
		}
		if _, ok := d.w.Role(l); ok {
			return k
		}
		if _, ok := d.w.Titles[l]; ok {
			return k
		}
		// More of a name the recogniser split: "Customs and Border".
		if isUpperStart(d.text(k)) && d.a.Tokens[k].Kind == article.Word ||
			d.w.Stopwords[l] && !d.w.Prepositions[l] && d.w.Determiners[l] == "" && k+1 < limit && isUpperStart(d.text(k+1)) {
			continue
		}
		if d.a.Tokens[k].Kind != article.Word || !d.modifier(k) {
			return -1
		}
	}
	return -1
}

// possessiveMark reports whether token k is a genitive ending split off
// its noun: "’s", "'s".
func (d *doc) possessiveMark(k int) bool {
	l := d.lower[k]
	return l == "’s" || l == "'s" || l == "’" || l == "'"
}

// withRoleName prefers a person named after an organisation and a role
// noun: "MSNBC host Chris Matthews", "Clinton campaign manager Robby Mook".
func (d *doc) withRoleName(s speaker, limit int) speaker {
	k := s.to
	roles := 0
	for ; k < limit && k < s.to+4 && d.covered[k] == 0 && d.inQ[k] == 0; k++ {
		if _, ok := d.w.Roles[d.lower[k]]; ok {
			roles++
			continue
		}
		// "Indiana Gov. Mike Pence": an abbreviated title.
		if d.lower[k] == "." && k > s.to && d.titleAbbrev(k-1) {
			roles++
			continue
		}
		// "Senate Majority Leader Mitch McConnell": a capitalised
		// word of the title.
		if isUpperStart(d.text(k)) && !d.w.Stopwords[d.lower[k]] && d.a.Tokens[k].Kind == article.Word {
			continue
		}
		break
	}
	if roles == 0 {
		return s
	}
	if m, ok := d.mentionAt[k]; ok && d.a.Entities[m.ent].Type == article.PER {
		p := d.nameSpeaker(m, k)
		p.from = s.from
		return p
	}
	return s
}

// titleAbbrev reports whether token k is a title abbreviated with a
// full stop after it: "Gov" in "Gov. Mike Pence".
func (d *doc) titleAbbrev(k int) bool {
	_, ok := d.w.Titles[d.lower[k]+"."]
	return ok
}

// nameSpeaker makes a speaker of the name mention m at token i.
func (d *doc) nameSpeaker(m mref, i int) speaker {
	e := d.a.Entities[m.ent]
	s := speaker{from: i, to: m.end, kind: article.MentionName, ent: m.ent, gender: e.Gender, typ: e.Type}
	return s
}

// modifier reports whether token k can stand between a determiner and a
// role noun: an adjective, a noun used as one, a demonym, a number.
func (d *doc) modifier(k int) bool {
	if d.a.Tokens[k].Kind == article.Number {
		return true
	}
	l := d.lower[k]
	if d.w.Stopwords[l] || d.w.Prepositions[l] || d.w.Complementizers[l] || len(d.w.Verb(l)) > 0 || d.w.TimeWords[l] {
		return false
	}
	if _, ok := d.w.Pronouns[l]; ok {
		return false
	}
	return true
}

// npTail extends a role phrase over a short prepositional or adjectival
// tail ("van de GGD in die provincie", "for the U.S. Attorney's Office
// in Chicago", "familiar with the talks") and returns the token after it.
func (d *doc) npTail(k, limit int) int {
	end := k
	for j := k; j < limit && j < k+12; {
		l := d.lower[j]
		if !(d.w.RolePrepositions[l] || l == "familiar" || l == "close") || len(d.w.Verb(l)) > 0 {
			return end
		}
		j++
		if (l == "familiar" || l == "close") && j < limit && d.w.Prepositions[d.lower[j]] {
			j++
		}
		got := false
		for ; j < limit; j++ {
			if d.inQ[j] != 0 {
				return end
			}
			lj := d.lower[j]
			if d.a.Tokens[j].Kind == article.Punct {
				// "U.S. Attorney's Office": a full stop after an abbreviation.
				if lj == "." && j > 0 && strings.Contains(d.text(j-1), ".") && j+1 < limit && isUpperStart(d.text(j+1)) {
					continue
				}
				if lj == "-" || lj == "'" || lj == "’" {
					continue
				}
				return end
			}
			if len(d.w.Verb(lj)) > 0 || d.w.Complementizers[lj] || d.w.TimeWords[lj] || d.w.Prepositions[lj] && !d.w.RolePrepositions[lj] {
				return end
			}
			if _, ok := d.w.Pronouns[lj]; ok {
				return end
			}
			if d.w.RolePrepositions[lj] {
				break // a further tail
			}
			if d.w.Stopwords[lj] && d.w.Determiners[lj] == "" {
				return end
			}
			if e := d.covered[j]; e > 0 {
				// A name ends the tail, unless another tail follows.
				for j+1 < limit && d.covered[j+1] == e {
					j++
				}
				end, got = j+1, true
				if j+1 < limit && d.w.RolePrepositions[d.lower[j+1]] {
					continue
				}
				// "one Asian delegation": a role noun after a name.
				if j+1 < limit {
					if _, ok := d.w.Roles[d.lower[j+1]]; ok && !isUpperStart(d.text(j+1)) {
						j++
						end = j + 1
					}
				}
				return end
			}
			if d.w.Determiners[lj] == "" {
				end, got = j+1, true
			}
		}
		if !got {
			return end
		}
	}
	return end
}

// possessive reports whether token i is a genitive that cannot be a
// subject ("Xi’s bezoek").
func (d *doc) possessive(from, to int) bool {
	if to <= from || to <= 0 {
		return false
	}
	s := d.text(to - 1)
	return strings.HasSuffix(s, "’s") || strings.HasSuffix(s, "'s")
}

// afterPreposition reports whether the phrase at token i is the object of
// a preposition, possibly through a determiner.
func (d *doc) afterPreposition(i int) bool {
	if i == 0 {
		return false
	}
	p := i - 1
	if p > 0 && d.w.Determiners[d.lower[p]] != "" {
		p--
	}
	return d.w.Prepositions[d.lower[p]] && d.a.Tokens[p].Sentence == d.a.Tokens[i].Sentence
}

// namedInPP reports whether the name at token i closes a prepositional
// phrase whose determiner and one or two common words come before it:
// the name of a platform, place or work, not a subject: de "Auf der
// Plattform X schrieb die Ministerin", es "en la red social X", nl "op
// het platform X".
func (d *doc) namedInPP(i int) bool {
	for n := 1; n <= 2; n++ {
		p := i - n // the common words are p … i-1
		if p < 2 {
			return false
		}
		w := p // the word this round adds
		if d.covered[w] != 0 || d.inQ[w] != 0 || d.a.Tokens[w].Kind != article.Word || d.isCue(w) {
			return false
		}
		if _, ok := d.w.Roles[d.lower[w]]; ok {
			return false // "in the city Mayor Jones": a title, not a noun of the phrase
		}
		if _, ok := d.w.Titles[d.lower[w]]; ok {
			return false
		}
		det := p - 1
		if d.w.Determiners[d.lower[det]] != "" && d.w.Prepositions[d.lower[det-1]] && d.a.Tokens[det-1].Sentence == d.a.Tokens[i].Sentence {
			return true
		}
	}
	return false
}

// subjectOf finds who speaks through cue c: the subject of the verb before
// it (SVO, or the first phrase of a V2 clause), or after it (inverted
// "zei de minister", "said the ambassador"). A subject after the verb
// must end by limit: the reported clause that starts there is what was
// said, so "Sixty percent said they…" is not spoken by "they".
func (d *doc) subjectOf(c cue, limit int) speaker {
	if c.owner.ok() {
		return c.owner // "his claim that …"
	}
	s0, s1 := d.sentOf(c.tok)
	if rel := d.relativeSubject(c, s0); rel.ok() {
		return rel
	}
	// The clause before the verb starts after the last quotation or
	// colon.
	cs := s0
	for k := c.tok - 1; k >= s0; k-- {
		if d.inQ[k] != 0 || d.lower[k] == ":" || d.lower[k] == ";" {
			cs = k + 1
			break
		}
	}
	before := d.subjectBefore(cs, c.tok)
	if d.participle(c.tok) && c.tok > cs && d.lower[c.tok-1] == "," || d.coordinatedVerb(cs, c.tok) {
		// "House Democrats, looking for a way out, seized the floor and
		// said", "Weber is no fan of Trump but lauded", "Some
		// candidates have called for ground forces in Syria, saying":
		// the words before the verb are a predicate; its subject
		// opens the clause.
		// A pronoun or a person's name found nearer the verb is the
		// subject of a clause of its own ("…, and as he drew contrasts,
		// said"): it stays.
		person := before.ok() && (before.kind == article.MentionPronoun || before.kind == article.MentionName && d.a.Entities[before.ent].Type == article.PER)
		if s := d.clauseSubject(cs, c.tok); s.ok() && !person {
			before = s
		}
	}
	if !before.ok() && cs > s0 && d.inQ[cs-1] != 0 && !d.longQuoteAt(cs-1) {
		// A short quoted nickname ("known to regulars as “Big Dave”,
		// said") does not end the clause.
		k := cs - 1
		for k > s0 && (d.inQ[k-1] != 0 || !d.longQuoteAt(k-1) && d.lower[k-1] != ":" && d.lower[k-1] != ";") {
			k--
		}
		before = d.subjectBefore(k, c.tok)
	}
	if before.ok() {
		before = d.sourceBefore(d.roleApposedBefore(before, cs), cs, c.tok)
	}
	after := d.subjectAfter(c.tok+1, min(s1, limit))
	if d.participle(c.tok) && before.ok() {
		// A participle is never inverted: the phrase after it is its
		// object ("…, calling him a disgrace", "…, telling Fox News
		// that …"); its subject stands before it.
		after = noSpeaker
	}
	if after.ok() && after.kind == article.MentionNominal {
		// "afirmou o secretário municipal de Saúde, Danilo Borges
		// Amaral": the role introduces the name after it.
		if n := d.namedRole(after, min(s1, limit)); n.kind == article.MentionName {
			n.xfrom = min(n.xfrom, after.from)
			after = n
		}
	}
	if after.ok() {
		after = d.sourceAfter(after, min(s1, limit))
	}
	if c.verb.Passive {
		// "Aus Regierungskreisen hieß es": the source stands before an
		// impersonal verb; the pronoun after it is no one. A source that
		// is no name is the phrase after a source preposition.
		if !before.ok() {
			return d.impersonalSource(c)
		}
		return before
	}
	if c.verb.Cite {
		// "citeerde het ministerie Xi": the quoted person is the object.
		if before.ok() && after.ok() {
			return after
		}
		if after.ok() {
			if second := d.subjectAfter(after.to, s1); second.ok() {
				return second
			}
		}
		return after
	}
	switch {
	case !before.ok() && !after.ok():
		// "У Національній службі здоров'я України (НСЗУ) заявили, що
		// …": an impersonal plural whose source is a place phrase.
		return d.impersonalSource(c)
	case !before.ok():
		return after
	case !after.ok():
		return before
	case before.weak:
		return after // "Op Instagram schreef de spits"
	case d.frontedPP(cs, before.from, c.tok):
		return after // "Am Ende des Gesprächs mahnt die Forscherin"
	}
	// Both: a verb right after a quotation (and its comma) or at the
	// start of the clause is inverted ("“…”, zei hij"); "“…,” Smith told
	// Reuters" is not.
	if c.tok == cs || c.tok-cs == 1 && d.a.Tokens[cs].Kind == article.Punct {
		return after
	}
	if after.from == c.tok+1 && after.kind == article.MentionPronoun && d.subjectPronoun(after.from) && !d.clauseGoesOn(after.to) {
		return after // "“…”, zei hij"; not "“…,” he told them"
	}
	return before
}

// frontedPP reports whether, in a verb-second language, the clause
// [cs, verb) opens with a preposition before the phrase at from: the
// prepositional phrase is then the one constituent before the verb
// ("Am Ende des Gesprächs mahnt die Forscherin"), the phrase inside it
// no subject, and the subject follows the verb.
func (d *doc) frontedPP(cs, from, verb int) bool {
	if !d.w.VerbSecond || from <= cs || !d.w.Prepositions[d.lower[cs]] {
		return false
	}
	for k := cs; k < verb; k++ {
		if d.a.Tokens[k].Kind == article.Punct || d.inQ[k] != 0 {
			return false
		}
	}
	return true
}

// roleApposedBefore widens the source phrase of a person's name over a
// role phrase that it is apposed to, before its comma: "The author of
// the book, Mitchell Zuckoff, said", "the previous Republican
// presidential nominee, Mitt Romney, called". Attribution corpora mark
// the whole phrase as the source.
func (d *doc) roleApposedBefore(s speaker, from int) speaker {
	if s.kind != article.MentionName || s.ent < 0 || d.a.Entities[s.ent].Type != article.PER || s.from < from+2 || d.lower[s.from-1] != "," {
		return s
	}
	j := s.from - 1
	for j > from && !d.isPunct(j-1, ",;:—–()") && d.inQ[j-1] == 0 {
		j--
	}
	np := d.npAt(j, s.from-1)
	if (!np.ok() || np.to != s.from-1 || np.kind != article.MentionNominal && np.kind != unnamed) && !d.nounSegment(j, s.from-1) && !d.possessedRole(j, s.from-1) {
		return s
	}
	s.xfrom, s.xto = j, s.to
	return s
}

// possessedRole reports whether [from, to) is a genitive and a person's
// role noun, perhaps with modifiers between: "Mr. Trump's former
// campaign manager", "Nevada's governor", "Clinton's husband".
func (d *doc) possessedRole(from, to int) bool {
	if to-from < 2 || to-from > maxNearSubject {
		return false
	}
	if r, ok := d.w.Role(d.lower[to-1]); !ok || r.Type != article.PER {
		return false
	}
	gen := false
	for k := from; k < to-1; k++ {
		if d.inQ[k] != 0 || d.isCue(k) || d.a.Tokens[k].Kind == article.Punct && d.lower[k] != "." && !d.possessiveMark(k) {
			return false
		}
		if d.possessiveMark(k) || d.possessive(from, k+1) {
			gen = true
		}
	}
	return gen
}

// clauseGoesOn reports whether the pronoun before token k opens the
// reported clause rather than ending an inverted attribution: an
// auxiliary or a quotation follows it ("Jane Doe proposed we should
// wait", "proposed we “wake up”"; not "zei hij dat", "said he.").
func (d *doc) clauseGoesOn(k int) bool {
	if k >= len(d.a.Tokens) {
		return false
	}
	return d.isAux(k) || d.inQ[k] != 0 && d.a.Tokens[k].Kind == article.Punct
}

// subjectPronoun reports whether token k is a subject pronoun (he, hij),
// not an object form (them, hem).
func (d *doc) subjectPronoun(k int) bool {
	_, ok := d.w.Pronouns[d.lower[k]]
	return ok
}

// roleHeldBefore reports whether a person mentioned before token k holds
// role.
func (d *doc) roleHeldBefore(role string, k int) bool {
	at := d.a.Tokens[k].Start
	for i := range d.a.Entities {
		e := &d.a.Entities[i]
		if e.Type == article.PER && len(e.Mentions) > 0 && e.Mentions[0].Start < at && hasRole(e.Roles, role) {
			return true
		}
	}
	return false
}

// relativeSubject returns the speaker of a cue whose subject is a
// relative pronoun after a comma ("Mary Smith, who said …", "…, die
// sagte, …", perhaps with an auxiliary or adverb between: "who had
// also said"): the noun phrase before the comma, with the pronoun as its
// mention, as attribution corpora mark it.
func (d *doc) relativeSubject(c cue, s0 int) speaker {
	k := d.relativeAhead(c.tok, s0)
	if k <= s0 || !d.w.Relatives[d.lower[k]] || d.inQ[k] != 0 {
		return noSpeaker
	}
	// "the delegates who have already said": a restrictive clause
	// needs no comma.
	end := k
	if d.lower[k-1] == "," {
		end = k - 1
	}
	ante := d.lastNP(s0, end)
	if !ante.ok() || ante.to != end {
		ante = d.relativeAntecedent(s0, end)
	}
	if !ante.ok() || ante.to != end || ante.kind == article.MentionPronoun {
		return noSpeaker
	}
	if ante.kind != article.MentionName && d.afterPreposition(ante.from) {
		// "one skipper from the north shore, who asked": a common noun
		// phrase after a preposition modifies the one the clause is
		// about; a name there is often the antecedent ("heard from Tom
		// Evans, who said").
		return noSpeaker
	}
	ante.xfrom, ante.xto = k, k+1
	return ante
}

// relativeAntecedent finds the phrase that ends at token end, before a
// relative pronoun, when no noun phrase the lexicon knows does: a name
// that a longer phrase ends with ("Former Obama operatives" is not one,
// "an aide to Jane Doe" is), or the words after the last clause
// boundary that look like a group of people ("other golf club owners
// who foresee", "African-Americans who see").
func (d *doc) relativeAntecedent(s0, end int) speaker {
	if end <= s0 {
		return noSpeaker
	}
	if e := d.covered[end-1]; e > 0 && d.inQ[end-1] == 0 {
		k := end - 1
		for k > s0 && d.covered[k-1] == e {
			k--
		}
		if m, ok := d.mentionAt[k]; ok && m.end == end && !d.afterPreposition(k) && !d.possessive(k, end) {
			return d.nameSpeaker(m, k)
		}
		return noSpeaker
	}
	// The longest phrase of words before end, up to a clause boundary,
	// a preposition or a determiner that opens it.
	best := noSpeaker
	for j := end - 1; j >= s0 && j >= end-maxLooseClauseSubject; j-- {
		if d.clauseOpener(j) || d.a.Tokens[j].Kind == article.Punct || d.inQ[j] != 0 || d.w.Prepositions[d.lower[j]] {
			break
		}
		l := d.looseSubject(j, end, maxLooseClauseSubject)
		if !l.ok() || l.to != end {
			break
		}
		if d.groupLike(l.from, l.to) {
			best = l
		}
		if d.w.Determiners[d.lower[j]] != "" {
			break
		}
	}
	return best
}

// relativeAhead returns the token before the auxiliaries and adverbs
// in front of verb (see skipAdverbs), which may be a relative pronoun
// that is its subject; over an adverbial between them, too: a
// prepositional phrase ("who has in the past described") or a phrase set
// off by commas ("who, on a press call Friday, criticized").
func (d *doc) relativeAhead(verb, s0 int) int {
	k := d.skipAdverbs(s0, verb, maxBeforeVerb) - 1
	if k <= s0 || d.w.Relatives[d.lower[k]] || d.inQ[k] != 0 {
		return k
	}
	rel := func(j int) bool {
		r := d.skipAdverbs(s0, j, maxBeforeVerb) - 1
		return r > s0 && d.w.Relatives[d.lower[r]] && d.inQ[r] == 0
	}
	if d.lower[k] == "," {
		// "who, on a press call Friday, criticized"
		for j := k - 1; j > s0 && j >= k-maxRelAdverbial; j-- {
			if d.inQ[j] != 0 || d.isCue(j) || d.w.Relatives[d.lower[j]] {
				return k
			}
			if d.lower[j] == "," {
				if rel(j) {
					return d.skipAdverbs(s0, j, maxBeforeVerb) - 1
				}
				return k
			}
		}
		return k
	}
	// "who has in the past described": a preposition, perhaps a
	// determiner and a few words.
	for j := k; j > s0 && j > k-maxRelAdverbial/2; j-- {
		l := d.lower[j]
		if d.inQ[j] != 0 || d.a.Tokens[j].Kind == article.Punct || d.isCue(j) || d.w.Relatives[l] || d.w.Complementizers[l] {
			return k
		}
		if d.w.Prepositions[l] && rel(j) {
			return d.skipAdverbs(s0, j, maxBeforeVerb) - 1
		}
	}
	return k
}

// maxRelAdverbial bounds the words of an adverbial between a relative
// pronoun and its verb.
const maxRelAdverbial = 8

// maxBeforeVerb bounds the auxiliaries and adverbs between a subject and
// its verb ("who has repeatedly pledged", "who on Tuesday endorsed").
const maxBeforeVerb = 4

// skipAdverbs returns where the words before token verb that sit
// between a subject and its verb start: auxiliaries, negations,
// adverbs ("also", "-ly" words) and time words, at most max of them,
// not before from.
func (d *doc) skipAdverbs(from, verb, max int) int {
	k := verb
	for n := 0; n < max && k > from && d.inQ[k-1] == 0 && d.betweenSubjectAndVerb(k-1); n++ {
		k--
		// "who on Tuesday endorsed": a preposition before a time word.
		if d.w.TimeWords[d.lower[k]] && k-1 > from && d.w.Prepositions[d.lower[k-1]] {
			k--
		}
	}
	return k
}

// betweenSubjectAndVerb reports whether token k can stand between a
// subject and its verb.
func (d *doc) betweenSubjectAndVerb(k int) bool {
	l := d.lower[k]
	if d.isAux(k) || d.w.Negations[l] || d.w.TimeWords[l] {
		return true
	}
	if d.w.Relatives[l] || d.w.Complementizers[l] || d.w.Prepositions[l] || d.w.Determiners[l] != "" {
		return false
	}
	if _, ok := d.w.Pronouns[l]; ok {
		return false
	}
	return d.w.Stopwords[l] || d.a.Tokens[k].Kind == article.Word && len(l) > 4 && strings.HasSuffix(l, "ly") && !isUpperStart(d.text(k))
}

// sourceBefore widens a subject found in [from, verb) to the whole
// source phrase: the modifiers before it in its segment ("Republican
// presidential candidate Jane Doe") and everything up to the verb that
// describes it ("Jane Doe, a professor at Leiden University,", "Jane Doe
// of Leiden"), but not an auxiliary or adverb next to the verb.
func (d *doc) sourceBefore(s speaker, from, verb int) speaker {
	if s.kind == article.MentionPronoun {
		return s
	}
	x := s.from
	if s.xto > s.xfrom && s.xfrom < x {
		x = s.xfrom // "the press secretary, Josh Earnest"
	}
	for x > from && d.premodifier(x-1) {
		x--
	}
	end := verb
	comma := false
	for end > s.to && (d.isAux(end-1) && !comma || d.w.Stopwords[d.lower[end-1]] && d.w.Determiners[d.lower[end-1]] == "" && !(comma && d.isAux(end-1)) || d.a.Tokens[end-1].Kind == article.Punct) {
		if d.lower[end-1] == ")" && slices.Contains(d.lower[s.to:end-1], "(") {
			break // "Sen. Marco Rubio (R-Fla.)" keeps its parenthesis
		}
		// An auxiliary before the comma ends the insertion, not the
		// verb's: "Der Bürgermeister, den Sommer kritisiert hatte, sagte".
		comma = comma || d.lower[end-1] == ","
		end--
	}
	if d.breaksSource(s.to, end) < end {
		end = s.to
	}
	if d.participle(verb) && verb > 0 && d.lower[verb-1] == "," || d.coordinatedVerb(s.to, verb) {
		end = d.participleSource(s, end)
	}
	if x < s.from || end > s.to {
		s.xfrom, s.xto = x, max(end, s.to)
	}
	return s
}

// clauseSubject returns the subject that opens the clause [from, verb):
// the first phrase that can be a subject in the first segment that has
// one, passing over adverbials ("On Sunday, Pastor Jane Doe stood …")
// but not a subordinate clause ("When Smith won, …" has no subject of
// the main clause).
func (d *doc) clauseSubject(from, verb int) speaker {
	dash := func(k int) bool { return d.isPunct(k, "—–―") || d.lower[k] == "--" }
	for seg := from; seg < verb; {
		end := seg
		for end < verb && !d.isPunct(end, ",;:") && !dash(end) {
			end++
		}
		if end > seg && d.clauseOpener(seg) {
			return noSpeaker
		}
		// "WASHINGTON, Dec. 8 (UPI) —", "New York (AFP) –": a dateline
		// before a dash.
		if k := d.dateline(from, verb, dash); seg == from && k > 0 {
			seg = k + 1
			continue
		}
		// "At an event in Ames, Iowa, on Sunday, Mrs. Clinton": a place
		// that goes on.
		if d.placeContinuation(from, seg, min(end+1, verb)) {
			seg = end + 1
			continue
		}
		if s, _ := d.firstSubject(seg, end, false); s.ok() {
			return s
		}
		seg = end + 1
	}
	return noSpeaker
}

// dateline returns the dash that ends a dateline at the clause start
// from, or -1 when there is none: capitalised words, numbers and
// punctuation only before it ("WASHINGTON, Dec. 8 (UPI) —").
func (d *doc) dateline(from, verb int, dash func(int) bool) int {
	k := from
	for k < verb && k < from+maxDateline && !dash(k) {
		t := d.a.Tokens[k]
		if t.Kind == article.Word && !isUpperStart(d.text(k)) || d.inQ[k] != 0 {
			return -1
		}
		k++
	}
	if k >= verb || !dash(k) || k == from {
		return -1
	}
	return k
}

// maxDateline bounds the tokens of a dateline.
const maxDateline = 10

// coordinatedVerb reports whether the verb at token verb is the second
// of two coordinated predicates of the subject that ends at token from
// ("Mr. Trump was forced into damage control and said …"): a
// conjunction stands before it, perhaps with auxiliaries and adverbs
// between, and words stand between the subject and the conjunction.
func (d *doc) coordinatedVerb(from, verb int) bool {
	opener := func(k int) bool {
		l := d.lower[k]
		return d.clauseOpener(k) && !d.w.Relatives[l] && !d.w.Complementizers[l]
	}
	k := verb - 1
	for n := 0; n < maxBeforeVerb && k > from && !opener(k) && d.inQ[k] == 0 && d.betweenSubjectAndVerb(k); n++ {
		k--
	}
	if k <= from+1 || d.inQ[k] != 0 || !opener(k) {
		return false
	}
	// A content word ends the first predicate: "damage control and".
	p := k - 1
	return d.a.Tokens[p].Kind != article.Punct && !d.w.Stopwords[d.lower[p]] && d.inQ[p] == 0
}

// participleSource bounds the source phrase of a participle cue, whose
// subject is that of the clause before it, to the subject and what
// describes it ("Jane Doe, who chairs the committee, saying", "Jane
// Doe, a lawyer, lashed out …, saying"), leaving out the predicate
// ("The campaign pushed back against the attack, calling it …", "She
// has gone further on Syria by proposing …": the sources are "The
// campaign" and "She"). end is where the words before the cue end.
func (d *doc) participleSource(s speaker, end int) int {
	k := d.subjectEnd(s, end)
	for k < end && d.isPunct(k, ",—–(") {
		// Each segment set off after the subject must describe it
		// (a relative clause, a participle phrase, a role phrase or a
		// parenthesis); an adverbial one ("Jane Doe, in an interview,
		// said …") belongs to the predicate.
		j := k + 1
		for j < end && !d.isPunct(j, ",—–()") {
			j++
		}
		if d.lower[k] == "(" {
			if j < end && d.lower[j] == ")" {
				k = j + 1
				continue
			}
			return k
		}
		if j == k+1 || !(d.description(k+1, j) || d.apposition(k+1, j)) {
			return k
		}
		k = j
	}
	if k >= end {
		return end
	}
	return k
}

// nounSegment reports whether [from, to) is a noun phrase in apposition
// that the lexicon does not know the head of: it opens with an article
// and no time word or clause word follows it ("Davis, a longtime
// liberal, …"; not "Davis, the next day, …", nor "a country that the
// nominee, Mitt Romney, called").
func (d *doc) nounSegment(from, to int) bool {
	if to-from < 2 || d.w.Determiners[d.lower[from]] == "" || d.inQ[from] != 0 {
		return false
	}
	for k := from + 1; k < to; k++ {
		if d.w.TimeWords[d.lower[k]] || d.inQ[k] != 0 || d.isCue(k) || d.w.Complementizers[d.lower[k]] || d.w.Relatives[d.lower[k]] {
			return false
		}
	}
	return true
}

// subjectEnd returns where the noun phrase of subject s ends before
// end: after a prepositional tail ("Rep. Jane Doe of Ohio"), a
// coordinated phrase ("Jane Doe and her allies") or a noun that a name
// modifies ("the Doe campaign").
func (d *doc) subjectEnd(s speaker, end int) int {
	k := s.to
	// "the Doe campaign": one lower-case noun after a determiner and
	// a name.
	if s.kind == article.MentionName && s.from > 0 && d.w.Determiners[d.lower[s.from-1]] != "" && k < end &&
		d.a.Tokens[k].Kind == article.Word && !isUpperStart(d.text(k)) && d.modifier(k) && !d.isAux(k) {
		k++
	}
	for k < end {
		l := d.lower[k]
		switch {
		case d.w.RolePrepositions[l]:
			// "Rep. Jane Doe of Ohio": a tail up to the next comma.
			for k < end && !d.isPunct(k, ",—–(") {
				k++
			}
		case d.w.Stopwords[l] && !d.w.Prepositions[l] && d.w.Determiners[l] == "" && !d.isAux(k) && k+1 < end:
			// "Jane Doe and her allies": a coordinated phrase.
			np := d.npAt(k+1, end)
			if !np.ok() || np.kind == article.MentionPronoun && !d.subjectPronoun(np.from) {
				return k
			}
			k = max(np.to, d.npTail(np.to, end))
		default:
			return k
		}
	}
	return k
}

// sourceAfter widens a subject after an inverted verb over what
// describes it, up to limit: "said Jane Doe, who chairs the committee",
// "said Jane Doe of Leiden University".
func (d *doc) sourceAfter(s speaker, limit int) speaker {
	if s.kind == article.MentionPronoun || s.to >= limit {
		return s
	}
	end := d.trimEnd(s.to, limit)
	end = d.trimEnd(s.to, d.breaksSource(s.to, end))
	if end-s.to > maxSourceAfter {
		return s
	}
	if end > s.to {
		from := s.from
		if s.xto > s.xfrom {
			from = min(from, s.xfrom) // "the press secretary, Josh Earnest"
		}
		s.xfrom, s.xto = from, end
	}
	return s
}

// breaksSource returns the first token in [from, to) that cannot be
// part of a source phrase that describes a speaker, or to: a long
// quotation, a semicolon or colon, a complementizer or a cue verb, which
// open what is said. Inside a relative clause set off by a comma they
// describe the speaker too ("said Weld, who added that the emails gave
// him pause", "Mrs. Clinton, who did not say that he was unqualified,
// said"), and a short quoted title is part of a description ("Hemsley,
// the co-author of “Going Viral,” said").
func (d *doc) breaksSource(from, to int) int {
	rel, comma := false, false
	for k := from; k < to; k++ {
		l := d.lower[k]
		if l == ";" || l == ":" {
			return k
		}
		if d.inQ[k] != 0 {
			if d.longQuoteAt(k) {
				return k
			}
			continue
		}
		if l == "," {
			comma = true
			// "erzählt die Bäuerin, während sie …", "said Smith, when
			// …": a relative of time or place opens an adverbial of the
			// verb, no description of the speaker.
			if k+1 < to && d.w.RelativeAdverbs[d.lower[k+1]] && !rel {
				return k
			}
		}
		if d.w.Relatives[l] && comma {
			rel = true // "Jane Doe, a Republican who has refused to endorse him,"
		}
		if !rel && (d.w.Complementizers[l] && !d.w.Relatives[l] || d.isCue(k)) {
			return k
		}
	}
	return to
}

// maxSourceAfter bounds the words that describe a speaker after its
// name ("said Jane Doe, who …").
const maxSourceAfter = 45

// premodifier reports whether token k can stand before a name or role
// noun in a source phrase: "House Speaker", "GOP presidential
// candidate", "Clinton’s top aide", "the".
func (d *doc) premodifier(k int) bool {
	if d.inQ[k] != 0 {
		return false
	}
	l := d.lower[k]
	switch d.a.Tokens[k].Kind {
	case article.Punct:
		return l == "-" || l == "." && k > 0 && d.abbrevBefore(k)
	case article.Number:
		return true
	}
	if d.w.Determiners[l] != "" {
		return true
	}
	return !d.w.Stopwords[l] && !d.w.Prepositions[l] && !d.w.TimeWords[l] && !d.isCue(k) && !d.isAux(k)
}

// isCue reports whether token k is a cue verb.
func (d *doc) isCue(k int) bool {
	for _, c := range d.cues {
		if c.tok == k {
			return true
		}
	}
	return false
}

// subjectBefore picks the subject among the phrases in [from, to). The
// clause is cut at commas: the segment right before the verb holds the
// subject ("…, with several delegations saying"), unless it is an
// insertion — a relative clause or participle ("Mele Tupou, who speaks
// for the group, warned") — or empty ("…, Oleksiy Danilov, zei"), and
// then the segments before it are tried, nearest first. Within a
// segment the first phrase that is not a prepositional object or a
// genitive is the subject.
func (d *doc) subjectBefore(from, to int) speaker {
	segEnd := to
	var weak speaker = noSpeaker
	// nextToVerb: only insertions stand between this segment and the
	// verb ("The clerk, who asked not to be named, told"), so the
	// loose readings of a subject apply as they do right before it.
	nextToVerb := true
	for segEnd > from {
		segStart := segEnd - 1
		for segStart > from && !d.isPunct(segStart-1, ",—–") {
			segStart--
		}
		// "Priya Sandhu, an analyst at …, said": a name before a
		// descriptive segment is the subject; a clause word inside the
		// description is part of it ("Jane Doe, a fellow at Brookings
		// and a superdelegate, wrote").
		if s := d.describedName(from, segStart, segEnd); s.ok() {
			return s
		}
		if segEnd == to {
			// "…, which Democrats say": a clause of its own inside the
			// segment next to the verb; a relative clause has one only
			// when its pronoun opens it.
			// A clause opened inside a relative clause has its own
			// subject too: "the woman, who spoke on condition of
			// anonymity because she feared".
			if s := d.nearSubject(segStart, to); s.ok() && (s.from == segStart+1 || !d.insertion(segStart, segEnd) || s.from-1 > segStart && !d.w.Relatives[d.lower[s.from-1]] && d.clauseOpener(s.from-1)) {
				return s
			}
		}
		place := d.placeContinuation(from, segStart, segEnd)
		if place && !weak.ok() {
			// Only for want of a subject before it.
			weak, _ = d.firstSubject(segStart, segEnd, segEnd == to)
		}
		if !d.insertion(segStart, segEnd) && !(segStart > from && d.apposition(segStart, segEnd) && d.phraseEndsAt(from, segStart-1)) && !place {
			s, w := d.firstSubject(segStart, segEnd, segEnd == to)
			if s.ok() {
				return s
			}
			if w.ok() && segEnd == to {
				if d.subordinatedPerson(w) {
					return w // "The enmity only escalated after Curiel ordered"
				}
				if l := d.looseSubject(segStart, segEnd, 10); l.ok() && l.from < w.from {
					return l // "Sixty percent of the farmers said"
				}
				if l := d.looseClauseSubject(segStart, segEnd); l.ok() && l.from < w.from {
					return l // "Voters who listened to his speeches said"
				}
				w.weak = true
				return w // "with several delegations saying"
			}
			if !s.ok() && nextToVerb {
				if l := d.looseNominal(segStart, segEnd); l.ok() {
					return l
				}
				if l := d.looseSubject(segStart, segEnd, 10); l.ok() {
					return l
				}
				if l := d.looseClauseSubject(segStart, segEnd); l.ok() {
					return l
				}
			}
		}
		nextToVerb = nextToVerb && d.insertion(segStart, segEnd)
		segEnd = segStart - 1 // skip the comma
	}
	return weak
}

// placeContinuation reports whether the segment [from, to) is only a
// place name that continues the place before its comma: "of
// Huntsville, Ala., says", "in Newtown, Connecticut, said". It is part
// of an address, not a subject.
func (d *doc) placeContinuation(start, from, to int) bool {
	if from < start+2 || d.inQ[from] != 0 {
		return false
	}
	e := d.covered[from]
	if e == 0 || d.a.Entities[e-1].Type != article.LOC {
		return false
	}
	k := from
	for k < to && d.covered[k] == e {
		k++
	}
	for k < to && d.isPunct(k, ".,") {
		k++ // "Ala.", and the comma before the verb
	}
	if k != to {
		return false
	}
	p := d.covered[from-2]
	if p == 0 || p == e {
		return false
	}
	if d.a.Entities[p-1].Type == article.LOC {
		return true
	}
	// "from Jackson, Miss.": a name after a preposition, which the
	// recogniser may not know as a place.
	k = from - 2
	for k > start && d.covered[k-1] == p {
		k--
	}
	return d.afterPreposition(k)
}

// describedName returns the person named before the segment [segStart,
// segEnd) when the segment describes them: "Priya Sandhu, an analyst at
// …, said", "Rep. Jane Doe (Ohio), a superdelegate, said", or a chain of
// descriptions, each of the phrase before it, or places that go on
// ("Geoff Garin, a pollster who works with Priorities USA, a pro-Clinton
// super PAC, said"; "Jane Doe, a supporter from Jackson, Miss.,
// attending the convention, said"). The name must open its own segment,
// perhaps after modifiers ("Economist Priya Sandhu, …"), so that "After
// meeting Smith, a senior official said" stays with the official.
func (d *doc) describedName(from, segStart, segEnd int) speaker {
	if segStart <= from+1 {
		return noSpeaker
	}
	// personBefore finds a person's name that ends before the comma at
	// token comma, perhaps with a parenthesis after it: "Levin (Mich.)".
	personBefore := func(comma int) speaker {
		k := comma - 1
		if k > from && d.lower[k] == ")" {
			for k > from && d.lower[k] != "(" {
				k--
			}
			k--
		}
		if k < from {
			return noSpeaker
		}
		// "Gov. Jane Doe of Ohio,": a place or organisation after a
		// role preposition ends the person's phrase.
		if e := d.covered[k]; e > 0 && d.a.Entities[e-1].Type != article.PER {
			j := k
			for j > from && d.covered[j-1] == e {
				j--
			}
			if j-2 >= from && d.w.RolePrepositions[d.lower[j-1]] {
				k = j - 2
			}
		}
		if e := d.covered[k]; e > 0 && d.a.Entities[e-1].Type == article.PER {
			return d.segmentName(from, k, e)
		}
		return noSpeaker
	}
	// nameOnly reports whether [a, b) is one name that is no person's,
	// with its comma: "L'Osservatore Romano," after "the editor of the
	// Vatican's newspaper,".
	nameOnly := func(a, b int) bool {
		e := d.covered[a]
		if e == 0 || d.a.Entities[e-1].Type == article.PER {
			return false
		}
		k := a
		for k < b && d.covered[k] == e {
			k++
		}
		for k < b && d.isPunct(k, ".,") {
			k++
		}
		return k == b
	}
	desc := d.description(segStart, segEnd)
	if !desc && !nameOnly(segStart, segEnd) {
		return noSpeaker
	}
	if desc {
		if s := personBefore(segStart - 1); s.ok() {
			return s
		}
	}
	start := segStart
	for n := 0; n < 4 && start > from+1; n++ {
		ps := start - 2
		for ps > from && !d.isPunct(ps-1, ",—–") {
			ps--
		}
		pd := d.description(ps, start-1)
		if !pd && !d.placeContinuation(from, ps, start) && !nameOnly(ps, start) {
			break
		}
		desc = desc || pd
		if !desc {
			start = ps
			continue
		}
		if ps > from+1 {
			if s := personBefore(ps - 1); s.ok() {
				return s
			}
		}
		start = ps
	}
	return noSpeaker
}

// subordinatedPerson reports whether the prepositional object w right
// before a verb is a person's name after a preposition that attaches to
// no role noun (not "of", "from": "The letter from Smith said"): the
// preposition then opens a clause whose subject is w ("The enmity only
// escalated after Curiel ordered", "People fell out of their chairs
// after Zoe Saldana revealed").
func (d *doc) subordinatedPerson(w speaker) bool {
	if w.kind != article.MentionName || w.ent < 0 || d.a.Entities[w.ent].Type != article.PER || w.from < 1 {
		return false
	}
	p := d.lower[w.from-1]
	return d.w.Prepositions[p] && !d.w.RolePrepositions[p]
}

// segmentName returns the name of entity e that ends at token k when
// it opens its own segment, perhaps after modifiers ("Economist Priya
// Sandhu, …"), so that "After meeting Smith, a senior official said"
// stays with the official.
func (d *doc) segmentName(from, k, e int) speaker {
	for k > from && d.covered[k-1] == e {
		k--
	}
	j := k
	for j > from && !d.isPunct(j-1, ",—–") && d.premodifier(j-1) {
		j--
	}
	if m, ok := d.mentionAt[k]; ok && (j == from || d.isPunct(j-1, ",—–")) {
		return d.nameSpeaker(m, k)
	}
	return noSpeaker
}

// description reports whether the segment [from, to) describes the
// phrase before its comma: a role phrase, a phrase opened by an
// article ("a pro-Clinton super PAC"), perhaps with a relative clause
// after its noun ("a pollster who works with Priorities USA"), or a
// relative clause or participle phrase of its own.
func (d *doc) description(from, to int) bool {
	if from >= to {
		return false
	}
	if d.describes(from, to) || d.insertion(from, to) || d.nounSegment(from, to) || d.tag(from, to) {
		return true
	}
	for r := from + 2; r < to; r++ {
		if d.w.Relatives[d.lower[r]] && d.inQ[r] == 0 {
			return d.nounSegment(from, r) || d.describes(from, r)
		}
	}
	return false
}

// tag reports whether [from, to), with its comma, is a short tag after
// a name with no lower-case word in it: an age or a party and state
// ("Jane Doe, 34,", "Sen. Jane Doe, R-Ohio,").
func (d *doc) tag(from, to int) bool {
	for to > from && d.isPunct(to-1, ",") {
		to--
	}
	if to <= from || to-from > 3 {
		return false
	}
	for k := from; k < to; k++ {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Word && !isUpperStart(d.text(k)) || d.covered[k] != 0 && d.a.Entities[d.covered[k]-1].Type == article.PER {
			return false
		}
	}
	return true
}

// nearSubject returns the phrase right before the verb (perhaps with
// auxiliaries and adverbs between) when a clause of its own opens before
// it: "Clinton was booed when she said", "Kasich has not won a state and
// Cruz strongly suggested", "a wall, which he said". The first phrase of
// the segment is someone else there. Coordinated subjects ("Trump and
// Cruz said") stay whole.
func (d *doc) nearSubject(from, verb int) speaker {
	end := d.skipAdverbs(from, verb, maxBeforeVerb)
	near := noSpeaker
	for j := end - 1; j > from && j >= end-maxNearSubject; j-- {
		if d.inQ[j] != 0 || d.a.Tokens[j].Kind == article.Punct && d.lower[j] != "." && d.lower[j] != "-" {
			break
		}
		if np := d.npAt(j, end); np.ok() && np.to == end {
			near = np
		}
	}
	if !near.ok() {
		near = d.looseNear(from, end)
	}
	if !near.ok() || near.from <= from {
		return noSpeaker
	}
	k := near.from - 1
	if !d.clauseOpener(k) && !d.subjectOnlyPronoun(near) {
		return noSpeaker
	}
	if whole := d.npAt(from, k); whole.ok() && whole.to == k {
		return noSpeaker // "Trump and Cruz said"
	}
	return near
}

// subjectOnlyPronoun reports whether s is a pronoun in a form that is
// only ever a subject ("he", "they"; not "it", "you", which are objects
// too): it opens a clause of its own even after a word that is also a
// preposition ("after he told", "since they announced").
func (d *doc) subjectOnlyPronoun(s speaker) bool {
	if s.kind != article.MentionPronoun || s.to-s.from != 1 {
		return false
	}
	l := d.lower[s.from]
	_, subj := d.w.Pronouns[l]
	_, obj := d.w.ObjectPronouns[l]
	return subj && !obj
}

// looseNear returns the words between a clause opener and end as an
// unnamed subject when they open with a determiner: "when an Iowa voter
// asked", "whom many progressives believed". The opener must stand
// within maxNearSubject words before end.
func (d *doc) looseNear(from, end int) speaker {
	for k := end - 2; k > from && k >= end-maxNearSubject; k-- {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct {
			return noSpeaker
		}
		if !d.clauseOpener(k) {
			continue
		}
		if d.w.Determiners[d.lower[k+1]] == "" {
			return noSpeaker
		}
		if l := d.looseSubject(k+1, end, maxNearSubject); l.ok() && l.from == k+1 && l.to == end {
			return l
		}
		return noSpeaker
	}
	return noSpeaker
}

// maxNearSubject bounds the words of a subject found before its verb.
const maxNearSubject = 8

// clauseOpener reports whether token k can open a clause: a relative
// pronoun, a complementizer or a conjunction (a function word that is no
// article, preposition, pronoun or auxiliary). A word that is also an
// article is not one.
func (d *doc) clauseOpener(k int) bool {
	l := d.lower[k]
	if d.inQ[k] != 0 || d.a.Tokens[k].Kind != article.Word || d.w.Determiners[l] != "" {
		return false // German "die", "der" are articles first
	}
	if d.w.Relatives[l] || d.w.Complementizers[l] {
		return true
	}
	if !d.w.Stopwords[l] || d.w.Prepositions[l] || d.isAux(k) || d.w.Negations[l] {
		return false
	}
	_, pron := d.w.Pronouns[l]
	_, obj := d.w.ObjectPronouns[l]
	return !pron && !obj
}

// firstSubject returns the first phrase in [from, to) that can be a
// subject, and, as a fallback, a prepositional object that stands right
// before the verb ("with several delegations saying").
func (d *doc) firstSubject(from, to int, atVerb bool) (speaker, speaker) {
	weak := noSpeaker
	for k := from; k < to; {
		if d.lower[k] == "(" {
			for k < to && d.lower[k] != ")" {
				k++
			}
			continue
		}
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct {
			k++
			continue
		}
		np := d.npAt(k, to)
		if !np.ok() {
			k++
			continue
		}
		if d.timeWord(np) || d.possessive(np.from, np.to) {
			k = np.to
			continue
		}
		// A name that closes a fronted prepositional phrase right before
		// the verb is no subject in a verb-second clause: "Auf der
		// Plattform X schrieb die Ministerin".
		if d.afterPreposition(np.from) || atVerb && np.to == to && d.namedInPP(np.from) {
			if atVerb && np.to == to {
				weak = np
			}
			k = np.to
			continue
		}
		return np, weak
	}
	return noSpeaker, weak
}

// apposition reports whether [from, to) starts with a bare role noun
// ("…, voorzitter van branchevereniging VVN, zei"): it describes the
// phrase before it.
func (d *doc) apposition(from, to int) bool {
	for k := from; k < to && k < from+3; k++ {
		if r, ok := d.w.Roles[d.lower[k]]; ok {
			if m, ok := d.mentionAt[k+1]; ok && d.a.Entities[m.ent].Type == article.PER {
				return false // "…, Majority Leader Mitch McConnell said": a title
			}
			return r.Type == article.PER
		}
		if !d.modifier(k) || d.w.Determiners[d.lower[k]] != "" {
			return false
		}
	}
	return false
}

// phraseEndsAt reports whether a name or a noun phrase ends right
// before token k, the comma before an apposition: "Jane Doe, spokeswoman
// for the council, said" has one, "In a call with analysts Monday,
// experts said" has none, and there the role phrase is the subject.
func (d *doc) phraseEndsAt(from, k int) bool {
	if k <= from {
		return false
	}
	if e := d.covered[k-1]; e != 0 {
		j := k - 1
		for j > from && d.covered[j-1] == e {
			j--
		}
		return !d.afterPreposition(j) // "In Virginia, local leaders say"
	}
	np := d.lastNP(max(from, k-maxNearSubject), k)
	return np.ok() && np.to == k && !d.afterPreposition(np.from) && !d.timeWord(np)
}

// describes reports whether [from, to) is a description of the phrase
// before it: a role phrase, with or without a determiner.
func (d *doc) describes(from, to int) bool {
	if d.apposition(from, to) {
		return true
	}
	np := d.npAt(from, to)
	return np.ok() && (np.kind == article.MentionNominal || np.kind == unnamed)
}

// looseNominal accepts "the landlord", "de spits": a definite article and
// one to three words that end the segment, when the lexicon does not know
// the role noun; such a phrase before or after a cue names a person.
func (d *doc) looseNominal(from, to int) speaker {
	if from >= to || d.w.Determiners[d.lower[from]] != "def" || to-from < 2 || to-from > 4 {
		return noSpeaker
	}
	for k := from + 1; k < to; k++ {
		if d.a.Tokens[k].Kind != article.Word || !d.modifier(k) || d.covered[k] != 0 || d.inQ[k] != 0 {
			return noSpeaker
		}
	}
	return speaker{from: from, to: to, kind: article.MentionNominal, ent: -1, role: d.lower[to-1], typ: article.PER}
}

// looseSubject takes the words right before a verb as an unnamed source
// when they hold no phrase the lexicon knows: "Thirty percent said",
// "Several supporters of reform say", "Critics argued". The phrase has
// at most max words and no verb, quotation or clause word in it; a
// conjunction before it and an auxiliary or adverb after it are left
// out ("But critics have long argued").
func (d *doc) looseSubject(from, to, max int) speaker {
	for to > from && (d.isAux(to-1) || d.w.Stopwords[d.lower[to-1]] && d.w.Determiners[d.lower[to-1]] == "" || strings.HasSuffix(d.lower[to-1], "ly")) {
		to--
	}
	for from < to && d.w.Stopwords[d.lower[from]] && d.w.Determiners[d.lower[from]] == "" && !d.w.Prepositions[d.lower[from]] {
		from++
	}
	if from >= to || to-from > max || d.w.Prepositions[d.lower[from]] && !d.quantityAfter(from+1, to) || d.w.TimeWords[d.lower[from]] {
		return noSpeaker
	}
	content := false
	for k := from; k < to; k++ {
		l := d.lower[k]
		if d.inQ[k] != 0 || d.isCue(k) || d.isAux(k) || d.w.Complementizers[l] || d.w.Relatives[l] {
			return noSpeaker
		}
		if _, ok := d.w.Pronouns[l]; ok {
			return noSpeaker
		}
		switch d.a.Tokens[k].Kind {
		case article.Punct:
			if l != "-" && l != "%" && !(l == "." && d.abbrevBefore(k)) {
				return noSpeaker
			}
		case article.Word:
			if !d.w.Stopwords[l] && !d.w.Prepositions[l] {
				content = true
			}
		case article.Number:
			content = true // "42% say"
		}
	}
	if !content {
		return noSpeaker
	}
	return speaker{from: from, to: to, kind: unnamed, ent: -1, typ: article.UNNAMED}
}

// looseClauseSubject finds a loose subject (see looseSubject) when a
// clause opens before the verb: the words after a conjunction or
// adverb that opens it ("That is why critics say"), or the words that
// a relative clause describes ("Some voters who have listened to his
// speeches said"), with the relative clause as part of the source
// phrase.
func (d *doc) looseClauseSubject(from, to int) speaker {
	for k := to - 1; k > from; k-- {
		if d.inQ[k] != 0 || d.isCue(k) {
			return noSpeaker
		}
		if !d.clauseOpener(k) {
			continue
		}
		var s speaker
		if d.w.Relatives[d.lower[k]] {
			j := k
			for j > from && !d.clauseOpener(j-1) && !d.isPunct(j-1, ",;:—–") {
				j--
			}
			if s = d.looseSubject(j, k, maxLooseClauseSubject); s.ok() {
				s.xfrom, s.xto = s.from, d.trimEnd(k, to)
			}
		} else {
			s = d.looseSubject(k+1, to, maxLooseClauseSubject)
		}
		if !s.ok() || !d.groupLike(s.from, s.to) {
			return noSpeaker
		}
		return s
	}
	return noSpeaker
}

// groupLike reports whether the words [from, to) look like a group of
// people or a quantity of them: they open with a determiner or a number
// ("the oil industry", "6 in 10 Republicans"), or end in a plural
// ("critics"). Adjectives and participles ("careful", "made") do not.
func (d *doc) groupLike(from, to int) bool {
	if d.w.Determiners[d.lower[from]] != "" || d.a.Tokens[from].Kind == article.Number {
		return true
	}
	last := d.lower[to-1]
	return strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss") && !strings.Contains(last, "’") && !strings.Contains(last, "'")
}

// maxLooseClauseSubject bounds the words of a loose subject inside a
// longer clause.
const maxLooseClauseSubject = 6

// quantityAfter reports whether token k, before to, opens a quantity: a
// number or a quantifier, after which a preposition is an approximation
// ("about half of the voters", "about four in 10") rather than the
// start of an adverbial.
func (d *doc) quantityAfter(k, to int) bool {
	if k >= to {
		return false
	}
	return d.a.Tokens[k].Kind == article.Number || d.w.Determiners[d.lower[k]] == "quant"
}

// insertion reports whether [from, to) is a relative clause or a
// participle phrase set off by commas.
func (d *doc) insertion(from, to int) bool {
	if from >= to {
		return true
	}
	l := d.lower[from]
	if d.w.Relatives[l] {
		// German "die", "der" are articles too: a role noun phrase that
		// fills the segment is a subject or an apposition ("Die Senatorin
		// Anke Vogt sagte"); with words after it, or before a name, the
		// word opens a relative clause ("…, die Kanzlerin Sommer kritisiert
		// hatte,", "…, die Merkel traf,").
		if from+1 < to && d.w.Determiners[l] != "" {
			_, role := d.w.Role(d.lower[from+1])
			if np := d.npAt(from, to); role && np.ok() && np.to == to {
				return false
			}
		}
		return true
	}
	// A participle opens one too: "speaking on condition of anonymity".
	return d.participle(from)
}

// participle reports whether token k is a present participle. A
// capitalised word inside a sentence is a name, whatever its ending
// ("Beijing", "Fleming", it "Ferrando").
func (d *doc) participle(k int) bool {
	if s0, _ := d.sentOf(k); k > s0 && isUpperStart(d.text(k)) {
		return false
	}
	l := d.lower[k]
	for _, suf := range d.w.ParticipleSuffixes {
		if len(l) >= len(suf)+3 && strings.HasSuffix(l, suf) {
			return true
		}
	}
	return false
}

// timeWord reports whether a phrase starts with a day, month or other
// time word, which never speaks.
func (d *doc) timeWord(s speaker) bool {
	return d.w.TimeWords[d.lower[s.from]]
}

// subjectAfter returns the phrase right after an inverted verb, skipping
// time words and short adverbs ("zei maandag de minister").
func (d *doc) subjectAfter(from, limit int) speaker {
	if s := d.subjectAfterNear(from, limit); s.ok() {
		return s
	}
	return d.subjectAfterPP(from, limit)
}

// subjectAfterPP finds the inverted subject that follows a short
// prepositional phrase after a verb right after a quotation: es "«…»,
// escribió en la red social X el actual alcalde, Joan Mateu.", fr "«
// … », a écrit sur son compte le ministre". The phrase after the
// preposition ends at the next determiner; the subject must end the
// clause.
func (d *doc) subjectAfterPP(from, limit int) speaker {
	q := from - 2 // the token before the verb
	if q >= 0 && d.lower[q] == "," && d.inQ[q] == 0 {
		q--
	}
	if q < 0 || d.inQ[q] == 0 || from >= limit || !d.w.Prepositions[d.lower[from]] {
		return noSpeaker
	}
	for j := from + 2; j < limit && j <= from+maxPPWords; j++ {
		if d.inQ[j] != 0 || d.a.Tokens[j].Kind == article.Punct || d.isCue(j) || d.w.Complementizers[d.lower[j]] {
			return noSpeaker
		}
		if d.w.Determiners[d.lower[j]] == "" || d.afterPreposition(j) {
			continue
		}
		np := d.npAt(j, limit)
		if !np.ok() || np.kind == article.MentionPronoun {
			return noSpeaker
		}
		if np.to < limit && !d.isPunct(np.to, ",.;:!?—–") {
			return noSpeaker
		}
		return np
	}
	return noSpeaker
}

// maxPPWords bounds the prepositional phrase between an inverted verb
// and its subject.
const maxPPWords = 6

// subjectAfterNear finds the subject right after the verb, at most two
// time words or stopwords between.
func (d *doc) subjectAfterNear(from, limit int) speaker {
	for k := from; k < limit && k < from+3; k++ {
		if d.inQ[k] != 0 {
			return noSpeaker
		}
		if d.a.Tokens[k].Kind == article.Punct && strings.HasPrefix(d.lower[k], "-") && k+1 < limit && d.a.Tokens[k+1].Start == d.a.Tokens[k].End {
			continue // the joiner of an inverted clitic: "confie-t-elle"
		}
		if np := d.npAt(k, limit); np.ok() {
			if np.kind == article.MentionName && k > from && d.w.Prepositions[d.lower[from]] && d.namedInPP(np.from) {
				// "escribió en la red social Mastodon la concejala": the
				// name closes a phrase after the verb's preposition;
				// the subject follows it (subjectAfterPP).
				return noSpeaker
			}

			return np
		}
		// "zei de spits.": a definite phrase that ends the clause.
		for e := k + 2; e <= k+4 && e <= limit; e++ {
			if e == limit || d.a.Tokens[e].Kind == article.Punct {
				if l := d.looseNominal(k, e); l.ok() {
					return l
				}
				break
			}
		}
		if l := d.afterQuoteNominal(from, k, limit); l.ok() {
			return l
		}
		l := d.lower[k]
		if d.w.TimeWords[l] || d.w.Stopwords[l] && !d.w.Complementizers[l] {
			continue
		}
		return noSpeaker
	}
	return noSpeaker
}

// afterQuoteNominal accepts, after a verb that follows a quotation
// (from is the token after the verb), a phrase the lexicon does not
// know that opens with any determiner and ends the clause, perhaps with
// a prepositional tail: "“…,” said a strategist for one of the
// candidates, speaking …". Right after a quotation the verb reports
// it, so the phrase is its speaker, not the start of a clause ("said a
// deal was near").
func (d *doc) afterQuoteNominal(from, k, limit int) speaker {
	v := from - 1
	q := v - 1
	if q >= 0 && d.lower[q] == "," && d.inQ[q] == 0 {
		q--
	}
	if q < 0 || d.inQ[q] == 0 || d.w.Determiners[d.lower[k]] == "" {
		return noSpeaker
	}
	j := k + 1
	for j < limit && j <= k+3 && d.a.Tokens[j].Kind == article.Word && d.modifier(j) && d.covered[j] == 0 && d.inQ[j] == 0 {
		j++
	}
	if j == k+1 {
		return noSpeaker
	}
	end := j
	if j < limit && d.w.RolePrepositions[d.lower[j]] {
		end = d.npTail(j, limit)
	}
	if end < limit && !d.isPunct(end, ",.;:!?—–") {
		return noSpeaker
	}
	s := speaker{from: k, to: j, kind: unnamed, ent: -1, role: d.lower[j-1], typ: article.PER}
	switch d.w.Determiners[d.lower[k]] {
	case "def", "dem", "poss":
		s.kind = article.MentionNominal // "the strategist": someone named before
	}
	return s
}

// isUpperStart reports whether s starts with an upper-case letter.
func isUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
