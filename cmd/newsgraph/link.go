package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/newsgraph/newsgraph/internal/kb"
)

func init() {
	commands["link"] = command{"print the cross-language kb id of entity names (arguments or stdin lines)", linkCmd}
}

// linkConfig holds the flags of "newsgraph link".
type linkConfig struct {
	Lang    string
	Type    string
	Aliases string
}

// linkCmd links each name given as an argument, or each stdin line
// (name, or name<TAB>type<TAB>lang), and writes name, id, canonical name
// and country as TSV. A name that does not link gets an empty id; a line
// with a bad type is reported on stderr and the others go on.
func linkCmd(ctx context.Context, e *env, args []string) error {
	flags := flag.NewFlagSet("link", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	var cfg linkConfig
	flags.StringVar(&cfg.Lang, "lang", "", "language of the names (ISO 639-1; empty when unknown)")
	flags.StringVar(&cfg.Type, "type", "", "entity type: PER, ORG, LOC or MISC (empty: a place, organisation or thing)")
	flags.StringVar(&cfg.Aliases, "aliases", "", "directory of alias files (*.tsv: alias<TAB>canonical<TAB>type)")
	flags.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsgraph link [-lang L] [-type T] [-aliases DIR] [name ...]\n\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return err
	}
	if !validType(cfg.Type) {
		return fmt.Errorf("-type %q: want PER, ORG, LOC or MISC", cfg.Type)
	}
	var aliases fs.FS
	if cfg.Aliases != "" {
		if fi, err := os.Stat(cfg.Aliases); err != nil || !fi.IsDir() {
			return fmt.Errorf("-aliases %s: not a directory", cfg.Aliases)
		}
		aliases = os.DirFS(cfg.Aliases)
	}
	l, err := kb.New(aliases)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	link := func(name, typ, lang string) {
		id, canonical, _ := l.Link(name, typ, lang)
		country, _ := l.Country(id)
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", name, id, canonical, country)
	}
	if flags.NArg() > 0 {
		for _, name := range flags.Args() {
			link(name, cfg.Type, cfg.Lang)
		}
		return nil
	}
	bad := 0
	sc := bufio.NewScanner(e.stdin)
	for n := 1; sc.Scan(); n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		typ, lang := cfg.Type, cfg.Lang
		if len(cols) > 1 && cols[1] != "" {
			typ = cols[1]
		}
		if len(cols) > 2 && cols[2] != "" {
			lang = cols[2]
		}
		if !validType(typ) || len(cols) > 3 {
			fmt.Fprintf(e.stderr, "newsgraph link: stdin:%d: want name<TAB>type<TAB>lang with type PER, ORG, LOC or MISC, got %q\n", n, line)
			bad++
			continue
		}
		link(cols[0], typ, lang)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if bad > 0 {
		return errSome
	}
	return nil
}

func validType(t string) bool {
	switch t {
	case "", "PER", "ORG", "LOC", "MISC":
		return true
	}
	return false
}
