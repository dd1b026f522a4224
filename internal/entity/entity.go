// Package entity finds the named entities of an article — people,
// organisations, places and other names — and clusters their mentions
// within the article (Vladimir Poetin / Poetin / President Poetin → one
// entity). Names come from a trained tagger where one exists for the
// language, else from capitalisation, context and lexicons; titles and
// role words seen with a name are kept for speaker resolution.
package entity

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// A Tagger labels the words of one sentence with IOB2 tags (B-PER, I-ORG,
// O, …). The trained NER models implement it.
type Tagger interface {
	Tag(words []string, dst []string) []string
}

// A DocTagger tags a whole document at once, so that what it finds in one
// sentence informs the others (a two-stage tagger, see ner.Tagger.TagDoc).
// The entity stage uses it when its tagger has it.
type DocTagger interface {
	TagDoc(doc [][]string, dst [][]string) [][]string
}

// A Recognizer is the "entity" stage.
type Recognizer struct {
	lex     *lexicon.Set
	taggers func(lang string) (Tagger, error)
}

// NewRecognizer returns a recognizer using lex. taggers returns the
// trained tagger of a language, or an error when there is none; it may be
// nil, and then only the rules run.
func NewRecognizer(lex *lexicon.Set, taggers func(lang string) (Tagger, error)) *Recognizer {
	return &Recognizer{lex: lex, taggers: taggers}
}

// Name returns "entity".
func (r *Recognizer) Name() string { return "entity" }

// Process sets a.Entities. It needs a.Tokens and a.Sentences.
func (r *Recognizer) Process(_ context.Context, a *article.Article) error {
	w, err := r.lex.Load(a.Lang)
	if err != nil {
		if w, err = r.lex.Generic(); err != nil {
			return err
		}
	}
	var tg Tagger
	if r.taggers != nil {
		if t, err := r.taggers(a.Lang); err == nil {
			tg = t
		}
	}
	a.Entities = Recognize(a, w, tg)
	return nil
}

// merge combines the tagger's names with the rules': the tagger decides
// what is a name and its type; where a rule name covers a tagged one
// and more ("Joris ter Wee" for a tagged "Joris"), the longer span is
// taken with the tagger's type; rule names the tagger has no entity for
// are kept only when the rules have evidence (a title, a lexicon).
func (d *doc) merge(tagged, rules []cand) []cand {
	out := make([]cand, 0, len(tagged)+len(rules))
	used := make([]bool, len(tagged))
	// Words of the tagged person names: a rule name that is one of them
	// is a short form the tagger missed ("Verbruggen benadrukte").
	personWords := map[string]bool{}
	for _, t := range tagged {
		if t.typ == article.PER {
			for k := t.first; k < t.first+t.n; k++ {
				personWords[stripPossessive(d.lower[k])] = true
			}
		}
	}
	for _, r := range rules {
		var over []int
		for ti, t := range tagged {
			if t.span.Overlaps(r.span) {
				over = append(over, ti)
			}
		}
		if d.noName(r.span) {
			continue
		}
		switch {
		case len(over) == 0:
			if r.n == 1 && personWords[stripPossessive(d.lower[r.first])] {
				r.typ, r.sure = article.PER, true
				out = append(out, r)
			} else if r.sure && r.typ != "" {
				out = append(out, r)
			}
		case len(over) == 1 && r.span.Contains(tagged[over[0]].span) && r.n > tagged[over[0]].n && !d.titleBefore(r, tagged[over[0]]):
			t := tagged[over[0]]
			used[over[0]] = true
			if t.typ == r.typ || t.typ == article.PER || r.typ == "" || !r.sure {
				r.typ = t.typ
			}
			r.sure = true
			out = append(out, r)
		}
	}
	for ti, t := range tagged {
		if !used[ti] {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b cand) int { return a.span.Start - b.span.Start })
	return out
}

// noName reports whether s overlaps a span the tagger marked as no name
// (see tagged).
func (d *doc) noName(s article.Span) bool {
	for _, n := range d.noNames {
		if n.Overlaps(s) {
			return true
		}
	}
	return false
}

// titleBefore reports whether the words a rule name r adds before the
// tagged name t hold a title: "Secretary of State John Kerry" is John
// Kerry with his title, which the tagger saw and the rules did not.
func (d *doc) titleBefore(r, t cand) bool {
	for k := r.first; k < t.first; k++ {
		if d.titleAt(k) > 0 {
			return true
		}
	}
	return false
}

// A cand is a name found in the text, before clustering.
type cand struct {
	span   article.Span
	sure   bool // typ rests on evidence (a title, a lexicon, a tagger), not a default
	first  int  // token index of the first name token
	n      int  // number of name tokens
	typ    string
	roles  []string
	gender string
}

// Recognize finds and clusters the entities of a. tg may be nil.
func Recognize(a *article.Article, w *lexicon.Words, tg Tagger) []article.Entity {
	d := newDoc(a, w)
	var cands []cand
	if tg != nil {
		cands = d.merge(d.tagged(tg), d.rules())
		if w.CapitalisedNouns {
			cands = d.evidentPersons(cands)
		}
	} else {
		cands = d.rules()
	}
	if w.CapitalisedNouns {
		cands = d.dropCommonNouns(cands)
	}
	return d.cluster(d.quotedTitles(cands))
}

