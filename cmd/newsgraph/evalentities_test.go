package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/eval"
)

func TestEvalEntitiesPred(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "gold")
	if err := os.Mkdir(gold, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{
		"en-1.json": `{"id":"en-1","lang":"en","quotes":[],"entities":[{"name":"Oldham","type":"LOC"},{"name":"Jane Doe","type":"PER","mentions":["Doe"]}]}`,
		"nl-1.json": `{"id":"nl-1","lang":"nl","quotes":[],"entities":[{"name":"Den Haag","type":"LOC"}]}`,
		"nl-2.json": `{"id":"nl-2","lang":"nl","quotes":[]}`,
	} {
		if err := os.WriteFile(filepath.Join(gold, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pred := filepath.Join(dir, "pred.jsonl")
	lines := `{"id":"en-1","entities":[{"id":"e1","name":"Oldham","type":"ORG","mentions":[]},{"id":"e2","name":"Ms Doe","type":"PER","mentions":[{"text":"Doe","kind":"name"}]}]}
{"id":"nl-2","entities":[{"id":"e1","name":"Rutte","type":"PER","mentions":[]}]}
`
	if err := os.WriteFile(pred, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}

	e, out, _ := evTestEnv(t)
	if err := run(t.Context(), e, []string{"eval", "entities", "-gold", gold, "-pred", pred, "-details"}); err != nil {
		t.Fatal(err)
	}
	want := "missing predictions for 1 gold documents\n" +
		"1 gold documents without entities not scored\n" +
		"en   gold=   2 pred=   2 typed P=0.500 R=0.500 F1=0.500 | untyped F1=1.000\n" +
		"nl   gold=   1 pred=   0 typed P=0.000 R=0.000 F1=0.000 | untyped F1=0.000\n" +
		"all  gold=   3 pred=   2 typed P=0.500 R=0.333 F1=0.400 | untyped F1=0.800\n" +
		"\n" +
		"PER  gold=   1 pred=   1 typed P=1.000 R=1.000 F1=1.000\n" +
		"ORG  gold=   0 pred=   1 typed P=0.000 R=0.000 F1=0.000\n" +
		"LOC  gold=   2 pred=   0 typed P=0.000 R=0.000 F1=0.000\n" +
		"MISC gold=   0 pred=   0 typed P=0.000 R=0.000 F1=0.000\n" +
		"\n" +
		"en-1 (en): 2 gold, 2 predicted, 1 wrong type, 0 missed, 0 false positive\n" +
		"  TYPE gold LOC Oldham <- pred ORG Oldham\n" +
		"\n" +
		"nl-1 (nl): 1 gold, 0 predicted, 0 wrong type, 1 missed, 0 false positive\n" +
		"  MISS LOC Den Haag\n"
	if out.String() != want {
		t.Errorf("eval entities -details:\n%s\nwant:\n%s", out, want)
	}

	e, out, _ = evTestEnv(t)
	if err := run(t.Context(), e, []string{"eval", "entities", "-gold", gold, "-pred", pred, "-json", "-lang", "en"}); err != nil {
		t.Fatal(err)
	}
	var res eval.EntityResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("eval entities -json: %v\n%s", err, out)
	}
	if res.Kind != eval.KindEntities || res.All.Gold != 2 || res.All.Typed != 1 || len(res.ByLang) != 1 || res.Docs != nil || res.Unannotated != nil {
		t.Errorf("eval entities -json -lang en = %+v, want the en document alone, no details, no unannotated nl", res)
	}

	for _, args := range [][]string{
		{"-pred", pred},
		{"-gold", gold, "-pred", pred, "-articles", dir},
		{"-gold", filepath.Join(dir, "absent"), "-pred", pred},
	} {
		e, _, _ = evTestEnv(t)
		if err := run(t.Context(), e, append([]string{"eval", "entities"}, args...)); err == nil {
			t.Errorf("eval entities %q: no error", args)
		}
	}
}

// TestEvalEntitiesExtract checks that scoring the extractor's own run
// (the default, over the articles beside the gold) gives what scoring its
// saved output with -pred gives.
func TestEvalEntitiesExtract(t *testing.T) {
	gold := filepath.Join("..", "..", "testdata", "quotes", "gold")
	e, direct, _ := evTestEnv(t)
	if err := run(t.Context(), e, []string{"eval", "entities", "-gold", gold}); err != nil {
		t.Fatal(err)
	}
	pred := filepath.Join(t.TempDir(), "pred.jsonl")
	e, out, _ := evTestEnv(t)
	if err := run(t.Context(), e, []string{"extract", "-format", "jsonl", filepath.Join("..", "..", "testdata", "quotes", "articles")}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pred, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	e, saved, _ := evTestEnv(t)
	if err := run(t.Context(), e, []string{"eval", "entities", "-gold", gold, "-pred", pred}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(direct.Bytes(), saved.Bytes()) {
		t.Errorf("eval entities on the extractor's run:\n%s\non its saved output:\n%s", direct, saved)
	}
	if !strings.Contains(direct.String(), "\nall  gold= 130 ") {
		t.Errorf("eval entities on testdata/quotes does not count its 130 gold entities:\n%s", direct)
	}
}
