package event

import (
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	lexicons "github.com/newsgraph/newsgraph/internal/lexicon"
)

//go:embed data
var embedded embed.FS

// A trigger is a word pattern that names an action of some PLOVER type.
type trigger struct {
	typ      string
	mode     string
	particle string // nl/de separable particle that must follow in the sentence
	speech   bool   // a speech act (accuse, urge): its source may be a quote's speaker
	deny     bool   // "denied", "ontkende": negates a following trigger
	noun     bool   // a nominal trigger (talks, arrest warrant)
	sentence bool   // "condemned … to five years": a prison sentence (COERCE) when a term follows
	weak     bool   // "approved a loan": a nominal trigger it governs names the event
	blockade bool   // "blocked highways": a protest when a road is its object
}

// Actor entry kinds.
const (
	kindCountry = "country" // a country's name or a capital: an actor on its own
	kindDemonym = "demonym" // a country adjective: an actor only with a role noun after it
	kindOrg     = "org"     // an organisation or metonym with a full code (NATO, the Kremlin)
)

type actorEntry struct {
	code string
	kind string
	cs   string // the pattern as written, when it must match case-sensitively (US, WHO)
}

type sectorEntry struct {
	sector string
	weight int
}

// Function word kinds in function.tsv.
const (
	fnNeg       = "neg"       // not, niet, geen, never
	fnAux       = "aux"       // passive auxiliaries: was, werd
	fnAgent     = "agent"     // by, door
	fnLoc       = "loc"       // locative prepositions: in, near
	fnFuture    = "future"    // will, zal
	fnBack      = "back"      // last, vorige: a weekday before the anchor
	fnForward   = "forward"   // next, volgende
	fnMonthPrep = "monthprep" // in, since: a bare month or year after it is a date
	fnDet       = "det"       // the, de, this: a trigger after it is a noun
	fnConj      = "conj"      // and, en: joins actors; separates events
	fnSub       = "sub"       // that, which, dat, die: opens a clause
	fnPoss      = "poss"      // its, zijn: a role noun after it belongs to someone else
	fnOf        = "of"        // of, van: "the president of Kazakhstan"
	fnNounAgent = "nagent"    // from, van: the agent of a nominal trigger ("support from Moscow")
	fnRecip     = "recip"     // each, elkaar: "accused each other"
	fnAux2      = "aux2"      // an auxiliary that is passive only with an agent (Dutch "is aangevallen door")
	fnPrep      = "prep"      // on, against, tegen: a bare role noun after it is an actor ("attack on civilians")
	fnLight     = "light"     // held, imposed, voerde: a verb that makes a nominal trigger an event ("held talks")
	fnModal     = "modal"     // could, would, zou: the action is possible or intended, not done
	fnInf       = "inf"       // to, te, zu before a verb: an infinitive, often a purpose or an intention
	fnNum       = "num"       // two, thousands, dozens: a bare role noun after it is an actor
	fnBetween   = "between"   // between, tussen, entre: "talks between X and Y" name both sides
	fnTerm      = "term"      // years, prison, ans: a sentence's term ("condemned … to five years")
	fnDative    = "dat"       // to, à, a: a country after it receives aid, a promise or sanctions
	fnRoad      = "road"      // highways, roads, Autobahnen: what a blockade blocks
	fnWeapon    = "weapon"    // missiles, drones, Drohnen: an attack with them is military force (FIGHT)
	fnAdverbial = "adv"       // after, because, nadat, weil: opens a clause with an event of its own
)

// fnBit gives each function-word kind a bit, so that a word can have
// several kinds ("this": a determiner and "this Friday").
var fnBit = map[string]uint32{}

func init() {
	for i, k := range []string{fnNeg, fnAux, fnAgent, fnLoc, fnFuture, fnBack, fnForward, fnMonthPrep,
		fnDet, fnConj, fnSub, fnPoss, fnOf, fnNounAgent, fnRecip, fnAux2, fnPrep, fnLight, fnModal, fnInf, fnNum,
		fnBetween, fnTerm, fnDative, fnRoad, fnWeapon, fnAdverbial} {
		fnBit[k] = 1 << i
	}
}

// fnMask returns the kinds of word w as a bit set.
func (lx *lexicon) fnMask(w string) uint32 {
	var m uint32
	lx.fn.candidates(w, func(i int) {
		if p := lx.fn.pats[i]; len(p.words) == 1 {
			m |= fnBit[p.val]
		}
	})
	return m
}

