package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// absorbed marks the quoted spans that are part of a larger quote
// (fragments of a mixed quote), so they are not quotes of their own.
func (d *doc) absorb(sp article.Span) (n int) {
	for qi, q := range d.quoted {
		if sp.Contains(q.outer) || sp.Contains(q.inner) {
			d.quoted[qi].depth = -1 // absorbed
			n++
		}
	}
	return n
}

// claimed reports whether token i is inside a quote already found.
func (d *doc) claimed(i int) bool {
	sp := d.a.Tokens[i].Span
	for _, f := range d.quotes {
		if f.content.Contains(sp) {
			return true
		}
	}
	return false
}

// clauseEnd returns the end of a reported clause that starts at token
// from: the sentence end, without its final punctuation, and before a
// trailing source phrase (", aldus X", ", according to X").
func (d *doc) clauseEnd(from int) int {
	if from >= len(d.a.Tokens) {
		return from
	}
	_, s1 := d.sentOf(from)
	end := s1
	for k := from; k < s1; k++ {
		if d.lower[k] == ":" && d.inQ[k] == 0 {
			end = k
			break
		}
		if d.lower[k] == "," && d.inQ[k] == 0 && k+1 < s1 {
			// ", the chief executive replied": a phrase and a cue.
			if np := d.npAt(k+1, s1); np.ok() {
				if ci, ok := d.cueIn(np.to, np.to+1); ok && d.cues[ci].tok == np.to {
					end = k
					break
				}
			}
			for _, p := range d.w.SourcePhrases {
				if d.phraseAt(p, k+1) {
					end = k
					break
				}
			}
			if end != s1 {
				break
			}
			// ", zei hij": an attribution closes the clause.
			if ci, ok := d.cueIn(k+1, min(k+3, s1)); ok && d.cues[ci].tok <= k+2 {
				end = k
				break
			}
		}
		// "sublinhou que A e lembrou que B": a conjunction right before
		// another cue closes the clause (coordinate.go).
		if d.coordinateCue(k, s1) {
			end = k
			break
		}
		// "…, while nine in 10 said …", "…; 46 percent said …": a
		// conjunction or semicolon and another report close the clause.
		if (d.lower[k] == ";" || d.lower[k] == "," && k+1 < s1 && d.clauseOpener(k+1) && !d.w.Relatives[d.lower[k+1]]) && d.inQ[k] == 0 {
			if ci, ok := d.cueIn(k+2, min(k+2+maxNearSubject, s1)); ok && !d.cueInQuote(ci) {
				end = k
				break
			}
		}
	}
	return d.trimEnd(from, end)
}

// cueInQuote reports whether cue ci stands inside a quotation.
func (d *doc) cueInQuote(ci int) bool { return d.inQ[d.cues[ci].tok] != 0 }

// trimEnd drops trailing punctuation outside quotation marks from [from, end).
func (d *doc) trimEnd(from, end int) int {
	for end > from {
		k := end - 1
		if d.a.Tokens[k].Kind != article.Punct || d.inQ[k] != 0 && d.quotedCloseAt(k) {
			break
		}
		switch d.lower[k] {
		case ".", ",", ";", ":", "!", "?", "…", "–", "—", "-":
			end--
			continue
		}
		break
	}
	return end
}

// quotedCloseAt reports whether token k closes a quoted span.
func (d *doc) quotedCloseAt(k int) bool {
	for _, q := range d.quoted {
		if q.close == k {
			return true
		}
	}
	return false
}

// indirect finds reported speech: a cue verb with a complementizer ("zei
// dat", "said that"), or with a clause right after it ("said demand had
// fallen", "sagte, der Bund werde").
func (d *doc) indirect() {
	for _, c := range d.cues {
		_, s1 := d.sentOf(c.tok)
		start, ok := d.reportedClause(c, s1)
		if !ok || d.claimed(start) {
			continue
		}
		end := d.clauseEnd(start)
		if end-start < 2 {
			continue
		}
		sp := d.span(start, end)
		spk := d.subjectOf(c, start)
		if !spk.ok() {
			spk = d.droppedSubject(c) // "Dodał, że …" (prodrop.go)
		}
		if !spk.ok() {
			continue // "Asked whether …": no one reports here
		}
		f := found{kind: article.Indirect, content: sp, cue: c.span, spk: spk, conf: 0.75}
		if d.absorb(sp) > 0 {
			f.kind = article.Mixed
		}
		d.quotes = append(d.quotes, f)
	}
}

// objects finds attributions whose content is the verb's object ("the
// union endorsed Jane Doe", "she called for a ceasefire", "he urged
// voters to stay home"): verbs marked object in the lexicon, when they
// report no clause or quotation of their own. The source stands before
// the verb; after a copula the verb is passive ("was asked about") and
// its subject is not the source.
func (d *doc) objects() {
	for _, c := range d.cues {
		if !c.verb.Object || c.owner.ok() || d.cueUsed(c) || c.tok > 0 && d.isCopula(c.tok-1) {
			continue
		}
		_, s1 := d.sentOf(c.tok)
		start := c.tok + 1
		if start >= s1 || d.inQ[start] != 0 || d.claimed(start) || d.a.Tokens[start].Kind == article.Punct {
			continue
		}
		end := d.objectEnd(start, d.clauseEnd(start))
		if end <= start {
			continue
		}
		spk := d.subjectOf(c, start)
		if !spk.ok() || spk.from > c.tok {
			continue
		}
		cueSp := c.span
		if d.w.Prepositions[d.lower[start]] && end-start > 1 {
			// "talked about the cost", "called for a ceasefire": the
			// preposition belongs to the cue.
			cueSp.End = d.a.Tokens[start].End
			start++
		}
		sp := d.trimContent(d.span(start, end))
		f := found{kind: article.Indirect, content: sp, cue: cueSp, spk: spk, conf: 0.5}
		if d.absorb(sp) > 0 {
			f.kind = article.Mixed
		}
		d.quotes = append(d.quotes, f)
	}
}

