package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	stdunicode "unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Errors for documents that cannot become an article. Callers may branch
// on them with errors.Is.
var (
	ErrBinary = errors.New("binary content")
	ErrEmpty  = errors.New("empty document")
)

// utf8BOM is the byte order mark some editors put at the start of a file.
var utf8BOM = []byte("\xef\xbb\xbf")

// clean turns raw bytes into normalised text: without a BOM (UTF-16 with
// a BOM is decoded), with LF line ends, valid UTF-8 (invalid sequences
// become U+FFFD and a warning), and NFC. Lines and blank lines are left as
// they are; paragraphs does the spacing. It returns ErrBinary for NUL bytes
// or mostly-binary content.
func clean(data []byte) (string, []string, error) {
	return cleanString(string(fromUTF16(data)))
}

// cleanString is clean for text already in a string.
func cleanString(s string) (string, []string, error) {
	s = strings.TrimPrefix(s, string(utf8BOM))
	if isBinary(s) {
		return "", nil, ErrBinary
	}
	var warnings []string
	if !utf8.ValidString(s) {
		n := invalidRuns(s)
		s = strings.ToValidUTF8(s, "\uFFFD")
		warnings = append(warnings, fmt.Sprintf("repaired %d invalid UTF-8 %s", n, plural(n, "sequence", "sequences")))
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return norm.NFC.String(s), warnings, nil
}

// fromUTF16 decodes text with a UTF-16 byte order mark (as some Windows
// editors save "Unicode" text) to UTF-8, without the mark. Other data is
// returned as it is.
func fromUTF16(data []byte) []byte {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	default:
		return data
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return data
	}
	return out
}

// isBinary reports whether s holds a NUL byte, or whether more than one
// byte in ten of its first 8 KB is a control character other than the usual
// white space, or more than one in three is not UTF-8.
func isBinary(s string) bool {
	if strings.IndexByte(s, 0) >= 0 {
		return true
	}
	head := s[:min(len(s), 8<<10)]
	if len(head) == 0 {
		return false
	}
	ctrl, bad := 0, 0
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f {
				ctrl++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(head[i:])
		if r == utf8.RuneError && size == 1 && len(head)-i >= utf8.UTFMax {
			bad++
		}
		i += size
	}
	return ctrl*10 > len(head) || bad*3 > len(head)
}

// invalidRuns counts the runs of invalid UTF-8 bytes in s, each of which
// strings.ToValidUTF8 replaces with one U+FFFD.
func invalidRuns(s string) int {
	n := 0
	inRun := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if !inRun {
				n++
			}
			inRun = true
		} else {
			inRun = false
		}
		i += size
	}
	return n
}

// paragraphs joins the non-blank lines of s (already cleaned) into
// paragraphs separated by exactly one blank line, without white space at
// the ends of lines and without blank lines at the start or the end. Lines
// inside a paragraph stay as they are otherwise.
func paragraphs(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blank := false
	for line := range strings.Lines(s) {
		line = strings.TrimRightFunc(line, stdunicode.IsSpace)
		if line == "" {
			blank = true
			continue
		}
		if b.Len() > 0 {
			if blank {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(line)
	}
	return b.String()
}

// Normalize applies the ingest normalisation to one body: see clean and
// paragraphs. It returns the text, warnings about repairs, and ErrBinary or
// ErrEmpty when no article can be made of data.
func Normalize(data []byte) (string, []string, error) {
	return normalizeString(string(fromUTF16(data)))
}

// normalizeString is Normalize for text already in a string.
func normalizeString(s string) (string, []string, error) {
	s, warnings, err := cleanString(s)
	if err != nil {
		return "", nil, err
	}
	s = paragraphs(s)
	if s == "" {
		return "", warnings, ErrEmpty
	}
	return s, warnings, nil
}

// normString normalises a metadata field (title, source, dateline): valid
// UTF-8, NFC, white space runs collapsed to one space.
func normString(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Join(strings.Fields(s), " ")
	return norm.NFC.String(s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
