// Package lexicon loads the per-language word lists that drive
// segmentation, entity recognition and quote attribution. The lists are
// data files under data/<lang>/ (see data/README.md), embedded in the
// binary; adding a language is adding a folder.
package lexicon

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data
var embedded embed.FS

// A Set is a collection of languages' lexicons read from one file system.
// Languages load on first use and are cached; a Set is safe for
// concurrent use.
type Set struct {
	fsys  fs.FS
	mu    sync.Mutex
	words map[string]*Words
	errs  map[string]error
	marks []QuoteMark
	// places is all/places.txt, shared by every language's Words: a
	// place is named alike in the news of many languages.
	places map[string]bool
	stems  map[string]bool // placeStems
}

// New returns a Set over fsys, which holds <lang>/<list> files.
func New(fsys fs.FS) *Set {
	return &Set{fsys: fsys, words: map[string]*Words{}, errs: map[string]error{}}
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
)

// Default returns the Set over the embedded data, shared by the process.
func Default() *Set {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(embedded, "data")
		if err != nil {
			panic(err) // the embedded tree always has data/
		}
		defaultSet = New(sub)
	})
	return defaultSet
}

// ErrNoLanguage is returned by Load for a language without a folder.
var ErrNoLanguage = errors.New("no lexicon for language")

// Languages lists the languages that have a folder.
func (s *Set) Languages() ([]string, error) {
	entries, err := fs.ReadDir(s.fsys, ".")
	if err != nil {
		return nil, err
	}
	var langs []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != "all" {
			langs = append(langs, e.Name())
		}
	}
	return langs, nil
}

// Load returns the lexicon of lang, reading it on first use.
func (s *Set) Load(lang string) (*Words, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.words[lang]; ok {
		return w, nil
	}
	if err, ok := s.errs[lang]; ok {
		return nil, err
	}
	w, err := s.load(lang)
	if err != nil {
		s.errs[lang] = err
		return nil, err
	}
	s.words[lang] = w
	return w, nil
}

// Generic returns an empty lexicon that has only the language-independent
// lists (quotation marks), for languages without a folder.
func (s *Set) Generic() (*Words, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.words[""]; ok {
		return w, nil
	}
	w := newWords("")
	marks, err := s.quoteMarks()
	if err != nil {
		return nil, err
	}
	w.QuoteMarks = marks
	s.words[""] = w
	return w, nil
}

func (s *Set) quoteMarks() ([]QuoteMark, error) {
	if s.marks != nil {
		return s.marks, nil
	}
	rows, err := readTSV(s.fsys, "all/quotation_marks.tsv", 3)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		o, c := []rune(r.cols[0]), []rune(r.cols[1])
		if len(o) != 1 || len(c) != 1 {
			return nil, fmt.Errorf("all/quotation_marks.tsv:%d: marks must be single characters", r.line)
		}
		s.marks = append(s.marks, QuoteMark{Open: o[0], Close: c[0], Kind: r.cols[2]})
	}
	return s.marks, nil
}

// placeNames reads all/places.txt on first use; the caller holds s.mu.
func (s *Set) placeNames() (map[string]bool, error) {
	if s.places != nil {
		return s.places, nil
	}
	rows, err := readTSV(s.fsys, "all/places.txt", 1)
	if err != nil {
		return nil, err
	}
	s.places = make(map[string]bool, len(rows))
	for _, r := range rows {
		s.places[strings.ToLower(r.cols[0])] = true
	}
	return s.places, nil
}

// placeStems returns the place names without their last one or two
// letters (keeping four or more), built on first use: where names take
// case endings, "Новосибирске", "Казани" and "Poznaniu" are found as
// "Новосибирск", "Казань" and "Poznań". The caller holds s.mu.
func (s *Set) placeStems() (map[string]bool, error) {
	if s.stems != nil {
		return s.stems, nil
	}
	places, err := s.placeNames()
	if err != nil {
		return nil, err
	}
	s.stems = make(map[string]bool, 2*len(places))
	for p := range places {
		if strings.ContainsRune(p, ' ') {
			continue
		}
		one, two := Stems(p)
		for _, st := range [2]string{one, two} {
			if st != "" {
				s.stems[st] = true
			}
		}
		s.stems[p] = true
	}
	return s.stems, nil
}