// quotedTitles finds the names of works, laws, programmes and campaigns:
// a short capitalised phrase in quotation marks right after a common noun
// that names a kind of work (title_words.txt: "das Förderprogramm
// „Zukunft Klinik 2030“", "el documental «Tierra seca»", "son essai
// « Lyon, ville lente »"). Such a phrase is one MISC name, and the names
// found inside it give way. After other words a quoted name is often a
// paper's or a club's ("w rozmowie z „Rzeczpospolitą”", "интервью
// «Спорт-Экспрессу»"), and a longer phrase is a quotation.
func (d *doc) quotedTitles(cands []cand) []cand {
	toks := d.a.Tokens
	for i := 1; i+2 < len(toks); i++ {
		if !titleOpen[d.lower[i]] || toks[i-1].Kind != article.Word || toks[i-1].Sentence != toks[i].Sentence {
			continue
		}
		prev := d.lower[i-1]
		if !d.titleWord(prev) {
			continue
		}
		end, words := -1, 0
		for k := i + 1; k < len(toks) && k <= i+8 && toks[k].Sentence == toks[i].Sentence; k++ {
			if titleClose[d.lower[k]] && k > i+1 {
				end = k
				break
			}
			if toks[k].Kind != article.Punct {
				words++ // a word or a number: "Fokus 2030"
			} else if d.lower[k] != "," && d.lower[k] != "-" {
				break
			}
		}
		if end < 0 || words == 0 || words > 5 || !isCap(d.text(i+1)) && !unicode.IsDigit([]rune(d.text(i + 1))[0]) {
			continue
		}
		c := d.makeCandFrom(cand{}, i+1, end)
		c.typ, c.sure = article.MISC, true
		if r, ok := d.w.Role(prev); ok && r.Type == article.ORG || d.w.OrgWords[prev] {
			c.typ = article.ORG
		}
		out := cands[:0:0]
		for _, o := range cands {
			if !c.span.Contains(o.span) {
				out = append(out, o)
			}
		}
		out = append(out, c)
		slices.SortFunc(out, func(a, b cand) int { return a.span.Start - b.span.Start })
		cands = out
		i = end
	}
	return cands
}

// titleWord reports whether l names a kind of work, law or programme
// (title_words.txt), or is a compound that ends in one ("Sparprogramm").
func (d *doc) titleWord(l string) bool {
	if d.w.TitleWords[l] {
		return true
	}
	for t := range d.w.TitleWords {
		if len(t) >= 5 && len(l) > len(t)+2 && strings.HasSuffix(l, t) {
			return true
		}
	}
	return false
}

var (
	titleOpen  = map[string]bool{"«": true, "„": true, "“": true, "\"": true, "»": true, "‹": true}
	titleClose = map[string]bool{"»": true, "“": true, "”": true, "\"": true, "«": true, "›": true}
)

type doc struct {
	a     *article.Article
	w     *lexicon.Words
	ctry  countryNames
	lower []string // lower-cased token texts
	// capSeen holds words seen capitalised away from a sentence start;
	// lowSeen words seen in lower case: a capitalised sentence-initial
	// word is a name only if seen capitalised elsewhere and never lower.
	capSeen map[string]bool
	lowSeen map[string]bool
	// headline marks sentences in title case ("Hillary Clinton Was
	// Headed to ER"), where capitals say nothing about names.
	headline map[int]bool
	// noNames holds the spans of words a tagger marked as a kind of
	// word that is no entity here (a one-word MISC: "Nederlandse", "PIB").
	noNames []article.Span
}

func newDoc(a *article.Article, w *lexicon.Words) *doc {
	d := &doc{a: a, w: w, ctry: countries(w.Lang), lower: make([]string, len(a.Tokens)),
		capSeen: map[string]bool{}, lowSeen: map[string]bool{}, headline: map[int]bool{}}
	words, caps := map[int]int{}, map[int]int{}
	for _, t := range a.Tokens {
		if t.Kind == article.Word && utf8.RuneCountInString(a.Text[t.Start:t.End]) > 3 {
			words[t.Sentence]++
			if isCap(a.Text[t.Start:t.End]) {
				caps[t.Sentence]++
			}
		}
	}
	for s, n := range words {
		if n >= 5 && caps[s] == n {
			d.headline[s] = true
		}
	}
	for i, t := range a.Tokens {
		s := a.Text[t.Start:t.End]
		l := strings.ToLower(s)
		d.lower[i] = l
		if t.Kind != article.Word {
			continue
		}
		if isCap(s) {
			if !d.initial(i) && !d.headline[t.Sentence] {
				d.capSeen[l] = true
			}
		} else {
			d.lowSeen[l] = true
		}
	}
	return d
}

func (d *doc) text(i int) string {
	t := d.a.Tokens[i]
	return d.a.Text[t.Start:t.End]
}

// isCap reports whether s starts with an upper-case letter.
func isCap(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

// isAcronym reports whether s is all upper-case letters, two or more.
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsUpper(r) && r != '.' && r != '&' {
			return false
		}
		n++
	}
	return n >= 2
}

// initial reports whether token i starts a sentence or a quotation, where
// every word is capitalised.
func (d *doc) initial(i int) bool {
	toks := d.a.Tokens
	if i == 0 || toks[i-1].Sentence != toks[i].Sentence {
		return true
	}
	for j := i - 1; j >= 0 && toks[j].Sentence == toks[i].Sentence; j-- {
		if toks[j].Kind != article.Punct {
			return false
		}
		switch d.lower[j] {
		case "“", "\"", "„", "«", "»", "‘", "'", "‚", ":", "—", "–", "-", "(", "[":
			return true
		}
	}
	return true
}

// functionWord reports whether the lower-cased word l can never be a name
// on its own: stop words, pronouns, determiners, reporting verbs, …
func (d *doc) functionWord(l string) bool {
	w := d.w
	if w.Stopwords[l] || w.Prepositions[l] || w.Complementizers[l] || w.TimeWords[l] || w.Negations[l] {
		return true
	}
	if _, ok := w.Pronouns[l]; ok {
		return true
	}
	if _, ok := w.ObjectPronouns[l]; ok {
		return true
	}
	if _, ok := w.Determiners[l]; ok {
		return true
	}
	if len(w.SpeechVerbs[l]) > 0 {
		return true
	}
	return false
}

// nameToken reports whether token i can be part of a name.
func (d *doc) nameToken(i int) bool {
	t := d.a.Tokens[i]
	if t.Kind != article.Word {
		return false
	}
	s := d.text(i)
	if !isCap(s) {
		return false
	}
	l := d.lower[i]
	if _, ok := d.w.Demonyms[l]; ok {
		return false
	}
	if d.headline[t.Sentence] && !d.strong(i) {
		return false
	}
	if d.initial(i) {
		if d.functionWord(l) || d.lowSeen[l] {
			return false
		}
	} else if d.w.TimeWords[l] {
		return false
	}
	return true
}

