package eval

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
)

func TestEntityNameKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"—", ""},
		{"Élisabeth  Borne", "elisabeth borne"},
		{"ELISABETH-BORNE", "elisabeth borne"},
		{"İstanbul", "istanbul"}, // the dot above is an accent, not a word break as in Tokens
		{"Łódź", "łodz"},         // ł has no decomposition: kept
		{"ΟΔΥΣΣΕΑΣ", "οδυσσεας"}, // final sigma, as str.lower
		{"ﬁat", "fiat"},
		{"U.S. Attorney's Office", "u s attorney s office"},
		{"Новосибирске", "новосибирске"},
	}
	for _, tt := range tests {
		if got := EntityNameKey(tt.in); got != tt.want {
			t.Errorf("EntityNameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func ent(typ, name string, mentions ...article.Mention) article.Entity {
	return article.Entity{Type: typ, Name: name, Mentions: mentions}
}

func mention(kind, text string) article.Mention { return article.Mention{Kind: kind, Text: text} }

func TestScoreEntities(t *testing.T) {
	tests := []struct {
		name string
		gold []GoldEntity
		pred []article.Entity // nil: no prediction for the document
		want EntityDoc        // without ID, Lang, Gold, Pred
		// typed and untyped matches
		typed, matched int
	}{
		{
			name:  "exact",
			gold:  []GoldEntity{{Name: "Jane Doe", Type: "PER"}},
			pred:  []article.Entity{ent("PER", "Jane Doe")},
			typed: 1, matched: 1,
		},
		{
			name:    "type error",
			gold:    []GoldEntity{{Name: "Oldham", Type: "LOC"}},
			pred:    []article.Entity{ent("ORG", "Oldham")},
			want:    EntityDoc{TypeErrors: []EntityTypeError{{Gold: EntityRef{0, "LOC", "Oldham"}, Pred: EntityRef{0, "ORG", "Oldham"}}}},
			matched: 1,
		},
		{
			name: "miss and false positive",
			gold: []GoldEntity{{Name: "India", Type: "LOC"}},
			pred: []article.Entity{ent("LOC", "and India")},
			want: EntityDoc{Misses: []EntityRef{{0, "LOC", "India"}}, FalsePositives: []EntityRef{{0, "LOC", "and India"}}},
		},
		{
			name: "no prediction",
			gold: []GoldEntity{{Name: "India", Type: "LOC"}},
			want: EntityDoc{Misses: []EntityRef{{0, "LOC", "India"}}},
		},
		{
			name:  "gold mention meets predicted name mention",
			gold:  []GoldEntity{{Name: "Vladimir Putin", Type: "PER", Mentions: []string{"Poetin", "hij"}}},
			pred:  []article.Entity{ent("PER", "Vladimir Vladimirovitsj", mention("name", "Poetin"))},
			typed: 1, matched: 1,
		},
		{
			name: "a pronoun or nominal mention names nothing",
			gold: []GoldEntity{{Name: "Sibteploset", Type: "ORG", Mentions: []string{"company", "it"}}},
			pred: []article.Entity{ent("ORG", "Sibtepl", mention("nominal", "company"), mention("pronoun", "it"))},
			want: EntityDoc{Misses: []EntityRef{{0, "ORG", "Sibteploset"}}, FalsePositives: []EntityRef{{0, "ORG", "Sibtepl"}}},
		},
		{
			name:  "a mention without a kind is a name",
			gold:  []GoldEntity{{Name: "Sibteploset", Type: "ORG"}},
			pred:  []article.Entity{ent("ORG", "Sibtepl", mention("", "SIBTEPLOSET"))},
			typed: 1, matched: 1,
		},
		{
			name:  "accents and case",
			gold:  []GoldEntity{{Name: "Élisabeth Borne", Type: "PER"}},
			pred:  []article.Entity{ent("PER", "ELISABETH BORNE")},
			typed: 1, matched: 1,
		},
		{
			name: "names without words never match",
			gold: []GoldEntity{{Name: "X", Type: "MISC", Mentions: []string{"—"}}},
			pred: []article.Entity{ent("MISC", "…")},
			want: EntityDoc{Misses: []EntityRef{{0, "MISC", "X"}}, FalsePositives: []EntityRef{{0, "MISC", "…"}}},
		},
		{
			// Same-type first: the LOC gold takes the later LOC prediction,
			// and the PER gold the earlier PER one.
			name:  "duplicate names, the same type preferred",
			gold:  []GoldEntity{{Name: "Washington", Type: "LOC"}, {Name: "George Washington", Type: "PER", Mentions: []string{"Washington"}}},
			pred:  []article.Entity{ent("PER", "Washington"), ent("LOC", "Washington")},
			typed: 2, matched: 2,
		},
		{
			// Greedy in gold order: the first gold entity takes the only
			// prediction of its type though the second would have
			// matched it typed too; the second is then a miss.
			name:  "duplicate names, greedy",
			gold:  []GoldEntity{{Name: "Paris", Type: "LOC"}, {Name: "Paris", Type: "LOC", Mentions: []string{"Paris Saint-Germain"}}},
			pred:  []article.Entity{ent("LOC", "Paris")},
			want:  EntityDoc{Misses: []EntityRef{{1, "LOC", "Paris"}}},
			typed: 1, matched: 1,
		},
		{
			// Without one of its type, a gold entity takes the first
			// prediction of another; each prediction is used once.
			name: "first of any type, one to one",
			gold: []GoldEntity{{Name: "Calder Valley", Type: "LOC"}, {Name: "Calder Valley", Type: "LOC"}, {Name: "Calder Valley", Type: "LOC"}},
			pred: []article.Entity{ent("PER", "Calder Valley"), ent("ORG", "Calder Valley")},
			want: EntityDoc{
				TypeErrors: []EntityTypeError{
					{Gold: EntityRef{0, "LOC", "Calder Valley"}, Pred: EntityRef{0, "PER", "Calder Valley"}},
					{Gold: EntityRef{1, "LOC", "Calder Valley"}, Pred: EntityRef{1, "ORG", "Calder Valley"}},
				},
				Misses: []EntityRef{{2, "LOC", "Calder Valley"}},
			},
			matched: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gold := []EntityGoldDoc{{ID: "d", Lang: "en", Entities: tt.gold}}
			pred := map[string]*article.Article{"other": {ID: "other", Entities: []article.Entity{ent("PER", "Nobody")}}}
			if tt.pred != nil {
				pred["d"] = &article.Article{ID: "d", Entities: tt.pred}
			}
			res := ScoreEntities(gold, pred)
			want := tt.want
			want.ID, want.Lang, want.Gold, want.Pred = "d", "en", len(tt.gold), len(tt.pred)
			if diff := cmp.Diff([]EntityDoc{want}, res.Docs); diff != "" {
				t.Errorf("docs (-want +got):\n%s", diff)
			}
			s := res.All
			if s.Gold != len(tt.gold) || s.Pred != len(tt.pred) || s.Typed != tt.typed || s.Matched != tt.matched {
				t.Errorf("gold=%d pred=%d typed=%d matched=%d, want %d %d %d %d",
					s.Gold, s.Pred, s.Typed, s.Matched, len(tt.gold), len(tt.pred), tt.typed, tt.matched)
			}
			if gotMissing := len(res.Missing) == 1; gotMissing != (tt.pred == nil) {
				t.Errorf("Missing = %q with prediction %v", res.Missing, tt.pred != nil)
			}
		})
	}
}

func TestScoreEntitiesMeasures(t *testing.T) {
	gold := []EntityGoldDoc{
		{ID: "a", Lang: "nl", Entities: []GoldEntity{{Name: "Xi Jinping", Type: "PER"}, {Name: "Hongkong", Type: "LOC"}, {Name: "CNN", Type: "ORG"}}},
		{ID: "b", Lang: "en", Entities: []GoldEntity{{Name: "Oldham", Type: "LOC"}}},
	}
	pred := map[string]*article.Article{
		"a": {Entities: []article.Entity{ent("PER", "Xi"), ent("PER", "Xi Jinping"), ent("ORG", "Hongkong"), ent("ORG", "CNN")}},
		"b": {Entities: []article.Entity{ent("LOC", "Oldham"), ent("MISC", "Pennine")}},
	}
	res := ScoreEntities(gold, pred)
	// a: Xi Jinping PER typed, Hongkong matched as ORG, CNN typed, Xi a
	// false positive; b: Oldham typed, Pennine a false positive.
	want := EntityScore{Lang: "all", Docs: 2, Gold: 4, Pred: 6, Typed: 3, Matched: 4,
		Precision: 0.5, Recall: 0.75, F1: 0.6, UntypedP: 4.0 / 6, UntypedR: 1, UntypedF1: 0.8}
	if diff := cmp.Diff(want, res.All, cmpApprox); diff != "" {
		t.Errorf("All (-want +got):\n%s", diff)
	}
	if len(res.ByLang) != 2 || res.ByLang[0].Lang != "en" || res.ByLang[1].Lang != "nl" || res.ByLang[1].Typed != 2 {
		t.Errorf("ByLang = %+v, want en then nl with 2 typed", res.ByLang)
	}
	wantTypes := []TypeScore{
		{Type: "PER", Gold: 1, Pred: 2, Typed: 1, Precision: 0.5, Recall: 1, F1: 2.0 / 3},
		{Type: "ORG", Gold: 1, Pred: 2, Typed: 1, Precision: 0.5, Recall: 1, F1: 2.0 / 3},
		{Type: "LOC", Gold: 2, Pred: 1, Typed: 1, Precision: 1, Recall: 0.5, F1: 2.0 / 3},
		{Type: "MISC", Gold: 0, Pred: 1},
	}
	if diff := cmp.Diff(wantTypes, res.ByType, cmpApprox); diff != "" {
		t.Errorf("ByType (-want +got):\n%s", diff)
	}
	var b strings.Builder
	if err := res.WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"all  gold=   4 pred=   6 typed P=0.500 R=0.750 F1=0.600 | untyped F1=0.800\n",
		"MISC gold=   0 pred=   1 typed P=0.000 R=0.000 F1=0.000\n",
		"a (nl): 3 gold, 4 predicted, 1 wrong type, 0 missed, 1 false positive\n" +
			"  TYPE gold LOC Hongkong <- pred ORG Hongkong\n  FP   PER Xi\n",
		"  FP   MISC Pennine\n",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("WriteText output lacks %q:\n%s", line, b.String())
		}
	}
}

