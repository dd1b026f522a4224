package examples_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/examples"
)

var dateline = regexp.MustCompile(`^date \d{4}-\d{2}-\d{2} \S`)

// TestArticles checks that every example is a dateline article file in
// UTF-8 with a source and a body, and that all four languages are there.
func TestArticles(t *testing.T) {
	names, err := fs.Glob(examples.Articles, "articles/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 8 {
		t.Fatalf("%d example articles, want at least 8", len(names))
	}
	langs := map[string]int{}
	for _, name := range names {
		b, err := fs.ReadFile(examples.Articles, name)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		parts := strings.Split(strings.TrimSpace(s), "\n\n")
		switch {
		case !utf8.ValidString(s):
			t.Errorf("%s: not UTF-8", name)
		case !dateline.MatchString(s):
			t.Errorf("%s: first line %q is not a dateline", name, strings.SplitN(s, "\n", 2)[0])
		case len(parts) < 4 || strings.Contains(parts[1], "\n"):
			t.Errorf("%s: want dateline, source line and body paragraphs, got %d parts", name, len(parts))
		}
		langs[strings.SplitN(strings.TrimPrefix(name, "articles/"), "-", 2)[0]]++
	}
	for _, lang := range []string{"en", "nl", "de", "fr"} {
		if langs[lang] == 0 {
			t.Errorf("no example article in %s", lang)
		}
	}
}