// objectEnd returns where the object that starts at token start ends,
// before end: at a comma or dash outside quotations ("praised Clinton’s
// remarks, but also used them", "opposed the tax, down from 47
// percent").
func (d *doc) objectEnd(start, end int) int {
	for k := start + 1; k < end; k++ {
		if d.inQ[k] != 0 {
			continue
		}
		if d.isPunct(k, ";—–") {
			return k
		}
		if d.lower[k] == "," && k+1 < end && (d.clauseOpener(k+1) || d.participle(k+1)) {
			return k
		}
	}
	return end
}

// infinitives finds reports whose content is an infinitive clause, for
// verbs flagged infinitive in languages that mark the infinitive with a
// word (lexicon setting infinitive_marker): "Peking heeft beweerd onpartijdig te zijn in het
// conflict", "bestritt, daran beteiligt gewesen zu sein", "the ministry
// claimed to have proof". The marker stands within a few words of the
// verb, with nothing verb-like before it, and what follows it must be
// able to be a verb, so that the preposition of "said to reporters",
// "te Amsterdam" or "zu den Vorwürfen" reports nothing. The clause ends
// at the next comma.
func (d *doc) infinitives() {
	marker := d.w.InfinitiveMarker
	if marker == "" {
		return
	}
	for _, c := range d.cues {
		if !c.verb.Infinitive || c.verb.Passive || d.cueUsed(c) || c.tok > 0 && d.isCopula(c.tok-1) {
			continue
		}
		_, s1 := d.sentOf(c.tok)
		start := c.tok + 1
		if start < s1 && d.lower[start] == "," {
			start++
		}
		if start >= s1 || d.inQ[start] != 0 || d.claimed(start) || d.a.Tokens[start].Kind == article.Punct {
			continue
		}
		at := -1
		for k := start; k < s1-1 && k <= start+maxBeforeInfinitive; k++ {
			if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct || d.w.Complementizers[d.lower[k]] ||
				k > start && len(d.w.Verb(d.lower[k])) > 0 {
				break
			}
			if d.lower[k] == marker && d.verbAfterMarker(k+1, s1) {
				at = k
				break
			}
		}
		if at < 0 {
			continue
		}
		end := d.clauseEnd(start)
		for k := at + 1; k < end; k++ {
			if d.inQ[k] == 0 && (d.lower[k] == "," || d.lower[k] == ";") {
				end = k
				break
			}
		}
		spk := d.subjectOf(c, start)
		if !spk.ok() || spk.from > c.tok || end-start < 2 {
			continue
		}
		sp := d.trimContent(d.span(start, end))
		f := found{kind: article.Indirect, content: sp, cue: c.span, spk: spk, conf: 0.55}
		if d.absorb(sp) > 0 {
			f.kind = article.Mixed
		}
		d.quotes = append(d.quotes, f)
	}
}

// maxBeforeInfinitive bounds the words between a cue and the marker of
// its infinitive ("zei de Kamer elk halfjaar te zullen informeren").
const maxBeforeInfinitive = 6

// verbAfterMarker reports whether token k, after an infinitive marker,
// can be a verb: a lower-case word that is no article, pronoun or
// number. A possessive that is also a verb ("te zijn") counts when a
// preposition, punctuation or the sentence end follows it.
func (d *doc) verbAfterMarker(k, s1 int) bool {
	if k >= s1 || d.inQ[k] != 0 || d.a.Tokens[k].Kind != article.Word || isUpperStart(d.text(k)) {
		return false
	}
	l := d.lower[k]
	switch d.w.Determiners[l] {
	case "":
	case "poss":
		return k+1 >= s1 || d.a.Tokens[k+1].Kind == article.Punct || d.w.Prepositions[d.lower[k+1]]
	default:
		return false
	}
	_, pron := d.w.Pronouns[l]
	_, obj := d.w.ObjectPronouns[l]
	return !pron && !obj && !d.w.Prepositions[l]
}

// cueUsed reports whether cue c already attributes a quote.
func (d *doc) cueUsed(c cue) bool {
	for _, f := range d.quotes {
		if f.cue == c.span {
			return true
		}
	}
	return false
}

// postposed finds reported speech whose attribution closes the sentence
// ("The talks will go on, diplomats said.", "…, zei de minister."): the
// content is the sentence up to the comma before the attribution.
func (d *doc) postposed() {
	for _, c := range d.cues {
		if c.owner.ok() {
			continue // a noun: "his claim"
		}
		s0, s1 := d.sentOf(c.tok)
		comma := -1
		var spk speaker
		switch {
		case c.tok > s0 && d.lower[c.tok-1] == "," && d.inQ[c.tok-1] == 0:
			// ", said the official."; ", referring to Clinton" is no
			// inverted attribution: a participle has its subject before.
			if d.participle(c.tok) {
				continue
			}
			comma = c.tok - 1
			spk = d.subjectAfter(c.tok+1, s1)
			if !spk.ok() {
				continue
			}
			if !d.attributionEnds(spk.to, s1) {
				continue
			}
			spk = d.sourceAfter(spk, s1) // "…, said Jane Doe, a demographer at Emory."
		default:
			// ", sources said." / ", he told reporters."
			np := d.commaPhraseBefore(s0, c.tok)
			if !np.ok() {
				continue
			}
			comma = np.from - 1
			spk = np
			if !d.attributionEnds(c.tok+1, s1) {
				continue
			}
		}
		if comma-s0 < 3 || d.claimed(s0) || d.inQ[s0] != 0 && d.quotedCloseAt(comma-1) && d.opensQuoteAt(s0) {
			continue
		}
		end := d.trimEnd(s0, comma)
		sp := d.trimContent(d.span(s0, end))
		f := found{kind: article.Indirect, content: sp, cue: c.span, spk: spk, conf: 0.7}
		if d.absorb(sp) > 0 {
			f.kind = article.Mixed
		}
		d.quotes = append(d.quotes, f)
	}
}

