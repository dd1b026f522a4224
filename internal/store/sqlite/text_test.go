package sqlite

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/store"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("word ", 40) + "Oekraïne wint. " + strings.Repeat("tail ", 40)
	tests := []struct {
		name, text string
		terms      []string
		want       string
	}{
		{"empty", "", []string{"x"}, ""},
		{"no terms: the start", "Eén twee drie.", nil, "Eén twee drie"},
		{"folded match", long, []string{"oekraine"},
			"…" + strings.TrimSpace(strings.Repeat("word ", 7)) + " Oekraïne wint. " + strings.TrimSpace(strings.Repeat("tail ", 19)) + "…"},
		{"no match: the start", "Alpha beta. Gamma!", []string{"zeta"}, "Alpha beta. Gamma"},
		{"newlines folded", "A\n\nB  C", []string{"b"}, "A B C"},
		{"markup stays text", "x <b>y</b> z", []string{"y"}, "x <b>y</b> z"},
	}
	for _, tt := range tests {
		if got := snippet(tt.text, tt.terms); got != tt.want {
			t.Errorf("%s: snippet = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCompress(t *testing.T) {
	for _, s := range []string{"", "a", strings.Repeat("Oekraïne ", 1000), "\xff\xfe"} {
		got, err := decompress(compress(s))
		if err != nil || got != s {
			t.Errorf("decompress(compress(%.20q)) = %.20q, %v", s, got, err)
		}
	}
	if _, err := decompress([]byte("not flate")); err == nil {
		t.Error("decompress(garbage) = nil error")
	}
}

// FuzzQuery checks that no user text reaches FTS5 as syntax: every
// query string gives results or ErrInvalid, never another error.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{`"`, `*`, `NEAR(a b)`, `'; DROP TABLE articles; --`, `a OR b`, `title:x`, `^x`, `x*`, "é\u0301", `{a b}: c`, "-x", "\x00"} {
		f.Add(s)
	}
	s := openTemp(f)
	defer s.Close()
	if _, err := s.Put(f.Context(), synthetic(1)); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		ctx := t.Context()
		if _, err := s.Search(ctx, store.Query{Text: q}); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Search(%q): %v", q, err)
		}
		if _, err := s.Quotes(ctx, store.Query{Text: q}); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Quotes(%q): %v", q, err)
		}
		if _, err := s.Entities(ctx, store.Query{Text: q}); err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Entities(%q): %v", q, err)
		}
		if _, err := s.ResolveEntity(ctx, q); err != nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ResolveEntity(%q): %v", q, err)
		}
	})
}

func FuzzSnippet(f *testing.F) {
	f.Add("Oekraïne zal winnen, zei hij.", "oekraine")
	f.Add("a\u0301b c", "ab")
	f.Fuzz(func(t *testing.T, text, term string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		got := snippet(text, store.Terms(term))
		if !utf8.ValidString(got) {
			t.Fatalf("snippet(%q, %q) = %q is not UTF-8", text, term, got)
		}
		core := strings.TrimSuffix(strings.TrimPrefix(got, "…"), "…")
		if !strings.Contains(strings.Join(strings.Fields(text), " "), core) {
			t.Errorf("snippet(%q, %q) = %q is not from the text", text, term, got)
		}
	})
}
