package ner

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/conll"
)

// TrainConfig controls Train.
type TrainConfig struct {
	Lang   string
	Epochs int   // passes over the training data (default 12)
	Seed   int64 // shuffles the sentences; same seed and data, same model
	Bits   uint  // log2 of the rows of the weight table (default 18)
	// Folds is the number of parts the training data is cut into to build
	// its gazetteer features: each part sees a gazetteer made from the
	// other parts only, so that the tagger learns how far to trust the
	// gazetteer on names it has not seen (default 5; 1 turns it off).
	Folds int
	// Dropout is the probability with which a training token's word
	// features are replaced by those of an unknown word (default 0).
	Dropout float64
	// Names are an external gazetteer, e.g. the names of another
	// language's corpus; the tagger learns how far to trust it.
	Names []Name
	// Bags is the number of perceptrons trained one after the other on
	// differently shuffled data (and dropout); the model is their mean
	// (default 1).
	Bags int
	// Extra is tagged data from elsewhere (another language, another
	// corpus) that is learnt from along with train.
	Extra []conll.Sentence
	// Augment gives train's sentences a copy of every feature of their
	// own, so that the weights learn what Extra and train share and, apart,
	// what is particular to train (Daumé III 2007).
	Augment bool
	// Features names optional feature groups to use: "heads" (trigger
	// words, see heads.go).
	Features []string
	// Heads are the trigger lists for "heads"; nil means the embedded
	// lists of Lang.
	Heads []HeadWord
	// Clusters are word clusters learnt from unlabelled text (optional).
	Clusters     []ClusterWord
	TrainName    string // recorded in the model
	ClustersName string // recorded in the model
	// StackFolds, if 2 or more, adds a second stage (see stack.go) trained
	// on the output of first stages that each learnt from all but one of
	// this many parts of train and tagged that part.
	StackFolds int
	// StackBefore and StackAfter are how many sentences before and after
	// a sentence the second stage looks at (-1: the whole document).
	StackBefore, StackAfter int
	StackBits               uint // log2 of the second stage's rows (default 16)

	// stackRows, when training a second stage, are the rows of the
	// features of each train sentence's tokens that come from the first
	// stage's output (see trainStack).
	stackRows []tokenRows
	// Progress, if set, is called after each epoch with the dev F1 (or -1
	// when there is no dev data).
	Progress func(epoch int, devF1 float64, took time.Duration)
}

// A Name is a gazetteer entry: the tokens of a name, as written, and its
// entity type (PER, ORG, LOC or MISC).
type Name struct {
	Words []string
	Type  string
}

// NamesOf returns the distinct names tagged in sentences.
func NamesOf(sents []conll.Sentence) []Name {
	seen := map[string]bool{}
	var out []Name
	for _, s := range sents {
		for _, c := range conll.Chunks(s.Tags) {
			key := c.Type + "\x00" + strings.Join(s.Words[c.Start:c.End], "\x00")
			if !seen[key] {
				seen[key] = true
				out = append(out, Name{Words: s.Words[c.Start:c.End], Type: c.Type})
			}
		}
	}
	return out
}

// A ClusterWord is one line of a clusters file: a lower-case word, its
// path in the cluster tree ("0110…"), its count, and the share of its
// occurrences inside a sentence that were capitalised (-1 if unknown).
type ClusterWord struct {
	Word     string
	Path     string
	Count    int
	CapRatio float64
}