// commaPhraseBefore returns the speaker phrase that fills [from, to)
// from the last comma on: ", sources said".
func (d *doc) commaPhraseBefore(from, to int) speaker {
	for k := to - 1; k > from && k >= to-10; k-- {
		if d.lower[k] == "," && d.inQ[k] == 0 {
			np := d.npAt(k+1, to)
			if np.ok() && np.to == to {
				return np
			}
			if l := d.looseNominal(k+1, to); l.ok() {
				return l
			}
			return noSpeaker
		}
		if d.inQ[k] != 0 {
			return noSpeaker
		}
	}
	return noSpeaker
}

// attributionEnds reports whether only a short tail ("in a statement",
// "on Tuesday", "told reporters") stands between k and the sentence end.
func (d *doc) attributionEnds(k, s1 int) bool {
	end := d.trimEnd(k, s1)
	for j := k; j < end; j++ {
		if d.lower[j] == "," {
			end = j // "…, Mr. Clarke said, until it went bankrupt"
			break
		}
	}
	if end-k > 7 {
		return false
	}
	for j := k; j < end; j++ {
		if d.inQ[j] != 0 || d.w.Complementizers[d.lower[j]] || d.isCue(j) || d.isAux(j) {
			return false // "…, said many residents still felt loyal": a clause
		}
	}
	return true
}

// transcript finds "WALLACE: …" and "Pat Caddell: …": a paragraph that
// opens with a name and a colon quotes that speaker.
func (d *doc) transcript() {
	for pi, p := range d.a.Paragraphs {
		i, ok := d.tokAt(p.Start)
		if !ok {
			continue
		}
		m, ok := d.mentionAt[i]
		if !ok && pi == 0 {
			// A headline: "Poll: Trump a big turnoff for Latino voters",
			// "Clinton camp: …".
			m, ok = d.headlineSource(i)
		}
		if !ok || m.end >= len(d.lower) || d.lower[m.end] != ":" || m.end-i > 4 {
			continue
		}
		start := m.end + 1
		end := start
		for end < len(d.a.Tokens) && d.a.Tokens[end].End <= p.End {
			end++
		}
		if end-start < 3 || d.claimed(start) {
			continue
		}
		sp := d.trimContent(d.span(start, end))
		if d.opensQuoteAt(start) {
			continue // "Name: “…”" is a quotation the direct pass takes
		}
		d.absorb(sp)
		spk := speaker{from: i, to: m.end, kind: unnamed, ent: -1, typ: article.UNNAMED}
		kind := article.Indirect
		if m.ent >= 0 {
			spk, kind = d.nameSpeaker(m, i), article.Direct
		}
		d.quotes = append(d.quotes, found{kind: kind, content: sp,
			cue: d.a.Tokens[m.end].Span, spk: spk, conf: 0.6})
	}
}

// headlineSource returns the words before the colon of a headline that
// opens at token i ("Poll: …", "Clinton camp: …"): up to four words,
// no verb, cue or quotation. Its ent is -1.
func (d *doc) headlineSource(i int) (mref, bool) {
	for k := i; k < len(d.lower) && k <= i+4; k++ {
		if d.lower[k] == ":" && k > i {
			return mref{ent: -1, end: k}, true
		}
		if d.a.Tokens[k].Kind != article.Word || d.inQ[k] != 0 || len(d.w.Verb(d.lower[k])) > 0 || d.w.Stopwords[d.lower[k]] && k == i {
			return mref{}, false
		}
	}
	return mref{}, false
}

