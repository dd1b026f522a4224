package quote

import "github.com/newsgraph/newsgraph/internal/article"

// perfectInfinitives finds reports whose content is a perfect infinitive
// in the languages that put an infinitive right after the verb, with no
// marker word (no infinitive_marker setting): "negou … ter recebido «um
// único cêntimo»", "reconnaît avoir hésité avant d'écrire ce livre",
// "negó haber recibido dinero". The infinitive of an auxiliary (the
// lemma of a verb flagged aux: ter, avoir, haber, avere) followed by a
// participle cannot be anything but a verb, so any reporting verb that it
// follows within a few words (a time or place phrase, an adverb) reports
// it, unless a preposition governs the infinitive ("depois de ter
// visitado", "sans avoir lu"). The clause ends at the next comma.
func (d *doc) perfectInfinitives() {
	if d.w.InfinitiveMarker != "" {
		return
	}
	auxInf := map[string]bool{}
	for _, vs := range d.w.SpeechVerbs {
		for _, v := range vs {
			if v.Aux && !v.Copula && v.Lemma != "" {
				auxInf[v.Lemma] = true
			}
		}
	}
	if len(auxInf) == 0 {
		return
	}
	for _, c := range d.cues {
		if c.verb.Passive || c.verb.Weak || c.verb.Aux || d.cueUsed(c) || c.tok > 0 && d.isCopula(c.tok-1) {
			continue
		}
		_, s1 := d.sentOf(c.tok)
		start := c.tok + 1
		if start >= s1 || d.inQ[start] != 0 || d.claimed(start) || d.a.Tokens[start].Kind == article.Punct {
			continue
		}
		at := -1
		for k := start; k < s1-1 && k <= start+maxBeforePerfect; k++ {
			if d.inQ[k] != 0 || d.a.Tokens[k].Kind == article.Punct && d.lower[k] != "-" ||
				d.w.Complementizers[d.lower[k]] || k > start && len(d.w.Verb(d.lower[k])) > 0 && !auxInf[d.lower[k]] {
				break
			}
			if auxInf[d.lower[k]] {
				// "tras haber", "sans avoir": an infinitive after a
				// preposition is the preposition's, not the verb's.
				if d.participleAt(k+1, s1) && (k == start || !d.w.Prepositions[d.lower[k-1]]) {
					at = k
				}
				break
			}
		}
		if at < 0 {
			continue
		}
		end := d.clauseEnd(at)
		for k := at + 1; k < end; k++ {
			if d.inQ[k] == 0 && (d.lower[k] == "," || d.lower[k] == ";") {
				end = k
				break
			}
		}
		if end-at < 2 {
			continue
		}
		spk := d.subjectOf(c, start)
		if !spk.ok() {
			spk = d.segmentBefore(c.tok)
		}
		if !spk.ok() {
			spk = d.droppedSubject(c) // "Disse ainda ter sido afastada"
		}
		if !spk.ok() || spk.from > c.tok && spk.kind != zeroSubject {
			continue
		}
		sp := d.trimContent(d.span(at, end))
		d.addReport(found{content: sp, cue: c.span, spk: spk, conf: 0.55})
	}
}

// maxBeforePerfect bounds the words between a cue and the auxiliary of
// its perfect infinitive ("negou esta terça-feira no Tribunal de Aveiro
// ter recebido").
const maxBeforePerfect = 9

// participleAt reports whether token k can be a participle: a lower-case
// word outside quotation marks that is no article, pronoun, preposition,
// complementizer or negation ("ter que", pt "have to").
func (d *doc) participleAt(k, s1 int) bool {
	if k >= s1 || d.inQ[k] != 0 || d.a.Tokens[k].Kind != article.Word || isUpperStart(d.text(k)) {
		return false
	}
	l := d.lower[k]
	_, pron := d.w.Pronouns[l]
	_, obj := d.w.ObjectPronouns[l]
	return d.w.Determiners[l] == "" && !pron && !obj && !d.w.Prepositions[l] && !d.w.Complementizers[l] && !d.w.Negations[l]
}
