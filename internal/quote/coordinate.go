package quote

// coordinateCue reports whether token k is a coordinating conjunction
// (the lexicon's; an adverb such as "still" is none) right before a reporting verb,
// outside quotations: "sublinhou que o Governo «…» e lembrou que …",
// "dijo que A y añadió que B", "sagte, A, und fügte hinzu, B". The second
// verb reports a clause of its own, so the first clause ends before the
// conjunction; one that takes an object ("en beloofde “een kans”") does
// not.
func (d *doc) coordinateCue(k, s1 int) bool {
	if k+1 >= s1 || d.inQ[k] != 0 || !d.w.Conjunctions[d.lower[k]] {
		return false
	}
	j := k + 1
	if d.isAux(j) && j+1 < s1 {
		j++
	}
	ci, ok := d.cueIn(j, j+1)
	if !ok || d.cueInQuote(ci) || d.cues[ci].verb.Weak {
		return false
	}
	// "zei dat A en beloofde “een kans …”": a verb with an object, not
	// a clause, goes on with the first report.
	_, clause := d.reportedClause(d.cues[ci], s1)
	return clause
}
