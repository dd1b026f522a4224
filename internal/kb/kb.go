// Package kb links the entities of an article to canonical ids that are the
// same across documents and languages: Poetin (nl), Putin (en, de),
// Poutine (fr) and Путин (ru) all get per:vladimir-putin.
//
// It works by mechanisms rather than by a list of famous people:
//
//   - Cyrillic (Russian, Ukrainian, Bulgarian, Serbian rules) and Greek are
//     transliterated to Latin (Transliterate);
//   - person names get a phonetic key: each language's way of writing
//     transcribed sounds is rewritten to English-style spelling (Dutch oe,
//     sj, tsj; German sch, tsch, w; French ou, ch, tch; Polish sz, cz, w),
//     then reduced to shared sound classes (see skeleton), so that
//     transcriptions merge while different names stay apart; first-name
//     variants across languages (Wladimir, Volodymyr, Владимир) come from
//     data/first_names.tsv;
//   - countries are named in every supported language by CLDR
//     (golang.org/x/text/language/display) and mapped to ISO 3166 codes,
//     with a few extra aliases in data/countries.tsv;
//   - capitals (data/capitals.tsv), large cities whose names differ
//     between languages (data/cities.tsv) and international organisations with
//     their acronyms (data/orgs.tsv) are data, as is a user alias file.
//
// Ids are stable strings: loc:RU for a country, loc:RU:moscow for a
// capital or a city of the tables, org:nato for a known organisation, per:vladimir-putin for a
// person (from the phonetic key), and loc:/org:/misc: with the phonetic
// key of the name for other places, organisations and things.
//
// A capital keeps its own id, also where it stands for the government
// (Moscow said …), because the text cannot tell the two uses apart
// reliably; Country returns the country of a capital (or of a government
// building such as the Kremlin), and CountryOf does the same from the id
// alone, so a consumer that wants the government gets loc:RU.
package kb

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

//go:embed data
var data embed.FS

// An entry is what a table name links to.
type entry struct {
	id, canonical string
	prio          int
}

// An alias is a line of a user alias file.
type alias struct {
	canonical, typ string
}

// A Linker maps entity names to canonical ids. It is safe for concurrent
// use once New has returned.
type Linker struct {
	names     map[string]entry  // normalised name → entry; "" id marks an ambiguous name
	stems     map[string]entry  // stemKey of a name → entry, for inflected forms
	country   map[string]string // id → country id, for capitals and government buildings
	firsts    map[string]string // first-name key → the key of its group
	aliases   map[string]alias  // normalised alias + "\x00" + type → target
	canonical map[string]string // id → canonical name, for tables

	// cache holds recent Link results: news names the same countries,
	// organisations and people again and again. It is cleared when it
	// holds maxCache entries, which bounds its memory.
	cache  sync.Map // cacheKey → linkResult
	cached atomic.Int64
}

type cacheKey struct{ name, typ, lang string }

type linkResult struct {
	id, canonical string
	ok            bool
}

const maxCache = 1 << 15

