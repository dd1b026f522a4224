package event

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// A Gold is one sentence (or short text) with the events a person coded in
// it. The JSONL form is documented in README.md.
type Gold struct {
	ID     string      `json:"id"`
	Lang   string      `json:"lang"`
	Date   string      `json:"date"`
	Text   string      `json:"text"`
	Events []GoldEvent `json:"events"`
}

// A GoldEvent is one coded event of a Gold sentence.
type GoldEvent struct {
	Type      string     `json:"type"`
	Mode      string     `json:"mode,omitempty"`
	CAMEO     string     `json:"cameo,omitempty"` // the original code, for PETR records
	Source    *GoldActor `json:"source"`
	Target    *GoldActor `json:"target"`
	Date      string     `json:"date,omitempty"`
	DateGrain string     `json:"date_granularity,omitempty"`
	Negated   bool       `json:"negated"`
}

// A GoldActor is a gold event's source or target.
type GoldActor struct {
	Name string `json:"name,omitempty"`
	Code string `json:"code"`
}

// ReadGold reads gold sentences from JSONL. A bad line is reported in errs
// with its line number, and reading goes on.
func ReadGold(r io.Reader, name string) (gold []Gold, errs []error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, line, err))
			continue
		}
		if err := g.check(); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %s: %w", name, line, g.ID, err))
			continue
		}
		gold = append(gold, g)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s: %w", name, err))
	}
	return gold, errs
}

func (g *Gold) check() error {
	if g.Text == "" || g.Lang == "" {
		return errors.New("want text and lang")
	}
	for i, e := range g.Events {
		if !plover[e.Type] {
			return fmt.Errorf("event %d: %q is not a PLOVER type", i+1, e.Type)
		}
		if e.Source == nil || e.Source.Code == "" {
			return fmt.Errorf("event %d: no source code", i+1)
		}
	}
	return nil
}

// ReadGoldDir reads every *.jsonl file of dir.
func ReadGoldDir(dir string) ([]Gold, []error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, []error{err}
	}
	if len(names) == 0 {
		return nil, []error{fmt.Errorf("%s: no *.jsonl files", dir)}
	}
	var gold []Gold
	var errs []error
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		g, es := ReadGold(f, n)
		f.Close()
		gold = append(gold, g...)
		errs = append(errs, es...)
	}
	return gold, errs
}

var (
	petrSentence = regexp.MustCompile(`<Sentence\s[^>]*>`)
	petrAttr     = regexp.MustCompile(`(\w+)="([^"]*)"`)
	petrCoding   = regexp.MustCompile(`<EventCoding\s[^>]*>`)
	petrText     = regexp.MustCompile(`(?s)<Text>(.*?)</Text>`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, kv := range petrAttr.FindAllStringSubmatch(tag, -1) {
		m[kv[1]] = kv[2]
	}
	return m
}

// ReadPETR reads PETRARCH-2 validation records. The file is not strict
// XML, so it is read record by record: each <Sentence …> tag starts a
// record, which holds <EventCoding …/> tags and a <Text> element. CAMEO
// codes are mapped to PLOVER with FromCAMEO; codings that PLOVER does not
// code (public statements) are dropped. Actor codes are kept as written
// (USAGOV, ---REB). A record that cannot be read is reported in errs.
func ReadPETR(r io.Reader, name string) (gold []Gold, errs []error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, []error{fmt.Errorf("read %s: %w", name, err)}
	}
	s := string(b)
	locs := petrSentence.FindAllStringIndex(s, -1)
	for i, loc := range locs {
		end := len(s)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		rec := s[loc[0]:end]
		at := attrs(s[loc[0]:loc[1]])
		g := Gold{ID: at["id"], Lang: "en", Date: petrDate(at["date"]), Events: []GoldEvent{}}
		tm := petrText.FindStringSubmatch(rec)
		if tm == nil {
			errs = append(errs, fmt.Errorf("%s: record %q: no <Text>", name, g.ID))
			continue
		}
		g.Text = strings.Join(strings.Fields(tm[1]), " ")
		bad := false
		for _, tag := range petrCoding.FindAllString(rec, -1) {
			c := attrs(tag)
			if c["noevents"] != "" {
				continue
			}
			m, ok, err := FromCAMEO(c["eventcode"])
			if err != nil {
				return gold, append(errs, err)
			}
			if !ok {
				errs = append(errs, fmt.Errorf("%s: record %q: unknown CAMEO code %q", name, g.ID, c["eventcode"]))
				bad = true
				continue
			}
			if m.Type == "" {
				continue
			}
			ev := GoldEvent{Type: m.Type, Mode: m.Mode, CAMEO: c["eventcode"],
				Source: petrActor(c["sourcecode"]), Target: petrActor(c["targetcode"])}
			if ev.Source == nil {
				continue
			}
			gold := false
			for _, e := range g.Events {
				if e.Type == ev.Type && primary(e.Source) == primary(ev.Source) && primary(e.Target) == primary(ev.Target) {
					gold = true // one PLOVER event for codings that differ only below it
				}
			}
			if !gold {
				g.Events = append(g.Events, ev)
			}
		}
		if !bad {
			gold = append(gold, g)
		}
	}
	if len(locs) == 0 {
		errs = append(errs, fmt.Errorf("%s: no <Sentence> records", name))
	}
	return gold, errs
}

