package eval

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, World!", []string{"hello", "world"}},
		{"don't x_y 3,5", []string{"don", "t", "x_y", "3", "5"}},
		{"e\u0301te\u0301 ﬁn", []string{"été", "fin"}},                   // NFKC composes and unfolds the ligature
		{"İstanbul", []string{"i", "stanbul"}},                           // Python lowers İ to i + U+0307, not a word rune
		{"ΟΔΟΣ ΟΔΟΣ.", []string{"οδος", "οδος"}},                         // final sigma
		{"ΣΑΣ Σ", []string{"σας", "σ"}},                                  // a lone capital sigma is not final
		{"Ⅻ ½ ²", []string{"xii", "1", "2", "2"}},                        // compatibility forms
		{"« Non », a-t-il dit.", []string{"non", "a", "t", "il", "dit"}}, // French
		{"Він сказав: «Ні»", []string{"він", "сказав", "ні"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenF1(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"", "a", 0},
		{"a b c", "a b c", 1},
		{"a b", "a b c d", 2 * 1 * 0.5 / 1.5},
		{"a a b", "a b b", 2 * (2.0 / 3) * (2.0 / 3) / (4.0 / 3)},
		{"x y", "a b", 0},
	}
	for _, tt := range tests {
		if got := TokenF1(tt.a, tt.b); got != tt.want {
			t.Errorf("TokenF1(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNameMatch(t *testing.T) {
	tests := []struct {
		pred []string
		gold string
		typ  string
		want bool
	}{
		{nil, "Jane Doe", "PER", false},
		{[]string{"Jane Doe"}, "", "PER", false},
		{[]string{"Jane Doe"}, "Jane Doe", "PER", true},
		{[]string{"Doe"}, "Jane Doe", "PER", true},
		{[]string{"Ms. Doe"}, "Jane Doe", "PER", true},
		{[]string{"John Doe"}, "Jane Doe", "PER", true}, // the surname rule accepts it
		{[]string{"Jane"}, "Jane Doe", "PER", false},
		{[]string{"Doe Smith"}, "Jane Doe", "PER", false}, // conflicting full name
		{[]string{"", "François Hollande"}, "Francois Hollande", "PER", true},
		{[]string{"Jose Maria Aznar"}, "José María Aznar", "PER", true},
		{[]string{"World Trade Organization"}, "World Trade Organization", "ORG", true},
		{[]string{"the World Trade"}, "World Trade Organization", "ORG", true},
		{[]string{"Organization"}, "World Trade Organization", "ORG", true}, // F1 exactly 0.5
		{[]string{"the Organization of States"}, "World Trade Organization", "ORG", false},
		{[]string{"a spokeswoman"}, "a spokesman", "UNNAMED", true},
		{[]string{"officials"}, "a spokesman", "UNNAMED", false},
	}
	for _, tt := range tests {
		if got := NameMatch(tt.pred, tt.gold, tt.typ); got != tt.want {
			t.Errorf("NameMatch(%q, %q, %s) = %v, want %v", tt.pred, tt.gold, tt.typ, got, tt.want)
		}
	}
}

func TestMatchContentsTies(t *testing.T) {
	// Two identical predictions and two identical gold quotes: Python's
	// reverse sort pairs the highest indices first.
	tok := [][]string{{"a", "b"}, {"a", "b"}}
	got := matchContents(tok, tok)
	want := []pair{{1, 1, 1}, {0, 0, 1}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(pair{})); diff != "" {
		t.Errorf("matchContents ties (-want +got):\n%s", diff)
	}
}

func TestScoreQuotes(t *testing.T) {
	gold := []GoldDoc{
		{ID: "d1", Lang: "en", Quotes: []GoldQuote{
			{Content: "We will not raise taxes this year", Speaker: "Jane Doe", SpeakerType: "PER"},
			{Content: "The budget is balanced and fair", Speaker: "Finance Ministry", SpeakerType: "ORG"},
			{Content: "Nobody asked us anything at all", Speaker: "a union leader", SpeakerType: "UNNAMED"},
		}},
		{ID: "d2", Lang: "nl", Quotes: []GoldQuote{
			{Content: "Wij gaan door", Speaker: "Piet Jansen", SpeakerType: "PER"},
		}},
	}
	pred := map[string]*article.Article{
		"d1": {ID: "d1",
			Entities: []article.Entity{{ID: "e1", Name: "Jane Doe", Type: "PER"}},
			Quotes: []article.Quote{
				{Content: "We will not raise taxes", Speaker: article.Speaker{Entity: "e1", Mention: "she"}},
				{Content: "The budget is balanced and fair", Speaker: article.Speaker{Name: "Jane Doe"}},
				{Content: "Something else entirely", Speaker: article.Speaker{Name: "Jane Doe"}},
			}},
	}
	res := ScoreQuotes(gold, pred)
	want := []Score{
		{Lang: "en", Docs: 1, Gold: 3, Pred: 3, Matched: 2, Right: 1},
		{Lang: "nl", Docs: 1, Gold: 1, Pred: 0},
	}
	opt := cmp.FilterPath(func(p cmp.Path) bool {
		switch p.Last().String() {
		case ".Lang", ".Docs", ".Gold", ".Pred", ".Matched", ".Right":
			return false
		}
		return len(p) > 2
	}, cmp.Ignore())
	if diff := cmp.Diff(want, res.ByLang, opt); diff != "" {
		t.Errorf("ScoreQuotes by language (-want +got):\n%s", diff)
	}
	if got, want := res.Missing, []string{"d2"}; !cmp.Equal(got, want) {
		t.Errorf("Missing = %q, want %q", got, want)
	}
	if got := res.All; got.Precision != 2.0/3 || got.Recall != 0.5 || math.Abs(got.E2EF1-2.0/7) > 1e-12 {
		t.Errorf("All = %+v, want P=2/3, R=1/2, e2e F1=2/7", got)
	}
	d := res.Docs[0]
	if len(d.Misses) != 1 || d.Misses[0].Index != 2 || len(d.FalsePositives) != 1 || d.FalsePositives[0].Index != 2 {
		t.Errorf("details of d1: misses %+v, false positives %+v; want gold#2 and pred#2", d.Misses, d.FalsePositives)
	}
	var b strings.Builder
	if err := res.WriteText(&b, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"missing predictions for 1 gold documents", "e2e-F1 0.286", `miss    gold#2 speaker="a union leader"`, `speaker gold#1 pred#1`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteText output lacks %q:\n%s", want, b.String())
		}
	}
}

func TestParseAnn(t *testing.T) {
	ann := "T1\tSource 0 4\tJane\r\n" +
		"T2\tContent 10 20;30 40\tfirst part\r\n" +
		"T3\tContent 50 60\tsecond part\n" +
		"T4\tCue 5 9\tsaid\n" +
		"E1\tAttribution:T4 Content:T2 Content2:T3 Cue:T4 Source:T1\n" +
		"E2\tAttribution:T4 Cue:T4 Source:T1\n" + // no content: dropped
		"E3\tAttribution:T4 Content:T9 Content:T3\n" + // T9 is unknown
		"#1\tAnnotatorNotes T1\tnote\n"
	got := ParseAnn(ann)
	want := []Relation{{"first part second part", "Jane"}, {"second part", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseAnn (-want +got):\n%s", diff)
	}
	if got := ParseAnn(""); got != nil {
		t.Errorf("ParseAnn(\"\") = %v, want nil", got)
	}
}

func TestReadPredictions(t *testing.T) {
	in := `{"id":"a","quotes":[{"content":"x"}]}

not json
{"id":"b","quotes":null}
{"id":"a","quotes":[]}`
	got, err := ReadPredictions(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("ReadPredictions error = %v, want one naming line 3", err)
	}
	if len(got) != 2 || got["a"] == nil || len(got["a"].Quotes) != 0 || got["b"] == nil {
		t.Errorf("ReadPredictions = %v, want a (last line wins, no quotes) and b", got)
	}
}

func TestLangTally(t *testing.T) {
	var tally LangTally
	for _, c := range [][2]string{{"en", "en"}, {"en", "en"}, {"en", "nl"}, {"nl", "nl"}, {"nl", ""}} {
		tally.Add(c[0], c[1])
	}
	got := tally.Scores()
	want := []LangScore{
		{Lang: "en", N: 3, Right: 2, Accuracy: 2.0 / 3, Confused: map[string]int{"nl": 1}},
		{Lang: "nl", N: 2, Right: 1, Unsure: 1, Accuracy: 0.5},
		{Lang: "all", N: 5, Right: 3, Unsure: 1, Accuracy: 0.6},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scores (-want +got):\n%s", diff)
	}
	var b strings.Builder
	if err := WriteLangText(&b, got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "en   n=     3 accuracy=0.667 unsure=0 confused: nl=1\n") {
		t.Errorf("WriteLangText:\n%s", b.String())
	}
}

func TestInPolNeARConvention(t *testing.T) {
	// “We will not stop,” she said, “until it opens.” “Then we rest.”
	// And a second article whose quotes continue nothing.
	q := func(id string, start, end, cue int, cont, content string) article.Quote {
		return article.Quote{ID: id, Kind: article.Direct, Content: content, Start: start, End: end, CueStart: cue, CueEnd: cue + 4, Continues: cont}
	}
	cut := &article.Article{ID: "cut", Quotes: []article.Quote{
		q("q1", 1, 17, 24, "", "We will not stop"),
		q("q2", 32, 47, 24, "q1", "until it opens."),
		q("q3", 50, 63, 24, "q2", "Then we rest."), // goes on, nothing between: its own
		q("q4", 70, 80, 90, "q9", "ten words"),     // continues an id that is not there
	}}
	plain := &article.Article{ID: "plain", Quotes: []article.Quote{q("q1", 0, 5, 10, "", "hello")}}
	got := InPolNeARConvention(map[string]*article.Article{"cut": cut, "plain": plain})
	var contents []string
	for _, x := range got["cut"].Quotes {
		contents = append(contents, x.Content)
	}
	want := []string{"We will not stop until it opens.", "Then we rest.", "ten words"}
	if !slices.Equal(contents, want) {
		t.Errorf("joined contents %q, want %q", contents, want)
	}
	if got["cut"].Quotes[0].End != 47 {
		t.Errorf("joined quote ends at %d, want 47", got["cut"].Quotes[0].End)
	}
	if len(cut.Quotes) != 4 || cut.Quotes[0].Content != "We will not stop" {
		t.Error("the input article was changed")
	}
	if got["plain"] != plain {
		t.Error("an article with nothing to join should be returned as it is")
	}
}
