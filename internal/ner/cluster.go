package ner

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ClusterConfig controls Clusters.
type ClusterConfig struct {
	MinCount int   // words seen fewer times get no cluster (default 3)
	Contexts int   // most frequent words used as contexts (default 2000)
	Depth    int   // depth of the cluster tree, i.e. the longest path (default 14)
	MinSize  int   // clusters smaller than this are not split (default 8)
	Seed     int64 // seeds the splits
}

// A Counter gathers the statistics that Clusters needs from a stream of
// tokenised sentences of unlabelled text.
type Counter struct {
	ids    map[string]int32 // lower-case word → id
	words  []string
	count  []int
	caps   []int // occurrences after the first token that start upper-case
	inside []int // occurrences after the first token
	pairs  map[[2]int32]int32
}

// NewCounter returns an empty counter.
func NewCounter() *Counter {
	return &Counter{ids: map[string]int32{}, pairs: map[[2]int32]int32{}}
}

func (c *Counter) id(w string) int32 {
	if i, ok := c.ids[w]; ok {
		return i
	}
	i := int32(len(c.words))
	c.ids[w] = i
	c.words = append(c.words, w)
	c.count = append(c.count, 0)
	c.caps = append(c.caps, 0)
	c.inside = append(c.inside, 0)
	return i
}

// Add counts one sentence.
func (c *Counter) Add(words []string) {
	var buf []byte
	ids := make([]int32, len(words))
	for i, w := range words {
		buf = appendLower(buf[:0], w)
		id := c.id(string(buf))
		ids[i] = id
		c.count[id]++
		if i > 0 {
			c.inside[id]++
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				c.caps[id]++
			}
		}
	}
	// Pairs (word, context): context ids are offset by position class
	// so that left and right neighbours differ; resolved in Clusters.
	for i := range ids {
		for d := -2; d <= 2; d++ {
			if d == 0 {
				continue
			}
			j := i + d
			var ctx int32 = -1 // sentence boundary
			if j >= 0 && j < len(ids) {
				ctx = ids[j]
			}
			c.pairs[[2]int32{ids[i], ctx*4 + int32(posClass(d))}]++
		}
	}
}

func posClass(d int) int {
	switch d {
	case -2:
		return 0
	case -1:
		return 1
	case 1:
		return 2
	}
	return 3
}

// Tokens returns the number of tokens counted.
func (c *Counter) Tokens() int {
	n := 0
	for _, k := range c.count {
		n += k
	}
	return n
}