// strong reports whether a single sentence-initial token has evidence of
// being a name beyond its capital letter.
func (d *doc) strong(i int) bool {
	l := d.lower[i]
	if d.capSeen[stripPossessive(l)] || d.capSeen[l] {
		return true
	}
	if _, ok := d.ctry[l]; ok {
		return true
	}
	if _, ok := d.w.FirstNames[d.text(i)]; ok {
		return true
	}
	return isAcronym(d.text(i))
}

func stripPossessive(s string) string {
	for _, suf := range []string{"’s", "'s", "’", "'"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// rules finds names by capitalisation.
func (d *doc) rules() []cand {
	toks := d.a.Tokens
	var out []cand
	for i := 0; i < len(toks); i++ {
		if !d.nameToken(i) {
			continue
		}
		// A title before a name is not part of it: "President Poetin".
		if d.isTitle(d.lower[i]) && i+1 < len(toks) && toks[i+1].Sentence == toks[i].Sentence && d.nameToken(i+1) {
			continue
		}
		// "Nach Angaben der Polizei", "Nach Ansicht von …": a word of a
		// source phrase the lexicon knows is no name.
		if d.inSourcePhrase(i) {
			continue
		}
		// "der Menschenrechtsorganisation Steppenwacht", "die
		// Nachrichtenagentur Interfax": a compound noun for a kind of
		// organisation is not part of the name that follows it (the
		// bare head may be: "Organisation Amerikanischer Staaten").
		if d.orgKindCompound(i) && i+1 < len(toks) && toks[i+1].Sentence == toks[i].Sentence && d.nameToken(i+1) {
			continue
		}
		// "Sen. Bernie Sanders", "Mr. Obama": an abbreviated title.
		if i+2 < len(toks) && d.lower[i+1] == "." && toks[i+1].Start == toks[i].End && d.isTitle(d.lower[i]+".") && d.nameToken(i+2) {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].Sentence == toks[i].Sentence {
			// "Texas Sen. Ted Cruz": an abbreviated title ends the run.
			if d.nameToken(j) && !d.initial(j) && d.titleAt(j) != 2 {
				j++
				continue
			}
			// "Vincenzo Russo", "Pierre Lallemand": a capitalised demonym
			// right after a first name is a surname.
			if j == i+1 && isCap(d.text(j)) && toks[j].Kind == article.Word && !d.initial(j) {
				if _, dem := d.w.Demonyms[d.lower[j]]; dem {
					if _, first := d.w.FirstNames[d.text(i)]; first {
						j++
						continue
					}
				}
			}
			// "George W. Bush": an initial and its full stop; "J. de
			// Vries", "J. van der Berg": particles may follow it.
			if d.lower[j] == "." && toks[j].Start == toks[j-1].End && utf8.RuneCountInString(d.text(j-1)) == 1 {
				k := j + 1
				for k < len(toks) && toks[k].Sentence == toks[i].Sentence && d.w.NameParticles[d.lower[k]] && !isCap(d.text(k)) {
					k++
				}
				if k < len(toks) && toks[k].Sentence == toks[i].Sentence && d.nameToken(k) {
					j = k
					continue
				}
			}
			// Lower-case particles inside names: "Ministerie van Buitenlandse Zaken", "Ludwig van Beethoven".
			// "Annelies Verbruggen van Volkshuisvesting" is a name and
			// a portfolio: a particle continues a one-word run, an
			// organisation's name or a place's ("Vila Nova de Gaia").
			// "Trump and Mr. Cruz": a title after a particle starts another name.
			if d.w.NameParticles[d.lower[j]] && j+1 < len(toks) && toks[j+1].Sentence == toks[i].Sentence && d.nameToken(j+1) && d.titleAt(j+1) == 0 && !isCap(d.text(j)) && (j-i == 1 || d.hasOrgWord(i, j) || d.hasLocWord(i, j) || d.w.Place(d.lowerSpan(i, j+2))) {
				j += 2
				continue
			}
			// "Veiligheids- en Defensieraad": a hyphenated first half.
			if d.lower[j] == "-" && toks[j].Start == toks[j-1].End && j+2 < len(toks) && (d.lower[j+1] == "en" || d.lower[j+1] == "and" || d.lower[j+1] == "und" || d.lower[j+1] == "et" || d.lower[j+1] == "y") && d.nameToken(j+2) {
				j += 3
				continue
			}
			break
		}
		if d.w.LowercaseOrgNames && j == i+1 && d.w.OrgWords[d.lower[i]] {
			j = d.orgTail(i, j)
		} else if d.w.LowercaseOrgNames && d.w.InflectedNames {
			// "Западно-Сибирское управление", "Прокуратура Свердловской
			// области": the run's last word opens a lower-case head.
			j = d.adjectiveOrg(j-1, j)
		}
		// "Finance Minister Carla Mendes": the name starts after the
		// last title of the run.
		// "Martin Luther King Jr.": not when only a suffix follows.
		for k := j - 2; k > i; k-- {
			if d.isTitle(d.lower[k]) && !(k+2 == j && d.nameSuffix(k+1)) {
				i = k + 1
				break
			}
		}
		i0 := i
		var front bool
		i, j, front = d.trimRun(i, j)
		if front {
			// A country split off the front is its own name: "China Rusland".
			out = append(out, d.makeCand(i0, i))
		}
		// "компании «Сибтеплосеть»", "клуб «Волжские волки»", "АО
		// «Тагильские тепловые сети»": a name in quotation marks right
		// after an organisation's noun or legal form names it.
		if end := d.quotedOrgName(i); end > 0 {
			c := d.makeCand(i, end)
			c.typ, c.sure = article.ORG, true
			out = append(out, c)
			i = end - 1
			continue
		}
		c := d.makeCand(i, j)
		if c.n == 1 && d.isTitle(d.lower[i]) {
			i = j - 1
			continue // "Мэр", "Capitaine": a role, not a name
		}
		if c.n == 1 && d.initial(i) && !d.strong(i) {
			i = j - 1
			continue
		}
		out = append(out, c)
		i = j - 1
	}
	if d.w.CapitalisedNouns {
		out = d.keepEvident(out)
	}
	return d.splitGiven(d.splitKnown(d.splitCoordinated(out)))
}

// quotedOrgName returns the end of a name that opens at token i right
// after a quotation mark that follows an organisation's noun ("компании",
// "club", OrgWords or an ORG role) or a short legal form in capitals
// ("АО", "ООО", "ТОВ"), and closes at the next quotation mark within five
// words; or -1.
func (d *doc) quotedOrgName(i int) int {
	toks := d.a.Tokens
	if i < 2 || toks[i-1].Kind != article.Punct || toks[i-2].Sentence != toks[i].Sentence || !d.opensQuote(i-1) {
		return -1
	}
	l := d.lower[i-2]
	r, role := d.w.Roles[l]
	legal := isAcronym(d.text(i-2)) && utf8.RuneCountInString(l) <= 4
	if !d.w.OrgWords[l] && !(role && r.Type == article.ORG) && !legal {
		return -1
	}
	for k := i + 1; k < len(toks) && k <= i+5 && toks[k].Sentence == toks[i].Sentence; k++ {
		if toks[k].Kind != article.Punct {
			continue
		}
		if closingMark[d.lower[k]] {
			return k
		}
		if d.lower[k] != "-" {
			return -1
		}
	}
	return -1
}

// Quotation marks that open and close a short quoted name. Not the
// lexicon's pairs: there ” and » open too (Swedish, German), which after
// a word ends a quotation (", done,” Norwegian").
var (
	openingMark = map[string]bool{"«": true, "„": true, "“": true, "\"": true, "‹": true}
	closingMark = map[string]bool{"»": true, "“": true, "”": true, "\"": true, "›": true}
)

// opensQuote reports whether token k opens a short quoted name.
func (d *doc) opensQuote(k int) bool { return openingMark[d.lower[k]] }

// adjectiveOrg extends a capitalised word over the lower-case words
// after it up to an organisation's (or a place's) head noun, where a name is
// capitalised at its first word only and may open with adjectives
// (Russian, Ukrainian): "Центрального банка", "Львівська міська рада",
// "Европейский инвестиционный банк"; then over the head's lower-case
// complement ("Западно-Сибирское управление по гидрометеорологии" stops
// at the preposition). It returns the new end of the run.
func (d *doc) adjectiveOrg(i, j int) int {
	toks := d.a.Tokens
	if _, role := d.w.Role(d.lower[i]); role || d.isTitle(d.lower[i]) {
		return j // "Президент клуба Марат Галиев": a title and its complement
	}
	for k := j; k < len(toks) && k <= j+2 && toks[k].Sentence == toks[i].Sentence; k++ {
		l := d.lower[k]
		if toks[k].Kind != article.Word || isCap(d.text(k)) || d.functionWord(l) || d.w.VerbLike(l) {
			return j
		}
		if d.w.OrgWords[l] {
			return d.orgTail(i, k+1)
		}
		if d.w.LocWords[l] {
			return k + 1 // "Новосибирская область", "Ленинский район"
		}
	}
	return j
}

// orgTail extends an organisation name whose capitalised head is token
// i, in a language whose organisation names go on in lower case:
// "Agence régionale de santé Provence-Alpes-Côte d’Azur", "Banque
// centrale européenne", "Agenzia delle entrate". It takes up to
// maxOrgTail lower-case words and particles after the head — no function
// word, verb or complementizer, and never a particle last — then a name
// right after them. It returns the new end of the run.
func (d *doc) orgTail(i, j int) int {
	toks := d.a.Tokens
	sent := toks[i].Sentence
	end := j
	for k := j; k < len(toks) && k < j+maxOrgTail && toks[k].Sentence == sent; k++ {
		l := d.lower[k]
		// "publique-Hôpitaux": a hyphen inside a word joins its halves.
		if l == "-" && k > j && k+1 < len(toks) && toks[k].Start == toks[k-1].End && toks[k+1].Start == toks[k].End && toks[k+1].Kind == article.Word {
			k++
			end = k + 1
			continue
		}
		if toks[k].Kind != article.Word || isCap(d.text(k)) {
			break
		}
		if d.w.NameParticles[l] {
			// "de la Vivienda", but not "la Generalitat la declaración",
			// "il Senato la prossima settimana": an article is part of the
			// name only after another particle.
			if _, det := d.w.Determiners[l]; det && !d.w.Prepositions[l] && !d.w.NameParticles[d.lower[k-1]] {
				break
			}
			continue
		}
		if d.w.Stopwords[l] || d.w.Complementizers[l] || len(d.w.Verb(l)) > 0 || d.w.Prepositions[l] || d.w.TimeWords[l] || d.w.VerbLike(l) {
			break
		}
		end = k + 1
	}
	if end == j {
		return j
	}
	// A name right after the lower-case words belongs to the organisation
	// ("… de santé Provence-Alpes-Côte d’Azur"); a particle may come first.
	for k := end; k < len(toks) && toks[k].Sentence == sent; {
		if d.nameToken(k) {
			k++
			end = k
			continue
		}
		if d.w.NameParticles[d.lower[k]] && !isCap(d.text(k)) && k+1 < len(toks) && toks[k+1].Sentence == sent && d.nameToken(k+1) {
			k++ // "de Marseille", "d’Azur"
			continue
		}
		break
	}
	return end
}

// maxOrgTail bounds the lower-case words of an organisation name.
const maxOrgTail = 5

// evidentPersons drops, in a language that capitalises every noun, the
// persons a tagger found without a first name, a title or a role beside
// them, unless they are the short form of such a person: a weakly
// trained tagger takes "Kubikmeter Flusswasser" for a name.
func (d *doc) evidentPersons(cands []cand) []cand {
	evident := func(c cand) bool {
		if len(c.roles) > 0 {
			return true
		}
		_, first := d.w.FirstNames[d.text(c.first)]
		return first && c.n > 1
	}
	words := map[string]bool{}
	for _, c := range cands {
		if c.typ == article.PER && evident(c) {
			for k := c.first; k < c.first+c.n; k++ {
				words[stripPossessive(d.lower[k])] = true
			}
		}
	}
	out := cands[:0]
	for _, c := range cands {
		if c.typ == article.PER && !evident(c) && !(c.n == 1 && words[stripPossessive(d.lower[c.first])]) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// dropCommonNouns drops, in a language that capitalises every noun, a
// one-word name that is a common noun after a determiner: a role noun or
// the head word of an organisation or place used alone ("der Konzern",
// "die Gewerkschaft", "den Kreis"). Capitalised as every noun is, it
// names no one by itself; the quote stage resolves such a noun to the
// organisation it refers to. A place the gazetteer knows and an acronym
// stay names.
func (d *doc) dropCommonNouns(cands []cand) []cand {
	out := cands[:0]
	for _, c := range cands {
		if c.n == 1 && c.first > 0 && d.w.Determiners[d.lower[c.first-1]] != "" && d.commonNoun(c.first) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// commonNoun reports whether token i is a role noun or an organisation's
// or place's head word, also in the genitive ("des Konzerns"), and not a
// name the gazetteer knows, an acronym or the compound of an
// organisation's word in the genitive, which names the one body of that
// organisation ("Bundestag", "Bundesrat": the federation's).
func (d *doc) commonNoun(i int) bool {
	l := stripPossessive(d.lower[i])
	if d.w.Places[l] || isAcronym(d.text(i)) {
		return false
	}
	forms := func(l string) []string { return []string{l, strings.TrimSuffix(l, "s"), strings.TrimSuffix(l, "es")} }
	for _, f := range forms(l) {
		if _, role := d.w.Roles[f]; role || d.w.OrgWords[f] || d.w.LocWords[f] {
			for n := 3; n+3 <= len(f); n++ {
				if p := f[:n]; strings.HasSuffix(p, "s") && d.w.OrgWords[forms(p)[2]] {
					return false
				}
			}
			return true
		}
	}
	return false
}

// keepEvident keeps, in a language that capitalises every noun, the
// names with evidence beyond the capital letter — a title, a first name,
// a lexicon — and the short forms of those names.
func (d *doc) keepEvident(cands []cand) []cand {
	words := map[string]bool{}
	for _, c := range cands {
		if c.sure && c.typ == article.PER {
			for k := c.first; k < c.first+c.n; k++ {
				words[stripPossessive(d.lower[k])] = true
			}
		}
	}
	out := cands[:0]
	for _, c := range cands {
		switch {
		case c.sure:
		case c.n == 1 && words[stripPossessive(d.lower[c.first])]:
			c.typ, c.sure = article.PER, true
		case c.n == 1 && isAcronym(d.text(c.first)):
		default:
			continue
		}
		out = append(out, c)
	}
	return out
}

// splitKnown splits a single-word name that is known on its own off the
// end of an organisation name that runs into it: "het ministerie van
// Buitenlandse Zaken Xi" → the ministry and Xi.
func (d *doc) splitKnown(cands []cand) []cand {
	single := map[string]bool{}
	for _, c := range cands {
		if c.n == 1 {
			single[d.lower[c.first]] = true
		}
	}
	for k := 0; k < len(cands); k++ {
		c := cands[k]
		last := c.first + c.n - 1
		if c.n < 3 || c.typ != article.ORG || !single[d.lower[last]] || d.w.NameParticles[d.lower[last-1]] {
			continue
		}
		head := d.makeCandFrom(c, c.first, last)
		tail := d.makeCand(last, last+1)
		cands = append(cands[:k], append([]cand{head, tail}, cands[k+1:]...)...)
		k++
	}
	return cands
}

// splitGiven splits a name where a person's full name follows another
// name with no word between: "prezes Stoczni Nordwest Krzysztof
// Wierzbicki", "глава ЖКХ Дмитрий Соколов", "radny Nowej Huty Andrzej
// Kowalczyk" — the genitive or apposition before the person names where
// the person works. The split falls at a known given name with at least
// one more word after it, where a title or role noun stands right before
// the run, the run does not open with a given name ("María José García"),
// the word before is no given name, no particle and no organisation's or
// place's word ("Universidad Rey Juan Carlos", "Hospital Gregorio
// Marañón" are named after people) and no patronymic follows. Without a
// role before it the quote stage reads the first name of such a run as
// the speaker ("a écrit sur X Jean-Baptiste Roux"), so it stays whole.
func (d *doc) splitGiven(cands []cand) []cand {
	for ci := 0; ci < len(cands); ci++ {
		c := cands[ci]
		end := c.first + c.n
		if c.n < 3 || d.given(c.first) || !d.afterRole(c.first) {
			continue
		}
		for k := c.first + 1; k+1 < end; k++ {
			if !d.given(k) || d.given(k-1) || d.a.Tokens[k-1].Kind != article.Word || d.w.NameParticles[d.lower[k-1]] ||
				d.w.OrgWords[d.lower[k-1]] || d.w.LocWords[d.lower[k-1]] || !isCap(d.text(k+1)) || d.w.Patronymic(d.lower[k+1]) {
				continue
			}
			// The name before the person is where they work, never a
			// person, though a title stands before it ("prezes Stoczni
			// Nordwest Krzysztof Wierzbicki").
			head := d.makeCand(c.first, k)
			if head.typ == article.PER {
				head.typ, head.roles, head.gender = article.ORG, nil, ""
				if d.isPlace(head) {
					head.typ = article.LOC
				}
			}
			person := d.makeCandFrom(c, k, end)
			person.typ, person.sure = article.PER, true
			cands = append(cands[:ci], append([]cand{head, person}, cands[ci+1:]...)...)
			ci++
			break
		}
	}
	return cands
}

// afterRole reports whether the word before token k is a title or a
// person's role noun, whose complement names where the person works:
// "prezes Stoczni Nordwest Krzysztof Wierzbicki".
func (d *doc) afterRole(k int) bool {
	if k == 0 || d.a.Tokens[k-1].Sentence != d.a.Tokens[k].Sentence {
		return false
	}
	if d.isTitle(d.lower[k-1]) {
		return true
	}
	r, ok := d.w.Role(d.lower[k-1])
	return ok && r.Type == article.PER
}

// given reports whether token k is a known given name.
func (d *doc) given(k int) bool {
	_, ok := d.w.FirstNames[d.text(k)]
	return ok
}

// splitCoordinated splits a person's name at particles where the words
// on both sides are names of their own: "Clinton and Sanders" in an
// article that names Hillary Clinton and Bernie Sanders, "Hillary Clinton
// and Bernie Sanders", while "Ludwig van Beethoven" and "José Ortega y
// Gasset" stay whole. A side is a name of its own when it has two words
// or more, or is the surname of another person, or a person's name alone.
func (d *doc) splitCoordinated(cands []cand) []cand {
	// Twice: the full names split off in the first pass ("Anna Smit and
	// Piet Boer") make the surnames that split the short forms ("Smit
	// and Boer") in the second.
	for range 2 {
		cands = d.splitOnce(cands)
	}
	return cands
}

func (d *doc) splitOnce(cands []cand) []cand {
	// surname → the person names ending with it: the word alone
	// ("Sanders said"), or after a given name rather than a particle
	// ("Bernie Sanders", not "Piet van der Berg").
	fullNames := map[string]map[string]bool{}
	for _, c := range cands {
		if c.typ == article.PER && (c.n == 1 || !d.w.NameParticles[d.lower[c.first+c.n-2]]) {
			last := stripPossessive(d.lower[c.first+c.n-1])
			if fullNames[last] == nil {
				fullNames[last] = map[string]bool{}
			}
			fullNames[last][d.lowerSpan(c.first, c.first+c.n)] = true
		}
	}
	own := func(i, j int, whole string) bool {
		if j-i >= 2 {
			return true
		}
		for full := range fullNames[stripPossessive(d.lower[i])] {
			if full != whole {
				return true
			}
		}
		return false
	}
	// The last particle where both sides are names splits: "Anna van
	// Dijk and Piet van Dijk" at "and"; the part before may split again.
	var split func(c cand, whole string) []cand
	split = func(c cand, whole string) []cand {
		end := c.first + c.n
		for m := end - 1; m > c.first+1; m-- {
			if !d.particleAt(m - 1) {
				continue
			}
			k := m - 1
			for k > c.first+1 && d.particleAt(k-1) {
				k--
			}
			if own(c.first, k, whole) && own(m, end, whole) {
				right := d.makeCandFrom(c, m, end)
				right.roles, right.gender = nil, ""
				return append(split(d.makeCandFrom(c, c.first, k), whole), right)
			}
			m = k
		}
		return []cand{c}
	}
	var out []cand
	for _, c := range cands {
		if c.typ != article.PER || c.n < 3 {
			out = append(out, c)
			continue
		}
		out = append(out, split(c, d.lowerSpan(c.first, c.first+c.n))...)
	}
	return out
}

// particleAt reports whether token k is a lower-case name particle.
func (d *doc) particleAt(k int) bool {
	return d.w.NameParticles[d.lower[k]] && !isCap(d.text(k))
}

// lowerSpan returns the lower-cased words of tokens [i, j), space-separated.
func (d *doc) lowerSpan(i, j int) string {
	return strings.Join(d.lower[i:j], " ")
}

// makeCandFrom returns c cut to tokens [i, j), keeping its type.
func (d *doc) makeCandFrom(c cand, i, j int) cand {
	toks := d.a.Tokens
	c.first, c.n = i, j-i
	c.span = article.Span{Start: toks[i].Start, End: toks[j-1].End}
	return c
}

// isTitle reports whether l is a title or a person's role noun, which
// stands before names without being part of them ("Kamerlid Azzouzi").
func (d *doc) isTitle(l string) bool {
	if _, ok := d.w.Title(l); ok {
		return true
	}
	r, ok := d.w.Role(l)
	return ok && r.Type == article.PER
}

// titleAt returns how many tokens the title at token i takes: 1 for a
// word ("President", "Kamerlid"), 2 for an abbreviation and its full stop
// ("Sen.", "Dr.", "dhr.", "M."), also when the lexicon lists it without
// the stop (French "Dr", "Pr"), 0 when there is none.
func (d *doc) titleAt(i int) int {
	if i >= len(d.lower) {
		return 0
	}
	if d.abbrevStop(i+1) && (d.isTitle(d.lower[i]+".") || d.isTitle(d.lower[i]) && d.a.Tokens[i].End-d.a.Tokens[i].Start <= 4) {
		return 2
	}
	if d.isTitle(d.lower[i]) {
		return 1
	}
	return 0
}

// titleText returns the title of n tokens at i as the lexicon has it:
// "sen.", or French "dr" for "Dr.".
func (d *doc) titleText(i, n int) string {
	if n == 2 && !d.isTitle(d.lower[i]+".") {
		return d.lower[i]
	}
	return strings.Join(d.lower[i:i+n], "")
}

// abbrevStop reports whether token k is a full stop that ends the word
// before it rather than the sentence: it touches the word, and the
// segmenter did not end the sentence there ("Gov. Terry E. Branstad",
// "D-Calif.)"). A dot between two words ("Breitbart.com") is no stop.
func (d *doc) abbrevStop(k int) bool {
	toks := d.a.Tokens
	if k < 1 || k+1 >= len(toks) || d.lower[k] != "." || toks[k-1].Kind != article.Word {
		return false
	}
	return toks[k-1].End == toks[k].Start && toks[k+1].Sentence == toks[k].Sentence &&
		(toks[k+1].Start > toks[k].End || toks[k+1].Kind == article.Punct)
}

// abbrevEnd reports whether token k is the full stop of a listed
// abbreviation ("Jr.", "Inc."), which belongs to a name that ends with it.
func (d *doc) abbrevEnd(k int) bool {
	return d.abbrevStop(k) && d.w.Abbreviations[d.text(k-1)+"."]
}

// nameSuffix reports whether token k is a generational suffix after a
// name: a listed abbreviation with its stop ("Jr.", "Sr.") or a Roman
// numeral ("III").
func (d *doc) nameSuffix(k int) bool {
	return k+1 < len(d.lower) && d.abbrevEnd(k+1) || isRomanNumeral(d.text(k))
}

// hasOrgWord reports whether a token in [i, j) is an organisation word.
// lowerHead reports whether c holds an organisation's or a place's head
// noun in lower case, as names that go on in lower case do ("Генеральной
// прокуратуры", "Новосибирской области"); a capitalised one may be a
// person's surname ("P. van der Berg").
func (d *doc) lowerHead(c cand) bool {
	for k := c.first; k < c.first+c.n; k++ {
		if (d.w.OrgWords[d.lower[k]] || d.w.LocWords[d.lower[k]]) && !isCap(d.text(k)) {
			return true
		}
	}
	return false
}

func (d *doc) hasOrgWord(i, j int) bool { return d.hasWord(i, j, d.w.OrgWords) }

func (d *doc) hasLocWord(i, j int) bool { return d.hasWord(i, j, d.w.LocWords) }

// hasWord reports whether one of the tokens [i, j) is in words.
func (d *doc) hasWord(i, j int, words map[string]bool) bool {
	for k := i; k < j; k++ {
		if words[d.lower[k]] {
			return true
		}
	}
	return false
}

// isPlace reports whether the gazetteer knows c's whole name as a place.
func (d *doc) isPlace(c cand) bool {
	return d.w.Place(strings.ToLower(d.a.Text[c.span.Start:c.span.End]))
}

// trimRun splits a run of name tokens [i, j) where two names stand side
// by side: a country name first ("China Rusland"), or a portfolio after a
// title ("minister van Buitenlandse Zaken Antony Blinken": the person is
// the last two words). It returns the part that is the main name.
func (d *doc) trimRun(i, j int) (start, end int, front bool) {
	if j-i >= 2 {
		if _, ok := d.ctry[d.lower[i]]; ok {
			if _, whole := d.ctry[strings.ToLower(d.a.Text[d.a.Tokens[i].Start:d.a.Tokens[j-1].End])]; !whole {
				return i + 1, j, true
			}
		}
	}
	if j-i >= 3 && i >= 2 && d.w.NameParticles[d.lower[i-1]] {
		if _, ok := d.w.Titles[d.lower[i-2]]; ok {
			return j - 2, j, false
		}
	}
	return i, j, false
}

// makeCand builds the candidate for name tokens [i, j), with its type from
// the rules, its titles and its possessive stripped.
func (d *doc) makeCand(i, j int) cand {
	toks := d.a.Tokens
	if j-i >= 2 && j < len(toks) && d.abbrevEnd(j) {
		j++ // "James B. Comey Jr.": the suffix keeps its stop
	}
	c := cand{first: i, n: j - i, span: article.Span{Start: toks[i].Start, End: toks[j-1].End}}
	last := d.text(j - 1)
	if p := stripPossessive(last); len(p) < len(last) {
		c.span.End -= len(last) - len(p)
	}
	d.context(&c)
	if c.typ != "" {
		c.sure = true
	} else {
		c.typ, c.sure = d.ruleType(c)
	}
	return c
}

// context looks left of a name for titles, role nouns and
// "ministerie van", and extends organisations over them.
func (d *doc) context(c *cand) {
	toks := d.a.Tokens
	k := c.first - 1
	sent := toks[c.first].Sentence
	// "het ministerie van Buitenlandse Zaken": an organisation head noun
	// in lower case before "van"/"of".
	if k >= 2 && toks[k].Sentence == sent && d.w.NameParticles[d.lower[k]] && d.w.NameParticles[d.lower[k-1]] && !isCap(d.text(k-1)) {
		k-- // "le ministère de la Santé": two particles
	}
	if k >= 1 && toks[k].Sentence == sent && d.w.NameParticles[d.lower[k]] {
		head := d.lower[k-1]
		if d.w.OrgWords[head] {
			start := k - 1
			if start >= 1 && toks[start-1].Sentence == sent && isCap(d.text(start-1)) && toks[start-1].Kind == article.Word && !d.functionWord(d.lower[start-1]) {
				start-- // "Chinese ministerie", "Russian Ministry"
			}
			c.span.Start = toks[start].Start
			c.n += c.first - start
			c.first = start
			c.typ = article.ORG
			return
		}
	}
	// "branchevereniging Vastgoed Verhuur Nederland", "rechtbank
	// Rotterdam": a lower-case organisation noun right before a name
	// makes it an organisation; before a place it joins the name.
	// Not when the noun ends a name that opens with a capitalised
	// adjective ("Генеральной прокуратуры Анна Белова"), nor before a
	// known first name.
	_, firstName := d.w.FirstNames[d.text(c.first)]
	tailOfName := k >= 1 && toks[k-1].Sentence == sent && toks[k-1].Kind == article.Word && isCap(d.text(k-1))
	if k >= 0 && toks[k].Sentence == sent && !isCap(d.text(k)) && !(firstName && c.n > 1) && !tailOfName {
		if r, ok := d.w.Roles[d.lower[k]]; ok && r.Type == article.ORG {
			if typ, sure := d.ruleType(*c); sure && typ == article.LOC {
				c.span.Start = toks[k].Start
				c.first, c.n = k, c.n+1
			}
			c.typ = article.ORG
			return
		}
	}
	// Titles and role nouns right before the name, possibly with a
	// portfolio between: "minister van Buitenlandse Zaken Antony Blinken",
	// "Ambassador Henrik Solvang". Only particles and capitalised words
	// may stand between the title and the name.
	for j := c.first - 1; j >= 0 && j >= c.first-6 && toks[j].Sentence == sent; j-- {
		l := d.lower[j]
		// "Sen. Joni Ernst", "Lt. Gen. Mick Bednarek": an abbreviated title.
		if j >= 1 && d.titleAt(j-1) == 2 {
			j--
			l = d.titleText(j, 2)
		}
		if g, ok := d.w.Title(l); ok {
			c.roles = append(c.roles, l)
			if g != "" && c.gender == "" {
				c.gender = g
			}
			// A title before an organisation's or a place's name is
			// someone's in it ("представитель Генеральной прокуратуры",
			// "Губернатор Новосибирской области Андрей Травников").
			if c.typ == "" && !d.lowerHead(*c) && !d.isPlace(*c) {
				c.typ = article.PER
			}
			continue
		}
		if r, ok := d.w.Role(l); ok && r.Type == article.PER {
			// A role noun is weaker evidence than a title ("de Chinese
			// leider Moskou" is a role and a place): it types nothing.
			c.roles = append(c.roles, l)
			if r.Gender != "" && c.gender == "" {
				c.gender = r.Gender
			}
			continue
		}
		// A portfolio may stand between title and name ("minister van
		// Buitenlandse Zaken Antony Blinken"), but "topdiplomaat van
		// Washington" is a role of a place: a particle needs words after it.
		if d.w.NameParticles[l] && j+1 < c.first || (toks[j].Kind == article.Word && isCap(d.text(j))) {
			continue
		}
		// Where names inflect there are no articles, and a portfolio is a
		// genitive: "wiceminister infrastruktury Anna Zielińska",
		// "министр обороны Сергей Шойгу".
		if d.w.InflectedNames && j >= 1 && j+1 == c.first && toks[j].Kind == article.Word && !d.w.Stopwords[l] && len(d.w.Verb(l)) == 0 && d.isTitle(d.lower[j-1]) {
			continue
		}
		break
	}
	if g, ok := d.w.FirstNames[d.text(c.first)]; ok && c.n > 1 {
		if c.gender == "" {
			c.gender = g
		}
	}
}

// ruleType types a candidate that context did not type.
func (d *doc) ruleType(c cand) (typ string, sure bool) {
	text := strings.ToLower(d.a.Text[c.span.Start:c.span.End])
	if _, ok := d.ctry[text]; ok {
		return article.LOC, true
	}
	for k := c.first; k < c.first+c.n; k++ {
		l := d.lower[k]
		if d.w.OrgWords[l] || d.genitiveOrgWord(l) || strings.HasSuffix(l, "raad") || strings.HasSuffix(l, "ministerium") {
			return article.ORG, true
		}
	}
	for k := c.first; k < c.first+c.n; k++ {
		if d.w.LocWords[d.lower[k]] {
			return article.LOC, true
		}
	}
	if _, ok := d.w.FirstNames[d.text(c.first)]; ok && c.n > 1 {
		return article.PER, true
	}
	// "Savona", "Poznań", "Campo de Criptana": a place the gazetteer
	// knows. Where every noun is capitalised a common noun may be a
	// place's name too ("Essen", "Hof"), so the type is not sure there.
	if d.isPlace(c) {
		return article.LOC, !d.w.CapitalisedNouns || d.placeBefore(c.first)
	}
	if c.n == 1 && isAcronym(d.text(c.first)) {
		return article.ORG, true
	}
	// "der Menschenrechtsorganisation Steppenwacht": a name right after
	// a noun for a kind of organisation names one.
	if k := c.first - 1; k >= 0 && d.a.Tokens[k].Sentence == d.a.Tokens[c.first].Sentence && d.orgKindCompound(k) {
		return article.ORG, true
	}
	// "in Den Haag", "from Geneva": a place preposition before.
	// Not where every noun is capitalised: "bei Gefechten", "im Verdacht".
	if k := c.first - 1; k >= 0 && d.a.Tokens[k].Sentence == d.a.Tokens[c.first].Sentence && placePreposition[d.lower[k]] {
		return article.LOC, !d.w.CapitalisedNouns
	}
	if c.n > 1 {
		return article.PER, false
	}
	return article.ORG, false
}

// placeBefore reports whether the words before token k make a place of
// the gazetteer's name at k a place even where every noun is capitalised:
// a bare place preposition ("zwischen Geesthacht", "aus Angermünde"), not
// one that holds an article ("im Wetter") or also marks time ("bis Ende
// 2026", "am Ende"), or "und" after another such place ("zwischen
// Geesthacht und Cuxhaven").
func (d *doc) placeBefore(k int) bool {
	toks := d.a.Tokens
	if k < 1 || toks[k-1].Sentence != toks[k].Sentence {
		return false
	}
	if placePreposition[d.lower[k-1]] && !articlePreposition[d.lower[k-1]] || d.lower[k-1] == "zwischen" {
		return true
	}
	return k >= 3 && d.w.Conjunctions[d.lower[k-1]] && toks[k-2].Kind == article.Word && d.w.Place(d.lower[k-2]) && d.placeBefore(k-2)
}

// articlePreposition holds the prepositions of placePreposition that
// hold an article or mark time as often, before common nouns.
var articlePreposition = map[string]bool{"im": true, "bei": true, "to": true, "at": true}

// placePreposition holds prepositions that mostly introduce places, in
// the languages newsgraph knows.
var placePreposition = map[string]bool{
	"in": true, "uit": true, "naar": true, "vanuit": true, "nabij": true, "te": true,
	"from": true, "near": true, "across": true, "at": true, "to": true,
	"im": true, "aus": true, "nach": true, "bei": true,
	"à": true, "en": true, "dans": true, "près": true,
	"desde": true, "hacia": true,
	"a": true, "da": true, "w": true, "z": true, "do": true, "we": true,
}

// orgKindCompound reports whether token k is a compound whose head is a
// role noun for an organisation ("Menschenrechtsorganisation",
// "Nachrichtenagentur", "milieuorganisatie"), not that noun alone.
func (d *doc) orgKindCompound(k int) bool {
	l := d.lower[k]
	if _, exact := d.w.Roles[l]; exact {
		return false
	}
	r, ok := d.w.Role(l)
	return ok && r.Type == article.ORG
}

// inSourcePhrase reports whether token k is a word of a source phrase
// of two or more words that stands in the text there ("nach Angaben",
// "nach Ansicht von").
func (d *doc) inSourcePhrase(k int) bool {
	for _, p := range d.w.SourcePhrases {
		if len(p.Words) < 2 {
			continue
		}
		for m, w := range p.Words {
			if w != d.lower[k] {
				continue
			}
			start := k - m
			if start < 0 || start+len(p.Words) > len(d.lower) {
				continue
			}
			ok := true
			for n, pw := range p.Words {
				if d.lower[start+n] != pw {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// genitiveOrgWord reports whether l is the genitive of an organisation
// word in a language that capitalises nouns (German): "des Auswärtigen
// Amts", "des Bundesamtes", "des Verbands".
func (d *doc) genitiveOrgWord(l string) bool {
	if !d.w.CapitalisedNouns {
		return false
	}
	return strings.HasSuffix(l, "es") && d.w.OrgWords[strings.TrimSuffix(l, "es")] || strings.HasSuffix(l, "s") && d.w.OrgWords[strings.TrimSuffix(l, "s")]
}
