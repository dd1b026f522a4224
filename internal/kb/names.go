package kb

import (
	"strings"
	"unicode"
)

// articles are the determiners that may lead a name in the supported
// languages ("the Kremlin", "der Kreml", "la Russie").
var articles = []string{
	"the ", "The ", "de ", "De ", "het ", "Het ", "der ", "Der ", "die ", "Die ", "das ", "Das ",
	"le ", "Le ", "la ", "La ", "les ", "Les ", "l'", "L'", "l’", "L’", "el ", "El ", "los ", "Los ",
	"il ", "Il ", "lo ", "Lo ", "gli ", "Gli ", "o ", "O ", "a ", "A ", "os ", "Os ", "as ", "As ",
}

// nameArticles are the capitalised articles that never start a surname
// (unlike De, La, Le, El: De Clercq, Le Pen).
var nameArticles = map[string]bool{"The": true, "Het": true, "Der": true, "Die": true, "Das": true,
	"Les": true, "Los": true, "Las": true, "Il": true, "Gli": true}

// isArticle reports whether the word w is such an article.
func isArticle(w string) bool { return nameArticles[w] }

func cutArticle(name string) (string, bool) {
	for _, a := range articles {
		if rest, ok := strings.CutPrefix(name, a); ok && rest != "" {
			return rest, true
		}
	}
	return "", false
}

// thing links a place, organisation or other thing that is not in the
// tables by the phonetic key of its words, so that the same name in two
// scripts (Газпром, Gazprom) meets.
func (l *Linker) thing(prefix, name, lang string) (string, string, bool) {
	orig := strings.Fields(name)
	words := strings.Fields(latinLower(name, lang))
	keys := make([]string, 0, len(words))
	for i, w := range words {
		var k string
		if len(w) <= 3 || len(orig) == len(words) && isAcronym(orig[i]) {
			// Short words and acronyms are spelled, not pronounced:
			// BBC is not BCC, N.J. is not N.Y.
			k = strings.ReplaceAll(w, "-", "")
		} else {
			k = wordKey(stemWord(w), lang)
		}
		if k != "" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", "", false
	}
	return prefix + strings.Join(keys, "-"), Transliterate(name, lang), true
}

// legalForms are the company-form words that come and go with a
// company's name (Kernwerk AG, Kernwerk; ПАО «Газпром», Gazprom).
var legalForms = map[string]bool{
	"ag": true, "gmbh": true, "se": true, "kg": true, "kgaa": true, "inc": true, "ltd": true, "llc": true,
	"plc": true, "corp": true, "co": true, "sa": true, "sas": true, "sarl": true, "spa": true, "srl": true,
	"nv": true, "bv": true, "lda": true, "ltda": true, "ab": true, "asa": true, "oy": true, "oyj": true,
	"pao": true, "pjsc": true, "oao": true, "zao": true, "ooo": true, "ao": true, "tov": true, "pat": true, "prat": true,
}

// dropLegalForm removes leading and trailing legal-form words from an
// organisation's name, unless nothing else is left.
func dropLegalForm(name string) string {
	words := strings.Fields(name)
	isForm := func(w string) bool { return legalForms[normalize(w, "")] }
	for len(words) > 1 && isForm(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	for len(words) > 1 && isForm(words[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// isAcronym reports whether w is an acronym: at most five letters, all
// upper case (dots and & allowed: U.S., S&P).
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			n++
		case r == '.' || r == '&':
		default:
			return false
		}
	}
	return n >= 2 && n <= 5
}
