package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/eval"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/lang"
	"github.com/newsgraph/newsgraph/internal/pipeline"
)

func init() {
	evals["quotes"] = command{"score quotes and speakers against gold (SCHEMA §4, as score_quotes.py)", evalQuotes}
	evals["polnear"] = command{"score quotes against PolNeAR attributions (as score_polnear.py)", evalPolNeAR}
	evals["lang"] = command{"score language identification on documents that give their language", evalLang}
}

type evalQuotesConfig struct {
	Gold, Articles, Pred, Dir, Lang string
	JSON, Details, NoNER            bool
	Parts                           bool   // polnear: score the parts of an interrupted quotation apart
	Write                           string // polnear: write the predictions scored here
	Workers                         int
	MinF1                           float64
}

func (cfg *evalQuotesConfig) bind(fs *flag.FlagSet) {
	fs.StringVar(&cfg.Pred, "pred", "", "score these predictions (extract --format jsonl output) instead of running the extractor")
	fs.BoolVar(&cfg.JSON, "json", false, "print the scores as JSON")
	fs.BoolVar(&cfg.Details, "details", false, "list misses, false positives and wrong speakers per document")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "extract with the entity rules only, not the trained taggers")
	fs.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "documents processed in parallel")
	fs.Float64Var(&cfg.MinF1, "min-f1", 0, "fail when the end-to-end F1 is below this")
}

