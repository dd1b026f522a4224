package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
)

// synthetic returns article i of a made-up stream: two persons, a place
// and a quote, each article distinct.
func synthetic(i int) *article.Article {
	per := fmt.Sprintf("Person%d Example", i%53)
	other := fmt.Sprintf("Other%d Sample", i%31)
	place := fmt.Sprintf("Town%d", i%17)
	quote := fmt.Sprintf("we will build %d bridges", i)
	text := fmt.Sprintf("%s met %s in %s on day %d. \"%s,\" %s said.", per, other, place, i, quote, per)
	a := &article.Article{ID: fmt.Sprintf("syn-%06d", i), Source: fmt.Sprintf("Source%d", i%3),
		Date: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), Lang: "en", Title: fmt.Sprintf("Day %d", i), Text: text}
	find := func(s string, from int) article.Mention {
		j := strings.Index(text[from:], s) + from
		return article.Mention{Start: j, End: j + len(s), Text: s, Kind: article.MentionName}
	}
	m1 := find(per, 0)
	a.Entities = []article.Entity{
		{ID: "e1", Name: per, Type: article.PER, Mentions: []article.Mention{m1, find(per, m1.End)}},
		{ID: "e2", Name: other, Type: article.PER, Mentions: []article.Mention{find(other, 0)}},
		{ID: "e3", Name: place, Type: article.LOC, Mentions: []article.Mention{find(place, 0)}},
	}
	q := find(quote, 0)
	a.Quotes = []article.Quote{{ID: "q1", Kind: article.Direct, Content: quote, Start: q.Start, End: q.End,
		Speaker: article.Speaker{Entity: "e1", Name: per, Type: article.PER, Mention: per,
			Start: a.Entities[0].Mentions[1].Start, End: a.Entities[0].Mentions[1].End}, Confidence: 0.9}}
	return a
}

const crashDocs = 200_000

// TestCrashWriter is the process that TestCrash kills: it puts synthetic
// articles into NEWSGRAPH_CRASH_DB until killed.
func TestCrashWriter(t *testing.T) {
	path := os.Getenv("NEWSGRAPH_CRASH_DB")
	if path == "" {
		t.Skip("run by TestCrash")
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < crashDocs; i += 16 {
		batch := make([]*article.Article, 16)
		for j := range batch {
			batch[j] = synthetic(i + j)
		}
		if _, err := s.PutMany(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
		if i == 32 {
			fmt.Println("ready")
		}
	}
}

// TestCrash kills a writer with SIGKILL in the middle of putting, then
// checks the file: intact, every stored article whole, and putting all
// again adds exactly the missing ones.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	path := filepath.Join(t.TempDir(), "news.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$")
	cmd.Env = append(os.Environ(), "NEWSGRAPH_CRASH_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan bool)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "ready" {
				ready <- true
			}
		}
		close(ready)
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("writer ended before it was ready")
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("writer not ready after 60s")
	}
	time.Sleep(700 * time.Millisecond)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	ctx := t.Context()
	var check string
	if err := s.r.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := st.Documents
	if n == 0 || n >= crashDocs {
		t.Fatalf("%d documents after the kill, want some but not all %d", n, crashDocs)
	}
	t.Logf("%d documents stored before the kill", n)
	if st.Quotes != n || st.Mentions != 4*n {
		t.Errorf("after the kill: %d quotes, %d mentions for %d documents; want %d, %d", st.Quotes, st.Mentions, n, n, 4*n)
	}
	// The stored ones are a prefix of the stream, each whole.
	for i := range n {
		a, err := s.Article(ctx, synthetic(i).ID)
		if err != nil {
			t.Fatalf("Article(%s) of %d stored: %v", synthetic(i).ID, n, err)
		}
		if len(a.Entities) != 3 || len(a.Quotes) != 1 {
			t.Fatalf("Article(%s) has %d entities, %d quotes; want 3, 1", a.ID, len(a.Entities), len(a.Quotes))
		}
	}
	// Putting everything up to a bit past the kill adds only the rest.
	more := n + 100
	added := 0
	for i := range more {
		ok, err := s.Put(ctx, synthetic(i))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			added++
		}
	}
	if added != more-n {
		t.Errorf("second pass added %d, want %d", added, more-n)
	}
	st, err = s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != more || st.Quotes != more {
		t.Errorf("after the second pass: %d documents, %d quotes; want %d each", st.Documents, st.Quotes, more)
	}
	p, err := s.Entity(ctx, mustResolve(t, s, "Person0 Example"))
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i := range more {
		if i%53 == 0 {
			want++
		}
	}
	if p.Articles != want || p.Mentions != 2*want || p.Entity.QuotesBy != want {
		t.Errorf("Person0 Example: %d articles, %d mentions, %d quotes; want %d, %d, %d (counters doubled or lost)",
			p.Articles, p.Mentions, p.Entity.QuotesBy, want, 2*want, want)
	}
}

func mustResolve(t *testing.T, s *Store, name string) string {
	t.Helper()
	ids, err := s.ResolveEntity(t.Context(), name)
	if err != nil || len(ids) != 1 {
		t.Fatalf("ResolveEntity(%q) = %v, %v", name, ids, err)
	}
	return ids[0]
}