// A lexicon holds one language's tables.
type lexicon struct {
	lang      string
	triggers  *table[trigger]
	actors    *table[actorEntry]
	sectors   *table[sectorEntry]
	fn        *table[string]
	dates     *table[string]
	v2        bool // verb-second: a subject may follow the verb ("Dinsdag veroordeelde Duitsland")
	agentSuf  []string
	activeSuf []string          // verb forms that are never passive participles ("attacking")
	elisions  []string          // elided words stripped from the front of a word ("l'", "d'")
	fold      *strings.Replacer // letters written two ways ("ё" as "е"), or nil
	capNames  bool              // names of countries and capitals are written with a capital
	capNouns  bool              // every noun is capitalised (German), so a capital marks no adjective
	genitive  bool              // a name right after a role noun is its owner: "президент Франции"
	articles  bool              // a bare role noun is a noun only after a determiner ("the police"); false for Slavic
	adjAfter  bool              // a country adjective may follow its noun ("la proposta brasileira")
	commaThat bool              // a comma comes before "that" ("отрицает, что …")
	agentCase []string          // endings of the case that names a passive's doer (Slavic instrumental)
}

// norm returns pattern or word s in the form the tables hold: lower case,
// with the language's letter folds applied.
func (lx *lexicon) norm(s string) string {
	s = strings.ToLower(s)
	if lx.fold != nil {
		s = lx.fold.Replace(s)
	}
	return s
}

