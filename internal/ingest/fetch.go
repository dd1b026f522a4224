package ingest

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// userAgent names newsgraph to the sites it reads.
const userAgent = "newsgraph/0.1 (+https://github.com/newsgraph/newsgraph)"

// A page is a fetched document.
type page struct {
	url         string // after redirects
	contentType string
	data        []byte
}

// fetch GETs u with the per-request timeout and the size cap. A non-2xx
// status is an error "GET u: 500 Internal Server Error"; a timeout says so.
func (r *reader) fetch(u string) (*page, error) {
	ctx, cancel := context.WithTimeout(r.ctx, r.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5")
	resp, err := r.client.Do(req)
	if err != nil {
		if r.ctx.Err() == nil && isTimeout(err) {
			return nil, fmt.Errorf("GET %s: timed out after %s", u, r.opt.Timeout)
		}
		return nil, fmt.Errorf("GET %s: %w", u, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	if resp.ContentLength > r.opt.MaxBytes {
		return nil, &SizeError{Size: resp.ContentLength, Limit: r.opt.MaxBytes}
	}
	data, err := readAll(resp.Body, r.opt.MaxBytes, false)
	if err != nil {
		if r.ctx.Err() == nil && isTimeout(err) {
			return nil, fmt.Errorf("GET %s: timed out after %s reading the body", u, r.opt.Timeout)
		}
		if _, ok := errors.AsType[*SizeError](err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("GET %s: read body: %w", u, err)
	}
	return &page{url: resp.Request.URL.String(), contentType: resp.Header.Get("Content-Type"), data: data}, nil
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	ne, ok := errors.AsType[net.Error](err)
	return ok && ne.Timeout()
}

// unwrapURLError drops the `Get "u":` prefix of a *url.Error, since the
// caller names the URL.
func unwrapURLError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok && ue.Err != nil {
		return ue.Err
	}
	return err
}

// kindOfContentType maps a response's media type to a kind, or kindUnknown
// to sniff the body.
func kindOfContentType(contentType string) kind {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return kindUnknown
	}
	switch mt {
	case "text/html", "application/xhtml+xml":
		return kindHTML
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json":
		return kindFeed
	case "application/warc":
		return kindWARC
	}
	return kindUnknown
}

// url reads one http(s) URL: a page, a feed, a WARC file, text or JSONL.
func (r *reader) url(u string) bool {
	p, err := r.fetch(u)
	if err != nil {
		return r.fail(u, err)
	}
	k := kindOfContentType(p.contentType)
	if k == kindUnknown {
		k = kindOf(urlPath(p.url))
	}
	if k == kindUnknown || k == kindText {
		k = sniff(head(p.data))
	}
	return r.doc(u, src{url: p.url, contentType: p.contentType, remote: true}, k, p.data)
}

// urlPath returns the path of u, for its extension.
func urlPath(u string) string {
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	return u
}
