// Command newsgraph reads news, finds who said what about whom, keeps it in
// a searchable store and shows it. Run "newsgraph help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

// A command is one verb of the binary. Each lives in its own file and adds
// itself to commands in an init function, so that commands can be added
// without touching this file.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what main gives every command: where to write and how to log.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

var commands = map[string]command{}

// errSome reports that some inputs failed while the others were processed;
// main exits with status 1 without printing it again.
var errSome = errors.New("some inputs failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	if err := run(ctx, e, os.Args[1:]); err != nil {
		if !errors.Is(err, errSome) && !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "newsgraph:", err)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run parses the global flags, builds the logger and dispatches to a command.
func run(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("newsgraph", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	logFormat := fs.String("log", "text", "log format: text or json")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.Usage = func() { usage(e.stderr, fs) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if e.log == nil {
		var level slog.Level
		if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
			return fmt.Errorf("-log-level: %w", err)
		}
		opts := &slog.HandlerOptions{Level: level}
		switch *logFormat {
		case "json":
			e.log = slog.New(slog.NewJSONHandler(e.stderr, opts))
		case "text":
			e.log = slog.New(slog.NewTextHandler(e.stderr, opts))
		default:
			return fmt.Errorf("-log: unknown format %q (text or json)", *logFormat)
		}
	}
	rest := fs.Args()
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" {
		if len(rest) > 1 {
			if c, ok := commands[rest[1]]; ok {
				return c.run(ctx, e, []string{"-h"})
			}
		}
		usage(e.stdout, fs)
		return nil
	}
	c, ok := commands[rest[0]]
	if !ok {
		usage(e.stderr, fs)
		return fmt.Errorf("unknown command %q", rest[0])
	}
	return c.run(ctx, e, rest[1:])
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "newsgraph: who said what, about whom, where and when.\n\n")
	fmt.Fprintf(w, "usage: newsgraph [-log text|json] [-log-level L] <command> [flags] [args]\n\ncommands:\n")
	listCommands(w, commands)
	fmt.Fprintf(w, "\nRun \"newsgraph <command> -h\" for a command's flags.\n\nglobal flags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// subcommands dispatches args to one of subs (for "eval quotes", "train ner").
func subcommands(ctx context.Context, e *env, name string, subs map[string]command, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" || args[0] == "--help" {
		w := e.stdout
		if len(args) == 0 {
			w = e.stderr
		}
		fmt.Fprintf(w, "usage: newsgraph %s <what> [flags]\n\n", name)
		listCommands(w, subs)
		if len(args) == 0 {
			return flag.ErrHelp
		}
		return nil
	}
	c, ok := subs[args[0]]
	if !ok {
		return fmt.Errorf("%s: unknown %q (one of %s)", name, args[0], strings.Join(sortedKeys(subs), ", "))
	}
	return c.run(ctx, e, args[1:])
}

func sortedKeys(m map[string]command) []string {
	return slices.Sorted(maps.Keys(m))
}

// listCommands writes the commands of m with their summaries, by name.
func listCommands(w io.Writer, m map[string]command) {
	for _, n := range sortedKeys(m) {
		fmt.Fprintf(w, "  %-9s %s\n", n, m[n].summary)
	}
}
