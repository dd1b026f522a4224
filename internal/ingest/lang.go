package ingest

import (
	"strings"

	"golang.org/x/text/language"
)

// normLang turns a language tag as documents carry it ("en-US", "nl_NL",
// "deu", "French"?) into an ISO 639-1 code, or "" when it is not a known
// language or has no two-letter code.
func normLang(tag string) string {
	tag = strings.TrimSpace(strings.ReplaceAll(tag, "_", "-"))
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	base, conf := t.Base()
	if conf < language.High {
		return ""
	}
	s := base.String()
	if len(s) != 2 {
		return ""
	}
	return s
}
