package web

import (
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

// A chart is a bar chart of an entity's timeline, laid out in Go so the
// template only places rectangles.
type chart struct {
	Width, Height int
	Bars          []bar
	First, Last   string // labels of the first and last bucket
	Max           int
}

type bar struct {
	X, QX, W           float64 // the mentions bar at X, the quotes bar at QX
	MentionY, MentionH float64
	QuoteY, QuoteH     float64
	Label              string
	Mentions, Quotes   int
}

const (
	chartW, chartH = 640, 120
	maxDayBuckets  = 92
)

// timeline buckets days into a chart: one bar per day over the days'
// range when it spans at most maxDayBuckets days, else one per month, or
// one per year over more than ten years.
// Days that do not parse as dates are left out.
func timeline(days []store.DayCount) *chart {
	type bucket struct{ mentions, quotes int }
	var first, last time.Time
	parsed := map[time.Time]bucket{}
	for _, d := range days {
		t, ok := parseDay(d.Day)
		if !ok {
			continue
		}
		b := parsed[t]
		b.mentions += d.Mentions
		b.quotes += d.Quotes
		parsed[t] = b
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if t.After(last) {
			last = t
		}
	}
	if len(parsed) == 0 {
		return nil
	}
	step, layout := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }, "2006-01-02"
	key := func(t time.Time) time.Time { return t }
	switch span := last.Sub(first); {
	case span > 10*365*24*time.Hour:
		step, layout = func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }, "2006"
		key = func(t time.Time) time.Time { return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC) }
	case span > maxDayBuckets*24*time.Hour:
		step, layout = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, "2006-01"
		key = func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	}
	var keys []time.Time
	buckets := map[time.Time]bucket{}
	for t, b := range parsed {
		k := key(t)
		c := buckets[k]
		c.mentions += b.mentions
		c.quotes += b.quotes
		buckets[k] = c
	}
	for t := key(first); !t.After(key(last)); t = step(t) {
		keys = append(keys, t)
	}
	c := &chart{Width: chartW, Height: chartH, First: keys[0].Format(layout), Last: keys[len(keys)-1].Format(layout)}
	for _, b := range buckets {
		c.Max = max(c.Max, b.mentions, b.quotes)
	}
	if c.Max == 0 {
		c.Max = 1
	}
	// Each bucket has a mentions bar and a quotes bar side by side, each
	// at most 14 units wide, centred in the bucket.
	w := float64(chartW) / float64(len(keys))
	bw := min(w*0.4, 14)
	h := float64(chartH - 4)
	for i, k := range keys {
		b := buckets[k]
		mh := h * float64(b.mentions) / float64(c.Max)
		qh := h * float64(b.quotes) / float64(c.Max)
		mid := float64(i)*w + w/2
		c.Bars = append(c.Bars, bar{
			X: mid - bw, W: bw, QX: mid,
			MentionY: chartH - mh, MentionH: mh,
			QuoteY: chartH - qh, QuoteH: qh,
			Label: k.Format(layout), Mentions: b.mentions, Quotes: b.quotes,
		})
	}
	return c
}

func parseDay(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			t, err := time.Parse(layout, s)
			return t, err == nil
		}
	}
	return time.Time{}, false
}
