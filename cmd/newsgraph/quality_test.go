package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/newsgraph/newsgraph/internal/eval"
)

// Quality floors: the extraction scored against the gold data in
// ../shared/data, per language. Each floor sits just under what was
// measured and only ever goes up; the commands that reproduce a number
// are in the README.
var quoteFloors = []struct {
	set, lang string
	e2e       float64
}{
	{"seed", "all", 0.96},
	{"quotes-dev", "nl", 0.92},
	{"quotes-dev", "en", 0.98},
	{"quotes-dev", "de", 0.83},
	{"quotes-dev", "fr", 0.92},
	{"quotes-dev", "es", 0.88},
	// The project's own small gold sets (testdata/quotes), always present.
	{"testdata", "it", 0.83},
	{"testdata", "pt", 0.91},
	{"testdata", "pl", 0.68},
	{"testdata", "ru", 0.87},
	{"testdata", "uk", 0.85},
}

// PolNeAR dev floors, in PolNeAR's convention (eval polnear) and with
// the parts of an interrupted quotation scored apart (eval polnear
// -parts).
var polnearFloors = []struct {
	name         string
	parts        bool
	content, e2e float64
}{
	{"PolNeAR convention", false, 0.69, 0.57},
	{"parts apart", true, 0.67, 0.55},
}

func sharedData(t *testing.T, parts ...string) string {
	t.Helper()
	dir := filepath.Join(append([]string{"..", "..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s absent: quality floors need ../shared/data", dir)
	}
	return dir
}

func testEnv() *env {
	return &env{stdin: nil, stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
}

func TestQuoteQualityFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("quality floors run the whole engine over the gold sets")
	}
	results := map[string]*eval.Result{}
	for _, set := range []string{"testdata", "seed", "quotes-dev"} {
		dir := filepath.Join("..", "..", "testdata", "quotes")
		if set != "testdata" {
			dir = sharedData(t, set)
		}
		gold, err := eval.LoadGold(filepath.Join(dir, "gold"))
		if err != nil {
			t.Fatal(err)
		}
		cfg := &evalQuotesConfig{Workers: runtime.GOMAXPROCS(0)}
		preds, err := predictions(context.Background(), testEnv(), cfg, []string{filepath.Join(dir, "articles")}, "")
		if err != nil {
			t.Fatal(err)
		}
		results[set] = eval.ScoreQuotes(gold, preds)
	}
	for _, f := range quoteFloors {
		res := results[f.set]
		score := res.All
		for _, s := range res.ByLang {
			if s.Lang == f.lang {
				score = s
			}
		}
		t.Logf("%s %s: detection F1 %.3f, speaker accuracy %.3f, e2e F1 %.3f (floor %.2f)", f.set, f.lang, score.F1, score.SpeakerAcc, score.E2EF1, f.e2e)
		if score.E2EF1 < f.e2e {
			t.Errorf("%s %s: end-to-end F1 %.3f, below the floor %.2f", f.set, f.lang, score.E2EF1, f.e2e)
		}
	}
}

func TestPolNeARQualityFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("quality floors run the whole engine over the gold sets")
	}
	dir := sharedData(t, "quotes-polnear", "dev")
	gold, err := eval.LoadPolNeAR(dir)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &evalQuotesConfig{Workers: runtime.GOMAXPROCS(0)}
	preds, err := predictions(context.Background(), testEnv(), cfg, []string{filepath.Join(dir, "text")}, "en")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range polnearFloors {
		scored := preds
		if !f.parts {
			scored = eval.InPolNeARConvention(preds)
		}
		res := eval.ScorePolNeAR(gold, scored)
		t.Logf("PolNeAR dev, %s: content F1 %.3f, source accuracy %.3f, e2e F1 %.3f", f.name, res.All.F1, res.All.SpeakerAcc, res.All.E2EF1)
		if res.All.F1 < f.content || res.All.E2EF1 < f.e2e {
			t.Errorf("PolNeAR dev, %s: content F1 %.3f (floor %.2f), e2e F1 %.3f (floor %.2f)", f.name, res.All.F1, f.content, res.All.E2EF1, f.e2e)
		}
	}
}