func petrDate(s string) string {
	if len(s) == 8 {
		return s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	return s
}

func petrActor(code string) *GoldActor {
	code = strings.TrimSpace(code)
	if strings.Trim(code, "-") == "" {
		return nil
	}
	return &GoldActor{Code: code}
}

// primary returns the part of an actor code that scoring compares: the
// country (the first three letters) or, for an actor without a country,
// its first sector or organisation code. USA-GOV, USAGOV and USA all give
// USA; ---REB and REB give REB; IGOUNO and IGO give IGO.
func primary(a *GoldActor) string {
	if a == nil {
		return ""
	}
	c := strings.ToUpper(strings.ReplaceAll(a.Code, "-", ""))
	if len(c) > 3 {
		c = c[:3]
	}
	return c
}

// Counts holds true positives and the sizes of the predicted and gold sets.
type Counts struct {
	TP, Pred, Gold int
}

// P returns the precision.
func (c Counts) P() float64 { return ratio(c.TP, c.Pred) }

// R returns the recall.
func (c Counts) R() float64 { return ratio(c.TP, c.Gold) }

// F1 returns the harmonic mean of P and R.
func (c Counts) F1() float64 {
	p, r := c.P(), c.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// A Report is the score of predicted events against gold at the sentence
// level.
type Report struct {
	Sentences int
	Type      Counts // event types, as a multiset per sentence
	Source    Counts // (type, source's primary code) pairs
	Target    Counts // (type, target's primary code) pairs
	Event     Counts // (type, source, target) triples
	Dated     Counts // TP: matched events (type, source) with the gold date and granularity; Pred=Gold=matched events with a gold date
	Negation  Counts // TP: matched events with the gold negated flag; Pred=Gold=matched events
}

// A Miss lists, for one sentence, what was predicted and what was gold.
type Miss struct {
	ID         string
	Text       string
	Pred, Gold []string
}

// Score compares pred[i] (the events coded for gold[i]) with the gold
// events. See README.md for the matching rule.
func Score(gold []Gold, pred [][]GoldEvent) (Report, []Miss) {
	var r Report
	var misses []Miss
	for i, g := range gold {
		r.Sentences++
		p := pred[i]
		key := func(es []GoldEvent, f func(GoldEvent) string) []string {
			var out []string
			for _, e := range es {
				if k := f(e); k != "" {
					out = append(out, k)
				}
			}
			return out
		}
		typeKey := func(e GoldEvent) string { return e.Type }
		srcKey := func(e GoldEvent) string {
			if e.Source == nil {
				return ""
			}
			return e.Type + " " + primary(e.Source)
		}
		tgtKey := func(e GoldEvent) string {
			if primary(e.Target) == "" {
				return ""
			}
			return e.Type + " " + primary(e.Target)
		}
		evKey := func(e GoldEvent) string { return e.Type + " " + primary(e.Source) + " → " + primary(e.Target) }
		add(&r.Type, key(p, typeKey), key(g.Events, typeKey))
		add(&r.Source, key(p, srcKey), key(g.Events, srcKey))
		add(&r.Target, key(p, tgtKey), key(g.Events, tgtKey))
		add(&r.Event, key(p, evKey), key(g.Events, evKey))
		// Dates and negation on events matched by type and source.
		used := make([]bool, len(p))
		for _, ge := range g.Events {
			for j, pe := range p {
				if used[j] || srcKey(pe) != srcKey(ge) {
					continue
				}
				used[j] = true
				r.Negation.Pred++
				r.Negation.Gold++
				if pe.Negated == ge.Negated {
					r.Negation.TP++
				}
				if ge.Date != "" {
					r.Dated.Pred++
					r.Dated.Gold++
					if pe.Date == ge.Date && pe.DateGrain == ge.DateGrain {
						r.Dated.TP++
					}
				}
				break
			}
		}
		pk, gk := key(p, evKey), key(g.Events, evKey)
		slices.Sort(pk)
		slices.Sort(gk)
		if !slices.Equal(pk, gk) {
			misses = append(misses, Miss{ID: g.ID, Text: g.Text, Pred: describe(p), Gold: describe(g.Events)})
		}
	}
	return r, misses
}

func describe(es []GoldEvent) []string {
	var out []string
	for _, e := range es {
		s := e.Type + " " + actorString(e.Source) + " → " + actorString(e.Target)
		if e.Negated {
			s += " (negated)"
		}
		if e.Date != "" {
			s += " @" + e.Date + "/" + e.DateGrain
		}
		out = append(out, s)
	}
	return out
}

func actorString(a *GoldActor) string {
	if a == nil {
		return "-"
	}
	if a.Name != "" {
		return a.Code + "[" + a.Name + "]"
	}
	return a.Code
}

func add(c *Counts, pred, gold []string) {
	c.Pred += len(pred)
	c.Gold += len(gold)
	left := map[string]int{}
	for _, g := range gold {
		left[g]++
	}
	for _, p := range pred {
		if left[p] > 0 {
			left[p]--
			c.TP++
		}
	}
}

// AsGold converts coded events to the gold form, for Score.
func AsGold(evs []article.Event) []GoldEvent {
	out := make([]GoldEvent, 0, len(evs))
	for _, e := range evs {
		g := GoldEvent{Type: e.Type, Mode: e.Mode, Date: e.Date, DateGrain: e.DateGrain, Negated: e.Negated}
		if e.Source != nil {
			g.Source = &GoldActor{Name: e.Source.Name, Code: e.Source.Code}
		}
		if e.Target != nil {
			g.Target = &GoldActor{Name: e.Target.Name, Code: e.Target.Code}
		}
		out = append(out, g)
	}
	return out
}
