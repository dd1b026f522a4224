package conll

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  Options
		want []Sentence
	}{
		{
			name: "iob1",
			in:   "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\nBonn NNP I-NP I-LOC\nParis NNP I-NP B-LOC\n. . O O\n",
			opt:  Options{Tags: true},
			want: []Sentence{{Line: 3, Doc: 1, Words: []string{"EU", "rejects", "German", "Bonn", "Paris", "."},
				Tags: []string{"B-ORG", "O", "B-MISC", "B-LOC", "B-LOC", "O"}}},
		},
		{
			name: "iob2 with docstart inside a run",
			in:   "-DOCSTART- -DOCSTART- O\nDe Art O\nKoning N B-PER\nAlbert N I-PER\n\nHij Pron O\n",
			opt:  Options{Tags: true},
			want: []Sentence{
				{Line: 2, Doc: 1, Words: []string{"De", "Koning", "Albert"}, Tags: []string{"O", "B-PER", "I-PER"}},
				{Line: 6, Doc: 1, Words: []string{"Hij"}, Tags: []string{"O"}},
			},
		},
		{
			name: "germeval",
			in: "#\thttp://example.org\t[2010]\n1\tDie\tO\tO\n2\tBerliner\tB-LOCderiv\tO\n3\tFirma\tO\tO\n4\tEcce\tB-OTH\tO\n5\thomo\tI-OTH\tO\n" +
				"6\tSAP-Chef\tB-ORGpart\tO\n7\tBonn\tB-LOC\tO\n\n#\tx\n1\tJa\tO\tO\n",
			opt: Options{Tags: true},
			want: []Sentence{
				{Line: 2, Doc: 1, Words: []string{"Die", "Berliner", "Firma", "Ecce", "homo", "SAP-Chef", "Bonn"},
					Tags: []string{"O", "O", "O", "B-MISC", "I-MISC", "O", "B-LOC"}},
				{Line: 11, Doc: 2, Words: []string{"Ja"}, Tags: []string{"O"}},
			},
		},
		{
			name: "tokens only, crlf",
			in:   "Hello\r\nworld\r\n\r\n",
			want: []Sentence{{Line: 1, Words: []string{"Hello", "world"}}},
		},
		{
			name: "deriv inside a name becomes O and the rest starts anew",
			in:   "1\tA\tB-ORG\tO\n2\tB\tI-ORGpart\tO\n3\tC\tI-ORG\tO\n",
			opt:  Options{Tags: true, Format: GermEval},
			want: []Sentence{{Line: 1, Words: []string{"A", "B", "C"}, Tags: []string{"B-ORG", "O", "B-ORG"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in), tt.name, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  Options
		want string
	}{
		{"empty", "", Options{Tags: true}, "empty: no tokens"},
		{"blank lines only", "\n\n  \n", Options{}, "blank lines only: no tokens"},
		{"docstart only", "-DOCSTART- -X- O O\n", Options{Tags: true}, "docstart only: no tokens"},
		{"unknown tag", "a O\nb B-FOO\n", Options{Tags: true}, `unknown tag:2: unknown tag "B-FOO"`},
		{"iobes tag", "a S-PER\n", Options{Tags: true}, `iobes tag:1: unknown tag "S-PER"`},
		{"column count", "a x O\nb O\n", Options{Tags: true}, "column count:2: 2 columns, want 3"},
		{"no tag column", "a\nb\n", Options{Tags: true}, "no tag column:1: no tag column"},
		{"germeval no token", "1\t\tO\tO\n", Options{Tags: true, Format: GermEval}, "germeval no token:1: no token"},
		{"germeval columns", "1\ta\tO\tO\n2\tb\tO\n", Options{Tags: true}, "germeval columns:2: 3 columns, want 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.in), tt.name, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read(%q) error = %v, want %q", tt.in, err, tt.want)
			}
		})
	}
	if _, err := Read(strings.NewReader(""), "x", Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("Read(empty) = %v, want ErrEmpty", err)
	}
}