var cmpApprox = cmp.Comparer(func(x, y float64) bool { return x-y < 1e-12 && y-x < 1e-12 })

func TestReadEntityGold(t *testing.T) {
	tests := []struct {
		in      string
		want    EntityGoldDoc
		wantErr bool
	}{
		{in: `{"id":"x","lang":"fr","entities":[{"name":"Paris","type":"LOC","mentions":["la capitale"]}]}`,
			want: EntityGoldDoc{ID: "x", Lang: "fr", Entities: []GoldEntity{{Name: "Paris", Type: "LOC", Mentions: []string{"la capitale"}}}}},
		{in: `{"id":"x","entities":[]}`, want: EntityGoldDoc{ID: "x", Lang: "?", Entities: []GoldEntity{}}},
		{in: `{"id":"x","entities":[{"name":"Paris"}]}`, wantErr: true},
		{in: `{"entities":[]}`, wantErr: true},
		{in: `{"id":"x","entities":{}}`, wantErr: true},
		{in: `[`, wantErr: true},
	}
	for _, tt := range tests {
		got, err := ReadEntityGold([]byte(tt.in))
		if (err != nil) != tt.wantErr || errors.Is(err, errNoEntities) {
			t.Errorf("ReadEntityGold(%s) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && !cmp.Equal(got, tt.want) {
			t.Errorf("ReadEntityGold(%s) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{`{"id":"x","quotes":[]}`, `{"id":"x","entities":null}`} {
		if _, err := ReadEntityGold([]byte(in)); !errors.Is(err, errNoEntities) {
			t.Errorf("ReadEntityGold(%s) error = %v, want errNoEntities", in, err)
		}
	}
}

// A gold file without "entities" is not scored: its predicted entities
// are not false positives.
func TestLoadEntityGoldSkipsUnannotated(t *testing.T) {
	dir := t.TempDir()
	for name, s := range map[string]string{
		"a.json":   `{"id":"a","lang":"en","quotes":[],"entities":[{"name":"Oldham","type":"LOC"}]}`,
		"b.json":   `{"id":"b","lang":"en","quotes":[]}`,
		"c.json":   `{"id":"c","lang":"en","entities":[{"type":"LOC"}]}`,
		"notes.md": `not gold`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gold, unannotated, err := LoadEntityGold(dir)
	if err == nil || !strings.Contains(err.Error(), "c.json") {
		t.Errorf("LoadEntityGold error = %v, want one naming c.json", err)
	}
	if len(gold) != 1 || gold[0].ID != "a" || !cmp.Equal(unannotated, []EntityGoldDoc{{ID: "b", Lang: "en"}}) {
		t.Fatalf("LoadEntityGold = %+v, unannotated %q; want a scored and b unannotated", gold, unannotated)
	}
	pred := map[string]*article.Article{
		"a": {Entities: []article.Entity{ent("LOC", "Oldham")}},
		"b": {Entities: []article.Entity{ent("PER", "Big Dave")}},
	}
	if s := ScoreEntities(gold, pred).All; s.Docs != 1 || s.Pred != 1 || s.F1 != 1 {
		t.Errorf("All = %+v, want one document with F1 1", s)
	}
}

func FuzzReadEntityGold(f *testing.F) {
	f.Add([]byte(`{"id":"x","lang":"fr","entities":[{"name":"Élisabeth Borne","type":"PER","mentions":["Borne","elle"]}]}`))
	f.Add([]byte(`{"id":"x","entities":null,"quotes":[]}`))
	f.Add([]byte(`{"id":"x","entities":[{"name":"\u00ff\ud800","type":""}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadEntityGold(data)
		if err != nil {
			return
		}
		// What was read reads back the same once written.
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("ReadEntityGold(%q) = %+v, which does not marshal: %v", data, d, err)
		}
		again, err := ReadEntityGold(b)
		if err != nil || !cmp.Equal(again, d) {
			t.Fatalf("ReadEntityGold(%q) = %+v, but its JSON %s reads back as %+v, %v", data, d, b, again, err)
		}
		// Without mentions, every gold entity with a name matches a
		// prediction of its own name and type, and the others match none.
		bare := EntityGoldDoc{ID: d.ID, Lang: d.Lang}
		var pred []article.Entity
		named := 0
		for _, e := range d.Entities {
			bare.Entities = append(bare.Entities, GoldEntity{Name: e.Name, Type: e.Type})
			pred = append(pred, ent(e.Type, e.Name))
			if EntityNameKey(e.Name) != "" {
				named++
			}
		}
		s := ScoreEntities([]EntityGoldDoc{bare}, map[string]*article.Article{d.ID: {Entities: pred}}).All
		if s.Typed != named || s.Matched != named {
			t.Fatalf("ReadEntityGold(%q): %d entities with a name scored against themselves give %+v", data, named, s)
		}
		for _, e := range d.Entities {
			k := EntityNameKey(e.Name)
			if EntityNameKey(k) != k || strings.Contains(k, "  ") || strings.TrimSpace(k) != k {
				t.Fatalf("EntityNameKey(%q) = %q: not a fixed point of itself", e.Name, k)
			}
		}
	})
}
