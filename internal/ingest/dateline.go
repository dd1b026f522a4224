package ingest

import (
	"regexp"
	"strings"
	"unicode"
)

// Wire-style datelines at the start of a body, as agencies write them:
//
//	GENEVA, March 12 (Reuters) - Negotiators …
//	WASHINGTON — The Senate …
//	DEN HAAG (ANP) - Het kabinet …
//	Berlin (dpa) - Die Regierung …
//
// To keep prose out, a place in capitals needs a date, an agency in
// brackets or an em dash after it; a place in mixed case needs an agency.
var (
	capsDateline = regexp.MustCompile(`^(\p{Lu}[\p{Lu}\p{M}.'’ -]{1,40}?)(?:(,[^()\n:–—-]{1,30}?)?\s*(\([^()\n]{1,30}\))?\s*[-–—]|\s+—)\s`)
	agencyLine   = regexp.MustCompile(`^(\p{Lu}[\p{L}\p{M}.'’ -]{1,40}?)(?:,[^()\n:–—-]{1,30}?)?\s*\([^()\n]{1,30}\)\s*[-–—:]\s`)
)

// wireDateline returns the place of a wire-style dateline at the start of
// text, in title case ("GENEVA" → "Geneva"), or "".
func wireDateline(text string) string {
	head := text[:min(len(text), 120)]
	if m := capsDateline.FindStringSubmatch(head); m != nil {
		place := strings.TrimSpace(m[1])
		hasDate, hasAgency := m[2] != "", m[3] != ""
		emDash := strings.Contains(head[len(m[1]):len(m[0])], "—")
		if (hasDate || hasAgency || emDash) && isCaps(place) {
			return normString(titleCase(place))
		}
	}
	if m := agencyLine.FindStringSubmatch(head); m != nil {
		place := strings.TrimSpace(m[1])
		if len(strings.Fields(place)) <= 4 {
			return normString(place)
		}
	}
	return ""
}

// isCaps reports whether s has letters and all are upper case.
func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// titleCase writes each word of an all-caps place with a capital and
// lower case: "NEW YORK" → "New York", "DEN HAAG" → "Den Haag".
func titleCase(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) && start:
			b.WriteRune(r)
			start = false
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
			start = r == ' ' || r == '-' || r == '.'
		}
	}
	return b.String()
}
