package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"runtime"

	"github.com/newsgraph/newsgraph/internal/eval"
)

func init() {
	evals["entities"] = command{"score document-level entities against gold (SCHEMA §4 \"entities\")", evalEntities}
}

// evalEntities scores the clustered entities that extract outputs against
// the "entities" lists of the gold files, the way the prototype
// internal/eval/testdata/entity_score.py does.
func evalEntities(ctx context.Context, e *env, args []string) error {
	var cfg evalQuotesConfig
	fs := flag.NewFlagSet("eval entities", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg.bindGold(fs, "directory of gold <id>.json files (required); files without \"entities\" are not scored")
	fs.StringVar(&cfg.Pred, "pred", "", "score these predictions (extract --format jsonl output) instead of running the extractor")
	fs.BoolVar(&cfg.JSON, "json", false, "print the scores as JSON")
	fs.BoolVar(&cfg.Details, "details", false, "list misses, type errors and false positives per document")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "extract with the entity rules only, not the trained taggers")
	fs.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "documents processed in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.checkGold(fs, "eval entities"); err != nil {
		return err
	}
	gold, unannotated, loadErr := eval.LoadEntityGold(cfg.Gold)
	if gold == nil && unannotated == nil && loadErr != nil {
		return fmt.Errorf("eval entities: %w", loadErr)
	}
	gold = eval.FilterEntityLang(gold, cfg.Lang)
	unannotated = eval.FilterEntityLang(unannotated, cfg.Lang)
	preds, predErr := goldPredictions(ctx, e, &cfg)
	if preds == nil && predErr != nil {
		return fmt.Errorf("eval entities: %w", predErr)
	}
	res := eval.ScoreEntities(gold, preds)
	for _, d := range unannotated {
		res.Unannotated = append(res.Unannotated, d.ID)
	}
	var err error
	if cfg.JSON {
		err = res.WriteJSON(e.stdout, cfg.Details)
	} else {
		err = res.WriteText(e.stdout, cfg.Details)
	}
	if err != nil {
		return err
	}
	if err := errors.Join(loadErr, predErr); err != nil {
		fmt.Fprintln(e.stderr, "newsgraph:", err)
		return errSome
	}
	return nil
}