// Stems returns l without its last letter and without its last two, each
// only when four letters or more remain ("" otherwise).
func Stems(l string) (one, two string) {
	n := utf8.RuneCountInString(l)
	if n-1 >= 4 {
		_, size := utf8.DecodeLastRuneInString(l)
		one = l[:len(l)-size]
	}
	if n-2 >= 4 {
		_, size := utf8.DecodeLastRuneInString(one)
		two = one[:len(one)-size]
	}
	return one, two
}

func (s *Set) load(lang string) (*Words, error) {
	if lang == "" || strings.ContainsAny(lang, "/.\\") {
		return nil, fmt.Errorf("%w %q", ErrNoLanguage, lang)
	}
	if fi, err := fs.Stat(s.fsys, lang); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w %q", ErrNoLanguage, lang)
	}
	w := newWords(lang)
	marks, err := s.quoteMarks()
	if err != nil {
		return nil, err
	}
	w.QuoteMarks = marks
	if w.Places, err = s.placeNames(); err != nil {
		return nil, err
	}
	for _, l := range lists {
		name := lang + "/" + l.file
		rows, err := readTSV(s.fsys, name, l.cols)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if err := l.add(w, r.cols); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, r.line, err)
			}
		}
	}
	if w.InflectedNames {
		if w.PlaceStems, err = s.placeStems(); err != nil {
			return nil, err
		}
	}
	// The segmenter splits elided words off ("D'après" is "D'" and
	// "après"), so phrases are matched in the same tokens.
	for i := range w.SourcePhrases {
		w.SourcePhrases[i].Words = splitElisions(w.SourcePhrases[i].Words, w.Elisions)
	}
	for i := range w.Anaphors {
		w.Anaphors[i].Words = splitElisions(w.Anaphors[i].Words, w.Elisions)
	}
	return w, nil
}

type row struct {
	line int
	cols []string
}

// readTSV reads a list; a missing file is an empty list. Each row has at
// least one and at most maxCols columns; missing optional columns are "".
func readTSV(fsys fs.FS, name string, maxCols int) ([]row, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) > maxCols {
			return nil, fmt.Errorf("%s:%d: %d columns, want at most %d", name, n, len(cols), maxCols)
		}
		for len(cols) < maxCols {
			cols = append(cols, "")
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if cols[0] == "" {
			return nil, fmt.Errorf("%s:%d: empty first column", name, n)
		}
		rows = append(rows, row{n, cols})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return rows, nil
}

type list struct {
	file string
	cols int
	add  func(w *Words, cols []string) error
}

