// Package lang identifies the language of an article: by script, then,
// for Cyrillic, by the letters and words that tell Russian from Ukrainian,
// and for Latin script by a naive-Bayes score over character trigrams plus
// very frequent function words. The profiles are small embedded data files
// (data/), so the detector adds well under a megabyte to the binary.
package lang

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/article"
)

// Limits on the work per text: only a prefix is read, since the language
// of a news article shows in its first paragraphs.
const (
	maxBytes = 2048 // bytes of the text read at most
	minWords = 3    // fewer words than this: no guess
	minConf  = 0.5  // below this confidence: no guess

	minStop    = 40   // words read at least before stopping early
	stopMargin = 80.0 // log-odds of the best Latin language over the next that ends reading
)

// supported are the languages newsgraph extracts quotes from; others are
// detected so that a warning can say what the article is.
var supported = []string{"de", "en", "es", "fr", "it", "nl", "pl", "pt", "ru", "uk"}

// Supported reports whether newsgraph supports lang.
func Supported(lang string) bool { return slices.Contains(supported, lang) }

var (
	loadOnce sync.Once
	shared   *model
)

// defaultModel builds the model from the embedded data once. Broken
// embedded data is a programming error, caught by TestEmbedded.
func defaultModel() *model {
	loadOnce.Do(func() {
		sub, err := fs.Sub(data, "data")
		if err == nil {
			shared, err = newModel(sub)
		}
		if err != nil {
			panic(fmt.Sprintf("lang: embedded data: %v", err))
		}
	})
	return shared
}

// A Detector identifies the language of texts. It is the "lang" stage of
// the pipeline and is safe for concurrent use.
type Detector struct {
	force string
	m     *model
}

// NewDetector returns a detector. With force != "" it does not detect and
// gives every article that language.
func NewDetector(force string) *Detector {
	return &Detector{force: force, m: defaultModel()}
}

// Name returns the stage name, "lang".
func (d *Detector) Name() string { return "lang" }

// Detect returns the ISO 639-1 code of the language of text and a
// confidence in 0..1, or "" when it is unsure (fewer than three words, or
// a close call). It reads at most the first 2 KB of text.
func (d *Detector) Detect(text string) (lang string, confidence float64) {
	if d.force != "" {
		return d.force, 1
	}
	return d.m.detect(text)
}

// Process sets a.Lang from its title and text when it is empty (or to the
// forced language) and warns when the language is unknown or not one that
// newsgraph supports.
func (d *Detector) Process(ctx context.Context, a *article.Article) error {
	switch {
	case d.force != "":
		a.Lang = d.force
	case a.Lang == "":
		text := a.Text
		if a.Title != "" {
			// Only a prefix is read: do not copy the whole body.
			text = a.Title + ".\n" + a.Text[:min(len(a.Text), maxBytes)]
		}
		a.Lang, _ = d.m.detect(text)
	}
	switch {
	case a.Lang == "":
		a.Warn("language not identified")
	case !Supported(a.Lang):
		a.Warn(fmt.Sprintf("language %q is not supported: entities and quotes may be missed", a.Lang))
	}
	return nil
}

