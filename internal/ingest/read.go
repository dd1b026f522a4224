package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"github.com/newsgraph/newsgraph/internal/article"
)

// Defaults for Options.
const (
	DefaultMaxBytes = 16 << 20
	DefaultTimeout  = 30 * time.Second
)

// Options configures Read.
type Options struct {
	MaxBytes   int64         // per document; 0 = 16 MiB
	Client     *http.Client  // for URLs; nil = http.Client{}
	Timeout    time.Duration // per HTTP wait (response, each read of the body); 0 = 30 s
	FetchPages bool          // feeds: fetch each item's page
	Stats      *Stats        // when set, Read counts what it read here
}

// Stats counts what one Read did, for a summary line.
type Stats struct {
	Articles int            // items with an article
	Errors   int            // items with an error
	Skipped  map[string]int // WARC records not read, by reason ("request", "HTTP 404", "image/png")
}

// An Item is one document read, or one input that failed. Name says where
// it came from: "dir/a.txt", "feed.jsonl:12", "crawl.warc.gz#record 17",
// "https://…". Err says what went wrong there, without repeating Name:
// print them as "name: err".
type Item struct {
	Name    string
	Article *article.Article // nil when Err != nil
	Err     error
}

// A SizeError reports a document over Options.MaxBytes. Size is -1 when
// the document was not read to its end (an HTTP body without a length).
type SizeError struct {
	Size, Limit int64
}

func (e *SizeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("document is over the %s limit", formatSize(e.Limit))
	}
	return fmt.Sprintf("document is %s, over the %s limit", formatSize(e.Size), formatSize(e.Limit))
}

func formatSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// The kinds of input Read knows.
type kind int

const (
	kindUnknown kind = iota
	kindText         // dateline article, plain text or a list of URLs
	kindJSONL
	kindFeed
	kindHTML
	kindWARC
)

// kindOf maps a file name to its kind by extension.
func kindOf(name string) kind {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".warc"), strings.HasSuffix(lower, ".warc.gz"):
		return kindWARC
	}
	switch filepath.Ext(lower) {
	case ".txt", ".text":
		return kindText
	case ".jsonl", ".ndjson":
		return kindJSONL
	case ".gz":
		if k := kindOf(strings.TrimSuffix(lower, ".gz")); k == kindJSONL {
			return k
		}
	case ".xml", ".rss", ".atom":
		return kindFeed
	case ".html", ".htm", ".xhtml":
		return kindHTML
	}
	return kindUnknown
}

// sniff guesses the kind of a document from its first bytes.
func sniff(head []byte) kind {
	head = bytes.TrimPrefix(head, utf8BOM)
	if bytes.HasPrefix(head, []byte("\x1f\x8b")) || bytes.HasPrefix(head, []byte("WARC/")) {
		return kindWARC
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if isJSONFeed(trimmed) {
			return kindFeed
		}
		return kindJSONL
	}
	lower := bytes.ToLower(trimmed)
	if bytes.HasPrefix(lower, []byte("<")) {
		for _, tag := range []string{"<rss", "<feed", "<rdf:rdf", "<rdf"} {
			if bytes.Contains(lower, []byte(tag)) {
				return kindFeed
			}
		}
		for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div"} {
			if bytes.Contains(lower, []byte(tag)) {
				return kindHTML
			}
		}
	}
	return kindText
}

// isJSONFeed reports whether a JSON document is a JSON Feed
// (https://jsonfeed.org), whose version names jsonfeed.org.
func isJSONFeed(head []byte) bool {
	return bytes.Contains(head, []byte("jsonfeed.org/version"))
}

// Read yields every document of inputs in order; "-" reads stdin. Errors
// are items, never a stop; only a cancelled ctx ends the sequence early,
// after an item with ctx's error.
//
// An input is a file (its kind by extension, else sniffed from its first
// KB), a directory (every file of a known kind, recursively, in lexical
// order, hidden ones skipped), an http(s) URL, or "-".
func Read(ctx context.Context, inputs []string, stdin io.Reader, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		r := newReader(ctx, opt, stdin, yield)
		for _, in := range inputs {
			if !r.input(in) {
				return
			}
		}
	}
}

// ReadBytes yields the documents of one input already in memory (an
// upload, a queue message), named name: its kind comes from name's
// extension, else from its first KB, as for a file. IDs come from name's
// stem as for a file. Size and binary checks apply as for Read.
func ReadBytes(ctx context.Context, name string, data []byte, opt Options) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		r := newReader(ctx, opt, nil, yield)
		if !r.live(name) {
			return
		}
		if int64(len(data)) > r.opt.MaxBytes {
			r.fail(name, &SizeError{Size: int64(len(data)), Limit: r.opt.MaxBytes})
			return
		}
		k := kindOf(name)
		if k == kindUnknown {
			k = sniff(head(data))
		}
		if k == kindJSONL && strings.HasSuffix(strings.ToLower(name), ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				r.fail(name, err)
				return
			}
			defer zr.Close()
			r.jsonl(name, Stem(name), zr)
			return
		}
		// A URL list in memory is not followed: the caller gave a document.
		r.doc(name, src{id: Stem(name), remote: true}, k, data)
	}
}

