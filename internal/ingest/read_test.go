package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary renders items as one line each, for comparing with cmp.Diff.
func summary(items []Item) []string {
	var out []string
	for _, it := range items {
		if it.Err != nil {
			out = append(out, fmt.Sprintf("%s ERR %v", it.Name, it.Err))
			continue
		}
		a := it.Article
		out = append(out, fmt.Sprintf("%s id=%s src=%s date=%s lang=%s title=%s text=%q warn=%q",
			it.Name, a.ID, a.Source, a.Date, a.Lang, a.Title, a.Text, a.Warnings))
	}
	return out
}

func collect(t *testing.T, inputs []string, stdin string, opt Options) []Item {
	t.Helper()
	var items []Item
	for it := range Read(t.Context(), inputs, strings.NewReader(stdin), opt) {
		if (it.Article == nil) == (it.Err == nil) {
			t.Fatalf("item %s: Article %v and Err %v: want exactly one", it.Name, it.Article, it.Err)
		}
		items = append(items, it)
	}
	return items
}

// writeFiles writes name → content under a new temporary directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReadJSONL(t *testing.T) {
	long := strings.Repeat("x", 100<<10) // longer than bufio.Scanner's 64 KB lines
	dir := writeFiles(t, map[string]string{
		"feed.jsonl": `{"id": "a1", "title": "T", "date": "2023-03-21T10:00:00Z", "source": "S", "lang": "en-GB", "text": "Hello.\n\n\nWorld."}` + "\n" +
			"\n" +
			`{"text": "No id here."}` + "\n" +
			`not json` + "\n" +
			`{"id": "a4", "title": null}` + "\n" +
			`{"id": "a5", "text": " \n "}` + "\n" +
			`{"id": 5, "date": "2023-13", "text": "` + long + `"}` + "\n" +
			`{"text": "last line without newline", "category": "ignored"}`,
	})
	path := filepath.Join(dir, "feed.jsonl")
	items := collect(t, []string{path}, "", Options{})
	got := summary(items)
	want := []string{
		path + `:1 id=a1 src=S date=2023-03-21 lang=en title=T text="Hello.\n\nWorld." warn=[]`,
		path + `:3 id=feed#2 src= date= lang= title= text="No id here." warn=[]`,
		path + `:4 ERR not a JSON object: invalid character 'o' in literal null (expecting 'u')`,
		path + `:5 ERR no "text" field`,
		path + `:6 ERR empty document`,
		path + `:7 id=5 src= date= lang= title= text="` + long + `" warn=["ignored impossible date \"2023-13\" (want YYYY, YYYY-MM or YYYY-MM-DD)"]`,
		path + `:8 id=feed#7 src= date= lang= title= text="last line without newline" warn=[]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(%s) mismatch (-want +got):\n%s", path, diff)
	}
}

func TestReadSizeLimit(t *testing.T) {
	big := strings.Repeat("word ", 400) // 2000 bytes
	dir := writeFiles(t, map[string]string{
		"big.txt":     big,
		"small.txt":   "small",
		"lines.jsonl": `{"text": "` + big + `"}` + "\n" + `{"text": "ok"}` + "\n",
	})
	opt := Options{MaxBytes: 1000}
	got := summary(collect(t, []string{dir}, "", opt))
	want := []string{
		filepath.Join(dir, "big.txt") + " ERR document is 2.0 KiB, over the 1000 B limit",
		filepath.Join(dir, "lines.jsonl") + ":1 ERR document is 2.0 KiB, over the 1000 B limit",
		filepath.Join(dir, "lines.jsonl") + `:2 id=lines#2 src= date= lang= title= text="ok" warn=[]`,
		filepath.Join(dir, "small.txt") + ` id=small src= date= lang= title= text="small" warn=[]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(%s) mismatch (-want +got):\n%s", dir, diff)
	}
	for _, it := range collect(t, []string{dir}, "", opt) {
		if it.Err != nil {
			if _, ok := errors.AsType[*SizeError](it.Err); !ok {
				t.Errorf("item %s: error %v is not a *SizeError", it.Name, it.Err)
			}
		}
	}
	if got, want := (&SizeError{Size: 200 << 20, Limit: 16 << 20}).Error(), "document is 200.0 MiB, over the 16.0 MiB limit"; got != want {
		t.Errorf("SizeError = %q, want %q", got, want)
	}
}

func TestReadDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"b.txt":            "date 2023-03 Kyiv\n\nBBC\n\nB body.",
		"a/z.txt":          "Z body.",
		"a/y.md":           "not a known kind",
		".hidden.txt":      "hidden",
		".git/config.txt":  "hidden dir",
		"c.jsonl":          `{"id": "c1", "text": "C one."}` + "\n" + `{"id": "c2", "text": "C two."}`,
		"d.txt":            "\x00\x01binary",
		"e.txt":            "\n\n  \n",
		"f/g/h.ndjson":     `{"text": "H."}`,
		"gold/x.json":      `{"id": "x"}`,
		"a/broken_utf.txt": "caf\xe9",
	})
	j := func(p string) string { return filepath.Join(dir, filepath.FromSlash(p)) }
	got := summary(collect(t, []string{dir}, "", Options{}))
	want := []string{
		j("a/broken_utf.txt") + ` id=broken_utf src= date= lang= title= text="caf�" warn=["repaired 1 invalid UTF-8 sequence"]`,
		j("a/z.txt") + ` id=z src= date= lang= title= text="Z body." warn=[]`,
		j("b.txt") + ` id=b src=BBC date=2023-03 lang= title= text="B body." warn=[]`,
		j("c.jsonl") + `:1 id=c1 src= date= lang= title= text="C one." warn=[]`,
		j("c.jsonl") + `:2 id=c2 src= date= lang= title= text="C two." warn=[]`,
		j("d.txt") + ` ERR binary content`,
		j("e.txt") + ` ERR empty document`,
		j("f/g/h.ndjson") + `:1 id=h src= date= lang= title= text="H." warn=[]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(%s) mismatch (-want +got):\n%s", dir, diff)
	}
}

