package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

// maxSourceLen is the longest line, in runes, taken as the source (outlet)
// line of a dateline article. A longer line is the start of the body.
const maxSourceLen = 120

// ParseArticle reads one dateline article or plain-text file (SCHEMA.md §1):
//
//	date 2023-03 Hongkong
//
//	CNN
//
//	Xi Jinping praat dinsdag ...
//
// A file whose first line is not a "date" line is plain text, all of it
// the body. Without a header, a wire-style dateline at the start of the
// body ("GENEVA, March 12 (Reuters) - …") gives the Dateline. The ID is the stem of name. An impossible header date is
// dropped with a warning; a binary or empty document is an error.
func ParseArticle(name string, data []byte) (*article.Article, error) {
	s, warnings, err := clean(data)
	if err != nil {
		return nil, err
	}
	a := &article.Article{ID: Stem(name), Warnings: warnings}
	body := s
	first, rest := firstLine(s)
	if date, place, isHeader := dateLine(first); isHeader {
		a.Dateline = place
		a.Date = checkDate(a, date)
		a.Source, body = sourceLine(rest)
	}
	a.Text = paragraphs(body)
	if a.Text == "" {
		return nil, ErrEmpty
	}
	if a.Dateline == "" {
		a.Dateline = wireDateline(a.Text)
	}
	return a, nil
}

// dateLine splits a header line "date 2023-03 Hongkong" into its date and
// its place. The keyword "date" is the format's; "Date" or "DATE:" also
// count when a digit follows, so that prose starting with the word "Date"
// stays prose while a header with a bad date is still a header.
func dateLine(line string) (date, place string, ok bool) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return "", "", false
	}
	kw := strings.TrimSuffix(f[0], ":")
	switch {
	case kw == "date":
	case strings.EqualFold(kw, "date") && strings.ContainsAny(f[1], "0123456789"):
	default:
		return "", "", false
	}
	return f[1], normString(strings.Join(f[2:], " ")), true
}

// firstLine returns the first non-blank line of s and the text after it.
func firstLine(s string) (line, rest string) {
	for s != "" {
		line, s, _ = strings.Cut(s, "\n")
		if strings.TrimSpace(line) != "" {
			return line, s
		}
	}
	return "", ""
}

// sourceLine takes the source line off the front of the rest of a dateline
// article: the first non-blank line, when it is short, is not a sentence,
// and a blank line (or the end) follows it. Otherwise there is no source
// and all of rest is body.
func sourceLine(rest string) (source, body string) {
	line, after := firstLine(rest)
	line = strings.TrimSpace(line)
	if line == "" || utf8.RuneCountInString(line) > maxSourceLen {
		return "", rest
	}
	if next, _, _ := strings.Cut(after, "\n"); strings.TrimSpace(next) != "" {
		return "", rest
	}
	if len(strings.Fields(line)) >= 4 && strings.ContainsAny(lastRune(line), ".!?…:\"”»") {
		return "", rest // a sentence, not the name of an outlet
	}
	return normString(line), after
}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// checkDate returns date when it is a possible ISO-8601 date prefix
// (YYYY, YYYY-MM or YYYY-MM-DD, or a full RFC 3339 time cut to its day), and
// otherwise "" with a warning on a that names the bad date.
func checkDate(a *article.Article, date string) string {
	if date == "" {
		return ""
	}
	if d, ok := ParseDate(date); ok {
		return d
	}
	a.Warn(fmt.Sprintf("ignored impossible date %q (want YYYY, YYYY-MM or YYYY-MM-DD)", date))
	return ""
}

// ParseDate checks an ISO-8601 date prefix and returns it in its canonical
// form: "2023", "2023-03" or "2023-03-21". An RFC 3339 time ("2023-03-21T…")
// is cut to its day. It reports false for anything else, including dates
// that do not exist such as 2023-02-30.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	layouts := []struct{ layout, out string }{
		{"2006", "2006"},
		{"2006-01", "2006-01"},
		{"2006-01-02", "2006-01-02"},
		{time.RFC3339Nano, "2006-01-02"},
		{"2006-01-02T15:04:05", "2006-01-02"},
		{"2006-01-02 15:04:05", "2006-01-02"},
		{"2006-01-02T15:04Z07:00", "2006-01-02"},
		{"2006-01-02T15:04", "2006-01-02"},
	}
	for _, l := range layouts {
		if len(s) < len("2006") {
			break
		}
		t, err := time.Parse(l.layout, s)
		if err != nil || t.Year() < 1 {
			continue
		}
		return t.Format(l.out), true
	}
	return "", false
}

// Stem returns the base name of a path without its extensions: "a/b.txt"
// and "crawl.warc.gz" give "b" and "crawl". An unknown last extension is
// kept off too, but only one such.
func Stem(name string) string {
	base := filepath.Base(name)
	lower := strings.ToLower(base)
	for _, ext := range []string{".warc.gz", ".jsonl.gz"} {
		if strings.HasSuffix(lower, ext) {
			return base[:len(base)-len(ext)]
		}
	}
	if ext := filepath.Ext(base); ext != "" && ext != base {
		return strings.TrimSuffix(base, ext)
	}
	return base
}
