package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

// jsonl reads one JSON object per line. stem names the documents without an
// id ("" = a hash of the text). A bad line is an error item named
// "file.jsonl:LINE" and the other lines go on.
func (r *reader) jsonl(name, stem string, rd io.Reader) bool {
	br, ok := rd.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(rd, 64<<10)
	}
	lineNo, docs := 0, 0
	for {
		line, size, long, err := readLine(br, r.opt.MaxBytes)
		if err == io.EOF {
			return true
		}
		lineNo++
		at := fmt.Sprintf("%s:%d", name, lineNo)
		if err != nil {
			return r.fail(at, err)
		}
		if long {
			docs++
			if !r.fail(at, &SizeError{Size: size, Limit: r.opt.MaxBytes}) {
				return false
			}
			continue
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if !r.live(at) {
			return false
		}
		docs++
		a, err := ParseJSON(line)
		if err != nil {
			if !r.fail(at, err) {
				return false
			}
			continue
		}
		if a.ID == "" {
			switch {
			case stem == "":
				a.ID = Hash(a.Text)
			case docs == 1:
				a.ID = stem
			default:
				a.ID = fmt.Sprintf("%s#%d", stem, docs)
			}
		}
		if !r.ok(at, a) {
			return false
		}
	}
}

// readLine reads one line of br without its line end. A line longer than
// max bytes is read to its end and discarded: line is nil, long is true and
// size is its length. At the end of the input it returns io.EOF.
func readLine(br *bufio.Reader, max int64) (line []byte, size int64, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		n := len(chunk)
		if n > 0 && chunk[n-1] == '\n' {
			n--
		}
		size += int64(n)
		if !long {
			if size > max {
				long, line = true, nil
			} else {
				line = append(line, chunk[:n]...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && size == 0 && len(chunk) == 0:
			return nil, 0, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, size, false, err
		}
		if line == nil && !long {
			line = []byte{}
		}
		return line, size, long, nil
	}
}

// jsonDoc is one JSONL line. Fields are any so that one decoding pass
// (with UseNumber) takes strings, numbers (ids sometimes are) and null.
type jsonDoc struct {
	ID       any `json:"id"`
	Title    any `json:"title"`
	Date     any `json:"date"`
	Source   any `json:"source"`
	Dateline any `json:"dateline"`
	URL      any `json:"url"`
	Lang     any `json:"lang"`
	Text     any `json:"text"`
}

// ParseJSON reads one JSON object with the fields id, title, date, source,
// dateline, url, lang and text (all optional but text; null is absent; other
// fields are ignored) into an article. The text goes through the ingest
// normalisation; a bad date is dropped with a warning.
func ParseJSON(data []byte) (*article.Article, error) {
	var repaired []string
	if !utf8.Valid(data) {
		// encoding/json would replace these silently; say so.
		n := invalidRuns(string(data))
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		repaired = []string{fmt.Sprintf("repaired %d invalid UTF-8 %s", n, plural(n, "sequence", "sequences"))}
	}
	var d jsonDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not a JSON object: more data after the object")
	}
	var f struct{ id, title, date, source, dateline, url, lang, text string }
	for _, x := range []struct {
		key string
		v   any
		dst *string
	}{
		{"id", d.ID, &f.id}, {"title", d.Title, &f.title}, {"date", d.Date, &f.date},
		{"source", d.Source, &f.source}, {"dateline", d.Dateline, &f.dateline},
		{"url", d.URL, &f.url}, {"lang", d.Lang, &f.lang}, {"text", d.Text, &f.text},
	} {
		switch v := x.v.(type) {
		case nil:
		case string:
			*x.dst = v
		case json.Number:
			*x.dst = v.String()
		default:
			return nil, fmt.Errorf("field %q: want a string, got %T", x.key, v)
		}
	}
	if d.Text == nil {
		return nil, errors.New(`no "text" field`)
	}
	text, warnings, err := normalizeString(f.text)
	if err != nil {
		return nil, err
	}
	a := &article.Article{
		ID:       normString(f.id),
		Title:    normString(f.title),
		Source:   normString(f.source),
		Dateline: normString(f.dateline),
		URL:      normString(f.url),
		Lang:     normLang(f.lang),
		Text:     text,
		Warnings: append(repaired, warnings...),
	}
	a.Date = checkDate(a, normString(f.date))
	if a.Dateline == "" {
		a.Dateline = wireDateline(a.Text)
	}
	return a, nil
}
