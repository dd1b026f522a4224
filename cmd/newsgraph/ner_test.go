package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func nerEnv(stdin string) (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, log: slog.New(slog.DiscardHandler)}, &out, &errb
}

func TestNERCommand(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nChancellor NNP\nHelmut NNP\nKohl NNP\nvisited VBD\nParis NNP\n. .\n"
	e, out, _ := nerEnv(in)
	if err := run(t.Context(), e, []string{"ner", "-lang", "en"}); err != nil {
		t.Fatal(err)
	}
	want := "-DOCSTART- -X- O O\n\nChancellor NNP O\nHelmut NNP B-PER\nKohl NNP I-PER\nvisited VBD O\nParis NNP B-LOC\n. . O\n"
	if out.String() != want {
		t.Errorf("ner output:\n%s\nwant:\n%s", out, want)
	}

	// A two-stage model reads the whole input and tags it a document at a
	// time; text before any marker and blank lines pass through as well.
	in = "Wim Kok\n\n-DOCSTART-\n\nPremier Wim Kok sprak .\n\nKok zei niets .\n"
	in = strings.NewReplacer(" ", "\n").Replace(in)
	e, out, _ = nerEnv(in)
	if err := run(t.Context(), e, []string{"ner", "-lang", "nl"}); err != nil {
		t.Fatal(err)
	}
	want = "Wim B-PER\nKok I-PER\n\n-DOCSTART-\n\nPremier O\nWim B-PER\nKok I-PER\nsprak O\n. O\n\nKok B-PER\nzei O\nniets O\n. O\n"
	if out.String() != want {
		t.Errorf("ner -lang nl output:\n%s\nwant:\n%s", out, want)
	}

	for _, tt := range []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"no model", []string{"ner", "-lang", "xx"}, "a\n", "no NER model for this language"},
		{"empty input", []string{"ner", "-lang", "en"}, "", "stdin: no tokens"},
		{"no lang", []string{"ner"}, "a\n", "-lang is required"},
		{"bad format", []string{"ner", "-lang", "en", "-format", "xml"}, "a\n", `unknown format "xml"`},
	} {
		e, _, _ := nerEnv(tt.stdin)
		err := run(t.Context(), e, tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestEvalNER(t *testing.T) {
	dir := t.TempDir()
	gold := filepath.Join(dir, "gold")
	pred := filepath.Join(dir, "pred")
	bad := filepath.Join(dir, "bad")
	os.WriteFile(gold, []byte("EU NNP I-ORG\nrejects VBZ O\nGerman JJ I-MISC\ncall NN O\n\nPeter NNP I-PER\nBlackburn NNP I-PER\n"), 0o644)
	os.WriteFile(pred, []byte("EU B-ORG\nrejects O\nGerman B-LOC\ncall O\n\nPeter B-PER\nBlackburn I-PER\n"), 0o644)
	os.WriteFile(bad, []byte("EU NNP I-ORG\nrejects VBZ X-ORG\n"), 0o644)

	e, out, _ := nerEnv("")
	if err := run(t.Context(), e, []string{"eval", "ner", "-gold", gold, "-pred", pred}); err != nil {
		t.Fatal(err)
	}
	want := "LOC   P=0.0000 R=0.0000 F1=0.0000 (gold 0)\n" +
		"MISC  P=0.0000 R=0.0000 F1=0.0000 (gold 1)\n" +
		"ORG   P=1.0000 R=1.0000 F1=1.0000 (gold 1)\n" +
		"PER   P=1.0000 R=1.0000 F1=1.0000 (gold 1)\n" +
		"ALL   P=0.6667 R=0.6667 F1=0.6667\n" +
		"F1 0.6667\n"
	if out.String() != want {
		t.Errorf("eval ner -pred:\n%s\nwant:\n%s", out, want)
	}

	e, out, _ = nerEnv("")
	if err := run(t.Context(), e, []string{"eval", "ner", "-lang", "en", "-gold", gold}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.String(), "\n") || !strings.Contains(out.String(), "F1 ") {
		t.Errorf("eval ner with the en model printed %q", out)
	}

	e, _, _ = nerEnv("")
	err := run(t.Context(), e, []string{"eval", "ner", "-gold", bad, "-pred", pred})
	if err == nil || !strings.Contains(err.Error(), bad+`:2: unknown tag "X-ORG"`) {
		t.Errorf("eval ner on a bad gold file: error %v", err)
	}
}

func TestTrainNER(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "train")
	var b strings.Builder
	for i := range 60 {
		names := []string{"Anna", "Boris", "Carla", "Dirk"}
		b.WriteString("Volgens O\n" + names[i%4] + " B-PER\nis O\nhet O\ngoed O\n. O\n\n")
		b.WriteString("In O\nGent B-LOC\nregent O\nhet O\n. O\n\n")
	}
	os.WriteFile(train, []byte(b.String()), 0o644)
	model := filepath.Join(dir, "xx.ner.gz")
	e, out, _ := nerEnv("")
	if err := run(t.Context(), e, []string{"train", "ner", "-lang", "xx", "-train", train, "-dev", train,
		"-out", model, "-epochs", "2", "-bits", "14"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "epoch 2 dev F1 1.0000") {
		t.Errorf("train ner printed %q, want per-epoch dev F1 reaching 1.0000", out)
	}
	e, out, _ = nerEnv("Volgens\nDirk\nis\nhet\ngoed\n")
	if err := run(t.Context(), e, []string{"ner", "-model", model}); err != nil {
		t.Fatal(err)
	}
	if want := "Volgens O\nDirk B-PER\nis O\nhet O\ngoed O\n"; out.String() != want {
		t.Errorf("ner -model = %q, want %q", out, want)
	}
}