func TestAnnotate(t *testing.T) {
	in := "-DOCSTART- -X- O O\n\nJohn NNP\nsaid VBD\n\nOK\n"
	want := "-DOCSTART- -X- O O\n\nJohn NNP B-PER\nsaid VBD O\n\nOK B-PER\n"
	var out bytes.Buffer
	tag := func(words []string, dst []string) []string {
		for _, w := range words {
			if w == strings.ToLower(w) {
				dst = append(dst, "O")
			} else {
				dst = append(dst, "B-PER")
			}
		}
		return dst
	}
	n, err := Annotate(strings.NewReader(in), &out, "in", Auto, tag, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("Annotate tagged %d tokens, want 3", n)
	}
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("Annotate mismatch (-want +got):\n%s", diff)
	}

	out.Reset()
	ge := "#\tsrc\n1\tJohn\tB-PER\tO\n"
	if _, err := Annotate(strings.NewReader(ge), &out, "ge", Auto, tag, nil); err != nil {
		t.Fatal(err)
	}
	if want := "#\tsrc\n1\tJohn\tB-PER\tO\tB-PER\n"; out.String() != want {
		t.Errorf("Annotate(GermEval) = %q, want %q", out.String(), want)
	}

	bad := func(words []string, dst []string) []string { return dst[:0] }
	if _, err := Annotate(strings.NewReader("a\n"), &out, "in", Auto, bad, nil); err == nil || !strings.Contains(err.Error(), "in:1: tagger gave 0 tags for 1 tokens") {
		t.Errorf("Annotate with a short tagger: error %v", err)
	}
	if _, err := Annotate(strings.NewReader("\n\n"), &out, "in", Auto, tag, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("Annotate(blank) error %v, want ErrEmpty", err)
	}
}

// TestAnnotateDocs checks that fix sees whole documents, and only those
// that a marker starts.
func TestAnnotateDocs(t *testing.T) {
	in := "Pre\n\n-DOCSTART- -X- O O\n\nA x\nB x\n\nC x\n-DOCSTART- -X- O O\nD x\n"
	want := "Pre 0:1\n\n-DOCSTART- -X- O O\n\nA x 1:2\nB x 1:2\n\nC x 1:2\n-DOCSTART- -X- O O\nD x 2:1\n"
	tag := func(words []string, dst []string) []string {
		for range words {
			dst = append(dst, "O")
		}
		return dst
	}
	docs := 0
	fix := func(words, tags [][]string) {
		docs++
		for s := range tags {
			for i := range tags[s] {
				tags[s][i] = fmt.Sprintf("%d:%d", docs, len(words))
			}
		}
	}
	var out bytes.Buffer
	if _, err := Annotate(strings.NewReader(in), &out, "in", Auto, func(words, dst []string) []string {
		dst = tag(words, dst)
		for i := range dst {
			dst[i] = "0:1"
		}
		return dst
	}, fix); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("Annotate mismatch (-want +got):\n%s", diff)
	}
}

