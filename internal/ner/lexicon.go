package ner

// A lexicon holds what the features know about words beyond their
// spelling: the word clusters learnt from unlabelled text, how often each
// word is capitalised there, and the gazetteer of names seen in training.
type lexicon struct {
	clusters   map[string]int32 // lower-case word → index into clusterPre and capr
	clusterPre [][4]uint64      // hashed path prefixes per word
	capr       []uint8          // capitalisation bucket per word
	paths      []string         // cluster path per word (kept for saving)
	words      []string         // words in index order (kept for saving)

	gaz   map[uint64]uint8 // names seen in training: hash of tokens → type bits, plus gazPrefix
	xgaz  map[uint64]uint8 // names from other sources (e.g. other languages' corpora)
	types []string         // entity types, in gazetteer bit order

	feats uint   // optional feature groups (featHeads, …)
	heads *heads // trigger lists, with featHeads
}

// clusterDepths are the path prefix lengths used as features, as in
// Ratinov and Roth (2009); the last is the whole path.
var clusterDepths = [3]int{4, 6, 10}

// gazPrefix marks a gazetteer key that begins a longer entry.
const gazPrefix = 0x80

// maxGazLen is the longest gazetteer entry in tokens.
const maxGazLen = 6

func newLexicon(types []string) *lexicon {
	return &lexicon{clusters: map[string]int32{}, gaz: map[uint64]uint8{}, xgaz: map[uint64]uint8{}, types: types}
}

// addWord adds a word's cluster path and capitalisation ratio (0–1, or
// negative when unknown).
func (lx *lexicon) addWord(word, path string, capRatio float64) {
	if _, ok := lx.clusters[word]; ok {
		return
	}
	var pre [4]uint64
	for k, d := range clusterDepths {
		p := path
		if len(p) > d {
			p = p[:d]
		}
		pre[k] = hashString(p) ^ uint64(k+1)
	}
	pre[3] = hashString(path) ^ 4
	b := uint8(254)
	if capRatio >= 0 {
		b = uint8(capRatio*10 + 0.5)
	}
	lx.clusters[word] = int32(len(lx.words))
	lx.clusterPre = append(lx.clusterPre, pre)
	lx.capr = append(lx.capr, b)
	lx.paths = append(lx.paths, path)
	lx.words = append(lx.words, word)
}

// seqHash extends the hash of a token sequence by one token's form hash.
func seqHash(h, w uint64) uint64 { return mix(h ^ w) }

// addName adds a name (its tokens, as written) of entity type index k to
// the gazetteer g.
func addName(g map[uint64]uint8, words []string, k int) {
	if len(words) == 0 || len(words) > maxGazLen || k < 0 || k >= 8 {
		return
	}
	h := uint64(golden)
	for i, w := range words {
		h = seqHash(h, hashString(w))
		if i < len(words)-1 {
			g[h] |= gazPrefix
		}
	}
	g[h] |= 1 << k
}

// gazMark sets the gazetteer bits of at (gaz, or xgaz when ext is true)
// for every name of g that occurs in the sentence.
func gazMark(g map[uint64]uint8, at []atoms, ext bool) {
	if len(g) == 0 {
		return
	}
	n := len(at)
	for i := range n {
		h := uint64(golden)
		for j := i; j < n && j-i < maxGazLen; j++ {
			h = seqHash(h, at[j].w)
			v, ok := g[h]
			if !ok {
				break
			}
			for t := v &^ gazPrefix; t != 0; t &= t - 1 {
				k := lowBit(t)
				if k >= 4 {
					continue
				}
				if ext {
					at[i].xgaz |= 1 << (2 * k)
				} else {
					at[i].gaz |= 1 << (2 * k)
				}
				for m := i + 1; m <= j; m++ {
					if ext {
						at[m].xgaz |= 1 << (2*k + 1)
					} else {
						at[m].gaz |= 1 << (2*k + 1)
					}
				}
			}
			if v&gazPrefix == 0 {
				break
			}
		}
	}
}
