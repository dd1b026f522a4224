package event

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date granularities.
const (
	GrainDay     = "day"
	GrainMonth   = "month"
	GrainYear    = "year"
	GrainUnknown = "unknown"
)

// A dateValue is what a dates.tsv entry means: a weekday, a month, or an
// offset from the anchor (n units of d, w, m or y).
type dateValue struct {
	kind string // wd, m, rel
	n    int
	unit byte
}

func parseDateValue(s string) (dateValue, error) {
	kind, arg, ok := strings.Cut(s, ":")
	if !ok {
		return dateValue{}, fmt.Errorf("date value %q: want wd:N, m:N or rel:±N[dwmy]", s)
	}
	switch kind {
	case "wd", "m":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || (kind == "wd" && n > 7) || n > 12 {
			return dateValue{}, fmt.Errorf("date value %q: bad number", s)
		}
		return dateValue{kind: kind, n: n}, nil
	case "rel":
		if len(arg) < 2 || !strings.ContainsRune("dwmy", rune(arg[len(arg)-1])) {
			return dateValue{}, fmt.Errorf("date value %q: want rel:±N[dwmy]", s)
		}
		n, err := strconv.Atoi(arg[:len(arg)-1])
		if err != nil {
			return dateValue{}, fmt.Errorf("date value %q: %w", s, err)
		}
		return dateValue{kind: kind, n: n, unit: arg[len(arg)-1]}, nil
	}
	return dateValue{}, fmt.Errorf("date value %q: unknown kind %q", s, kind)
}

// anchor is the article date: t and how much of it is known.
type anchor struct {
	t     time.Time
	grain string // day, month, year or unknown (no date)
	raw   string
}

// parseAnchor reads an ISO-8601 prefix (YYYY, YYYY-MM, YYYY-MM-DD, or a
// longer timestamp whose first ten bytes are a day).
func parseAnchor(s string) anchor {
	s = strings.TrimSpace(s)
	for _, f := range []struct {
		n      int
		layout string
		grain  string
	}{{10, "2006-01-02", GrainDay}, {7, "2006-01", GrainMonth}, {4, "2006", GrainYear}} {
		if len(s) < f.n {
			continue
		}
		if len(s) > f.n && f.n != 10 {
			continue
		}
		if t, err := time.Parse(f.layout, s[:f.n]); err == nil {
			return anchor{t: t, grain: f.grain, raw: s[:f.n]}
		}
	}
	if len(s) == 8 { // 20080804, as in PETR records
		if t, err := time.Parse("20060102", s); err == nil {
			return anchor{t: t, grain: GrainDay, raw: t.Format("2006-01-02")}
		}
	}
	return anchor{grain: GrainUnknown, raw: s}
}

func format(t time.Time, grain string) string {
	switch grain {
	case GrainDay:
		return t.Format("2006-01-02")
	case GrainMonth:
		return t.Format("2006-01")
	}
	return t.Format("2006")
}

var grainRank = map[string]int{GrainUnknown: 0, GrainYear: 1, GrainMonth: 2, GrainDay: 3}

// unresolved is the article date with granularity unknown.
func (a anchor) unresolved() (string, string) { return a.raw, GrainUnknown }

// A dateExpr is a date expression found in a sentence, resolved.
type dateExpr struct {
	first, last int // word indexes
	date, grain string
}

// findDates returns the date expressions of the words ws[from:to],
// resolved against the anchor. future tells whether the sentence speaks of
// the future, which turns a bare weekday forwards.
func findDates(lx *lexicon, ws []word, from, to int, an anchor, future bool) []dateExpr {
	var out []dateExpr
	for i := from; i < to; i++ {
		if ws[i].punct {
			continue
		}
		if e, ok := dateAt(lx, ws, from, to, i, an, future); ok {
			out = append(out, e)
			i = e.last
		}
	}
	return out
}

func dayNumber(w word) (int, bool) {
	s := strings.TrimSuffix(w.norm, ".") // German "12."
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "st"), "nd"), "th"), "rd")
	s = strings.TrimSuffix(s, "e") // Dutch 12e
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 31 {
		return 0, false
	}
	return n, true
}

func yearNumber(w word) (int, bool) {
	if len(w.norm) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(w.norm)
	if err != nil || n < 1900 || n > 2100 {
		return 0, false
	}
	return n, true
}

