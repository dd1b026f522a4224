package lang

import "unicode"

// script is a writing system that decides the language, or narrows it.
type script uint8

const (
	otherScript script = iota
	latin
	cyrillic
	greek
	arabic
	hebrew
	devanagari
	han
	kana
	hangul
	thai
	georgian
	armenian
	numScripts
)

// singleLanguage names the language of scripts used (in news) by one.
var singleLanguage = [numScripts]string{
	greek:      "el",
	hebrew:     "he",
	devanagari: "hi",
	hangul:     "ko",
	thai:       "th",
	georgian:   "ka",
	armenian:   "hy",
}

func scriptOf(r rune) script {
	switch {
	case r < 0x250:
		return latin // callers pass letters only
	case unicode.Is(unicode.Cyrillic, r):
		return cyrillic
	case unicode.Is(unicode.Latin, r):
		return latin
	case unicode.Is(unicode.Greek, r):
		return greek
	case unicode.Is(unicode.Arabic, r):
		return arabic
	case unicode.Is(unicode.Hebrew, r):
		return hebrew
	case unicode.Is(unicode.Devanagari, r):
		return devanagari
	case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return kana
	case unicode.Is(unicode.Han, r):
		return han
	case unicode.Is(unicode.Hangul, r):
		return hangul
	case unicode.Is(unicode.Thai, r):
		return thai
	case unicode.Is(unicode.Georgian, r):
		return georgian
	case unicode.Is(unicode.Armenian, r):
		return armenian
	}
	return otherScript
}

// cyrillicLetters counts the letters that tell Cyrillic languages apart.
type cyrillicLetters struct {
	letters                      int
	uk, ru, hardSign, be, sr, mk int
}

func (c *cyrillicLetters) add(r rune) {
	c.letters++
	switch r {
	case 'і', 'ї', 'є', 'ґ':
		c.uk++
	case 'ы', 'э', 'ё':
		c.ru++
	case 'ъ':
		c.hardSign++
	case 'ў':
		c.be++
	case 'ђ', 'ћ', 'ј', 'љ', 'њ', 'џ':
		c.sr++
	case 'ѓ', 'ќ', 'ѕ':
		c.mk++
	}
}
