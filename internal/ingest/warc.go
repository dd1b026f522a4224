package ingest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"strings"

	"github.com/nlnwa/gowarc/v3"
)

// warc reads a WARC file (gzip per record or not): each response record
// with an HTML payload and status 200 becomes an article by the HTML path,
// its URL from WARC-Target-URI and, when the page has no date of its own,
// its date from WARC-Date. Other records are skipped and counted in
// Options.Stats. A corrupt or truncated file ends with an error item naming
// the record; the records before it are kept.
func (r *reader) warc(name string, rd io.Reader) bool {
	wf, err := gowarc.NewWarcFileReaderFromStream(rd, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrWarn),
	)
	if err != nil {
		return r.fail(name, fmt.Errorf("open WARC: %w", err))
	}
	defer wf.Close()
	for n := 1; ; n++ {
		at := fmt.Sprintf("%s#record %d", name, n)
		if !r.live(at) {
			return false
		}
		rec, err := wf.Next()
		if err == io.EOF && rec.WarcRecord == nil {
			if n == 1 {
				return r.fail(name, errors.New("no WARC records"))
			}
			return true
		}
		if err != nil {
			if rec.WarcRecord != nil {
				rec.Close()
			}
			return r.fail(at, fmt.Errorf("corrupt or truncated WARC at offset %d: %w", rec.Offset, err))
		}
		if err := truncated(rec); err != nil {
			rec.Close()
			return r.fail(at, fmt.Errorf("corrupt or truncated WARC at offset %d: %w", rec.Offset, err))
		}
		goOn, fatal := r.warcRecord(at, rec)
		rec.Close()
		if !goOn {
			return false
		}
		if fatal {
			return true
		}
	}
}

// warcRecord reads one record. It reports whether to go on, and whether
// the file cannot be read further (a truncated payload).
func (r *reader) warcRecord(at string, rec gowarc.Record) (goOn, fatal bool) {
	wr := rec.WarcRecord
	if wr.Type() != gowarc.Response {
		r.skip(wr.Type().String())
		return true, false
	}
	block, ok := wr.Block().(gowarc.HttpResponseBlock)
	if !ok {
		r.skip("response without HTTP")
		return true, false
	}
	if block.HttpStatusCode() != 200 {
		r.skip(fmt.Sprintf("HTTP %d", block.HttpStatusCode()))
		return true, false
	}
	var header http.Header
	if h := block.HttpHeader(); h != nil {
		header = *h
	}
	contentType := header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(contentType); mt != "text/html" && mt != "application/xhtml+xml" {
		if mt == "" {
			mt = "no content type"
		}
		r.skip(mt)
		return true, false
	}
	if size := block.Size(); size > r.opt.MaxBytes {
		return r.fail(at, &SizeError{Size: size, Limit: r.opt.MaxBytes}), false
	}
	payload, err := block.PayloadBytes()
	if err != nil {
		return r.fail(at, fmt.Errorf("read payload at offset %d: %w", rec.Offset, err)), true
	}
	data, err := readAll(payload, r.opt.MaxBytes, false)
	if err != nil {
		if _, ok := errors.AsType[*SizeError](err); ok {
			return r.fail(at, err), false
		}
		return r.fail(at, fmt.Errorf("corrupt or truncated WARC record at offset %d: %w", rec.Offset, err)), true
	}
	data, err = decodeBody(data, header, r.opt.MaxBytes)
	if err != nil {
		return r.fail(at, err), false
	}
	target := wr.WarcHeader().Get(gowarc.WarcTargetURI)
	a, err := parseHTML(data, target, contentType)
	if err != nil {
		return r.fail(at, err), false
	}
	if a.Date == "" {
		if t, err := wr.Date(); err == nil {
			a.Date = day(t)
		}
	}
	for _, v := range rec.Validation {
		a.Warn(fmt.Sprintf("WARC record: %v", v))
	}
	return r.ok(at, a), false
}

// truncated returns the validation finding that shows a record was cut
// short (its block shorter than its Content-Length), or nil.
func truncated(rec gowarc.Record) error {
	for _, v := range rec.Validation {
		if e, ok := errors.AsType[*gowarc.ContentLengthError](v); ok && e.Actual < e.Expected {
			return e
		}
	}
	return nil
}

// decodeBody undoes the transfer and content encodings of an HTTP body
// that a crawler stored as it came over the wire (wget and others keep
// chunks and gzip; Common Crawl stores bodies decoded).
func decodeBody(data []byte, header http.Header, limit int64) ([]byte, error) {
	if strings.Contains(strings.ToLower(header.Get("Transfer-Encoding")), "chunked") {
		out, err := readAll(httputil.NewChunkedReader(bytes.NewReader(data)), limit, false)
		if err != nil {
			return nil, fmt.Errorf("chunked body: %w", err)
		}
		data = out
	}
	var zr io.ReadCloser
	var err error
	switch enc := strings.ToLower(strings.TrimSpace(header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return data, nil
	case "gzip", "x-gzip":
		zr, err = gzip.NewReader(bytes.NewReader(data))
	case "deflate":
		zr, err = zlib.NewReader(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("content encoding %q is not supported", enc)
	}
	if err != nil {
		return nil, fmt.Errorf("content encoding: %w", err)
	}
	defer zr.Close()
	out, err := readAll(zr, limit, false)
	if err != nil {
		return nil, fmt.Errorf("content encoding: %w", err)
	}
	return out, nil
}
