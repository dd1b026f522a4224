package lexicon

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/unicode/norm"
)

// TestEmbedded loads every language and checks that each list parses,
// is NFC and has no duplicate entries.
func TestEmbedded(t *testing.T) {
	s := Default()
	langs, err := s.Languages()
	if err != nil {
		t.Fatal(err)
	}
	if len(langs) < 2 {
		t.Fatalf("Languages() = %v, want at least nl and en", langs)
	}
	for _, lang := range langs {
		w, err := s.Load(lang)
		if err != nil {
			t.Errorf("Load(%q): %v", lang, err)
			continue
		}
		if len(w.SpeechVerbs) == 0 {
			t.Errorf("Load(%q): no speech verbs", lang)
		}
	}
	sub, _ := fs.Sub(embedded, "data")
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		if !norm.NFC.IsNormal(b) {
			t.Errorf("%s is not NFC", path)
		}
		seen := map[string]int{}
		for i, line := range strings.Split(string(b), "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			key := line
			if !strings.HasSuffix(path, "speech_verbs.tsv") && !strings.HasSuffix(path, "quotation_marks.tsv") {
				key = strings.Split(line, "\t")[0]
			}
			if !strings.Contains(path, "abbreviations") && !strings.Contains(path, "first_names") && !strings.Contains(path, "quotation_marks") && !strings.Contains(path, "name_particles") {
				key = strings.ToLower(key)
			}
			if prev, ok := seen[key]; ok {
				t.Errorf("%s:%d: duplicate of line %d: %q", path, i+1, prev, key)
			}
			seen[key] = i + 1
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"bad gender", fstest.MapFS{"xx/pronouns.tsv": {Data: []byte("hij\tq\tsg\n")}}, "gender"},
		{"bad flag", fstest.MapFS{"xx/speech_verbs.tsv": {Data: []byte("zei\tzeggen\t\tloud\n")}}, "flag"},
		{"too many columns", fstest.MapFS{"xx/roles.tsv": {Data: []byte("a\t-\tPER\tdocument\tx\n")}}, "columns"},
		{"bad role flag", fstest.MapFS{"xx/roles.tsv": {Data: []byte("a\t-\tPER\tx\n")}}, "flag"},
		{"bad position", fstest.MapFS{"xx/source_phrases.tsv": {Data: []byte("volgens\tmid\n")}}, "position"},
	}
	for _, tt := range tests {
		tt.fsys["all/quotation_marks.tsv"] = &fstest.MapFile{Data: []byte("“\t”\tdouble\n")}
		_, err := New(tt.fsys).Load("xx")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Load err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	if _, err := Default().Load("zz"); !errors.Is(err, ErrNoLanguage) {
		t.Errorf("Load(zz) err = %v, want ErrNoLanguage", err)
	}
}

func TestLoadNL(t *testing.T) {
	w, err := Default().Load("nl")
	if err != nil {
		t.Fatal(err)
	}
	if v := w.Verb("voegde"); len(v) == 0 || v[0].Particle != "toe" {
		t.Errorf("Verb(voegde) = %+v, want particle toe", v)
	}
	if p, ok := w.Pronouns["hij"]; !ok || p.Gender != "m" {
		t.Errorf("Pronouns[hij] = %+v", p)
	}
	if !w.Abbreviations["dhr."] {
		t.Error("dhr. is not an abbreviation")
	}
	if len(w.QuoteMarks) == 0 {
		t.Error("no quotation marks")
	}
}