// Clusters groups the counted words by the company they keep: each word
// is a vector of positive pointwise mutual information with the words
// two to the left and right of it, and the words are split in two again
// and again by spherical 2-means (bisecting k-means). The path of 0s and
// 1s to a word's leaf is its cluster, so that prefixes of the path are
// coarser clusters, as with Brown clusters (which newsgraph could read
// in the same file format instead).
func (c *Counter) Clusters(cfg ClusterConfig) []ClusterWord {
	if cfg.MinCount <= 0 {
		cfg.MinCount = 3
	}
	if cfg.Contexts <= 0 {
		cfg.Contexts = 2000
	}
	if cfg.Depth <= 0 {
		cfg.Depth = 14
	}
	if cfg.MinSize <= 0 {
		cfg.MinSize = 8
	}
	// Words to cluster and contexts, most frequent first, ties by word.
	byFreq := make([]int32, len(c.words))
	for i := range byFreq {
		byFreq[i] = int32(i)
	}
	slices.SortFunc(byFreq, func(a, b int32) int {
		if c.count[a] != c.count[b] {
			return c.count[b] - c.count[a]
		}
		return strings.Compare(c.words[a], c.words[b])
	})
	ctxIdx := make([]int32, len(c.words)) // word id → context index+1
	for k, id := range byFreq[:min(cfg.Contexts, len(byFreq))] {
		ctxIdx[id] = int32(k + 1)
	}
	row := make([]int32, len(c.words)) // word id → row+1
	var vocab []int32
	for _, id := range byFreq {
		if c.count[id] < cfg.MinCount {
			break
		}
		vocab = append(vocab, id)
		row[id] = int32(len(vocab))
	}
	// Sparse count vectors; contexts outside the top ones share one
	// "rare" context per position.
	dim := 4 * (cfg.Contexts + 2)
	type entry struct {
		k int32
		v float32
	}
	vecs := make([][]entry, len(vocab))
	ctxTotal := make([]float64, dim)
	keys := make([][2]int32, 0, len(c.pairs))
	for k := range c.pairs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int32) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	agg := map[[2]int32]float64{}
	for _, k := range keys {
		r := row[k[0]]
		if r == 0 {
			continue
		}
		pos := k[1] & 3
		ctx := k[1] >> 2 // word id, or -1
		var ci int32
		switch {
		case ctx < 0:
			ci = 0
		case ctxIdx[ctx] > 0:
			ci = ctxIdx[ctx] + 1
		default:
			ci = 1
		}
		d := pos*int32(cfg.Contexts+2) + ci
		n := float64(c.pairs[k])
		agg[[2]int32{r - 1, d}] += n
		ctxTotal[d] += n
	}
	aggKeys := make([][2]int32, 0, len(agg))
	for k := range agg {
		aggKeys = append(aggKeys, k)
	}
	slices.SortFunc(aggKeys, func(a, b [2]int32) int {
		if a[0] != b[0] {
			return int(a[0] - b[0])
		}
		return int(a[1] - b[1])
	})
	rowTotal := make([]float64, len(vocab))
	for _, k := range aggKeys {
		rowTotal[k[0]] += agg[k]
	}
	z := 0.0
	for _, n := range ctxTotal {
		z += math.Pow(n, 0.75)
	}
	for _, k := range aggKeys {
		n := agg[k]
		// PPMI with context smoothing (alpha 0.75), as Levy et al. (2015).
		pmi := math.Log(n * z / (rowTotal[k[0]] * math.Pow(ctxTotal[k[1]], 0.75)))
		if pmi > 0 {
			vecs[k[0]] = append(vecs[k[0]], entry{k[1], float32(pmi)})
		}
	}
	for _, v := range vecs {
		var s float64
		for _, e := range v {
			s += float64(e.v) * float64(e.v)
		}
		if s > 0 {
			s = 1 / math.Sqrt(s)
			for i := range v {
				v[i].v *= float32(s)
			}
		}
	}
	paths := make([][]byte, len(vocab))
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x636c7573))
	cent := [2][]float32{make([]float32, dim), make([]float32, dim)}
	dot := func(v []entry, c []float32) float32 {
		var s float32
		for _, e := range v {
			s += e.v * c[e.k]
		}
		return s
	}
	var split func(members []int32, depth int)
	split = func(members []int32, depth int) {
		if depth >= cfg.Depth || len(members) < cfg.MinSize {
			return
		}
		// Seeds: a random member and the member least like it.
		a := members[rng.IntN(len(members))]
		for k := range cent[0] {
			cent[0][k], cent[1][k] = 0, 0
		}
		for _, e := range vecs[a] {
			cent[0][e.k] = e.v
		}
		b, bs := members[0], float32(2)
		for _, m := range members {
			if s := dot(vecs[m], cent[0]); s < bs && m != a {
				b, bs = m, s
			}
		}
		for _, e := range vecs[b] {
			cent[1][e.k] = e.v
		}
		side := make([]bool, len(members))
		for iter := range 8 {
			changed := 0
			for i, m := range members {
				s := dot(vecs[m], cent[1]) > dot(vecs[m], cent[0])
				if s != side[i] || iter == 0 {
					changed++
				}
				side[i] = s
			}
			clear(cent[0])
			clear(cent[1])
			for i, m := range members {
				k := 0
				if side[i] {
					k = 1
				}
				for _, e := range vecs[m] {
					cent[k][e.k] += e.v
				}
			}
			for k := range cent {
				var s float64
				for _, x := range cent[k] {
					s += float64(x) * float64(x)
				}
				if s > 0 {
					f := float32(1 / math.Sqrt(s))
					for i := range cent[k] {
						cent[k][i] *= f
					}
				}
			}
			if changed == 0 {
				break
			}
		}
		var left, right []int32
		for i, m := range members {
			if side[i] {
				right = append(right, m)
				paths[m] = append(paths[m], '1')
			} else {
				left = append(left, m)
				paths[m] = append(paths[m], '0')
			}
		}
		if len(left) == 0 || len(right) == 0 {
			return
		}
		split(left, depth+1)
		split(right, depth+1)
	}
	all := make([]int32, len(vocab))
	for i := range all {
		all[i] = int32(i)
	}
	split(all, 0)
	out := make([]ClusterWord, len(vocab))
	for r, id := range vocab {
		cr := -1.0
		if c.inside[id] >= 2 {
			cr = float64(c.caps[id]) / float64(c.inside[id])
		}
		p := string(paths[r])
		if p == "" {
			p = "0"
		}
		out[r] = ClusterWord{Word: c.words[id], Path: p, Count: c.count[id], CapRatio: cr}
	}
	slices.SortFunc(out, func(a, b ClusterWord) int {
		if a.Path != b.Path {
			return strings.Compare(a.Path, b.Path)
		}
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Word, b.Word)
	})
	return out
}