func evalQuotes(ctx context.Context, e *env, args []string) error {
	var cfg evalQuotesConfig
	fs := flag.NewFlagSet("eval quotes", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg.bindGold(fs, "directory of gold <id>.json files (required)")
	cfg.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.checkGold(fs, "eval quotes"); err != nil {
		return err
	}
	gold, loadErr := eval.LoadGold(cfg.Gold)
	if gold == nil && loadErr != nil {
		return fmt.Errorf("eval quotes: %w", loadErr)
	}
	gold = eval.FilterLang(gold, cfg.Lang)
	preds, predErr := goldPredictions(ctx, e, &cfg)
	if preds == nil && predErr != nil {
		return fmt.Errorf("eval quotes: %w", predErr)
	}
	return report(e, &cfg, eval.ScoreQuotes(gold, preds), loadErr, predErr)
}

// bindGold binds the flags of a command that scores a directory of gold
// files (SCHEMA §4): -gold, -articles and -lang.
func (cfg *evalQuotesConfig) bindGold(fs *flag.FlagSet, goldUsage string) {
	fs.StringVar(&cfg.Gold, "gold", "", goldUsage)
	fs.StringVar(&cfg.Articles, "articles", "", "directory of the articles to extract from (default: ../articles beside -gold, unless -pred)")
	fs.StringVar(&cfg.Lang, "lang", "", "score only the gold documents of this language")
}

// checkGold reports a missing -gold, or -articles given with -pred.
func (cfg *evalQuotesConfig) checkGold(fs *flag.FlagSet, cmd string) error {
	if cfg.Gold == "" {
		fs.Usage()
		return fmt.Errorf("%s: -gold is required", cmd)
	}
	if cfg.Pred != "" && cfg.Articles != "" {
		return fmt.Errorf("%s: give -articles or -pred, not both", cmd)
	}
	return nil
}

// goldPredictions reads the predictions of -pred, or extracts the
// articles of -articles (by default ../articles beside -gold).
func goldPredictions(ctx context.Context, e *env, cfg *evalQuotesConfig) (map[string]*article.Article, error) {
	var inputs []string
	if cfg.Pred == "" {
		if cfg.Articles == "" {
			cfg.Articles = filepath.Join(filepath.Dir(filepath.Clean(cfg.Gold)), "articles")
		}
		inputs = []string{cfg.Articles}
	}
	return predictions(ctx, e, cfg, inputs, "")
}

func evalPolNeAR(ctx context.Context, e *env, args []string) error {
	var cfg evalQuotesConfig
	fs := flag.NewFlagSet("eval polnear", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.Dir, "dir", "", "PolNeAR split directory with text/ and attributions/ (required)")
	fs.BoolVar(&cfg.Parts, "parts", false, "score the two parts of a quotation cut by its attribution as two quotes, as extract outputs them, instead of as one PolNeAR Content")
	fs.StringVar(&cfg.Write, "write", "", "write the predictions as scored (JSONL) to this file, for score_polnear.py")
	cfg.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.Dir == "" {
		fs.Usage()
		return errors.New("eval polnear: -dir is required")
	}
	gold, loadErr := eval.LoadPolNeAR(cfg.Dir)
	if gold == nil && loadErr != nil {
		return fmt.Errorf("eval polnear: %w", loadErr)
	}
	var inputs []string
	if cfg.Pred == "" {
		for _, g := range gold {
			inputs = append(inputs, g.TextPath)
		}
	}
	preds, predErr := predictions(ctx, e, &cfg, inputs, "en")
	if preds == nil && predErr != nil {
		return fmt.Errorf("eval polnear: %w", predErr)
	}
	if !cfg.Parts {
		preds = eval.InPolNeARConvention(preds)
	}
	if cfg.Write != "" {
		if err := writePredictions(cfg.Write, preds); err != nil {
			return fmt.Errorf("eval polnear: %w", err)
		}
	}
	return report(e, &cfg, eval.ScorePolNeAR(gold, preds), loadErr, predErr)
}

// predictions reads cfg.Pred, or else runs the extraction pipeline over
// inputs on all cores. lang, when set, is the language of inputs that do
// not say theirs. Inputs that fail are in the joined error; the others
// are returned.
func predictions(ctx context.Context, e *env, cfg *evalQuotesConfig, inputs []string, lang string) (map[string]*article.Article, error) {
	if cfg.Pred != "" {
		f, err := os.Open(cfg.Pred)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		preds, err := eval.ReadPredictions(f)
		if err != nil {
			err = fmt.Errorf("%s: %w", cfg.Pred, err)
		}
		return preds, err
	}
	p, err := newEngine(e.log, engineOptions{NoNER: cfg.NoNER})
	if err != nil {
		return nil, err
	}
	in := make(chan *article.Article)
	out := make(chan pipeline.Result)
	readErrs := make(chan []error, 1)
	go func() {
		defer close(in)
		var errs []error
		defer func() { readErrs <- errs }()
		for item := range ingest.Read(ctx, inputs, e.stdin, ingest.Options{}) {
			if item.Err != nil {
				errs = append(errs, item.Err)
				continue
			}
			if item.Article.Lang == "" {
				item.Article.Lang = lang
			}
			select {
			case in <- item.Article:
			case <-ctx.Done():
				return
			}
		}
	}()
	go p.Run(ctx, cfg.Workers, in, out)
	preds := map[string]*article.Article{}
	var errs []error
	for r := range out {
		if r.Err != nil {
			errs = append(errs, fmt.Errorf("extract %s: %w", r.Article.ID, r.Err))
			continue
		}
		preds[r.Article.ID] = r.Article
	}
	errs = append(<-readErrs, errs...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return preds, errors.Join(errs...)
}

// report prints the result and then the input errors, which make the
// command fail after the scores of everything else.
func report(e *env, cfg *evalQuotesConfig, res *eval.Result, errs ...error) error {
	var err error
	if cfg.JSON {
		err = res.WriteJSON(e.stdout, cfg.Details)
	} else {
		err = res.WriteText(e.stdout, cfg.Details)
	}
	if err != nil {
		return err
	}
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(e.stderr, "newsgraph:", err)
		return errSome
	}
	if res.All.E2EF1 < cfg.MinF1 {
		return fmt.Errorf("end-to-end F1 %.3f is below -min-f1 %.3f", res.All.E2EF1, cfg.MinF1)
	}
	return nil
}

// evalLang detects the language of documents that carry one (a JSONL
// "lang" field, say) and scores the detector against it.
func evalLang(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval lang", "usage: newsgraph eval lang [flags] INPUT...\n\nINPUT is anything extract reads; documents without a language are skipped.\n\nflags:\n")
	prefix := fs.Int("prefix", 0, "detect on the first N bytes of each text only (0: the whole text)")
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	inputs, err := parseInputs(fs, args)
	if err != nil {
		return err
	}
	d := lang.NewDetector("")
	var tally eval.LangTally
	var errs []error
	skipped := 0
	for item := range ingest.Read(ctx, inputs, e.stdin, ingest.Options{}) {
		if item.Err != nil {
			errs = append(errs, item.Err)
			continue
		}
		a := item.Article
		if a.Lang == "" {
			skipped++
			continue
		}
		text := a.Text
		if *prefix > 0 && len(text) > *prefix {
			text = strings.ToValidUTF8(text[:*prefix], "")
		}
		got, _ := d.Detect(text)
		tally.Add(a.Lang, got)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	scores := tally.Scores()
	if *asJSON {
		var b []byte
		if b, err = json.MarshalIndent(scores, "", "  "); err == nil {
			_, err = e.stdout.Write(append(b, '\n'))
		}
	} else {
		err = eval.WriteLangText(e.stdout, scores)
	}
	if err != nil {
		return err
	}
	if skipped > 0 {
		e.log.Info("documents without a language skipped", "count", skipped)
	}
	if len(errs) > 0 {
		for _, err := range errs[:min(len(errs), 5)] {
			fmt.Fprintln(e.stderr, "newsgraph:", err)
		}
		fmt.Fprintf(e.stderr, "newsgraph: %d input(s) failed\n", len(errs))
		return errSome
	}
	return nil
}

// writePredictions writes preds to path in id order, one document a line
// as extract writes them (writeJSONL), the form that -pred and the
// reference scorers read.
func writePredictions(path string, preds map[string]*article.Article) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, id := range slices.Sorted(maps.Keys(preds)) {
		writeJSONL(w, preds[id])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
