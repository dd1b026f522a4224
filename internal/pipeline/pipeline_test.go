package pipeline

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/newsgraph/newsgraph/internal/article"
)

type stageFunc struct {
	name string
	fn   func(a *article.Article) error
}

func (s stageFunc) Name() string { return s.name }
func (s stageFunc) Process(_ context.Context, a *article.Article) error {
	return s.fn(a)
}

func TestRunKeepsGoingAndOrders(t *testing.T) {
	bad := errors.New("bad input")
	p := New(nil,
		stageFunc{"title", func(a *article.Article) error {
			if a.ID == "3" {
				return bad
			}
			a.Title = "t" + a.ID
			return nil
		}})
	in := make(chan *article.Article)
	out := make(chan Result)
	go func() {
		for i := range 20 {
			in <- &article.Article{ID: fmt.Sprint(i)}
		}
		close(in)
	}()
	go p.Run(t.Context(), 4, in, out)
	var got []string
	Ordered(out, func(r Result) {
		if r.Err != nil {
			if !errors.Is(r.Err, bad) {
				t.Errorf("article %s: err = %v, want %v", r.Article.ID, r.Err, bad)
			}
			got = append(got, "err")
			return
		}
		got = append(got, r.Article.Title)
	})
	if len(got) != 20 {
		t.Fatalf("got %d results, want 20", len(got))
	}
	for i, g := range got {
		want := fmt.Sprintf("t%d", i)
		if i == 3 {
			want = "err"
		}
		if g != want {
			t.Errorf("result %d = %q, want %q", i, g, want)
		}
	}
}

func TestPanicFailsOneArticle(t *testing.T) {
	p := New(nil, stageFunc{"boom", func(a *article.Article) error {
		if a.ID == "bad" {
			var s []int
			_ = s[1]
		}
		return nil
	}})
	if err := p.Process(t.Context(), &article.Article{ID: "bad"}); err == nil {
		t.Fatal("Process(bad) = nil, want the panic as an error")
	}
	if err := p.Process(t.Context(), &article.Article{ID: "good"}); err != nil {
		t.Fatalf("Process(good) = %v, want nil", err)
	}
}
