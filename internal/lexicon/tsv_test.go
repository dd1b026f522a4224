package lexicon

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestEachTSV(t *testing.T) {
	fsys := fstest.MapFS{"t.tsv": {Data: []byte("# comment\n\na\t b \r\n  \t \nbad\tx\n  c\n")}}
	var got [][]string
	bad := errors.New("bad entry")
	err := EachTSV(fsys, "t.tsv", func(cols []string) error {
		if cols[0] == "bad" {
			return bad
		}
		got = append(got, cols)
		return nil
	})
	if want := [][]string{{"a", "b"}}; !cmp.Equal(got, want) {
		t.Errorf("EachTSV entries = %q, want %q", got, want)
	}
	if !errors.Is(err, bad) || err.Error() != "t.tsv:5: bad entry" {
		t.Errorf("EachTSV error = %v, want t.tsv:5: bad entry", err)
	}
	got = nil
	if err := EachTSV(fsys, "missing.tsv", func(cols []string) error { got = append(got, cols); return nil }); err != nil || got != nil {
		t.Errorf("EachTSV(missing) = %q, %v; want no entries, nil", got, err)
	}
}
