package event

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph/internal/article"
)

func exportArticle() *article.Article {
	text := "China heeft deze beschuldiging ontkend."
	return &article.Article{ID: "nl-1", URL: "https://example.org/1", Source: "CNN", Date: "2023-03-22", Lang: "nl", Text: text,
		Tone: &article.Tone{Score: -0.25},
		Events: []article.Event{{ID: "ev1", Type: "REJECT", Source: &article.EventActor{Entity: "e1", Name: "China", Code: "CHN"},
			Trigger: "ontkend", TriggerAt: article.Span{Start: 31, End: 38}, Sentence: article.Span{Start: 0, End: len(text)},
			Date: "2023-03-22", DateGrain: GrainUnknown, Confidence: 0.7}}}
}

func TestWriteTSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTSVHeader(&b); err != nil {
		t.Fatal(err)
	}
	if err := WriteTSV(&b, exportArticle()); err != nil {
		t.Fatal(err)
	}
	want := strings.Join(TSVColumns, "\t") + "\n" +
		"nl-1/ev1\t2023-03-22\tunknown\tCHN\tChina\te1\t\t\t\tREJECT\t\tfalse\t\tontkend\t31\t38\t0\t39\t0.70\t-0.250\tnl-1\thttps://example.org/1\tCNN\tnl\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteTSV (-want +got):\n%s", diff)
	}
	a := exportArticle()
	a.Events[0].Source.Name = "Chi\tna\nX"
	b.Reset()
	WriteTSV(&b, a)
	if strings.Count(b.String(), "\t") != len(TSVColumns)-1 || strings.Count(b.String(), "\n") != 1 {
		t.Errorf("tab and newline in a name were not replaced: %q", b.String())
	}
}

func TestWriteJSONL(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSONL(&b, exportArticle()); err != nil {
		t.Fatal(err)
	}
	want := `{"article_id":"nl-1","url":"https://example.org/1","outlet":"CNN","article_date":"2023-03-22","lang":"nl",` +
		`"sentence_text":"China heeft deze beschuldiging ontkend.","id":"ev1","type":"REJECT",` +
		`"source":{"entity":"e1","name":"China","code":"CHN"},"trigger":"ontkend","trigger_span":{"start":31,"end":38},` +
		`"sentence":{"start":0,"end":39},"date":"2023-03-22","date_granularity":"unknown","negated":false,"confidence":0.7}` + "\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteJSONL (-want +got):\n%s", diff)
	}
}

// TestEmbedded loads every language and checks that each data file is
// NFC and has no duplicate patterns with the same meaning.
func TestEmbedded(t *testing.T) {
	c := NewCoder()
	langs := c.Languages()
	if len(langs) < 2 {
		t.Fatalf("languages %v, want at least en and nl", langs)
	}
	for _, lang := range langs {
		if _, err := c.lexicon(lang); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
	if m, ok, err := FromCAMEO("0421"); err != nil || !ok || m != (Mapping{"CONSULT", "visit"}) {
		t.Errorf("FromCAMEO(0421) = %v, %v, %v; want CONSULT visit", m, ok, err)
	}
	if m, ok, _ := FromCAMEO("010"); !ok || m.Type != "" {
		t.Errorf("FromCAMEO(010) = %v, %v; want a known code without a PLOVER type", m, ok)
	}
	err := fs.WalkDir(embedded, "data", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded, path)
		if err != nil {
			return err
		}
		if !utf8.Valid(b) || !norm.NFC.IsNormal(b) {
			t.Errorf("%s: not NFC UTF-8", path)
		}
		if !bytes.Contains(b, []byte("licence:")) {
			t.Errorf("%s: no licence line", path)
		}
		seen := map[string]int{}
		for i, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if prev, ok := seen[line]; ok {
				t.Errorf("%s:%d: duplicate of line %d: %q", path, i+1, prev, line)
			}
			seen[line] = i + 1
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Bad data is an error that names the file and line.
	bad := fstest.MapFS{"data/xx/triggers.tsv": {Data: []byte("# x\nattack\tATTACK\n")}}
	if _, err := NewCoderFS(bad).Code(&article.Article{Lang: "xx", Text: "x"}); err == nil || !strings.Contains(err.Error(), "triggers.tsv:2") {
		t.Errorf("bad type: err = %v, want one naming triggers.tsv:2", err)
	}
}

func ExampleCoder_Code() {
	a := &article.Article{Lang: "en", Date: "2024-05-15", Text: "Ukraine was attacked by Russian forces on Monday."}
	evs, err := NewCoder().Code(a)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, e := range evs {
		fmt.Println(e.Type, e.Source.Code, e.Target.Code, e.Date, e.DateGrain, e.Trigger)
	}
	// Output: ASSAULT RUS-MIL UKR 2024-05-13 day attacked
}

// TestConcurrent runs one coder from several goroutines, as the pipeline's
// workers do, on every language at once.
func TestConcurrent(t *testing.T) {
	c := NewCoder()
	texts := map[string]string{"en": "Russian troops attacked Ukraine on Monday.", "nl": "China heeft deze beschuldiging ontkend.",
		"de": "Russische Truppen griffen die Ukraine an.", "fr": "L'armée russe a attaqué l'Ukraine.", "es": "Las tropas rusas atacaron Ucrania.",
		"it": "Le truppe russe hanno attaccato l'Ucraina.", "pt": "As tropas russas atacaram a Ucrânia.",
		"pl": "Rosyjskie wojska zaatakowały Ukrainę.", "ru": "Российские войска атаковали Украину.",
		"uk": "Російські війська атакували Україну."}
	done := make(chan []article.Event)
	for range 4 {
		for lang, text := range texts {
			go func() {
				a := &article.Article{Lang: lang, Date: "2024-05-15", Text: text}
				if err := c.Process(t.Context(), a); err != nil {
					t.Error(err)
				}
				done <- a.Events
			}()
		}
	}
	for range 4 * len(texts) {
		if evs := <-done; len(evs) != 1 {
			t.Errorf("events %+v, want one", evs)
		}
	}
}
