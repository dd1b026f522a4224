package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/event"
	"github.com/newsgraph/newsgraph/internal/pipeline"
)

func init() {
	evals["events"] = command{"score event coding against PETR records (-petr) or gold JSONL (-gold)", evalEvents}
	commands["events"] = command{"extract events as a GDELT-like TSV or as JSONL, one line per event", eventsCmd}
}

type evalEventsConfig struct {
	PETR   string
	Gold   string
	Misses bool
	JSON   bool
	NoNER  bool
}

func evalEvents(ctx context.Context, e *env, args []string) error {
	var cfg evalEventsConfig
	fs := flag.NewFlagSet("eval events", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&cfg.PETR, "petr", "", "PETRARCH-2 validation records (XML-like), CAMEO codes mapped to PLOVER")
	fs.StringVar(&cfg.Gold, "gold", "", "directory of gold *.jsonl files (internal/event/README.md)")
	fs.BoolVar(&cfg.Misses, "misses", false, "list the sentences whose events differ from gold")
	fs.BoolVar(&cfg.JSON, "json", false, "print the reports as JSON")
	fs.BoolVar(&cfg.NoNER, "no-ner", false, "use the entity rules only, not the trained taggers")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsgraph eval events [-petr FILE] [-gold DIR] [flags]\n\nEach gold sentence runs through the full extraction pipeline as one article;\ntype, source and target are scored at the sentence level (internal/event/README.md).\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.PETR == "" && cfg.Gold == "" {
		fs.Usage()
		return flag.ErrHelp
	}
	type set struct {
		name string
		gold []event.Gold
	}
	var sets []set
	bad := 0
	if cfg.PETR != "" {
		f, err := os.Open(cfg.PETR)
		if err != nil {
			return fmt.Errorf("eval events: %w", err)
		}
		g, errs := event.ReadPETR(f, cfg.PETR)
		f.Close()
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
		}
		bad += len(errs)
		sets = append(sets, set{"petr", g})
	}
	if cfg.Gold != "" {
		g, errs := event.ReadGoldDir(cfg.Gold)
		for _, err := range errs {
			fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
		}
		bad += len(errs)
		byLang := map[string][]event.Gold{}
		var langs []string
		for _, x := range g {
			if byLang[x.Lang] == nil {
				langs = append(langs, x.Lang)
			}
			byLang[x.Lang] = append(byLang[x.Lang], x)
		}
		for _, l := range langs {
			sets = append(sets, set{"gold " + l, byLang[l]})
		}
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	engines := map[string]*pipeline.Pipeline{}
	for _, s := range sets {
		pred := make([][]event.GoldEvent, len(s.gold))
		for i, g := range s.gold {
			p := engines[g.Lang]
			if p == nil {
				var err error
				p, err = newEngine(e.log, engineOptions{Lang: g.Lang, NoNER: cfg.NoNER})
				if err != nil {
					return err
				}
				engines[g.Lang] = p
			}
			a := &article.Article{ID: g.ID, Lang: g.Lang, Date: g.Date, Text: g.Text}
			if err := p.Process(ctx, a); err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				fmt.Fprintf(e.stderr, "newsgraph: %s: %v\n", g.ID, err)
				bad++
				continue
			}
			pred[i] = event.AsGold(a.Events)
		}
		r, misses := event.Score(s.gold, pred)
		if cfg.JSON {
			writeEventReportJSON(out, s.name, r, misses, cfg.Misses)
			continue
		}
		writeEventReport(out, s.name, r)
		if cfg.Misses {
			for _, m := range misses {
				fmt.Fprintf(out, "  %s %s\n    pred %q\n    gold %q\n", m.ID, m.Text, m.Pred, m.Gold)
			}
		}
	}
	if bad > 0 {
		out.Flush()
		fmt.Fprintf(e.stderr, "newsgraph: %d gold record(s) or sentence(s) failed\n", bad)
		return errSome
	}
	return nil
}

func writeEventReport(w io.Writer, name string, r event.Report) {
	fmt.Fprintf(w, "%s: %d sentences\n", name, r.Sentences)
	for _, row := range []struct {
		name string
		c    event.Counts
	}{{"type", r.Type}, {"source", r.Source}, {"target", r.Target}, {"event", r.Event}} {
		fmt.Fprintf(w, "  %-7s P %.3f  R %.3f  F1 %.3f  (tp %d, pred %d, gold %d)\n",
			row.name, row.c.P(), row.c.R(), row.c.F1(), row.c.TP, row.c.Pred, row.c.Gold)
	}
	if r.Dated.Gold > 0 {
		fmt.Fprintf(w, "  date    %.3f of %d matched events\n", r.Dated.P(), r.Dated.Gold)
	}
	if r.Negation.Gold > 0 {
		fmt.Fprintf(w, "  negated %.3f of %d matched events\n", r.Negation.P(), r.Negation.Gold)
	}
}

func writeEventReportJSON(w io.Writer, name string, r event.Report, misses []event.Miss, withMisses bool) {
	prf := func(c event.Counts) map[string]any {
		return map[string]any{"p": c.P(), "r": c.R(), "f1": c.F1(), "tp": c.TP, "pred": c.Pred, "gold": c.Gold}
	}
	v := map[string]any{
		"set": name, "sentences": r.Sentences,
		"type": prf(r.Type), "source": prf(r.Source), "target": prf(r.Target), "event": prf(r.Event),
		"date_accuracy": r.Dated.P(), "negation_accuracy": r.Negation.P(),
	}
	if withMisses {
		v["misses"] = misses
	}
	b, _ := json.Marshal(v)
	w.Write(append(b, '\n'))
}

func eventsCmd(ctx context.Context, e *env, args []string) error {
	var cfg extractConfig
	fs := newFlags(e, "events", "usage: newsgraph events [flags] INPUT...\n\nINPUT is anything extract reads (files, directories, URLs, - for stdin).\n\nflags:\n")
	fs.StringVar(&cfg.Format, "format", "tsv", "output: tsv (GDELT-like, with a header line) or jsonl (one event per line, with its sentence)")
	cfg.bind(fs)
	inputs, err := parseInputs(fs, args)
	if err != nil {
		return err
	}
	if cfg.Format != "tsv" && cfg.Format != "jsonl" {
		return fmt.Errorf("events: -format %q: want tsv or jsonl", cfg.Format)
	}
	if cfg.Format == "tsv" {
		return extractEach(ctx, e, cfg, inputs, event.WriteTSVHeader, event.WriteTSV)
	}
	return extractEach(ctx, e, cfg, inputs, nil, event.WriteJSONL)
}
