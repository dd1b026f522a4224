package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/article"
)

// KindEntities marks a Result of ScoreEntities.
const KindEntities = "entities"

// An EntityGoldDoc is the entity annotation of one gold file
// (data/*/gold/<id>.json, SCHEMA.md §4).
type EntityGoldDoc struct {
	ID       string       `json:"id"`
	Lang     string       `json:"lang"`
	Entities []GoldEntity `json:"entities"`
}

// A GoldEntity is one entity of a gold document: its name, its type and
// the other strings that refer to it there.
type GoldEntity struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Mentions []string `json:"mentions"`
}

// errNoEntities reports a gold file without an "entities" list: its
// document was not annotated for entities and is not scored.
var errNoEntities = errors.New(`no "entities"`)

// ReadEntityGold parses the entity annotation of one gold file. A file
// whose "entities" is absent or null returns errNoEntities; an entity
// without a name or a type is an error, as it is for the reference scorer.
func ReadEntityGold(data []byte) (EntityGoldDoc, error) {
	var raw struct {
		ID       *string `json:"id"`
		Lang     *string `json:"lang"`
		Entities *[]struct {
			Name     *string  `json:"name"`
			Type     *string  `json:"type"`
			Mentions []string `json:"mentions"`
		} `json:"entities"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return EntityGoldDoc{}, err
	}
	if raw.ID == nil {
		return EntityGoldDoc{}, errors.New(`no "id"`)
	}
	d := EntityGoldDoc{ID: *raw.ID, Lang: "?"}
	if raw.Lang != nil {
		d.Lang = *raw.Lang
	}
	if raw.Entities == nil {
		return d, errNoEntities
	}
	d.Entities = []GoldEntity{}
	for i, e := range *raw.Entities {
		if e.Name == nil || e.Type == nil {
			return d, fmt.Errorf("entity %d: no name or no type", i)
		}
		d.Entities = append(d.Entities, GoldEntity{Name: *e.Name, Type: *e.Type, Mentions: e.Mentions})
	}
	return d, nil
}

// LoadEntityGold reads the entity annotations of every <id>.json of dir in
// name order. Files without an "entities" list are returned apart, as
// unannotated (id and lang only), so that they are not scored; a file that
// does not parse is reported in the joined error and the others are
// returned.
func LoadEntityGold(dir string) (docs, unannotated []EntityGoldDoc, err error) {
	err = eachGoldFile(dir, func(name string, data []byte) error {
		d, err := ReadEntityGold(data)
		switch {
		case errors.Is(err, errNoEntities):
			unannotated = append(unannotated, d)
		case err != nil:
			return fmt.Errorf("read gold %s: %w", name, err)
		default:
			docs = append(docs, d)
		}
		return nil
	})
	return docs, unannotated, err
}

// FilterEntityLang keeps the gold documents of one language; "" keeps all.
func FilterEntityLang(docs []EntityGoldDoc, lang string) []EntityGoldDoc {
	if lang == "" {
		return docs
	}
	return slices.DeleteFunc(slices.Clone(docs), func(d EntityGoldDoc) bool { return d.Lang != lang })
}

// EntityTypes are the types that the per-type scores always list, in
// SCHEMA.md order; other types are listed after them when they occur.
var EntityTypes = []string{article.PER, article.ORG, article.LOC, article.MISC}

// An EntityResult is the outcome of scoring the entities of a batch of
// documents.
type EntityResult struct {
	Kind        string        `json:"kind"`                  // entities
	Missing     []string      `json:"missing,omitempty"`     // gold ids without a prediction
	Unannotated []string      `json:"unannotated,omitempty"` // gold ids without "entities", not scored
	All         EntityScore   `json:"all"`
	ByLang      []EntityScore `json:"by_lang"` // sorted by language
	ByType      []TypeScore   `json:"by_type"` // EntityTypes, then others sorted
	Docs        []EntityDoc   `json:"docs,omitempty"`
}

// An EntityScore holds the counts and measures of a set of documents.
// Typed counts a match only when the types agree; untyped (detection)
// counts every match.
type EntityScore struct {
	Lang      string  `json:"lang"` // "all" for the overall score
	Docs      int     `json:"docs"`
	Gold      int     `json:"gold"`
	Pred      int     `json:"pred"`
	Typed     int     `json:"typed"`   // matches of the same type
	Matched   int     `json:"matched"` // matches of any type
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	UntypedP  float64 `json:"untyped_precision"`
	UntypedR  float64 `json:"untyped_recall"`
	UntypedF1 float64 `json:"untyped_f1"`
}

// A TypeScore is the typed score of the gold and predicted entities of one
// type.
type TypeScore struct {
	Type      string  `json:"type"`
	Gold      int     `json:"gold"`
	Pred      int     `json:"pred"`
	Typed     int     `json:"typed"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// An EntityDoc lists how one document's entities were matched.
type EntityDoc struct {
	ID             string            `json:"id"`
	Lang           string            `json:"lang"`
	Gold           int               `json:"gold"`
	Pred           int               `json:"pred"`
	Misses         []EntityRef       `json:"misses,omitempty"`          // gold entities left unmatched
	TypeErrors     []EntityTypeError `json:"type_errors,omitempty"`     // matches of another type
	FalsePositives []EntityRef       `json:"false_positives,omitempty"` // predicted entities left unmatched
}

// An EntityRef is one entity of a document, by its index in the gold or
// predicted list.
type EntityRef struct {
	Index int    `json:"index"`
	Type  string `json:"type"`
	Name  string `json:"name"`
}

// An EntityTypeError is a gold entity matched by a prediction of another
// type.
type EntityTypeError struct {
	Gold EntityRef `json:"gold"`
	Pred EntityRef `json:"pred"`
}

// EntityNameKey is the form in which entity names are compared: accents
// stripped, then Tokens (lower case, word characters) joined by one space.
// It gives the same equalities as the reference scorer's norm (NFKD,
// combining marks dropped, str.lower, \w+ runs joined), though Tokens
// recomposes what NFKD split without marks, Hangul syllables say.
func EntityNameKey(s string) string { return strings.Join(Tokens(stripAccents(s)), " ") }

// nameSet is the set of name keys an entity goes by; names with no word
// characters are left out, so that two such names never match.
type nameSet map[string]bool

func (s nameSet) add(name string) {
	if k := EntityNameKey(name); k != "" {
		s[k] = true
	}
}

func (s nameSet) meets(t nameSet) bool {
	for k := range s {
		if t[k] {
			return true
		}
	}
	return false
}

// goldNames is a gold entity's name set: its name and mentions.
func goldNames(e *GoldEntity) nameSet {
	s := nameSet{}
	s.add(e.Name)
	for _, m := range e.Mentions {
		s.add(m)
	}
	return s
}

// predNames is a predicted entity's name set: its name and the texts of
// its name mentions (a mention without a kind counts as a name, as in the
// reference scorer); pronouns and nominals do not name it.
func predNames(e *article.Entity) nameSet {
	s := nameSet{}
	s.add(e.Name)
	for _, m := range e.Mentions {
		if m.Kind == article.MentionName || m.Kind == "" {
			s.add(m.Text)
		}
	}
	return s
}

// matchEntities pairs gold and predicted entities one to one, greedily in
// gold order: each gold entity takes the first unused prediction whose
// name set meets its own and that has its type, else the first of any
// type. match[j] is the prediction of gold entity j, or -1.
func matchEntities(gold, pred []nameSet, goldType, predType []string) []int {
	used := make([]bool, len(pred))
	match := make([]int, len(gold))
	for j, g := range gold {
		best := -1
		for i, p := range pred {
			if used[i] || !g.meets(p) {
				continue
			}
			if best < 0 {
				best = i
			}
			if predType[i] == goldType[j] {
				best = i
				break
			}
		}
		match[j] = best
		if best >= 0 {
			used[best] = true
		}
	}
	return match
}

// ScoreEntities scores the predicted entities against the gold documents,
// overall, per language and per type. A gold document without a prediction
// counts as one with no entities; predictions for other ids are ignored.
func ScoreEntities(gold []EntityGoldDoc, pred map[string]*article.Article) *EntityResult {
	res := &EntityResult{Kind: KindEntities}
	byLang := map[string]*EntityScore{}
	byType := map[string]*TypeScore{}
	typeScore := func(typ string) *TypeScore {
		s := byType[typ]
		if s == nil {
			s = &TypeScore{Type: typ}
			byType[typ] = s
		}
		return s
	}
	for _, typ := range EntityTypes {
		typeScore(typ)
	}
	for gi := range gold {
		g := &gold[gi]
		a := pred[g.ID]
		if a == nil {
			res.Missing = append(res.Missing, g.ID)
			a = &article.Article{ID: g.ID}
		}
		gn := make([]nameSet, len(g.Entities))
		gt := make([]string, len(g.Entities))
		for j := range g.Entities {
			gn[j], gt[j] = goldNames(&g.Entities[j]), g.Entities[j].Type
			typeScore(gt[j]).Gold++
		}
		pn := make([]nameSet, len(a.Entities))
		pt := make([]string, len(a.Entities))
		for i := range a.Entities {
			pn[i], pt[i] = predNames(&a.Entities[i]), a.Entities[i].Type
			typeScore(pt[i]).Pred++
		}
		doc := EntityDoc{ID: g.ID, Lang: g.Lang, Gold: len(gn), Pred: len(pn)}
		c := EntityScore{Docs: 1, Gold: len(gn), Pred: len(pn)}
		used := make([]bool, len(pn))
		for j, i := range matchEntities(gn, pn, gt, pt) {
			ge := EntityRef{Index: j, Type: gt[j], Name: g.Entities[j].Name}
			if i < 0 {
				doc.Misses = append(doc.Misses, ge)
				continue
			}
			used[i] = true
			c.Matched++
			if pt[i] == gt[j] {
				c.Typed++
				typeScore(gt[j]).Typed++
			} else {
				doc.TypeErrors = append(doc.TypeErrors, EntityTypeError{Gold: ge, Pred: EntityRef{Index: i, Type: pt[i], Name: a.Entities[i].Name}})
			}
		}
		for i, u := range used {
			if !u {
				doc.FalsePositives = append(doc.FalsePositives, EntityRef{Index: i, Type: pt[i], Name: a.Entities[i].Name})
			}
		}
		res.All.add(c)
		s := byLang[g.Lang]
		if s == nil {
			s = &EntityScore{Lang: g.Lang}
			byLang[g.Lang] = s
		}
		s.add(c)
		res.Docs = append(res.Docs, doc)
	}
	res.All.Lang = "all"
	res.All.compute()
	for _, lang := range slices.Sorted(maps.Keys(byLang)) {
		s := byLang[lang]
		s.compute()
		res.ByLang = append(res.ByLang, *s)
	}
	others := slices.Sorted(maps.Keys(byType))
	others = slices.DeleteFunc(others, func(t string) bool { return slices.Contains(EntityTypes, t) })
	for _, typ := range append(slices.Clone(EntityTypes), others...) {
		s := byType[typ]
		s.Precision = ratio(s.Typed, s.Pred)
		s.Recall = ratio(s.Typed, s.Gold)
		s.F1 = harmonic(s.Precision, s.Recall)
		res.ByType = append(res.ByType, *s)
	}
	return res
}

func (s *EntityScore) add(c EntityScore) {
	s.Docs += c.Docs
	s.Gold += c.Gold
	s.Pred += c.Pred
	s.Typed += c.Typed
	s.Matched += c.Matched
}

// compute fills the measures from the counts, with the reference scorer's
// float operations.
func (s *EntityScore) compute() {
	s.Precision = ratio(s.Typed, s.Pred)
	s.Recall = ratio(s.Typed, s.Gold)
	s.F1 = harmonic(s.Precision, s.Recall)
	s.UntypedP = ratio(s.Matched, s.Pred)
	s.UntypedR = ratio(s.Matched, s.Gold)
	s.UntypedF1 = harmonic(s.UntypedP, s.UntypedR)
}

// WriteText prints one line per language and one overall, as the
// reference scorer prints them, then the typed score of each type. With
// details it then lists, per document with an error, the misses, type
// errors and false positives.
func (r *EntityResult) WriteText(w io.Writer, details bool) error {
	var b strings.Builder
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, "missing predictions for %d gold documents\n", len(r.Missing))
	}
	if len(r.Unannotated) > 0 {
		fmt.Fprintf(&b, "%d gold documents without entities not scored\n", len(r.Unannotated))
	}
	for _, s := range r.ByLang {
		b.WriteString(s.line())
	}
	b.WriteString(r.All.line())
	b.WriteString("\n")
	for _, s := range r.ByType {
		fmt.Fprintf(&b, "%-4s gold=%4d pred=%4d typed P=%.3f R=%.3f F1=%.3f\n", s.Type, s.Gold, s.Pred, s.Precision, s.Recall, s.F1)
	}
	if details {
		for _, d := range r.Docs {
			lines := d.errorLines()
			if len(lines) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n%s (%s): %d gold, %d predicted, %d wrong type, %d missed, %d false positive\n",
				d.ID, d.Lang, d.Gold, d.Pred, len(d.TypeErrors), len(d.Misses), len(d.FalsePositives))
			for _, l := range lines {
				b.WriteString(l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// line is the reference scorer's line for s.
func (s *EntityScore) line() string {
	return fmt.Sprintf("%-4s gold=%4d pred=%4d typed P=%.3f R=%.3f F1=%.3f | untyped F1=%.3f\n",
		s.Lang, s.Gold, s.Pred, s.Precision, s.Recall, s.F1, s.UntypedF1)
}

// errorLines lists the errors of d as the prototype's error listing
// (errs.py) does: misses and type errors in gold order, then the false
// positives in predicted order.
func (d *EntityDoc) errorLines() []string {
	var lines []string
	m, t := 0, 0
	for m < len(d.Misses) || t < len(d.TypeErrors) {
		if t == len(d.TypeErrors) || m < len(d.Misses) && d.Misses[m].Index < d.TypeErrors[t].Gold.Index {
			lines = append(lines, fmt.Sprintf("  MISS %s %s", d.Misses[m].Type, d.Misses[m].Name))
			m++
			continue
		}
		e := d.TypeErrors[t]
		lines = append(lines, fmt.Sprintf("  TYPE gold %s %s <- pred %s %s", e.Gold.Type, e.Gold.Name, e.Pred.Type, e.Pred.Name))
		t++
	}
	for _, e := range d.FalsePositives {
		lines = append(lines, fmt.Sprintf("  FP   %s %s", e.Type, e.Name))
	}
	return lines
}

// WriteJSON prints the result as indented JSON; without details the
// per-document lists are left out.
func (r *EntityResult) WriteJSON(w io.Writer, details bool) error {
	out := *r
	if !details {
		out.Docs = nil
	}
	b, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
