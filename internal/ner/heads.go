package ner

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Trigger words ("heads"): a title before a person's name (minister,
// señora, Frau), the head noun of an organisation's name (Ministerie,
// Partido, GmbH) and of a place's (straat, río, Platz). The word itself
// is in the tagger's features already, but a list lets what is learnt
// from the frequent ones carry over to the rare ones, and its compound
// ends (-straat, -partei) reach words never seen at all (Kalverstraat,
// Piratenpartei). The lists are data (data/<lang>/*.txt, see
// data/README.md) and are saved with the model that learnt with them.

//go:embed data
var headsFS embed.FS

// headFiles are the list files of a language and the kind of trigger
// each holds, in bit order.
var headFiles = [...]string{"per_titles.txt", "org_heads.txt", "loc_heads.txt"}

// Head bits of a word: bit k for an entry of headFiles[k] that is the
// whole word, bit 4+k for one that is only a part of it.
const (
	headWhole = 0x0f
	headPart  = 0xf0
)

// A HeadWord is one entry of a trigger list, as written in the file
// ("straat", "-straat", "bundes-"), and its kind: the index of its file
// in headFiles.
type HeadWord struct {
	Entry string
	Kind  int
}

// heads matches words against trigger lists.
type heads struct {
	entries          []HeadWord       // as read, for saving
	whole, suf, pre  map[string]uint8 // lower-case entry → kind bits
	sufLens, preLens []int            // distinct byte lengths of suf and pre keys
}

// ReadHeads returns the trigger lists of lang from fsys (files
// <lang>/per_titles.txt, org_heads.txt, loc_heads.txt; a missing file is
// an empty list). A nil fsys means the embedded lists.
func ReadHeads(fsys fs.FS, lang string) ([]HeadWord, error) {
	if fsys == nil {
		sub, err := fs.Sub(headsFS, "data")
		if err != nil {
			return nil, err
		}
		fsys = sub
	}
	var out []HeadWord
	found := false
	for k, name := range headFiles {
		path := lang + "/" + name
		f, err := fsys.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = true
		sc := bufio.NewScanner(f)
		line := 0
		for sc.Scan() {
			line++
			e := strings.TrimSpace(sc.Text())
			if e == "" || e[0] == '#' {
				continue
			}
			if e != strings.ToLower(e) || strings.ContainsAny(e, " \t") || e == "-" {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %q: want one lower-case word", path, line, e)
			}
			out = append(out, HeadWord{Entry: e, Kind: k})
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if !found {
		return nil, fmt.Errorf("no trigger lists for %q", lang)
	}
	return out, nil
}

func newHeads(entries []HeadWord) *heads {
	h := &heads{entries: entries, whole: map[string]uint8{}, suf: map[string]uint8{}, pre: map[string]uint8{}}
	for _, e := range entries {
		bit := uint8(1) << e.Kind
		switch w := e.Entry; {
		case len(w) > 1 && w[0] == '-':
			h.suf[w[1:]] |= bit
			if !slices.Contains(h.sufLens, len(w)-1) {
				h.sufLens = append(h.sufLens, len(w)-1)
			}
		case len(w) > 1 && w[len(w)-1] == '-':
			h.pre[w[:len(w)-1]] |= bit
			if !slices.Contains(h.preLens, len(w)-1) {
				h.preLens = append(h.preLens, len(w)-1)
			}
		default:
			h.whole[w] |= bit
		}
	}
	return h
}

// match returns the head bits of a word, given its lower-case form and
// whether it is capitalised.
func (h *heads) match(low []byte, capital bool) uint8 {
	b := h.whole[string(low)]
	if !capital {
		return b
	}
	var part uint8
	for _, n := range h.sufLens {
		if n < len(low) {
			part |= h.suf[string(low[len(low)-n:])]
		}
	}
	for _, n := range h.preLens {
		if n < len(low) {
			part |= h.pre[string(low[:n])]
		}
	}
	return b | part<<4
}

// markRuns sets the run atoms: the head bits of all the words of the
// capitalised sequence a word is in ("Ministerie van Buitenlandse
// Zaken": short lower-case words between capitalised ones belong to it)
// and the word's place in it.
func markRuns(at []atoms) {
	n := len(at)
	for i := 0; i < n; {
		if !at[i].capital {
			i++
			continue
		}
		j := i + 1
		for j < n {
			if at[j].capital {
				j++
				continue
			}
			if at[j].short && j+1 < n && at[j+1].capital {
				j += 2
				continue
			}
			break
		}
		var bits uint8
		for k := i; k < j; k++ {
			bits |= at[k].head
		}
		for k := i; k < j; k++ {
			at[k].run = bits
			switch {
			case j-i == 1:
				at[k].runPos = 1
			case k == i:
				at[k].runPos = 2
			case k == j-1:
				at[k].runPos = 4
			default:
				at[k].runPos = 3
			}
		}
		i = j
	}
}
