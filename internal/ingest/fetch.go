package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// userAgent names newsgraph to the sites it reads.
const userAgent = "newsgraph/0.1 (+https://github.com/newsgraph/newsgraph)"

// A page is a fetched document.
type page struct {
	url         string // after redirects
	contentType string
	data        []byte
}

// errTimedOut is the cause of a request cancelled by its timeout.
var errTimedOut = errors.New("timed out")

// open GETs u. Options.Timeout bounds the wait for the response and each
// wait for more of its body (not the whole body, so that a large WARC file
// can stream). A non-2xx status is an error "GET u: 500 Internal Server
// Error"; a timeout says so. close releases the response.
func (r *reader) open(u string) (resp *http.Response, close func(), err error) {
	ctx, cancel := context.WithCancelCause(r.ctx)
	timer := time.AfterFunc(r.opt.Timeout, func() { cancel(errTimedOut) })
	stop := func() {
		timer.Stop()
		cancel(nil)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		stop()
		return nil, nil, fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5")
	resp, err = r.client.Do(req)
	if err != nil {
		stop()
		if context.Cause(ctx) == errTimedOut || (r.ctx.Err() == nil && isTimeout(err)) {
			return nil, nil, fmt.Errorf("GET %s: timed out after %s", u, r.opt.Timeout)
		}
		return nil, nil, fmt.Errorf("GET %s: %w", u, unwrapURLError(err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body.Close()
		stop()
		return nil, nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	resp.Body = &idleBody{rc: resp.Body, ctx: ctx, timer: timer, timeout: r.opt.Timeout, url: u}
	return resp, func() { resp.Body.Close(); stop() }, nil
}

// idleBody restarts the request's timer on every read of the body, and
// names a timeout as such.
type idleBody struct {
	rc      io.ReadCloser
	ctx     context.Context
	timer   *time.Timer
	timeout time.Duration
	url     string
}

func (b *idleBody) Read(p []byte) (int, error) {
	b.timer.Reset(b.timeout)
	n, err := b.rc.Read(p)
	if err != nil && err != io.EOF && context.Cause(b.ctx) == errTimedOut {
		err = fmt.Errorf("GET %s: timed out after %s reading the body", b.url, b.timeout)
	}
	return n, err
}

func (b *idleBody) Close() error { return b.rc.Close() }

// fetch GETs u whole, up to Options.MaxBytes.
func (r *reader) fetch(u string) (*page, error) {
	resp, close, err := r.open(u)
	if err != nil {
		return nil, err
	}
	defer close()
	return r.readPage(u, resp)
}

// readPage reads a response's body whole, up to Options.MaxBytes.
func (r *reader) readPage(u string, resp *http.Response) (*page, error) {
	if resp.ContentLength > r.opt.MaxBytes {
		return nil, &SizeError{Size: resp.ContentLength, Limit: r.opt.MaxBytes}
	}
	data, err := readAll(resp.Body, r.opt.MaxBytes, false)
	if err != nil {
		if _, ok := errors.AsType[*SizeError](err); ok || context.Cause(resp.Request.Context()) == errTimedOut {
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
	case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		return kindJSONL
	}
	return kindUnknown
}

// url reads one http(s) URL: a page, a feed, a WARC file, text or JSONL.
// Its kind comes from the Content-Type, else the URL's extension, else the
// first KB of the body. WARC and JSONL stream, record by record, with no
// limit on the whole.
func (r *reader) url(u string) bool {
	resp, close, err := r.open(u)
	if err != nil {
		return r.fail(u, err)
	}
	defer close()
	contentType := resp.Header.Get("Content-Type")
	final := resp.Request.URL.String()
	k := kindOfContentType(contentType)
	if k == kindUnknown {
		k = kindOf(urlPath(final))
	}
	br := bufio.NewReaderSize(resp.Body, 64<<10)
	if k == kindUnknown || k == kindText {
		peek, _ := br.Peek(1024)
		if sk := sniff(peek); sk != kindText || k == kindUnknown {
			k = sk
		}
	}
	switch k {
	case kindWARC:
		return r.warc(u, br)
	case kindJSONL:
		var rd io.Reader = br
		if peek, _ := br.Peek(2); bytes.Equal(peek, []byte("\x1f\x8b")) {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return r.fail(u, err)
			}
			defer zr.Close()
			rd = zr
		}
		return r.jsonl(u, "", rd)
	}
	if resp.ContentLength > r.opt.MaxBytes {
		return r.fail(u, &SizeError{Size: resp.ContentLength, Limit: r.opt.MaxBytes})
	}
	data, err := readAll(br, r.opt.MaxBytes, false)
	if err != nil {
		if _, ok := errors.AsType[*SizeError](err); !ok && context.Cause(resp.Request.Context()) != errTimedOut {
			err = fmt.Errorf("GET %s: read body: %w", u, err)
		}
		return r.fail(u, err)
	}
	return r.doc(u, src{url: final, contentType: contentType, remote: true}, k, data)
}

// urlPath returns the path of u, for its extension.
func urlPath(u string) string {
	u, _, _ = strings.Cut(u, "?")
	u, _, _ = strings.Cut(u, "#")
	return u
}