func TestReadMissing(t *testing.T) {
	dir := writeFiles(t, map[string]string{"ok.txt": "Fine."})
	missing := filepath.Join(dir, "nope.txt")
	got := summary(collect(t, []string{missing, filepath.Join(dir, "ok.txt")}, "", Options{}))
	want := []string{
		missing + " ERR stat: no such file or directory",
		filepath.Join(dir, "ok.txt") + ` id=ok src= date= lang= title= text="Fine." warn=[]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read mismatch (-want +got):\n%s", diff)
	}
}

func TestReadStdin(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		want  []string
	}{
		{
			name:  "article",
			stdin: "date 2023-03 Hongkong\n\nCNN\n\nBody.\n",
			want:  []string{`- id=` + Hash("Body.") + ` src=CNN date=2023-03 lang= title= text="Body." warn=[]`},
		},
		{
			name:  "jsonl",
			stdin: "\n  {\"id\": \"x\", \"text\": \"One.\"}\n{\"text\": \"Two.\"}\n",
			want: []string{
				`-:2 id=x src= date= lang= title= text="One." warn=[]`,
				`-:3 id=` + Hash("Two.") + ` src= date= lang= title= text="Two." warn=[]`,
			},
		},
		{
			name:  "empty",
			stdin: "",
			want:  []string{`- ERR empty document`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summary(collect(t, []string{"-"}, tt.stdin, Options{}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read(-) of %q mismatch (-want +got):\n%s", tt.stdin, diff)
			}
		})
	}
}

func TestReadCancel(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": "A.", "b.txt": "B."})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var got []string
	for it := range Read(ctx, []string{dir}, nil, Options{}) {
		got = append(got, filepath.Base(it.Name))
		cancel()
		if it.Err != nil && !errors.Is(it.Err, context.Canceled) {
			t.Errorf("item %s: %v, want context.Canceled", it.Name, it.Err)
		}
	}
	if want := []string{"a.txt", "b.txt"}; !cmp.Equal(got, want) {
		t.Errorf("Read after cancel yielded %q, want %q (the first, then the cancellation)", got, want)
	}
}

func TestReadBreak(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": "A.", "b.txt": "B.", "c.jsonl": "{\"text\":\"C\"}\n{\"text\":\"D\"}"})
	n := 0
	for range Read(t.Context(), []string{dir, dir}, nil, Options{}) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("Read yielded %d items before break, want 3", n)
	}
}

func TestReadJSONLGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"text": "Zipped."}` + "\n" + `{"text": "Two."}` + "\n"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"docs.jsonl.gz": buf.String(), "bad.jsonl.gz": "this is not a gzip stream at all"})
	got := summary(collect(t, []string{dir}, "", Options{}))
	bad, docs := filepath.Join(dir, "bad.jsonl.gz"), filepath.Join(dir, "docs.jsonl.gz")
	want := []string{
		bad + " ERR gzip: invalid header",
		docs + `:1 id=docs src= date= lang= title= text="Zipped." warn=[]`,
		docs + `:2 id=docs#2 src= date= lang= title= text="Two." warn=[]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(%s) mismatch (-want +got):\n%s", dir, diff)
	}
}

func TestReadDirBrokenLink(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.txt": "A.", "c.txt": "C."})
	if err := os.Symlink(filepath.Join(dir, "missing.txt"), filepath.Join(dir, "b.txt")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	j := func(p string) string { return filepath.Join(dir, p) }
	got := summary(collect(t, []string{dir}, "", Options{}))
	want := []string{
		j("a.txt") + ` id=a src= date= lang= title= text="A." warn=[]`,
		j("b.txt") + " ERR stat: no such file or directory",
		j("c.txt") + ` id=c src= date= lang= title= text="C." warn=[]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read(%s) mismatch (-want +got):\n%s", dir, diff)
	}
}