// reportedClause returns the first token of the clause that cue c
// reports, if it has one.
func (d *doc) reportedClause(c cue, s1 int) (int, bool) {
	k := c.tok + 1
	if c.owner.ok() {
		// A noun reports the clause its complementizer opens right
		// after it: "his claim that".
		if k+1 < s1 && d.w.Complementizers[d.lower[k]] {
			return k + 1, true
		}
		return 0, false
	}
	// "voegde … eraan toe dat", "told reporters that", "zei die dag ook op
	// Twitter dat": up to eight tokens before the complementizer.
	for j := k; j < s1 && j <= c.tok+14; j++ {
		// "сообщила, что", "warnte, dass": a comma right before the
		// complementizer belongs to it.
		if d.lower[j] == "," && j+1 < s1 && d.w.Complementizers[d.lower[j+1]] && d.inQ[j+1] == 0 {
			continue
		}
		// "dijo, además, que", "ha detto, inoltre, che": a sentence
		// adverb set off by commas (clausegap.go).
		if d.lower[j] == "," && d.adverbialInsertion(j, s1) {
			continue
		}
		if d.inQ[j] != 0 || d.isPunct(j, ".;:!?,") {
			break
		}
		if d.w.Complementizers[d.lower[j]] {
			return j + 1, true
		}
		if j > k && len(d.w.Verb(d.lower[j])) > 0 && !d.adjunctNoun(j) {
			break // another verb; but "en un comunicado que": a noun (clausegap.go)
		}
	}
	if c.verb.Passive {
		// "Aus Regierungskreisen hieß es, ein Preis … sei im Gespräch": an
		// impersonal verb, its pronoun and a comma open the clause.
		if _, pron := d.w.Pronouns[d.lower[min(k, s1-1)]]; !pron || k+1 >= s1 || d.lower[k+1] != "," {
			return 0, false
		}
		k++
	} else if c.verb.Weak && !c.verb.NoComp {
		return 0, false
	}
	// "kündigte an, man werde", "sagte nach den Beratungen, der Bund
	// werde": the verb's particle and a short adverbial may stand
	// between the verb and the comma that opens its clause.
	if j := d.commaAfterAdverbial(c, k, s1); j > k {
		k = j
	}
	comma := k < s1 && d.lower[k] == ","
	if !c.verb.NoComp && !comma || comma && c.tok > 0 && d.isCopula(c.tok-1) {
		return 0, false // "When he was asked about the wall, Trump said": passive
	}
	// A clause without complementizer needs the speaker before the verb,
	// so that "“…”, zei hij" is not read as a report of what follows.
	if p := c.tok - 1; p >= 0 && (d.longQuoteAt(p) || d.lower[p] == "," && p > 0 && d.longQuoteAt(p-1)) {
		return 0, false
	}
	// "“…,” Trump told a caucus meeting in Des Moines.": a short
	// speaker phrase between a quotation and the verb; the verb
	// attributes the quotation.
	if d.quoteRightBefore(c.tok) {
		return 0, false
	}
	if k < s1 && d.lower[k] == "," {
		k++ // "sagte, der Bund werde …"
		if k < s1 && (d.inQ[k] != 0 || d.participle(k)) {
			return 0, false // "she said, standing in the water"
		}
	}
	if c.verb.Lemma == "tell" || c.verb.Lemma == "vertellen" {
		// "told reporters the plant would close": skip the addressee.
		if np := d.npAt(k, s1); np.ok() {
			k = np.to
		} else if k < s1 && d.a.Tokens[k].Kind == article.Word && !d.w.Stopwords[d.lower[k]] {
			k++
		}
	}
	if k >= s1 || s1-k < 4 || d.inQ[k] != 0 {
		return 0, false
	}
	l := d.lower[k]
	if d.w.Prepositions[l] || d.w.TimeWords[l] || d.a.Tokens[k].Kind == article.Punct {
		return 0, false
	}
	// The clause must start like a subject: a determiner, a pronoun, a
	// name or a noun phrase, and contain a verb-like word later.
	_, isPron := d.w.Pronouns[l]
	if d.w.Determiners[l] != "" || isPron || d.covered[k] != 0 || d.npAt(k, s1).ok() {
		return k, true
	}
	// A bare noun as subject: "said demand had fallen".
	if d.a.Tokens[k].Kind != article.Punct && !d.w.Stopwords[l] && !d.w.Negations[l] {
		return k, true
	}
	// A function word before an auxiliary: "said there were 18 emails".
	if d.w.Stopwords[l] && !d.w.Negations[l] && !d.w.Complementizers[l] && d.isAux(k+1) && d.inQ[k+1] == 0 {
		return k, true
	}
	// "…, which analysts say could help": the relative pronoun before the
	// speaker is the subject of the reported clause.
	if d.isAux(k) && d.relativeBefore(c.tok) {
		return k, true
	}
	return 0, false
}

// relativeBefore reports whether a relative pronoun opens the words
// before verb: "which analysts say".
func (d *doc) relativeBefore(verb int) bool {
	s0, _ := d.sentOf(verb)
	for k := verb - 1; k >= s0 && k >= verb-maxNearSubject; k-- {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct {
			return false
		}
		if d.w.Relatives[d.lower[k]] {
			return k < verb-1
		}
	}
	return false
}

// quoteRightBefore reports whether a quotation (and a comma) ends a few
// words before verb, in its sentence, with a phrase that can be a
// speaker between: "“…,” Trump told".
func (d *doc) quoteRightBefore(verb int) bool {
	s0, _ := d.sentOf(verb)
	for k := verb - 1; k >= s0 && k >= verb-maxSpeakerWords; k-- {
		if d.inQ[k] != 0 {
			from := k + 1
			if from < verb && d.lower[from] == "," {
				from++
			}
			return d.longQuoteAt(k) && from < verb && d.npAt(from, verb).ok()
		}
		if d.a.Tokens[k].Kind == article.Punct && d.lower[k] != "," && d.lower[k] != "." || len(d.w.Verb(d.lower[k])) > 0 {
			return false
		}
	}
	return false
}

// maxSpeakerWords bounds the words of a speaker phrase between a
// quotation and its verb.
const maxSpeakerWords = 8

// commaAfterAdverbial returns the comma after cue c's particle and a
// short adverbial that starts at k, or k when there is none.
func (d *doc) commaAfterAdverbial(c cue, k, s1 int) int {
	if s0, _ := d.sentOf(c.tok); c.tok == s0 {
		return k // "Interrogé sur le calendrier, le vice-président …": no one before the verb reports
	}
	if j := d.commaAfterGap(c, k, s1); j > k {
		return j // "betonte jedoch,", "warf dem Konzern vor," (clausegap.go)
	}
	j := k
	if c.verb.Particle != "" && j < s1 && d.lower[j] == c.verb.Particle {
		j++
	}
	// An adverbial opens with a preposition or a time word; a name there
	// is an inverted speaker ("a déclaré Fabrice Monteil, vice-président").
	if j < s1 && d.lower[j] != "," && !d.w.Prepositions[d.lower[j]] && !d.w.TimeWords[d.lower[j]] {
		return k
	}
	for end := j + maxAdverbial; j < s1 && j <= end; j++ {
		if d.lower[j] == "," {
			return j
		}
		if d.inQ[j] != 0 || d.a.Tokens[j].Kind == article.Punct || len(d.w.Verb(d.lower[j])) > 0 ||
			d.w.Complementizers[d.lower[j]] || d.w.Relatives[d.lower[j]] && d.w.Determiners[d.lower[j]] == "" {
			break
		}
		if e := d.covered[j]; e > 0 && d.a.Entities[e-1].Type != article.LOC {
			break // "a écrit sur X Jean-Baptiste Roux, conseiller …": a speaker
		}
	}
	return k
}

// maxAdverbial bounds the words of an adverbial between a cue and the
// comma of its clause ("sagte nach den Beratungen im Kanzleramt,").
const maxAdverbial = 6

