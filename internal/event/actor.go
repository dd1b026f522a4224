package event

import (
	"strings"

	"golang.org/x/text/language"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

// joinCode makes an actor code from a country (or IGO) and a sector.
func joinCode(country, sector string) string {
	switch {
	case country == "":
		return sector
	case sector == "" || strings.Contains(country, "-"):
		return country
	}
	return country + "-" + sector
}

// roleScan collects a country and a sector from words: the country
// nearest to the anchor position and the heaviest sector word (the first
// among equals). A country after a locative preposition ("the commander in
// Iraq") describes a place, not the actor.
type roleScan struct {
	country     string
	countryDist int
	full        string // a complete code from an org entry (NATO, the Kremlin)
	sector      string
	weight      int
}

func (r *roleScan) addCountry(code string, dist int) {
	if r.country == "" || dist < r.countryDist {
		r.country, r.countryDist = code, dist
	}
}

func (r *roleScan) addSector(s sectorEntry) {
	if s.weight > r.weight {
		r.sector, r.weight = s.sector, s.weight
	}
}

func (r *roleScan) code() string {
	if r.full != "" {
		return r.full
	}
	return joinCode(r.country, r.sector)
}

// scan reads words ws[i:j] into r; dist0 is the distance of word i from
// the anchor and step +1 or -1 how it changes with i.
func (x *coding) scan(r *roleScan, i, j, dist0, step int) {
	for k := i; k < j; k++ {
		w := x.ws[k]
		if w.punct {
			continue
		}
		dist := dist0 + step*(k-i)
		if dist < 0 {
			dist = -dist
		}
		if v, n := x.actorMatch(j, k); n > 0 {
			locative := false
			if k > 0 {
				locative = x.is(k-1, fnLoc)
			}
			if !locative {
				if v.kind == kindOrg {
					if r.full == "" {
						r.full = v.code
					}
				} else {
					r.addCountry(v.code, dist)
				}
			}
			k += n - 1
			continue
		}
		if s, ok := x.lx.sectors.lookup(w.norm); ok {
			r.addSector(s)
		}
	}
}

// entityCode resolves an entity's actor code from its names and the words
// around its mentions: a title before a name ("de Russische president
// Vladimir Poetin"), an apposition after it ("Jane Doe, the Dutch foreign
// minister,"), nominal mentions ("de Chinese leider").
func (x *coding) entityCode(e *article.Entity) string {
	if c, ok := x.codes[e.ID]; ok {
		return c
	}
	if c := cityCountry(e); c != "" {
		// A city the linker knows ("loc:TR:istanbul"): its country, as
		// a capital names its country.
		x.codes[e.ID] = c
		return c
	}
	var in, around roleScan
	for _, m := range e.Mentions {
		if m.Kind == article.MentionPronoun {
			continue
		}
		i := x.wordAt(m.Start)
		j := i
		for j < len(x.ws) && x.ws[j].Start < m.End {
			j++
		}
		if j == i {
			continue
		}
		// The whole mention is a known actor: a country, NATO, the Kremlin.
		if v, n := x.actorMatch(j, i); n == j-i {
			x.codes[e.ID] = v.code
			return v.code
		}
		if e.Type != article.PER {
			x.scan(&in, i, j, 0, 0)
		} else if t := x.titleEnd(i, j); t > i {
			// A title inside a person's name ("Lebanese Prime Minister
			// Nabil Haddad"); other words of a name are not looked up:
			// "Chad Smith" is not from Chad.
			x.scan(&around, i, t, t-i, -1)
		}
		sent := x.ws[i].sent
		// The title before the mention: up to seven words that can be part
		// of one (role words, countries, capitalised words, "the", "of"),
		// crossing at most one comma ("the US commander in Iraq, General
		// David Petraeus").
		k, commas := i-1, 0
		for ; k >= 0 && k >= i-8 && x.ws[k].sent == sent; k-- {
			if x.ws[k].punct {
				if x.ws[k].norm != "," || commas > 0 {
					break
				}
				commas++
				continue
			}
			if x.inName[k] && x.mentionEntity(k) != e.ID && x.mentionType(k) == article.PER {
				break // another person's name
			}
			if x.triggerAt(k) || x.is(k, fnSub) || x.is(k, fnConj) || !x.titleWord(k) {
				break
			}
		}
		if e.Type == article.PER {
			x.scan(&around, k+1, i, i-(k+1), -1)
		} else {
			// An organisation or place takes only a country adjective right
			// before it ("the Chinese Foreign Ministry"); a role word near
			// it is not its sector ("seine Truppen von der Grenze").
			var adj roleScan
			x.scan(&adj, max(k+1, i-2), i, 1, -1)
			around.country = adj.country
		}
		// "Omar Khalil of Jordan", "president Novak van Slowakije".
		if j+1 < len(x.ws) && x.is(j, fnOf) && x.ws[j+1].sent == sent {
			if v, n := x.actorMatch(len(x.ws), j+1); n > 0 && v.kind == kindCountry {
				around.addCountry(v.code, 1)
			}
		}
		// An apposition after the mention: ", the Dutch foreign minister,".
		if j+1 < len(x.ws) && x.ws[j].norm == "," && x.ws[j+1].sent == sent && x.appositive(j+1) {
			k := j + 1
			for ; k < len(x.ws) && k <= j+8 && x.ws[k].sent == sent && !x.ws[k].punct && !x.triggerAt(k); k++ {
			}
			x.scan(&around, j+1, k, 1, 1)
		}
	}
	r := in
	if r.full == "" {
		if r.country == "" {
			r.country = around.country
		}
		if r.sector == "" {
			r.sector = around.sector
		}
	}
	c := r.code()
	x.codes[e.ID] = c
	return c
}

// titleEnd returns the index after the last role word among words
// [i, j) that only countries, adjectives and role words precede, or i.
func (x *coding) titleEnd(i, j int) int {
	end := i
	for k := i; k < j; k++ {
		if _, ok := x.lx.sectors.lookup(x.ws[k].norm); ok {
			end = k + 1
			continue
		}
		if _, n := x.actorMatch(j, k); n > 0 {
			if x.lx.genitive && end == k && k > i {
				end = k + n // the role's owner: "Власти Венгрии" tagged as a person
			}
			k += n - 1
			continue
		}
		if x.isFn(k) || (k+1 < j && x.isSectorPhrase(k)) {
			continue
		}
		break
	}
	return end
}

// isSectorPhrase reports a multi-word role that starts at k ("prime minister").
func (x *coding) isSectorPhrase(k int) bool {
	_, n := x.lx.sectors.match(x.ws, k)
	return n > 1
}

// titleWord reports whether word k can be part of a title before a name:
// a role word, a country or adjective, a capitalised word, a determiner or
// "of"/"van"/"in".
func (x *coding) titleWord(k int) bool {
	if x.is(k, fnDet) || x.is(k, fnOf) || x.is(k, fnLoc) {
		return true
	}
	if _, ok := x.lx.sectors.lookup(x.ws[k].norm); ok {
		return true
	}
	if _, n := x.actorMatch(len(x.ws), k); n > 0 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(x.a.Text[x.ws[k].Start:])
	return unicode.IsUpper(r)
}

// isSector reports whether word k is a role word.
func (x *coding) isSector(k int) bool {
	if k < 0 || k >= len(x.ws) {
		return false
	}
	_, ok := x.lx.sectors.lookup(x.ws[k].norm)
	return ok
}

// capitalised reports whether word k starts with an upper-case letter.
func (x *coding) capitalised(k int) bool {
	r, _ := utf8.DecodeRuneInString(x.a.Text[x.ws[k].Start:])
	return unicode.IsUpper(r)
}

// triggerAt reports whether a trigger starts at word k.
func (x *coding) triggerAt(k int) bool {
	found := false
	x.lx.triggers.matchAll(x.ws, k, func(_ trigger, _ int, pat []string) bool {
		found = !x.lx.agentNoun(pat[0], x.ws[k].norm) // "negotiators" is no "negotiat*"
		return !found
	})
	return found
}

// appositive reports whether the words from k look like an apposition: a
// determiner, a country, or a role ("Jane Doe, the Dutch foreign
// minister," but not "Jane Doe, accused Greece").
func (x *coding) appositive(k int) bool {
	if x.is(k, fnDet) {
		return true
	}
	if _, n := x.actorMatch(len(x.ws), k); n > 0 {
		return true
	}
	_, ok := x.lx.sectors.lookup(x.ws[k].norm)
	return ok
}

// mentionType returns the type of the entity whose mention covers word k.
func (x *coding) mentionType(k int) string {
	if e := x.a.EntityByID(x.mentionEntity(k)); e != nil {
		return e.Type
	}
	return ""
}

// mentionEntity returns the id of the entity whose name or nominal mention
// covers word k, or "".
func (x *coding) mentionEntity(k int) string {
	off := x.ws[k].Start
	for _, e := range x.a.Entities {
		for _, m := range e.Mentions {
			if m.Kind != article.MentionPronoun && m.Start <= off && off < m.End {
				return e.ID
			}
		}
	}
	return ""
}

// spanCode resolves the code of a phrase that is not an entity, such as
// an unnamed speaker ("a Chinese foreign ministry spokesman").
func (x *coding) spanCode(s article.Span) string {
	i := x.wordAt(s.Start)
	j := i
	for j < len(x.ws) && x.ws[j].End <= s.End {
		j++
	}
	var r roleScan
	x.scan(&r, i, j, 0, 1)
	return r.code()
}

// actors returns the actors of the sentence ws[lo:hi], in text order:
// entity mentions with a code, and phrases that name a country, an
// organisation, or a role with or without a country ("Russian troops",
// "the government").
func (x *coding) actors(lo, hi int) []actor {
	var out []actor
	sent := x.sents[x.ws[lo].sent]
	for ei := range x.a.Entities {
		e := &x.a.Entities[ei]
		for _, m := range e.Mentions {
			if !sent.Contains(m.Span()) || x.left[m.Span()] {
				continue
			}
			c := x.entityCode(e)
			if c == "" {
				continue
			}
			i, j := x.mentionWords(m)
			j = min(j, hi)
			if j <= i {
				continue
			}
			if e.Type != article.PER && j < hi && x.mentOf[j] > 0 && x.a.Entities[x.mentOf[j]-1].Type == article.PER {
				continue // part of a person's title: "minister van Buitenlandse Zaken Antony Blinken"
			}
			if e.Type != article.PER && x.is(i-1, fnOf) && (x.isSector(i-2) || x.isSector(i-3)) {
				continue // a portfolio: "ministre des Affaires étrangères", "Minister of Foreign Affairs"
			}
			out = append(out, actor{Span: article.Span{Start: m.Start, End: min(m.End, x.ws[j-1].End)}, first: i, last: j - 1, entity: e.ID,
				name: e.Name, code: c, pronoun: m.Kind == article.MentionPronoun, place: cityCountry(e) != ""})
		}
	}
	for i := lo; i < hi; i++ {
		if x.inName[i] || x.ws[i].punct {
			continue
		}
		a, ok := x.phrase(i, hi)
		if !ok {
			continue
		}
		out = append(out, a)
		i = a.last
	}
	sortActors(out)
	return out
}

func sortActors(as []actor) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && as[j].Start < as[j-1].Start; j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// phrase reads an actor phrase that starts at word i.
func (x *coding) phrase(i, hi int) (actor, bool) {
	ws := x.ws[:hi]
	country, kind, last := "", "", i
	if v, n := x.actorMatch(hi, i); n > 0 {
		for k := i; k < i+n; k++ {
			if x.inName[k] {
				return actor{}, false
			}
		}
		country, kind, last = v.code, v.kind, i+n-1
		if kind == kindOrg {
			return x.newPhrase(i, last, v.code), true
		}
		if s, ok := x.lx.sectors.lookup(ws[i].norm); ok && kind == kindDemonym && n == 1 && s.weight > 0 {
			// The country and the role in one compound: "Bundeskanzler",
			// "Bundeswehrsoldaten".
			return x.newPhrase(i, i, joinCode(country, s.sector)), true
		}
		if kind == kindCountry && i > 0 {
			if x.is(i-1, fnLoc) {
				if x.is(i-1, fnDative) {
					return x.newPhrase(i, last, country), true // a recipient: "une aide au Maroc"
				}
				a := x.newPhrase(i, last, country) // "talks in Moscow": no party to them
				a.inLoc = true
				return a, true
			}
		}
	}
	// A role noun, right after the country or up to two words later
	// ("Chinese foreign ministry", "US Deputy Secretary"), past other
	// coordinated countries ("Armenian and Azerbaijani officials").
	from, to := i, i+1
	if country != "" {
		from, to = last+1, last+4
		if k := last + 1; kind == kindCountry && k < hi && (isNumber(ws[k].norm) || x.is(k, fnNum) || x.is(k, fnDet)) {
			to = from // a country's name, then its object: "dass Polen zwei russische Diplomaten ausgewiesen habe"
		}
	}
	sector, weight, end := "", 0, last
	for k := from; k < to && k < hi; k++ {
		if ws[k].punct || x.inName[k] {
			break
		}
		if country != "" && x.is(k, fnConj) && k+1 < hi {
			if v, n := x.actorMatch(hi, k+1); n > 0 && v.kind == kindDemonym {
				k += n
				to += n + 1
				continue
			}
			break
		}
		if x.triggerAt(k) {
			break
		}
		if s, n := x.lx.sectors.match(ws, k); n > 1 {
			// A role of several words: "prime minister", "primer ministro".
			sector, weight, end = s.sector, s.weight, k+n-1
			break
		}
		if s, ok := x.lx.sectors.lookup(ws[k].norm); ok {
			sector, weight, end = s.sector, s.weight, k
			// Take in a head noun that follows ("defence ministry").
			for end+1 < hi && !ws[end+1].punct && !x.inName[end+1] {
				s2, ok := x.lx.sectors.lookup(ws[end+1].norm)
				if !ok {
					break
				}
				if s2.weight > weight {
					sector, weight = s2.sector, s2.weight
				}
				end++
			}
			break
		}
	}
	if to > last+4 { // coordinated: this actor is the first country alone
		end = last
	} else if sector != "" {
		last = end
	}
	switch {
	case sector == "" && kind == kindDemonym:
		// "the Ukrainian port", "Russian men": the country, weakly.
		k := last + 1
		if k < hi && !ws[k].punct && !x.inName[k] && !x.isFn(k) {
			if _, n := x.lx.triggers.match(ws, k); n == 0 {
				a := x.newPhrase(i, k, country)
				a.weak = true
				return a, true
			}
		}
		// Where the adjective follows its noun: "la proposta brasileira",
		// "reféns israelitas".
		if k := i - 1; x.lx.adjAfter && k >= 0 && ws[k].sent == ws[i].sent && !ws[k].punct && !x.inName[k] && !x.isFn(k) {
			a := x.newPhrase(i, last, country)
			a.weak = true
			return a, true
		}
		return actor{}, false
	case sector == "" && kind != kindCountry:
		return actor{}, false
	case sector != "" && x.titleOfName(last, hi):
		// A title right before a person's name belongs to that person.
		return actor{}, false
	case country == "" && sector != "":
		// A role on its own: "the government", "police". Not an
		// adjective ("military cooperation"), not someone's ("its
		// troops"), not part of a title ("minister of Defence").
		if weight < 2 && !x.demonymAfter(last, hi) {
			return actor{}, false // "officials" alone; not "funcionarios nicaragüenses"
		}
		if x.is(i-1, fnPoss) && !x.demonymAfter(last, hi) || (x.is(i-1, fnOf) && !x.is(i-2, fnNum) && !(x.is(i-1, fnDet) && !x.capitalised(i))) {
			return actor{}, false // "its troops", "minister of Defence"; not "thousands of protesters", "par des jihadistes"
		}
		// A bare role word must be a noun: after a determiner, a
		// preposition or a number, or at the start of the sentence ("Rebels attacked", "the
		// police", "200 migrants"), not "to judge". A language without
		// articles has no such sign ("атаковали полицию").
		if x.lx.articles && i > 0 && x.ws[i-1].sent == x.ws[i].sent && !x.nounSign(x.adjectivesBefore(i)) {
			return actor{}, false
		}
		// The country adjective after the role, in French or Spanish
		// order: "le gouvernement français", "l'armée russe".
		for k := last + 1; k < hi && k <= last+3; k++ {
			if ws[k].punct || x.inName[k] || x.triggerAt(k) {
				break
			}
			if v, n := x.actorMatch(hi, k); n > 0 {
				// "russes" after a role noun is the adjective even where the
				// people ("les Russes") are listed as a country.
				if v.kind == kindDemonym || (v.kind == kindCountry && !x.capitalised(k)) {
					country, last = v.code, k+n-1
				}
				break
			}
		}
		// A name right after the role owns it where the genitive says
		// "of" with no word: "президент Франции", "rząd Kanady".
		if k := last + 1; x.lx.genitive && country == "" && k < hi && !ws[k].punct {
			if v, n := x.actorMatch(hi, k); n > 0 && v.kind != kindDemonym && x.capitalised(k) {
				country, last = v.code, k+n-1
			}
		}
		// "the opposition in Serbia", "President Novak of Slovakia".
		for k := last + 1; k < hi && k <= last+4 && country == ""; k++ {
			if ws[k].punct || x.triggerAt(k) {
				break
			}
			if !x.is(k, fnLoc) && !x.is(k, fnOf) {
				if !x.capitalised(k) {
					break // only a name may stand between: "President Marek Novak of Slovakia"
				}
				continue
			}
			if v, n := x.actorMatch(hi, k+1); n > 0 && v.kind == kindCountry {
				country, last = v.code, k+n
			} else if c, n := x.cityAt(k+1, hi); c != "" {
				country, last = c, k+n // "a court in Istanbul"
			}
			break
		}
	}
	a := x.newPhrase(i, last, joinCode(country, sector))
	if id, ok := x.plain[i]; ok && sector == "" {
		if e := x.a.EntityByID(id); e != nil {
			a.entity, a.name = e.ID, e.Name
		}
	}
	return a, true
}

// demonymAfter reports a country adjective right after word last (or
// after one more adjective), as French and Spanish place it: "funcionarios
// nicaragüenses", "son homologue ghanéen".
func (x *coding) demonymAfter(last, hi int) bool {
	for k := last + 1; k < hi && k <= last+2; k++ {
		if x.ws[k].punct || x.inName[k] || x.isFn(k) {
			return false
		}
		if v, n := x.actorMatch(hi, k); n > 0 {
			return v.kind == kindDemonym
		}
	}
	return false
}

// cityCountry returns the country code of a place entity that the linker
// tied to a city of a known country (kb "loc:TR:istanbul"), or "".
func cityCountry(e *article.Entity) string {
	if e == nil || e.Type != article.LOC {
		return ""
	}
	parts := strings.Split(e.KB, ":")
	if len(parts) != 3 || parts[0] != "loc" || len(parts[1]) != 2 {
		return ""
	}
	r, err := language.ParseRegion(parts[1])
	if err != nil || !r.IsCountry() {
		return ""
	}
	if c := r.ISO3(); c != "ZZZ" {
		return c
	}
	return ""
}

// cityAt returns the country of the city whose name mention starts at
// word k, and the number of words the mention covers, or "".
func (x *coding) cityAt(k, hi int) (string, int) {
	if k >= hi || x.mentOf[k] == 0 {
		return "", 0
	}
	e := &x.a.Entities[x.mentOf[k]-1]
	c := cityCountry(e)
	if c == "" {
		return "", 0
	}
	s := x.mentionSpan(k)
	n := 0
	for j := k; j < hi && x.ws[j].Start < s.End; j++ {
		n++
	}
	return c, max(n, 1)
}

// nounSign reports a word before which a role word is a noun: a
// determiner, a preposition, a number, the sentence start or a quotation
// mark ("the police", "by militants", "200 migrants"; not "to judge").
func (x *coding) nounSign(k int) bool {
	if k < 0 || x.ws[k].sent != x.ws[k+1].sent {
		return true
	}
	if x.is(k, fnDet) || x.is(k, fnPrep) || x.is(k, fnNum) || x.is(k, fnOf) || x.is(k, fnAgent) ||
		x.is(k, fnDative) || x.is(k, fnBetween) || isNumber(x.ws[k].norm) {
		return true
	}
	return x.ws[k].punct && (isQuoteMark(x.ws[k].norm) || x.ws[k].norm == ":")
}

// adjectivesBefore returns the index of the word before the up to two
// adjectives that precede word i ("a prominent journalist", "un conocido
// periodista"): lower-case words that are no function word, trigger or
// name. It returns i-1 when there are none.
func (x *coding) adjectivesBefore(i int) int {
	k := i - 1
	for n := 0; n < 2 && k > 0 && x.ws[k].sent == x.ws[i].sent; n++ {
		if x.ws[k].punct || x.isFn(k) || x.inName[k] || (x.capitalised(k) && x.lx.capNouns) || x.triggerAt(k) || isNumber(x.ws[k].norm) {
			break
		}
		k--
	}
	if k < i-1 && !x.is(k, fnDet) && !x.is(k, fnNum) && !x.is(k, fnAgent) && !isNumber(x.ws[k].norm) {
		return i - 1 // the words before are not adjectives of a noun phrase
	}
	return k
}

// titleOfName reports whether a person's name follows word last within a
// few words ("president Vladimir Poetin", "minister van Defensie Claire
// Dubois").
func (x *coding) titleOfName(last, hi int) bool {
	for k := last + 1; k < hi && k <= last+4; k++ {
		if x.ws[k].punct {
			return false
		}
		if e := x.mentOf[k]; e > 0 && x.a.Entities[e-1].Type == article.PER {
			return true // an organisation in the title goes on: "minister van Buitenlandse Zaken Antony Blinken"
		}
		if x.triggerAt(k) {
			return false
		}
	}
	return false
}

func (x *coding) newPhrase(i, j int, code string) actor {
	s := article.Span{Start: x.ws[i].Start, End: x.ws[j].End}
	return actor{Span: s, first: i, last: j, name: x.a.Text[s.Start:s.End], code: code}
}

// actorMatch returns the longest actor entry that matches the words from
// index i, without passing index hi, honouring case-sensitive entries.
func (x *coding) actorMatch(hi, i int) (actorEntry, int) {
	var best actorEntry
	bestN := 0
	x.lx.actors.matchAll(x.ws[:hi], i, func(v actorEntry, n int, _ []string) bool {
		if x.lx.capNames && v.kind == kindCountry && !x.capitalised(i) {
			return true // "того" is not Togo
		}
		if v.cs != "" {
			got := x.a.Text[x.ws[i].Start:x.ws[i+n-1].End]
			if strings.TrimSuffix(got, ".") != strings.TrimSuffix(v.cs, ".") {
				return true
			}
		}
		best, bestN = v, n
		return false
	})
	return best, bestN
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' && r != ',' {
			return false
		}
	}
	return s != ""
}
