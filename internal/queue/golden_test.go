package queue

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGoldenMessage pins the message form of a document: workers of one
// version must read what publishers of another wrote, so a change here is
// a change of the wire format.
func TestGoldenMessage(t *testing.T) {
	a := &article.Article{
		ID: "nl-seed-01", Source: "CNN", Date: "2023-03", Dateline: "Hongkong",
		URL: "https://example.org/a", Title: "Xi en Poetin", Lang: "nl",
		Text:     "Xi Jinping praat dinsdag met Vladimir Poetin. „Wij zijn vrienden”, zei Xi.",
		Warnings: []string{"repaired 1 invalid UTF-8 sequence"},
	}
	data, err := Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, data, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "message.json")
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), pretty.String()); diff != "" {
		t.Errorf("message form changed (-%s +got); run go test -update if intended:\n%s", path, diff)
	}
	back, err := Decode(want, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, back); diff != "" {
		t.Errorf("golden message decodes to another article (-want +got):\n%s", diff)
	}
}