// longQuoteAt reports whether token k lies in a quoted span of four
// words or more (a quotation, not a nickname).
func (d *doc) longQuoteAt(k int) bool {
	if d.inQ[k] == 0 {
		return false
	}
	n, _ := d.countWords(d.quoted[d.inQ[k]-1])
	return n >= 4
}

// opensQuoteAt reports whether token k opens a quoted span.
func (d *doc) opensQuoteAt(k int) bool {
	for _, q := range d.quoted {
		if q.open == k {
			return true
		}
	}
	return false
}

// direct attributes the quoted spans that are quotations, and leaves out
// scare quotes, titles and nicknames: a span is a quotation when a cue
// attributes it, or when it is long enough to be said (a sentence). The
// attributed spans go first, so that a span they absorb into a mixed
// quote is not taken on its own.
func (d *doc) direct() {
	var loose []int
	for qi := range d.quoted {
		q := d.quoted[qi]
		if q.depth != 0 || d.claimed(q.open) {
			continue
		}
		words, _ := d.countWords(q)
		if words == 0 {
			continue
		}
		f := found{kind: article.Direct, content: d.trimContent(q.inner), spk: noSpeaker}
		// « A, a martelé l’élu, B »: one quotation cut by its attribution.
		if from, to, c, spk, ok := d.inciso(q); ok {
			first := d.trimContent(article.Span{Start: q.inner.Start, End: d.a.Tokens[from].Start})
			d.quotes = append(d.quotes,
				found{kind: article.Direct, content: first, cue: c.span, spk: spk, conf: 0.8},
				found{kind: article.Direct, content: d.trimContent(article.Span{Start: d.a.Tokens[to].Start, End: q.inner.End}), cue: c.span, spk: spk, conf: 0.8, continues: first})
			continue
		}
		ci, where := d.attribution(q)
		if where == "before" && words < 4 && !d.isPunct(q.open-1, ":,") {
			where = "" // "known to regulars as “Big Dave”": a nickname
		}
		switch {
		case where != "":
			c := d.cues[ci]
			f.cue = c.span
			f.spk = d.subjectOf(c, len(d.a.Tokens))
			f.conf = 0.85
			if where == "before" {
				// "“A,” she said, “B.”": B goes on with the words that
				// the same cue attributes before it.
				if p := d.partBefore(c.span); p != nil {
					f.continues = p.content
				}
			}
			if where == "described" {
				// The phrase right after the quotation speaks; what
				// follows up to the cue describes it.
				k := q.close + 1
				for k < c.tok && d.isPunct(k, ",—–-") {
					k++
				}
				f.spk = d.sourceBefore(d.npAt(k, c.tok), k, c.tok)
				where = "after"
			}
			if where == "after" {
				// "Elke oproep … “…”, aangezien “…,” voegde hij eraan toe":
				// text before the first quotation makes a mixed quote.
				if s0, _ := d.sentOf(q.open); s0 < q.open && !d.hasCueBetween(s0, q.open) && q.open-s0 >= 3 {
					f.kind = article.Mixed
					f.content = d.trimContent(article.Span{Start: d.a.Tokens[s0].Start, End: q.inner.End})
					d.absorb(f.content)
				}
			}
		case d.postPhraseAfter(q, &f):
			f.conf = 0.8
		default:
			loose = append(loose, qi)
			continue
		}
		d.quotes = append(d.quotes, f)
	}
	for _, qi := range loose {
		q := d.quoted[qi]
		if q.depth != 0 || d.claimed(q.open) {
			continue // absorbed by a mixed quote
		}
		words, sentence := d.countWords(q)
		if words < 5 && !(sentence && words >= 2) {
			continue // a scare quote, title or nickname
		}
		f := found{kind: article.Direct, content: d.trimContent(q.inner), spk: noSpeaker, conf: 0.35}
		// A long quotation with no cue continues the words of the quote
		// just before it ("“A,” she said. “B.”").
		if verb, spk := d.unknownAttribution(q); spk.ok() {
			f.cue, f.spk = d.a.Tokens[verb].Span, spk
			f.conf = 0.6
		} else if prev := d.directBefore(q.open); prev != nil && d.paraOf(q.open)-d.paraOf(d.tokenAtOffset(prev.content.End)) <= 1 {
			f.cue, f.spk = prev.cue, prev.spk
			f.conf = 0.6
			f.continues = prev.content
		} else if spk := d.headlineSpeaker(q.open); spk.ok() {
			f.cue, f.spk = d.a.Tokens[q.open-1].Span, spk
			f.conf = 0.6
		}
		d.quotes = append(d.quotes, f)
	}
}

// unknownAttribution finds the attribution of a quotation closed by a
// comma when its verb is not in the lexicon: the rest of the sentence
// is a speaker phrase and one lower-case word, in either order ("“…,”
// fumed Toomey.", "“…,” the crowd chanted."). It returns the verb token
// and the speaker.
func (d *doc) unknownAttribution(q quoted) (int, speaker) {
	k := q.close + 1
	comma := d.lower[q.close-1] == ","
	if k < len(d.lower) && d.lower[k] == "," {
		comma = true
		k++
	}
	if !comma || k >= len(d.lower) || d.a.Tokens[k].Sentence != d.a.Tokens[q.close].Sentence {
		return 0, noSpeaker
	}
	_, s1 := d.sentOf(k)
	end := d.trimEnd(k, s1)
	if end-k < 2 || end-k > 8 || end < s1 && !d.isPunct(end, ".!?") {
		return 0, noSpeaker
	}
	verbLike := func(i int) bool {
		l := d.lower[i]
		return d.a.Tokens[i].Kind == article.Word && d.inQ[i] == 0 && !isUpperStart(d.text(i)) &&
			!d.w.Stopwords[l] && !d.w.Prepositions[l] && d.w.Determiners[l] == ""
	}
	if verbLike(k) {
		if np := d.npAt(k+1, end); np.ok() && np.to == end && np.kind != article.MentionPronoun {
			return k, np // "fumed Toomey"
		}
	}
	if verbLike(end - 1) {
		if np := d.npAt(k, end-1); np.ok() && np.to == end-1 {
			return end - 1, np // "the crowd chanted", "he quipped"
		}
	}
	return 0, noSpeaker
}

