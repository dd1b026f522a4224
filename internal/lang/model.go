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

	"golang.org/x/text/unicode/norm"
)

//go:generate go test -run ^TestGenerate$ -generate

// data holds words/<lang>.txt (function words) and trigrams/<lang>.tsv
// (character trigram counts); data/README.md gives their sources.
//
//go:embed data
var data embed.FS

// Smoothing: absolute discounting, with the freed probability mass spread
// over a vocabulary of that many trigrams a language uses.
const (
	discount   = 0.75
	vocabulary = 20000.0

	maxLetter        = 0x250 // Latin letters up to IPA extensions
	letterSmoothing  = 0.5
	letterVocabulary = 100.0 // letters a language uses, about
	letterWeight     = 1.0   // how much the letter model counts next to the trigrams
	wordWeight       = 2.0   // how much a function word counts against trigram log-probabilities
)

// A model is everything Detect needs, built once from the data files.
type model struct {
	langs  []string // all languages with data, sorted
	script []script // the script of each language's words
	latin  []int    // indices of the Latin-script languages

	rows map[trigram]int32 // trigram → row of logp
	logp []float32         // row-major: len(rows) × len(latin)

	// Letters below maxLetter: log P(letter | lang) × letterWeight,
	// row-major by rune × len(latin). Letters such as å, ã or ř tell
	// languages apart even when a profile comes from a short sample.
	letters []float32

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

	// Trigram log-probabilities by absolute discounting: each counted
	// trigram gives up discount, and that mass plus the mass of the
	// trigrams the profile leaves out is shared evenly by the unseen ones.
	all := map[trigram]bool{}
	unseen := map[string]float64{}
	for lang, p := range profiles {
		var kept int64
		for t, c := range p.counts {
			all[t] = true
			kept += c
		}
		mass := (float64(p.total-kept) + discount*float64(len(p.counts))) / float64(p.total)
		unseen[lang] = math.Log(mass / vocabulary)
	}
	floor := 0.0 // for a Latin language without a profile: the lowest unseen value
	for _, u := range unseen {
		floor = min(floor, u)
	}
	m.letters = make([]float32, maxLetter*len(m.latin))
	for k, i := range m.latin {
		p, ok := profiles[m.langs[i]]
		if !ok {
			continue
		}
		// Each letter is the middle of exactly one trigram of its word.
		var counts [maxLetter]float64
		total := 0.0
		for t, c := range p.counts {
			if mid := rune(t >> 21 & 0x1FFFFF); mid < maxLetter {
				counts[mid] += float64(c)
				total += float64(c)
			}
		}
		for r := range maxLetter {
			lp := math.Log((counts[r] + letterSmoothing) / (total + letterSmoothing*letterVocabulary))
			m.letters[r*len(m.latin)+k] = float32(letterWeight * lp)
		}
	}
	for _, t := range slices.Sorted(maps.Keys(all)) {
		row := int32(len(m.rows))
		m.rows[t] = row
		for k, i := range m.latin {
			p, ok := profiles[m.langs[i]]
			lp := floor
			if ok {
				lp = unseen[m.langs[i]]
				if c := p.counts[t]; c > 0 {
					lp = math.Log((float64(c) - discount) / float64(p.total))
				}
			}
			if mid := int(t >> 21 & 0x1FFFFF); mid < maxLetter {
				lp += float64(m.letters[mid*len(m.latin)+k])
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
		case !norm.NFC.IsNormalString(line):
			return nil, fmt.Errorf("%s:%d: %q is not NFC", name, i+1, line)
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