func TestChunks(t *testing.T) {
	tests := []struct {
		tags []string
		want []Chunk
	}{
		{nil, nil},
		{[]string{"O"}, nil},
		{[]string{"B-PER", "I-PER", "O", "B-LOC"}, []Chunk{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{[]string{"I-PER", "I-PER", "B-PER"}, []Chunk{{0, 2, "PER"}, {2, 3, "PER"}}},
		{[]string{"B-PER", "I-LOC"}, []Chunk{{0, 1, "PER"}, {1, 2, "LOC"}}},
		{[]string{"S-PER", "B-ORG", "E-ORG", "O"}, []Chunk{{0, 1, "PER"}, {1, 3, "ORG"}}},
	}
	for _, tt := range tests {
		if got := Chunks(tt.tags); !cmp.Equal(got, tt.want) {
			t.Errorf("Chunks(%q) = %v, want %v", tt.tags, got, tt.want)
		}
	}
}

func TestScore(t *testing.T) {
	gold := []Sentence{{Words: []string{"a", "b", "c", "d"}, Tags: []string{"B-PER", "I-PER", "O", "B-LOC"}}}
	pred := []Sentence{{Words: []string{"a", "b", "c", "d"}, Tags: []string{"B-PER", "O", "O", "B-LOC"}}}
	c, err := Score(gold, pred)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := c.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := "LOC   P=1.0000 R=1.0000 F1=1.0000 (gold 1)\n" +
		"PER   P=0.0000 R=0.0000 F1=0.0000 (gold 1)\n" +
		"ALL   P=0.5000 R=0.5000 F1=0.5000\n" +
		"F1 0.5000\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("Write mismatch (-want +got):\n%s", diff)
	}
	pred[0].Words = pred[0].Words[:3]
	pred[0].Tags = pred[0].Tags[:3]
	if _, err := Score(gold, pred); err == nil {
		t.Error("Score with misaligned tokens: no error")
	}
}

// TestConllevalAgreement scores perturbed predictions of the real corpora
// with ../shared/tools/conlleval.py and with Score, and compares the
// printed figures.
func TestConllevalAgreement(t *testing.T) {
	const tools = "../../../shared/tools/conlleval.py"
	const data = "../../../shared/data/ner"
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if _, err := os.Stat(tools); err != nil {
		t.Skip("conlleval.py not found at", tools)
	}
	for _, name := range []string{"conll2002/ned.testa", "conll2003/eng.testa"} {
		gold := filepath.Join(data, name)
		raw, err := os.ReadFile(gold)
		if err != nil {
			t.Skipf("data not found: %v", err)
		}
		// Perturb the last column deterministically: drop, retype and
		// re-prefix tags, including IOB1-style starts.
		var out strings.Builder
		alt := []string{"O", "I-PER", "B-LOC", "I-ORG", "B-MISC", "I-MISC"}
		for i, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || f[0] == "-DOCSTART-" {
				out.WriteString(line + "\n")
				continue
			}
			if i%7 == 0 || i%11 == 0 {
				f[len(f)-1] = alt[i%len(alt)]
			}
			out.WriteString(strings.Join(f, " ") + "\n")
		}
		pred := filepath.Join(t.TempDir(), "pred")
		if err := os.WriteFile(pred, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(py, tools, gold, pred)
		want, err := cmd.Output()
		if err != nil {
			t.Fatalf("conlleval.py: %v", err)
		}
		g, err := readFile(gold)
		if err != nil {
			t.Fatal(err)
		}
		p, err := readFile(pred)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Score(g, p)
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		c.Write(&got)
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("%s: Score and conlleval.py differ (-python +go):\n%s", name, diff)
		}
	}
}

func readFile(name string) ([]Sentence, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, name, Options{Tags: true})
}

func FuzzRead(f *testing.F) {
	f.Add("EU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\n-DOCSTART- -X- O O\nx y z B-LOC\n", true)
	f.Add("#\tsrc\n1\tDie\tB-LOCderiv\tO\n2\tX\tI-OTH\tO\n", true)
	f.Add("a\n\nb\n", false)
	f.Fuzz(func(t *testing.T, in string, tags bool) {
		ss, err := Read(strings.NewReader(in), "fuzz", Options{Tags: tags})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz") {
				t.Errorf("error %q does not name the input", err)
			}
			return
		}
		for _, s := range ss {
			if len(s.Words) == 0 || s.Line < 1 {
				t.Fatalf("bad sentence %+v", s)
			}
			if !tags {
				continue
			}
			if len(s.Tags) != len(s.Words) {
				t.Fatalf("%d tags for %d words", len(s.Tags), len(s.Words))
			}
			prev := "O"
			for _, tag := range s.Tags {
				if !ValidTag(tag) {
					t.Fatalf("invalid tag %q", tag)
				}
				if tag[0] == 'I' && (prev == "O" || prev[2:] != tag[2:]) {
					t.Fatalf("tags %q are not IOB2", s.Tags)
				}
				prev = tag
			}
		}
	})
}