// New loads the embedded data and the alias files of aliases: every *.tsv
// file at its root, in name order, each line alias<TAB>canonical<TAB>type
// (type optional: PER, ORG, LOC or MISC; empty matches any). aliases may be
// nil. Errors name the file and line; all of them are reported together.
func New(aliases fs.FS) (*Linker, error) {
	l := &Linker{
		names:     map[string]entry{},
		stems:     map[string]entry{},
		country:   map[string]string{},
		firsts:    map[string]string{},
		aliases:   map[string]alias{},
		canonical: map[string]string{},
	}
	var errs []error
	errs = append(errs, l.loadOrgs()...)
	errs = append(errs, l.loadCities("data/capitals.tsv")...)
	errs = append(errs, l.loadCities("data/cities.tsv")...)
	l.loadCLDR()
	errs = append(errs, l.loadCountryAliases()...)
	errs = append(errs, l.loadFirstNames()...)
	if aliases != nil {
		errs = append(errs, l.loadAliases(aliases)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("kb: %w", err)
	}
	return l, nil
}

// Priorities of the tables: a name claimed by two tables goes to the
// higher one (Luxembourg, Алжир and Kuwait are the country, not the
// capital); a name claimed by two ids of the same priority is ambiguous
// and links to neither.
const (
	prioCapital = 1 + iota
	prioCountry
	prioOrg
	prioAlias
)

// add indexes name, written in lang, for id, under its normalised form
// and under its stem.
func (l *Linker) add(name, lang, id string, prio int) {
	k := normalize(name, lang)
	if k == "" {
		return
	}
	put(l.names, k, id, prio)
	put(l.stems, stemKey(k), id, prio)
}

func put(m map[string]entry, k, id string, prio int) {
	old, ok := m[k]
	switch {
	case !ok || prio > old.prio:
		m[k] = entry{id: id, prio: prio}
	case prio < old.prio || old.id == id:
	default:
		m[k] = entry{prio: prio} // ambiguous
	}
}

// Name returns the stage name.
func (l *Linker) Name() string { return "kb" }

// Country returns the country id for id: the id itself for a country, the
// country of a capital (the government it may stand for), of a city of
// the tables (where it lies) or of a government institution (the Kremlin),
// and false otherwise.
func (l *Linker) Country(id string) (string, bool) {
	if c, ok := l.country[id]; ok {
		return c, true
	}
	return CountryOf(id)
}

// CountryOf reads the country from a location id: loc:RU and loc:RU:moscow
// both give loc:RU.
func CountryOf(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "loc:")
	if !ok || len(rest) < 2 || !isUpper(rest[0]) || !isUpper(rest[1]) || (len(rest) > 2 && rest[2] != ':') {
		return "", false
	}
	return "loc:" + rest[:2], true
}

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

// Link returns the canonical id and name of the entity called name, of
// type typ (PER, ORG, LOC, MISC or ""), in language lang (ISO 639-1; ""
// when unknown). ok is false when name holds no capitalised word or no
// letters at all.
func (l *Linker) Link(name, typ, lang string) (id, canonical string, ok bool) {
	k := cacheKey{name, typ, lang}
	if r, hit := l.cache.Load(k); hit {
		r := r.(linkResult)
		return r.id, r.canonical, r.ok
	}
	id, canonical, ok = l.link(name, typ, lang)
	if l.cached.Add(1) > maxCache {
		l.cache.Clear()
		l.cached.Store(0)
	}
	l.cache.Store(k, linkResult{id, canonical, ok})
	return id, canonical, ok
}

func (l *Linker) link(name, typ, lang string) (id, canonical string, ok bool) {
	name = strings.TrimSpace(name)
	if !hasCapital(name) {
		return "", "", false
	}
	if a, ok := l.alias(name, typ, lang); ok {
		name, lang = a.canonical, ""
		if a.typ != "" {
			typ = a.typ
		}
	}
	// A one-word "person" that the tables know is a place or organisation
	// mistyped by the entity stage (Kyiv, NAVO); a full name is a person.
	if typ != article.PER || !strings.ContainsAny(strings.TrimSpace(name), " \t") {
		if e, ok := l.lookup(name, lang); ok {
			return e.id, e.canonical, true
		}
	}
	switch typ {
	case article.PER:
		return l.person(name, lang)
	case article.ORG:
		return l.thing("org:", dropLegalForm(name), lang)
	case article.MISC:
		return l.thing("misc:", name, lang)
	default:
		return l.thing("loc:", name, lang)
	}
}

