package lang

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"", ""},
		{"Hallo daar", ""}, // two words: too short
		{"The minister said on Monday that the talks would go on.", "en"},
		{"De minister zei maandag dat de gesprekken doorgaan.", "nl"},
		{"Der Minister sagte am Montag, dass die Gespräche weitergehen.", "de"},
		{"Le ministre a déclaré lundi que les discussions continueraient.", "fr"},
		{"El ministro dijo el lunes que las conversaciones seguirán.", "es"},
		{"Il ministro ha detto lunedì che i colloqui continueranno.", "it"},
		{"O ministro disse na segunda-feira que as conversações vão continuar.", "pt"},
		{"Minister powiedział w poniedziałek, że rozmowy będą kontynuowane.", "pl"},
		{"Министр заявил в понедельник, что переговоры продолжатся.", "ru"},
		{"Міністр заявив у понеділок, що переговори триватимуть.", "uk"},
		{"Ministern sade på måndagen att samtalen fortsätter.", "sv"},
		{"Ministeren sagde mandag, at forhandlingerne fortsætter.", "da"},
		{"Ministeren sa mandag at forhandlingene fortsetter.", "no"},
		{"Ministrul a declarat luni că negocierile vor continua.", "ro"},
		{"Ministr v pondělí řekl, že jednání budou pokračovat.", "cs"},
		{"Bakan pazartesi günü görüşmelerin süreceğini söyledi.", "tr"},
		{"El ministre va dir dilluns que les converses continuaran.", "ca"},
		{"Ministeri sanoi maanantaina, että neuvottelut jatkuvat.", "fi"},
		{"A miniszter hétfőn azt mondta, hogy a tárgyalások folytatódnak.", "hu"},
		{"Menteri mengatakan pada hari Senin bahwa perundingan akan berlanjut.", "id"},
		{"Minister v pondelok povedal, že rokovania budú pokračovať.", "sk"},
		{"Ministar je u ponedjeljak rekao da će se pregovori nastaviti.", "hr"},
		{"Ο υπουργός δήλωσε τη Δευτέρα ότι οι συνομιλίες θα συνεχιστούν.", "el"},
		{"部長は月曜日、協議を続けると述べた。", "ja"},
		{"部长周一表示会谈将继续进行。", "zh"},
		{"وقال الوزير يوم الاثنين إن المحادثات ستستمر", "ar"},
	}
	d := NewDetector("")
	for _, tt := range tests {
		if got, conf := d.Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %q (%.2f), want %q", tt.text, got, conf, tt.want)
		}
	}
}

func TestForce(t *testing.T) {
	d := NewDetector("de")
	if got, conf := d.Detect("The minister said on Monday that the talks go on."); got != "de" || conf != 1 {
		t.Errorf("forced Detect = %q, %v; want de, 1", got, conf)
	}
	a := &article.Article{Lang: "en", Text: "The minister said on Monday that the talks go on."}
	if err := d.Process(t.Context(), a); err != nil || a.Lang != "de" {
		t.Errorf("forced Process: lang %q, err %v; want de, nil", a.Lang, err)
	}
}

func TestProcess(t *testing.T) {
	tests := []struct {
		name     string
		in       article.Article
		lang     string
		warnings []string
	}{
		{"detected", article.Article{Text: "De minister zei maandag dat de gesprekken doorgaan."}, "nl", nil},
		{"kept", article.Article{Lang: "fr", Text: "The minister said on Monday that the talks go on."}, "fr", nil},
		{"title helps", article.Article{Title: "De minister zei maandag dat", Text: "Ja."}, "nl", nil},
		{"unsupported", article.Article{Text: "Ministern sade på måndagen att samtalen fortsätter."}, "sv",
			[]string{`language "sv" is not supported: entities and quotes may be missed`}},
		{"unknown", article.Article{Text: "12 34"}, "", []string{"language not identified"}},
	}
	d := NewDetector("")
	for _, tt := range tests {
		a := tt.in
		if err := d.Process(context.Background(), &a); err != nil {
			t.Fatal(err)
		}
		if a.Lang != tt.lang || !cmp.Equal(a.Warnings, tt.warnings) {
			t.Errorf("%s: Process gave lang %q, warnings %q; want %q, %q", tt.name, a.Lang, a.Warnings, tt.lang, tt.warnings)
		}
	}
}

// TestEmbedded checks that the embedded data parses and covers the
// languages newsgraph supports.
func TestEmbedded(t *testing.T) {
	m := defaultModel()
	for _, lang := range supported {
		if _, ok := slices.BinarySearch(m.langs, lang); !ok {
			t.Errorf("supported language %s has no data", lang)
		}
	}
	for _, i := range m.latin {
		if !strings.Contains("ca cs da de en es fi fr hr hu id it nl no pl pt ro sk sv tr", m.langs[i]) {
			t.Errorf("%s: unexpected Latin-script language", m.langs[i])
		}
	}
}

