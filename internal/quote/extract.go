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
		if d.lower[k] == ":" && d.inQ[k] == 0 && !d.clockColon(k) {
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
		// "said the FBI had secured the cooperation of Bryan Pagliano,
		// who worked on her campaign.": a relative clause set off by a
		// comma that runs to the end of the sentence describes a phrase
		// of the report in the writer's words; one closed by a second
		// comma is an insertion, and the report goes on after it. This
		// is an annotation convention (PolNeAR leaves such clauses out)
		// more than a fact of the language. Not for relatives that are
		// also articles (de "…, die Länder müssten aber mehr zahlen" is
		// a clause of the report) nor for relatives of time and place,
		// which open an adverbial of the report ("would be held on
		// Monday, when the council meets again").
		if l := d.lower[min(k+1, s1-1)]; d.lower[k] == "," && d.inQ[k] == 0 && k > from+1 && k+1 < s1 && d.w.Relatives[l] && !d.w.Complementizers[l] && d.w.Determiners[l] == "" && !d.w.RelativeAdverbs[l] && !d.commaAfter(k+1, s1) {
			end = k
			break
		}
		// "said that there is “only one conservative in the race,”
		// adding that …": the comma inside a closing mark, then an
		// attribution, closes the clause after the mark.
		if d.commaQuoteClose(k) && k+1 < s1 {
			if ci, ok := d.cueIn(k+1, min(k+3, s1)); ok && !d.cues[ci].owner.ok() {
				end = k + 1
				break
			}
		}
		// "said it was too early but added …", "acknowledged that the
		// stack was confusing and called it …": a conjunction and a
		// second reporting verb of the same subject (perhaps after an
		// adverb: "and also said") close the clause; what the second
		// verb reports is a quote of its own.
		if d.coordinatedCue(k, s1) {
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
	// "said he would “carpet-bomb them into oblivion. I don’t know if
	// sand can glow in the dark.”": a quotation opened in the clause
	// that goes on past the sentence end belongs to it to its close.
	if end == s1 && d.inQ[s1-1] != 0 {
		if q := d.quoted[d.inQ[s1-1]-1]; q.open >= from && q.close >= s1 && q.paras == 1 {
			end = q.close + 1
		}
	}
	return d.trimEnd(from, end)
}

// clockColon reports whether the colon at token k joins two numbers with
// no space, as in a time of day ("de las 5:00 a la medianoche"): no
// break of the clause.
func (d *doc) clockColon(k int) bool {
	t := d.a.Tokens
	return k > 0 && k+1 < len(t) && t[k-1].Kind == article.Number && t[k+1].Kind == article.Number &&
		t[k-1].End == t[k].Start && t[k].End == t[k+1].Start
}

// coordinatedCue reports whether token k is a coordinating conjunction
// ("and", "but", "en", "et", "e", "y"; conjunctions.txt) before a verb
// that reports a clause of its own, with at most a few adverbs or an
// auxiliary between them and no subject: a second report of the
// subject that reported the clause before it ("said it was too early
// but added that …", "acknowledged that … and then said …", "sublinhou
// que A e lembrou que B", "sagte, A, und fügte hinzu, B"). An adverb is
// no conjunction ("said the residents still say they love the town":
// "say" has its own subject); a weak verb is the reported clause's own
// verb; a verb that reports only an object or an infinitive ("but
// declined to comment") and one followed by a quotation ("zei dat … en
// beloofde “…”") go on with the same report.
func (d *doc) coordinatedCue(k, s1 int) bool {
	if k+1 >= s1 || d.inQ[k] != 0 || !d.w.Conjunctions[d.lower[k]] || d.w.Complementizers[d.lower[k]] {
		return false
	}
	// "and also said", "and then said", "e ha detto": adverbs and
	// auxiliaries, no subject.
	j := k + 1
	for n := 0; n < maxBeforeVerb && j < s1 && d.inQ[j] == 0 && !d.isCue(j) && d.betweenSubjectAndVerb(j); n++ {
		j++
	}
	if j >= s1 || d.inQ[j] != 0 {
		return false
	}
	ci, ok := d.cueIn(j, j+1)
	if !ok || d.cues[ci].verb.Weak {
		return false
	}
	c := d.cues[ci]
	if !c.owner.ok() && !d.participle(j) && j+1 < s1 && d.inQ[j+1] == 0 && (c.verb.NoComp || d.w.Complementizers[d.lower[j+1]]) {
		return true
	}
	_, clause := d.reportedClause(c, s1)
	return clause
}

// commaAfter reports whether a comma outside quotations stands in
// [k, s1).
func (d *doc) commaAfter(k, s1 int) bool {
	for j := k; j < s1; j++ {
		if d.lower[j] == "," && d.inQ[j] == 0 {
			return true
		}
	}
	return false
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

// addReport adds f, reported speech: indirect, or mixed when its content
// holds quoted fragments, which it absorbs so that they are not quotes
// of their own.
func (d *doc) addReport(f found) {
	f.kind = article.Indirect
	if d.absorb(f.content) > 0 {
		f.kind = article.Mixed
		// A quotation found before with neither cue nor speaker is a
		// fragment of this reported clause, now mixed: "Deutschland
		// wolle „ein verlässlicher Partner“ sein, sagte sie" is one
		// quote, not two.
		kept := d.quotes[:0]
		for _, g := range d.quotes {
			if g.kind == article.Direct && f.content.Contains(g.content) && (!g.spk.ok() && g.cue.End <= g.cue.Start || d.cueElsewhere(g)) {
				continue
			}
			kept = append(kept, g)
		}
		d.quotes = kept
	}
	d.quotes = append(d.quotes, f)
}

// cueElsewhere reports whether quotation g has its cue in another
// paragraph: a guess from the speaker named before (the loose
// attribution), which a reported clause around it in its own paragraph
// overrides ("Per il Sunia la misura è «un primo passo, ma tardivo»").
func (d *doc) cueElsewhere(g found) bool {
	if g.cue.End <= g.cue.Start {
		return false
	}
	return d.paraOf(d.tokenAtOffset(g.cue.Start)) != d.paraOf(d.tokenAtOffset(g.content.Start))
}

// indirect finds reported speech: a cue verb with a complementizer ("zei
// dat", "said that"), or with a clause right after it ("said demand had
// fallen", "sagte, der Bund werde").
func (d *doc) indirect() {
	for _, c := range d.cues {
		_, s1 := d.sentOf(c.tok)
		start, ok := d.reportedClause(c, s1)
		if !ok || start >= s1 || d.claimed(start) {
			continue
		}
		end := d.clauseEnd(start)
		if end-start < 2 {
			continue
		}
		sp := d.span(start, end)
		spk := d.participleSubject(c)
		if !spk.ok() && start == c.tok+1 && d.isAux(start) {
			spk = d.relativeClauseSubject(c.tok)
		}
		if !spk.ok() {
			spk = d.subjectOf(c, start)
		}
		if !spk.ok() {
			spk = d.segmentBefore(c.tok)
		}
		if !spk.ok() {
			spk = d.droppedSubject(c) // "Dodał, że …" (prodrop.go)
		}
		if !spk.ok() {
			spk = d.namedImpersonalSource(c) // "Da Palazzo Marino fanno sapere che …"
		}
		if !spk.ok() {
			spk = d.infinitiveSubject(c) // "…, a-t-elle ajouté, avant d'indiquer que …"
		}
		if !spk.ok() {
			continue // "Asked whether …": no one reports here
		}
		d.addReport(found{content: sp, cue: c.span, spk: spk, conf: 0.75})
	}
}

// participleSubject returns the subject of the clause that a participle
// cue after a comma goes with ("Republicans have blocked the measures,
// saying they infringe on gun rights"): the phrase that opens its
// sentence, when the sentence's verb follows it.
func (d *doc) participleSubject(c cue) speaker {
	s0, _ := d.sentOf(c.tok)
	comma := c.tok - 1
	if comma <= s0 || d.lower[comma] != "," || d.inQ[comma] != 0 || !d.participle(c.tok) {
		return noSpeaker
	}
	// The subject opens the sentence and ends at its verb: the first
	// auxiliary or cue ("The Russians have used …", "Several Democrats
	// cautioned against …").
	// A clause opener or a quotation before any verb ends the search:
	// "The senator met the governor last week and the two have agreed
	// …, saying" is not one subject up to "have".
	v := s0
	for v < comma && !d.isAux(v) && !d.isCue(v) && d.inQ[v] == 0 && !(v > s0 && d.clauseOpener(v)) {
		v++
	}
	if v == s0 || v == comma || !d.isAux(v) && !d.isCue(v) {
		return noSpeaker
	}
	return d.subjectBefore(s0, v)
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
		spk := d.participleSubject(c) // ", calling for a ceasefire"
		if !spk.ok() {
			spk = d.subjectOf(c, start)
		}
		if !spk.ok() {
			spk = d.segmentBefore(c.tok)
		}
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
		d.addReport(found{content: sp, cue: cueSp, spk: spk, conf: 0.5})
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
		// "who has endorsed Canova, was able to raise …": a comma and
		// an auxiliary or cue go back to the clause around the object.
		if d.lower[k] == "," && k+1 < end && (d.isAux(k+1) || d.isCue(k+1)) {
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
		spk := d.participleSubject(c) // ", vowing to fight on"
		if !spk.ok() {
			spk = d.subjectOf(c, start)
		}
		if !spk.ok() {
			spk = d.segmentBefore(c.tok)
		}
		if !spk.ok() || spk.from > c.tok || end-start < 2 {
			continue
		}
		sp := d.trimContent(d.span(start, end))
		d.addReport(found{content: sp, cue: c.span, spk: spk, conf: 0.55})
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
			// "…, called the measure a disaster": a verb of an object
			// that reports no clause is not inverted after a comma; its
			// object follows it.
			if c.verb.Object && !c.verb.NoComp {
				continue
			}
			comma = c.tok - 1
			spk = d.subjectAfter(c.tok+1, s1)
			if !spk.ok() {
				// "…, сообщили в пресс-службе компании.": an impersonal
				// plural and the source after its preposition, when it
				// names or refers to an organisation already named.
				if s := d.impersonalSource(c); s.ent >= 0 {
					spk = s
				}
			}
			if !spk.ok() {
				continue
			}
			// "…, heißt es beim Naturschutzbund": the pronoun of an
			// impersonal verb is no one; the source is the phrase
			// after its source preposition.
			if c.verb.Passive && spk.kind == article.MentionPronoun {
				if s := d.impersonalSource(c); s.ok() {
					spk = s
				}
			}
			// After an inverted speaker ("…, sagte die Ministerin am
			// Montag nach einem Treffen mit …") adjuncts of any length
			// may close the sentence: the verb's clause is the one before
			// the comma, so they cannot be its complement.
			if !d.attributionEnds(spk.to, s1) && !d.adjunctsEnd(spk.to, s1) {
				continue
			}
			// "…, said Jane Doe, a demographer at Emory.": the source
			// phrase runs on to the sentence end, but not over a
			// continuation of the content ("The harbour, said the
			// inspector on Monday, will need dredging"; de "Das
			// Problem, sagte der Minister am Montag, sei gelöst").
			limit := s1
			if r, _ := d.afterInsertedAttribution(spk.to, s1); r > 0 {
				limit = r - 1
				for limit > spk.to && d.lower[limit] != "," {
					limit-- // "…, he said, that …"
				}
			}
			spk = d.sourceAfter(spk, limit)
		default:
			// ", sources said." / ", he told reporters."
			np := d.commaPhraseBefore(s0, c.tok)
			if !np.ok() {
				continue
			}
			comma = np.from - 1
			spk = np
			// "Der Bürgermeister sagte, die Opposition fordert …": a
			// phrase inside a clause another cue already reports is
			// that clause's subject, not a postposed speaker.
			if !d.attributionEnds(c.tok+1, s1) || d.claimed(np.from) {
				continue
			}
			// "…, the senator endorsed Jane Doe.": a verb that reports
			// only an object reports what follows it.
			if c.verb.Object && !c.verb.NoComp && c.tok+1 < s1 && d.a.Tokens[c.tok+1].Kind != article.Punct {
				continue
			}
		}
		// "“…,” Jane Doe, who chairs the talks, told reporters.": when
		// the cue already attributes a quotation in the sentence, the
		// words after the comma are its object, not an inverted speaker.
		// "The documents indicate, he said in an interview, that …",
		// "What is less certain, the survey shows, is whether …": an
		// attribution set off by commas inside the clause cuts the
		// content in two parts, the second going on with the first.
		rest, restEnd := d.afterInsertedAttribution(max(c.tok+1, spk.to, spk.xto), s1)
		if comma-s0 < 3 && rest < 0 || comma-s0 < 1 || d.claimed(s0) || d.cueUsed(c) || d.inQ[s0] != 0 && d.quotedCloseAt(comma-1) && d.opensQuoteAt(s0) {
			continue
		}
		// "-, he said, is …": a first part of punctuation only holds
		// no content (and would give an empty or reversed span).
		end := d.trimEnd(s0, comma)
		if end <= s0 {
			continue
		}
		d.addPhraseQuote(d.span(s0, end), c.span, spk)
		if rest >= 0 {
			d.addContinuation(d.span(rest, restEnd), c.span, spk)
		}
	}
}

// afterInsertedAttribution returns where the clause goes on after an
// attribution that ends at the first comma from token k on ("…, he said
// in an interview, that the department …"), and where it ends; -1 when
// the attribution ends the sentence or what follows the comma is no
// continuation of the clause (see continuation).
func (d *doc) afterInsertedAttribution(k, s1 int) (int, int) {
	for j := k; j < s1; j++ {
		if d.inQ[j] != 0 || d.w.Complementizers[d.lower[j]] && j > k {
			return -1, 0
		}
		if d.lower[j] == "," {
			return d.continuation(j, s1)
		}
	}
	return -1, 0
}

// continuation returns where a content cut in two by an attribution or
// source phrase set off by commas goes on after the closing comma at
// token j, and where it ends; -1 when what follows is no continuation
// of the clause: a participle, a relative clause, a cue of its own, a
// quotation, an apposition ("…, said Jane Doe, a demographer at
// Emory"), or after a person's name a segment that does not open with
// an auxiliary ("…, according to Jane Doe, head of the centre, and
// other scientists").
func (d *doc) continuation(j, s1 int) (int, int) {
	r := j + 1
	if r >= s1 || d.inQ[r] != 0 && !d.w.Complementizers[d.lower[r]] || d.participle(r) || d.w.Relatives[d.lower[r]] && !d.w.Complementizers[d.lower[r]] || d.isCue(r) || d.a.Tokens[r].Kind == article.Punct {
		return -1, 0
	}
	if d.w.Complementizers[d.lower[r]] {
		r++ // "…, he said, that …"
	}
	end := d.clauseEnd(r)
	if end-r < 2 || d.claimed(r) || d.describes(r, min(end, r+maxNearSubject)) || j > 0 && d.personAt(j-1) && !d.isAux(r) {
		return -1, 0
	}
	return r, end
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
			// ", a Quinnipiac University poll shows": a name inside a
			// phrase that a role noun or modifier ends.
			if np.ok() && np.to < to && to-np.to <= maxNameTail && np.kind == article.MentionName {
				tail := true
				for j := np.to; j < to; j++ {
					tail = tail && d.inQ[j] == 0 && d.a.Tokens[j].Kind == article.Word && d.modifier(j)
				}
				if _, role := d.w.Role(d.lower[to-1]); tail && role {
					np.xfrom, np.xto = k+1, to
					return np
				}
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

// adjunctsEnd reports whether the sentence (up to s1) ends, from token
// k on, with prepositional adjuncts only (see adjunctTail) and no comma.
func (d *doc) adjunctsEnd(k, s1 int) bool {
	end := d.trimEnd(k, s1)
	for j := k; j < end; j++ {
		if d.lower[j] == "," || d.inQ[j] != 0 || d.isCue(j) || d.isAux(j) {
			return false
		}
	}
	return end > k && d.adjunctTail(k, end)
}

// adjunctTail reports whether tokens [k, end) after a postposed speaker
// are only prepositional adjuncts of time, place and occasion, however
// long, and so still part of the attribution: de "…, sagte die
// Ministerin am Montag nach einem Treffen mit ihrem Amtskollegen in
// Astana.", en "…, he said on Monday after a meeting with the board in
// Leeds." It opens with a preposition and holds no verb, relative or
// complementizer that would open a clause of its own (a capitalised
// word inside the sentence is a noun or a name, not a verb: "Treffen").
func (d *doc) adjunctTail(k, end int) bool {
	if end-k > maxAdjunctTail || !d.w.Prepositions[d.lower[k]] {
		return false
	}
	for j := k; j < end; j++ {
		l := d.lower[j]
		// A German or Dutch article that doubles as relative ("in der
		// Hauptstadt") is an article here: a relative clause would
		// follow a comma.
		if d.w.Relatives[l] && d.w.Determiners[l] == "" || d.w.Complementizers[l] || len(d.w.Verb(l)) > 0 && !isUpperStart(d.text(j)) {
			return false
		}
	}
	return true
}

// maxAdjunctTail bounds the prepositional adjuncts that may follow a
// postposed speaker.
const maxAdjunctTail = 20

// commaClosed reports whether a short tail from token k on ends at a
// comma inside the sentence, as an attribution set off by commas does:
// "…, he said in an interview, that …".
func (d *doc) commaClosed(k, s1 int) bool {
	end := d.trimEnd(k, s1)
	for j := k; j < end; j++ {
		if d.lower[j] == "," {
			return d.attributionEnds(k, s1)
		}
	}
	return false
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
	// A verb right after a quotation and its comma reports that
	// quotation: a complementizer after its subject and a comma opens a
	// relative clause ("«…», ha spiegato la paleontologa Giulia
	// Maselli, che coordina il progetto").
	first := c.tok
	if t := d.tokenAtOffset(c.span.Start); t >= 0 && t < c.tok {
		first = t
	}
	p := first - 1
	if p > 0 && d.inQ[p] == 0 && d.isPunct(p, ",—–") {
		p--
	}
	reportsQuote := p >= 0 && p < first-1 && d.longQuoteAt(p)
	// "voegde … eraan toe dat", "told reporters that", "zei die dag ook op
	// Twitter dat": up to eight tokens before the complementizer.
	for j := k; j < s1 && j <= c.tok+14; j++ {
		// "сообщила, что", "warnte, dass": a comma right before the
		// complementizer belongs to it.
		if d.lower[j] == "," && j+1 < s1 && d.w.Complementizers[d.lower[j+1]] && d.inQ[j+1] == 0 && !(reportsQuote && j > k) {
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
			// "said that was a mistake": an auxiliary right after
			// "that" makes it the subject, a demonstrative, so it
			// belongs to the clause. Only where the complementizer is
			// also a determiner (en "that"): in es "dijo que ha sido
			// un error" the clause after "que" has no subject.
			if j+1 < s1 && d.inQ[j+1] == 0 && d.isAux(j+1) && d.w.Determiners[d.lower[j]] == "dem" {
				return j, true
			}
			if j+1 >= s1 {
				return 0, false // the sentence ends at the complementizer
			}
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
		// "ha aggiunto, sottolineando che …": a reporting gerund and its
		// complementizer go on with the verb's report.
		if k+2 < s1 && d.participle(k) && d.isCue(k) && d.w.Complementizers[d.lower[k+1]] && d.inQ[k+1] == 0 {
			return k + 2, true
		}
		if k < s1 && (d.inQ[k] != 0 || d.participle(k)) {
			return 0, false // "she said, standing in the water"
		}
		// "The documents indicate, he said in an interview, that …": a
		// phrase and a cue after the comma, closed with a short tail by
		// a comma, attribute the clause; they are no clause it reports.
		// Not so when the cue's clause runs on to the sentence end: de
		// "Der Bürgermeister sagte, die Opposition fordert seit Wochen
		// einen Neuanfang."
		if np := d.npAt(k, s1); np.ok() {
			if _, ok := d.cueIn(np.to, np.to+1); ok && d.commaClosed(np.to+1, s1) {
				return 0, false
			}
		}
		// "As The Washington Post reported, even if Sanders …": a
		// sentence that opens with a source-marking "as" (zoals, wie,
		// comme; as_conjunctions.txt), a subject and the cue attributes
		// all of the main clause after the comma, however it opens.
		// Other openers ("While Trump tweeted, even his aides …") are
		// no report of the main clause.
		if k == c.tok+2 && s1-k >= minReportedClause && d.frontedReport(c.tok) {
			return k, true
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
	if k >= s1 || s1-k < minReportedClause || d.inQ[k] != 0 {
		return 0, false
	}
	l := d.lower[k]
	if d.w.Prepositions[l] || d.w.TimeWords[l] || d.a.Tokens[k].Kind == article.Punct {
		// "teilte mit, für die Bevölkerung bestehe kein Risiko": in a
		// verb-second language a clause after the comma may open with an
		// adverbial; the Konjunktiv I right after it marks the report.
		if !d.frontedSubjunctive(k, s1) {
			return 0, false
		}
		return k, true
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
	// "said none of the attempts will work", "said nothing has
	// changed", "said no decision has been made": a negative word opens
	// a subject when a preposition (not the infinitive marker: "said no
	// to the deal") or an auxiliary follows it, or a noun and an
	// auxiliary.
	if d.w.Negations[l] && k+2 < s1 && d.inQ[k+1] == 0 && d.inQ[k+2] == 0 &&
		(d.w.Prepositions[d.lower[k+1]] && d.lower[k+1] != d.w.InfinitiveMarker || d.isAux(k+1) || d.isAux(k+2) && !d.w.Stopwords[d.lower[k+1]]) {
		return k, true
	}
	// "…, which analysts say could help": the relative pronoun before the
	// speaker is the subject of the reported clause.
	if d.isAux(k) && d.relativeBefore(c.tok) {
		return k, true
	}
	return 0, false
}

// frontedSubjunctive reports whether the clause at k, after a comma in
// a verb-second language, opens with a short adverbial whose verb, right
// after it, is a subjunctive (subjunctives.txt): "…, für die
// Bevölkerung bestehe …", "…, derzeit sei …".
func (d *doc) frontedSubjunctive(k, s1 int) bool {
	if !d.w.VerbSecond || k == 0 || d.lower[k-1] != "," || d.a.Tokens[k].Kind == article.Punct {
		return false
	}
	for j := k + 1; j < s1 && j <= k+maxAdverbial; j++ {
		if d.inQ[j] != 0 || d.a.Tokens[j].Kind == article.Punct {
			return false
		}
		if d.w.Subjunctives[d.lower[j]] {
			return true
		}
		if len(d.w.Verb(d.lower[j])) > 0 {
			return false
		}
	}
	return false
}

// frontedReport reports whether the words before verb are a
// source-marking conjunction that opens the sentence and a short
// subject: "As the Post reported", "Zoals de minister zei", not "When
// he was asked" nor "While Trump tweeted".
func (d *doc) frontedReport(verb int) bool {
	s0, _ := d.sentOf(verb)
	if verb-s0 < 2 || verb-s0 > maxSpeakerWords+1 || !d.w.AsConjunctions[d.lower[s0]] || d.inQ[s0] != 0 || d.w.Relatives[d.lower[s0]] || d.w.Complementizers[d.lower[s0]] {
		return false
	}
	for k := s0 + 1; k < verb; k++ {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct && !(d.lower[k] == "." && d.abbrevBefore(k)) || d.isAux(k) && d.isCopula(k) {
			return false
		}
	}
	np := d.npAt(s0+1, verb)
	return np.ok() && d.skipAdverbs(np.to, verb, maxBeforeVerb) == np.to && np.to <= verb
}

// relativeBefore reports whether a relative pronoun opens the words
// before verb: "which analysts say". A complementizer counts too (English
// "that", Dutch "dat" are both): the caller has seen an auxiliary right
// after the verb, so the reported clause has no subject of its own and
// the pronoun is it ("a rule change that he said would make it harder").
func (d *doc) relativeBefore(verb int) bool {
	k := d.relativeAt(verb)
	return k >= 0 && k < verb-1
}

// relativeAt returns the relative pronoun or complementizer a few words
// before verb, with no punctuation or quotation between ("which
// analysts say", "that it says"), or -1.
func (d *doc) relativeAt(verb int) int {
	s0, _ := d.sentOf(verb)
	for k := verb - 1; k >= s0 && k >= verb-maxNearSubject; k-- {
		if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct {
			return -1
		}
		if d.w.Relatives[d.lower[k]] || d.w.Complementizers[d.lower[k]] {
			return k
		}
	}
	return -1
}

// segmentBefore returns the words right before verb, from the start of
// its sentence or the last punctuation, without a leading conjunction
// and the auxiliaries and adverbs next to the verb, as an unnamed source
// when no subject was parsed: "Supporters of abortion rights, on the
// other hand, argued that …" has none, "Large majorities of Republican
// primary voters in six states said …" has one the parser does not take.
func (d *doc) segmentBefore(verb int) speaker {
	s0, _ := d.sentOf(verb)
	to := d.skipAdverbs(s0, verb, maxBeforeVerb)
	from := to
	for from > s0 && d.inQ[from-1] == 0 && !d.isPunct(from-1, ",;:—–()") {
		from--
	}
	for from < to && d.clauseOpener(from) {
		from++
	}
	// "Yesterday in the capital thousands said": time words and a
	// prepositional phrase open an adverbial; the source follows it
	// ("Monday night's results showed" is a source). With nothing after
	// it, the phrase names the place that speaks, without the time word:
	// ru "Вчера в министерстве заявили" → "в министерстве".
	t := from
	for t < to && d.w.TimeWords[d.lower[t]] {
		t++
	}
	if t > from && t < to && d.w.Prepositions[d.lower[t]] {
		j := t + 1
		for j < to && d.w.Determiners[d.lower[j]] != "" {
			j++
		}
		if j+1 >= to {
			if j >= to || d.inQ[j] != 0 || d.a.Tokens[j].Kind != article.Word {
				return noSpeaker
			}
			return speaker{from: t, to: to, kind: unnamed, ent: -1, typ: article.UNNAMED}
		}
		from = j + 1
	}
	// "In Virginia, 85% of Democrats said": a segment that opens with a
	// preposition is an adverbial, not the source.
	if to <= from || to-from > maxUnnamedWords || !d.nounPhraseStart(from) && !d.bareSourceStart(from) || d.afterPreposition(from) || d.w.Prepositions[d.lower[from]] {
		return noSpeaker
	}
	// "Most of them said" is a group, but a pronoun or relative alone
	// ("which", "she") is no unnamed source.
	if to-from == 1 {
		if _, pron := d.w.Pronouns[d.lower[from]]; pron || d.w.Relatives[d.lower[from]] {
			return noSpeaker
		}
	}
	// "Both said", "Most argue", "Others say": function words alone can
	// name a group, but an article or possessive with no noun after it
	// cannot ("The first call came …": "call" is a noun).
	hasContentWord, hasDeterminer := false, false
	for j := from; j < to; j++ {
		l := d.lower[j]
		if d.inQ[j] != 0 || d.w.Complementizers[l] || d.isCue(j) || d.isAux(j) {
			return noSpeaker
		}
		switch {
		case d.a.Tokens[j].Kind == article.Number || d.a.Tokens[j].Kind == article.Word && !d.w.Stopwords[l] && d.w.Determiners[l] == "":
			hasContentWord = true
		case d.w.Determiners[l] != "" && d.w.Determiners[l] != "quant":
			hasDeterminer = true
		}
	}
	if hasDeterminer && !hasContentWord {
		return noSpeaker
	}
	return speaker{from: from, to: to, kind: unnamed, ent: -1, typ: article.UNNAMED}
}

// relativeClauseSubject returns the subject between the relative
// pronoun that relativeBefore found and verb: "a race that it says will
// reward", "the kind of job that many economists say is the future".
func (d *doc) relativeClauseSubject(verb int) speaker {
	k := d.relativeAt(verb)
	if k < 0 {
		return noSpeaker
	}
	end := d.skipAdverbs(k+1, verb, maxBeforeVerb)
	if np := d.npAt(k+1, end); np.ok() && np.to == end {
		return d.sourceBefore(np, k+1, end)
	}
	return d.looseSubject(k+1, end, maxLooseClauseSubject)
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

// maxUnnamedWords bounds an unnamed source phrase read as a whole
// segment ("Large majorities of Republican primary voters in six
// states said"): a group is described at more length than a named
// speaker, yet a longer segment is a clause, not a source.
const maxUnnamedWords = maxSpeakerWords + 4

// maxNameTail bounds the modifier or role nouns that may follow a name
// inside a source phrase (", a Quinnipiac University poll shows").
const maxNameTail = 2

// minReportedClause is the fewest tokens a reported clause without
// complementizer has: a subject, a verb and more ("said demand had
// fallen"); fewer are a fragment ("said so.").
const minReportedClause = 4

// Confidence of a loose quotation (one with no cue of the lexicon
// around it): with an attribution of its own (an unknown verb, a
// byline, a headline speaker, the quote in the paragraph before), and
// with a speaker taken from a quote a few paragraphs up, which is a
// guess; only the first passes its speaker on.
const (
	confLooseOwn       = 0.6
	confLooseInherited = 0.45
)

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
			if where == "after" && !f.spk.ok() {
				// "said master of ceremonies Oskar Lind": the person
				// named shortly after the cue, else the words around it.
				if f.spk = d.personAfterCue(c.span); !f.spk.ok() {
					f.spk = d.phraseAroundCue(q, c)
				}
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
			f.conf = confLooseOwn
		} else if verb, spk := d.unknownBefore(q); spk.ok() {
			f.cue, f.spk = d.a.Tokens[verb].Span, spk
			f.conf = confLooseOwn
		} else if dash, spk := d.dashByline(q); spk.ok() {
			f.cue, f.spk = d.a.Tokens[dash].Span, spk
			f.conf = confLooseOwn
		} else if prev := d.directBefore(q.open); prev != nil && d.paraOf(q.open)-d.paraOf(d.tokenAtOffset(prev.content.End)) <= 1 {
			f.cue, f.spk = prev.cue, prev.spk
			f.conf = confLooseOwn
			f.continues = prev.content
		} else if spk := d.headlineSpeaker(q.open); spk.ok() {
			f.cue, f.spk = d.a.Tokens[q.open-1].Span, spk
			f.conf = confLooseOwn
		} else if prev := d.directBefore(q.open); prev != nil && prev.conf >= confLooseOwn && d.paraOf(q.open)-d.paraOf(d.tokenAtOffset(prev.content.End)) <= maxQuoteGap && !d.personBetween(d.tokenAtOffset(prev.content.End)+1, q.open, prev.spk) {
			// "“A,” she said. ¶ Text. ¶ “B.”": a quotation a few
			// paragraphs on, with no one else quoted or named between,
			// is most likely the same speaker's; it is a quote of its
			// own. Only a quote with its own cue passes its speaker on
			// (an inherited one would carry it on paragraph after
			// paragraph), and a person named between stops it (other
			// reports are found after this pass).
			f.cue, f.spk = prev.cue, prev.spk
			f.conf = confLooseInherited
		}
		d.quotes = append(d.quotes, f)
	}
}

// personAt reports whether token k is part of a person's name.
func (d *doc) personAt(k int) bool {
	e := d.covered[k]
	return e > 0 && d.a.Entities[e-1].Type == article.PER
}

// personBetween reports whether a sentence in [from, to) opens with a
// person other than spk as its subject: "“A,” she said. ¶ John Roe,
// the mayor, disagreed. ¶ “B.”" is no longer hers. A person named
// inside a sentence ("The ferry that Roe built …") does not stop it.
func (d *doc) personBetween(from, to int, spk speaker) bool {
	for k := max(from, 0); k < to && k < len(d.covered); k++ {
		if k >= spk.from && k < max(spk.to, spk.xto) {
			continue
		}
		s0, _ := d.sentOf(k)
		if _, title := d.w.Titles[d.lower[s0]]; k != s0 && !(k == s0+1 && title) {
			continue
		}
		if e := d.covered[k]; e > 0 && e-1 != spk.ent && d.inQ[k] == 0 && d.a.Entities[e-1].Type == article.PER {
			return true
		}
	}
	return false
}

// maxQuoteGap bounds the paragraphs between a loose quotation and the
// last attributed quote whose speaker it takes.
const maxQuoteGap = 3

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
	if d.unknownVerb(k) {
		if np := d.npAt(k+1, end); np.ok() && np.to == end && np.kind != article.MentionPronoun {
			return k, np // "fumed Toomey"
		}
	}
	if d.unknownVerb(end - 1) {
		if np := d.npAt(k, end-1); np.ok() && np.to == end-1 {
			return end - 1, np // "the crowd chanted", "he quipped"
		}
	}
	return 0, noSpeaker
}

// dashByline finds the attribution of a quotation written as an
// epigraph: a dash and a speaker right after it, in its paragraph or
// opening the next one ("“…” ¶ — Hillary Clinton.", "“…” – Jane Doe,
// mayor"). It returns the dash token and the speaker.
func (d *doc) dashByline(q quoted) (int, speaker) {
	k := q.close + 1
	if k+1 >= len(d.lower) || !d.isPunct(k, "-—–") || d.paraOf(k)-d.paraOf(q.close) > 1 {
		return 0, noSpeaker
	}
	if d.paraOf(k) != d.paraOf(q.close) && d.a.Tokens[k].Start != d.a.Paragraphs[d.paraOf(k)].Start {
		return 0, noSpeaker
	}
	end := k + 1
	for pe := d.a.Paragraphs[d.paraOf(k)].End; end < len(d.a.Tokens) && d.a.Tokens[end].End <= pe; end++ {
	}
	np := d.byline(k+1, end)
	if !np.ok() {
		return 0, noSpeaker
	}
	return k, np
}

// byline returns the speaker when [k, end), the rest of a paragraph
// after a dash, holds only a signature: a name or role, perhaps an
// apposition after a comma, and final punctuation ("— Anna Berg,
// mayor of Leiden."). Dialogue that opens with a vocative is none:
// es "—Juan, no me digas eso ahora, por favor." (a negation, a pronoun
// and a second comma in the "apposition").
func (d *doc) byline(k, end int) speaker {
	np := d.npAt(k, end)
	if !np.ok() || np.kind == article.MentionPronoun {
		return noSpeaker
	}
	j := np.to
	if j < end && d.lower[j] == "," && d.inQ[j] == 0 {
		e := d.trimEnd(j+1, end)
		if e-(j+1) < 1 || e-(j+1) > maxSpeakerWords {
			return noSpeaker
		}
		for m := j + 1; m < e; m++ {
			l := d.lower[m]
			_, pron := d.w.Pronouns[l]
			_, obj := d.w.ObjectPronouns[l]
			if d.inQ[m] != 0 || d.a.Tokens[m].Kind == article.Punct && !(l == "." && d.abbrevBefore(m)) || pron || obj ||
				d.w.Negations[l] || d.w.Complementizers[l] || d.isCue(m) || d.isAux(m) {
				return noSpeaker
			}
		}
		j = e
	}
	if d.trimEnd(j, end) != j {
		return noSpeaker
	}
	return np
}

// unknownBefore finds the attribution of a quotation after a colon when
// its verb is not in the lexicon: the sentence opens with a speaker
// phrase and a lower-case word, and a few more words run to the colon
// ("Rubio fired back forcefully: “…”", "The letter continues: “…”").
// It returns the verb token and the speaker.
func (d *doc) unknownBefore(q quoted) (int, speaker) {
	colon := q.open - 1
	if colon <= 0 || d.lower[colon] != ":" || d.inQ[colon] != 0 {
		return 0, noSpeaker
	}
	s0, _ := d.sentOf(colon)
	np := d.npAt(s0, colon)
	if !np.ok() || np.kind == article.MentionPronoun && !d.subjectPronoun(np.from) {
		return 0, noSpeaker
	}
	v := np.to
	// "La jefa de Gobierno, Lucía Hernández Olvera, salió al paso …:": a
	// role with the name apposed to it, the verb after the second comma.
	if v+1 < colon && d.lower[v] == "," && np.kind == article.MentionName && np.from > s0 && d.lower[np.from-1] == "," {
		np.xfrom, np.xto = s0, np.to
		v++
	}
	if v >= colon || colon-v > maxUnnamedWords {
		return 0, noSpeaker
	}
	for k := v; k < colon; k++ {
		l := d.lower[k]
		if d.inQ[k] != 0 || d.w.Complementizers[l] || d.w.Relatives[l] || d.a.Tokens[k].Kind == article.Punct && l != "-" && l != "," {
			return 0, noSpeaker
		}
	}
	// "The senator has a simple message: “…”": an auxiliary alone is no
	// verb of saying; one before the verb is skipped ("Rubio has fired
	// back: “…”").
	if d.isAux(v) && v+1 < colon {
		v++
	}
	if !d.unknownVerb(v) {
		return 0, noSpeaker
	}
	return v, np
}

// unknownVerb reports whether token i can be a verb of saying the
// lexicon does not know: a lower-case word outside quotations that is
// no function word, preposition, determiner or auxiliary ("fumed",
// "chanted", "fired").
func (d *doc) unknownVerb(i int) bool {
	l := d.lower[i]
	return d.a.Tokens[i].Kind == article.Word && d.inQ[i] == 0 && !isUpperStart(d.text(i)) &&
		!d.w.Stopwords[l] && !d.w.Prepositions[l] && d.w.Determiners[l] == "" && !d.isAux(i)
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
	if !ok || m.end > colon {
		return noSpeaker
	}
	if m.end < colon {
		// "Gillibrand on Hillary Releasing Her Speech Transcripts: ‘I
		// Think She Will.’": a topic after a preposition may stand
		// between the name and the colon.
		if !d.w.Prepositions[d.lower[m.end]] || colon-m.end > maxHeadlineTopic {
			return noSpeaker
		}
		for k := m.end; k < colon; k++ {
			if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct && d.lower[k] != "-" && d.lower[k] != "’" && d.lower[k] != "'" {
				return noSpeaker
			}
		}
	}
	return d.nameSpeaker(m, s0)
}

// maxHeadlineTopic bounds the words of the topic between a name and
// the colon of a headline quotation.
const maxHeadlineTopic = 12

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
		// "“Is it two? Three?” Clinton asks.": a question or exclamation
		// mark inside the quotation ends a sentence for the segmenter,
		// but a speaker and a cue after it still attribute it.
		// In the next sentence the cue must report nothing after it:
		// "“What will happen to the workers?” Critics say the plan
		// will cost jobs." is a report of its own.
		own := func(ci int) bool {
			if d.reportsOwnClause(q, ci) {
				return true
			}
			c := d.cues[ci]
			_, cs1 := d.sentOf(c.tok)
			return !sameSentence && !d.attributionEnds(c.tok+1, cs1)
		}
		if sameSentence || !isUpperStart(d.text(k)) || d.endsWithMark(q, "?!") {
			if ci, ok := d.cueIn(k, k+1); ok && !own(ci) {
				return ci, "after"
			}
			np := d.npAt(k, len(d.a.Tokens))
			if !np.ok() {
				// "…,” the moderator said.": a definite phrase the
				// lexicon does not know, right before the cue.
				np = d.looseBeforeCue(k)
			}
			if np.ok() && np.to-k <= 8 {
				j := d.skipInsertion(np.to)
				if j == np.to && j+1 < len(d.lower) && d.lower[j] == "," {
					j++ // "the Prime Minister, Jane Doe, said": the apposition ends the phrase
				}
				if ci, ok := d.cueIn(j, j+1); ok && !own(ci) {
					return ci, "after"
				}
				// "…,” Bill Clinton has said", "…,” he later added": an
				// auxiliary or adverb between the speaker and the cue.
				if j == np.to {
					e := j
					for e < len(d.lower) && e < j+maxBeforeVerb && d.inQ[e] == 0 && d.betweenSubjectAndVerb(e) && d.a.Tokens[e].Kind == article.Word {
						e++
					}
					if ci, ok := d.cueIn(e, e+1); ok && e > j && !own(ci) {
						return ci, "after"
					}
				}
				// "…,” Harry Bond, 30, of Raleigh, N.C., who was among
				// those polled, said.": a longer description of the
				// speaker, up to a cue in the same sentence.
				if ci, ok := d.cueAfterDescription(np.to); ok && !own(ci) {
					return ci, "described"
				}
				// "…,” the Florida senator and Republican presidential
				// candidate said.": a longer phrase without commas
				// (coordinated roles, a tail the parser does not take)
				// up to the cue.
				if ci, ok := d.cueAfterPhrase(np.to); ok && !own(ci) {
					return ci, "after"
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
	// "Reporter Jane Doe says: ¶ “…”": a paragraph that ends with a cue
	// and a colon introduces the quotation that opens the next one.
	if colon := q.open - 1; q.open == s0 && colon > 0 && d.lower[colon] == ":" && d.inQ[colon] == 0 && d.paraOf(colon) == d.paraOf(q.open)-1 {
		p0, _ := d.sentOf(colon)
		if ci, ok := d.lastCueIn(p0, colon); ok && !d.complementizerIn(d.cues[ci].tok+1, colon) {
			return ci, "before"
		}
	}
	return 0, ""
}

// phraseAroundCue returns the words that name the speaker of quotation
// q when its cue c follows it and no speaker phrase was parsed: after an
// inverted cue, the words up to the next comma or the sentence end
// ("“…,” said one Republican involved in the planning."); before the
// cue, the words between the quotation and the cue ("“…,” one veteran
// organizer of the march said"). They are an unnamed source.
func (d *doc) phraseAroundCue(q quoted, c cue) speaker {
	k := q.close + 1
	for k < c.tok && d.isPunct(k, ",—–-") {
		k++
	}
	_, s1 := d.sentOf(c.tok)
	from, to := k, c.tok
	if k == c.tok {
		from, to = c.tok+1, c.tok+1
		for to < s1 && to-from < maxUnnamedWords && d.lower[to] != "," && !d.isPunct(to, ".!?;:") {
			to++
		}
		if to < s1 && d.lower[to] != "," && !d.isPunct(to, ".!?;:") {
			return noSpeaker
		}
	} else {
		for to > from && d.isAux(to-1) {
			to--
		}
	}
	if to <= from || to-from > maxUnnamedWords || !d.nounPhraseStart(from) && !d.bareSourceStart(from) {
		return noSpeaker
	}
	for j := from; j < to; j++ {
		if d.inQ[j] != 0 || d.w.Complementizers[d.lower[j]] || d.isCue(j) {
			return noSpeaker
		}
	}
	return speaker{from: from, to: to, kind: unnamed, ent: -1, typ: article.UNNAMED}
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

// cueAfterPhrase returns the cue that follows the words from token k
// on, when they can go on with a speaker phrase that ends before k: no
// punctuation but hyphens, abbreviation stops and parentheses, no
// quotation, complementizer or other verb, and at most maxSpeakerWords
// of them ("…,” the Florida senator and Republican presidential
// candidate said", "…,” Jane Doe of the Tenants Union said").
func (d *doc) cueAfterPhrase(k int) (int, bool) {
	if k >= len(d.lower) {
		return 0, false
	}
	_, s1 := d.sentOf(k)
	for j := k; j < s1 && j <= k+maxSpeakerWords; j++ {
		if ci, ok := d.cueIn(j, j+1); ok {
			return ci, j > k
		}
		l := d.lower[j]
		if d.inQ[j] != 0 || d.w.Complementizers[l] || d.w.Relatives[l] || d.isAux(j) || len(d.w.Verb(l)) > 0 {
			return 0, false
		}
		if d.a.Tokens[j].Kind == article.Punct && l != "-" && l != "(" && l != ")" && !(l == "." && d.abbrevBefore(j)) {
			return 0, false
		}
	}
	return 0, false
}

// endsWithMark reports whether the quoted span q ends with one of the
// marks in set right before its closing mark ("…? Three?”").
func (d *doc) endsWithMark(q quoted, set string) bool {
	last := q.close - 1
	// "…do you need?’”": the closing mark of a quotation inside it.
	for last > q.open && d.quotedCloseAt(last) {
		last--
	}
	return last > q.open && d.isPunct(last, set)
}

// looseBeforeCue returns the definite or indefinite phrase the lexicon
// does not know that fills the words from token k to a cue, perhaps
// with an auxiliary before the cue: "the moderator said", "the narrator
// has said", "a voice-over says".
func (d *doc) looseBeforeCue(k int) speaker {
	for e := k + 2; e <= k+4 && e < len(d.lower); e++ {
		v := e
		for v < len(d.lower) && v < e+2 && d.isAux(v) {
			v++
		}
		if _, ok := d.cueIn(v, v+1); ok {
			if l := d.looseNominal(k, e); l.ok() {
				return l
			}
			// "…,” a voice-over says": an indefinite phrase is an
			// unnamed source.
			if d.w.Determiners[d.lower[k]] != "indef" {
				return noSpeaker
			}
			for j := k + 1; j < e; j++ {
				if d.inQ[j] != 0 || d.covered[j] != 0 || !d.modifier(j) && d.lower[j] != "-" {
					return noSpeaker
				}
			}
			return speaker{from: k, to: e, kind: unnamed, ent: -1, typ: article.UNNAMED}
		}
	}
	return noSpeaker
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
				if !spk.ok() {
					spk = d.inflectedRoleAt(n, s1) // "По словам министра, …"
				}
				var content article.Span
				if d.atClauseStart(s0, i) {
					// "According to exit polls, …", "According to a poll
					// released on Tuesday by the Times, …": the source runs
					// to the comma.
					upto := d.phraseUntilComma(n, s1)
					if !upto.ok() && spk.ok() && spk.from == n && d.bareSourceStart(n) {
						// "Secondo fonti vicine al ministero della Cultura,
						// …": a bare source noun the lexicon knows
						// opens the phrase that runs to the comma.
						upto = d.commaPhrase(n, s1)
					}
					if !upto.ok() && spk.ok() && spk.from >= n {
						// "Jak poinformował wiceprezydent Łodzi odpowiedzialny
						// za edukację Tomasz Wierzbicki, …": a role phrase that
						// runs to the comma and ends with a person's name
						// names that person.
						if c := d.commaPhrase(n, s1); c.ok() && c.kind == article.MentionName && c.from > spk.from && c.ent >= 0 && d.a.Entities[c.ent].Type == article.PER {
							c.xfrom, c.xto = n, c.to
							spk = c
						}
					}
					if upto.ok() {
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
					} else if k < s1 && d.w.ProDrop && d.isAux(k) {
						// "Per il governo è intervenuta la sottosegretaria":
						// a verb right after the phrase, with no comma, makes
						// it an adverbial of that clause, not its source. Not
						// where the verb comes second after any fronted phrase
						// ("Volgens de minister is het plan …"): only in the
						// pro-drop languages, whose word order is free.
						continue
					}
					end := d.clauseEnd(k)
					if end-k < 2 {
						continue
					}
					content = d.span(k, end)
				} else if i > s0 && (d.lower[i-1] == "," || d.commaQuoteClose(i-1)) {
					// "Fundraising, according to the campaign, has surged":
					// a phrase set off by commas inside the clause cuts the
					// content in two parts, the second going on with the
					// first.
					if d.insertedSource(s0, i, n, s1, cueSp, spk) {
						continue
					}
					// "…, according to X.": the source is the rest of the
					// sentence ("according to a memo he wrote in 2012");
					// the comma may stand inside a quotation that ends
					// the content ("…to a “root canal,” according to …").
					end := d.trimEnd(s0, i-1)
					if d.commaQuoteClose(i - 1) {
						end = i
					}
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

// commaQuoteClose reports whether token k closes a quotation whose
// last word is followed by a comma inside the marks: "…a “root
// canal,” according to", the American way of writing "…”, according".
func (d *doc) commaQuoteClose(k int) bool {
	return k > 0 && d.inQ[k] != 0 && d.quotedCloseAt(k) && d.lower[k-1] == ","
}

// insertedSource adds the two parts of a content cut by a source phrase
// set off by commas ("Other cleavages, according to the poll, include
// ideology"; "Die Zahl ist, laut Ministerium, gestiegen"): the phrase
// at [i, n) follows a comma, the source runs to the next comma, and a
// clause follows it. It reports whether it added them.
func (d *doc) insertedSource(s0, i, n, s1 int, cueSp article.Span, spk speaker) bool {
	upto := d.phraseUntilComma(n, s1)
	if !upto.ok() || d.hasCueBetween(s0, i) || d.claimed(s0) {
		return false
	}
	k, end := d.continuation(upto.to, s1)
	if k < 0 {
		return false // "according to Jane Doe, a professor at …": an apposition
	}
	if !spk.ok() || spk.to > upto.to {
		spk = upto
	} else if upto.to > spk.to {
		spk.xfrom, spk.xto = spk.from, upto.to
	}
	// "…, according to the council, the plan …": a first part of
	// punctuation only holds no content.
	fe := d.trimEnd(s0, i-1)
	if fe <= s0 {
		return false
	}
	first := d.trimContent(d.span(s0, fe))
	if d.commaQuoteClose(i - 1) {
		first = d.trimContent(d.span(s0, i))
	}
	d.addPhraseQuote(first, cueSp, spk)
	d.addContinuation(d.span(k, end), cueSp, spk)
	return true
}

// addContinuation adds the second part of a content cut in two by an
// attribution or source phrase set off by commas; it goes on with the
// quote added last.
func (d *doc) addContinuation(content, cueSp article.Span, spk speaker) {
	prev := d.quotes[len(d.quotes)-1].content
	d.addPhraseQuote(content, cueSp, spk)
	d.quotes[len(d.quotes)-1].continues = prev
}

func (d *doc) addPhraseQuote(content, cueSp article.Span, spk speaker) {
	d.addReport(found{content: d.trimContent(content), cue: cueSp, spk: spk, conf: 0.7})
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
	return d.commaPhrase(k, s1)
}

// commaPhrase takes the words from k to the next comma as an unnamed
// source, as phraseUntilComma does, however they open.
func (d *doc) commaPhrase(k, s1 int) speaker {
	if k >= s1 {
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

// inflectedRoleAt returns the role noun at token k in another case than
// the lexicon lists, in a language whose nouns take case endings: the
// genitive after a source phrase ("По словам министра", "За словами
// директора"), which refers to the person who holds that role, as "the
// minister" does.
func (d *doc) inflectedRoleAt(k, s1 int) speaker {
	if !d.w.InflectedNames || k >= s1 || d.inQ[k] != 0 || d.a.Tokens[k].Kind != article.Word || isUpperStart(d.text(k)) {
		return noSpeaker
	}
	// A person's role only: an organisation's ("по данным ассоциации
	// промышленников") goes on with its name in the genitive.
	r, ok := d.roleByStem(d.lower[k])
	if !ok || r.Type != article.PER {
		return noSpeaker
	}
	return speaker{from: k, to: k + 1, kind: article.MentionNominal, ent: -1, role: d.lower[k], gender: r.Gender, typ: r.Type}
}

// infinitiveSubject returns the subject of an infinitive cue after a
// preposition ("avant d'indiquer que …", "pour dire que …", "sin
// precisar que …"): the subject of the reporting verb before it in the
// sentence, which also governs the infinitive ("« … », a-t-elle ajouté,
// avant d'indiquer que la collectivité réclamerait des pénalités").
func (d *doc) infinitiveSubject(c cue) speaker {
	if c.owner.ok() || c.tok < 1 || d.inQ[c.tok] != 0 {
		return noSpeaker
	}
	p := d.lower[c.tok-1]
	if !d.w.Prepositions[p] && !d.w.Prepositions[strings.TrimRight(p, "'’")+"e"] {
		return noSpeaker // "d'" is "de" elided
	}
	s0, _ := d.sentOf(c.tok)
	for ci := len(d.cues) - 1; ci >= 0; ci-- {
		pc := d.cues[ci]
		if pc.tok >= c.tok-1 || pc.tok < s0 || d.inQ[pc.tok] != 0 || pc.owner.ok() {
			continue
		}
		return d.subjectOf(pc, c.tok-1)
	}
	return noSpeaker
}