// WriteClusters writes clusters in the format of Percy Liang's brown-cluster
// "paths" file with a fourth column: path, word, count, and the share of
// capitalised occurrences inside sentences (-1 when unknown).
func WriteClusters(w io.Writer, cs []ClusterWord) error {
	bw := bufio.NewWriter(w)
	for _, c := range cs {
		fmt.Fprintf(bw, "%s\t%s\t%d\t%.3f\n", c.Path, c.Word, c.Count, c.CapRatio)
	}
	return bw.Flush()
}

// ReadClusters reads a clusters file: path, word and count separated by
// tabs, as brown-cluster writes it, with an optional fourth column for the
// capitalisation ratio. Words are lower-cased.
func ReadClusters(r io.Reader, name string) ([]ClusterWord, error) {
	var out []ClusterWord
	sc := bufio.NewScanner(r)
	num := 0
	var buf []byte
	for sc.Scan() {
		num++
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 || len(cols) > 4 || cols[0] == "" || cols[1] == "" {
			return nil, fmt.Errorf("%s:%d: want path, word, count and optional capitalisation ratio separated by tabs", name, num)
		}
		if strings.Trim(cols[0], "01") != "" {
			return nil, fmt.Errorf("%s:%d: path %q is not made of 0s and 1s", name, num, cols[0])
		}
		n, err := strconv.Atoi(cols[2])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: count: %w", name, num, err)
		}
		cr := -1.0
		if len(cols) == 4 {
			if cr, err = strconv.ParseFloat(cols[3], 64); err != nil || cr > 1 {
				return nil, fmt.Errorf("%s:%d: bad capitalisation ratio %q", name, num, cols[3])
			}
		}
		buf = appendLower(buf[:0], cols[1])
		out = append(out, ClusterWord{Word: string(buf), Path: cols[0], Count: n, CapRatio: cr})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no clusters", name)
	}
	return out, nil
}

// ReadClustersFile reads a clusters file by name.
func ReadClustersFile(name string) ([]ClusterWord, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadClusters(f, name)
}

// Tokenize splits raw text into sentences of tokens roughly as the CoNLL
// corpora do: words (with inner hyphens, apostrophes and dots), numbers,
// and one token per punctuation mark. A sentence ends at . ! ? or a line
// break. It is meant for gathering word statistics, not for output.
func Tokenize(text string, fn func(sentence []string)) {
	var sent []string
	flush := func() {
		if len(sent) > 0 {
			fn(sent)
			sent = sent[:0]
		}
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			flush()
			i += size
		case unicode.IsSpace(r):
			i += size
		case isWord(r):
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if isWord(r2) {
					j += s2
					continue
				}
				if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' {
					r3, _ := utf8.DecodeRuneInString(text[j+s2:])
					if j+s2 < len(text) && isWord(r3) {
						j += s2
						continue
					}
					// keep the final dot of an abbreviation such as "U.S."
					if r2 == '.' && strings.Contains(text[i:j], ".") {
						j += s2
					}
				}
				break
			}
			sent = append(sent, text[i:j])
			i = j
		default:
			sent = append(sent, text[i:i+size])
			i += size
			if r == '.' || r == '!' || r == '?' {
				flush()
			}
		}
	}
	flush()
}