// headlineSpeaker returns the speaker of a quotation that opens at
// token open after nothing but a name and a colon, as headlines write
// it ("Carly Fiorina: ‘Bill Clinton’s fair game’").
func (d *doc) headlineSpeaker(open int) speaker {
	s0, _ := d.sentOf(open)
	colon := open - 1
	if colon <= s0 || d.lower[colon] != ":" {
		return noSpeaker
	}
	m, ok := d.mentionAt[s0]
	if !ok || m.end != colon {
		return noSpeaker
	}
	return d.nameSpeaker(m, s0)
}

// partBefore returns the direct quote that the cue at sp attributes and
// that ends before the cue, or nil.
func (d *doc) partBefore(sp article.Span) *found {
	for k := range d.quotes {
		f := &d.quotes[k]
		if f.kind == article.Direct && f.cue == sp && f.content.End <= sp.Start {
			return f
		}
	}
	return nil
}

// directBefore returns the last quote with a speaker that ends before
// token i, or nil.
func (d *doc) directBefore(i int) *found {
	off := d.a.Tokens[i].Start
	var best *found
	for k := range d.quotes {
		f := &d.quotes[k]
		if f.content.End <= off && f.spk.ok() && (best == nil || f.content.End > best.content.End) {
			best = f
		}
	}
	return best
}

// tokenAtOffset returns the index of the token holding byte offset off.
func (d *doc) tokenAtOffset(off int) int {
	toks := d.a.Tokens
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].End <= off-1 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= len(toks) {
		return len(toks) - 1
	}
	return lo
}

// attribution finds the cue of a quoted span: right after it ("…”, zei
// X", "…,” she said") or before it with a colon ("schreef op X: “…”").
func (d *doc) attribution(q quoted) (int, string) {
	s0, _ := d.sentOf(q.open)
	// After, in the same paragraph: a cue right after the closing mark
	// ("…”, zei X", "…,” said X"), or a speaker phrase and then a cue
	// ("…,” she said", "…”, de minister zei").
	k := q.close + 1
	para := d.paraOf(q.close)
	for k < len(d.a.Tokens) && d.isPunct(k, ",—–-") {
		k++
	}
	// "…», a déclaré X", "…», a-t-il ajouté": an auxiliary (and an
	// inverted clitic pronoun) before the participle.
	if k+1 < len(d.a.Tokens) && d.isAux(k) && d.inQ[k] == 0 {
		if ci, ok := d.cueIn(k+1, k+2); ok {
			return ci, "after"
		}
		if k+3 < len(d.a.Tokens) && d.a.Tokens[k+1].Kind == article.Punct && d.text(k+1) != "," {
			if ci, ok := d.cueIn(k+3, k+4); ok {
				return ci, "after"
			}
		}
	}
	if k < len(d.a.Tokens) && d.paraOf(k) == para && d.inQ[k] == 0 {
		sameSentence := d.a.Tokens[k].Sentence == d.a.Tokens[q.close].Sentence
		if sameSentence || !isUpperStart(d.text(k)) {
			if ci, ok := d.cueIn(k, k+1); ok && !d.reportsOwnClause(q, ci) {
				return ci, "after"
			}
			if np := d.npAt(k, len(d.a.Tokens)); np.ok() && np.to-k <= 8 {
				j := d.skipInsertion(np.to)
				if j == np.to && j+1 < len(d.lower) && d.lower[j] == "," {
					j++ // "the Prime Minister, Jane Doe, said": the apposition ends the phrase
				}
				if ci, ok := d.cueIn(j, j+1); ok && !d.reportsOwnClause(q, ci) {
					return ci, "after"
				}
				// "…,” Harry Bond, 30, of Raleigh, N.C., who was among
				// those polled, said.": a longer description of the
				// speaker, up to a cue in the same sentence.
				if ci, ok := d.cueAfterDescription(np.to); ok && !d.reportsOwnClause(q, ci) {
					return ci, "described"
				}
			}
		}
	}
	// Before: a colon right before the quotation, or a cue earlier in
	// the same sentence with nothing else reported.
	if q.open > s0 {
		if d.lower[q.open-1] == ":" || d.lower[q.open-1] == "," {
			if ci, ok := d.lastCueIn(s0, q.open); ok {
				return ci, "before"
			}
		}
		// "Hij riep de landen op om “…”": a cue earlier in the sentence
		// with no complementizer between it and the quotation.
		if ci, ok := d.lastCueIn(s0, q.open); ok && !d.complementizerIn(d.cues[ci].tok+1, q.open) {
			return ci, "before"
		}
	}
	return 0, ""
}

// complementizerIn reports whether a complementizer stands in [from, to).
func (d *doc) complementizerIn(from, to int) bool {
	for k := from; k < to; k++ {
		if d.w.Complementizers[d.lower[k]] && d.inQ[k] == 0 {
			return true
		}
	}
	return false
}

// reportsOwnClause reports whether cue ci, right after a short quoted
// span, introduces a clause of its own ("known as “Big Dave”, said he
// had…"): then the span is a nickname, not what was said.
func (d *doc) reportsOwnClause(q quoted, ci int) bool {
	if n, _ := d.countWords(q); n >= 4 {
		return false
	}
	_, s1 := d.sentOf(d.cues[ci].tok)
	k, ok := d.reportedClause(d.cues[ci], s1)
	if !ok {
		return false
	}
	// "“Nobody asked us,” said Tom Reed, a shop owner.": a name that
	// ends the sentence or an apposition is the speaker, not the
	// subject of a clause.
	np := d.npAt(k, s1)
	return !np.ok() || np.to < s1 && !d.isPunct(np.to, ",.!?")
}