func TestReadLine(t *testing.T) {
	type line struct {
		Text string
		Size int64
		Long bool
	}
	tests := []struct {
		in   string
		max  int64
		want []line
	}{
		{"", 5, nil},
		{"\n", 5, []line{{"", 0, false}}},
		{"abcde\nabcdef\nab", 5, []line{{"abcde", 5, false}, {"", 6, true}, {"ab", 2, false}}},
		{"abcdef", 5, []line{{"", 6, true}}},
		{"a\r\n\n", 5, []line{{"a\r", 2, false}, {"", 0, false}}},
		{strings.Repeat("x", 100) + "\nyz", 200, []line{{strings.Repeat("x", 100), 100, false}, {"yz", 2, false}}},
		{strings.Repeat("x", 100) + "\nyz", 50, []line{{"", 100, true}, {"yz", 2, false}}},
	}
	for _, tt := range tests {
		br := bufio.NewReaderSize(strings.NewReader(tt.in), 16) // lines longer than the buffer
		var got []line
		for {
			l, size, long, err := readLine(br, tt.max)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("readLine(%q): %v", tt.in, err)
			}
			got = append(got, line{string(l), size, long})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("readLine(%q, %d) mismatch (-want +got):\n%s", tt.in, tt.max, diff)
		}
	}
}

