package ingest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nlnwa/gowarc/v3"
)

// warcRecord is one record for writeWARC.
type warcRecord struct {
	typ     gowarc.RecordType
	uri     string
	date    string
	payload string // the HTTP message for request and response records
}

// writeWARC writes records to a WARC file, each record its own gzip member
// when gz, as crawlers write them. It returns the path.
func writeWARC(t *testing.T, dir, name string, gz bool, records []warcRecord) string {
	t.Helper()
	var out bytes.Buffer
	m := gowarc.NewMarshaler()
	for i, rec := range records {
		b := gowarc.NewRecordBuilder(rec.typ, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true))
		b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-0000-0000-%012d>", i))
		b.AddWarcHeader(gowarc.WarcDate, rec.date)
		switch rec.typ {
		case gowarc.Warcinfo:
			b.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
		case gowarc.Request:
			b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
			b.AddWarcHeader(gowarc.WarcTargetURI, rec.uri)
		case gowarc.Response:
			b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
			b.AddWarcHeader(gowarc.WarcTargetURI, rec.uri)
		}
		if _, err := b.WriteString(rec.payload); err != nil {
			t.Fatal(err)
		}
		wr, _, err := b.Build()
		if err != nil {
			t.Fatalf("build record %d: %v", i, err)
		}
		var w bytes.Buffer
		if _, _, err := m.Marshal(&w, wr, 0); err != nil {
			t.Fatalf("marshal record %d: %v", i, err)
		}
		wr.Close()
		if !gz {
			out.Write(w.Bytes())
			continue
		}
		zw := gzip.NewWriter(&out)
		zw.Write(w.Bytes())
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func httpResponse(status, contentType, body string) string {
	return "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " +
		fmt.Sprint(len(body)) + "\r\n\r\n" + body
}

func testRecords(t *testing.T) []warcRecord {
	page, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		t.Fatal(err)
	}
	latin, err := os.ReadFile("testdata/pages/latin1/source.html")
	if err != nil {
		t.Fatal(err)
	}
	login, err := os.ReadFile("testdata/pages/noarticle/source.html")
	if err != nil {
		t.Fatal(err)
	}
	return []warcRecord{
		{typ: gowarc.Warcinfo, date: "2024-03-13T00:00:00Z", payload: "software: test\r\nformat: WARC File Format 1.1\r\n"},
		{typ: gowarc.Request, uri: "https://example.com/world/fish", date: "2024-03-13T01:00:00Z", payload: "GET /world/fish HTTP/1.1\r\nHost: example.com\r\n\r\n"},
		{typ: gowarc.Response, uri: "https://example.com/world/fish", date: "2024-03-13T01:00:00Z", payload: httpResponse("200 OK", "text/html; charset=utf-8", string(page))},
		{typ: gowarc.Response, uri: "https://example.com/missing", date: "2024-03-13T01:00:01Z", payload: httpResponse("404 Not Found", "text/html", "<p>not here</p>")},
		{typ: gowarc.Response, uri: "https://example.com/logo.png", date: "2024-03-13T01:00:02Z", payload: httpResponse("200 OK", "image/png", "\x89PNG\r\n")},
		{typ: gowarc.Response, uri: "https://example.com/login", date: "2024-03-13T01:00:03Z", payload: httpResponse("200 OK", "text/html", string(login))},
		{typ: gowarc.Response, uri: "https://beispiel.example.de/rente", date: "2024-03-14T05:00:00Z", payload: httpResponse("200 OK", "text/html; charset=windows-1252", string(latin))},
	}
}

