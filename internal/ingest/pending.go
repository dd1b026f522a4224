package ingest

import (
	"errors"
	"io"

	"github.com/newsgraph/newsgraph/internal/article"
)

// Not yet written: feeds, HTML and WARC. This file goes away when they land.

func (r *reader) feed(name string, data []byte) bool {
	return r.fail(name, errors.New("feeds are not supported yet"))
}

func (r *reader) warc(name string, rd io.Reader) bool {
	return r.fail(name, errors.New("WARC is not supported yet"))
}

func (r *reader) url(u string) bool {
	return r.fail(u, errors.New("URLs are not supported yet"))
}

// ParseHTML extracts the article of an HTML page.
func ParseHTML(data []byte, pageURL string) (*article.Article, error) {
	return nil, errors.New("HTML is not supported yet")
}
