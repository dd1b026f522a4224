package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph/internal/article"
)

// checkArticle fails t unless a keeps the invariants of every article that
// ingest returns: a body that textInvariants accepts and metadata that is
// valid NFC UTF-8 on one line.
func checkArticle(t *testing.T, in []byte, a *article.Article) {
	t.Helper()
	if msg := textInvariants(a.Text); msg != "" {
		t.Fatalf("input %q: text %q %s", in, a.Text, msg)
	}
	for _, f := range []string{a.ID, a.Title, a.Source, a.Dateline, a.Date, a.Lang} {
		if !utf8.ValidString(f) || !norm.NFC.IsNormalString(f) || strings.ContainsAny(f, "\r\n") {
			t.Fatalf("input %q: bad metadata field %q", in, f)
		}
	}
	if a.Date != "" {
		if d, ok := ParseDate(a.Date); !ok || d != a.Date {
			t.Fatalf("input %q: date %q is not canonical", in, a.Date)
		}
	}
}

func FuzzParseArticle(f *testing.F) {
	for _, s := range []string{
		"date 2023-03 Hongkong\n\nCNN\n\nXi Jinping praat dinsdag.\n\nTweede alinea.",
		" date   2024-03-12  New York \r\n\r\nReuters\r\n\r\n\r\nBody.\r\n",
		"\ufeffdate 2023-13-45 Paris\n\nLe Monde\n\nCorps.",
		"Plain text with caf\xe9 and a\u0301.\n\n\n",
		"date 2023\n\nsource only",
		"",
		"\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseArticle("fuzz.txt", data)
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) {
				t.Fatalf("ParseArticle(%q): unexpected error %v", data, err)
			}
			return
		}
		checkArticle(t, data, a)
		if a.ID != "fuzz" {
			t.Fatalf("ParseArticle(%q).ID = %q, want fuzz", data, a.ID)
		}
	})
}

func FuzzJSONL(f *testing.F) {
	for _, s := range []string{
		`{"id": "a", "text": "Hello.\n\nWorld.", "date": "2023-03-21", "lang": "en-GB"}` + "\n" + `{"text": "x"}`,
		"{\"text\": \"caf\\u00e9\"}\r\n\r\nnot json\n{\"id\": 7, \"text\": null}",
		`{"text": "\u0000"}`,
		`{"text": "a", "date": "2023-02-30", "title": "T\r\nU"}`,
		"{\"text\": \"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var items []Item
		r := newReader(context.Background(), Options{MaxBytes: 1 << 10}, nil, func(it Item) bool {
			items = append(items, it)
			return true
		})
		if !r.jsonl("f.jsonl", "f", strings.NewReader(string(data))) {
			t.Fatalf("jsonl(%q) stopped", data)
		}
		lines := strings.Count(string(data), "\n") + 1
		prev := 0
		for _, it := range items {
			if (it.Article == nil) == (it.Err == nil) {
				t.Fatalf("jsonl(%q): item %s has both or neither of article and error", data, it.Name)
			}
			n, err := strconv.Atoi(strings.TrimPrefix(it.Name, "f.jsonl:"))
			if err != nil || n <= prev || n > lines {
				t.Fatalf("jsonl(%q): item name %q after line %d of %d", data, it.Name, prev, lines)
			}
			prev = n
			if it.Err != nil {
				if it.Err.Error() == "" || strings.Contains(it.Err.Error(), "\n") {
					t.Fatalf("jsonl(%q): item %s: error %q is not one line", data, it.Name, it.Err)
				}
				continue
			}
			checkArticle(t, data, it.Article)
			if it.Article.ID == "" {
				t.Fatalf("jsonl(%q): item %s has no id", data, it.Name)
			}
		}
	})
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"<html lang=nl><head><title>T</title></head><body><article><p>Een.</p><p>Twee &amp; drie.</p></article></body></html>",
		"<p>a<br><br>b<br>c</p><pre> x\r\n  y</pre>",
		"<meta charset=iso-8859-1><p>caf\xe9</p>",
		"<div hidden>x</div><script>y</script>",
		"\x00<p>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseHTML(data, "https://example.com/a")
		if err != nil {
			if !errors.Is(err, ErrNoArticle) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEmpty) {
				// readability and the HTML parser may fail on odd input;
				// the error must still be one line that names its cause.
				if strings.ContainsAny(err.Error(), "\n") {
					t.Fatalf("ParseHTML(%q): multi-line error %q", data, err)
				}
			}
			return
		}
		checkArticle(t, data, a)
		if a.ID != Hash("https://example.com/a") {
			t.Fatalf("ParseHTML(%q).ID = %q, want the URL's hash", data, a.ID)
		}
	})
}

// ExampleParseArticle shows the dateline format of SCHEMA.md §1.
func ExampleParseArticle() {
	a, err := ParseArticle("articles/nl-01.txt", []byte(" date 2023-03 Hongkong\r\n\r\nCNN\r\n\r\n\r\nXi Jinping praat dinsdag met Poetin.\r\n\r\n\r\nTweede alinea.\r\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %s | %s | %s\n%s\n", a.ID, a.Date, a.Dateline, a.Source, a.Text)
	// Output:
	// nl-01 | 2023-03 | Hongkong | CNN
	// Xi Jinping praat dinsdag met Poetin.
	//
	// Tweede alinea.
}

// ExampleRead reads a JSONL stream from standard input.
func ExampleRead() {
	stdin := strings.NewReader(`{"id": "x1", "lang": "en-US", "text": "One."}` + "\n" + `{"title": "no text"}` + "\n")
	for it := range Read(context.Background(), []string{"-"}, stdin, Options{}) {
		if it.Err != nil {
			fmt.Println("error:", it.Name, it.Err)
			continue
		}
		fmt.Println(it.Name, it.Article.ID, it.Article.Lang, it.Article.Text)
	}
	// Output:
	// -:1 x1 en One.
	// error: -:2 no "text" field
}

// ExampleParseHTML extracts a page's article with its metadata.
func ExampleParseHTML() {
	page := `<html lang="nl"><head><title>Kabinet valt | Voorbeeld</title>
<meta property="og:site_name" content="Voorbeeld Nieuws">
<meta property="article:published_time" content="2023-07-07T21:00:00+02:00"></head>
<body><nav>Home | Binnenland</nav><article><h1>Kabinet valt</h1>
<p>Het kabinet is vrijdagavond gevallen na een conflict over het asielbeleid, zo maakte de premier bekend na urenlang overleg.</p>
<p>"We hebben geen overeenstemming kunnen bereiken," zei de premier op een persconferentie in Den Haag.</p>
</article><footer>© Voorbeeld</footer></body></html>`
	a, err := ParseHTML([]byte(page), "https://nieuws.example.nl/kabinet")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s | %s | %s | %s\n%s\n", a.Source, a.Date, a.Lang, a.Title, a.Text)
	// Output:
	// Voorbeeld Nieuws | 2023-07-07 | nl | Kabinet valt
	// Het kabinet is vrijdagavond gevallen na een conflict over het asielbeleid, zo maakte de premier bekend na urenlang overleg.
	//
	// "We hebben geen overeenstemming kunnen bereiken," zei de premier op een persconferentie in Den Haag.
}
