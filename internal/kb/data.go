package kb

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/newsgraph/newsgraph/internal/article"
)

// langs are the languages of the name columns of capitals.tsv and
// orgs.tsv, in order, and the languages whose CLDR country names are
// loaded (with a few more in cldrLangs).
var langs = []string{"en", "nl", "de", "fr", "es", "it", "pt", "pl", "ru", "uk"}

// cldrLangs are the languages whose CLDR region names are indexed.
var cldrLangs = append(slices.Clone(langs), "bg", "sr", "el", "cs")

// notCountries are region codes that IsCountry accepts but that are not
// countries, or that are named in orgs.tsv.
var notCountries = map[string]bool{"EU": true, "EZ": true, "UN": true, "QO": true, "XA": true, "XB": true, "ZZ": true}

// tsvLine is one data line of a TSV file: its columns and its line number.
type tsvLine struct {
	n    int
	cols []string
}

// readTSV reads the non-comment lines of name in fsys.
func readTSV(fsys fs.FS, name string) ([]tsvLine, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var lines []tsvLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		t := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		lines = append(lines, tsvLine{n, strings.Split(t, "\t")})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return lines, nil
}

// names splits a column into its |-separated names; "-" is none.
func names(col string) []string {
	var out []string
	for n := range strings.SplitSeq(col, "|") {
		n = strings.TrimSpace(n)
		if n != "" && n != "-" {
			out = append(out, n)
		}
	}
	return out
}

// validCountry reports whether c is a current ISO 3166 country code;
// deprecated codes (DD, FX, UK) are not, their replacements are.
func validCountry(c string) bool {
	r, err := language.ParseRegion(c)
	return err == nil && len(c) == 2 && r.IsCountry() && r.Canonicalize().String() == c &&
		englishRegions.Name(r) != ""
}

// englishRegions names regions in English; a code without a name (SU, YU)
// is no longer a country.
var englishRegions = display.Regions(language.English)

// loadCities reads data/capitals.tsv or data/cities.tsv: a city is
// loc:CC:slug, with the slug from its English name.
func (l *Linker) loadCities(file string) []error {
	lines, err := readTSV(data, file)
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, ln := range lines {
		if len(ln.cols) != 1+len(langs) {
			errs = append(errs, fmt.Errorf("%s:%d: %d columns, want %d", file, ln.n, len(ln.cols), 1+len(langs)))
			continue
		}
		cc := ln.cols[0]
		en := names(ln.cols[1])
		if !validCountry(cc) || len(en) == 0 {
			errs = append(errs, fmt.Errorf("%s:%d: bad country %q or no English name", file, ln.n, cc))
			continue
		}
		id := "loc:" + cc + ":" + slug(en[0])
		if _, dup := l.canonical[id]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: duplicate city %s", file, ln.n, id))
			continue
		}
		l.canonical[id] = en[0]
		l.country[id] = "loc:" + cc
		for i, lang := range langs {
			for _, n := range names(ln.cols[1+i]) {
				l.add(n, lang, id, prioCapital)
			}
		}
	}
	return errs
}

// loadOrgs reads data/orgs.tsv.
func (l *Linker) loadOrgs() []error {
	lines, err := readTSV(data, "data/orgs.tsv")
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, ln := range lines {
		if len(ln.cols) != 2+len(langs) {
			errs = append(errs, fmt.Errorf("data/orgs.tsv:%d: %d columns, want %d", ln.n, len(ln.cols), 2+len(langs)))
			continue
		}
		id, cc := ln.cols[0], ln.cols[1]
		en := names(ln.cols[2])
		if !strings.HasPrefix(id, "org:") || len(en) == 0 {
			errs = append(errs, fmt.Errorf("data/orgs.tsv:%d: id %q must start with org: and have an English name", ln.n, id))
			continue
		}
		if _, dup := l.canonical[id]; dup {
			errs = append(errs, fmt.Errorf("data/orgs.tsv:%d: duplicate id %s", ln.n, id))
			continue
		}
		if cc != "-" && cc != "" {
			if !validCountry(cc) {
				errs = append(errs, fmt.Errorf("data/orgs.tsv:%d: bad country %q", ln.n, cc))
				continue
			}
			l.country[id] = "loc:" + cc
		}
		l.canonical[id] = en[0]
		for i, lang := range langs {
			for _, n := range names(ln.cols[2+i]) {
				l.add(n, lang, id, prioOrg)
			}
		}
	}
	return errs
}

// loadCLDR indexes the name of every country in every language of
// cldrLangs, as CLDR gives it, and without a parenthesis or dash
// qualifier ("Kongo-Kinshasa", "Hongkong SAR van China" → "Hongkong").
func (l *Linker) loadCLDR() {
	en := display.Regions(language.English)
	namers := make([]display.Namer, len(cldrLangs))
	for i, lang := range cldrLangs {
		namers[i] = display.Regions(language.MustParse(lang))
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			cc := string([]rune{a, b})
			if notCountries[cc] || !validCountry(cc) {
				continue
			}
			r := language.MustParseRegion(cc)
			id := "loc:" + cc
			l.canonical[id] = en.Name(r)
			for i, lang := range cldrLangs {
				n := namers[i].Name(r)
				if n == "" {
					continue
				}
				l.add(n, lang, id, prioCountry)
				if short := shortName(n); short != n {
					l.add(short, lang, id, prioCountry)
				}
			}
		}
	}
}

