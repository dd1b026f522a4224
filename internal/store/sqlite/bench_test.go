package sqlite

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// benchCorpus is the raw bench corpus (unannotated); NEWSGRAPH_EXTRACTED
// names a JSONL file of extracted articles (newsgraph extract --format
// jsonl over that corpus) to measure with real annotations.
const benchCorpus = "../../../../shared/data/bench/news-multilingual"

// benchArticles loads the extracted articles of NEWSGRAPH_EXTRACTED, else
// the raw bench corpus, and says which.
func benchArticles(b *testing.B) []*article.Article {
	b.Helper()
	files := []string{os.Getenv("NEWSGRAPH_EXTRACTED")}
	if files[0] == "" {
		var err error
		files, err = filepath.Glob(filepath.Join(benchCorpus, "*.jsonl"))
		if err != nil || len(files) == 0 {
			b.Skipf("no bench corpus at %s and NEWSGRAPH_EXTRACTED unset", benchCorpus)
		}
		b.Logf("raw bench corpus, no annotations (set NEWSGRAPH_EXTRACTED to a JSONL of extracted articles)")
	}
	var out []*article.Article
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Skipf("bench data: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var a article.Article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil || a.Text == "" {
				continue
			}
			if a.ID == "" {
				a.ID = fmt.Sprintf("%s:%d", filepath.Base(name), len(out))
			}
			out = append(out, &a)
		}
		f.Close()
	}
	return out
}

