// Package ner finds names of persons, organisations, places and other
// things in tokenised sentences with a trained sequence tagger: an
// averaged structured perceptron over hashed features (word, shape,
// affixes, neighbours, word clusters learnt from unlabelled news,
// gazetteers of names seen in training), decoded with Viterbi so that the
// output is always valid IOB2.
//
// Models for a few languages are embedded; Load returns one.
package ner

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

// ErrNoModel reports that no model is embedded for a language.
var ErrNoModel = errors.New("no NER model for this language")

//go:embed models
var modelFS embed.FS

// A Tagger assigns IOB2 tags to the tokens of a sentence. It is safe for
// concurrent use.
type Tagger struct {
	m    *model
	pool sync.Pool // *scratch
	docs sync.Pool // *docState
}

func newTagger(m *model) *Tagger {
	return &Tagger{m: m, pool: sync.Pool{New: func() any { return new(scratch) }},
		docs: sync.Pool{New: func() any { return newDocState() }}}
}

// Info describes the tagger's model.
func (t *Tagger) Info() Info { return t.m.info }

// Tag returns the IOB2 tags of one sentence's words, appended to dst[:0].
func (t *Tagger) Tag(words []string, dst []string) []string {
	dst = dst[:0]
	if len(words) == 0 {
		return dst
	}
	sc := t.pool.Get().(*scratch)
	t.m.emissions(words, sc)
	sc.labels = t.m.viterbi(len(words), sc, sc.labels)
	for _, l := range sc.labels {
		dst = append(dst, t.m.labels[l])
	}
	t.pool.Put(sc)
	return dst
}

var (
	loadMu sync.Mutex
	loaded = map[string]*loadResult{}
)

type loadResult struct {
	once sync.Once
	t    *Tagger
	err  error
}

// Load returns the embedded model for lang, read on first use and shared
// afterwards. It returns an error wrapping ErrNoModel when there is none.
func Load(lang string) (*Tagger, error) {
	loadMu.Lock()
	r, ok := loaded[lang]
	if !ok {
		r = &loadResult{}
		loaded[lang] = r
	}
	loadMu.Unlock()
	r.once.Do(func() { r.t, r.err = LoadFS(modelFS, "models/"+lang+".ner.gz") })
	if errors.Is(r.err, ErrNoModel) {
		return nil, fmt.Errorf("ner: load %s: %w (models: %s)", lang, r.err, strings.Join(Langs(), ", "))
	}
	if r.err != nil {
		return nil, fmt.Errorf("ner: load %s: %w", lang, r.err)
	}
	return r.t, nil
}

// Langs returns the languages with an embedded model.
func Langs() []string {
	ents, _ := fs.ReadDir(modelFS, "models")
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".ner.gz"); ok {
			out = append(out, n)
		}
	}
	return out
}

// LoadFS reads a model file from fsys; a missing file is ErrNoModel.
func LoadFS(fsys fs.FS, name string) (*Tagger, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoModel
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := readModel(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return newTagger(m), nil
}