// Train learns a tagger from train with the averaged structured
// perceptron (Collins 2002), decoding with Viterbi under IOB2 constraints.
// dev, if not empty, is scored after every epoch.
func Train(train, dev []conll.Sentence, cfg TrainConfig) (*Tagger, error) {
	m, err := trainBase(train, dev, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.StackFolds > 1 {
		if err := trainStack(m, train, dev, cfg); err != nil {
			return nil, err
		}
	}
	return newTagger(m), nil
}

// trainBase learns the first stage.
func trainBase(train, dev []conll.Sentence, cfg TrainConfig) (*model, error) {
	if len(train) == 0 {
		return nil, errors.New("train: no training sentences")
	}
	if cfg.Epochs <= 0 {
		cfg.Epochs = 12
	}
	if cfg.Bits == 0 {
		cfg.Bits = 18
	}
	if cfg.Bits < 10 || cfg.Bits > 22 {
		return nil, fmt.Errorf("train: bits %d out of range 10–22", cfg.Bits)
	}
	if cfg.Folds <= 0 {
		cfg.Folds = 5
	}
	present := map[string]bool{}
	ntok := 0
	for _, s := range train {
		if len(s.Tags) != len(s.Words) {
			return nil, fmt.Errorf("train: sentence at line %d has no gold tags", s.Line)
		}
		ntok += len(s.Words)
		for _, t := range s.Tags {
			if t != "O" {
				present[t[2:]] = true
			}
		}
	}
	var types []string
	for _, t := range conll.Types {
		if present[t] {
			types = append(types, t)
		}
	}
	if len(types) == 0 {
		return nil, errors.New("train: no entities in the training data")
	}
	groups, err := featureSet(cfg.Features)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	m := newModel(Info{Lang: cfg.Lang, Augment: cfg.Augment && len(cfg.Extra) > 0, Bits: cfg.Bits, Epochs: cfg.Epochs, Seed: cfg.Seed,
		Train: cfg.TrainName, Clusters: cfg.ClustersName, Tokens: ntok, Features: cfg.Features}, types)
	m.lex.feats = groups
	if groups&featHeads != 0 {
		hw := cfg.Heads
		if hw == nil {
			if hw, err = ReadHeads(nil, cfg.Lang); err != nil {
				return nil, fmt.Errorf("train: %w", err)
			}
		}
		m.lex.heads = newHeads(hw)
	}
	for _, c := range cfg.Clusters {
		m.lex.addWord(c.Word, c.Path, c.CapRatio)
	}
	L := len(m.labels)
	labelIdx := map[string]int{}
	for i, l := range m.labels {
		labelIdx[l] = i
	}
	typeIdx := map[string]int{}
	for i, t := range types {
		typeIdx[t] = i
	}

	for _, n := range cfg.Names {
		if k, ok := typeIdx[n.Type]; ok {
			addName(m.lex.xgaz, n.Words, k)
		}
	}
	// Gazetteers: one per fold from the other folds, and one from all.
	fold := func(i int) int { return i * cfg.Folds / len(train) }
	foldLex := make([]*lexicon, cfg.Folds)
	for k := range foldLex {
		lx := *m.lex
		lx.gaz = map[uint64]uint8{}
		foldLex[k] = &lx
	}
	for i, s := range train {
		if cfg.Folds == 1 {
			break
		}
		for _, c := range conll.Chunks(s.Tags) {
			name := s.Words[c.Start:c.End]
			addName(m.lex.gaz, name, typeIdx[c.Type])
			for k := range foldLex {
				if k != fold(i) {
					addName(foldLex[k].gaz, name, typeIdx[c.Type])
				}
			}
		}
	}

	// Atoms of every training token, computed once.
	type sent struct {
		at     []atoms
		gold   []int
		target bool     // from train, not cfg.Extra
		stack  []uint32 // second-stage rows of the tokens (see stack.go)
		soff   []int32  // token i's are stack[soff[i]:soff[i+1]]
	}
	var (
		sents = make([]sent, len(train))
		sc    = &scratch{}
		feats []uint32
		offs  []int32
	)
	for i, s := range train {
		lx := foldLex[fold(i)]
		lx.fill(s.Words, sc)
		st := sent{at: slices.Clone(sc.at), gold: make([]int, len(s.Words)), target: true}
		for j := range s.Words {
			st.gold[j] = labelIdx[s.Tags[j]]
		}
		if cfg.stackRows != nil {
			st.stack, st.soff = cfg.stackRows[i].rows, cfg.stackRows[i].offs
		}
		sents[i] = st
	}
	for _, s := range cfg.Extra {
		if len(s.Tags) != len(s.Words) {
			return nil, fmt.Errorf("train: extra sentence at line %d has no gold tags", s.Line)
		}
		m.lex.fill(s.Words, sc)
		st := sent{at: slices.Clone(sc.at), gold: make([]int, len(s.Words))}
		for j := range s.Words {
			st.gold[j] = labelIdx[s.Tags[j]] // types train lacks become O
		}
		sents = append(sents, st)
	}
	var drop []atoms
	if m.info.Augment {
		// Rows [1<<bits, 2<<bits) hold train's own copy of each feature;
		// as train is what is tagged later, the copies are added to the
		// shared weights when the model is made (see below), so tagging
		// costs no more.
		m.w = make([]float32, 2*len(m.w))
	}
	u := make([]float64, len(m.w)) // averaging accumulators
	ut := make([]float64, len(m.trans))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6e6572))
	c := 1.0
	var pred []int
	avg := &model{info: m.info, labels: m.labels, bits: m.bits, lex: m.lex, allowed: m.allowed,
		w: make([]float32, (1<<m.bits)*L), trans: make([]float32, len(m.trans))}
	update := func(r uint32, label int, d float64) {
		k := int(r)*L + label
		m.w[k] += float32(d)
		u[k] += c * d
	}
	bags := max(cfg.Bags, 1)
	var sumW, sumT, bagW, bagT []float32
	if bags > 1 {
		sumW, sumT = make([]float32, len(avg.w)), make([]float32, len(m.trans))
		bagW, bagT = make([]float32, len(avg.w)), make([]float32, len(m.trans))
	}
	for bag := range bags {
		if bag > 0 {
			clear(m.w)
			clear(m.trans)
			clear(u)
			clear(ut)
			c = 1
		}
		for epoch := 1; epoch <= cfg.Epochs; epoch++ {
			start := time.Now()
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, si := range order {
				st := &sents[si]
				n := len(st.gold)
				at := st.at
				if cfg.Dropout > 0 {
					// Forget some words' identities, so that the weights learn
					// what unseen names look like from their shape, affixes,
					// clusters and context.
					drop = append(drop[:0], at...)
					for i := range drop {
						if rng.Float64() < cfg.Dropout {
							drop[i].w, drop[i].l = unkCluster, unkCluster
						}
					}
					at = drop
				}
				feats, offs = feats[:0], offs[:0]
				offs = append(offs, 0)
				for i := range n {
					k := len(feats)
					feats = m.lex.rows(at, i, m.bits, feats)
					if st.soff != nil {
						feats = append(feats, st.stack[st.soff[i]:st.soff[i+1]]...)
					}
					if m.info.Augment && st.target {
						for _, r := range feats[k:] {
							feats = append(feats, r+1<<m.bits)
						}
					}
					offs = append(offs, int32(len(feats)))
				}
				sc.em = grow(sc.em, n*L)
				for i := range n {
					e := sc.em[i*L : i*L+L]
					clear(e)
					for _, r := range feats[offs[i]:offs[i+1]] {
						wr := m.w[int(r)*L : int(r)*L+L]
						for k := range e {
							e[k] += wr[k]
						}
					}
				}
				pred = m.viterbi(n, sc, pred)
				if !slices.Equal(pred, st.gold) {
					for i := range n {
						g, p := st.gold[i], pred[i]
						gp, pp := L, L
						if i > 0 {
							gp, pp = st.gold[i-1], pred[i-1]
						}
						if g != p {
							for _, r := range feats[offs[i]:offs[i+1]] {
								update(r, g, 1)
								update(r, p, -1)
							}
						}
						if g != p || gp != pp {
							m.trans[gp*L+g]++
							ut[gp*L+g] += c
							m.trans[pp*L+p]--
							ut[pp*L+p] -= c
						}
					}
				}
				c++
			}
			for k := range avg.w {
				avg.w[k] = m.w[k] - float32(u[k]/c)
			}
			if m.info.Augment {
				n := len(avg.w)
				for k := range avg.w {
					avg.w[k] += m.w[n+k] - float32(u[n+k]/c)
				}
			}
			for k := range m.trans {
				avg.trans[k] = m.trans[k] - float32(ut[k]/c)
			}
			if bags > 1 {
				// The mean of this bag's weights and the earlier bags'.
				copy(bagW, avg.w)
				copy(bagT, avg.trans)
				for k := range avg.w {
					avg.w[k] = (sumW[k] + avg.w[k]) / float32(bag+1)
				}
				for k := range avg.trans {
					avg.trans[k] = (sumT[k] + avg.trans[k]) / float32(bag+1)
				}
			}
			avg.quantize()
			f1 := -1.0
			if len(dev) > 0 {
				counts, err := evaluate(avg, dev)
				if err != nil {
					return nil, err
				}
				f1 = counts.F1()
				avg.info.DevF1 = f1
			}
			if cfg.Progress != nil {
				cfg.Progress(bag*cfg.Epochs+epoch, f1, time.Since(start))
			}
		}
		for k := range sumW {
			sumW[k] += bagW[k]
		}
		for k := range sumT {
			sumT[k] += bagT[k]
		}
	}
	avg.w = nil
	return avg, nil
}

// evaluate tags dev with m and scores it.
func evaluate(m *model, dev []conll.Sentence) (*conll.Counts, error) {
	t := newTagger(m)
	counts := conll.NewCounts()
	var tags []string
	for _, s := range dev {
		tags = t.Tag(s.Words, tags)
		if err := counts.Add(s.Tags, tags); err != nil {
			return nil, fmt.Errorf("sentence at line %d: %w", s.Line, err)
		}
	}
	return counts, nil
}
