package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/event"
	"github.com/newsgraph/newsgraph/internal/tone"
)

func evTestEnv(t testing.TB) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{stdout: &out, stderr: &errb, log: slog.New(slog.NewTextHandler(&errb, &slog.HandlerOptions{Level: slog.LevelWarn}))}, &out, &errb
}

// TestEvalEventsGold runs the whole pipeline on the development gold set
// and holds floors for it (the coder alone has its own in internal/event).
// These floors also move with the earlier stages: German fell from 0.82 to
// 0.74 target F1 when the entity and text stages changed (phrases such as
// "Sudan humanitäre Hilfe" became one place; "12. September" ends a
// sentence after "12.").
func TestEvalEventsGold(t *testing.T) {
	floors := map[string][3]float64{"gold en": {0.94, 0.91, 0.85}, "gold nl": {0.93, 0.90, 0.79}, "gold de": {0.98, 0.98, 0.91}, "gold fr": {0.96, 0.96, 0.93}, "gold es": {0.96, 0.93, 0.90},
		"gold it": {0.96, 0.96, 0.90}, "gold pt": {0.99, 0.97, 0.98}, "gold pl": {0.98, 0.98, 0.93}, "gold ru": {0.99, 0.97, 0.95}, "gold uk": {0.98, 0.98, 0.95}}
	evalEventFloors(t, "../../internal/event/testdata/gold", floors)
}

// TestEvalEventsBlind holds floors for the blind set (40 sentences each in
// en, nl, de, fr, es, written by someone who never saw the coder's word
// lists). Its misses were read once to find the mechanisms that fail on
// unseen text, so it is no longer blind: a fresh set measures that.
func TestEvalEventsBlind(t *testing.T) {
	floors := map[string][3]float64{"gold en": {0.95, 0.86, 0.78}, "gold nl": {0.92, 0.83, 0.65}, "gold de": {0.96, 0.84, 0.79},
		"gold fr": {0.86, 0.76, 0.69}, "gold es": {0.98, 0.92, 0.84}}
	evalEventFloors(t, "../../internal/event/testdata/blind", floors)
}

// TestEvalEventsBlind2 scores the second blind set: written by someone
// who had not seen the coder, its data or the other test sets, and whose
// misses nobody has read — the honest estimate for unseen news. Keep it
// that way: improve the coder on other data and let this only measure.
func TestEvalEventsBlind2(t *testing.T) {
	floors := map[string][3]float64{"gold en": {0.75, 0.72, 0.71}, "gold nl": {0.79, 0.79, 0.61}, "gold de": {0.59, 0.56, 0.56},
		"gold fr": {0.72, 0.68, 0.62}, "gold es": {0.67, 0.64, 0.57}}
	evalEventFloors(t, "../../internal/event/testdata/blind2", floors)
}

// evalEventFloors runs "eval events" on a gold folder through the whole
// pipeline and checks type, source and target F1 per language.
func evalEventFloors(t *testing.T, dir string, floors map[string][3]float64) {
	t.Helper()
	e, out, errb := evTestEnv(t)
	if err := run(t.Context(), e, []string{"eval", "events", "-json", "-gold", dir}); err != nil {
		t.Fatalf("eval events: %v\n%s", err, errb)
	}
	type prf struct{ F1 float64 }
	seen := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var r struct {
			Set                  string
			Type, Source, Target prf
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("report %q: %v", sc.Text(), err)
		}
		f, ok := floors[r.Set]
		if !ok {
			t.Errorf("unexpected set %q", r.Set)
			continue
		}
		seen++
		t.Logf("%s: F1 type %.3f source %.3f target %.3f", r.Set, r.Type.F1, r.Source.F1, r.Target.F1)
		if r.Type.F1 < f[0] || r.Source.F1 < f[1] || r.Target.F1 < f[2] {
			t.Errorf("%s: F1 type %.3f source %.3f target %.3f, want at least %v", r.Set, r.Type.F1, r.Source.F1, r.Target.F1, f)
		}
	}
	if seen != len(floors) {
		t.Errorf("got %d reports, want %d", seen, len(floors))
	}
}

