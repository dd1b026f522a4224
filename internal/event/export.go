package event

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// TSVColumns are the columns of the GDELT-like event table, in order.
var TSVColumns = []string{
	"GlobalEventID", "Day", "DateGranularity",
	"Actor1Code", "Actor1Name", "Actor1Entity",
	"Actor2Code", "Actor2Name", "Actor2Entity",
	"EventType", "EventMode", "IsNegated", "QuoteID",
	"Trigger", "TriggerStart", "TriggerEnd", "SentenceStart", "SentenceEnd",
	"Confidence", "AvgTone", "ArticleID", "SourceURL", "Source", "Lang",
}

// WriteTSVHeader writes the header line of the event table.
func WriteTSVHeader(w io.Writer) error {
	_, err := fmt.Fprintln(w, strings.Join(TSVColumns, "\t"))
	return err
}

// tsvField makes s safe for one TSV field: tabs and line breaks become
// spaces.
func tsvField(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// WriteTSV writes one line per event of a. GlobalEventID is the article
// id and the event id joined by "/", so it is unique across a corpus of
// unique article ids.
func WriteTSV(w io.Writer, a *article.Article) error {
	bw := bufio.NewWriter(w)
	tone := ""
	if a.Tone != nil {
		tone = strconv.FormatFloat(a.Tone.Score, 'f', 3, 64)
	}
	for _, e := range a.Events {
		var a1, a2 article.EventActor
		if e.Source != nil {
			a1 = *e.Source
		}
		if e.Target != nil {
			a2 = *e.Target
		}
		row := []string{
			a.ID + "/" + e.ID, e.Date, e.DateGrain,
			a1.Code, a1.Name, a1.Entity,
			a2.Code, a2.Name, a2.Entity,
			e.Type, e.Mode, strconv.FormatBool(e.Negated), e.Quote,
			e.Trigger, strconv.Itoa(e.TriggerAt.Start), strconv.Itoa(e.TriggerAt.End),
			strconv.Itoa(e.Sentence.Start), strconv.Itoa(e.Sentence.End),
			strconv.FormatFloat(e.Confidence, 'f', 2, 64), tone, a.ID, a.URL, a.Source, a.Lang,
		}
		for i, f := range row {
			if i > 0 {
				bw.WriteByte('\t')
			}
			bw.WriteString(tsvField(f))
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// A Record is one event with its article, as WriteJSONL writes it: enough
// to audit the event without the article (the sentence's text is there).
type Record struct {
	ArticleID    string `json:"article_id"`
	URL          string `json:"url,omitempty"`
	Outlet       string `json:"outlet,omitempty"` // the article's source; "source" is the event's
	ArticleDate  string `json:"article_date,omitempty"`
	Lang         string `json:"lang,omitempty"`
	SentenceText string `json:"sentence_text"`
	article.Event
}

// WriteJSONL writes one JSON line per event of a.
func WriteJSONL(w io.Writer, a *article.Article) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, e := range a.Events {
		r := Record{ArticleID: a.ID, URL: a.URL, Outlet: a.Source, ArticleDate: a.Date, Lang: a.Lang, Event: e}
		if s := e.Sentence; 0 <= s.Start && s.Start <= s.End && s.End <= len(a.Text) {
			r.SentenceText = a.Text[s.Start:s.End]
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("encode event %s/%s: %w", a.ID, e.ID, err)
		}
	}
	return bw.Flush()
}
