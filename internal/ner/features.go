package ner

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// atoms are the hashed properties of one token that feature templates
// combine; they are computed once per token and sentence.
type atoms struct {
	w, l, s uint64         // form, lower-case form, short shape
	pre     [3]uint64      // lower-case prefixes of 1–3 runes
	suf     [4]uint64      // lower-case suffixes of 1–4 runes
	clus    [4]uint64      // cluster path prefixes (see clusterDepths)
	capr    uint64         // how often the word is capitalised in unlabelled text, bucketed
	xgaz    uint8          // the same for the external gazetteer
	gaz     uint8          // gazetteer membership: bit 2k for B-type k, 2k+1 for I
	tri     [maxTri]uint64 // character trigrams of capitalised words
	ntri    uint8

	// With trigger lists (heads.go): whether the word is capitalised, or
	// a short lower-case word that may join capitalised ones (van, de,
	// für); its head bits, those of its capitalised sequence, and its
	// place there (0: none, 1: alone, 2: first, 3: inside, 4: last).
	capital, short    bool
	head, run, runPos uint8
}

const maxTri = 12

var (
	padAtoms = atoms{w: hashString("<pad>"), l: hashString("<pad>"), s: hashString("<pad>"),
		clus: [4]uint64{hashString("<pad>c"), hashString("<pad>c"), hashString("<pad>c"), hashString("<pad>c")},
		capr: hashString("<pad>r")}
	unkCluster = hashString("<unk>")
)

// Feature templates. The numbers are part of the model format: append new
// ones, never renumber.
const (
	tBias = iota
	tWord
	tLower
	tShape
	tPre
	tSuf
	tLowerM1
	tLowerP1
	tLowerM2
	tLowerP2
	tShapeM1
	tShapeP1
	tShapeM1S
	tShapeSP1
	tShape3
	tLowerM1L
	tLowerLP1
	tFirstShape
	tClus
	tClusM1
	tClusP1
	tGaz
	tGazMask
	tGazM1
	tGazP1
	tCapR
	tCapRShape
	tLowerM1Shape
	tFirstWord
	tWordM1
	tWordP1
	tSufM1
	tSufP1
	tLowerM1Clus
	tClusM1Clus
	tLowerM3
	tLowerP3
	tClusShape
	tTrigram
	tXGaz
	tXGazMask
	tXGazM1
	tXGazP1
	tHead
	tHeadM1
	tHeadP1
	tHeadRun
	tHeadWin
)

// Optional feature groups. A model records the names of those it was
// trained with in Info.Features and is tagged with exactly those, so
// that models trained before a group existed keep their scores.
const (
	featHeads = 1 << iota // trigger words (heads.go)
)

var featureNames = map[string]uint{"heads": featHeads}

// featureSet returns the feature groups named in names.
func featureSet(names []string) (uint, error) {
	var fs uint
	for _, n := range names {
		f, ok := featureNames[n]
		if !ok {
			return 0, fmt.Errorf("unknown feature group %q (heads)", n)
		}
		fs |= f
	}
	return fs, nil
}

// fill computes the atoms of words into sc.at.
func (lx *lexicon) fill(words []string, sc *scratch) {
	sc.at = sc.at[:0]
	for _, w := range words {
		var a atoms
		a.w = hashString(w)
		sc.buf = appendLower(sc.buf[:0], w)
		low := sc.buf
		a.l = hashBytes(low)
		// prefixes and suffixes in runes
		n := 0
		for i := 0; i < len(low) && n < 3; {
			_, size := utf8.DecodeRune(low[i:])
			i += size
			a.pre[n] = hashBytes(low[:i]) ^ uint64(n)
			n++
		}
		for ; n < 3; n++ {
			a.pre[n] = a.l ^ uint64(n)
		}
		n = 0
		for j := len(low); j > 0 && n < 4; {
			_, size := utf8.DecodeLastRune(low[:j])
			j -= size
			a.suf[n] = hashBytes(low[j:]) ^ uint64(n+8)
			n++
		}
		for ; n < 4; n++ {
			a.suf[n] = a.l ^ uint64(n+8)
		}
		if c, ok := lx.clusters[string(low)]; ok {
			a.clus = lx.clusterPre[c]
			a.capr = uint64(lx.capr[c])
		} else {
			a.clus = [4]uint64{unkCluster, unkCluster, unkCluster, unkCluster}
			a.capr = 255
		}
		r, _ := utf8.DecodeRuneInString(w)
		if lx.heads != nil {
			a.capital = unicode.IsUpper(r)
			a.short = unicode.IsLower(r) && utf8.RuneCount(low) <= 3
			a.head = lx.heads.match(low, a.capital)
		}
		if unicode.IsUpper(r) {
			// "^sw", "swi", …, "ir$" of the lower-case form.
			b := append(append(sc.tri[:0], '^'), low...)
			b = append(b, '$')
			for i := 0; i+3 <= len(b) && a.ntri < maxTri; i++ {
				a.tri[a.ntri] = hashBytes(b[i : i+3])
				a.ntri++
			}
			sc.tri = b
		}
		sc.buf = appendShape(sc.buf[:0], w)
		a.s = hashBytes(sc.buf)
		sc.at = append(sc.at, a)
	}
	gazMark(lx.gaz, sc.at, false)
	gazMark(lx.xgaz, sc.at, true)
	if lx.heads != nil {
		markRuns(sc.at)
	}
}

