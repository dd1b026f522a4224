package ingest

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// textInvariants returns what is wrong with an ingested body, or "".
func textInvariants(text string) string {
	switch {
	case !utf8.ValidString(text):
		return "not valid UTF-8"
	case !norm.NFC.IsNormalString(text):
		return "not NFC"
	case strings.ContainsRune(text, '\r'):
		return "holds a CR"
	case strings.ContainsRune(text, 0):
		return "holds a NUL"
	case strings.Contains(text, "\n\n\n"):
		return "holds a run of blank lines"
	case strings.HasPrefix(text, "\n") || strings.HasSuffix(text, "\n"):
		return "starts or ends with a line break"
	case text == "":
		return "is empty"
	}
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		if strings.TrimRight(line, " \t") != line {
			return "a line ends in white space"
		}
	}
	return ""
}
