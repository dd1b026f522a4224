package kb

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"
)

// readPER returns the multi-word PER names of a CoNLL file whose tag is in
// column tagCol, with lang.
func readPER(t *testing.T, path string, tagCol int, lang string) map[string]string {
	return readNames(t, path, tagCol, lang, "PER", 2)
}

// readNames returns the names of type typ with at least minWords words.
func readNames(t *testing.T, path string, tagCol int, lang, typ string, minWords int) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("CoNLL data absent: %v", err)
	}
	defer f.Close()
	out := map[string]string{}
	var cur []string
	flush := func() {
		if len(cur) >= minWords {
			out[strings.Join(cur, " ")] = lang
		}
		cur = nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Fields(sc.Text())
		if len(cols) <= tagCol || strings.HasPrefix(cols[0], "#") {
			flush()
			continue
		}
		tag := cols[tagCol]
		if strings.HasSuffix(tag, typ) {
			if strings.HasPrefix(tag, "B-") && len(cur) > 0 {
				flush()
			}
			cur = append(cur, cols[0])
		} else {
			flush()
		}
	}
	flush()
	return out
}

// TestPersonKeySpread links the multi-word person names of the CoNLL
// training sets (en, nl, es; 4,000+ names) and bounds how many of them share
// their id with a differently spelled name: the phonetic key must merge
// transcriptions, not different people. The shared ids are logged for
// review; at the time of writing nearly all are spelling variants of one
// person (Glen/Glenn Hoddle, Natalia/Natalya Voronova).
func TestPersonKeySpread(t *testing.T) {
	l := testLinker(t)
	names := map[string]string{}
	for k, v := range readPER(t, "/work/shared/data/ner/conll2003/eng.train", 3, "en") {
		names[k] = v
	}
	for k, v := range readPER(t, "/work/shared/data/ner/conll2002/ned.train", 2, "nl") {
		names[k] = v
	}
	for k, v := range readPER(t, "/work/shared/data/ner/conll2002/esp.train", 1, "es") {
		names[k] = v
	}
	byID := map[string][]string{}
	for n, lang := range names {
		id, _, _ := l.Link(n, "PER", lang)
		byID[id] = append(byID[id], n)
	}
	coll, shared := 0, 0
	var lines []string
	for id, ns := range byID {
		if len(ns) > 1 && id != "" {
			// same after case folding and diacritics? then not a collision
			set := map[string]bool{}
			for _, n := range ns {
				set[normalize(n, "")] = true
			}
			if len(set) > 1 {
				coll++
				shared += len(ns)
				sort.Strings(ns)
				lines = append(lines, id+": "+strings.Join(ns, " | "))
			}
		}
	}
	sort.Strings(lines)
	for _, ln := range lines {
		t.Log(ln)
	}
	t.Logf("%d names, %d ids, %d ids with different spellings (%d names)", len(names), len(byID), coll, shared)
	if share := float64(shared) / float64(len(names)); share > 0.02 {
		t.Errorf("%.1f%% of person names share an id with another spelling, want at most 2%%", 100*share)
	}
}

// TestPlaceKeySpread does the same for place and organisation names that
// are not in the tables, which are keyed by sound and without a vowel case
// ending.
func TestPlaceKeySpread(t *testing.T) {
	l := testLinker(t)
	for _, typ := range []string{"LOC", "ORG"} {
		names := map[string]string{}
		for k, v := range readNames(t, "/work/shared/data/ner/conll2003/eng.train", 3, "en", typ, 1) {
			names[k] = v
		}
		for k, v := range readNames(t, "/work/shared/data/ner/conll2002/ned.train", 2, "nl", typ, 1) {
			names[k] = v
		}
		byID := map[string][]string{}
		for n, lang := range names {
			id, _, _ := l.Link(n, typ, lang)
			byID[id] = append(byID[id], n)
		}
		shared := 0
		var lines []string
		for id, ns := range byID {
			set := map[string]bool{}
			for _, n := range ns {
				set[normalize(dropLegalForm(n), "")] = true // Audi AG = Audi is no collision
			}
			if id != "" && len(set) > 1 && !l.known(id) {
				shared += len(ns)
				sort.Strings(ns)
				lines = append(lines, id+": "+strings.Join(ns, " | "))
			}
		}
		sort.Strings(lines)
		for _, ln := range lines {
			t.Log(ln)
		}
		share := float64(shared) / float64(len(names))
		t.Logf("%s: %d names, %d ids, %d names share a non-table id with another spelling (%.1f%%)", typ, len(names), len(byID), shared, 100*share)
		if share > 0.02 {
			t.Errorf("%s: %.1f%% of names share an id with another spelling, want at most 2%%", typ, 100*share)
		}
	}
}
