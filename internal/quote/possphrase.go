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
			if p.Pos != lexicon.Pre || len(p.Words) < 2 {
				continue
			}
			poss, n, ok := d.possPhraseAt(p, i)
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
