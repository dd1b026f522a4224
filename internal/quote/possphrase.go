package quote

import (
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
)

// possessivePhrases finds source phrases whose source is a possessive
// inside them: "По его словам, в домах развернуты пункты обогрева",
// "Nach seinen Worten sollen die Beschäftigten …", "Według jego oceny, …".
// The lexicon lists the phrase with a genitive source after it ("по
// словам", "nach den Worten"); the possessive stands between its words
// or in place of its article. The clause after the phrase, at the start
// of its sentence, is what the possessor said; the possessive is a
// pronoun that the usual antecedent search resolves.
func (d *doc) possessivePhrases() {
	for i := range d.a.Tokens {
		if d.inQ[i] != 0 {
			continue
		}
		s0, s1 := d.sentOf(i)
		if !d.atClauseStart(s0, i) {
			continue
		}
		for _, p := range d.w.SourcePhrases {
			if p.Pos != lexicon.Pre {
				continue
			}
			poss, n, ok := d.possPhraseAt(p, i)
			if !ok {
				poss, n, ok = d.possOwnerAt(p, i)
			}
			if !ok {
				poss, n, ok = d.possBeforeAt(p, i)
			}
			if !ok || d.claimed(i) {
				continue
			}
			k := n
			if k < s1 && d.lower[k] == "," {
				k++
			}
			if k >= s1 || d.inQ[k] != 0 && d.longQuoteAt(k) && d.opensQuoteAt(k) {
				continue
			}
			end := d.clauseEnd(k)
			if end-k < 3 {
				continue
			}
			pr := d.w.ObjectPronouns[d.lower[poss]]
			spk := speaker{from: poss, to: poss + 1, kind: article.MentionPronoun, ent: -1, gender: pr.Gender, number: pr.Number, typ: article.PER}
			if pr.Gender == "n" {
				spk.typ = article.ORG
			}
			d.addPhraseQuote(d.span(k, end), d.span(i, n), spk)
			break
		}
	}
}

// possPhraseAt matches phrase p at token i with a possessive determiner
// between two of its words ("по его словам" for "по словам") or in place
// of its article ("nach seinen Worten" for "nach den Worten"). It returns
// the possessive's token and the token after the phrase.
func (d *doc) possPhraseAt(p lexicon.Phrase, i int) (int, int, bool) {
	for m := 1; m < len(p.Words); m++ {
		replace := d.w.Determiners[p.Words[m]] == "def"
		for _, sub := range []bool{false, true} {
			if sub && !replace {
				continue
			}
			k, poss := i, -1
			ok := true
			for wi, w := range p.Words {
				if wi == m {
					if k >= len(d.lower) || d.w.Determiners[d.lower[k]] != "poss" || d.inQ[k] != 0 {
						ok = false
						break
					}
					poss = k
					k++
					if sub {
						continue // the possessive takes the article's place
					}
				}
				if k >= len(d.lower) || d.lower[k] != w || d.inQ[k] != 0 {
					ok = false
					break
				}
				k++
			}
			if ok && poss >= 0 {
				return poss, k, true
			}
		}
	}
	return 0, 0, false
}

// possOwnerAt matches phrase p at token i followed by a possessive and a
// noun that is no role ("Según sus cálculos, …", "Selon ses estimations,
// …", "Secondo le sue stime, …"): the possessor is the source, as "según
// él" would be, while "según su portavoz" (a role) names the source
// itself and is left to sourcePhrases. It returns the possessive's token
// and the token after the noun.
func (d *doc) possOwnerAt(p lexicon.Phrase, i int) (int, int, bool) {
	if !d.phraseAt(p, i) {
		return 0, 0, false
	}
	k := i + len(p.Words)
	if k < len(d.lower) && d.w.Determiners[d.lower[k]] == "def" {
		k++ // "secondo le sue stime", "segundo as suas contas"
	}
	if k+2 >= len(d.lower) || d.w.Determiners[d.lower[k]] != "poss" || d.inQ[k] != 0 {
		return 0, 0, false
	}
	n := k + 1
	if d.inQ[n] != 0 || d.a.Tokens[n].Kind != article.Word || d.covered[n] != 0 || isUpperStart(d.text(n)) && !d.w.CapitalisedNouns {
		return 0, 0, false
	}
	if _, role := d.w.Role(d.lower[n]); role || d.w.Stopwords[d.lower[n]] {
		return 0, 0, false
	}
	if n+1 >= len(d.lower) || d.lower[n+1] != "," {
		return 0, 0, false // "según su informe anual del Banco …": a longer source
	}
	return k, n + 1, true
}

// possBeforeAt matches a possessive at token i right before phrase p,
// where the phrase is a noun whose genitive source may stand before it as
// a possessive: Polish "Jej zdaniem, …" for "zdaniem ministra". It
// returns the possessive's token and the token after the phrase.
func (d *doc) possBeforeAt(p lexicon.Phrase, i int) (int, int, bool) {
	if d.w.Determiners[d.lower[i]] != "poss" || i+1 >= len(d.lower) || !d.phraseAt(p, i+1) {
		return 0, 0, false
	}
	return i, i + 1 + len(p.Words), true
}

// cueStartsAt reports whether a quote found already has its cue start at
// token i: a phrase that possessivePhrases read is not read again.
func (d *doc) cueStartsAt(i int) bool {
	at := d.a.Tokens[i].Start
	for _, f := range d.quotes {
		if f.cue.Start == at && f.cue.End > at {
			return true
		}
	}
	return false
}
