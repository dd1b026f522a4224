package conll

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// A TagFunc returns the IOB2 tags of one sentence, appended to dst[:0].
type TagFunc func(words []string, dst []string) []string

// Annotate copies r to w and appends to every token line the tag that tag
// gives it, as a new last column (SCHEMA §3). Blank lines, -DOCSTART-
// lines and GermEval comment lines pass through unchanged; the token is
// column 1 (column 2 for GermEval, which format Auto recognises). The
// separator is a tab when the line has tabs, else a space. It returns the
// number of tokens tagged.
func Annotate(r io.Reader, w io.Writer, name string, format Format, tag TagFunc) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	bw := bufio.NewWriter(w)
	var (
		lines []string
		words []string
		tags  []string
		num   int
		ntok  int
	)
	flush := func() error {
		if len(words) == 0 {
			return nil
		}
		tags = tag(words, tags[:0])
		if len(tags) != len(words) {
			return fmt.Errorf("%s:%d: tagger gave %d tags for %d tokens", name, num, len(tags), len(words))
		}
		for i, l := range lines {
			sep := " "
			if strings.IndexByte(l, '\t') >= 0 {
				sep = "\t"
			}
			bw.WriteString(l)
			bw.WriteString(sep)
			bw.WriteString(tags[i])
			bw.WriteByte('\n')
		}
		ntok += len(words)
		lines, words = lines[:0], words[:0]
		return nil
	}
	for sc.Scan() {
		num++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			if err := flush(); err != nil {
				return ntok, err
			}
			bw.WriteString(line)
			bw.WriteByte('\n')
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
				bw.WriteString(line)
				bw.WriteByte('\n')
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
				bw.WriteString(line)
				bw.WriteByte('\n')
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
	if err := bw.Flush(); err != nil {
		return ntok, fmt.Errorf("write: %w", err)
	}
	if ntok == 0 {
		return 0, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	return ntok, nil
}
