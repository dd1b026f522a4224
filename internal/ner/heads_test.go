package ner

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestReadHeads(t *testing.T) {
	fsys := fstest.MapFS{
		"xx/per_titles.txt": {Data: []byte("# titles\nmeneer\n\n-minister\n")},
		"xx/loc_heads.txt":  {Data: []byte("straat\n-straat\nbundes-\n")},
		"yy/org_heads.txt":  {Data: []byte("Bank\n")},
	}
	got, err := ReadHeads(fsys, "xx")
	if err != nil {
		t.Fatal(err)
	}
	want := []HeadWord{{"meneer", 0}, {"-minister", 0}, {"straat", 2}, {"-straat", 2}, {"bundes-", 2}}
	if !slices.Equal(got, want) {
		t.Errorf("ReadHeads = %v, want %v", got, want)
	}
	if _, err := ReadHeads(fsys, "yy"); err == nil {
		t.Error("ReadHeads accepted an upper-case entry")
	}
	if _, err := ReadHeads(fsys, "zz"); err == nil {
		t.Error("ReadHeads of a language without lists: no error")
	}
	for _, lang := range []string{"nl", "es", "de"} {
		hw, err := ReadHeads(nil, lang)
		if err != nil {
			t.Errorf("embedded %s lists: %v", lang, err)
		}
		kinds := map[int]int{}
		for _, h := range hw {
			kinds[h.Kind]++
		}
		if len(kinds) != len(headFiles) {
			t.Errorf("embedded %s lists: entries by kind %v, want every kind", lang, kinds)
		}
	}
}

func TestHeadsMatch(t *testing.T) {
	h := newHeads([]HeadWord{{"minister", 0}, {"-minister", 0}, {"bank", 1}, {"-straat", 2}, {"bundes-", 1}})
	tests := []struct {
		low     string
		capital bool
		want    uint8
	}{
		{"minister", false, 1},
		{"minister", true, 1},             // whole word; not also a part of itself
		{"oud-minister", false, 0},        // parts only count in capitalised words
		{"oud-minister", true, 1 << 4},    // Oud-minister
		{"kalverstraat", true, 4 << 4},    // Kalverstraat
		{"bundesregierung", true, 2 << 4}, // Bundesregierung
		{"bundesminister", true, 3 << 4},  // both ends
		{"straat", true, 0},               // "-straat" needs more before it
		{"bank", true, 2},
		{"banken", true, 0},
	}
	for _, tt := range tests {
		if got := h.match([]byte(tt.low), tt.capital); got != tt.want {
			t.Errorf("match(%q, %v) = %#x, want %#x", tt.low, tt.capital, got, tt.want)
		}
	}
}

func TestMarkRuns(t *testing.T) {
	lx := newLexicon([]string{"PER", "ORG", "LOC", "MISC"})
	lx.feats = featHeads
	lx.heads = newHeads([]HeadWord{{"ministerie", 1}, {"minister", 0}})
	words := []string{"Het", "Ministerie", "van", "Buitenlandse", "Zaken", "en", "de", "minister", "van", "Ajax", "."}
	var sc scratch
	lx.fill(words, &sc)
	var run, pos []uint8
	for _, a := range sc.at {
		run, pos = append(run, a.run), append(pos, a.runPos)
	}
	// "Het Ministerie van Buitenlandse Zaken" is one sequence with an
	// organisation head; "en" and "de" join nothing; "Ajax" is alone.
	if want := []uint8{2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0}; !slices.Equal(run, want) {
		t.Errorf("run bits %v, want %v", run, want)
	}
	if want := []uint8{2, 3, 3, 3, 4, 0, 0, 0, 0, 1, 0}; !slices.Equal(pos, want) {
		t.Errorf("run places %v, want %v", pos, want)
	}
}

// TestTrainHeads trains the toy model with trigger features: the lists
// are saved with the model and tagging is the same after loading, and an
// unknown feature group is an error.
func TestTrainHeads(t *testing.T) {
	cfg := TrainConfig{Lang: "xx", Epochs: 3, Seed: 1, Bits: 16, Features: []string{"heads"},
		Heads: []HeadWord{{"volgens", 0}, {"fabriek", 2}, {"-jansen", 0}}}
	tg, err := Train(toyCorpus(60), nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	back, data := saved(t, tg)
	if got := back.Info().Features; !slices.Equal(got, []string{"heads"}) {
		t.Errorf("Info().Features = %q after loading", got)
	}
	for _, s := range toyCorpus(30) {
		if a, b := tg.Tag(s.Words, nil), back.Tag(s.Words, nil); !slices.Equal(a, b) {
			t.Errorf("Tag(%q) = %q before saving, %q after", s.Words, a, b)
		}
	}
	for _, n := range []int{len(data) / 2, len(data) - 5} {
		if _, err := LoadFS(fstest.MapFS{"m": {Data: data[:n]}}, "m"); err == nil {
			t.Errorf("LoadFS(first %d of %d bytes): no error", n, len(data))
		}
	}
	cfg.Features = []string{"nonesuch"}
	if _, err := Train(toyCorpus(10), nil, cfg); err == nil {
		t.Error("Train with an unknown feature group: no error")
	}
}
