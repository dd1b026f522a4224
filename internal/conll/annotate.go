package conll

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A TagFunc returns the IOB2 tags of one sentence, appended to dst[:0].
type TagFunc func(words []string, dst []string) []string

// A DocFunc may revise the tags of a document's sentences in place, e.g.
// to make them consistent.
type DocFunc func(words, tags [][]string)

// Annotate copies r to w and appends to every token line the tag that tag
// gives it, as a new last column (SCHEMA §3). Blank lines, -DOCSTART-
// lines and GermEval comment lines pass through unchanged; the token is
// column 1 (column 2 for GermEval, which format Auto recognises). The
// separator is a tab when the line has tabs, else a space. It returns the
// number of tokens tagged.
//
// If fix is not nil, it is called on each document that a marker
// (-DOCSTART-, or a GermEval comment line) starts, once all its sentences
// are tagged; such documents are held in memory until they end. Text
// before the first marker is not a known document and streams through.
func Annotate(r io.Reader, w io.Writer, name string, format Format, tag TagFunc, fix DocFunc) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	bw := bufio.NewWriter(w)
	var (
		lines []string // token lines of the current sentence
		words []string
		num   int
		ntok  int
		inDoc bool // after a document marker
		// The current document: its output lines, where a token line's
		// tag goes (sentence, token; -1 for lines passed through), and
		// its sentences.
		out     []string
		at      [][2]int
		docW    [][]string
		docTags [][]string
	)
	writeLine := func(l string, s, i int) {
		out = append(out, l)
		at = append(at, [2]int{s, i})
	}
	endDoc := func() {
		if fix != nil && inDoc && len(docW) > 0 {
			fix(docW, docTags)
		}
		for k, l := range out {
			bw.WriteString(l)
			if s := at[k][0]; s >= 0 {
				sep := " "
				if strings.IndexByte(l, '\t') >= 0 {
					sep = "\t"
				}
				bw.WriteString(sep)
				bw.WriteString(docTags[s][at[k][1]])
			}
			bw.WriteByte('\n')
		}
		out, at, docW, docTags = out[:0], at[:0], docW[:0], docTags[:0]
	}
	flush := func() error {
		if len(words) == 0 {
			return nil
		}
		tags := tag(words, nil)
		if len(tags) != len(words) {
			return fmt.Errorf("%s:%d: tagger gave %d tags for %d tokens", name, num, len(tags), len(words))
		}
		s := len(docW)
		docW = append(docW, slices.Clone(words))
		docTags = append(docTags, tags)
		for i, l := range lines {
			writeLine(l, s, i)
		}
		ntok += len(words)
		lines, words = lines[:0], words[:0]
		if !inDoc {
			endDoc()
		}
		return nil
	}
	pass := func(line string) {
		writeLine(line, -1, 0)
		if !inDoc {
			endDoc()
		}
	}
	startDoc := func(line string) {
		endDoc()
		inDoc = true
		pass(line)
	}
	for sc.Scan() {
		num++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if err := flush(); err != nil {
				return ntok, err
			}
			pass(line)
			continue
		}
		if format == Auto {
			format = detect(line)
		}
		var word string
		switch format {
		case GermEval:
			if strings.HasPrefix(line, "#") {
				if err := flush(); err != nil {
					return ntok, err
				}
				startDoc(line)
				continue
			}
			cols := strings.Split(line, "\t")
			if len(cols) < 2 || strings.TrimSpace(cols[1]) == "" {
				return ntok, fmt.Errorf("%s:%d: no token in column 2", name, num)
			}
			word = strings.TrimSpace(cols[1])
		default:
			cols := strings.Fields(line)
			if cols[0] == "-DOCSTART-" {
				if err := flush(); err != nil {
					return ntok, err
				}
				startDoc(line)
				continue
			}
			word = cols[0]
		}
		lines = append(lines, line)
		words = append(words, word)
	}
	if err := sc.Err(); err != nil {
		return ntok, fmt.Errorf("%s:%d: %w", name, num+1, err)
	}
	if err := flush(); err != nil {
		return ntok, err
	}
	endDoc()
	if err := bw.Flush(); err != nil {
		return ntok, fmt.Errorf("write: %w", err)
	}
	if ntok == 0 {
		return 0, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	return ntok, nil
}
