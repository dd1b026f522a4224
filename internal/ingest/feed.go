package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsgraph/newsgraph/internal/article"
)

// feed reads an RSS, Atom or JSON Feed document: one article per item,
// named "name#item N". With Options.FetchPages each item's link is fetched
// and read as an HTML page; when that fails the item keeps the feed's text
// and a warning says why.
//
// Relative item links are resolved against feedURL (where the feed was
// fetched from), else the feed's own link.
func (r *reader) feed(name, feedURL string, data []byte) bool {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	if err != nil {
		return r.fail(name, fmt.Errorf("parse feed: %w", err))
	}
	base, _ := url.Parse(feedURL)
	if feedURL == "" {
		base, _ = url.Parse(f.Link)
	}
	for i, it := range f.Items {
		at := fmt.Sprintf("%s#item %d", name, i+1)
		if !r.live(at) {
			return false
		}
		it.Link = itemLink(it, base)
		a, err := feedItem(f, it)
		if r.opt.FetchPages && it.Link != "" && isURL(it.Link) {
			a, err = r.withPage(a, err, it.Link)
		}
		if err != nil {
			if !r.fail(at, err) {
				return false
			}
			continue
		}
		if !r.ok(at, a) {
			return false
		}
	}
	return true
}

// itemLink returns the item's link, resolved against base, or its GUID
// when that is a URL and there is no link.
func itemLink(it *gofeed.Item, base *url.URL) string {
	link := strings.TrimSpace(it.Link)
	if link == "" && isURL(it.GUID) {
		return strings.TrimSpace(it.GUID)
	}
	if link == "" || base == nil || isURL(link) {
		return link
	}
	u, err := base.Parse(link)
	if err != nil {
		return link
	}
	return u.String()
}

// feedItem maps one feed item to an article: title, link, published (else
// updated) day, the feed's language and title as Lang and Source, and the
// item's content (else description) as text.
func feedItem(f *gofeed.Feed, it *gofeed.Item) (*article.Article, error) {
	a := &article.Article{
		Title:  normString(htmlFragmentText(it.Title)),
		URL:    it.Link,
		Source: normString(f.Title),
		Lang:   normLang(f.Language),
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Language) > 0 {
		if lang := normLang(it.DublinCoreExt.Language[0]); lang != "" {
			a.Lang = lang
		}
	}
	switch {
	case it.PublishedParsed != nil:
		a.Date = localDay(it.Published, *it.PublishedParsed)
	case it.UpdatedParsed != nil:
		a.Date = localDay(it.Updated, *it.UpdatedParsed)
	case it.Published != "":
		a.Warn(fmt.Sprintf("ignored unreadable date %q", it.Published))
	}
	body := it.Content
	if body == "" {
		body = it.Description
	}
	text, warnings, err := Normalize([]byte(htmlFragmentText(body)))
	a.Warnings = append(a.Warnings, warnings...)
	a.Text = text
	a.Dateline = wireDateline(text)
	a.ID = Hash(a.Text)
	if a.URL != "" {
		a.ID = Hash(a.URL)
	}
	return a, err
}

// withPage replaces a feed item's text with the text of its page, keeping
// the feed's metadata where the page has none.
func (r *reader) withPage(a *article.Article, feedErr error, link string) (*article.Article, error) {
	p, err := r.fetch(link)
	var pa *article.Article
	if err == nil {
		pa, err = parseHTML(p.data, p.url, p.contentType)
	}
	if err != nil {
		if feedErr != nil {
			return nil, fmt.Errorf("item has no text, and its page: %w", err)
		}
		a.Warn(fmt.Sprintf("kept the feed's text: page %s: %v", link, err))
		return a, nil
	}
	pa.ID, pa.URL = a.ID, a.URL
	if a.Title != "" {
		pa.Title = a.Title
	}
	if a.Date != "" {
		pa.Date = a.Date
	}
	if a.Source != "" {
		pa.Source = a.Source
	}
	if pa.Lang == "" {
		pa.Lang = a.Lang
	}
	return pa, nil
}

// feedTimeLayouts are the common time formats of feeds, tried to keep the
// publisher's own time zone, which gofeed's parsed times lose.
var feedTimeLayouts = []string{
	time.RFC3339Nano, time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04:05 -0700",
}

// localDay returns the day of raw in its own time zone when it has one of
// the common layouts, else the day of parsed.
func localDay(raw string, parsed time.Time) string {
	raw = strings.TrimSpace(raw)
	for _, layout := range feedTimeLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			return day(t)
		}
	}
	return day(parsed)
}

// day formats t as YYYY-MM-DD in its own zone, the day the publisher meant.
func day(t time.Time) string {
	if t.Year() < 1 {
		return ""
	}
	return t.Format("2006-01-02")
}