func TestBadData(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"upper case", fstest.MapFS{"words/xx.txt": {Data: []byte("The\n")}}, "not one lower-case word"},
		{"not NFC", fstest.MapFS{"words/xx.txt": {Data: []byte("e\u0301t\u00e9\n")}}, "not NFC"},
		{"repeated", fstest.MapFS{"words/xx.txt": {Data: []byte("a\na\n")}}, "repeated"},
		{"empty", fstest.MapFS{"words/xx.txt": {Data: []byte("# nothing\n")}}, "no words"},
		{"no total", fstest.MapFS{"words/xx.txt": {Data: []byte("a\n")}, "trigrams/xx.tsv": {Data: []byte("_a_\t3\n")}}, "no \"# total\""},
		{"bad line", fstest.MapFS{"words/xx.txt": {Data: []byte("a\n")}, "trigrams/xx.tsv": {Data: []byte("# total\t9\nab\t3\n")}}, "want trigram<TAB>count"},
		{"orphan profile", fstest.MapFS{"words/xx.txt": {Data: []byte("a\n")}, "trigrams/yy.tsv": {Data: []byte("# total\t9\n")}}, "no words/yy.txt"},
	}
	for _, tt := range tests {
		_, err := newModel(tt.fsys)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: newModel error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// Accuracy floors measured on the held-out part of the bench corpus (see
// TestAccuracy), a little under what the detector reaches; they only go up.
var floors = map[string][3]float64{ // whole article, first sentence, first 60 bytes
	"de": {0.99, 0.99, 0.99},
	"en": {0.99, 0.99, 0.99},
	"fr": {0.97, 0.97, 0.95},
	"it": {0.98, 0.98, 0.98},
	"nl": {0.99, 0.98, 0.98},
	"pl": {0.97, 0.97, 0.97},
	"ru": {0.97, 0.92, 0.97},
}

// firstSentence is the text up to the first full stop, question or
// exclamation mark followed by a space, after at least 20 bytes.
func firstSentence(s string) string {
	for i := 20; i < len(s)-1; i++ {
		if strings.IndexByte(".?!", s[i]) >= 0 && (s[i+1] == ' ' || s[i+1] == '\n') {
			return s[:i+1]
		}
	}
	return s
}

func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func TestAccuracy(t *testing.T) {
	corpus := readCorpus(t, false)
	d := NewDetector("")
	kinds := []struct {
		name string
		cut  func(string) string
	}{
		{"article", func(s string) string { return s }},
		{"sentence", firstSentence},
		{"60 bytes", func(s string) string { return prefix(s, 60) }},
	}
	var langs []string
	for lang := range corpus {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	for _, lang := range langs {
		docs := slices.DeleteFunc(corpus[lang], func(d doc) bool { return len(d.text) < 20 }) // some are empty
		var line strings.Builder
		fmt.Fprintf(&line, "%s n=%d", lang, len(docs))
		for k, kind := range kinds {
			right, unsure := 0, 0
			confused := map[string]int{}
			for _, doc := range docs {
				got, _ := d.Detect(kind.cut(doc.text))
				switch got {
				case lang:
					right++
				case "":
					unsure++
				default:
					confused[got]++
				}
			}
			acc := float64(right) / float64(len(docs))
			fmt.Fprintf(&line, " | %s %.3f (unsure %d, wrong %v)", kind.name, acc, unsure, confused)
			if f, ok := floors[lang]; ok && acc < f[k] {
				t.Errorf("%s accuracy on %s = %.3f, below the floor %.3f", kind.name, lang, acc, f[k])
			}
		}
		t.Log(line.String())
	}
}

func BenchmarkDetect(b *testing.B) {
	corpus := readCorpus(b, false)
	var texts []string
	size := 0
	for _, docs := range corpus {
		for _, d := range docs[:min(len(docs), 50)] {
			texts = append(texts, d.text)
			size += len(d.text)
		}
	}
	d := NewDetector("")
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d.Detect(texts[i%len(texts)])
		i++
	}
}

func BenchmarkDetectSentence(b *testing.B) {
	const s = "De minister zei maandag dat de gesprekken over de begroting doorgaan."
	d := NewDetector("")
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		d.Detect(s)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("The minister said on Monday that the talks would go on.")
	f.Add("Міністр заявив у понеділок")
	f.Add("\xff\xfe a b c")
	d := NewDetector("")
	f.Fuzz(func(t *testing.T, s string) {
		lang, conf := d.Detect(s)
		if conf < 0 || conf > 1 || (lang != "" && len(lang) != 2) {
			t.Fatalf("Detect(%q) = %q, %v", s, lang, conf)
		}
	})
}

// heldOutFloor is the share of the sentences in testdata/heldout (written
// for these tests, apart from the profile samples in gen/sample) whose
// language Detect gets right, whole and cut to 60 bytes.
var heldOutFloor = [2]float64{0.93, 0.91}

func TestHeldOutSentences(t *testing.T) {
	files, err := filepath.Glob("testdata/heldout/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	d := NewDetector("")
	var right, total [2]int
	for _, name := range files {
		lang := strings.TrimSuffix(filepath.Base(name), ".txt")
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			for k, text := range []string{s, prefix(s, 60)} {
				total[k]++
				if got, conf := d.Detect(text); got == lang {
					right[k]++
				} else {
					t.Logf("Detect(%q) = %q (%.2f), want %s", text, got, conf, lang)
				}
			}
		}
	}
	for k, kind := range []string{"sentence", "60 bytes"} {
		acc := float64(right[k]) / float64(total[k])
		t.Logf("held-out %s: %d/%d = %.3f", kind, right[k], total[k], acc)
		if acc < heldOutFloor[k] {
			t.Errorf("held-out %s accuracy %.3f, below the floor %.3f", kind, acc, heldOutFloor[k])
		}
	}
}
