package event

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/newsgraph/newsgraph/internal/article"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/cases")

var pronouns = map[string]bool{"hij": true, "Hij": true, "zij": true, "Zij": true, "ze": true,
	"he": true, "He": true, "she": true, "She": true, "they": true, "They": true, "it": true}

// buildArticle makes an article from a case: the body, and entities and
// quotes placed by substring, each mention at the first occurrence after
// the entity's previous mention. Tokens and sentences are left to the
// coder's fallback, as before the text stage.
func buildArticle(t *testing.T, ar *txtar.Archive) *article.Article {
	t.Helper()
	a := &article.Article{}
	for _, f := range ar.Files {
		data := string(f.Data)
		switch f.Name {
		case "meta":
			for _, line := range strings.Split(strings.TrimSpace(data), "\n") {
				k, v, _ := strings.Cut(line, " ")
				switch k {
				case "lang":
					a.Lang = v
				case "date":
					a.Date = v
				}
			}
		case "body":
			a.Text = strings.TrimSuffix(data, "\n")
		}
	}
	for _, f := range ar.Files {
		switch f.Name {
		case "entities":
			for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				fields := strings.Split(line, " | ")
				head := strings.SplitN(fields[0], " ", 3)
				if len(head) < 3 {
					t.Fatalf("entity line %q: want id TYPE name | mention…", line)
				}
				e := article.Entity{ID: head[0], Type: head[1], Name: head[2]}
				from := 0
				for _, m := range fields[1:] {
					i := strings.Index(a.Text[from:], m)
					if i < 0 {
						t.Fatalf("mention %q of %s not in body after offset %d", m, e.ID, from)
					}
					kind := article.MentionName
					if pronouns[m] {
						kind = article.MentionPronoun
					} else if m[0] >= 'a' && m[0] <= 'z' {
						kind = article.MentionNominal
					}
					e.Mentions = append(e.Mentions, article.Mention{Start: from + i, End: from + i + len(m), Text: m, Kind: kind})
					from += i + len(m)
				}
				a.Entities = append(a.Entities, e)
			}
		case "quotes":
			for _, line := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				fields := strings.Split(line, " | ")
				head := strings.Fields(fields[0])
				if len(head) < 3 || len(fields) < 2 {
					t.Fatalf("quote line %q: want id kind speaker-entity | content", line)
				}
				i := strings.Index(a.Text, fields[1])
				if i < 0 {
					t.Fatalf("quote content %q not in body", fields[1])
				}
				q := article.Quote{ID: head[0], Kind: head[1], Content: fields[1], Start: i, End: i + len(fields[1])}
				if e := a.EntityByID(head[2]); e != nil {
					q.Speaker = article.Speaker{Entity: e.ID, Name: e.Name, Type: e.Type,
						Mention: e.Mentions[0].Text, Start: e.Mentions[0].Start, End: e.Mentions[0].End}
				}
				a.Quotes = append(a.Quotes, q)
			}
		}
	}
	return a
}

func renderActor(a *article.EventActor) string {
	if a == nil {
		return "-"
	}
	if a.Entity != "" {
		return a.Code + "[" + a.Entity + " " + a.Name + "]"
	}
	return a.Code + "[" + a.Name + "]"
}

// render writes one line per event.
func render(evs []article.Event) string {
	var b strings.Builder
	for _, e := range evs {
		typ := e.Type
		if e.Mode != "" {
			typ += "/" + e.Mode
		}
		fmt.Fprintf(&b, "%s %s → %s @%s/%s", typ, renderActor(e.Source), renderActor(e.Target), e.Date, e.DateGrain)
		if e.Negated {
			b.WriteString(" negated")
		}
		if e.Quote != "" {
			b.WriteString(" quote=" + e.Quote)
		}
		fmt.Fprintf(&b, " trigger=%q\n", e.Trigger)
	}
	return b.String()
}

var spaces = regexp.MustCompile(`\s+`)

func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	c := NewCoder()
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := buildArticle(t, ar)
			if err := c.Process(t.Context(), a); err != nil {
				t.Fatalf("Process: %v", err)
			}
			for _, e := range a.Events {
				if a.Text[e.TriggerAt.Start:e.TriggerAt.End] != e.Trigger || !e.Sentence.Contains(e.TriggerAt) {
					t.Errorf("event %s: trigger %q at %v does not point into its sentence %v", e.ID, e.Trigger, e.TriggerAt, e.Sentence)
				}
			}
			got := render(a.Events)
			for i, f := range ar.Files {
				if f.Name != "want" {
					continue
				}
				if *update {
					ar.Files[i].Data = []byte(got)
					if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				if diff := cmp.Diff(spaces.ReplaceAllString(string(f.Data), " "), spaces.ReplaceAllString(got, " ")); diff != "" {
					t.Errorf("events of %s (-want +got):\n%s", file, diff)
				}
				return
			}
			t.Fatalf("%s: no want section", file)
		})
	}
}