// skipInsertion passes over ", who chairs the negotiations," or a short
// parenthesis ("(R-Fla.)") after a phrase and returns the token after
// it, or k when there is none.
// cueAfterDescription returns the cue that follows a speaker phrase
// ending at token k and a description set off by commas, in the same
// sentence with no clause reported between: the cue must come right
// after a comma (or an auxiliary after one).
func (d *doc) cueAfterDescription(k int) (int, bool) {
	if k >= len(d.lower) || d.lower[k] != "," {
		return 0, false
	}
	_, s1 := d.sentOf(k)
	for j := k + 1; j < s1 && j <= k+maxDescription; j++ {
		if d.inQ[j] != 0 || d.w.Complementizers[d.lower[j]] && !d.w.Relatives[d.lower[j]] {
			return 0, false
		}
		if ci, ok := d.cueIn(j, j+1); ok {
			return ci, d.lower[j-1] == "," || d.isAux(j-1)
		}
	}
	return 0, false
}

// maxDescription bounds the words of a description between a speaker
// after a quotation and the cue.
const maxDescription = 25

func (d *doc) skipInsertion(k int) int {
	if k < len(d.lower) && d.lower[k] == "(" {
		// "Sen. Marco Rubio (R-Fla.) said": a short parenthesis.
		for j := k + 1; j < len(d.lower) && j <= k+maxParenthesis; j++ {
			if d.inQ[j] != 0 {
				return k
			}
			if d.lower[j] == ")" {
				return j + 1
			}
		}
		return k
	}
	if k >= len(d.lower) || d.lower[k] != "," {
		return k
	}
	_, s1 := d.sentOf(k)
	for j := k + 1; j < s1 && j < k+20; j++ {
		if d.inQ[j] != 0 {
			return k
		}
		if d.lower[j] == "," {
			return j + 1
		}
	}
	return k
}

// maxParenthesis bounds the tokens of a parenthesis after a speaker.
const maxParenthesis = 8

// hasCueBetween reports whether a cue or a colon stands in [from, to).
func (d *doc) hasCueBetween(from, to int) bool {
	if _, ok := d.cueIn(from, to); ok {
		return true
	}
	for k := from; k < to; k++ {
		if d.lower[k] == ":" {
			return true
		}
	}
	return false
}

// postPhraseAfter attributes a quotation followed by a source phrase:
// "“…”, aldus de minister", "“…”, according to the report".
func (d *doc) postPhraseAfter(q quoted, f *found) bool {
	k := q.close + 1
	comma := k < len(d.lower) && d.lower[k] == ","
	if comma {
		k++
	}
	if k >= len(d.lower) || d.paraOf(k) != d.paraOf(q.close) {
		return false
	}
	for _, p := range d.w.SourcePhrases {
		if !d.phraseAt(p, k) || p.Pos == lexicon.Postpos || p.Pos == lexicon.Pre && !comma {
			continue
		}
		_, s1 := d.sentOf(k)
		n := k + len(p.Words)
		f.cue = d.span(k, n)
		f.spk = d.npAt(n, s1)
		return true
	}
	return false
}

// trimContent drops surrounding white space and the attribution comma
// ("…,” she said") from a content span.
func (d *doc) trimContent(sp article.Span) article.Span {
	t := d.a.Text
	for sp.Start < sp.End {
		r, n := utf8.DecodeRuneInString(t[sp.Start:])
		if !unicode.IsSpace(r) {
			break
		}
		sp.Start += n
	}
	for sp.End > sp.Start {
		r, n := utf8.DecodeLastRuneInString(t[:sp.End])
		if !unicode.IsSpace(r) && r != ',' && r != ';' && r != ':' {
			break
		}
		sp.End -= n
	}
	return sp
}

// countWords counts the words inside a quoted span and whether it holds
// a sentence-final mark.
func (d *doc) countWords(q quoted) (int, bool) {
	n := 0
	for k := q.open + 1; k < q.close; k++ {
		switch d.a.Tokens[k].Kind {
		case article.Word, article.Number:
			n++
		}
	}
	last := q.close - 1
	sent := last > q.open && d.a.Tokens[last].Kind == article.Punct && strings.Contains(".!?…", d.lower[last]) && !d.abbrevBefore(last)
	return n, sent
}

// abbrevBefore reports whether the full stop at k ends an abbreviation.
func (d *doc) abbrevBefore(k int) bool {
	if d.lower[k] != "." || k == 0 {
		return false
	}
	w := d.text(k-1) + "."
	return d.w.Abbreviations[w] || d.w.Abbreviations[strings.ToLower(w)]
}

// paraOf returns the index of the paragraph holding token i.
func (d *doc) paraOf(i int) int {
	off := d.a.Tokens[i].Start
	for pi, p := range d.a.Paragraphs {
		if off < p.End {
			return pi
		}
	}
	return len(d.a.Paragraphs) - 1
}