// BenchmarkPut measures Put of articles, reported as docs/s, and the store
// size against the raw text (bytes per text byte).
func BenchmarkPut(b *testing.B) {
	docs := benchArticles(b)
	ctx := context.Background()
	var textBytes int64
	for _, a := range docs {
		textBytes += int64(len(a.Text) + len(a.Title))
	}
	b.SetBytes(textBytes / int64(len(docs)))
	b.ReportAllocs()
	dir := b.TempDir()
	s, err := Open(filepath.Join(dir, "news.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	n, round := 0, 0
	start := time.Now()
	for b.Loop() {
		a := docs[n%len(docs)]
		if n > 0 && n%len(docs) == 0 {
			round++
		}
		if round > 0 {
			c := *a
			c.ID = fmt.Sprintf("%s~%d", a.ID, round)
			c.Text = fmt.Sprintf("%s\n\n(%d)", a.Text, round)
			a = &c
		}
		if _, err := s.Put(ctx, a); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
	if _, err := s.wc.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	size := fileSize(b, filepath.Join(dir, "news.db"))
	stored := min(n, len(docs))
	var text int64
	for _, a := range docs[:stored] {
		text += int64(len(a.Text) + len(a.Title))
	}
	if n <= len(docs) {
		b.ReportMetric(float64(size)/float64(text), "store/text")
	}
}

// BenchmarkPutMany is BenchmarkPut in transactions of putBatch articles,
// as the ingest command puts them.
func BenchmarkPutMany(b *testing.B) {
	docs := benchArticles(b)
	ctx := context.Background()
	var textBytes int64
	for _, a := range docs {
		textBytes += int64(len(a.Text) + len(a.Title))
	}
	b.SetBytes(textBytes / int64(len(docs)) * putBatch)
	b.ReportAllocs()
	s, err := Open(filepath.Join(b.TempDir(), "news.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	n := 0
	start := time.Now()
	for b.Loop() {
		batch := make([]*article.Article, putBatch)
		for j := range batch {
			a := docs[n%len(docs)]
			if round := n / len(docs); round > 0 {
				c := *a
				c.ID = fmt.Sprintf("%s~%d", a.ID, round)
				c.Text = fmt.Sprintf("%s\n\n(%d)", a.Text, round)
				a = &c
			}
			batch[j] = a
			n++
		}
		if _, err := s.PutMany(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
}

const putBatch = 64

func fileSize(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

// BenchmarkSize puts the whole corpus once, in batches as ingest does,
// and reports the store size against its raw text (target: under 3).
func BenchmarkSize(b *testing.B) {
	docs := benchArticles(b)
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		s, err := Open(filepath.Join(dir, "news.db"))
		if err != nil {
			b.Fatal(err)
		}
		var text int64
		for i := 0; i < len(docs); i += putBatch {
			batch := docs[i:min(i+putBatch, len(docs))]
			res, err := s.PutMany(ctx, batch)
			if err != nil {
				b.Fatal(err)
			}
			for j, r := range res {
				if r.Added {
					text += int64(len(batch[j].Text) + len(batch[j].Title))
				}
			}
		}
		if _, err := s.wc.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			b.Fatal(err)
		}
		s.Close()
		size := fileSize(b, filepath.Join(dir, "news.db"))
		b.ReportMetric(float64(size)/float64(text), "store/text")
		b.ReportMetric(float64(size)/(1<<20), "MiB")
	}
}

// BenchmarkQueries100k builds a store of 100,000 documents (the bench
// corpus put again and again under new ids, each copy's text made
// distinct) once under NEWSGRAPH_BENCH_DB or a temp dir, then measures
// Search, Quotes and Entity and reports p50 and p95 latency.
// It runs only with -bench=Queries100k and takes minutes to build.
func BenchmarkQueries100k(b *testing.B) {
	const target = 100_000
	docs := benchArticles(b)
	ctx := context.Background()
	path := os.Getenv("NEWSGRAPH_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "news.db")
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	built := time.Now()
	var batch []*article.Article
	for i := st.Documents; i < target; i++ {
		a := docs[i%len(docs)]
		if round := i / len(docs); round > 0 {
			c := *a
			c.ID = fmt.Sprintf("%s~%d", a.ID, round)
			c.Text = fmt.Sprintf("%s\n\n(%d)", a.Text, round)
			a = &c
		}
		if batch = append(batch, a); len(batch) == putBatch || i == target-1 {
			if _, err := s.PutMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if st.Documents < target {
		b.Logf("built in %s", time.Since(built).Round(time.Second))
	}
	if st, err = s.Stats(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("store: %d documents, %d quotes, %d entities, %d events", st.Documents, st.Quotes, st.Entities, st.Events)

	// Queries: words and names drawn from the store itself.
	ents, err := s.Entities(ctx, store.Query{Limit: 200})
	if err != nil || len(ents.Hits) == 0 {
		b.Fatalf("Entities: %v, %d", err, len(ents.Hits))
	}
	words := []string{"minister", "regering", "Regierung", "président", "president", "police", "economy",
		"Putin", "Ukraine", "Oekraïne", "élection", "wojna", "война", "governo", "football", "Kiew", "climate change"}
	type op struct {
		name string
		fn   func(i int) error
	}
	ops := []op{
		{"search", func(i int) error {
			_, err := s.Search(ctx, store.Query{Text: words[i%len(words)]})
			return err
		}},
		{"search-filtered", func(i int) error {
			_, err := s.Search(ctx, store.Query{Text: words[i%len(words)], Lang: []string{"en", "de", "nl"}[i%3]})
			return err
		}},
		{"quotes", func(i int) error {
			_, err := s.Quotes(ctx, store.Query{Text: words[i%len(words)]})
			return err
		}},
		{"quotes-speaker", func(i int) error {
			_, err := s.Quotes(ctx, store.Query{Speaker: []string{ents.Hits[i%len(ents.Hits)].ID}})
			return err
		}},
		{"entity", func(i int) error {
			_, err := s.Entity(ctx, ents.Hits[i%len(ents.Hits)].ID)
			return err
		}},
		{"events-actor", func(i int) error {
			_, err := s.Events(ctx, store.EventQuery{Actor: []string{ents.Hits[i%len(ents.Hits)].ID}})
			return err
		}},
		{"events-type-month", func(i int) error {
			types := []string{"DEMAND", "CONSULT", "SUPPORT", "DISAPPROVE", "FIGHT", "AGREE"}
			_, err := s.Events(ctx, store.EventQuery{Types: []string{types[i%len(types)]}, From: "2019-03", To: "2019-03"})
			return err
		}},
		{"events-code", func(i int) error {
			_, err := s.Events(ctx, store.EventQuery{Code: []string{"USA", "RUS", "DEU", "NLD", "GBR", "UKR"}[i%6]})
			return err
		}},
		{"event-timeline", func(i int) error {
			_, err := s.EventTimeline(ctx, store.EventQuery{Actor: []string{ents.Hits[i%len(ents.Hits)].ID}})
			return err
		}},
		{"event-partners", func(i int) error {
			_, err := s.EventPartners(ctx, store.EventQuery{Actor: []string{ents.Hits[i%len(ents.Hits)].ID}})
			return err
		}},
		{"entities-prefix", func(i int) error {
			name := []rune(ents.Hits[i%len(ents.Hits)].Name)
			_, err := s.Entities(ctx, store.Query{Text: string(name[:min(3, len(name))])})
			return err
		}},
	}
	for _, o := range ops {
		b.Run(o.name, func(b *testing.B) {
			var lat []time.Duration
			i := 0
			for b.Loop() {
				t := time.Now()
				if err := o.fn(i); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t))
				i++
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
