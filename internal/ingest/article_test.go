package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/newsgraph/newsgraph/internal/article"
)

// sharedData is where the project's data lives, relative to this package.
const sharedData = "../../../shared/data"

func TestParseArticle(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *article.Article
		err  error
	}{
		{
			name: "dateline",
			in:   "date 2023-03 Hongkong\n\nCNN\n\nFirst paragraph.\n\nSecond one.\n",
			want: &article.Article{ID: "a", Date: "2023-03", Dateline: "Hongkong", Source: "CNN",
				Text: "First paragraph.\n\nSecond one."},
		},
		{
			name: "leading space and many blank lines",
			in:   " date 2023-03 Hongkong\n\nCNN\n\n\n\n\n\nXi praat.\n\n\n\nTweede.\n\n\n",
			want: &article.Article{ID: "a", Date: "2023-03", Dateline: "Hongkong", Source: "CNN",
				Text: "Xi praat.\n\nTweede."},
		},
		{
			name: "multi-space dateline",
			in:   "date   2024-03-12    New    York  \n \nThe  New York Times \n\nBody.",
			want: &article.Article{ID: "a", Date: "2024-03-12", Dateline: "New York", Source: "The New York Times",
				Text: "Body."},
		},
		{
			name: "year only, no place",
			in:   "date 2021\n\nAFP\n\nBody.",
			want: &article.Article{ID: "a", Date: "2021", Source: "AFP", Text: "Body."},
		},
		{
			name: "month-only date",
			in:   "date 2023-11 Den Haag\n\nNOS\n\nBody.",
			want: &article.Article{ID: "a", Date: "2023-11", Dateline: "Den Haag", Source: "NOS", Text: "Body."},
		},
		{
			name: "impossible date",
			in:   "date 2023-13-45 Paris\n\nLe Monde\n\nCorps.",
			want: &article.Article{ID: "a", Dateline: "Paris", Source: "Le Monde", Text: "Corps.",
				Warnings: []string{`ignored impossible date "2023-13-45" (want YYYY, YYYY-MM or YYYY-MM-DD)`}},
		},
		{
			name: "february 30",
			in:   "date 2023-02-30 Paris\n\nLe Monde\n\nCorps.",
			want: &article.Article{ID: "a", Dateline: "Paris", Source: "Le Monde", Text: "Corps.",
				Warnings: []string{`ignored impossible date "2023-02-30" (want YYYY, YYYY-MM or YYYY-MM-DD)`}},
		},
		{
			name: "other date format",
			in:   "date 12/03/2023 Paris\n\nLe Monde\n\nCorps.",
			want: &article.Article{ID: "a", Dateline: "Paris", Source: "Le Monde", Text: "Corps.",
				Warnings: []string{`ignored impossible date "12/03/2023" (want YYYY, YYYY-MM or YYYY-MM-DD)`}},
		},
		{
			name: "date word without a date",
			in:   "date unknown Paris\n\nAFP\n\nCorps.",
			want: &article.Article{ID: "a", Dateline: "Paris", Source: "AFP", Text: "Corps.",
				Warnings: []string{`ignored impossible date "unknown" (want YYYY, YYYY-MM or YYYY-MM-DD)`}},
		},
		{
			name: "no header",
			in:   "Plain text.\nSame paragraph.\n\n\nNext paragraph.",
			want: &article.Article{ID: "a", Text: "Plain text.\nSame paragraph.\n\nNext paragraph."},
		},
		{
			name: "no header, wire dateline",
			in:   "BRUSSELS (Reuters) - EU ministers met.\n\nMore.",
			want: &article.Article{ID: "a", Dateline: "Brussels", Text: "BRUSSELS (Reuters) - EU ministers met.\n\nMore."},
		},
		{
			name: "prose starting with the word date",
			in:   "Date night is back in fashion.\n\nMore.",
			want: &article.Article{ID: "a", Text: "Date night is back in fashion.\n\nMore."},
		},
		{
			name: "header without source",
			in:   "date 2023-03 Kyiv\n\nA long first paragraph that is clearly body text and not the name of an outlet, since it goes on and on for well over a hundred and twenty characters.\n\nMore.",
			want: &article.Article{ID: "a", Date: "2023-03", Dateline: "Kyiv",
				Text: "A long first paragraph that is clearly body text and not the name of an outlet, since it goes on and on for well over a hundred and twenty characters.\n\nMore."},
		},
		{
			name: "header, short first sentence, no source",
			in:   "date 2023-03-02 Kyiv\n\nThe talks ended without a deal.\n\nMore.",
			want: &article.Article{ID: "a", Date: "2023-03-02", Dateline: "Kyiv",
				Text: "The talks ended without a deal.\n\nMore."},
		},
		{
			name: "source with a dot",
			in:   "date 2023-03-02 Amsterdam\n\nNU.nl\n\nTekst.",
			want: &article.Article{ID: "a", Date: "2023-03-02", Dateline: "Amsterdam", Source: "NU.nl", Text: "Tekst."},
		},
		{
			name: "date keyword with colon and capital",
			in:   "Date: 2023-03-02 Berlin\n\ndpa\n\nText.",
			want: &article.Article{ID: "a", Date: "2023-03-02", Dateline: "Berlin", Source: "dpa", Text: "Text."},
		},
		{
			name: "blank lines holding spaces",
			in:   "\n  \n date 2023-03 Kyiv \n \t\nBBC\n   \n\u00a0\nBody.\n \n",
			want: &article.Article{ID: "a", Date: "2023-03", Dateline: "Kyiv", Source: "BBC", Text: "Body."},
		},
		{
			name: "CRLF",
			in:   "date 2023-03 Hongkong\r\n\r\nCNN\r\n\r\nOne.\r\nStill one.\r\n\r\nTwo.\r\n",
			want: &article.Article{ID: "a", Date: "2023-03", Dateline: "Hongkong", Source: "CNN",
				Text: "One.\nStill one.\n\nTwo."},
		},
		{
			name: "CR only",
			in:   "One.\r\rTwo.\r",
			want: &article.Article{ID: "a", Text: "One.\n\nTwo."},
		},
		{
			name: "BOM",
			in:   "\ufeffdate 2023-03 Hongkong\n\nCNN\n\nBody.",
			want: &article.Article{ID: "a", Date: "2023-03", Dateline: "Hongkong", Source: "CNN", Text: "Body."},
		},
		{
			name: "broken UTF-8",
			in:   "Caf\xe9 and na\xefve and \xff\xfe.",
			want: &article.Article{ID: "a", Text: "Caf\ufffd and na\ufffdve and \ufffd.",
				Warnings: []string{"repaired 3 invalid UTF-8 sequences"}},
		},
		{
			name: "NFC",
			in:   "Oekrai\u0308ne en cafe\u0301.",
			want: &article.Article{ID: "a", Text: "Oekraïne en café."},
		},
		{
			name: "trailing spaces",
			in:   "\n\n  Indented line stays.   \nNext.\t\n\n",
			want: &article.Article{ID: "a", Text: "  Indented line stays.\nNext."},
		},
		{
			name: "UTF-16LE with BOM",
			in:   "\xff\xfeO\x00n\x00e\x00\xe9\x00\n\x00",
			want: &article.Article{ID: "a", Text: "Oneé"},
		},
		{
			name: "UTF-16BE with BOM",
			in:   "\xfe\xff\x00\x64\x00\x61\x00\x74\x00\x65\x00\x20\x00\x32\x00\x30\x00\x32\x00\x34\x00\x0a\x00\x0a\x00\x58\x00\x0a\x00\x0a\x00\x59",
			want: &article.Article{ID: "a", Date: "2024", Source: "X", Text: "Y"},
		},
		{name: "empty", in: "", err: ErrEmpty},
		{name: "blank", in: " \n\n\t\r\n", err: ErrEmpty},
		{name: "header only", in: "date 2023-03 Hongkong\n\nCNN\n", err: ErrEmpty},
		{name: "NUL", in: "text\x00more", err: ErrBinary},
		{name: "binary", in: "\x01\x02\x03\x04\x05\x06\x07\x08abc", err: ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseArticle("dir/a.txt", []byte(tt.in))
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseArticle(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseArticle(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseArticleSeed(t *testing.T) {
	path := filepath.Join(sharedData, "seed/articles/nl-seed-01.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed data absent: %v", err)
	}
	a, err := ParseArticle(path, data)
	if err != nil {
		t.Fatalf("ParseArticle(%s): %v", path, err)
	}
	got := article.Article{ID: a.ID, Source: a.Source, Date: a.Date, Dateline: a.Dateline}
	want := article.Article{ID: "nl-seed-01", Source: "CNN", Date: "2023-03", Dateline: "Hongkong"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseArticle(%s) header mismatch (-want +got):\n%s", path, diff)
	}
	if !strings.HasPrefix(a.Text, "Xi Jinping praat") {
		t.Errorf("ParseArticle(%s).Text starts %q, want %q", path, a.Text[:min(40, len(a.Text))], "Xi Jinping praat")
	}
	if strings.Contains(a.Text, "\n\n\n") || strings.HasSuffix(a.Text, "\n") {
		t.Errorf("ParseArticle(%s).Text has extra blank lines", path)
	}
	if len(a.Warnings) != 0 {
		t.Errorf("ParseArticle(%s).Warnings = %q, want none", path, a.Warnings)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2023", "2023", true},
		{"2023-03", "2023-03", true},
		{"2023-03-21", "2023-03-21", true},
		{"2024-02-29", "2024-02-29", true},
		{"2023-03-21T10:30:00Z", "2023-03-21", true},
		{"2023-03-21T10:30:00+02:00", "2023-03-21", true},
		{"2023-03-21T10:30", "2023-03-21", true},
		{"2023-03-21 10:30:00", "2023-03-21", true},
		{"2023-02-30T10:30:00Z", "", false},
		{"", "", false},
		{"23", "", false},
		{"0000", "", false},
		{"2023-13", "", false},
		{"2023-3", "", false},
		{"2023-02-29", "", false},
		{"2023-13-45", "", false},
		{"21-03-2023", "", false},
		{"2023-03-21x", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDate(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a/b/nl-seed-01.txt", "nl-seed-01"},
		{"crawl.warc.gz", "crawl"},
		{"feed.jsonl", "feed"},
		{"noext", "noext"},
		{".hidden", ".hidden"},
		{"x.tar.txt", "x.tar"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"en-US", "en"}, {"nl_NL", "nl"}, {"deu", "de"}, {"FR", "fr"},
		{"", ""}, {"xx-nonsense-tag", ""}, {"und", ""},
	}
	for _, tt := range tests {
		if got := normLang(tt.in); got != tt.want {
			t.Errorf("normLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
