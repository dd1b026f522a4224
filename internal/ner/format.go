package ner

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// The model file is gzip over:
//
//	magic "NGNER1\n"
//	uvarint n, n bytes of JSON Info
//	float32 scale; the weights are int16 multiples of it
//	transitions: (L+1)×L float32
//	uvarint rows; per non-zero row: uvarint gap from the previous row,
//	  then L zig-zag varints
//	uvarint words; per word: string word, string path, byte capitalisation
//	uvarint types; per type: string
//	uvarint gazetteer keys; per key: uint64, byte
//	the same for the external gazetteer
//	with the "heads" features: uvarint entries; per entry: string, byte kind
//	with a second stage: its table, as the first's
//
// Strings are a uvarint length and the bytes. Weights are quantised to
// int16 against the largest one, and those under minQuant steps are
// dropped (see model.quantize); training scores its dev set with the
// quantised weights, so the scores it prints are those of the file.
const magic = "NGNER1\n"

const quantMax = 32767

// minQuant is the smallest |quantised weight| that is kept.
const minQuant = 2

// WriteTo writes the tagger's model in the compact binary form.
func (t *Tagger) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	if err := writeModel(bw, t.m); err != nil {
		return cw.n, err
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	if err := zw.Close(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func writeModel(w *bufio.Writer, m *model) error {
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { w.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); w.WriteString(s) }
	w.WriteString(magic)
	info, err := json.Marshal(m.info)
	if err != nil {
		return err
	}
	uv(uint64(len(info)))
	w.Write(info)
	writeTable(w, m)
	lx := m.lex
	uv(uint64(len(lx.words)))
	for i, word := range lx.words {
		str(word)
		str(lx.paths[i])
		w.WriteByte(lx.capr[i])
	}
	uv(uint64(len(lx.types)))
	for _, t := range lx.types {
		str(t)
	}
	for _, g := range []map[uint64]uint8{lx.gaz, lx.xgaz} {
		uv(uint64(len(g)))
		// Keys in a fixed order, so that the same model gives the same bytes.
		keys := make([]uint64, 0, len(g))
		for k := range g {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			binary.LittleEndian.PutUint64(buf[:8], k)
			w.Write(buf[:8])
			w.WriteByte(g[k])
		}
	}
	if lx.heads != nil {
		uv(uint64(len(lx.heads.entries)))
		for _, e := range lx.heads.entries {
			str(e.Entry)
			w.WriteByte(byte(e.Kind))
		}
	}
	if m.info.Stack != nil {
		writeTable(w, m.stack)
	}
	return nil
}

// writeTable writes m's scale, transitions and non-zero weight rows.
func writeTable(w *bufio.Writer, m *model) {
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { w.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	sv := func(x int64) { w.Write(buf[:binary.PutVarint(buf[:], x)]) }
	f32 := func(f float32) {
		binary.LittleEndian.PutUint32(buf[:4], math.Float32bits(f))
		w.Write(buf[:4])
	}
	f32(m.scale)
	for _, x := range m.trans {
		f32(x)
	}
	L := len(m.labels)
	nrows := 1 << m.bits
	var keep []int
	for r := range nrows {
		if slices.ContainsFunc(m.q[r*L:r*L+L], func(v int16) bool { return v != 0 }) {
			keep = append(keep, r)
		}
	}
	uv(uint64(len(keep)))
	prev := 0
	for _, r := range keep {
		uv(uint64(r - prev))
		prev = r
		for _, v := range m.q[r*L : r*L+L] {
			sv(int64(v))
		}
	}
}

func readModel(r io.Reader) (*model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a gzip model file: %w", err)
	}
	br := bufio.NewReader(zr)
	var rerr error
	fail := func(what string, err error) {
		if rerr == nil && err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			rerr = fmt.Errorf("read %s: %w", what, err)
		}
	}
	uv := func(what string, limit uint64) uint64 {
		x, err := binary.ReadUvarint(br)
		fail(what, err)
		if rerr == nil && x > limit {
			rerr = fmt.Errorf("read %s: %d is more than %d", what, x, limit)
		}
		if rerr != nil {
			return 0
		}
		return x
	}
	var b8 [8]byte
	f32 := func(what string) float32 {
		_, err := io.ReadFull(br, b8[:4])
		fail(what, err)
		return math.Float32frombits(binary.LittleEndian.Uint32(b8[:4]))
	}
	str := func(what string) string {
		n := uv(what, 1<<16)
		if rerr != nil {
			return ""
		}
		b := make([]byte, n)
		_, err := io.ReadFull(br, b)
		fail(what, err)
		return string(b)
	}
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("not a newsgraph NER model (bad magic)")
	}
	ib := make([]byte, uv("info length", 1<<20))
	_, err = io.ReadFull(br, ib)
	fail("info", err)
	if rerr != nil {
		return nil, rerr
	}
	var info Info
	if err := json.Unmarshal(ib, &info); err != nil {
		return nil, fmt.Errorf("read info: %w", err)
	}
	if info.Bits < 10 || info.Bits > 22 || len(info.Labels) < 1 || len(info.Labels) > maxLabels {
		return nil, fmt.Errorf("bad info: bits %d, %d labels", info.Bits, len(info.Labels))
	}
	m := &model{info: info, labels: info.Labels, bits: info.Bits}
	L := len(m.labels)
	if m.labels[0] != "O" {
		return nil, fmt.Errorf("bad first label %q, want O", m.labels[0])
	}
	for _, l := range m.labels[1:] {
		if len(l) < 3 || (l[0] != 'B' && l[0] != 'I') || l[1] != '-' {
			return nil, fmt.Errorf("bad label %q", l)
		}
	}
	m.setAllowed()
	// readTable reads what writeTable wrote into m.
	readTable := func(m *model) error {
		m.scale = f32("scale")
		m.trans = make([]float32, (L+1)*L)
		for k := range m.trans {
			m.trans[k] = f32("transitions")
		}
		nrows := 1 << m.bits
		m.q = make([]int16, nrows*L)
		n := uv("row count", uint64(nrows))
		row := 0
		for range n {
			row += int(uv("row", uint64(nrows)))
			if rerr == nil && row >= nrows {
				rerr = fmt.Errorf("row %d out of range", row)
			}
			if rerr != nil {
				return rerr
			}
			for k := range L {
				v, err := binary.ReadVarint(br)
				fail("weight", err)
				if v < -quantMax || v > quantMax {
					fail("weight", fmt.Errorf("%d out of range", v))
				}
				m.q[row*L+k] = int16(v)
			}
		}
		return rerr
	}
	if err := readTable(m); err != nil {
		return nil, err
	}
	types := []string{}
	for _, l := range m.labels {
		if len(l) > 2 && l[0] == 'B' {
			types = append(types, l[2:])
		}
	}
	m.lex = newLexicon(types)
	nw := uv("word count", 1<<24)
	for range nw {
		word := str("word")
		path := str("path")
		c, err := br.ReadByte()
		fail("capitalisation", err)
		if rerr != nil {
			return nil, rerr
		}
		m.lex.addWord(word, path, -1)
		m.lex.capr[len(m.lex.capr)-1] = c
	}
	nt := uv("type count", 8)
	var ltypes []string
	for range nt {
		ltypes = append(ltypes, str("type"))
	}
	m.lex.types = ltypes
	for _, g := range []map[uint64]uint8{m.lex.gaz, m.lex.xgaz} {
		ng := uv("gazetteer size", 1<<26)
		for range ng {
			_, err := io.ReadFull(br, b8[:])
			fail("gazetteer key", err)
			v, err := br.ReadByte()
			fail("gazetteer value", err)
			if rerr != nil {
				return nil, rerr
			}
			g[binary.LittleEndian.Uint64(b8[:])] = v
		}
	}
	if rerr != nil {
		return nil, rerr
	}
	if m.lex.feats, err = featureSet(info.Features); err != nil {
		return nil, fmt.Errorf("bad info: %w", err)
	}
	if m.lex.feats&featHeads != 0 {
		var hw []HeadWord
		nh := uv("trigger count", 1<<20)
		for range nh {
			e := str("trigger")
			k, err := br.ReadByte()
			fail("trigger kind", err)
			if rerr == nil && int(k) >= len(headFiles) {
				rerr = fmt.Errorf("trigger %q: kind %d out of range", e, k)
			}
			if rerr != nil {
				return nil, rerr
			}
			hw = append(hw, HeadWord{Entry: e, Kind: int(k)})
		}
		m.lex.heads = newHeads(hw)
	}
	if rerr != nil {
		return nil, rerr
	}
	if info.Stack != nil {
		if info.Stack.Bits < 10 || info.Stack.Bits > 22 {
			return nil, fmt.Errorf("bad info: second stage bits %d", info.Stack.Bits)
		}
		m.stack = &model{info: info, labels: m.labels, bits: info.Stack.Bits, allowed: m.allowed}
		if err := readTable(m.stack); err != nil {
			return nil, err
		}
	}
	// Reading to the end makes gzip check its checksum.
	if _, err := br.ReadByte(); err != io.EOF {
		if err == nil {
			return nil, errors.New("trailing data after the model")
		}
		return nil, fmt.Errorf("read end: %w", err)
	}
	return m, nil
}