// A reader holds the state of one Read.
type reader struct {
	ctx    context.Context
	opt    Options
	stdin  io.Reader
	client *http.Client
	yield  func(Item) bool
	done   bool // yield returned false, or ctx is done
}

func newReader(ctx context.Context, opt Options, stdin io.Reader, yield func(Item) bool) *reader {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	client := opt.Client
	if client == nil {
		// No Client.Timeout: it would cut a long WARC download. Each
		// request has its own idle timeout instead (see open).
		client = &http.Client{}
	}
	return &reader{ctx: ctx, opt: opt, stdin: stdin, client: client, yield: yield}
}

// emit yields one item and reports whether to go on.
func (r *reader) emit(it Item) bool {
	if r.done {
		return false
	}
	if st := r.opt.Stats; st != nil {
		if it.Err != nil {
			st.Errors++
		} else {
			st.Articles++
		}
	}
	if !r.yield(it) {
		r.done = true
	}
	return !r.done
}

// skip counts a record that is not a document, by reason.
func (r *reader) skip(reason string) {
	if st := r.opt.Stats; st != nil {
		if st.Skipped == nil {
			st.Skipped = map[string]int{}
		}
		st.Skipped[reason]++
	}
}

func (r *reader) ok(name string, a *article.Article) bool {
	return r.emit(Item{Name: name, Article: a})
}

func (r *reader) fail(name string, err error) bool {
	goOn := r.emit(Item{Name: name, Err: err})
	if r.ctx.Err() != nil {
		r.done = true // the cancellation has been reported, once
		return false
	}
	return goOn
}

// live reports whether reading goes on; when ctx is done it yields one
// last item with ctx's error.
func (r *reader) live(name string) bool {
	if r.done {
		return false
	}
	if err := r.ctx.Err(); err != nil {
		r.fail(name, err)
		r.done = true
		return false
	}
	return true
}

// input reads one command-line input.
func (r *reader) input(in string) bool {
	if !r.live(in) {
		return false
	}
	switch {
	case in == "-":
		return r.readStdin()
	case isURL(in):
		return r.url(in)
	}
	fi, err := os.Stat(in)
	if err != nil {
		return r.fail(in, unwrapPath(err))
	}
	if fi.IsDir() {
		return r.dir(in)
	}
	return r.file(in, fi.Size(), kindOf(in))
}

// unwrapPath drops the path from an *fs.PathError, since the item names it.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

func isURL(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

// dir reads every file of a known kind under root, in lexical order.
// Errors met on the walk (an unreadable folder) take their place in that
// order.
func (r *reader) dir(root string) bool {
	type entry struct {
		path string
		size int64
		err  error
	}
	var entries []entry
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			entries = append(entries, entry{path: path, err: unwrapPath(err)})
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || kindOf(path) == kindUnknown {
			return nil
		}
		if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil // devices, pipes, sockets
		}
		fi, err := os.Stat(path) // follows a symbolic link
		switch {
		case err != nil:
			entries = append(entries, entry{path: path, err: unwrapPath(err)})
		case fi.Mode().IsRegular():
			entries = append(entries, entry{path: path, size: fi.Size()})
		}
		return nil
	})
	for _, e := range entries {
		if !r.live(e.path) {
			return false
		}
		if e.err != nil {
			if !r.fail(e.path, e.err) {
				return false
			}
			continue
		}
		if !r.file(e.path, e.size, kindOf(e.path)) {
			return false
		}
	}
	return true
}

// file reads one file of the given kind (kindUnknown: sniffed).
func (r *reader) file(path string, size int64, k kind) bool {
	if k == kindUnknown || k == kindJSONL || k == kindWARC {
		return r.stream(path, size, k)
	}
	if size > r.opt.MaxBytes {
		return r.fail(path, &SizeError{Size: size, Limit: r.opt.MaxBytes})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return r.fail(path, unwrapPath(err))
	}
	if int64(len(data)) > r.opt.MaxBytes {
		return r.fail(path, &SizeError{Size: int64(len(data)), Limit: r.opt.MaxBytes})
	}
	return r.doc(path, src{id: Stem(path)}, k, data)
}