// hasCapital reports whether s has an upper-case letter, or letters of a
// script without case.
func hasCapital(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsLetter(r) && !unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func (l *Linker) alias(name, typ, lang string) (alias, bool) {
	if len(l.aliases) == 0 {
		return alias{}, false
	}
	k := normalize(name, lang)
	if a, ok := l.aliases[k+"\x00"+typ]; ok {
		return a, true
	}
	a, ok := l.aliases[k+"\x00"]
	return a, ok
}

// lookup finds name in the tables, also after undoing a case ending in
// the languages that inflect names (Москве → Москва, Rosji → Rosja,
// Russlands → Russland) and without a leading article.
func (l *Linker) lookup(name, lang string) (entry, bool) {
	k := normalize(name, lang)
	if e, ok := l.get(k); ok {
		return e, true
	}
	if rest, ok := cutArticle(name); ok {
		if e, ok := l.lookup(rest, lang); ok {
			return e, true
		}
	}
	if inflecting[lang] {
		// Every word inflects: Всемирной продовольственной программы.
		if e, ok := l.stems[stemKey(k)]; ok && e.id != "" {
			e.canonical = l.canonical[e.id]
			return e, true
		}
	}
	for _, v := range caseVariants(name, lang) {
		if e, ok := l.get(normalize(v, lang)); ok {
			return e, true
		}
	}
	return entry{}, false
}

func (l *Linker) get(k string) (entry, bool) {
	e, ok := l.names[k]
	if !ok || e.id == "" {
		return entry{}, false
	}
	e.canonical = l.canonical[e.id]
	return e, true
}

// endings are the case and gender endings of Russian, Ukrainian and
// Polish nouns and adjectives, transliterated, longest first.
var endings = []string{
	"iyami", "yami", "iyakh", "yakh", "ami", "akh", "ykh", "ikh", "ogo", "ego", "omu", "emu",
	"yaya", "aya", "oye", "uyu", "yuyu", "iya", "iyu", "iey", "ach", "oe", "ye", "ii", "oy", "ey", "yy",
	"iy", "ym", "im", "om", "em", "ej", "ow", "ie", "ya", "yu", "a", "y", "i", "e", "u", "o",
}

// vowelEndings are the case endings of endings that are vowels: unlike
// consonant endings (-om, -ov) they cannot end a nominative that ends in a
// consonant (Gazprom, Газпромом), so stripping them in every language
// keeps the nominative's key.
var vowelEndings = []string{"iya", "iyu", "ii", "ie", "ya", "yu", "a", "e", "i", "y", "u", "o"}

// stemWord strips a vowel case ending from one transliterated word of five
// letters or more, in every language alike, so that the forms of an
// unknown place or organisation meet (Новосибирске, Новосибирска,
// Novosibirsk; Газпрома, Gazprom) and the key stays the same across
// languages (Samara, Самара, Самаре).
func stemWord(w string) string {
	if len(w) < 5 {
		return w
	}
	for _, e := range vowelEndings {
		if len(w) >= len(e)+3 && strings.HasSuffix(w, e) {
			return w[:len(w)-len(e)]
		}
	}
	return w
}

// stemKey strips a case ending from every word of a normalised name, so
// that the forms of a name in all its cases meet (Москва, Москве;
// Организация/Организации Объединённых Наций).
func stemKey(k string) string {
	words := strings.Fields(k)
	for i, w := range words {
		for _, e := range endings {
			if len(w) >= len(e)+3 && strings.HasSuffix(w, e) {
				words[i] = w[:len(w)-len(e)]
				break
			}
		}
	}
	return strings.Join(words, " ")
}

// articles are the determiners that may lead a name in the supported
// languages ("the Kremlin", "der Kreml", "la Russie").
var articles = []string{
	"the ", "The ", "de ", "De ", "het ", "Het ", "der ", "Der ", "die ", "Die ", "das ", "Das ",
	"le ", "Le ", "la ", "La ", "les ", "Les ", "l'", "L'", "l’", "L’", "el ", "El ", "los ", "Los ",
	"il ", "Il ", "lo ", "Lo ", "gli ", "Gli ", "o ", "O ", "a ", "A ", "os ", "Os ", "as ", "As ",
}

func cutArticle(name string) (string, bool) {
	for _, a := range articles {
		if rest, ok := strings.CutPrefix(name, a); ok && rest != "" {
			return rest, true
		}
	}
	return "", false
}

// thing links a place, organisation or other thing that is not in the
// tables by the phonetic key of its words, so that the same name in two
// scripts (Газпром, Gazprom) meets.
func (l *Linker) thing(prefix, name, lang string) (string, string, bool) {
	orig := strings.Fields(name)
	words := strings.Fields(latinLower(name, lang))
	keys := make([]string, 0, len(words))
	for i, w := range words {
		var k string
		if len(w) <= 3 || len(orig) == len(words) && isAcronym(orig[i]) {
			// Short words and acronyms are spelled, not pronounced:
			// BBC is not BCC, N.J. is not N.Y.
			k = strings.ReplaceAll(w, "-", "")
		} else {
			k = wordKey(stemWord(w), lang)
		}
		if k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", "", false
	}
	return prefix + strings.Join(keys, "-"), Transliterate(name, lang), true
}

// legalForms are the company-form words that come and go with a
// company's name (Kernwerk AG, Kernwerk; ПАО «Газпром», Gazprom).
var legalForms = map[string]bool{
	"ag": true, "gmbh": true, "se": true, "kg": true, "kgaa": true, "inc": true, "ltd": true, "llc": true,
	"plc": true, "corp": true, "co": true, "sa": true, "sas": true, "sarl": true, "spa": true, "srl": true,
	"nv": true, "bv": true, "lda": true, "ltda": true, "ab": true, "asa": true, "oy": true, "oyj": true,
	"pao": true, "pjsc": true, "oao": true, "zao": true, "ooo": true, "ao": true, "tov": true, "pat": true, "prat": true,
}

// dropLegalForm removes leading and trailing legal-form words from an
// organisation's name, unless nothing else is left.
func dropLegalForm(name string) string {
	words := strings.Fields(name)
	isForm := func(w string) bool { return legalForms[normalize(w, "")] }
	for len(words) > 1 && isForm(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && isForm(words[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// isAcronym reports whether w is an acronym: at most five letters, all
// upper case (dots and & allowed: U.S., S&P).
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			n++
		case r == '.' || r == '&':
		default:
			return false
		}
	}
	return n >= 2 && n <= 5
}

// particles are the lower-case words that belong to a surname (van der
// Leyen, de Gaulle, bin Salman).
var particles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true,
	"di": true, "da": true, "das": true, "dos": true, "du": true, "le": true, "la": true,
	"ter": true, "ten": true, "te": true, "zu": true, "bin": true, "ibn": true, "al": true,
	"el": true, "fon": true, "ben": true, "mac": true, "st": true, "vom": true, "y": true,
}

// person links a person by first name and surname: the key of the first
// word (through its first-name group) and of the last word with the
// particles before it. Middle names and patronymics are left out, so
// Vladimir Vladimirovich Putin is Vladimir Putin.
func (l *Linker) person(name, lang string) (string, string, bool) {
	name = dropLowerLead(name)
	words := strings.Fields(latinLower(name, lang))
	var keys []string
	for _, w := range words {
		w = strings.Trim(w, "-")
		if w == "" {
			continue
		}
		keys = append(keys, w)
	}
	if len(keys) == 0 {
		return "", "", false
	}
	display := Transliterate(name, lang)
	if len(keys) > 1 && particles[keys[0]] {
		// a surname with its particles: von der Leyen
		var sur []string
		for _, w := range keys {
			sur = append(sur, wordKey(w, lang))
		}
		sur[len(sur)-1] = surnameEnd(sur[len(sur)-1])
		return "per:" + strings.Join(sur, "-"), display, true
	}
	if len(keys) == 1 {
		k := surnameEnd(wordKey(keys[0], lang))
		if k == "" {
			return "", "", false
		}
		return "per:" + k, display, true
	}
	first := wordKey(keys[0], lang)
	if g, ok := l.firsts[first]; ok {
		first = g
	}
	last := len(keys) - 1
	start := last
	for start > 1 && particles[keys[start-1]] {
		start--
	}
	var sur []string
	for _, w := range keys[start:] {
		if arabicArticle[w] {
			continue // Bashar al Assad = Башар Асад
		}
		sur = append(sur, wordKey(dropArabicArticle(w), lang))
	}
	if len(sur) == 0 {
		sur = []string{wordKey(keys[last], lang)}
	}
	sur[len(sur)-1] = surnameEnd(sur[len(sur)-1])
	return "per:" + first + "-" + strings.Join(sur, "-"), display, true
}

// dropLowerLead drops the lower-case words before the first capitalised
// one: a title or role left in a person's name (президент Владимир Путин,
// minister Jan Peters).
func dropLowerLead(name string) string {
	rest := name
	for {
		w, after, found := strings.Cut(strings.TrimLeft(rest, " "), " ")
		if !found || w == "" {
			return rest
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) || particles[w] {
			return rest
		}
		rest = after
	}
}

// arabicArticle are the transcriptions of the Arabic article, which some
// languages write before a surname and others leave out (al-Assad, Асад).
var arabicArticle = map[string]bool{"al": true, "el": true, "ad": true, "ash": true, "as": true, "ar": true, "an": true, "at": true, "az": true}

// dropArabicArticle removes a hyphenated Arabic article: al-Assad → Assad.
func dropArabicArticle(w string) string {
	if pre, rest, ok := strings.Cut(w, "-"); ok && arabicArticle[pre] && rest != "" {
		return rest
	}
	return w
}

// inflecting are the languages whose names change with their case.
var inflecting = map[string]bool{"ru": true, "uk": true, "be": true, "pl": true, "cs": true, "sk": true, "sr": true, "hr": true, "sl": true}

// Process sets KB and KBName on every entity of a. In a language that
// inflects names, a person is linked by the shortest of its full-name
// mentions (most often the nominative: Путин, not Путина), and a place or
// organisation by the first of its names that the tables know.
func (l *Linker) Process(ctx context.Context, a *article.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range a.Entities {
		e := &a.Entities[i]
		id, name, ok := l.linkEntity(e, a.Lang)
		if ok {
			e.KB, e.KBName = id, name
		}
	}
	return nil
}

func (l *Linker) linkEntity(e *article.Entity, lang string) (string, string, bool) {
	if e.Type == article.PER {
		name := e.Name
		if inflecting[lang] {
			name = shortestFull(e)
		}
		return l.Link(name, e.Type, lang)
	}
	id, name, ok := l.Link(e.Name, e.Type, lang)
	if !ok || !strings.Contains(id[strings.IndexByte(id, ':')+1:], ":") && !l.known(id) {
		for i, m := range e.Mentions {
			if m.Kind != article.MentionName || m.Text == e.Name || seenBefore(e.Mentions[:i], m.Text) {
				continue
			}
			if en, found := l.cachedLookup(m.Text, lang); found {
				return en.id, en.canonical, true
			}
		}
	}
	return id, name, ok
}

// seenBefore reports whether one of ms has the text t.
func seenBefore(ms []article.Mention, t string) bool {
	for _, m := range ms {
		if m.Text == t {
			return true
		}
	}
	return false
}

// cachedLookup is lookup through the result cache; the type "\x00" keeps
// its entries apart from Link's.
func (l *Linker) cachedLookup(name, lang string) (entry, bool) {
	k := cacheKey{name, "\x00", lang}
	if r, hit := l.cache.Load(k); hit {
		r := r.(linkResult)
		return entry{id: r.id, canonical: r.canonical}, r.ok
	}
	e, ok := l.lookup(name, lang)
	if l.cached.Add(1) > maxCache {
		l.cache.Clear()
		l.cached.Store(0)
	}
	l.cache.Store(k, linkResult{e.id, e.canonical, ok})
	return e, ok
}

// known reports whether id comes from a table.
func (l *Linker) known(id string) bool {
	_, ok := l.canonical[id]
	return ok
}

// shortestFull returns the shortest name mention of e with as many words
// as its longest one, or e.Name.
func shortestFull(e *article.Entity) string {
	best, words := e.Name, len(strings.Fields(e.Name))
	for _, m := range e.Mentions {
		if m.Kind != article.MentionName {
			continue
		}
		n := len(strings.Fields(m.Text))
		if n > words || n == words && len(m.Text) < len(best) {
			best, words = m.Text, n
		}
	}
	return best
}

// caseVariants returns the forms name may have in the nominative when it
// is written in an oblique case of lang. Only the last word and the first
// word change.
func caseVariants(name, lang string) []string {
	var rules []rewrite
	switch lang {
	case "ru", "uk", "be", "bg":
		rules = cyrEndings
	case "pl":
		rules = plEndings
	case "de":
		// genitive -s, and the endings of a leading adjective
		// (Vereinten Nationen, Europäischen Union)
		rules = []rewrite{{"s", ""}, {"es", ""}, {"en", "e"}, {"er", "e"}, {"em", "e"}}
	case "nl":
		rules = []rewrite{{"s", ""}}
	default:
		return nil
	}
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil
	}
	var out []string
	for _, at := range []int{len(words) - 1, 0} {
		w := words[at]
		lw := strings.ToLower(w)
		for _, r := range rules {
			stem, ok := strings.CutSuffix(lw, r.from)
			if !ok || len([]rune(stem)) < 2 {
				continue
			}
			stems := []string{stem}
			if lang == "uk" {
				// Ukrainian і in the closed last syllable of the nominative is
				// о or е in the other cases: Київ, Києві; Харків, Харкова.
				if alt, ok := ukVowel(stems[0]); ok {
					stems = append(stems, alt)
				}
			}
			for _, st := range stems {
				for to := range strings.SplitSeq(r.to, "|") {
					v := slices.Clone(words)
					v[at] = st + to
					out = append(out, strings.Join(v, " "))
				}
			}
		}
		if len(words) == 1 {
			break
		}
	}
	return out
}

