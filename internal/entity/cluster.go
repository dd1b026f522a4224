package entity

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// tagged finds names with a trained tagger — the whole document at once
// when the tagger can (DocTagger), else sentence by sentence — and adds
// the titles and roles that the rules see around them.
func (d *doc) tagged(tg Tagger) []cand {
	toks := d.a.Tokens
	var out []cand
	// The tagger's words of each sentence, and where each starts.
	var sents [][]string
	var starts [][]int
	var firsts []int
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].Sentence == toks[i].Sentence {
			j++
		}
		w, st := d.taggerWords(i, j, nil, nil)
		sents, starts, firsts = append(sents, w), append(starts, st), append(firsts, i)
		i = j
	}
	var doc [][]string
	if dt, ok := tg.(DocTagger); ok {
		doc = dt.TagDoc(sents, nil)
	}
	var wtags, tags []string
	for si, i := range firsts {
		j := len(toks)
		if si+1 < len(firsts) {
			j = firsts[si+1]
		}
		if doc != nil {
			wtags = doc[si]
		} else {
			wtags = tg.Tag(sents[si], wtags)
		}
		tags = tokenTags(wtags, starts[si], j-i, tags[:0])
		for k := 0; k < len(tags) && k < j-i; k++ {
			if !strings.HasPrefix(tags[k], "B-") && !(strings.HasPrefix(tags[k], "I-") && (k == 0 || tags[k-1][2:] != tags[k][2:])) {
				continue
			}
			typ := tags[k][2:]
			e := k + 1
			for e < len(tags) && tags[e] == "I-"+typ {
				e++
			}
			next := e // where the scan goes on, whatever is trimmed
			// Quotation marks and brackets are never part of a name.
			b := k
			for b < e && toks[i+b].Kind == article.Punct {
				b++
			}
			// "Said Dorothy Poynter, …": a reporting verb that opens the
			// sentence is not part of the name after it.
			if b < e-1 && d.sentenceOpens(i, i+b) && d.reportingVerb(i+b) {
				b++
			}
			// Nor is a lower-case word at its end ("Verbruggen benadrukte"),
			// but an abbreviation keeps its stop ("James B. Comey Jr.").
			for e > b && (toks[i+e-1].Kind == article.Punct && !d.abbrevEnd(i+e-1) || toks[i+e-1].Kind == article.Word && !isCap(d.text(i+e-1))) {
				e--
			}
			// "Kamerlid Fatima Azzouzi", "President Poetin": a title is not
			// part of the name.
			var title string
			b, e, title = d.untitle(i+b, i+e, typ)
			b, e = b-i, e-i
			// Nor is a lower-case particle left before a place the
			// gazetteer knows ("Verkehrsminister von Sachsen-Anhalt"
			// without its title), unlike one that opens a surname ("van
			// Gogh"); the place is then no person.
			if b < e-1 && !isCap(d.text(i+b)) && d.w.NameParticles[d.lower[i+b]] && d.w.Place(d.lowerSpan(i+b+1, i+e)) {
				b++
				typ, title = article.LOC, ""
			}
			if b >= e || d.titleAt(i+b) == e-b {
				k = next - 1
				continue
			}
			k = b
			c := cand{first: i + k, n: e - k, span: article.Span{Start: toks[i+k].Start, End: toks[i+e-1].End}}
			last := d.text(i + e - 1)
			if p := stripPossessive(last); len(p) < len(last) {
				c.span.End -= len(last) - len(p)
			}
			d.context(&c)
			if c.typ == "" || typ == article.PER || typ == article.LOC {
				c.typ = typ
			}
			if cut := d.portfolio(c); cut > 0 {
				c.n = cut - c.first
				c.span.End = toks[cut-1].End
			}
			// "Henning Lüdtke", "Chiara Monti": a name of two words or
			// more that opens with a known given name is a person,
			// whatever the tag, unless it is a place ("San José",
			// "Santa Maria") or holds an organisation's word.
			if _, given := d.w.FirstNames[d.text(c.first)]; given && c.n > 1 && c.typ != article.PER &&
				!d.isPlace(c) && !d.hasOrgWord(c.first, c.first+c.n) && !d.hasLocWord(c.first, c.first+c.n) {
				c.typ = article.PER
			}
			if title != "" {
				// "Der Betriebsratsvorsitzende Uwe Kienzle": a title
				// before the name makes it a person, whatever the tag.
				c.typ = article.PER
				if !slices.Contains(c.roles, title) {
					c.roles = append(c.roles, title)
				}
			}
			c.sure = true
			if c.typ != article.PER {
				c.roles, c.gender = nil, ""
			}
			out = append(out, c)
			k = next - 1
		}
	}
	return d.splitGiven(d.splitKnown(d.splitCoordinated(d.joinTagged(d.oneWordMisc(out)))))
}