// detect is Detect without forcing.
func (m *model) detect(text string) (string, float64) {
	if len(text) > maxBytes {
		text = text[:maxBytes] // a cut rune at the end is not a letter
	}
	nl := len(m.langs)
	scores := make([]float64, nl)
	var letters [numScripts]int
	var cyr cyrillicLetters
	nwords, nkana := 0, 0
	var key [4 * maxWord]byte
	words(text, func(w []rune) bool {
		nwords++
		s := scriptOf(w[0])
		letters[s] += len(w)
		k := 0
		for _, r := range w {
			k += utf8.EncodeRune(key[k:], r)
		}
		if row, ok := m.words[string(key[:k])]; ok {
			ws := m.wordw[int(row)*nl : int(row+1)*nl]
			for i, x := range ws {
				scores[i] += float64(x)
			}
		}
		switch s {
		case latin:
			nt := len(m.latin)
			wordTrigrams(w, func(t trigram) {
				// A trigram's row holds its middle letter's score too.
				var row []float32
				if i, ok := m.rows[t]; ok {
					row = m.logp[int(i)*nt : int(i+1)*nt]
				} else if mid := int(t >> 21 & 0x1FFFFF); mid < maxLetter {
					row = m.letters[mid*nt : (mid+1)*nt]
				}
				for k, x := range row {
					scores[m.latin[k]] += float64(x)
				}
			})
		case cyrillic:
			for _, r := range w {
				cyr.add(r)
			}
		case han, kana:
			for _, r := range w {
				if scriptOf(r) == kana {
					nkana++
				}
			}
		}
		// Stop early once the answer is clear: enough words of one script
		// and, for Latin, a wide margin between the two best languages.
		return nwords < minStop || nwords%8 != 0 || !m.settled(scores, letters[:])
	})
	total, best := 0, otherScript
	for s, n := range letters {
		total += n
		if n > letters[best] {
			best = script(s)
		}
	}
	if best == otherScript {
		return "", 0
	}
	share := float64(letters[best]) / float64(total)
	switch best {
	case latin:
		if nwords < minWords {
			return "", 0
		}
		return m.pick(scores, m.latin)
	case cyrillic:
		if nwords < minWords {
			return "", 0
		}
		return m.cyrillic(scores, cyr, share)
	case han, kana:
		if letters[han]+letters[kana] < 2*minWords {
			return "", 0
		}
		if nkana > 0 {
			return "ja", share
		}
		return "zh", share
	case arabic:
		if nwords < minWords {
			return "", 0
		}
		return "ar", share
	}
	if nwords < minWords && letters[best] < 4*minWords {
		return "", 0
	}
	return singleLanguage[best], share
}

// settled reports whether reading more words is unlikely to change the
// answer: most letters so far are of one script, and for Latin the best
// language leads the second by stopMargin.
func (m *model) settled(scores []float64, letters []int) bool {
	total := 0
	for _, n := range letters {
		total += n
	}
	if letters[latin]*10 < total*9 {
		return letters[latin]*10 < total && total > 200
	}
	best, second := math.Inf(-1), math.Inf(-1)
	for _, i := range m.latin {
		switch x := scores[i]; {
		case x > best:
			best, second = x, best
		case x > second:
			second = x
		}
	}
	return best-second > stopMargin
}

// pick returns the best of the candidate languages by score, with its
// probability under a softmax of the scores, or "" when that is below
// minConf.
func (m *model) pick(scores []float64, cand []int) (string, float64) {
	if len(cand) == 0 {
		return "", 0
	}
	best := cand[0]
	for _, i := range cand[1:] {
		if scores[i] > scores[best] {
			best = i
		}
	}
	sum := 0.0
	for _, i := range cand {
		sum += math.Exp(scores[i] - scores[best])
	}
	conf := 1 / sum
	if conf < minConf {
		return "", conf
	}
	return m.langs[best], conf
}

// cyrillic tells the Cyrillic languages apart by their own letters, then
// Russian from Ukrainian by letters and function words.
func (m *model) cyrillic(scores []float64, c cyrillicLetters, share float64) (string, float64) {
	switch {
	case c.be > 0 && c.ru > 0:
		return "be", share
	case c.mk > 0:
		return "mk", share
	case c.sr > 0:
		return "sr", share
	case c.hardSign >= 2 && c.ru == 0 && c.uk == 0:
		return "bg", share
	}
	// Letter evidence: about 6.5% of Ukrainian letters are і ї є ґ, about
	// 2.2% of Russian ones are ы э ё ъ, and each language almost never uses
	// the other's.
	const ukRate, ruRate, never = 0.065, 0.022, 0.0005
	other := float64(c.letters - c.uk - c.ru - c.hardSign)
	diff := float64(c.uk)*math.Log(ukRate/never) +
		float64(c.ru+c.hardSign)*math.Log(never/ruRate) +
		other*math.Log((1-ukRate)/(1-ruRate))
	if i, ok := slices.BinarySearch(m.langs, "uk"); ok {
		diff += scores[i]
	}
	if i, ok := slices.BinarySearch(m.langs, "ru"); ok {
		diff -= scores[i]
	}
	conf := share / (1 + math.Exp(-math.Abs(diff)))
	switch {
	case conf < minConf:
		return "", conf
	case diff > 0:
		return "uk", conf
	default:
		return "ru", conf
	}
}
