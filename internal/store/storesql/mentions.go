package storesql

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/newsgraph/newsgraph/internal/article"
)

// EncodeMentions writes mentions compactly, as both SQL stores keep them:
// [start,end] for a name mention whose text is the text it spans,
// [start,end,kind] for another kind, [start,end,kind,text] when the text
// differs.
func EncodeMentions(text string, ms []article.Mention) (string, error) {
	out := make([][]any, len(ms))
	for i, m := range ms {
		v := []any{m.Start, m.End}
		same := text[m.Start:m.End] == m.Text
		if m.Kind != article.MentionName || !same {
			v = append(v, m.Kind)
		}
		if !same {
			v = append(v, m.Text)
		}
		out[i] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// DecodeMentions reads back what EncodeMentions wrote for text, checking
// that every span lies inside it.
func DecodeMentions(text, s string) ([]article.Mention, error) {
	var raw [][]any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("decode mentions: %w", err)
	}
	out := make([]article.Mention, len(raw))
	for i, v := range raw {
		if len(v) < 2 {
			return nil, fmt.Errorf("decode mentions: short entry %v", v)
		}
		start, ok1 := v[0].(float64)
		end, ok2 := v[1].(float64)
		if !ok1 || !ok2 || start < 0 || end < start || int(end) > len(text) {
			return nil, fmt.Errorf("decode mentions: bad span %v", v)
		}
		m := article.Mention{Start: int(start), End: int(end), Kind: article.MentionName}
		m.Text = text[m.Start:m.End]
		if len(v) > 2 {
			m.Kind, _ = v[2].(string)
		}
		if len(v) > 3 {
			m.Text, _ = v[3].(string)
		}
		out[i] = m
	}
	return out, nil
}

// QuoteAbout returns the store-wide entities quote q of a is about: those
// with a mention inside it and those it names in About. eids maps a's
// entity ids to store-wide ones.
func QuoteAbout(a *article.Article, q article.Quote, eids map[string]int64) []int64 {
	var out []int64
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if q.Span().Contains(m.Span()) && m.End > m.Start {
				out = append(out, eids[e.ID])
				break
			}
		}
	}
	for _, id := range q.About {
		if eid, ok := eids[id]; ok {
			out = append(out, eid)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