var lists = []list{
	{"abbreviations.txt", 1, func(w *Words, c []string) error { w.Abbreviations[c[0]] = true; return nil }},
	{"stopwords.txt", 1, func(w *Words, c []string) error { w.Stopwords[lower(c[0])] = true; return nil }},
	{"complementizers.txt", 1, func(w *Words, c []string) error { w.Complementizers[lower(c[0])] = true; return nil }},
	{"org_words.txt", 1, func(w *Words, c []string) error { w.OrgWords[lower(c[0])] = true; return nil }},
	{"loc_words.txt", 1, func(w *Words, c []string) error { w.LocWords[lower(c[0])] = true; return nil }},
	{"negations.txt", 1, func(w *Words, c []string) error { w.Negations[lower(c[0])] = true; return nil }},
	{"speech_verbs.tsv", 4, func(w *Words, c []string) error {
		if c[1] == "" {
			return errors.New("speech verb without lemma")
		}
		v := Verb{Form: lower(c[0]), Lemma: c[1], Particle: lower(c[2])}
		for _, f := range strings.Split(c[3], ",") {
			switch strings.TrimSpace(f) {
			case "":
			case "nocomp":
				v.NoComp = true
			case "weak":
				v.Weak = true
			case "passive":
				v.Passive = true
			case "written":
				v.Written = true
			case "cite":
				v.Cite = true
			case "aux":
				v.Aux = true
			case "copula":
				v.Copula = true
			case "object":
				v.Object = true
			case "infinitive":
				v.Infinitive = true
			default:
				return fmt.Errorf("unknown flag %q", f)
			}
		}
		if strings.Contains(v.Form, " ") {
			return fmt.Errorf("speech verb %q: one token per form", v.Form)
		}
		w.SpeechVerbs[v.Form] = append(w.SpeechVerbs[v.Form], v)
		return nil
	}},
	{"source_phrases.tsv", 2, func(w *Words, c []string) error {
		p := Phrase{Words: strings.Fields(lower(c[0])), Text: c[0]}
		switch c[1] {
		case "pre":
			p.Pos = Pre
		case "post":
			p.Pos = Post
		case "postpos":
			p.Pos = Postpos
		default:
			return fmt.Errorf("source phrase %q: position %q, want pre, post or postpos", c[0], c[1])
		}
		w.SourcePhrases = append(w.SourcePhrases, p)
		return nil
	}},
	{"source_prepositions.txt", 1, func(w *Words, c []string) error { w.SourcePreps[lower(c[0])] = true; return nil }},
	{"subjunctives.txt", 1, func(w *Words, c []string) error { w.Subjunctives[lower(c[0])] = true; return nil }},
	{"anaphors.txt", 1, func(w *Words, c []string) error {
		w.Anaphors = append(w.Anaphors, Phrase{Words: strings.Fields(lower(c[0])), Text: c[0]})
		return nil
	}},
	{"pronouns.tsv", 3, func(w *Words, c []string) error {
		p, err := pronoun(c)
		w.Pronouns[lower(c[0])] = p
		return err
	}},
	{"object_pronouns.tsv", 3, func(w *Words, c []string) error {
		p, err := pronoun(c)
		w.ObjectPronouns[lower(c[0])] = p
		return err
	}},
	{"titles.tsv", 2, func(w *Words, c []string) error {
		g, err := gender(c[1])
		w.Titles[lower(c[0])] = g
		return err
	}},
	{"roles.tsv", 4, func(w *Words, c []string) error {
		g, err := gender(c[1])
		if err != nil {
			return err
		}
		switch c[2] {
		case "PER", "ORG", "LOC":
		default:
			return fmt.Errorf("role %q: type %q, want PER, ORG or LOC", c[0], c[2])
		}
		r := Role{Gender: g, Type: c[2]}
		if len(c) > 3 && c[3] != "" {
			if c[3] != "document" {
				return fmt.Errorf("role %q: flag %q, want document", c[0], c[3])
			}
			r.Document = true
		}
		w.Roles[lower(c[0])] = r
		return nil
	}},
	{"determiners.tsv", 2, func(w *Words, c []string) error {
		switch c[1] {
		case "def", "indef", "dem", "poss", "quant":
		default:
			return fmt.Errorf("determiner %q: kind %q", c[0], c[1])
		}
		w.Determiners[lower(c[0])] = c[1]
		return nil
	}},
	{"first_names.tsv", 2, func(w *Words, c []string) error {
		g, err := gender(c[1])
		w.FirstNames[c[0]] = g
		return err
	}},
	{"tone.tsv", 2, func(w *Words, c []string) error {
		f, err := strconv.ParseFloat(c[1], 64)
		if err != nil || f < -1 || f > 1 {
			return fmt.Errorf("tone %q: polarity %q, want -1..1", c[0], c[1])
		}
		w.Tone[lower(c[0])] = f
		return nil
	}},
	{"prepositions.txt", 1, func(w *Words, c []string) error { w.Prepositions[lower(c[0])] = true; return nil }},
	{"role_prepositions.txt", 1, func(w *Words, c []string) error { w.RolePrepositions[lower(c[0])] = true; return nil }},
	{"settings.tsv", 2, func(w *Words, c []string) error {
		switch c[0] {
		case "capitalised_nouns":
			w.CapitalisedNouns = c[1] == "true"
		case "infinitive_marker":
			w.InfinitiveMarker = lower(c[1])
		case "lowercase_org_names":
			w.LowercaseOrgNames = c[1] == "true"
		case "inflected_names":
			w.InflectedNames = c[1] == "true"
		case "verb_second":
			w.VerbSecond = c[1] == "true"
		case "pro_drop":
			w.ProDrop = c[1] == "true"
		default:
			return fmt.Errorf("unknown setting %q", c[0])
		}
		return nil
	}},
	{"elisions.txt", 1, func(w *Words, c []string) error {
		if !strings.HasSuffix(c[0], "’") && !strings.HasSuffix(c[0], "'") {
			return fmt.Errorf("elision %q: want a prefix ending with an apostrophe", c[0])
		}
		w.Elisions = append(w.Elisions, lower(c[0]))
		return nil
	}},
	{"clitics.txt", 1, func(w *Words, c []string) error {
		if !strings.HasPrefix(c[0], "-") {
			return fmt.Errorf("clitic %q: want a suffix starting with -", c[0])
		}
		w.Clitics = append(w.Clitics, lower(c[0]))
		return nil
	}},
	{"patronymic_endings.txt", 1, func(w *Words, c []string) error {
		w.PatronymicEndings = append(w.PatronymicEndings, lower(c[0]))
		return nil
	}},
	{"verb_endings.txt", 1, func(w *Words, c []string) error {
		w.VerbEndings = append(w.VerbEndings, lower(c[0]))
		return nil
	}},
	{"participle_suffixes.txt", 1, func(w *Words, c []string) error {
		w.ParticipleSuffixes = append(w.ParticipleSuffixes, lower(c[0]))
		return nil
	}},
	{"relatives.txt", 1, func(w *Words, c []string) error { w.Relatives[lower(c[0])] = true; return nil }},
	{"title_words.txt", 1, func(w *Words, c []string) error { w.TitleWords[lower(c[0])] = true; return nil }},
	{"as_conjunctions.txt", 1, func(w *Words, c []string) error { w.AsConjunctions[lower(c[0])] = true; return nil }},
	{"conjunctions.txt", 1, func(w *Words, c []string) error { w.Conjunctions[lower(c[0])] = true; return nil }},
	{"relative_adverbs.txt", 1, func(w *Words, c []string) error { w.RelativeAdverbs[lower(c[0])] = true; return nil }},
	{"time_words.txt", 1, func(w *Words, c []string) error { w.TimeWords[lower(c[0])] = true; return nil }},
	{"name_particles.txt", 1, func(w *Words, c []string) error { w.NameParticles[c[0]] = true; return nil }},
	{"demonyms.tsv", 2, func(w *Words, c []string) error { w.Demonyms[lower(c[0])] = c[1]; return nil }},
}

