package main

import "context"

// evals holds the "newsgraph eval <what>" subcommands; each adds itself in
// its own file.
var evals = map[string]command{}

// trains holds the "newsgraph train <what>" subcommands.
var trains = map[string]command{}

func init() {
	commands["eval"] = command{"score extraction against gold data (quotes, polnear, ner, events, entities)",
		func(ctx context.Context, e *env, args []string) error {
			return subcommands(ctx, e, "eval", evals, args)
		}}
	commands["train"] = command{"train a model from named data (ner)",
		func(ctx context.Context, e *env, args []string) error {
			return subcommands(ctx, e, "train", trains, args)
		}}
}
