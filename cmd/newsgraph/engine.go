package main

import (
	"log/slog"

	"github.com/newsgraph/newsgraph/internal/pipeline"
)

// engineOptions configures the extraction pipeline shared by extract,
// ingest, worker and eval.
type engineOptions struct {
	Lang string // force this language instead of detecting it
}

// newEngine builds the extraction pipeline: language, segmentation,
// entities, quotes, events, tone. Lexicons and models load once, here.
func newEngine(log *slog.Logger, opts engineOptions) (*pipeline.Pipeline, error) {
	return pipeline.New(log), nil
}
