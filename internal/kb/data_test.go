package kb

import (
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// TestTables checks that every name of capitals.tsv, cities.tsv, orgs.tsv
// and regions.tsv links to its own row, except where the same name is a country
// (Luxembourg, Алжир: the country wins).
func TestTables(t *testing.T) {
	l := testLinker(t)
	for _, file := range []string{"data/capitals.tsv", "data/cities.tsv", "data/orgs.tsv", "data/regions.tsv"} {
		lines, err := readTSV(data, file)
		if err != nil {
			t.Fatal(err)
		}
		first := 1
		if strings.HasSuffix(file, "orgs.tsv") {
			first = 2
		}
		for _, ln := range lines {
			var id string
			switch {
			case first == 2:
				id = ln.cols[0]
			case strings.HasSuffix(file, "regions.tsv"):
				id = "loc:region:" + ln.cols[0]
			default:
				id = "loc:" + ln.cols[0] + ":" + slug(names(ln.cols[1])[0])
			}
			for i, lang := range langs {
				for _, n := range names(ln.cols[first+i]) {
					got, _, ok := l.Link(n, "", lang)
					if got == id {
						continue
					}
					if e := l.names[normalize(n, lang)]; ok && e.prio == prioCountry && first == 1 {
						continue
					}
					t.Errorf("%s:%d: Link(%q, %s) = %q, want %q", file, ln.n, n, lang, got, id)
				}
			}
		}
	}
}

// TestCountries checks that every country's CLDR name links to it in
// every indexed language, except names that two countries share in that
// language (they link to neither, which the test allows).
func TestCountries(t *testing.T) {
	l := testLinker(t)
	countries, misses := 0, 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			cc := string([]rune{a, b})
			if notCountries[cc] || !validCountry(cc) {
				continue
			}
			countries++
			r := language.MustParseRegion(cc)
			for _, lang := range cldrLangs {
				n := display.Regions(language.MustParse(lang)).Name(r)
				id, _, _ := l.Link(n, "LOC", lang)
				if id == "loc:"+cc {
					continue
				}
				if e, ok := l.names[normalize(n, lang)]; ok && e.id == "" {
					misses++ // ambiguous in the data: allowed, counted
					continue
				}
				t.Errorf("Link(%q, LOC, %s) = %q, want loc:%s", n, lang, id, cc)
			}
		}
	}
	t.Logf("%d countries, %d ambiguous names", countries, misses)
	if countries < 240 {
		t.Errorf("only %d countries indexed", countries)
	}
	if misses > 10 {
		t.Errorf("%d country names are ambiguous, want at most 10", misses)
	}
}
