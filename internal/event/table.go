package event

import (
	"slices"
	"strings"
)

// A table maps word patterns to values. A pattern is one or more words
// separated by spaces; a word that ends with "*" matches any word with that
// prefix, a word that starts with "*" any word with that suffix (Dutch and
// German compounds: "*minister"). Words are matched in lower case. A table
// with an inflection (Slavic case endings) matches an exact pattern word in
// any form that shares its stem: "Россия" matches "Россией".
type table[T any] struct {
	inf    *inflection
	exact  map[string][]int
	prefix map[string][]int
	suffix map[string][]int
	pats   []pattern[T]
	maxPre int // longest prefix key, in bytes
	maxSuf int
	minPre int // shortest prefix key
	minSuf int
}

type pattern[T any] struct {
	words []string
	val   T
}

func newTable[T any]() *table[T] {
	return &table[T]{exact: map[string][]int{}, prefix: map[string][]int{}, suffix: map[string][]int{}}
}

// add registers pattern p (already lower case) with value v.
func (t *table[T]) add(p string, v T) {
	words := strings.Fields(p)
	if len(words) == 0 {
		return
	}
	i := len(t.pats)
	t.pats = append(t.pats, pattern[T]{words, v})
	first := words[0]
	switch {
	case len(first) > 1 && strings.HasSuffix(first, "*"):
		k := first[:len(first)-1]
		t.prefix[k] = append(t.prefix[k], i)
		t.maxPre = max(t.maxPre, len(k))
		if t.minPre == 0 || len(k) < t.minPre {
			t.minPre = len(k)
		}
	case len(first) > 1 && strings.HasPrefix(first, "*"):
		k := first[1:]
		t.suffix[k] = append(t.suffix[k], i)
		t.maxSuf = max(t.maxSuf, len(k))
		if t.minSuf == 0 || len(k) < t.minSuf {
			t.minSuf = len(k)
		}
	case t.inf != nil:
		t.inf.stems(first, func(k string) {
			if l := t.exact[k]; len(l) == 0 || l[len(l)-1] != i {
				t.exact[k] = append(l, i)
			}
		})
	default:
		t.exact[first] = append(t.exact[first], i)
	}
}

// wild returns 1 when pattern i's first word has a wildcard, else 0.
func (t *table[T]) wild(i int) int {
	w := t.pats[i].words[0]
	if len(w) > 1 && (w[0] == '*' || w[len(w)-1] == '*') {
		return 1
	}
	return 0
}

// wordMatch reports whether word w matches pattern word p.
func (t *table[T]) wordMatch(p, w string) bool {
	switch {
	case len(p) > 1 && p[len(p)-1] == '*':
		return strings.HasPrefix(w, p[:len(p)-1])
	case len(p) > 1 && p[0] == '*':
		return len(w) > len(p)-1 && strings.HasSuffix(w, p[1:])
	case p == w:
		return true
	}
	return t.inf != nil && t.inf.same(p, w)
}

// candidates calls fn with the index of every pattern whose first word
// matches w.
func (t *table[T]) candidates(w string, fn func(i int)) {
	if t.inf != nil {
		var seen []int // a pattern can share several stems with w
		t.inf.stems(w, func(k string) {
			for _, i := range t.exact[k] {
				if !slices.Contains(seen, i) {
					seen = append(seen, i)
					fn(i)
				}
			}
		})
	} else {
		for _, i := range t.exact[w] {
			fn(i)
		}
	}
	if len(t.prefix) > 0 {
		for k := t.minPre; k <= len(w) && k <= t.maxPre; k++ {
			for _, i := range t.prefix[w[:k]] {
				fn(i)
			}
		}
	}
	if len(t.suffix) > 0 {
		// A suffix pattern must leave at least one byte in front of it.
		for k := t.minSuf; k < len(w) && k <= t.maxSuf; k++ {
			for _, i := range t.suffix[w[len(w)-k:]] {
				fn(i)
			}
		}
	}
}

// match returns the longest pattern that matches words from index i, and
// the number of words it covers (0 when nothing matches). Among patterns of
// equal length the one added first wins.
func (t *table[T]) match(words []word, i int) (T, int) {
	var best T
	bestN, bestI := 0, -1
	t.candidates(words[i].norm, func(pi int) {
		p := t.pats[pi]
		n := len(p.words)
		if n < bestN || i+n > len(words) {
			return
		}
		if n == bestN && bestI >= 0 && (t.wild(pi) > t.wild(bestI) || (t.wild(pi) == t.wild(bestI) && pi > bestI)) {
			return
		}
		for k := 1; k < n; k++ {
			if !t.wordMatch(p.words[k], words[i+k].norm) {
				return
			}
		}
		best, bestN, bestI = p.val, n, pi
	})
	return best, bestN
}

// matchAll calls fn with each pattern that matches words from index i,
// longest first (then in file order), until fn returns false. pat is the
// pattern's words.
func (t *table[T]) matchAll(words []word, i int, fn func(v T, n int, pat []string) bool) {
	var idx []int
	t.candidates(words[i].norm, func(pi int) {
		n := len(t.pats[pi].words)
		if i+n > len(words) {
			return
		}
		for k := 1; k < n; k++ {
			if !t.wordMatch(t.pats[pi].words[k], words[i+k].norm) {
				return
			}
		}
		idx = append(idx, pi)
	})
	slices.SortFunc(idx, func(a, b int) int {
		if d := len(t.pats[b].words) - len(t.pats[a].words); d != 0 {
			return d
		}
		// An exact word beats a prefix or suffix: "philippines" is the
		// country, not the adjective "philippin*".
		if d := t.wild(a) - t.wild(b); d != 0 {
			return d
		}
		return a - b
	})
	for _, pi := range idx {
		if !fn(t.pats[pi].val, len(t.pats[pi].words), t.pats[pi].words) {
			return
		}
	}
}

// lookup returns the value of the first one-word pattern that matches w.
func (t *table[T]) lookup(w string) (T, bool) {
	var best T
	bestI := -1
	t.candidates(w, func(pi int) {
		if len(t.pats[pi].words) != 1 {
			return
		}
		if bestI < 0 || t.wild(pi) < t.wild(bestI) || (t.wild(pi) == t.wild(bestI) && pi < bestI) {
			best, bestI = t.pats[pi].val, pi
		}
	})
	return best, bestI >= 0
}