// shortName drops a qualifier from a CLDR name: "Hongkong SAR van China"
// → "Hongkong", "Myanmar (Birma)" → "Myanmar".
func shortName(n string) string {
	if i := strings.Index(n, " ("); i > 0 {
		n = n[:i]
	}
	for _, sep := range []string{" SAR", " САР", " ОАР", " SAR"} {
		if i := strings.Index(n, sep); i > 0 {
			n = n[:i]
		}
	}
	return strings.TrimSpace(n)
}

// m49 are the UN M49 regions whose names CLDR gives (not 001, the world).
var m49 = []string{"002", "005", "009", "011", "013", "014", "015", "017", "018", "019", "021", "029", "030", "034",
	"035", "039", "053", "054", "057", "061", "142", "143", "145", "150", "151", "154", "155", "419"}

// loadRegions indexes the CLDR names of the M49 regions (loc:region:014)
// and the regions of data/regions.tsv. A region ranks with capitals, below
// countries: Южная Африка is South Africa before it is southern Africa.
func (l *Linker) loadRegions() []error {
	namers := make([]display.Namer, len(cldrLangs))
	for i, lang := range cldrLangs {
		namers[i] = display.Regions(language.MustParse(lang))
	}
	for _, code := range m49 {
		r := language.MustParseRegion(code)
		id := "loc:region:" + code
		l.canonical[id] = englishRegions.Name(r)
		for i, lang := range cldrLangs {
			if n := shortName(namers[i].Name(r)); n != "" {
				l.add(n, lang, id, prioCapital)
			}
		}
	}
	lines, err := readTSV(data, "data/regions.tsv")
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, ln := range lines {
		if len(ln.cols) != 1+len(langs) {
			errs = append(errs, fmt.Errorf("data/regions.tsv:%d: %d columns, want %d", ln.n, len(ln.cols), 1+len(langs)))
			continue
		}
		id := "loc:region:" + ln.cols[0]
		en := names(ln.cols[1])
		if _, known := l.canonical[id]; !known {
			if len(en) == 0 || ln.cols[0] == "" || ln.cols[0][0] >= '0' && ln.cols[0][0] <= '9' {
				errs = append(errs, fmt.Errorf("data/regions.tsv:%d: unknown M49 code or no English name for %q", ln.n, ln.cols[0]))
				continue
			}
			l.canonical[id] = en[0]
		}
		for i, lang := range langs {
			for _, n := range names(ln.cols[1+i]) {
				l.add(n, lang, id, prioCapital)
			}
		}
	}
	return errs
}

// loadCountryAliases reads data/countries.tsv.
func (l *Linker) loadCountryAliases() []error {
	lines, err := readTSV(data, "data/countries.tsv")
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, ln := range lines {
		if len(ln.cols) != 2 || !validCountry(ln.cols[0]) {
			errs = append(errs, fmt.Errorf("data/countries.tsv:%d: want country<TAB>names with a valid ISO code", ln.n))
			continue
		}
		for _, n := range names(ln.cols[1]) {
			l.add(n, "", "loc:"+ln.cols[0], prioCountry)
		}
	}
	return errs
}

// loadFirstNames reads data/first_names.tsv into the first-name groups.
func (l *Linker) loadFirstNames() []error {
	lines, err := readTSV(data, "data/first_names.tsv")
	if err != nil {
		return []error{err}
	}
	var errs []error
	for _, ln := range lines {
		if len(ln.cols) != 2 {
			errs = append(errs, fmt.Errorf("data/first_names.tsv:%d: want group<TAB>variants", ln.n))
			continue
		}
		g := firstKey(ln.cols[0], "")
		for _, v := range append(names(ln.cols[1]), ln.cols[0]) {
			k := firstKey(v, "")
			if old, ok := l.firsts[k]; ok && old != g {
				errs = append(errs, fmt.Errorf("data/first_names.tsv:%d: %q is already in group %s", ln.n, v, old))
				continue
			}
			l.firsts[k] = g
		}
	}
	return errs
}

// firstKey is the key of a first name.
func firstKey(name, lang string) string {
	return wordKey(strings.TrimSpace(latinLower(name, lang)), lang)
}

// loadAliases reads the user alias files: every *.tsv at the root of fsys.
func (l *Linker) loadAliases(fsys fs.FS) []error {
	files, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return []error{fmt.Errorf("aliases: %w", err)}
	}
	var errs []error
	for _, f := range files {
		lines, err := readTSV(fsys, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, ln := range lines {
			if len(ln.cols) < 2 || len(ln.cols) > 3 {
				errs = append(errs, fmt.Errorf("%s:%d: want alias<TAB>canonical<TAB>type, got %d columns", path.Base(f), ln.n, len(ln.cols)))
				continue
			}
			a, c := strings.TrimSpace(ln.cols[0]), strings.TrimSpace(ln.cols[1])
			typ := ""
			if len(ln.cols) == 3 {
				typ = strings.TrimSpace(ln.cols[2])
			}
			switch typ {
			case "", article.PER, article.ORG, article.LOC, article.MISC:
			default:
				errs = append(errs, fmt.Errorf("%s:%d: type %q is not PER, ORG, LOC or MISC", path.Base(f), ln.n, typ))
				continue
			}
			k := normalize(a, "")
			if k == "" || c == "" {
				errs = append(errs, fmt.Errorf("%s:%d: empty alias or canonical name", path.Base(f), ln.n))
				continue
			}
			l.aliases[k+"\x00"+typ] = alias{canonical: c, typ: typ}
		}
	}
	return errs
}

// slug makes an id part from an English name: lower-case ASCII words
// joined by hyphens.
func slug(s string) string {
	return strings.ReplaceAll(normalize(s, "en"), " ", "-")
}
