package ner

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string
	}{
		{"", nil},
		{"The U.S. economy grew 2.5% in 1996-97. Obama's aide said: \"no\"!\nNext line",
			[][]string{
				{"The", "U.S.", "economy", "grew", "2.5", "%", "in", "1996-97", "."},
				{"Obama's", "aide", "said", ":", "\"", "no", "\"", "!"},
				{"Next", "line"},
			}},
		{"De minister-president zei «ja» … Straße", [][]string{{"De", "minister-president", "zei", "«", "ja", "»", "…", "Straße"}}},
		{"El Presidente, Señor Álvarez.", [][]string{{"El", "Presidente", ",", "Señor", "Álvarez", "."}}},
	}
	for _, tt := range tests {
		var got [][]string
		Tokenize(tt.in, func(s []string) { got = append(got, append([]string(nil), s...)) })
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Tokenize(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestClusters checks that words used in the same contexts end up near
// each other in the cluster tree, and far from words used otherwise.
func TestClusters(t *testing.T) {
	c := NewCounter()
	cities := []string{"Gent", "Lyon", "Porto", "Graz", "Turku"}
	verbs := []string{"zwemt", "loopt", "slaapt", "werkt", "eet"}
	for i := range 400 {
		city, verb := cities[i%len(cities)], verbs[(i/5)%len(verbs)]
		c.Add([]string{"Hij", verb, "graag", "in", city, "."})
		c.Add([]string{"Zij", verb, "niet", "in", city, "!"})
	}
	cs := c.Clusters(ClusterConfig{MinCount: 2, Contexts: 50, Depth: 6, MinSize: 2, Seed: 1})
	path := map[string]string{}
	for _, w := range cs {
		path[w.Word] = w.Path
	}
	common := func(a, b string) int {
		n := 0
		for n < len(a) && n < len(b) && a[n] == b[n] {
			n++
		}
		return n
	}
	for _, a := range cities {
		for _, b := range cities {
			for _, v := range verbs {
				la, lb := strings.ToLower(a), strings.ToLower(b)
				if common(path[la], path[lb]) <= common(path[la], path[v]) {
					t.Errorf("%s (%s) and %s (%s) share less of their paths than %s and %s (%s)",
						la, path[la], lb, path[lb], la, v, path[v])
				}
			}
		}
	}
	for _, w := range cs {
		if w.Word == "gent" && w.CapRatio != 1 {
			t.Errorf("gent capitalisation ratio %v, want 1", w.CapRatio)
		}
		if w.Word == "zwemt" && w.CapRatio != 0 {
			t.Errorf("zwemt capitalisation ratio %v, want 0", w.CapRatio)
		}
	}

	var buf bytes.Buffer
	if err := WriteClusters(&buf, cs); err != nil {
		t.Fatal(err)
	}
	back, err := ReadClusters(&buf, "c")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cs, back); diff != "" {
		t.Errorf("clusters after a round trip (-want +got):\n%s", diff)
	}
	again := c.Clusters(ClusterConfig{MinCount: 2, Contexts: 50, Depth: 6, MinSize: 2, Seed: 1})
	if !cmp.Equal(cs, again) {
		t.Error("two clusterings with the same seed differ")
	}
}

func TestReadClustersErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "c: no clusters"},
		{"0101\tword\n", "c:1: want path, word, count"},
		{"01x1\tword\t3\n", `c:1: path "01x1" is not made of 0s and 1s`},
		{"0101\tword\tmany\n", "c:1: count"},
		{"# comment\n0101\tword\t3\t1.5\n", `c:2: bad capitalisation ratio "1.5"`},
	}
	for _, tt := range tests {
		_, err := ReadClusters(strings.NewReader(tt.in), "c")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadClusters(%q) error %v, want %q", tt.in, err, tt.want)
		}
	}
	// Brown's three columns are accepted; words are lower-cased.
	cs, err := ReadClusters(strings.NewReader("0110\tParis\t12\n"), "c")
	if err != nil {
		t.Fatal(err)
	}
	if want := []ClusterWord{{Word: "paris", Path: "0110", Count: 12, CapRatio: -1}}; !cmp.Equal(cs, want) {
		t.Errorf("ReadClusters = %v, want %v", cs, want)
	}
}

func TestCLDRNames(t *testing.T) {
	for _, tt := range []struct {
		lang string
		want Name
	}{
		{"nl", Name{Words: []string{"Duitsland"}, Type: "LOC"}},
		{"de", Name{Words: []string{"Vereinigte", "Staaten"}, Type: "LOC"}},
		{"en", Name{Words: []string{"French"}, Type: "MISC"}},
	} {
		found := false
		for _, n := range CLDRNames(tt.lang) {
			if cmp.Equal(n, tt.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("CLDRNames(%s) has no %v", tt.lang, tt.want)
		}
	}
	if n := CLDRNames("not a language"); n != nil {
		t.Errorf("CLDRNames(bad) = %d names, want none", len(n))
	}
}

func FuzzReadClusters(f *testing.F) {
	f.Add("0101\tParis\t12\t0.990\n1\tde\t300\t0.001\n")
	f.Add("0\tx\t1\n")
	f.Fuzz(func(t *testing.T, in string) {
		cs, err := ReadClusters(strings.NewReader(in), "fuzz")
		if err != nil {
			return
		}
		for _, c := range cs {
			if c.Path == "" || strings.Trim(c.Path, "01") != "" || c.Word == "" || c.CapRatio > 1 {
				t.Fatalf("bad entry %+v", c)
			}
		}
		// Whatever reads must be usable by the lexicon.
		lx := newLexicon([]string{"PER"})
		for _, c := range cs {
			lx.addWord(c.Word, c.Path, c.CapRatio)
		}
	})
}

func FuzzLoad(f *testing.F) {
	var buf bytes.Buffer
	if _, err := trainToy(f, 1).WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("NGNER1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tg, err := readModelBytes(data)
		if err != nil {
			return
		}
		tags := tg.Tag([]string{"In", "Gent", "zei", "Hugo", "."}, nil)
		if len(tags) != 5 {
			t.Fatalf("Tag gave %d tags for 5 words", len(tags))
		}
	})
}

func readModelBytes(data []byte) (*Tagger, error) {
	m, err := readModel(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return newTagger(m), nil
}
