package queue

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		data, header string
		wantID       string // "" when an error is expected
	}{
		{`{"id":"a1","text":"Hallo."}`, "a1", "a1"},
		{`{"id":"a1","text":"Hallo."}`, "", "a1"},
		{` {"id":"a1"} ` + "\n", "", "a1"},
		{`{"id":"a1"}`, "a2", ""},
		{`{"text":"no id"}`, "", ""},
		{``, "", ""},
		{`null`, "", ""},
		{`[]`, "", ""},
		{`{"id":"a1"}{"id":"a2"}`, "", ""},
		{`{"id":"a1"}}`, "", ""},
		{`{"id":1}`, "", ""},
	}
	for _, tt := range tests {
		a, err := Decode([]byte(tt.data), tt.header)
		switch {
		case tt.wantID == "" && !errors.Is(err, ErrInvalid):
			t.Errorf("Decode(%q, %q) error = %v, want ErrInvalid", tt.data, tt.header, err)
		case tt.wantID != "" && (err != nil || a.ID != tt.wantID):
			t.Errorf("Decode(%q, %q) = %+v, %v; want id %q", tt.data, tt.header, a, err, tt.wantID)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	in := &article.Article{ID: "nl-1", Source: "NOS", Date: "2023-03-07", Dateline: "Den Haag",
		URL: "https://example.org/a", Title: "Titel", Lang: "nl", Text: "Ze zei: „Nee.”",
		Warnings: []string{"repaired encoding"}}
	data, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Decode(data, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip mismatch (-in +out):\n%s", diff)
	}
	if _, err := Encode(&article.Article{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Encode without id: err = %v, want ErrInvalid", err)
	}
}

func TestPermanent(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{base, false},
		{Permanent(base), true},
		{fmt.Errorf("handle: %w", Permanent(base)), true},
		{fmt.Errorf("decode: %w", ErrInvalid), true},
	}
	for _, tt := range tests {
		if got := IsPermanent(tt.err); got != tt.want {
			t.Errorf("IsPermanent(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if Permanent(nil) != nil {
		t.Errorf("Permanent(nil) != nil")
	}
	if !errors.Is(Permanent(base), base) {
		t.Errorf("Permanent(base) does not wrap base")
	}
}

func TestBackoff(t *testing.T) {
	ms := time.Millisecond
	var got []time.Duration
	for i := range 7 {
		got = append(got, Backoff(i, 100*ms, time.Second))
	}
	want := []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, time.Second, time.Second, time.Second}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Backoff mismatch (-want +got):\n%s", diff)
	}
	if got := Backoff(1000, ms, time.Minute); got != time.Minute {
		t.Errorf("Backoff(1000) = %v, want the cap", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"id":"a1","text":"x"}`))
	f.Add([]byte(`{"id":"a1","quotes":[{"start":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Decode(data, "")
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Decode error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if a.ID == "" {
			t.Fatalf("Decode(%q) accepted a document without id", data)
		}
		again, err := Encode(a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Decode(again, a.ID)
		if err != nil {
			t.Fatalf("re-decode of %q: %v", again, err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("round trip mismatch:\n%s", diff)
		}
	})
}