func TestEventsCommand(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "nl-test.txt")
	body := " date 2023-03-22 Hongkong\n\nCNN\n\nDe Amerikaanse minister Antony Blinken haalde maandag uit naar China. China heeft deze beschuldiging ontkend.\n"
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"tsv", "jsonl"} {
		e, out, errb := evTestEnv(t)
		if err := run(t.Context(), e, []string{"events", "-format", format, name}); err != nil {
			t.Fatalf("events -format %s: %v\n%s", format, err, errb)
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var types []string
		switch format {
		case "tsv":
			if lines[0] != strings.Join(event.TSVColumns, "\t") {
				t.Fatalf("header = %q", lines[0])
			}
			for _, l := range lines[1:] {
				f := strings.Split(l, "\t")
				if len(f) != len(event.TSVColumns) {
					t.Fatalf("row %q has %d fields, want %d", l, len(f), len(event.TSVColumns))
				}
				types = append(types, f[9]+" "+f[3]+" "+f[6])
			}
		case "jsonl":
			for _, l := range lines {
				var r event.Record
				if err := json.Unmarshal([]byte(l), &r); err != nil {
					t.Fatalf("line %q: %v", l, err)
				}
				if r.ArticleID != "nl-test" || !strings.Contains(r.SentenceText, r.Trigger) {
					t.Errorf("record %+v: wrong article or sentence", r)
				}
				tgt := ""
				if r.Target != nil {
					tgt = r.Target.Code
				}
				types = append(types, r.Type+" "+r.Source.Code+" "+tgt)
			}
		}
		want := []string{"DISAPPROVE USA-GOV CHN", "REJECT CHN "}
		if strings.Join(types, "|") != strings.Join(want, "|") {
			t.Errorf("events -format %s: %q, want %q", format, types, want)
		}
	}
}

// BenchmarkEventsOverhead measures the event and tone stages against the
// extraction pipeline on the same news articles, and reports their time
// as a percentage of the extraction's ("overhead-%"; the target is 30).
func BenchmarkEventsOverhead(b *testing.B) {
	var docs []*article.Article
	var size int64
	for _, name := range []string{"en.bbc2005.jsonl", "nl.dpgmedia2019.jsonl"} {
		f, err := os.Open("../../../shared/data/bench/news-multilingual/" + name)
		if err != nil {
			b.Skipf("bench data not available: %v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
		for k := 0; k < 20 && sc.Scan(); k++ {
			var a article.Article
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				b.Fatal(err)
			}
			docs = append(docs, &a)
			size += int64(len(a.Text))
		}
		f.Close()
	}
	e, _, _ := evTestEnv(b)
	ctx := b.Context()
	p, err := newEngine(e.log, engineOptions{NoEvents: true})
	if err != nil {
		b.Fatal(err)
	}
	// Articles on which the pipeline fails or panics (a stage's bug, not
	// ours) are left out of the measurement, and named.
	kept := docs[:0]
	size = 0
	for _, d := range docs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					b.Logf("%s: pipeline panics, left out: %v", d.ID, r)
				}
			}()
			a := &article.Article{ID: d.ID, Lang: d.Lang, Date: d.Date, Text: d.Text}
			if err := p.Process(ctx, a); err != nil {
				b.Logf("%s: left out: %v", d.ID, err)
				return
			}
			kept = append(kept, d)
			size += int64(len(d.Text))
		}()
	}
	docs = kept
	c, s := event.NewCoder(), tone.NewScorer()
	var extract, events time.Duration
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			a := &article.Article{ID: d.ID, Lang: d.Lang, Date: d.Date, Text: d.Text}
			t0 := time.Now()
			if err := p.Process(ctx, a); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if err := c.Process(ctx, a); err != nil {
				b.Fatal(err)
			}
			if err := s.Process(ctx, a); err != nil {
				b.Fatal(err)
			}
			extract += t1.Sub(t0)
			events += time.Since(t1)
		}
	}
	b.ReportMetric(100*float64(events)/float64(extract), "overhead-%")
}