func pronoun(c []string) (Pronoun, error) {
	g, err := gender(c[1])
	if err != nil {
		return Pronoun{}, err
	}
	switch c[2] {
	case "sg", "pl", "-", "":
	default:
		return Pronoun{}, fmt.Errorf("pronoun %q: number %q, want sg, pl or -", c[0], c[2])
	}
	return Pronoun{Gender: g, Number: c[2]}, nil
}

func gender(s string) (string, error) {
	switch s {
	case "m", "f", "n":
		return s, nil
	case "-", "":
		return "", nil
	}
	return "", fmt.Errorf("gender %q, want m, f, n or -", s)
}

// splitElisions splits the elided words of a language (elisions.txt:
// "d’", "l’", "qu’") off the words that follow them, with either
// apostrophe: "d'après" → "d'", "après"; "c'est" → "c'", "est".
func splitElisions(words []string, elisions []string) []string {
	var out []string
	for _, wd := range words {
		for {
			cut := 0
			for _, e := range elisions {
				stem := strings.TrimRight(e, "'’")
				for _, ap := range []string{"'", "’"} {
					if p := stem + ap; len(wd) > len(p) && strings.HasPrefix(wd, p) {
						cut = len(p)
					}
				}
			}
			if cut == 0 {
				break
			}
			out = append(out, wd[:cut])
			wd = wd[cut:]
		}
		out = append(out, wd)
	}
	return out
}

func lower(s string) string { return strings.ToLower(s) }
