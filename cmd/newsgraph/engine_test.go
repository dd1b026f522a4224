package main

import (
	"bufio"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/article"
)

// benchCorpus reads the multilingual news corpus used for throughput
// benchmarks, at most limit articles (0: all).
func benchCorpus(b *testing.B, limit int) []article.Article {
	b.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "data", "bench", "news-multilingual")
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if len(files) == 0 {
		b.Skipf("%s absent: the throughput benchmark needs the bench corpus", dir)
	}
	var docs []article.Article
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() {
			var a article.Article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil || strings.TrimSpace(a.Text) == "" {
				continue
			}
			docs = append(docs, a)
		}
		fh.Close()
	}
	if limit > 0 && len(docs) > limit {
		// An even spread over the languages.
		step := len(docs) / limit
		var picked []article.Article
		for i := 0; i < len(docs) && len(picked) < limit; i += step {
			picked = append(picked, docs[i])
		}
		docs = picked
	}
	return docs
}

// BenchmarkEngine measures the whole extraction pipeline on one core,
// reporting MB/s and words/s over the bench corpus.
func BenchmarkEngine(b *testing.B) {
	docs := benchCorpus(b, 600)
	p, err := newEngine(slog.New(slog.DiscardHandler), engineOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var bytes, words int64
	for _, d := range docs {
		bytes += int64(len(d.Text))
		words += int64(len(strings.Fields(d.Text)))
	}
	ctx := b.Context()
	// Warm up: lexicons and models load once, outside the measurement.
	w := docs[0]
	if err := p.Process(ctx, &w); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range docs {
			a := article.Article{ID: docs[i].ID, Lang: docs[i].Lang, Date: docs[i].Date, Text: docs[i].Text}
			if err := p.Process(ctx, &a); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-sys")
}
