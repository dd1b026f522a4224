package main

import (
	"log/slog"
	"sync"

	"github.com/newsgraph/newsgraph/internal/entity"
	"github.com/newsgraph/newsgraph/internal/lang"
	"github.com/newsgraph/newsgraph/internal/lexicon"
	"github.com/newsgraph/newsgraph/internal/ner"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/quote"
	"github.com/newsgraph/newsgraph/internal/text"
)

// engineOptions configures the extraction pipeline shared by extract,
// ingest, worker and eval.
type engineOptions struct {
	Lang  string // force this language instead of detecting it
	NoNER bool   // use the rules only, not the trained taggers
}

// newEngine builds the extraction pipeline: language, segmentation,
// entities, quotes. Lexicons and models load once, on first use, and are
// shared by every pipeline of the process.
func newEngine(log *slog.Logger, opts engineOptions) (*pipeline.Pipeline, error) {
	lex := lexicon.Default()
	var taggers func(string) (entity.Tagger, error)
	if !opts.NoNER {
		taggers = nerTaggers(log)
	}
	return pipeline.New(log,
		lang.NewDetector(opts.Lang),
		text.NewSegmenter(lex),
		entity.NewRecognizer(lex, taggers),
		quote.NewExtractor(lex),
	), nil
}

var noModelWarned sync.Map

// nerTaggers returns the trained tagger of a language; a language without
// a model falls back to the rules, which is said once per language.
func nerTaggers(log *slog.Logger) func(string) (entity.Tagger, error) {
	return func(lang string) (entity.Tagger, error) {
		t, err := ner.Load(lang)
		if err != nil {
			if _, seen := noModelWarned.LoadOrStore(lang, true); !seen && log != nil {
				log.Debug("no NER model: entity rules only", "lang", lang, "err", err)
			}
			return nil, err
		}
		return t, nil
	}
}
