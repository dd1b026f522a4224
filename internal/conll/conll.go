// Package conll reads and writes named-entity data in the column formats of
// the CoNLL-2002/2003 shared tasks and of GermEval 2014, and scores tagged
// data the way conlleval does.
//
// Gold tags are normalised on reading: IOB1 (CoNLL-2003, where I- may start
// an entity) becomes IOB2, GermEval's outer column is kept with its
// -deriv/-part tags mapped to O and OTH renamed MISC.
package conll

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// Format names a column layout.
type Format int

// Formats.
const (
	// Auto looks at the first token line: tab-separated lines that start
	// with a number, or '#' comment lines, are GermEval; the rest is CoNLL.
	Auto Format = iota
	// CoNLL is whitespace-separated columns: token first, tag last;
	// -DOCSTART- lines separate documents.
	CoNLL
	// GermEval is tab-separated: index, token, outer tag, inner tag;
	// lines starting with '#' are comments.
	GermEval
)

// A Sentence is a run of token lines between blank lines.
type Sentence struct {
	Line  int      // 1-based line number of the first token
	Doc   int      // number of document markers (-DOCSTART-, GermEval '#' lines) before it
	Words []string // column 1 (2 for GermEval)
	Tags  []string // normalised IOB2 gold tags; nil when read without tags
}

// Docs yields the documents of sents — each run of sentences with the
// same Doc — with the index of its first sentence.
func Docs(sents []Sentence) iter.Seq2[int, []Sentence] {
	return func(yield func(int, []Sentence) bool) {
		for lo := 0; lo < len(sents); {
			hi := lo + 1
			for hi < len(sents) && sents[hi].Doc == sents[lo].Doc {
				hi++
			}
			if !yield(lo, sents[lo:hi]) {
				return
			}
			lo = hi
		}
	}
}

// Options controls Read.
type Options struct {
	Format Format
	// Tags makes Read take the gold tag from the last column (the outer
	// column for GermEval), check it and normalise it to IOB2.
	Tags bool
}

// Types are the entity types that gold tags may carry.
var Types = []string{"PER", "ORG", "LOC", "MISC"}

// ErrEmpty reports an input without a single token.
var ErrEmpty = errors.New("no tokens")

// Read reads all sentences of r; name is used in errors, which give the
// line: "ned.testa:12: unknown tag "B-FOO"".
func Read(r io.Reader, name string, opt Options) ([]Sentence, error) {
	var (
		out   []Sentence
		cur   Sentence
		ncols int
		sc    = bufio.NewScanner(r)
		num   int
		doc   int
	)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	flush := func() {
		if len(cur.Words) > 0 {
			if opt.Tags {
				cur.Tags = ToIOB2(cur.Tags)
			}
			out = append(out, cur)
		}
		cur = Sentence{Doc: doc}
	}
	format := opt.Format
	for sc.Scan() {
		num++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if format == Auto {
			format = detect(line)
		}
		var word, tag string
		switch format {
		case GermEval:
			if strings.HasPrefix(line, "#") {
				flush()
				doc++
				cur.Doc = doc
				continue
			}
			cols := strings.Split(line, "\t")
			if ncols == 0 {
				ncols = len(cols)
			}
			if len(cols) < 2 || strings.TrimSpace(cols[1]) == "" {
				return nil, fmt.Errorf("%s:%d: no token", name, num)
			}
			if len(cols) != ncols {
				return nil, fmt.Errorf("%s:%d: %d columns, want %d as on the first token line", name, num, len(cols), ncols)
			}
			word = cols[1]
			if opt.Tags {
				if len(cols) < 3 {
					return nil, fmt.Errorf("%s:%d: no tag column", name, num)
				}
				tag = germEvalTag(cols[2])
			}
		default:
			cols := strings.Fields(line)
			if cols[0] == "-DOCSTART-" {
				flush()
				doc++
				cur.Doc = doc
				continue
			}
			if ncols == 0 {
				ncols = len(cols)
			}
			if len(cols) != ncols {
				return nil, fmt.Errorf("%s:%d: %d columns, want %d as on the first token line", name, num, len(cols), ncols)
			}
			word = cols[0]
			if opt.Tags {
				if len(cols) < 2 {
					return nil, fmt.Errorf("%s:%d: no tag column", name, num)
				}
				tag = cols[len(cols)-1]
			}
		}
		if opt.Tags {
			if !ValidTag(tag) {
				return nil, fmt.Errorf("%s:%d: unknown tag %q", name, num, tag)
			}
			cur.Tags = append(cur.Tags, tag)
		}
		if len(cur.Words) == 0 {
			cur.Line = num
		}
		cur.Words = append(cur.Words, word)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, num+1, err)
	}
	flush()
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	return out, nil
}

func detect(line string) Format {
	if strings.HasPrefix(line, "#") {
		return GermEval
	}
	if i := strings.IndexByte(line, '\t'); i > 0 {
		if strings.Trim(line[:i], "0123456789") == "" && strings.Count(line, "\t") >= 2 {
			return GermEval
		}
	}
	return CoNLL
}

// germEvalTag maps a GermEval outer tag to the CoNLL tag set: -deriv and
// -part tags (words derived from or containing a name) become O, OTH
// becomes MISC.
func germEvalTag(t string) string {
	if strings.HasSuffix(t, "deriv") || strings.HasSuffix(t, "part") {
		return "O"
	}
	if strings.HasSuffix(t, "-OTH") {
		return t[:len(t)-3] + "MISC"
	}
	return t
}

// ValidTag reports whether t is O or B-/I- followed by one of Types.
func ValidTag(t string) bool {
	if t == "O" {
		return true
	}
	if len(t) < 3 || (t[0] != 'B' && t[0] != 'I') || t[1] != '-' {
		return false
	}
	for _, ty := range Types {
		if t[2:] == ty {
			return true
		}
	}
	return false
}

// ToIOB2 rewrites tags in place so that every entity starts with B-: an I-X
// that follows O or a tag of another type becomes B-X. Valid IOB2 is left
// as it is, and the entities (as conlleval reads them) do not change.
func ToIOB2(tags []string) []string {
	prev := ""
	for i, t := range tags {
		if strings.HasPrefix(t, "I-") && prev != t[2:] {
			tags[i] = "B-" + t[2:]
		}
		prev = typeOf(tags[i])
	}
	return tags
}

// typeOf returns the entity type of a B- or I- tag, else "".
func typeOf(t string) string {
	if len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-' {
		return t[2:]
	}
	return ""
}
