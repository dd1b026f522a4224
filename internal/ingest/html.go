package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	stdunicode "unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"github.com/newsgraph/newsgraph/internal/article"
)

// minArticleRunes is the shortest text taken from a page that readability
// does not find readable: below it, the page is navigation or a form.
const minArticleRunes = 200

// ErrNoArticle reports an HTML page without article text.
var ErrNoArticle = errors.New("no article text found")

// ParseHTML extracts the article of an HTML page with readability: its
// text as paragraphs, title, date, language (<html lang>) and site name as
// Source. pageURL, when known, becomes URL and the ID is its hash (else the
// text's). A page with no article content gives ErrNoArticle.
func ParseHTML(data []byte, pageURL string) (*article.Article, error) {
	return parseHTML(data, pageURL, "")
}

// parseHTML is ParseHTML with the Content-Type of an HTTP response, which
// may name the character set.
func parseHTML(data []byte, pageURL, contentType string) (*article.Article, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if bytes.IndexByte(data, 0) >= 0 || isBinary(string(data[:min(len(data), 8<<10)])) {
		return nil, ErrBinary
	}
	var warnings []string
	data, warnings = toUTF8(data, contentType)
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	meta := headMeta(doc)
	if pageURL == "" {
		pageURL = meta.url
	}
	var base *url.URL
	if pageURL != "" {
		base, _ = url.Parse(pageURL)
	}
	parser := readability.NewParser()
	readable := parser.CheckDocument(doc)
	ra, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return nil, fmt.Errorf("readability: %w", err)
	}
	if ra.Node == nil {
		return nil, ErrNoArticle
	}
	text, more, err := normalizeString(dropByline(htmlText(ra.Node), ra.Byline()))
	if errors.Is(err, ErrEmpty) {
		return nil, ErrNoArticle
	}
	if err != nil {
		return nil, err
	}
	if !readable && utf8.RuneCountInString(text) < minArticleRunes {
		return nil, ErrNoArticle
	}
	a := &article.Article{
		URL:      pageURL,
		Title:    normString(ra.Title()),
		Source:   normString(ra.SiteName()),
		Lang:     normLang(ra.Language()),
		Text:     text,
		Warnings: append(warnings, more...),
	}
	if a.Lang == "" {
		a.Lang = meta.lang
	}
	if a.Source == "" && base != nil {
		a.Source = strings.TrimPrefix(base.Hostname(), "www.")
	}
	a.Title = dropSiteName(a.Title, a.Source)
	a.Dateline = wireDateline(a.Text)
	if t, err := ra.PublishedTime(); err == nil {
		a.Date = day(t)
	}
	a.ID = Hash(a.Text)
	if pageURL != "" {
		a.ID = Hash(pageURL)
	}
	return a, nil
}

// toUTF8 decodes an HTML document to UTF-8. Valid UTF-8 stays as it is
// (pages often declare a charset they do not use); other bytes are decoded
// by the BOM, the charset of contentType or of the <meta> tags, or else as
// windows-1252 with a warning that this was a guess.
func toUTF8(data []byte, contentType string) ([]byte, []string) {
	if utf8.Valid(data) {
		return data, nil
	}
	enc, name, certain := charset.DetermineEncoding(data, contentType)
	if name == "utf-8" || enc == nil {
		return data, nil // invalid sequences are repaired, with a warning, by Normalize
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return data, []string{fmt.Sprintf("could not decode %s (%v); read as UTF-8", name, err)}
	}
	if !certain && !bytes.Contains(bytes.ToLower(head(data)), []byte("charset")) {
		return out, []string{fmt.Sprintf("decoded as %s (guessed: no charset declared and not valid UTF-8)", name)}
	}
	return out, nil
}

// dropByline removes a first paragraph that only repeats the byline
// ("By Jane Doe"), which readability leaves in the text when it found the
// byline in the page's metadata.
func dropByline(text, byline string) string {
	byline = strings.TrimSpace(byline)
	if byline == "" {
		return text
	}
	text = strings.TrimLeft(text, "\n")
	first, rest, _ := strings.Cut(text, "\n\n")
	f := strings.Join(strings.Fields(first), " ")
	if len(f) <= 2*len(byline)+16 && strings.Contains(strings.ToLower(f), strings.ToLower(byline)) {
		return rest
	}
	return text
}

// pageMeta is what headMeta finds in a page's head.
type pageMeta struct {
	url  string // <link rel="canonical"> or og:url, absolute http(s) only
	lang string // ISO 639-1 from content-language or og:locale
}

// headMeta reads the page's own URL and language from its head, for pages
// that do not say them elsewhere (no URL given, no <html lang>).
func headMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(key string) string {
				for _, a := range n.Attr {
					if a.Key == key {
						return strings.TrimSpace(a.Val)
					}
				}
				return ""
			}
			switch {
			case n.DataAtom == atom.Body:
				return
			case n.DataAtom == atom.Link && strings.EqualFold(attr("rel"), "canonical") && m.url == "":
				if u := attr("href"); isURL(u) {
					m.url = u
				}
			case n.DataAtom == atom.Meta && attr("property") == "og:url" && m.url == "":
				if u := attr("content"); isURL(u) {
					m.url = u
				}
			case n.DataAtom == atom.Meta && strings.EqualFold(attr("http-equiv"), "content-language") && m.lang == "":
				first, _, _ := strings.Cut(attr("content"), ",")
				m.lang = normLang(first)
			case n.DataAtom == atom.Meta && attr("property") == "og:locale" && m.lang == "":
				m.lang = normLang(attr("content"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

// titleSeparators split a page title from the site's name: "Story | Site".
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » "}

// dropSiteName removes the site's name from the start or the end of a page
// title ("Kabinet valt | NOS" → "Kabinet valt"): the part after (or before)
// a separator, when it names the site (see namesSite).
func dropSiteName(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && namesSite(title[i+len(sep):], site) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && namesSite(title[:i], site) && i+len(sep) < len(title) {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

// namesSite reports whether part of a title names the site: the words of
// one begin the words of the other ("Voorbeeld" and "Voorbeeld Nieuws"),
// or part is the first label of a host name site ("NOS" and "nos.nl").
func namesSite(part, site string) bool {
	pw, sw := words(part), words(site)
	if len(pw) == 0 {
		return false
	}
	n := min(len(pw), len(sw))
	if slices.Equal(pw[:n], sw[:n]) {
		return true
	}
	label, _, isHost := strings.Cut(strings.TrimPrefix(strings.ToLower(site), "www."), ".")
	return isHost && !strings.Contains(site, " ") && strings.Join(pw, "") == label
}

// words splits s into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !stdunicode.IsLetter(r) && !stdunicode.IsDigit(r)
	})
}
