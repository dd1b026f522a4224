package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"

	"github.com/newsgraph/newsgraph/internal/entity"
	"github.com/newsgraph/newsgraph/internal/event"
	"github.com/newsgraph/newsgraph/internal/kb"
	"github.com/newsgraph/newsgraph/internal/lang"
	"github.com/newsgraph/newsgraph/internal/lexicon"
	"github.com/newsgraph/newsgraph/internal/ner"
	"github.com/newsgraph/newsgraph/internal/pipeline"
	"github.com/newsgraph/newsgraph/internal/quote"
	"github.com/newsgraph/newsgraph/internal/text"
	"github.com/newsgraph/newsgraph/internal/tone"
)

// engineOptions configures the extraction pipeline shared by extract,
// ingest, worker and eval.
type engineOptions struct {
	Lang     string // force this language instead of detecting it
	NoNER    bool   // use the rules only, not the trained taggers
	Aliases  string // a folder of alias files (*.tsv: alias, canonical, type) for the linker
	NoEvents bool   // leave out the event and tone stages
}

// newEngine builds the extraction pipeline: language, segmentation,
// entities, cross-language links, quotes, events, tone. Lexicons and models load once, on first use, and are
// shared by every pipeline of the process.
func newEngine(log *slog.Logger, opts engineOptions) (*pipeline.Pipeline, error) {
	lex := lexicon.Default()
	var taggers func(string) (entity.Tagger, error)
	if !opts.NoNER {
		taggers = nerTaggers(log)
	}
	var aliases fs.FS
	if opts.Aliases != "" {
		fi, err := os.Stat(opts.Aliases)
		if err != nil {
			return nil, fmt.Errorf("aliases: %w", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("aliases: %s is not a folder of .tsv files", opts.Aliases)
		}
		aliases = os.DirFS(opts.Aliases)
	}
	linker, err := kb.New(aliases)
	if err != nil {
		return nil, err
	}
	stages := []pipeline.Stage{
		lang.NewDetector(opts.Lang),
		text.NewSegmenter(lex),
		entity.NewRecognizer(lex, taggers),
		linker,
		quote.NewExtractor(lex),
		linker.Metonyms(),
	}
	if !opts.NoEvents {
		stages = append(stages, event.NewCoder(), tone.NewScorer())
	}
	return pipeline.New(log, stages...), nil
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
