package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/conll"
	"github.com/newsgraph/newsgraph/internal/ner"
)

func init() {
	commands["ner"] = command{"tag CoNLL tokens with named entities (IOB2, SCHEMA §3)", nerCmd}
	evals["ner"] = command{"score NER on a CoNLL or GermEval gold file (conlleval-style)", evalNER}
	trains["ner"] = command{"train an NER model from CoNLL or GermEval data", trainNER}
	trains["clusters"] = command{"learn word clusters from unlabelled text for NER", trainClusters}
}

func parseFormat(s string) (conll.Format, error) {
	switch s {
	case "", "auto":
		return conll.Auto, nil
	case "conll":
		return conll.CoNLL, nil
	case "germeval":
		return conll.GermEval, nil
	}
	return 0, fmt.Errorf("unknown format %q (auto, conll or germeval)", s)
}

// loadTagger returns the model in file, or else the embedded one for lang.
func loadTagger(lang, file string) (*ner.Tagger, error) {
	if file != "" {
		if f, err := os.Stat(file); err != nil || f.IsDir() {
			return nil, fmt.Errorf("model %s: not a readable file", file)
		}
		t, err := ner.LoadFS(os.DirFS(filepath.Dir(file)), filepath.Base(file))
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", file, err)
		}
		return t, nil
	}
	if lang == "" {
		return nil, errors.New("-lang is required")
	}
	return ner.Load(lang)
}