// activeForm reports a verb form that cannot be a passive participle.
func (lx *lexicon) activeForm(w string) bool {
	for _, s := range lx.activeSuf {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// agentNoun reports whether word w, matched by prefix pattern p
// ("negotiat*"), is an agent noun ("negotiators") rather than the action:
// what follows the prefix ends in one of the language's agent suffixes.
func (lx *lexicon) agentNoun(p, w string) bool {
	if len(p) < 2 || p[len(p)-1] != '*' || len(w) < len(p)-1 {
		return false
	}
	rest := w[len(p)-1:]
	for _, s := range lx.agentSuf {
		if strings.HasSuffix(rest, s) {
			return true
		}
	}
	return false
}

// commaList splits a comma-separated value into its trimmed, non-empty
// items.
func commaList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func col(cols []string, i int) string {
	if i < len(cols) {
		return cols[i]
	}
	return ""
}

// loadLexicon reads the tables of lang from fsys (data/<lang>/…).
func loadLexicon(fsys fs.FS, lang string) (*lexicon, error) {
	dir := "data/" + lang
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil, fmt.Errorf("language %q: %w", lang, err)
	}
	lx := &lexicon{lang: lang, triggers: newTable[trigger](), actors: newTable[actorEntry](),
		sectors: newTable[sectorEntry](), fn: newTable[string](), dates: newTable[string](), articles: true}
	var endings []string
	minStem := 0
	// Switches are "yes" or "no"; lists are comma-separated.
	switches := map[string]*bool{"v2": &lx.v2, "capitalised_names": &lx.capNames, "capitalised_nouns": &lx.capNouns,
		"genitive_owner": &lx.genitive, "articles": &lx.articles, "adjective_after": &lx.adjAfter, "comma_that": &lx.commaThat}
	lists := map[string]*[]string{"active_suffixes": &lx.activeSuf, "agent_case": &lx.agentCase, "agent_suffixes": &lx.agentSuf}
	err := lexicons.EachTSV(fsys, dir+"/grammar.tsv", func(c []string) error {
		key, val := col(c, 0), col(c, 1)
		if p, ok := switches[key]; ok && (val == "yes" || val == "no") {
			*p = val == "yes"
			return nil
		}
		if p, ok := lists[key]; ok {
			*p = append(*p, commaList(val)...)
			return nil
		}
		switch key {
		case "elisions":
			lx.elisions = append(lx.elisions, commaList(strings.ReplaceAll(val, "’", "'"))...)
		case "case_endings":
			endings = append(endings, commaList(val)...)
			n, err := strconv.Atoi(col(c, 2))
			if err != nil || len(endings) == 0 {
				return fmt.Errorf("want case_endings, endings, shortest stem: %q", strings.Join(c, "\t"))
			}
			minStem = n
		case "fold":
			var pairs []string
			for f := range strings.SplitSeq(val, ",") {
				from, to, ok := strings.Cut(strings.TrimSpace(f), ":")
				if !ok || from == "" {
					return fmt.Errorf("want fold from:to,…: %q", strings.Join(c, "\t"))
				}
				pairs = append(pairs, from, to)
			}
			lx.fold = strings.NewReplacer(pairs...)
		default:
			return fmt.Errorf("unknown setting %q", strings.Join(c, "\t"))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(endings) > 0 {
		// Names and role nouns decline; triggers and function words are
		// listed in each form they take.
		for i := range endings {
			endings[i] = lx.norm(endings[i])
		}
		inf := newInflection(endings, minStem)
		lx.actors.inf, lx.sectors.inf = inf, inf
	}
	err = lexicons.EachTSV(fsys, dir+"/triggers.tsv", func(c []string) error {
		if len(c) < 2 || !plover[c[1]] {
			return fmt.Errorf("want pattern, PLOVER type: %q", strings.Join(c, "\t"))
		}
		t := trigger{typ: c[1], mode: col(c, 2), particle: strings.ToLower(col(c, 3))}
		for f := range strings.SplitSeq(col(c, 4), ",") {
			switch strings.TrimSpace(f) {
			case "":
			case "speech":
				t.speech = true
			case "deny":
				t.deny = true
			case "noun":
				t.noun = true
			case "sentence":
				t.sentence = true
			case "weak":
				t.weak = true
			case "blockade":
				t.blockade = true
			default:
				return fmt.Errorf("unknown flag %q", f)
			}
		}
		lx.triggers.add(lx.norm(c[0]), t)
		return nil
	})
	if err != nil {
		return nil, err
	}
	addActor := func(c []string) error {
		kind := col(c, 2)
		if kind == "" {
			kind = kindCountry
		}
		if len(c) < 2 || c[1] == "" || (kind != kindCountry && kind != kindDemonym && kind != kindOrg) {
			return fmt.Errorf("want pattern, code, kind (country|demonym|org), flag (cs): %q", strings.Join(c, "\t"))
		}
		e := actorEntry{code: c[1], kind: kind}
		switch col(c, 3) {
		case "":
		case "cs":
			e.cs = c[0]
		default:
			return fmt.Errorf("unknown flag %q (cs)", col(c, 3))
		}
		lx.actors.add(lx.norm(c[0]), e)
		return nil
	}
	if err := lexicons.EachTSV(fsys, dir+"/actors.tsv", addActor); err != nil {
		return nil, err
	}
	if err := lexicons.EachTSV(fsys, "data/all/actors.tsv", addActor); err != nil {
		return nil, err
	}
	addCountryNames(lx, lang)
	err = lexicons.EachTSV(fsys, dir+"/sectors.tsv", func(c []string) error {
		if len(c) < 2 || c[1] == "" {
			return fmt.Errorf("want pattern, sector: %q", strings.Join(c, "\t"))
		}
		w := 1
		if s := col(c, 2); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("weight %q: %w", s, err)
			}
			w = n
		}
		lx.sectors.add(lx.norm(c[0]), sectorEntry{c[1], w})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = lexicons.EachTSV(fsys, dir+"/function.tsv", func(c []string) error {
		switch col(c, 1) {
		case fnNeg, fnAux, fnAgent, fnLoc, fnFuture, fnBack, fnForward, fnMonthPrep, fnDet, fnConj, fnSub, fnPoss, fnOf, fnNounAgent, fnRecip, fnAux2, fnPrep, fnLight, fnModal, fnInf, fnNum,
			fnBetween, fnTerm, fnDative, fnRoad, fnWeapon, fnAdverbial:
		default:
			return fmt.Errorf("unknown kind in %q", strings.Join(c, "\t"))
		}
		lx.fn.add(lx.norm(c[0]), c[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = lexicons.EachTSV(fsys, dir+"/dates.tsv", func(c []string) error {
		if _, err := parseDateValue(col(c, 1)); err != nil {
			return err
		}
		lx.dates.add(lx.norm(c[0]), c[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	return lx, nil
}

// addCountryNames adds the CLDR name of every country in lang, so that the
// data files need only list what CLDR lacks (short forms, capitals,
// demonyms).
func addCountryNames(lx *lexicon, lang string) {
	tag, err := language.Parse(lang)
	if err != nil {
		return
	}
	namer := display.Regions(tag)
	if namer == nil {
		return
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.String() != string([]rune{a, b}) || r.Canonicalize() != r {
				continue
			}
			iso3 := r.ISO3()
			name := namer.Name(r)
			if iso3 == "ZZZ" || name == "" || strings.ContainsAny(name, "()") {
				continue
			}
			lx.actors.add(lx.norm(name), actorEntry{code: iso3, kind: kindCountry})
		}
	}
}
