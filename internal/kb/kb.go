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
//   - world regions are named by CLDR too (UN M49: Eastern Africa), with
//     more in data/regions.tsv (Middle East, Crimea, Black Sea);
//   - capitals (data/capitals.tsv), large cities whose names differ
//     between languages (data/cities.tsv) and international organisations with
//     their acronyms (data/orgs.tsv) are data, as is a user alias file.
//
// Ids are stable strings: loc:RU for a country, loc:RU:moscow for a
// capital or a city of the tables, loc:region:014 or loc:region:middle-east
// for a region, org:nato for a known organisation, per:vladimir-putin for a
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
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

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
	spelled   map[string]bool   // normalised names known only as acronyms: they match only in capitals
	stems     map[string]entry  // stemKey of a name → entry, for inflected forms
	country   map[string]string // id → country id, for capitals and government buildings
	capitals  map[string]bool   // ids of capital cities, which may stand for their government
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
		spelled:   map[string]bool{},
		stems:     map[string]entry{},
		country:   map[string]string{},
		capitals:  map[string]bool{},
		firsts:    map[string]string{},
		aliases:   map[string]alias{},
		canonical: map[string]string{},
	}
	var errs []error
	errs = append(errs, l.loadOrgs()...)
	errs = append(errs, l.loadCities("data/capitals.tsv")...)
	for id := range l.country {
		l.capitals[id] = true // so far, only capitals are loaded
	}
	errs = append(errs, l.loadCities("data/cities.tsv")...)
	l.loadCLDR()
	errs = append(errs, l.loadRegions()...)
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
	if isAcronym(name) {
		// An acronym matches only in capitals (AU, not the French au)
		// and does not inflect.
		if _, seen := l.spelled[k]; !seen {
			l.spelled[k] = true
		}
		return
	}
	l.spelled[k] = false
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
	acronym := isAcronym(strings.TrimSpace(name))
	if e, ok := l.get(k); ok && (acronym || !l.spelled[k]) {
		return e, true
	}
	if acronym {
		return entry{}, false // acronyms do not inflect: АСУ is not АС
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
		for _, sk := range stemLookups(k, 64) {
			if e, ok := l.stems[sk]; ok && e.id != "" {
				e.canonical = l.canonical[e.id]
				return e, true
			}
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
			name = e.ShortestFullName()
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
