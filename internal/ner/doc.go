package ner

import "strings"

// Consistent makes the entity types within one document agree, as a
// reader would: a name that the tagger typed differently in different
// sentences (Ajax as ORG twice and as PER once) takes the type it was
// given most often. tags holds the IOB2 tags of each sentence of words
// and is changed in place. Ties keep the tags as they are.
func Consistent(words, tags [][]string) {
	type mention struct{ s, start, end int }
	votes := map[string]map[string]int{}
	var ms []mention
	var key strings.Builder
	keyOf := func(ws []string) string {
		key.Reset()
		for i, w := range ws {
			if i > 0 {
				key.WriteByte(' ')
			}
			key.WriteString(w)
		}
		return key.String()
	}
	for s := range tags {
		for i := 0; i < len(tags[s]); {
			t := tags[s][i]
			if t == "O" || len(t) < 3 {
				i++
				continue
			}
			j := i + 1
			for j < len(tags[s]) && tags[s][j] == "I-"+t[2:] {
				j++
			}
			k := keyOf(words[s][i:j])
			if votes[k] == nil {
				votes[k] = map[string]int{}
			}
			votes[k][t[2:]]++
			ms = append(ms, mention{s, i, j})
			i = j
		}
	}
	for _, m := range ms {
		v := votes[keyOf(words[m.s][m.start:m.end])]
		cur := tags[m.s][m.start][2:]
		best, n := cur, v[cur]
		for typ, c := range v {
			if c > n || (c == n && typ < best && c > v[cur]) {
				best, n = typ, c
			}
		}
		if best == cur {
			continue
		}
		tags[m.s][m.start] = "B-" + best
		for i := m.start + 1; i < m.end; i++ {
			tags[m.s][i] = "I-" + best
		}
	}
}