// Case endings and the nominative endings they may come from.
var (
	cyrEndings = []rewrite{
		{"ией", "ия"}, {"ии", "ия|ий"}, {"ию", "ия"}, {"ої", "а|я"}, {"ою", "а"}, {"ею", "я"},
		{"ой", "а|ая"}, {"ей", "я|ь|ая"}, {"ом", "|о"}, {"ем", "ь|й|е"}, {"ым", "|ый"}, {"им", "ий"},
		{"ії", "ія"}, {"ї", "я"}, {"ы", "а"}, {"и", "а|я|ь"}, {"е", "а|я||о|ь"}, {"у", "а|"},
		{"ю", "я|ь|й"}, {"а", "|о"}, {"я", "ь|й"}, {"і", "а|я||о"}, {"ого", "ое|ий|ый"}, {"ой", "ая"},
	}
	plEndings = []rewrite{
		{"ii", "ia"}, {"ji", "ja"}, {"ie", "a"}, {"ę", "a"}, {"ą", "a"}, {"y", "a|"}, {"i", "a"},
		{"u", ""}, {"em", ""}, {"owi", ""}, {"ach", "y"}, {"om", "y"}, {"ami", "y"},
	}
)

// ukVowel turns the vowel before the last consonant of a Ukrainian stem
// into the і (ї after a vowel) of the nominative.
func ukVowel(stem string) (string, bool) {
	rs := []rune(stem)
	n := len(rs)
	if n < 3 {
		return "", false
	}
	switch rs[n-2] {
	case 'о', 'е':
		rs[n-2] = 'і'
	case 'є':
		rs[n-2] = 'ї'
	default:
		return "", false
	}
	return string(rs), true
}
