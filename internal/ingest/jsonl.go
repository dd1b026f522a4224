package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

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
		line, size, err := readLine(br, r.opt.MaxBytes)
		if err == io.EOF {
			return true
		}
		lineNo++
		at := fmt.Sprintf("%s:%d", name, lineNo)
		if err != nil {
			return r.fail(at, err)
		}
		if line == nil && size > 0 {
			docs++
			if !r.fail(at, &SizeError{Size: size, Limit: r.opt.MaxBytes}) {
				return false
			}
			continue
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
// max is read to its end and discarded: line is nil and size its length.
// At the end of the input it returns io.EOF.
func readLine(br *bufio.Reader, max int64) (line []byte, size int64, err error) {
	var buf []byte
	over := false
	for {
		chunk, err := br.ReadSlice('\n')
		size += int64(len(chunk))
		if !over {
			if size > max+1 { // +1: the newline does not count
				over, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if size == 0 {
				return nil, 0, io.EOF
			}
		case err != nil:
			return nil, size, err
		}
		break
	}
	if over {
		return nil, size, nil
	}
	buf = bytes.TrimSuffix(buf, []byte("\n"))
	if int64(len(buf)) > max {
		return nil, int64(len(buf)), nil
	}
	return buf, size, nil
}

// ParseJSON reads one JSON object with the fields id, title, date, source,
// dateline, url, lang and text (all optional but text; null is absent; other
// fields are ignored) into an article. The text goes through the ingest
// normalisation; a bad date is dropped with a warning.
func ParseJSON(data []byte) (*article.Article, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	field := func(key string) (string, error) {
		raw, ok := m[key]
		if !ok {
			return "", nil
		}
		return jsonString(raw)
	}
	var f struct{ id, title, date, source, dateline, url, lang, text string }
	for _, x := range []struct {
		key string
		dst *string
	}{
		{"id", &f.id}, {"title", &f.title}, {"date", &f.date}, {"source", &f.source},
		{"dateline", &f.dateline}, {"url", &f.url}, {"lang", &f.lang}, {"text", &f.text},
	} {
		s, err := field(x.key)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", x.key, err)
		}
		*x.dst = s
	}
	if _, ok := m["text"]; !ok {
		return nil, errors.New(`no "text" field`)
	}
	text, warnings, err := Normalize([]byte(f.text))
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
		Warnings: warnings,
	}
	a.Date = checkDate(a, normString(f.date))
	return a, nil
}

// jsonString decodes a JSON string, or a number (ids are sometimes
// numbers), or null as "".
func jsonString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return string(raw), nil
		}
	}
	return "", fmt.Errorf("want a string, got %.20s", raw)
}