// oneWordMisc sorts out the tagger's one-word MISC names. A tagger
// trained on CoNLL marks nationality adjectives, currencies and the like
// as MISC ("Nederlandse", "European", "Euro", "GMT"), which are no
// entities of their own here. A one-word MISC is a place when the
// gazetteer knows it, a person's short form when it is a word of a
// tagged person's name ("De Wit" after "Thomas de Wit"), a name when it
// stands in quotation marks, and otherwise no name — nor may the rules
// make one of it ("el PIB" is no organisation).
func (d *doc) oneWordMisc(cands []cand) []cand {
	personWords := map[string]bool{}
	for _, c := range cands {
		if c.typ == article.PER && c.n > 1 {
			for k := c.first; k < c.first+c.n; k++ {
				personWords[d.lower[k]] = true
			}
		}
	}
	out := cands[:0]
	for _, c := range cands {
		if c.typ == article.MISC && c.n == 1 {
			l := d.lower[c.first]
			switch {
			case d.w.Place(l):
				c.typ = article.LOC
			case personWords[l]:
				c.typ = article.PER
			case c.first > 0 && d.opensQuote(c.first-1):
			default:
				d.noNames = append(d.noNames, c.span)
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// sentenceOpens reports whether token k opens the sentence that starts
// at token s, perhaps after punctuation (an opening quotation mark).
func (d *doc) sentenceOpens(s, k int) bool {
	for j := s; j < k; j++ {
		if d.a.Tokens[j].Kind != article.Punct {
			return false
		}
	}
	return true
}

// reportingVerb reports whether token k is a reporting verb of its own
// ("said", "added"), not an auxiliary or a weak verb that is also a
// first name ("Will", "Hope").
func (d *doc) reportingVerb(k int) bool {
	for _, v := range d.w.Verb(d.lower[k]) {
		if !v.Weak && !v.Aux && !v.Copula {
			return true
		}
	}
	return false
}

// untitle returns the part [b, e) of tagged tokens [b, e) that is the
// name, and the title (as the lexicon has it) standing last before it.
// "Kamerlid Fatima Azzouzi", "President Poetin", "Sen. Joni Ernst": a
// title is not part of the name. A title word opens a span of another
// type only in a language that capitalises every noun (the tagger's
// "General Motors" is a company), but an abbreviated title always does.
// Inside the span, the name starts after the last title ("Finance
// Minister Carla Mendes", "U.S. Rep. Steve King"), and an abbreviated
// title at its end is cut off ("Texas Sen." before "Ted Cruz").
func (d *doc) untitle(b, e int, typ string) (int, int, string) {
	title := ""
	for b < e-1 {
		if n := d.titleAt(b); n == 2 || n == 1 && (typ == article.PER || d.w.CapitalisedNouns) {
			title = d.titleText(b, n)
			b += n
			continue
		}
		if d.w.Determiners[d.lower[b]] == "" {
			break
		}
		b++
	}
	for x := b + 1; x < e; x++ {
		n := d.titleAt(x)
		switch {
		case n == 2 && x+n >= e:
			return b, x, title
		case n == 2 && x+n < e, n == 1 && typ == article.PER && d.nameWordsIn(x+1, e) >= 2:
			// A full title word needs two name words after it:
			// "Martin Luther King Jr." has none.
			b, title = x+n, d.titleText(x, n)
			x = b - 1
		}
	}
	return b, e, title
}

// nameWordsIn counts the words in tokens [i, j) that can stand in a
// name by themselves: not a suffix such as "Jr.".
func (d *doc) nameWordsIn(i, j int) int {
	n := 0
	for k := i; k < j; k++ {
		if d.a.Tokens[k].Kind == article.Word && !d.nameSuffix(k) {
			n++
		}
	}
	return n
}

// taggerWords appends to words the words of tokens [i, j) as a tagger
// trained on CoNLL-style text expects them, and to starts the token
// offset (from i) where each begins: an abbreviation keeps its full stop
// ("Sen.", "E.", "U.S.", "Calif."), since a tagger that sees "Gov", "."
// takes the title for a name of its own and an initial's stop for the end
// of the name ("Terry E" and "Branstad" for "Gov. Terry E. Branstad").
func (d *doc) taggerWords(i, j int, words []string, starts []int) ([]string, []int) {
	toks := d.a.Tokens
	for k := i; k < j; k++ {
		starts = append(starts, k-i)
		if d.abbrevStop(k+1) && k+2 < j {
			words = append(words, d.a.Text[toks[k].Start:toks[k+1].End])
			k++
			continue
		}
		words = append(words, d.text(k))
	}
	return words, starts
}

// tokenTags spreads the tags of tagger words over the n tokens they
// cover: a full stop joined to its word continues the word's name.
func tokenTags(wtags []string, starts []int, n int, dst []string) []string {
	for w, t := range wtags {
		if w >= len(starts) {
			break
		}
		end := n
		if w+1 < len(starts) {
			end = starts[w+1]
		}
		for k := starts[w]; k < end; k++ {
			if k > starts[w] && t != "O" {
				t = "I-" + t[2:]
			}
			dst = append(dst, t)
		}
	}
	return dst
}

// joinTagged mends names a tagger cut in two: "Joris ter Wee" (a particle
// between two person parts), "Havenbedrijf Rotterdam" (an organisation
// and the place in its name).
func (d *doc) joinTagged(cands []cand) []cand {
	toks := d.a.Tokens
	out := cands[:0]
	for _, c := range cands {
		if len(out) > 0 {
			p := &out[len(out)-1]
			gap := c.first - (p.first + p.n)
			sameSent := toks[p.first].Sentence == toks[c.first].Sentence
			particles := gap > 0 && gap <= 2
			for g := p.first + p.n; g < c.first; g++ {
				particles = particles && d.w.NameParticles[d.lower[g]] && !isCap(d.text(g))
			}
			if sameSent && p.typ == article.PER && particles && d.titledName(*p) && c.typ == article.PER {
				continue // a portfolio, tagged as more of the name: no person
			}
			if sameSent && (p.typ == article.PER && particles && !d.titledName(*p) ||
				gap == 0 && p.typ == article.ORG && c.typ == article.LOC) {
				p.n = c.first + c.n - p.first
				p.span.End = c.span.End
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// titledName reports whether c is a person named with a title before it
// and with two name words or more: "minister Joris Verhoef". A particle
// and a capitalised word after such a name are a portfolio ("minister
// Joris Verhoef van Klimaat", "staatssecretaris Anna de Vries van
// Financiën"), not more of the name, as the rules have it too.
func (d *doc) titledName(c cand) bool {
	return c.typ == article.PER && len(c.roles) > 0 && c.n >= 2
}

// portfolio returns where a titled person's name ends when a portfolio
// follows it inside the span (see titledName), else 0.
func (d *doc) portfolio(c cand) int {
	if c.typ != article.PER || len(c.roles) == 0 {
		return 0
	}
	toks := d.a.Tokens
	end := c.first + c.n
	for k := c.first + 2; k < end-1; k++ {
		if d.w.NameParticles[d.lower[k]] && !isCap(d.text(k)) && isCap(d.text(k+1)) && toks[k+1].Kind == article.Word {
			// The words before the particle must be a name by themselves:
			// "Anna de Vries", not "Anna de".
			if d.w.NameParticles[d.lower[k-1]] {
				continue
			}
			return k
		}
	}
	return 0
}

// fold lower-cases s and removes diacritics, for comparing names.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// A group is one entity being built from candidates.
type group struct {
	ent   article.Entity
	votes map[string]int // candidate types, for the majority
	key   string
	toks  []string // folded name tokens of the longest name
	first int      // first mention offset, for ordering
}

// cluster groups candidates into entities: the same name, a surname of a
// longer person name, an acronym of a longer organisation name, a
// genitive of a known name.
func (d *doc) cluster(cands []cand) []article.Entity {
	var groups []*group
	byKey := map[string]*group{}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	// Longest names first, so that surnames find their full names.
	slices.SortStableFunc(order, func(x, y int) int { return cands[y].n - cands[x].n })
	for _, ci := range order {
		c := cands[ci]
		name := d.a.Text[c.span.Start:c.span.End]
		key := fold(name)
		g := byKey[key]
		if g == nil && strings.HasSuffix(key, "s") {
			g = byKey[strings.TrimSuffix(key, "s")] // Dutch/German genitive: Pekings
		}
		if g == nil && d.w.InflectedNames {
			g = d.findInflected(groups, key)
		}
		if g == nil {
			if g = d.findPartner(groups, c, key); g != nil {
				c.typ, c.sure = g.ent.Type, true
			}
		}
		if g == nil {
			g = &group{key: key, toks: d.nameWords(name), first: c.span.Start,
				ent: article.Entity{Name: name, Type: c.typ}}
			groups = append(groups, g)
			byKey[key] = g
		}
		if g.votes == nil {
			g.votes = map[string]int{}
		}
		if d.placeHead(c) {
			g.votes[article.LOC] += 4
		} else if c.sure {
			g.votes[c.typ] += 2
		} else {
			g.votes[c.typ]++
		}
		g.ent.Mentions = append(g.ent.Mentions, article.Mention{Start: c.span.Start, End: c.span.End, Text: name, Kind: article.MentionName})
		if c.span.Start < g.first {
			g.first = c.span.Start
		}
		for _, r := range c.roles {
			if !slices.Contains(g.ent.Roles, r) {
				g.ent.Roles = append(g.ent.Roles, r)
			}
		}
		if g.ent.Gender == "" {
			g.ent.Gender = c.gender
		}
	}
	slices.SortFunc(groups, func(x, y *group) int { return x.first - y.first })
	out := make([]article.Entity, len(groups))
	for i, g := range groups {
		g.ent.ID = fmt.Sprintf("e%d", i+1)
		g.ent.Type = majority(g.votes, g.ent.Type)
		if d.w.InflectedNames {
			// Named by its shortest full form, usually the nominative.
			g.ent.Name = g.ent.ShortestFullName()
		}
		if g.ent.Type != article.PER {
			g.ent.Roles, g.ent.Gender = nil, ""
		}
		slices.SortFunc(g.ent.Mentions, func(x, y article.Mention) int { return x.Start - y.Start })
		out[i] = g.ent
	}
	return out
}

// placeHead reports whether a place's head word makes c a place, whatever
// a tagger said: the name opens or closes with one ("River Calder",
// "Calder Valley") or follows one in lower case ("o rio Douro", "il fiume
// Bisagno"), and holds no organisation's word. One such mention outweighs
// the tagger's type for the others ("sobre o Douro").
func (d *doc) placeHead(c cand) bool {
	last := c.first + c.n - 1
	if c.typ == article.MISC || len(c.roles) > 0 || d.hasOrgWord(c.first, last+1) || d.given(c.first) {
		return false // "Cap 2028", "dhr. P. van der Berg", "главы района Сергей Гусев"
	}
	// The head is capitalised as part of the name ("River Calder"), not
	// a lower-case head an organisation's name may end with
	// ("Прокуратура Ленинского района").
	for _, k := range []int{c.first, last} {
		if c.n > 1 && d.w.LocWords[d.lower[k]] && isCap(d.text(k)) {
			return true
		}
	}
	// Only a one-word name after the head: a longer run may be a
	// street's name glued to a person's ("улица Станиславского Ольга
	// Мельникова"), where the person must stay one.
	k := c.first - 1
	return c.n == 1 && k >= 0 && d.a.Tokens[k].Sentence == d.a.Tokens[c.first].Sentence && d.a.Tokens[k].Kind == article.Word &&
		!isCap(d.text(k)) && d.w.LocWords[d.lower[k]]
}

// findInflected returns the group whose name is another case of key, word
// for word (Piotra Nowaka, Piotr Nowak), in a language whose names
// inflect; nil when none or more than one is.
func (d *doc) findInflected(groups []*group, key string) *group {
	kt := strings.Fields(key)
	var found *group
	for _, g := range groups {
		if len(g.toks) != len(kt) || !allInflected(kt, g.toks) {
			continue
		}
		if found != nil {
			return nil
		}
		found = g
	}
	return found
}

func allInflected(a, b []string) bool {
	for i := range a {
		if !sameInflected(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameInflected reports whether two folded words can be case forms of
// one name: equal, or a common stem of three letters or more with
// endings of at most three letters each (Nowak, Nowaka, Nowakiem;
// Волков, Волкова; Андрей, Андрея).
func sameInflected(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	return p >= 3 && len(ra)-p <= maxEnding && len(rb)-p <= maxEnding && p*2 >= max(len(ra), len(rb))
}

// maxEnding bounds the case endings sameInflected sees past a common stem.
const maxEnding = 3

// suffixInflected is suffixOf with case forms: "Nowaka" of "Piotr Nowak".
func suffixInflected(short, long []string) bool {
	if len(short) == 0 || len(short) > len(long) {
		return false
	}
	if allInflected(short, long[len(long)-len(short):]) {
		return true
	}
	return len(short) == 2 && sameInflected(short[0], long[0]) && sameInflected(short[1], long[len(long)-1])
}

// findPartner returns the group a shorter name belongs to: a person's
// surname or first-and-last name, an organisation's acronym.
func (d *doc) findPartner(groups []*group, c cand, key string) *group {
	kt := strings.Fields(key)
	var found *group
	n := 0
	for _, g := range groups {
		toks, typ := g.toks, g.ent.Type
		if len(toks) <= len(kt) {
			continue
		}
		switch {
		case typ == article.PER && (suffixOf(kt, toks) || len(kt) == 1 && kt[0] == toks[0] || d.w.InflectedNames && suffixInflected(kt, toks)):
			found, n = g, n+1
		case typ == article.PER && len(kt) == 1 && d.firstSurname(g.ent.Name, kt[0]):
			found, n = g, n+1
		case typ == article.ORG && len(kt) == len(toks)-1 && slices.Equal(kt, toks[1:]) && d.orgPrefix(g.ent.Name):
			// "Hunzedal" for "SC Hunzedal", "Bayern" for "FC Bayern".
			found, n = g, n+1
		case len(kt) == 1 && isAcronym(d.a.Text[c.span.Start:c.span.End]) && initials(toks) == kt[0]:
			// "WTO" for "World Trade Organization", of any type: the
			// rules may have typed a long name as a person.
			found, n = g, n+1
		}
	}
	if n == 1 {
		return found
	}
	return nil
}

// firstSurname reports whether the folded word w is the first of two
// surnames after a given name, which stands for the person alone where
// names carry both parents' surnames: "Robles" for "Adriana Robles
// Treviño". Not a second given name ("Anna Maria Rossi").
func (d *doc) firstSurname(name, w string) bool {
	words := strings.Fields(name)
	if len(words) != 3 || fold(words[1]) != w {
		return false
	}
	_, given := d.w.FirstNames[words[0]]
	_, second := d.w.FirstNames[words[1]]
	return given && !second
}

// orgPrefix reports whether an organisation's name opens with a short
// form of its kind that the name is also used without: an acronym of two
// to four letters ("SC", "FC", "AFC", "VfB") or an organisation word.
func (d *doc) orgPrefix(name string) bool {
	first, _, ok := strings.Cut(name, " ")
	if !ok {
		return false
	}
	n := utf8.RuneCountInString(first)
	r, _ := utf8.DecodeRuneInString(first)
	return n >= 2 && n <= 4 && unicode.IsUpper(r) && isAcronymish(first) || d.w.OrgWords[strings.ToLower(first)]
}

// isAcronymish reports whether s is mostly capitals, as "SC", "AFC" and
// "VfB" are.
func isAcronymish(s string) bool {
	up := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			up++
		}
	}
	return up*2 > utf8.RuneCountInString(s)
}

// nameWords returns the folded words of name that short forms of it may
// repeat: a generational suffix after the surname is not one of them
// ("James B. Comey Jr." is "Comey" later, "Louis XIV" stays whole). A
// suffix is a listed abbreviation ("Jr.", "Sr.") or a Roman numeral.
func (d *doc) nameWords(name string) []string {
	words := strings.Fields(name)
	if n := len(words); n > 2 && (d.w.Abbreviations[words[n-1]] || isRomanNumeral(words[n-1])) {
		words = words[:n-1]
	}
	return strings.Fields(fold(strings.Join(words, " ")))
}

// isRomanNumeral reports whether s is a Roman numeral of two letters or
// more (II, III, IV), as after a name; "I" and "V" are too often words.
func isRomanNumeral(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("IVXLC", r) {
			return false
		}
	}
	return true
}

// suffixOf reports whether short is a tail of long ("poetin" of "vladimir
// poetin") or its first and last tokens.
func suffixOf(short, long []string) bool {
	if len(short) == 0 {
		return false
	}
	if slices.Equal(short, long[len(long)-len(short):]) {
		return true
	}
	return len(short) == 2 && short[0] == long[0] && short[1] == long[len(long)-1]
}

// initials returns the first letters of the capitalisable words of toks:
// "world trade organization" → "wto".
func initials(toks []string) string {
	var b strings.Builder
	for _, t := range toks {
		switch t {
		case "of", "van", "de", "der", "des", "du", "la", "le", "für", "for", "and", "en", "und", "et", "y", "the":
			continue
		}
		for _, r := range t {
			b.WriteRune(r)
			break
		}
	}
	return b.String()
}

// majority returns the most voted type; ties keep the longest name's type,
// and a person type wins a tie, since titles and surnames are strong cues.
func majority(votes map[string]int, longest string) string {
	best, n := longest, votes[longest]
	for _, t := range []string{article.PER, article.LOC, article.ORG, article.MISC} {
		if votes[t] > n {
			best, n = t, votes[t]
		}
	}
	return best
}
