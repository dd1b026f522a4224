package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
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
	fs.StringVar(&cfg.Gold, "gold", "", "directory of gold <id>.json files (required); files without \"entities\" are not scored")
	fs.StringVar(&cfg.Articles, "articles", "", "directory of the articles to extract from (default: ../articles beside -gold, unless -pred)")
	fs.StringVar(&cfg.Lang, "lang", "", "score only the gold documents of this language")
	fs.StringVar(&cfg.Pred, "pred", "", "score these predictions (extract --format jsonl output) instead of running the extractor")
	fs.BoolVar(&cfg.JSON, "json", false, "print the scores as JSON")
	fs.BoolVar(&cfg.Details, "details", false, "list misses, type errors and false positives per document")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "extract with the entity rules only, not the trained taggers")
	fs.IntVar(&cfg.Workers, "workers", runtime.GOMAXPROCS(0), "documents processed in parallel")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.Gold == "" {
		fs.Usage()
		return errors.New("eval entities: -gold is required")
	}
	if cfg.Pred != "" && cfg.Articles != "" {
		return errors.New("eval entities: give -articles or -pred, not both")
	}
	gold, unannotated, loadErr := eval.LoadEntityGold(cfg.Gold)
	if gold == nil && unannotated == nil && loadErr != nil {
		return fmt.Errorf("eval entities: %w", loadErr)
	}
	gold = eval.FilterEntityLang(gold, cfg.Lang)
	unannotated = eval.FilterEntityLang(unannotated, cfg.Lang)
	var inputs []string
	if cfg.Pred == "" {
		if cfg.Articles == "" {
			cfg.Articles = filepath.Join(filepath.Dir(filepath.Clean(cfg.Gold)), "articles")
		}
		inputs = []string{cfg.Articles}
	}
	preds, predErr := predictions(ctx, e, &cfg, inputs, "")
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