func TestReadWARC(t *testing.T) {
	dir := t.TempDir()
	for _, gz := range []bool{false, true} {
		name := "crawl.warc"
		if gz {
			name += ".gz"
		}
		t.Run(name, func(t *testing.T) {
			path := writeWARC(t, dir, name, gz, testRecords(t))
			var stats Stats
			items := collect(t, []string{path}, "", Options{Stats: &stats})
			got := shortSummary(items)
			want := []string{
				path + "#record 3 id=" + Hash("https://example.com/world/fish") + " url=https://example.com/world/fish date=2024-03-12 src=Example News text=Negotiators at the World Tra",
				path + "#record 6 ERR no article text found",
				path + "#record 7 id=" + Hash("https://beispiel.example.de/rente") + " url=https://beispiel.example.de/rente date=2024-03-14 src=Beispiel Zeitung text=Die Bundesregierung hat am M",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Read(%s) mismatch (-want +got):\n%s", path, diff)
			}
			wantStats := Stats{Articles: 2, Errors: 1, Skipped: map[string]int{"warcinfo": 1, "request": 1, "HTTP 404": 1, "image/png": 1}}
			if diff := cmp.Diff(wantStats, stats); diff != "" {
				t.Errorf("Read(%s) stats mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestReadWARCTruncated(t *testing.T) {
	dir := t.TempDir()
	for _, gz := range []bool{false, true} {
		name := "cut.warc"
		if gz {
			name += ".gz"
		}
		t.Run(name, func(t *testing.T) {
			path := writeWARC(t, dir, name, gz, testRecords(t))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data[:len(data)-400], 0o644); err != nil {
				t.Fatal(err)
			}
			items := collect(t, []string{path}, "", Options{})
			got := shortSummary(items)
			t.Logf("%q", got)
			if len(got) != 3 {
				t.Fatalf("Read(%s) = %q, want 3 items", path, got)
			}
			if want := path + "#record 3 id=" + Hash("https://example.com/world/fish"); !strings.HasPrefix(got[0], want) {
				t.Errorf("Read(%s)[0] = %q, want the article of record 3", path, got[0])
			}
			if want := path + "#record 7 ERR corrupt or truncated WARC"; !strings.HasPrefix(got[2], want) {
				t.Errorf("Read(%s)[2] = %q, want prefix %q", path, got[2], want)
			}
		})
	}
}

func TestReadWARCGarbage(t *testing.T) {
	dir := writeFiles(t, map[string]string{"bad.warc": "WARC/1.1\r\nthis is not a header\r\n\r\n", "empty.warc": ""})
	got := shortSummary(collect(t, []string{dir}, "", Options{}))
	t.Logf("%q", got)
	if len(got) != 2 || !strings.Contains(got[0], "bad.warc#record 1 ERR") || !strings.Contains(got[0], "corrupt or truncated WARC at offset 0") || !strings.HasSuffix(got[1], "empty.warc ERR no WARC records") {
		t.Errorf("Read(%s) = %q, want an error for each file", dir, got)
	}
}

// shortSummary renders items with the start of their text only.
func shortSummary(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Err != nil {
			out = append(out, fmt.Sprintf("%s ERR %v", it.Name, it.Err))
			continue
		}
		a := it.Article
		text := a.Text
		if len(text) > 28 {
			text = text[:28]
		}
		out = append(out, fmt.Sprintf("%s id=%s url=%s date=%s src=%s text=%s", it.Name, a.ID, a.URL, a.Date, a.Source, text))
	}
	return out
}

// TestReadWARCEncodedBodies reads response bodies stored as they came over
// the wire: chunked, gzip, deflate, and an encoding we cannot undo.
func TestReadWARCEncodedBodies(t *testing.T) {
	page, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		t.Fatal(err)
	}
	var gz, df bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(page)
	zw.Close()
	fw := zlib.NewWriter(&df)
	fw.Write(page)
	fw.Close()
	var chunked bytes.Buffer
	cw := httputil.NewChunkedWriter(&chunked)
	cw.Write(page[:100])
	cw.Write(page[100:])
	cw.Close()
	chunked.WriteString("\r\n")
	resp := func(headers, body string) string {
		return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + headers + "\r\n" + body
	}
	recs := []warcRecord{
		{typ: gowarc.Response, uri: "https://e.com/chunked", date: "2024-03-13T01:00:00Z", payload: resp("Transfer-Encoding: chunked\r\n", chunked.String())},
		{typ: gowarc.Response, uri: "https://e.com/gzip", date: "2024-03-13T01:00:00Z", payload: resp("Content-Encoding: gzip\r\n", gz.String())},
		{typ: gowarc.Response, uri: "https://e.com/deflate", date: "2024-03-13T01:00:00Z", payload: resp("Content-Encoding: deflate\r\n", df.String())},
		{typ: gowarc.Response, uri: "https://e.com/br", date: "2024-03-13T01:00:00Z", payload: resp("Content-Encoding: br\r\n", "\x0b\x02\x80")},
	}
	path := writeWARC(t, t.TempDir(), "enc.warc.gz", true, recs)
	got := shortSummary(collect(t, []string{path}, "", Options{}))
	want := []string{
		path + "#record 1 id=" + Hash("https://e.com/chunked") + " url=https://e.com/chunked date=2024-03-12 src=Example News text=Negotiators at the World Tra",
		path + "#record 2 id=" + Hash("https://e.com/gzip") + " url=https://e.com/gzip date=2024-03-12 src=Example News text=Negotiators at the World Tra",
		path + "#record 3 id=" + Hash("https://e.com/deflate") + " url=https://e.com/deflate date=2024-03-12 src=Example News text=Negotiators at the World Tra",
		path + `#record 4 ERR content encoding "br" is not supported`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(%s) mismatch (-want +got):\n%s", path, diff)
	}
}
