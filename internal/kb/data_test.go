package kb

import (
	"strings"
	"testing"
)

// TestTables checks that every name of capitals.tsv, cities.tsv and
// orgs.tsv links to its own row, except where the same name is a country
// (Luxembourg, Алжир: the country wins).
func TestTables(t *testing.T) {
	l := testLinker(t)
	for _, file := range []string{"data/capitals.tsv", "data/cities.tsv", "data/orgs.tsv"} {
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
			if first == 2 {
				id = ln.cols[0]
			} else {
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