func nerCmd(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("ner", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	lang := fs.String("lang", "", "language of the input (nl, en, es, de)")
	format := fs.String("format", "conll", "input format: conll (token in column 1), germeval, auto")
	modelFile := fs.String("model", "", "model file to use instead of the embedded one")
	doc := fs.Bool("doc", true, "make entity types consistent within each -DOCSTART- document")
	window := fs.Int("window", 20, "in a file without -DOCSTART- marks, make entity types consistent within this many sentences before and after each, as the es second stage sees them (0: not at all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := parseFormat(*format)
	if err != nil {
		return err
	}
	t, err := loadTagger(*lang, *modelFile)
	if err != nil {
		return err
	}
	if *doc && t.Info().Stack != nil {
		return annotateDocs(e, t, f, *window)
	}
	var fix conll.DocFunc
	if *doc {
		fix = ner.Consistent
	}
	_, err = conll.Annotate(e.stdin, e.stdout, "stdin", f, t.Tag, fix)
	return err
}

// annotateDocs tags the input as eval ner does with a two-stage model:
// each document with TagDoc (the text before any marker counts as one, as
// the second stage's window bounds what it sees), then consistent types.
// The input is read whole, first for its sentences and then to copy it
// out with the tags.
func annotateDocs(e *env, t *ner.Tagger, f conll.Format, window int) error {
	data, err := io.ReadAll(e.stdin)
	if err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	sents, err := conll.Read(bytes.NewReader(data), "stdin", conll.Options{Format: f})
	if err != nil {
		return err
	}
	tagged := tagDocs(t, sents)
	consistent(tagged, window)
	next := 0
	tag := func(words, dst []string) []string {
		if next >= len(tagged) || len(tagged[next].Tags) != len(words) {
			return dst[:0] // Annotate reports the mismatch
		}
		next++
		return append(dst[:0], tagged[next-1].Tags...)
	}
	_, err = conll.Annotate(bytes.NewReader(data), e.stdout, "stdin", f, tag, nil)
	return err
}

func readCoNLL(name string, f conll.Format) ([]conll.Sentence, error) {
	file, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return conll.Read(file, name, conll.Options{Format: f, Tags: true})
}

func evalNER(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("eval ner", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	lang := fs.String("lang", "", "language of the model to use")
	gold := fs.String("gold", "", "gold file (CoNLL: tag in the last column; GermEval: outer column)")
	pred := fs.String("pred", "", "already tagged file to score instead of tagging gold (tag in the last column)")
	format := fs.String("format", "auto", "format of the gold file: auto, conll, germeval")
	modelFile := fs.String("model", "", "model file to use instead of the embedded one")
	doc := fs.Bool("doc", true, "make entity types consistent within each -DOCSTART- document")
	window := fs.Int("window", 20, "in a file without -DOCSTART- marks, make entity types consistent within this many sentences before and after each, as the es second stage sees them (0: not at all)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *gold == "" {
		return errors.New("eval ner: -gold is required")
	}
	f, err := parseFormat(*format)
	if err != nil {
		return err
	}
	g, err := readCoNLL(*gold, f)
	if err != nil {
		return err
	}
	var p []conll.Sentence
	if *pred != "" {
		if p, err = readCoNLL(*pred, conll.CoNLL); err != nil {
			return err
		}
	} else {
		t, err := loadTagger(*lang, *modelFile)
		if err != nil {
			return err
		}
		start := time.Now()
		ntok := 0
		for _, s := range g {
			ntok += len(s.Words)
		}
		if *doc {
			p = tagDocs(t, g)
			consistent(p, *window)
		} else {
			for _, s := range g {
				p = append(p, conll.Sentence{Line: s.Line, Doc: s.Doc, Words: s.Words, Tags: t.Tag(s.Words, nil)})
			}
		}
		took := time.Since(start)
		e.log.InfoContext(ctx, "tagged", "file", *gold, "tokens", ntok, "took", took,
			"tokens_per_s", int(float64(ntok)/took.Seconds()))
	}
	counts, err := conll.Score(g, p)
	if err != nil {
		return fmt.Errorf("eval ner %s: %w", *gold, err)
	}
	return counts.Write(e.stdout)
}

func trainNER(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("train ner", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cfg ner.TrainConfig
	fs.StringVar(&cfg.Lang, "lang", "", "language code recorded in the model")
	train := fs.String("train", "", "training file (CoNLL or GermEval)")
	dev := fs.String("dev", "", "development file, scored after each epoch (optional)")
	out := fs.String("out", "", "model file to write (e.g. internal/ner/models/nl.ner.gz)")
	clusters := fs.String("clusters", "", "word clusters file from \"newsgraph train clusters\" (optional)")
	fs.IntVar(&cfg.Epochs, "epochs", 12, "passes over the training data")
	fs.Int64Var(&cfg.Seed, "seed", 1, "random seed for the sentence order")
	bits := fs.Uint("bits", 18, "log2 of the number of rows of the hashed weight table")
	fs.IntVar(&cfg.Folds, "folds", 5, "parts for the jack-knifed gazetteer features (1: off)")
	fs.Float64Var(&cfg.Dropout, "dropout", 0, "probability of hiding a training word's identity in an epoch")
	names := fs.String("names", "", "comma-separated tagged files (e.g. other languages' train splits) whose names form an external gazetteer")
	extra := fs.String("extra", "", "comma-separated tagged files added to the training data (also to every fold with -cv)")
	fs.BoolVar(&cfg.Augment, "augment", false, "with -extra: give the -train data features of its own (domain adaptation)")
	cldr := fs.Bool("cldr", false, "add the CLDR names of countries and languages in -lang to the external gazetteer")
	fs.IntVar(&cfg.Bags, "bags", 1, "train this many perceptrons in turn and average them")
	fs.IntVar(&cfg.StackFolds, "stack", 0, "add a second stage that sees the first stage's labels elsewhere in the document, trained on this many jack-knife folds (0: none)")
	fs.IntVar(&cfg.StackBefore, "stack-before", -1, "sentences before a sentence that the second stage sees (-1: all of the document)")
	fs.IntVar(&cfg.StackAfter, "stack-after", -1, "sentences after a sentence that the second stage sees (-1: all of the document)")
	features := fs.String("features", "", "comma-separated optional feature groups: heads (trigger words of -lang, internal/ner/data)")
	cv := fs.Int("cv", 0, "cross-validate with this many folds of -train instead of using -dev")
	format := fs.String("format", "auto", "format of the data: auto, conll, germeval")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *train == "" || (*out == "" && *cv == 0) {
		return errors.New("train ner: -train and -out are required")
	}
	cfg.Bits = *bits
	if *features != "" {
		cfg.Features = strings.Split(*features, ",")
	}
	f, err := parseFormat(*format)
	if err != nil {
		return err
	}
	tr, err := readCoNLL(*train, f)
	if err != nil {
		return err
	}
	cfg.TrainName = *train
	if *clusters != "" {
		cfg.ClustersName = *clusters
		if cfg.Clusters, err = ner.ReadClustersFile(*clusters); err != nil {
			return err
		}
	}
	if *names != "" {
		for _, n := range strings.Split(*names, ",") {
			ss, err := readCoNLL(n, conll.Auto)
			if err != nil {
				return err
			}
			cfg.Names = append(cfg.Names, ner.NamesOf(ss)...)
		}
	}
	var ex []conll.Sentence
	if *extra != "" {
		for _, n := range strings.Split(*extra, ",") {
			ss, err := readCoNLL(n, conll.Auto)
			if err != nil {
				return err
			}
			ex = append(ex, ss...)
		}
	}
	cfg.Extra = ex
	if *cldr {
		cfg.Names = append(cfg.Names, ner.CLDRNames(cfg.Lang)...)
	}
	var dv []conll.Sentence
	if *dev != "" {
		if dv, err = readCoNLL(*dev, f); err != nil {
			return err
		}
	}
	if *cv > 1 {
		return crossValidate(e, tr, cfg, *cv)
	}
	cfg.Progress = func(epoch int, f1 float64, took time.Duration) {
		if f1 >= 0 {
			fmt.Fprintf(e.stdout, "epoch %d dev F1 %.4f (%s)\n", epoch, f1, took.Round(time.Millisecond))
		} else {
			fmt.Fprintf(e.stdout, "epoch %d (%s)\n", epoch, took.Round(time.Millisecond))
		}
	}
	t, err := ner.Train(tr, dv, cfg)
	if err != nil {
		return err
	}
	w, err := os.Create(*out)
	if err != nil {
		return err
	}
	n, err := t.WriteTo(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d bytes)\n", *out, n)
	return nil
}

// crossValidate trains on k-1 parts of data and scores the held-out part,
// k times, and prints the F1 of each fold and of all folds pooled.
func crossValidate(e *env, data []conll.Sentence, cfg ner.TrainConfig, k int) error {
	all := conll.NewCounts()
	for fold := range k {
		lo, hi := fold*len(data)/k, (fold+1)*len(data)/k
		var tr []conll.Sentence
		tr = append(tr, data[:lo]...)
		tr = append(tr, data[hi:]...)
		t, err := ner.Train(tr, nil, cfg)
		if err != nil {
			return err
		}
		c := conll.NewCounts()
		for k, p := range tagDocs(t, data[lo:hi]) {
			if err := c.Add(data[lo+k].Tags, p.Tags); err != nil {
				return err
			}
			if err := all.Add(data[lo+k].Tags, p.Tags); err != nil {
				return err
			}
		}
		fmt.Fprintf(e.stdout, "fold %d/%d F1 %.4f\n", fold+1, k, c.F1())
	}
	fmt.Fprintf(e.stdout, "cross-validated (%d folds):\n", k)
	return all.Write(e.stdout)
}

func trainClusters(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("train clusters", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var cfg ner.ClusterConfig
	lang := fs.String("lang", "", "keep only JSONL records with this lang (optional)")
	out := fs.String("out", "", "clusters file to write")
	fs.IntVar(&cfg.MinCount, "min-count", 3, "cluster only words seen this often")
	fs.IntVar(&cfg.Contexts, "contexts", 2000, "most frequent words used as contexts")
	fs.IntVar(&cfg.Depth, "depth", 14, "depth of the cluster tree")
	fs.Int64Var(&cfg.Seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() == 0 {
		return errors.New("usage: newsgraph train clusters -out FILE [-lang L] FILE... (JSONL with a text field, or CoNLL)")
	}
	c := ner.NewCounter()
	for _, name := range fs.Args() {
		if err := countFile(c, name, *lang); err != nil {
			return err
		}
	}
	start := time.Now()
	cs := c.Clusters(cfg)
	w, err := os.Create(*out)
	if err != nil {
		return err
	}
	err = ner.WriteClusters(w, cs)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d words from %d tokens (%s)\n", *out, len(cs), c.Tokens(), time.Since(start).Round(time.Millisecond))
	return nil
}

// countFile adds the sentences of a JSONL file (records with "text" and
// optionally "title" and "lang") or a CoNLL file to c.
func countFile(c *ner.Counter, name, lang string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if !strings.HasSuffix(name, ".jsonl") {
		ss, err := conll.Read(f, name, conll.Options{})
		if err != nil {
			return err
		}
		for _, s := range ss {
			c.Add(s.Words)
		}
		return nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	num := 0
	for sc.Scan() {
		num++
		var rec struct{ Lang, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("%s:%d: %w", name, num, err)
		}
		if lang != "" && rec.Lang != "" && rec.Lang != lang {
			continue
		}
		ner.Tokenize(rec.Title, c.Add)
		ner.Tokenize(rec.Text, c.Add)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// tagDocs tags sents a document at a time (a run of sentences with the
// same Doc; text before any marker counts as one), so that a two-stage
// model sees the rest of the document.
func tagDocs(t *ner.Tagger, sents []conll.Sentence) []conll.Sentence {
	out := make([]conll.Sentence, 0, len(sents))
	var words [][]string
	for _, doc := range conll.Docs(sents) {
		words = words[:0]
		for _, s := range doc {
			words = append(words, s.Words)
		}
		for k, tags := range t.TagDoc(words, nil) {
			s := doc[k]
			out = append(out, conll.Sentence{Line: s.Line, Doc: s.Doc, Words: s.Words, Tags: tags})
		}
	}
	return out
}

// consistent applies ner.Consistent to each document that a marker
// started (Doc > 0), and to text before any marker (a file without
// them) within window sentences of each sentence, when window > 0.
func consistent(sents []conll.Sentence, window int) {
	for _, doc := range conll.Docs(sents) {
		if doc[0].Doc == 0 && window <= 0 {
			continue
		}
		var words, tags [][]string
		for _, s := range doc {
			words = append(words, s.Words)
			tags = append(tags, s.Tags)
		}
		if doc[0].Doc == 0 {
			ner.ConsistentWithin(words, tags, window)
		} else {
			ner.Consistent(words, tags)
		}
	}
}
