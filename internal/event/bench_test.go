package event

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/newsgraph/newsgraph/internal/article"
)

const benchDir = "../../../shared/data/bench/news-multilingual/"

// benchArticles reads up to n articles from each of the named bench
// files, or skips.
func benchArticles(b *testing.B, n int, names ...string) []*article.Article {
	b.Helper()
	var out []*article.Article
	for _, name := range names {
		f, err := os.Open(benchDir + name)
		if err != nil {
			b.Skipf("bench data not available: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for k := 0; k < n && sc.Scan(); k++ {
			var a article.Article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			out = append(out, &a)
		}
		f.Close()
	}
	return out
}

// BenchmarkCoderProcess codes whole news articles with the coder's own
// segmentation (no entity stage), en and nl.
func BenchmarkCoderProcess(b *testing.B) {
	docs := benchArticles(b, 200, "en.bbc2005.jsonl", "nl.dpgmedia2019.jsonl")
	var size int64
	for _, a := range docs {
		size += int64(len(a.Text))
	}
	c := NewCoder()
	ctx := b.Context()
	if _, err := c.lexicon("en"); err != nil { // load the data before timing
		b.Fatal(err)
	}
	if _, err := c.lexicon("nl"); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range docs {
			if err := c.Process(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	}
}
