package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGoldHeaders reads every article of the gold sets (seed, quotes-dev)
// and compares its header fields with the gold annotation's.
func TestGoldHeaders(t *testing.T) {
	var paths []string
	for _, set := range []string{"seed", "quotes-dev"} {
		p, _ := filepath.Glob(filepath.Join(sharedData, set, "articles/*.txt"))
		paths = append(paths, p...)
	}
	if len(paths) == 0 {
		t.Skip("gold data absent")
	}
	type header struct {
		ID       string `json:"id"`
		Date     string `json:"date"`
		Dateline string `json:"dateline"`
		Source   string `json:"source"`
	}
	for _, path := range paths {
		goldPath := filepath.Join(filepath.Dir(filepath.Dir(path)), "gold", strings.TrimSuffix(filepath.Base(path), ".txt")+".json")
		b, err := os.ReadFile(goldPath)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		var want header
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("%s: %v", goldPath, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(path, data)
		if err != nil {
			t.Errorf("ParseArticle(%s): %v", path, err)
			continue
		}
		got := header{ID: a.ID, Date: a.Date, Dateline: a.Dateline, Source: a.Source}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ParseArticle(%s) header mismatch (-gold +got):\n%s", path, diff)
		}
		if len(a.Warnings) > 0 {
			t.Errorf("ParseArticle(%s).Warnings = %q, want none", path, a.Warnings)
		}
		checkText(t, a.Text)
	}
}
