package ner

import "strings"

// Consistent makes the entity types within one document agree, as a
// reader would: a name that the tagger typed differently in different
// sentences (Ajax as ORG twice and as PER once) takes the type it was
// given most often, and a one-word name that ends a person's longer name
// is that person (Castaño after Javier Castaño, however often the tagger
// took it for a place). tags holds the IOB2 tags of each sentence of
// words and is changed in place. Ties keep the tags as they are.
func Consistent(words, tags [][]string) { ConsistentWithin(words, tags, len(tags)) }

// ConsistentWithin is Consistent for text without document marks: the
// votes for a sentence's names come from the sentences at most window
// before or after it, which stand in for its document.
func ConsistentWithin(words, tags [][]string, window int) {
	type mention struct {
		s, start, end int
		key, typ      string
	}
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
	bySent := make([][]mention, len(tags))
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
			bySent[s] = append(bySent[s], mention{s, i, j, keyOf(words[s][i:j]), t[2:]})
			i = j
		}
	}
	votes := map[string]map[string]int{}
	// surnames counts the last words of the persons' names of two or
	// more words in the window.
	surnames := map[string]int{}
	personVote := map[string]int{"PER": 1}
	count := func(s, d int) {
		for _, m := range bySent[s] {
			if m.typ == "PER" && m.end-m.start >= 2 {
				surnames[words[m.s][m.end-1]] += d
			}
			if votes[m.key] == nil {
				votes[m.key] = map[string]int{}
			}
			votes[m.key][m.typ] += d
		}
	}
	for s := 0; s < len(tags) && s <= window; s++ {
		count(s, 1)
	}
	for s := range tags {
		if s > 0 {
			if in := s + window; in < len(tags) {
				count(in, 1)
			}
			if out := s - window - 1; out >= 0 {
				count(out, -1)
			}
		}
		for _, m := range bySent[s] {
			v := votes[m.key]
			if m.end-m.start == 1 && m.typ != "PER" && surnames[m.key] > 0 {
				v = personVote
			}
			best, n := m.typ, v[m.typ]
			for typ, c := range v {
				if c > n || (c == n && typ < best && c > v[m.typ]) {
					best, n = typ, c
				}
			}
			if best == m.typ {
				continue
			}
			tags[m.s][m.start] = "B-" + best
			for i := m.start + 1; i < m.end; i++ {
				tags[m.s][i] = "I-" + best
			}
		}
	}
}
