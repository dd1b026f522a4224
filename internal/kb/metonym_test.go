package kb

import (
	"testing"

	"github.com/newsgraph/newsgraph/internal/article"
)

func TestMetonyms(t *testing.T) {
	l, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, city, want string
	}{
		{"nl", "Washington", "Verenigde Staten"},
		{"en", "Moscow", "Russia"},
		{"nl", "Peking", "China"},
		{"en", "Rotterdam", "Rotterdam"}, // not a capital: it speaks for itself
	}
	for _, tt := range tests {
		a := &article.Article{Lang: tt.lang, Entities: []article.Entity{{ID: "e1", Name: tt.city, Type: article.LOC}},
			Quotes: []article.Quote{{Speaker: article.Speaker{Entity: "e1", Name: tt.city, Type: article.ORG}}}}
		if err := l.Process(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if err := l.Metonyms().Process(t.Context(), a); err != nil {
			t.Fatal(err)
		}
		if got := a.Quotes[0].Speaker.Name; got != tt.want {
			t.Errorf("%s speaker %q → %q, want %q (kb %q)", tt.lang, tt.city, got, tt.want, a.Entities[0].KB)
		}
	}
}