// sourcePhrases finds "volgens X …", "according to X, …", "…, aldus X".
func (d *doc) sourcePhrases() {
	for i := range d.a.Tokens {
		if d.inQ[i] != 0 {
			continue
		}
		for _, p := range d.w.SourcePhrases {
			if !d.phraseAt(p, i) || d.claimed(i) || d.cueStartsAt(i) {
				continue // cueStartsAt: "Según sus cálculos" (possphrase.go)
			}
			s0, s1 := d.sentOf(i)
			n := i + len(p.Words)
			cueSp := d.span(i, n)
			switch p.Pos {
			case lexicon.Pre:
				spk := d.npAt(n, s1)
				var content article.Span
				if d.atClauseStart(s0, i) {
					// "According to exit polls, …", "According to a poll
					// released on Tuesday by the Times, …": the source runs
					// to the comma.
					if upto := d.phraseUntilComma(n, s1); upto.ok() {
						if !spk.ok() {
							spk = upto
						} else if upto.to > spk.to {
							spk.xfrom, spk.xto = spk.from, upto.to
						}
					}
					if !spk.ok() {
						continue
					}
					k := max(spk.to, spk.xto)
					if k < s1 && d.lower[k] == "," {
						k++
					}
					end := d.clauseEnd(k)
					if end-k < 2 {
						continue
					}
					content = d.span(k, end)
				} else if i > s0 && d.lower[i-1] == "," {
					// "…, according to X.": the source is the rest of the
					// sentence ("according to a memo he wrote in 2012").
					end := d.trimEnd(s0, i-1)
					if end-s0 < 3 || d.claimed(s0) {
						continue
					}
					spk = d.restOfSentence(spk, n, s1, len(p.Words) > 1)
					if !spk.ok() {
						continue
					}
					content = d.span(s0, end)
				} else {
					continue
				}
				d.addPhraseQuote(content, cueSp, spk)
			case lexicon.Post:
				if i == s0 || d.lower[i-1] != "," || d.inQ[i-1] != 0 {
					continue
				}
				spk := d.npAt(n, s1)
				end := d.trimEnd(s0, i-1)
				if !spk.ok() || end-s0 < 3 || d.claimed(s0) || d.opensQuoteAt(s0) && d.quotedCloseAt(end-1) {
					continue
				}
				d.addPhraseQuote(d.span(s0, end), cueSp, spk)
			case lexicon.Postpos:
				// "Dem Minister zufolge …": the phrase before, content after.
				spk := d.lastNP(s0, i)
				if !spk.ok() {
					continue
				}
				k := n
				if k < s1 && d.lower[k] == "," {
					k++
				}
				end := d.clauseEnd(k)
				if end-k < 2 {
					continue
				}
				d.addPhraseQuote(d.span(k, end), cueSp, spk)
			}
		}
	}
}

func (d *doc) addPhraseQuote(content, cueSp article.Span, spk speaker) {
	f := found{kind: article.Indirect, content: d.trimContent(content), cue: cueSp, spk: spk, conf: 0.7}
	if d.absorb(f.content) > 0 {
		f.kind = article.Mixed
	}
	d.quotes = append(d.quotes, f)
}

// restOfSentence widens spk, found at token k, to the end of its
// sentence; with no spk, the rest of the sentence is an unnamed source
// when it is short and holds no quotation, and, after a phrase of more
// than one word (bare), even without a determiner.
func (d *doc) restOfSentence(spk speaker, k, s1 int, bare bool) speaker {
	end := d.trimEnd(k, s1)
	if end-k > 25 || end <= k || !spk.ok() && !d.nounPhraseStart(k) && !(bare && d.bareSourceStart(k)) {
		return spk
	}
	for j := k; j < end; j++ {
		if d.inQ[j] != 0 && d.longQuoteAt(j) {
			return spk
		}
	}
	if !spk.ok() {
		return speaker{from: k, to: end, kind: unnamed, ent: -1, typ: article.UNNAMED}
	}
	if end > spk.to {
		spk.xfrom, spk.xto = spk.from, end
	}
	return spk
}

// nounPhraseStart reports whether token k starts like a noun phrase: a
// determiner, a number or a name.
func (d *doc) nounPhraseStart(k int) bool {
	return d.w.Determiners[d.lower[k]] != "" || d.a.Tokens[k].Kind == article.Number || isUpperStart(d.text(k))
}

// bareSourceStart reports whether token k can open the source that ends
// a sentence after a source phrase, without a determiner: "…, according
// to recent data", "according to press reports", "according to him".
func (d *doc) bareSourceStart(k int) bool {
	l := d.lower[k]
	if d.a.Tokens[k].Kind != article.Word || d.inQ[k] != 0 {
		return false
	}
	if _, obj := d.w.ObjectPronouns[l]; obj {
		return true
	}
	return !d.w.Stopwords[l] && !d.w.Prepositions[l] && !d.w.Complementizers[l] && len(d.w.Verb(l)) == 0
}

// phraseUntilComma takes the words from k to the next comma (one to
// sixteen of them, no verb or quotation) as an unnamed source: after
// "according to" anything up to the comma is the source.
func (d *doc) phraseUntilComma(k, s1 int) speaker {
	if k >= s1 || !d.nounPhraseStart(k) {
		return noSpeaker
	}
	for j := k; j < s1 && j <= k+16; j++ {
		if d.inQ[j] != 0 || len(d.w.Verb(d.lower[j])) > 0 && j > k {
			return noSpeaker
		}
		if d.lower[j] == "," {
			if j-k < 1 {
				return noSpeaker
			}
			s := speaker{from: k, to: j, kind: unnamed, ent: -1, typ: article.UNNAMED}
			for t := k; t < j; t++ {
				if m, ok := d.mentionAt[t]; ok && m.end == j {
					return d.nameSpeaker(m, t) // "according to the WTO"
				}
			}
			return s
		}
		if d.a.Tokens[j].Kind == article.Punct && d.lower[j] != "-" && d.lower[j] != "." {
			return noSpeaker
		}
	}
	return noSpeaker
}

// atClauseStart reports whether token i starts its sentence, perhaps
// after a conjunction or a closing quotation.
func (d *doc) atClauseStart(s0, i int) bool {
	if i == s0 {
		return true
	}
	prev := d.lower[i-1]
	return i-1 == s0 && (d.w.Stopwords[prev] || d.a.Tokens[i-1].Kind == article.Punct)
}

// lastNP returns the last speaker phrase in [from, to).
func (d *doc) lastNP(from, to int) speaker {
	best := noSpeaker
	for k := from; k < to; k++ {
		if np := d.npAt(k, to); np.ok() && np.to == to {
			return np
		} else if np.ok() {
			best = np
		}
	}
	return best
}