// stream reads a file that may be larger than one document: JSONL and WARC
// go record by record, and a file of unknown kind is sniffed from its first
// KB before anything more is read.
func (r *reader) stream(path string, size int64, k kind) bool {
	f, err := os.Open(path)
	if err != nil {
		return r.fail(path, unwrapPath(err))
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	if k == kindUnknown {
		peek, _ := br.Peek(1024)
		k = sniff(peek)
	}
	switch k {
	case kindWARC:
		return r.warc(path, br)
	case kindJSONL:
		var rd io.Reader = br
		if strings.HasSuffix(strings.ToLower(path), ".gz") {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return r.fail(path, err)
			}
			defer zr.Close()
			rd = zr
		}
		return r.jsonl(path, Stem(path), rd)
	}
	if size > r.opt.MaxBytes {
		return r.fail(path, &SizeError{Size: size, Limit: r.opt.MaxBytes})
	}
	data, err := readAll(br, r.opt.MaxBytes, false)
	if err != nil {
		return r.fail(path, err)
	}
	return r.doc(path, src{id: Stem(path)}, k, data)
}

// head returns the first KB of data, for sniffing.
func head(data []byte) []byte {
	if len(data) > 1024 {
		return data[:1024]
	}
	return data
}

// A src says where a whole document came from.
type src struct {
	id          string // the article id for a single document ("" = a hash)
	url         string // where it was fetched from, if it was
	contentType string // of the HTTP response
	remote      bool   // fetched: a URL list in it is not followed
}

// doc turns one whole document of kind k into articles.
func (r *reader) doc(name string, s src, k kind, data []byte) bool {
	switch k {
	case kindFeed:
		return r.feed(name, s.url, data)
	case kindJSONL:
		return r.jsonl(name, s.id, bytes.NewReader(data))
	case kindWARC:
		return r.warc(name, bytes.NewReader(data))
	case kindHTML:
		a, err := parseHTML(data, s.url, s.contentType)
		if err != nil {
			return r.fail(name, err)
		}
		if s.id != "" {
			a.ID = s.id
		}
		return r.ok(name, a)
	}
	if !s.remote {
		if urls, ok := urlList(data); ok {
			for _, u := range urls {
				if !r.live(u) || !r.url(u) {
					return false
				}
			}
			return true
		}
	}
	data, decodeErr := declaredCharset(data, s.contentType)
	a, err := ParseArticle(name, data)
	if err != nil {
		return r.fail(name, err)
	}
	if decodeErr != nil {
		a.Warn(decodeErr.Error())
	}
	a.URL = s.url
	switch {
	case s.id != "":
		a.ID = s.id
	case s.url != "":
		a.ID = Hash(s.url)
	default:
		a.ID = Hash(a.Text)
	}
	return r.ok(name, a)
}

// urlList reports whether data is a list of inputs: every line that is not
// blank and not a # comment is an http(s) URL, and there is at least one.
func urlList(data []byte) ([]string, bool) {
	if len(data) > 1<<20 {
		return nil, false
	}
	var urls []string
	for line := range strings.Lines(string(bytes.TrimPrefix(data, utf8BOM))) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !isURL(line) || strings.ContainsAny(line, " \t") {
			return nil, false
		}
		urls = append(urls, line)
	}
	return urls, len(urls) > 0
}

// readStdin reads "-": JSONL when its first non-blank byte is "{", a feed,
// a page or a WARC when it looks like one, else one article.
func (r *reader) readStdin() bool {
	const name = "-"
	if r.stdin == nil {
		return r.fail(name, errors.New("no standard input"))
	}
	br := bufio.NewReaderSize(r.stdin, 64<<10)
	peek, _ := br.Peek(1024)
	k := sniff(peek)
	switch k {
	case kindJSONL:
		return r.jsonl(name, "", br)
	case kindWARC:
		return r.warc(name, br)
	}
	data, err := readAll(br, r.opt.MaxBytes, true)
	if err != nil {
		return r.fail(name, err)
	}
	return r.doc(name, src{}, k, data)
}

// readAll reads rd to its end, up to limit bytes. Over the limit it returns
// a *SizeError; with count it reads on (discarding) to give the full size.
func readAll(rd io.Reader, limit int64, count bool) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) <= limit {
		return data, nil
	}
	size := int64(-1)
	if count {
		n, err := io.Copy(io.Discard, rd)
		if err != nil {
			return nil, err
		}
		size = int64(len(data)) + n
	}
	return nil, &SizeError{Size: size, Limit: limit}
}

// declaredCharset decodes text whose Content-Type names a charset other
// than UTF-8 (text/plain; charset=iso-8859-1). Data without one, or with an
// unknown one (reported in the error), is returned as it is.
func declaredCharset(data []byte, contentType string) ([]byte, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] == "" {
		return data, nil
	}
	enc, name := charset.Lookup(params["charset"])
	switch {
	case enc == nil:
		return data, fmt.Errorf("unknown charset %q; read as UTF-8", params["charset"])
	case name == "utf-8":
		return data, nil
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), data)
	if err != nil {
		return data, fmt.Errorf("could not decode %s (%v); read as UTF-8", name, err)
	}
	return out, nil
}