func dateAt(lx *lexicon, ws []word, from, to, i int, an anchor, future bool) (dateExpr, bool) {
	v, n := lx.dates.match(ws[from:to], i-from)
	var prev uint32
	if i > from && !ws[i-1].punct {
		prev = lx.fnMask(ws[i-1].norm)
	}
	prevIs := func(kind string) bool { return prev&fnBit[kind] != 0 }
	if n > 0 {
		dv, _ := parseDateValue(v)
		last := i + n - 1
		switch dv.kind {
		case "rel":
			d, g := relative(an, dv)
			return dateExpr{i, last, d, g}, true
		case "wd":
			dir := 0
			if future {
				dir = 1
			}
			switch {
			case prevIs(fnBack):
				dir = -1
			case prevIs(fnForward):
				dir = 2
			}
			d, g := weekday(an, dv.n, dir)
			return dateExpr{i, last, d, g}, true
		case "m":
			// "12 March", "March 12", "March 12, 2023", "March 2023", "in March".
			day, year := 0, 0
			first := i
			if i > from {
				if d, ok := dayNumber(ws[i-1]); ok {
					day, first = d, i-1
				} else if i-1 > from && ws[i-1].norm == "." {
					if d, ok := dayNumber(ws[i-2]); ok { // German "12. März"
						day, first = d, i-2
					}
				}
			}
			if day == 0 && last+1 < to {
				if d, ok := dayNumber(ws[last+1]); ok {
					day, last = d, last+1
				}
			}
			k := last + 1
			if k < to && ws[k].punct && ws[k].norm == "," {
				k++
			}
			if k < to {
				if y, ok := yearNumber(ws[k]); ok {
					year, last = y, k
				}
			}
			if day == 0 && year == 0 && !prevIs(fnMonthPrep) && !prevIs(fnLoc) {
				return dateExpr{}, false // "may", "Jan" on their own are not dates
			}
			d, g := explicit(an, year, dv.n, day)
			return dateExpr{first, last, d, g}, true
		}
	}
	if y, ok := yearNumber(ws[i]); ok && (prevIs(fnMonthPrep) || prevIs(fnLoc)) {
		return dateExpr{i, i, strconv.Itoa(y), GrainYear}, true
	}
	return dateExpr{}, false
}

// relative resolves an offset: days need a day anchor, months a month.
func relative(an anchor, v dateValue) (string, string) {
	switch v.unit {
	case 'd':
		if an.grain != GrainDay {
			return an.unresolved()
		}
		return format(an.t.AddDate(0, 0, v.n), GrainDay), GrainDay
	case 'w':
		// A week is reported at month granularity: the schema has no week.
		if an.grain != GrainDay {
			return an.unresolved()
		}
		return format(an.t.AddDate(0, 0, 7*v.n), GrainMonth), GrainMonth
	case 'm':
		if grainRank[an.grain] < grainRank[GrainMonth] {
			return an.unresolved()
		}
		t := time.Date(an.t.Year(), an.t.Month(), 1, 0, 0, 0, 0, time.UTC)
		return format(t.AddDate(0, v.n, 0), GrainMonth), GrainMonth
	case 'y':
		if grainRank[an.grain] < grainRank[GrainYear] {
			return an.unresolved()
		}
		return strconv.Itoa(an.t.Year() + v.n), GrainYear
	}
	return an.unresolved()
}

// weekday resolves a weekday (1 Monday … 7 Sunday) against a day anchor.
// dir 0: the latest such day on or before the anchor (news reports the
// past); 1: the next on or after it (future tense); -1: strictly before;
// 2: strictly after.
func weekday(an anchor, wd, dir int) (string, string) {
	if an.grain != GrainDay {
		return an.unresolved()
	}
	cur := int(an.t.Weekday())
	if cur == 0 {
		cur = 7
	}
	var delta int
	switch dir {
	case 0, -1:
		delta = -((cur - wd + 7) % 7)
		if dir == -1 && delta == 0 {
			delta = -7
		}
	default:
		delta = (wd - cur + 7) % 7
		if dir == 2 && delta == 0 {
			delta = 7
		}
	}
	return format(an.t.AddDate(0, 0, delta), GrainDay), GrainDay
}

// explicit resolves a month with an optional day and year. Without a
// year, the year is the one that puts the date nearest the anchor.
func explicit(an anchor, year, month, day int) (string, string) {
	if year == 0 {
		if grainRank[an.grain] < grainRank[GrainYear] {
			return an.unresolved()
		}
		year = an.t.Year()
		if grainRank[an.grain] >= grainRank[GrainMonth] {
			// March in an article of January is most likely last March.
			diff := month - int(an.t.Month())
			if diff > 6 {
				year--
			} else if diff < -6 {
				year++
			}
		}
	}
	if day == 0 {
		return format(time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC), GrainMonth), GrainMonth
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31 February: keep the month
		return format(time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC), GrainMonth), GrainMonth
	}
	return format(t, GrainDay), GrainDay
}
