package quote

import "github.com/newsgraph/newsgraph/internal/article"

// maxGapAdverbs bounds the sentence adverbs between a cue and the comma
// of its clause ("betonte jedoch,", "dijo además,").
const maxGapAdverbs = 2

// commaAfterGap returns the comma that opens cue c's reported clause
// when words other than an adverbial (see commaAfterAdverbial) stand
// between the verb, starting at k, and that comma, or k when there is
// none:
//   - sentence adverbs, function words that are no preposition,
//     determiner, pronoun, negation or complementizer: "Ein Sprecher
//     betonte jedoch, das Land könne …", "El ministro dijo además, …";
//   - the object of a separable verb before its particle: "Albers warf
//     dem Konzern vor, er habe …" (the particle ends the verb, so the
//     comma after it opens the clause, whatever stands between).
func (d *doc) commaAfterGap(c cue, k, s1 int) int {
	if c.verb.Particle != "" {
		for j := k; j < s1 && j <= k+maxAdverbial; j++ {
			if d.inQ[j] != 0 || d.a.Tokens[j].Kind == article.Punct {
				break
			}
			if d.lower[j] == c.verb.Particle {
				if j > k && j+1 < s1 && d.lower[j+1] == "," {
					return j + 1
				}
				break
			}
		}
	}
	if j := d.invertedSubjectComma(c, k, s1); j > k {
		return j
	}
	j := k
	for ; j < s1 && j < k+maxGapAdverbs; j++ {
		if !d.sentenceAdverb(j) {
			break
		}
	}
	if j > k && j < s1 && d.lower[j] == "," && d.inQ[j] == 0 {
		return j
	}
	return k
}

// sentenceAdverb reports whether token k is a function word that can
// stand between a verb and its clause without being part of either: a
// stop word that is no preposition, determiner, pronoun, negation,
// complementizer or relative ("jedoch", "auch", "además", "toutefois").
func (d *doc) sentenceAdverb(k int) bool {
	l := d.lower[k]
	if d.inQ[k] != 0 || d.a.Tokens[k].Kind != article.Word || !d.w.Stopwords[l] {
		return false
	}
	_, pron := d.w.Pronouns[l]
	_, obj := d.w.ObjectPronouns[l]
	return !pron && !obj && !d.w.Prepositions[l] && d.w.Determiners[l] == "" && !d.w.Negations[l] &&
		!d.w.Complementizers[l] && !d.w.Relatives[l] && !d.isAux(k) && len(d.w.Verb(l)) == 0
}

// invertedSubjectComma returns the comma after a subject that follows the
// verb in a verb-second language (settings.tsv verb_second), when a
// reported clause follows it: "Zugleich mahnte Ostermann, der Bund müsse
// …", "Am Abend erklärte die Ministerin, man werde …". It returns k
// otherwise. The clause after the comma must open with a determiner or a
// pronoun and not with a person's role, which would make it an
// apposition ("sagte Müller, der Chef der IG Metall, …").
func (d *doc) invertedSubjectComma(c cue, k, s1 int) int {
	if !d.w.VerbSecond || c.verb.Particle != "" {
		return k
	}
	np := d.npAt(k, s1)
	if !np.ok() || np.kind == unnamed && np.typ != article.PER {
		return k
	}
	j := np.to
	// "der Nachrichtenagentur npa,", "der Zeitung Bild,": the name a
	// role noun introduces, when the lexicon does not know it.
	if np.kind == article.MentionNominal && j+1 < s1 && d.lower[j+1] == "," && d.a.Tokens[j].Kind == article.Word && d.inQ[j] == 0 &&
		!d.w.Stopwords[d.lower[j]] && len(d.w.Verb(d.lower[j])) == 0 && d.w.Determiners[d.lower[j]] == "" {
		j++
	}
	if j+2 >= s1 || d.lower[j] != "," || d.inQ[j] != 0 {
		return k
	}
	n := d.lower[j+1]
	_, pron := d.w.Pronouns[n]
	// "sagte der Zeitung, deutsche Unternehmen stünden …": where nouns
	// are capitalised, a lower-case word before a capitalised one is an
	// adjective and its noun, a subject without article.
	adjNoun := d.w.CapitalisedNouns && d.a.Tokens[j+1].Kind == article.Word && !isUpperStart(d.text(j+1)) && !d.w.Stopwords[n] &&
		len(d.w.Verb(n)) == 0 && d.a.Tokens[j+2].Kind == article.Word && isUpperStart(d.text(j+2)) && d.inQ[j+2] == 0
	if !pron && d.w.Determiners[n] == "" && !adjNoun || d.w.Relatives[n] && d.relativeAfterComma(j+1, s1) {
		return k
	}
	if after := d.npAt(j+1, s1); after.ok() && after.typ == article.PER && after.kind != article.MentionPronoun &&
		!(after.to < s1 && d.inQ[after.to] == 0 && d.w.Subjunctives[d.lower[after.to]]) {
		// An apposition: "…, der Chef der IG Metall, …"; not a subject
		// and its Konjunktiv: "…, die Bürgermeister hätten …".
		return k
	}
	return j
}

// relativeAfterComma reports whether the word at k, after a comma, opens
// a relative clause rather than a main clause: in a language that
// capitalises its nouns an article is followed by a capitalised noun or
// adjective-noun ("der Bund müsse …"), a relative pronoun by a lower-case
// word ("Müller, der gestern sagte, …").
func (d *doc) relativeAfterComma(k, s1 int) bool {
	return k+1 < s1 && !(d.w.CapitalisedNouns && isUpperStart(d.text(k+1)))
}

// adverbialInsertion reports whether the comma at j opens a short
// adverbial set off by commas and followed by a complementizer, between a
// cue and its clause: "dijo, además, que …", "garantiu, por sua vez, que
// …", "a affirmé, pour sa part, que …". The adverbial has one to three
// words, opens with a sentence adverb or a preposition, and holds no
// name, verb or quotation.
func (d *doc) adverbialInsertion(j, s1 int) bool {
	if j+2 >= s1 || !d.sentenceAdverb(j+1) && !d.w.Prepositions[d.lower[j+1]] {
		return false
	}
	for m := j + 1; m < s1 && m <= j+4; m++ {
		if d.lower[m] == "," {
			return m > j+1 && m+1 < s1 && d.w.Complementizers[d.lower[m+1]] && d.inQ[m+1] == 0
		}
		if d.inQ[m] != 0 || d.a.Tokens[m].Kind == article.Punct || d.covered[m] != 0 || len(d.w.Verb(d.lower[m])) > 0 {
			return false
		}
	}
	return false
}

// adjunctNoun reports whether the verb form at token j is a noun inside a
// prepositional adjunct — a preposition and an article before it: "subrayó
// en un comunicado que …", "said in a statement that …" — so it does not
// end the search for the complementizer of the cue before it. An object
// ("defended his claim that …") is not an adjunct.
func (d *doc) adjunctNoun(j int) bool {
	if j < 2 || d.inQ[j-1] != 0 || d.inQ[j-2] != 0 {
		return false
	}
	switch d.w.Determiners[d.lower[j-1]] {
	case "def", "indef":
		return d.w.Prepositions[d.lower[j-2]]
	}
	return false
}
