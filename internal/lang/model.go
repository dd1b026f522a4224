package lang

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:generate go test -run ^TestGenerate$ -generate

// data holds words/<lang>.txt (function words) and trigrams/<lang>.tsv
// (character trigram counts); data/README.md gives their sources.
//
//go:embed data
var data embed.FS

// Smoothing: a language's trigram probability is its relative count
// shrunk towards the mean over all languages with weight alpha, so that a
// profile built from a short sample is neither favoured nor punished for
// the trigrams it has never seen.
const (
	alpha      = 100.0
	wordWeight = 2.0 // how much a function word counts against trigram log-probabilities
)

// A model is everything Detect needs, built once from the data files.
type model struct {
	langs  []string // all languages with data, sorted
	script []script // the script of each language's words
	latin  []int    // indices of the Latin-script languages

	rows map[trigram]int32 // trigram → row of logp
	logp []float32         // row-major: len(rows) × len(latin)

	words map[string]int32 // function word → row of wordw
	wordw []float32        // row-major: len(words) × len(langs)
}

// newModel reads the data files of fsys (the layout of data/).
func newModel(fsys fs.FS) (*model, error) {
	m := &model{rows: map[trigram]int32{}, words: map[string]int32{}}
	wordLists := map[string][]string{}
	profiles := map[string]profile{}
	wfiles, err := fs.Glob(fsys, "words/*.txt")
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, name := range wfiles {
		lang := strings.TrimSuffix(path.Base(name), ".txt")
		ws, err := readWords(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		wordLists[lang] = ws
	}
	tfiles, err := fs.Glob(fsys, "trigrams/*.tsv")
	if err != nil {
		return nil, err
	}
	for _, name := range tfiles {
		lang := strings.TrimSuffix(path.Base(name), ".tsv")
		p, err := readProfile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, ok := wordLists[lang]; !ok {
			errs = append(errs, fmt.Errorf("%s: no words/%s.txt for this language", name, lang))
			continue
		}
		profiles[lang] = p
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for lang := range wordLists {
		m.langs = append(m.langs, lang)
	}
	slices.Sort(m.langs)
	nl := len(m.langs)
	for i, lang := range m.langs {
		s := wordScript(wordLists[lang])
		m.script = append(m.script, s)
		if s == latin {
			m.latin = append(m.latin, i)
		}
	}

	// Function words weigh more when fewer languages of the same script
	// share them.
	inLangs := map[string][]int{}
	for i, lang := range m.langs {
		for _, w := range wordLists[lang] {
			inLangs[w] = append(inLangs[w], i)
		}
	}
	perScript := map[script]int{}
	for _, s := range m.script {
		perScript[s]++
	}
	for _, w := range slices.Sorted(maps.Keys(inLangs)) {
		ls := inLangs[w]
		row := int32(len(m.words))
		m.words[w] = row
		m.wordw = append(m.wordw, make([]float32, nl)...)
		for _, i := range ls {
			share := 0
			for _, j := range ls {
				if m.script[j] == m.script[i] {
					share++
				}
			}
			m.wordw[int(row)*nl+i] = float32(wordWeight * math.Log(1+float64(perScript[m.script[i]])/float64(share)))
		}
	}

	// Trigram log-probabilities, shrunk towards the mean profile.
	all := map[trigram]bool{}
	for _, p := range profiles {
		for t := range p.counts {
			all[t] = true
		}
	}
	keys := slices.Sorted(maps.Keys(all))
	for _, t := range keys {
		bg := 0.0
		for _, p := range profiles {
			bg += float64(p.counts[t]) / float64(p.total)
		}
		bg /= float64(len(profiles))
		row := int32(len(m.rows))
		m.rows[t] = row
		for _, i := range m.latin {
			p, ok := profiles[m.langs[i]]
			var lp float64
			if ok {
				lp = math.Log((float64(p.counts[t]) + alpha*bg) / (float64(p.total) + alpha))
			} else {
				lp = math.Log(bg / 2) // a language without a profile: a little below the average
			}
			m.logp = append(m.logp, float32(lp))
		}
	}
	return m, nil
}

// wordScript is the script of most letters of the words.
func wordScript(ws []string) script {
	var n [numScripts]int
	for _, w := range ws {
		for _, r := range w {
			n[scriptOf(r)]++
		}
	}
	best := otherScript
	for s := range n {
		if n[s] > n[best] {
			best = script(s)
		}
	}
	return best
}

// readWords reads a list of one lower-case word a line, # comments.
func readWords(fsys fs.FS, name string) ([]string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var ws []string
	seen := map[string]bool{}
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var lowered []rune
		words(line, func(w []rune) bool {
			lowered = append(lowered[:0], w...)
			return true
		})
		switch {
		case !utf8.ValidString(line):
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", name, i+1)
		case string(lowered) != line:
			return nil, fmt.Errorf("%s:%d: %q is not one lower-case word", name, i+1, line)
		case seen[line]:
			return nil, fmt.Errorf("%s:%d: %q repeated", name, i+1, line)
		}
		seen[line] = true
		ws = append(ws, line)
	}
	if len(ws) == 0 {
		return nil, fmt.Errorf("%s: no words", name)
	}
	return ws, nil
}

// A profile is the trigram counts of one language's training text.
type profile struct {
	total  int64 // all trigrams of the text, counted or not
	counts map[trigram]int64
}

// readProfile reads "# total<TAB>N" and "trigram<TAB>count" lines, where
// "_" stands for a word boundary.
func readProfile(fsys fs.FS, name string) (profile, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return profile{}, err
	}
	defer f.Close()
	p := profile{counts: map[trigram]int64{}}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# total\t"); ok {
			if p.total, err = strconv.ParseInt(rest, 10, 64); err != nil || p.total <= 0 {
				return profile{}, fmt.Errorf("%s:%d: bad total %q", name, n, rest)
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		tri, cnt, ok := strings.Cut(line, "\t")
		rs := []rune(strings.ReplaceAll(tri, "_", " "))
		c, err := strconv.ParseInt(cnt, 10, 64)
		if !ok || len(rs) != 3 || err != nil || c <= 0 {
			return profile{}, fmt.Errorf("%s:%d: want trigram<TAB>count, got %q", name, n, line)
		}
		t := pack(rs[0], rs[1], rs[2])
		if _, dup := p.counts[t]; dup {
			return profile{}, fmt.Errorf("%s:%d: trigram %q repeated", name, n, tri)
		}
		p.counts[t] = c
	}
	if err := sc.Err(); err != nil {
		return profile{}, fmt.Errorf("%s: %w", name, err)
	}
	if p.total == 0 {
		return profile{}, fmt.Errorf("%s: no \"# total\" line", name)
	}
	return p, nil
}
