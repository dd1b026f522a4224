package ingest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the want files of golden tests")

// pageResult is what a page test compares: the article's ingest fields, or
// the error.
type pageResult struct {
	ID       string   `json:"id,omitempty"`
	URL      string   `json:"url,omitempty"`
	Title    string   `json:"title,omitempty"`
	Source   string   `json:"source,omitempty"`
	Date     string   `json:"date,omitempty"`
	Lang     string   `json:"lang,omitempty"`
	Text     string   `json:"text,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	Error    string   `json:"error,omitempty"`
}

// TestPages reads testdata/pages/<case>/source.html (with the page's URL in
// url.txt, if any) and compares with want.json; -update rewrites it.
func TestPages(t *testing.T) {
	dirs, err := filepath.Glob("testdata/pages/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no page cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "source.html"))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := os.ReadFile(filepath.Join(dir, "url.txt"))
			a, err := ParseHTML(data, strings.TrimSpace(string(u)))
			var got pageResult
			if err != nil {
				got.Error = err.Error()
			} else {
				got = pageResult{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Date: a.Date,
					Lang: a.Lang, Text: a.Text, Warnings: a.Warnings}
				checkText(t, a.Text)
			}
			wantFile := filepath.Join(dir, "want.json")
			if *update {
				b, err := json.MarshalIndent(got, "", "\t")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(wantFile, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			var want pageResult
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("%s: %v", wantFile, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ParseHTML(%s) mismatch (-want +got):\n%s", dir, diff)
			}
		})
	}
}

// checkText fails t unless text keeps the invariants of every ingested
// body: valid UTF-8, NFC, no CR, no NUL, no trailing spaces on lines, no
// runs of blank lines, no leading or trailing blank lines.
func checkText(t *testing.T, text string) {
	t.Helper()
	if err := textInvariants(text); err != "" {
		t.Errorf("text %q: %s", text, err)
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"<p>A  <b>bold</b>\n word</p>", "A bold word"},
		{"line one<br>line two<br><br>para two", "line one\nline two\n\npara two"},
		{"<ul><li>x</li><li>y</li></ul>", "x\n\ny"},
		{"<p>a<script>var s = 1;</script>b</p><style>p{}</style>", "ab"},
		{"<pre>  keep\n    this</pre>", "  keep\n    this"},
		{"<p hidden>no</p><p style=\"display: none\">no</p><p>yes</p>", "yes"},
		{"Fish &amp; chips &lt;3", "Fish & chips <3"},
		{"<p>Bundes&shy;regierung &shy; tagt</p>", "Bundesregierung tagt"},
		{"<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"<p>Before.</p><figure><img src=x><figcaption>Photo: AP</figcaption></figure><p>After.</p>", "Before.\n\nAfter."},
	}
	for _, tt := range tests {
		if got := htmlFragmentText(tt.in); got != tt.want {
			t.Errorf("htmlFragmentText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDropSiteName(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Kabinet valt | Voorbeeld", "Voorbeeld Nieuws", "Kabinet valt"},
		{"Kabinet valt - NOS", "NOS", "Kabinet valt"},
		{"Le Monde.fr – Grève à la SNCF", "Le Monde.fr", "Grève à la SNCF"},
		{"Rutte - Wilders: het debat", "NOS", "Rutte - Wilders: het debat"},
		{"Kabinet valt", "NOS", "Kabinet valt"},
		{"Kabinet valt | NOS", "nos.nl", "Kabinet valt"},
		{"Talks fail - EU", "Reuters", "Talks fail - EU"},
		{"BBC News - Talks fail", "BBC", "Talks fail"},
		{"Talks fail | Reuters.com", "Reuters", "Talks fail"},
		{"Kabinet valt | NOS", "", "Kabinet valt | NOS"},
		{"NOS | ", "NOS", "NOS | "},
	}
	for _, tt := range tests {
		if got := dropSiteName(tt.title, tt.site); got != tt.want {
			t.Errorf("dropSiteName(%q, %q) = %q, want %q", tt.title, tt.site, got, tt.want)
		}
	}
}