// appendLower appends the lower-case form of s to dst.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			return dst
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendShape appends the short shape of s: upper-case letters become X,
// lower-case x, digits d, other runes stay, and runs of one class are
// collapsed ("McDonald's" → "XxXx'x", "1996-08-22" → "d-d-d").
func appendShape(dst []byte, s string) []byte {
	var last rune = -1
	n := 0
	for _, r := range s {
		var c rune
		switch {
		case r < utf8.RuneSelf && 'a' <= r && r <= 'z', r >= utf8.RuneSelf && unicode.IsLower(r):
			c = 'x'
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z', r >= utf8.RuneSelf && unicode.IsUpper(r):
			c = 'X'
		case '0' <= r && r <= '9', r >= utf8.RuneSelf && unicode.IsDigit(r):
			c = 'd'
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			c = 'x'
		default:
			c = r
		}
		if c == last {
			continue
		}
		last = c
		dst = utf8.AppendRune(dst, c)
		n++
		if n >= 8 {
			break
		}
	}
	return dst
}

// rows appends the weight-table rows of every feature of token i.
func (lx *lexicon) rows(at []atoms, i int, bits uint, dst []uint32) []uint32 {
	n := len(at)
	get := func(j int) *atoms {
		if j < 0 || j >= n {
			return &padAtoms
		}
		return &at[j]
	}
	a, m1, p1, m2, p2 := &at[i], get(i-1), get(i+1), get(i-2), get(i+2)
	shift := 64 - bits
	add := func(h uint64) { dst = append(dst, uint32(h>>shift)) }
	add(feat(tBias, 0))
	add(feat(tWord, a.w))
	add(feat(tLower, a.l))
	add(feat(tShape, a.s))
	for k := range a.pre {
		add(feat(tPre, a.pre[k]))
	}
	for k := range a.suf {
		add(feat(tSuf, a.suf[k]))
	}
	add(feat(tLowerM1, m1.l))
	add(feat(tLowerP1, p1.l))
	add(feat(tLowerM2, m2.l))
	add(feat(tLowerP2, p2.l))
	add(feat(tShapeM1, m1.s))
	add(feat(tShapeP1, p1.s))
	add(feat2(tShapeM1S, m1.s, a.s))
	add(feat2(tShapeSP1, a.s, p1.s))
	add(feat3(tShape3, m1.s, a.s, p1.s))
	add(feat2(tLowerM1L, m1.l, a.l))
	add(feat2(tLowerLP1, a.l, p1.l))
	first := uint64(0)
	if i == 0 {
		first = 1
	}
	add(feat2(tFirstShape, first, a.s))
	for k := range a.clus {
		add(feat2(tClus, uint64(k), a.clus[k]))
	}
	add(feat2(tClusM1, 1, m1.clus[1]))
	add(feat2(tClusP1, 1, p1.clus[1]))
	add(feat2(tClusM1, 3, m1.clus[3]))
	add(feat2(tClusP1, 3, p1.clus[3]))
	for g := a.gaz; g != 0; g &= g - 1 {
		add(feat(tGaz, uint64(lowBit(g))))
	}
	add(feat(tGazMask, uint64(a.gaz)))
	add(feat(tGazM1, uint64(m1.gaz)))
	add(feat(tGazP1, uint64(p1.gaz)))
	if a.xgaz != 0 || m1.xgaz != 0 || p1.xgaz != 0 {
		for g := a.xgaz; g != 0; g &= g - 1 {
			add(feat(tXGaz, uint64(lowBit(g))))
		}
		add(feat(tXGazMask, uint64(a.xgaz)))
		add(feat(tXGazM1, uint64(m1.xgaz)))
		add(feat(tXGazP1, uint64(p1.xgaz)))
	}
	add(feat2(tCapR, first, a.capr))
	add(feat2(tCapRShape, a.capr, a.s))
	add(feat2(tLowerM1Shape, m1.l, a.s))
	add(feat2(tFirstWord, first, a.w))
	add(feat(tWordM1, m1.w))
	add(feat(tWordP1, p1.w))
	add(feat(tSufM1, m1.suf[2]))
	add(feat(tSufP1, p1.suf[2]))
	add(feat2(tLowerM1Clus, m1.l, a.clus[1]))
	add(feat2(tClusM1Clus, m1.clus[1], a.clus[1]))
	m3, p3 := get(i-3), get(i+3)
	add(feat(tLowerM3, m3.l))
	add(feat(tLowerP3, p3.l))
	add(feat2(tClusShape, a.clus[2], a.s))
	for _, t := range a.tri[:a.ntri] {
		add(feat(tTrigram, t))
	}
	if lx.feats&featHeads != 0 {
		if a.head != 0 {
			add(feat2(tHead, uint64(a.head), a.s))
		}
		if m1.head != 0 {
			add(feat2(tHeadM1, uint64(m1.head), a.s))
		}
		if p1.head != 0 {
			add(feat2(tHeadP1, uint64(p1.head), a.s))
		}
		if a.run != 0 {
			add(feat2(tHeadRun, uint64(a.run), uint64(a.runPos)))
		}
		// Any trigger within three words, of whatever form.
		var win uint8
		for j := max(i-3, 0); j <= min(i+3, n-1); j++ {
			if j != i {
				win |= at[j].head
			}
		}
		if win = win&headWhole | win>>4; win != 0 {
			capital := uint64(0)
			if a.capital {
				capital = 1
			}
			add(feat2(tHeadWin, uint64(win), capital))
		}
	}
	return dst
}

func lowBit(g uint8) int {
	n := 0
	for g&1 == 0 {
		g >>= 1
		n++
	}
	return n
}
