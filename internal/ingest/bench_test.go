package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkParseArticle(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join(sharedData, "quotes-dev/articles/*.txt"))
	if len(paths) == 0 {
		b.Skip("quotes-dev articles absent")
	}
	var docs [][]byte
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
		size += len(data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, d := range docs {
			if _, err := ParseArticle(paths[i], d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	path := filepath.Join(sharedData, "bench/news-multilingual/en.bbc2005.jsonl")
	fi, err := os.Stat(path)
	if err != nil {
		b.Skipf("bench data absent: %v", err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for it := range Read(context.Background(), []string{path}, nil, Options{}) {
			if it.Err != nil {
				b.Fatal(it.Err)
			}
			n++
		}
		if n == 0 {
			b.Fatal("no documents")
		}
	}
}

func BenchmarkParseHTML(b *testing.B) {
	data, err := os.ReadFile("testdata/pages/news/source.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseHTML(data, "https://example.com/a"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchData reads every JSONL file of the benchmark corpus: each line
// must become an article (the corpus is clean), with the invariants held.
func TestBenchData(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 20 MB; skipped with -short")
	}
	dir := filepath.Join(sharedData, "bench/news-multilingual")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("bench data absent: %v", err)
	}
	n, empty := 0, 0
	for it := range Read(t.Context(), []string{dir}, nil, Options{}) {
		if errors.Is(it.Err, ErrEmpty) {
			empty++ // a few lines of the corpus have "text": ""
			continue
		}
		if it.Err != nil {
			t.Errorf("%v", it.Err)
			continue
		}
		if msg := textInvariants(it.Article.Text); msg != "" {
			t.Errorf("%s: text %s", it.Name, msg)
		}
		if it.Article.Lang == "" || strings.Contains(it.Article.ID, "#") {
			t.Errorf("%s: lang %q, id %q: want the line's own", it.Name, it.Article.Lang, it.Article.ID)
		}
		n++
	}
	if n+empty != 6283 || n < 6200 {
		t.Errorf("read %d articles and %d empty lines, want 6,283 lines, nearly all articles", n, empty)
	}
}
