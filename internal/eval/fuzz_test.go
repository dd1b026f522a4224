package eval

import (
	"github.com/google/go-cmp/cmp"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Hello, World!", "İstanbul ΟΔΟΣ", "e\u0301 ﬁ ½", "नमस्ते", "a_b 3,5", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || !utf8.ValidString(tok) && utf8.ValidString(s) {
				t.Fatalf("Tokens(%q): bad token %q", s, tok)
			}
			for _, r := range tok {
				if !isWord(r) {
					t.Fatalf("Tokens(%q): token %q holds the non-word rune %q", s, tok, r)
				}
			}
		}
		if got := TokenF1(s, s); got != 0 && got != 1 {
			t.Fatalf("TokenF1(%q, itself) = %v, want 0 or 1", s, got)
		}
	})
}

func FuzzParseAnn(f *testing.F) {
	f.Add("T1\tSource 0 4\tJane\nT2\tContent 5 9\tWe win\nE1\tAttribution:T2 Content:T2 Source:T1\n")
	f.Add("T1\tContent 0 4;6 9\ta b\r\nE1\tX:T1 Content2:T1 Content:T9\r\n")
	f.Add("E1\t\nT\t\t\n\tE2 Content:T1")
	f.Fuzz(func(t *testing.T, s string) {
		rels := ParseAnn(s)
		events := 0
		for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
			if strings.HasPrefix(line, "E") && strings.Contains(line, "\t") {
				events++
			}
		}
		if len(rels) > events {
			t.Fatalf("ParseAnn(%q): %d relations from %d event lines", s, len(rels), events)
		}
		for _, r := range rels {
			if strings.ContainsAny(r.Content+r.Source, "\n\r") {
				t.Fatalf("ParseAnn(%q): relation %+v spans lines", s, r)
			}
		}
		crlf := strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", "\r\n")
		if got := ParseAnn(crlf); !cmp.Equal(got, ParseAnn(strings.ReplaceAll(s, "\r", ""))) {
			t.Fatalf("ParseAnn(%q) with CRLF line ends = %+v, differs from LF", s, got)
		}
	})
}