func TestReadStdinKinds(t *testing.T) {
	rss, err := os.ReadFile("testdata/feeds/news.atom")
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		t.Fatal(err)
	}
	warc, err := os.ReadFile(writeWARC(t, t.TempDir(), "x.warc.gz", true, testRecords(t)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		stdin string
		opt   Options
		want  []string
	}{
		{"feed", string(rss), Options{}, []string{"-#item 1 id=" + Hash("https://info.example.fr/greve")}},
		{"page", string(page), Options{}, []string{"- id=" + Hash(
			"Negotiators at the World Trade Organization failed on Tuesday to agree on new curbs on fishing subsidies, with several delegations saying the talks could drag on into next year.\n\n\"We are not there yet,\" the chair of the talks, Ambassador Einar Gunnarsson, told reporters in Geneva. He said the gaps were \"narrower than ever\" but that several members still had concerns.\n\nIndia's trade minister said his country would not accept rules that harm small fishers, and that the talks should take the time they need.\n\nThe next round of talks is set for June, when ministers meet again in Geneva to take stock of the negotiations.")}},
		{"warc", string(warc), Options{}, []string{
			"-#record 3 id=" + Hash("https://example.com/world/fish"),
			"-#record 6 ERR no article text found",
			"-#record 7 id=" + Hash("https://beispiel.example.de/rente"),
		}},
		{"too big", strings.Repeat("word ", 200), Options{MaxBytes: 100}, []string{"- ERR document is 1000 B, over the 100 B limit"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range summary(collect(t, []string{"-"}, tt.stdin, tt.opt)) {
				s, _, _ = strings.Cut(s, " src=")
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read(-) of a %s mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

func TestReadBytes(t *testing.T) {
	page, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"up/a.txt", "date 2023-03 Kyiv\n\nBBC\n\nBody.", []string{`up/a.txt id=a src=BBC date=2023-03 lang= title= text="Body." warn=[]`}},
		{"b.jsonl", "{\"text\": \"One.\"}\n{\"text\": \"Two.\"}", []string{
			`b.jsonl:1 id=b src= date= lang= title= text="One." warn=[]`,
			`b.jsonl:2 id=b#2 src= date= lang= title= text="Two." warn=[]`,
		}},
		{"upload", string(page), []string{"upload id=upload src=Example News date=2024-03-12 lang=en title=Talks stall on fishing subsidies text="}},
		{"list.txt", "https://example.com/a\n", []string{`list.txt id=list src= date= lang= title= text="https://example.com/a" warn=[]`}},
		{"e.txt", "", []string{"e.txt ERR empty document"}},
	}
	for _, tt := range tests {
		var got []string
		for it := range ReadBytes(t.Context(), tt.name, []byte(tt.data), Options{}) {
			s := summary([]Item{it})[0]
			if i := strings.Index(s, `text="Negotiators`); i >= 0 {
				s = s[:i+len("text=")]
			}
			got = append(got, s)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ReadBytes(%s) mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestReadJSONLFormats(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"blank lines", "\n\n  \n", nil},
		{"BOM", "\ufeff{\"text\": \"A.\"}\n", []string{`x.jsonl:1 id=x src= date= lang= title= text="A." warn=[]`}},
		{"CRLF", "{\"text\": \"A.\\r\\nB.\"}\r\n{\"text\": \"C.\"}\r\n", []string{
			`x.jsonl:1 id=x src= date= lang= title= text="A.\nB." warn=[]`,
			`x.jsonl:2 id=x#2 src= date= lang= title= text="C." warn=[]`,
		}},
		{"broken UTF-8", "{\"text\": \"caf\xe9 \xff\xfe\", \"title\": \"na\xefve\"}\n", []string{
			`x.jsonl:1 id=x src= date= lang= title=na` + "\ufffd" + `ve text="caf` + "\ufffd \ufffd" + `" warn=["repaired 3 invalid UTF-8 sequences"]`,
		}},
		{"bad date, month-only date", "{\"text\": \"A.\", \"date\": \"2023-13-45\"}\n{\"text\": \"B.\", \"date\": \"2023-11\"}", []string{
			`x.jsonl:1 id=x src= date= lang= title= text="A." warn=["ignored impossible date \"2023-13-45\" (want YYYY, YYYY-MM or YYYY-MM-DD)"]`,
			`x.jsonl:2 id=x#2 src= date=2023-11 lang= title= text="B." warn=[]`,
		}},
		{"not objects", "[1]\n\"text\"\n{\"text\": \"A.\"} {\"text\": \"B.\"}\n{\"text\": 5}\n{\"text\": [\"a\"]}", []string{
			`x.jsonl:1 ERR not a JSON object: json: cannot unmarshal array into Go value of type ingest.jsonDoc`,
			`x.jsonl:2 ERR not a JSON object: json: cannot unmarshal string into Go value of type ingest.jsonDoc`,
			`x.jsonl:3 ERR not a JSON object: more data after the object`,
			`x.jsonl:4 id=x#4 src= date= lang= title= text="5" warn=[]`,
			`x.jsonl:5 ERR field "text": want a string, got []interface {}`,
		}},
		{"NUL in text", "{\"text\": \"a\\u0000b\"}", []string{`x.jsonl:1 ERR binary content`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []Item
			r := newReader(t.Context(), Options{}, nil, func(it Item) bool {
				items = append(items, it)
				return true
			})
			r.jsonl("x.jsonl", "x", strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, summary(items)); diff != "" {
				t.Errorf("jsonl(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestReadSniffedFiles(t *testing.T) {
	dir := t.TempDir()
	warc := writeWARC(t, dir, "crawl", true, testRecords(t))
	page, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		t.Fatal(err)
	}
	feed, err := os.ReadFile("testdata/feeds/news.json")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"lines":  "\n{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n",
		"page":   string(page),
		"feed":   string(feed),
		"note":   "date 2024-01-02 Oslo\n\nNRK\n\nTekst.",
		"binary": "\x7fELF\x02\x01\x01\x00",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	j := func(p string) string { return filepath.Join(dir, p) }
	inputs := []string{warc, j("lines"), j("page"), j("feed"), j("note"), j("binary")}
	var got []string
	for _, s := range shortSummary(collect(t, inputs, "", Options{})) {
		got = append(got, strings.TrimPrefix(s, dir+string(filepath.Separator)))
	}
	want := []string{
		"crawl#record 3 id=" + Hash("https://example.com/world/fish") + " url=https://example.com/world/fish date=2024-03-12 src=Example News text=Negotiators at the World Tra",
		"crawl#record 6 ERR no article text found",
		"crawl#record 7 id=" + Hash("https://beispiel.example.de/rente") + " url=https://beispiel.example.de/rente date=2024-03-14 src=Beispiel Zeitung text=Die Bundesregierung hat am M",
		"lines:2 id=lines url= date= src= text=One.",
		"lines:3 id=lines#2 url= date= src= text=Two.",
		"page id=page url= date=2024-03-12 src=Example News text=Negotiators at the World Tra",
		"feed#item 1 id=" + Hash("https://nachrichten.example.de/1") + " url=https://nachrichten.example.de/1 date=2024-05-06 src=Beispiel Nachrichten text=Die Regierung plant eine Ref",
		"feed#item 2 id=" + Hash("Nur Text.\n\nZweiter Absatz.") + " url= date= src=Beispiel Nachrichten text=Nur Text.\n\nZweiter Absatz.",
		"note id=note url= date=2024-01-02 src=NRK text=Tekst.",
		"binary ERR binary content",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Read of sniffed files mismatch (-want +got):\n%s", diff)
	}
}
