package event

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/newsgraph/newsgraph/internal/article"
)

func TestInflectionSame(t *testing.T) {
	ru := newInflection(strings.Split("а,я,ы,и,е,у,ю,о,ь,й,ой,ей,ою,ею,ью,ом,ем,ам,ям,ах,ях,ов,ев,ами,ями,ая,ую,ые,ых,ым,ыми", ","), 3)
	tests := []struct {
		p, w string
		want bool
	}{
		{"россия", "россией", true},   // "Росси" + я / ей
		{"россия", "россии", true},    //
		{"вьетнам", "вьетнама", true}, // no ending on the pattern
		{"китай", "китаем", true},     // "Кита" + й / ем
		{"штаты", "штатами", true},    //
		{"иран", "ирак", false},       // different stems
		{"иран", "иранец", false},     // "ец" is no ending
		{"сша", "сш", false},          // a stem keeps three letters
	}
	for _, tt := range tests {
		if got := ru.same(tt.p, tt.w); got != tt.want {
			t.Errorf("same(%q, %q) = %v, want %v", tt.p, tt.w, got, tt.want)
		}
	}
}

// TestGrammarSettings codes the same sentences of a made-up language with
// and without the grammar settings for declined names (case_endings,
// capitalised_names, genitive_owner, articles no), Romance adjective order
// (adjective_after), letter folds, a comma before "that" (comma_that) and
// the instrumental doer of a passive (agent_case), so that each setting is seen to
// drive its effect and a language without them codes as before.
func TestGrammarSettings(t *testing.T) {
	files := func(grammar string) fstest.MapFS {
		return fstest.MapFS{
			"data/xx/triggers.tsv": {Data: []byte("attacked\tASSAULT\nmet\tCONSULT\ncondemned\tDISAPPROVE\nproposal\tAGREE\t\t\tnoun\ndenied\tREJECT\t\t\tspeech,deny\n")},
			"data/xx/actors.tsv":   {Data: []byte("Rossiya\tRUS\tcountry\nTogo\tTGO\tcountry\nKiev\tUKR\tcountry\nrussk*\tRUS\tdemonym\n")},
			"data/xx/sectors.tsv":  {Data: []byte("president\tGOV\t2\npolice\tCOP\t3\n")},
			"data/xx/function.tsv": {Data: []byte("the\tdet\nwith\tprep\nthat\tsub\nwas\taux\n")},
			"data/xx/grammar.tsv":  {Data: []byte("# settings\n" + grammar)},
		}
	}
	const on = "case_endings\ta,i,u,oy,ey,om\t3\ncapitalised_names\tyes\ngenitive_owner\tyes\narticles\tno\nadjective_after\tyes\nfold\tq:k\ncomma_that\tyes\nagent_case\tom\n"
	tests := []struct {
		text    string
		on, off string // events with the settings and without
	}{
		{"Rossiyey attacked Togo.", "ASSAULT RUS TGO", ""},                                        // a case form of "Rossiya"
		{"Rossiya attacked togo.", "ASSAULT RUS -", "ASSAULT RUS TGO"},                            // "togo" in lower case is a word, not Togo
		{"President Rossiyi met police.", "CONSULT RUS-GOV RUS-COP", "CONSULT GOV -"},             // genitive owner; a bare role noun, domestic to the state organ that meets it
		{"The police condemned the proposal russkaya.", "DISAPPROVE COP RUS", "DISAPPROVE COP -"}, // adjective after its noun
		{"Rossiya attacked Qiev.", "ASSAULT RUS UKR", "ASSAULT RUS -"},                            // folded letters
	}
	for _, tt := range tests {
		for _, set := range []struct{ grammar, want string }{{on, tt.on}, {"", tt.off}} {
			a := &article.Article{Lang: "xx", Date: "2024-05-15", Text: tt.text}
			evs, err := NewCoderFS(files(set.grammar)).Code(a)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range evs {
				tgt := "-"
				if e.Target != nil {
					tgt = e.Target.Code
				}
				if e.Negated {
					tgt += " (negated)"
				}
				got = append(got, e.Type+" "+e.Source.Code+" "+tgt)
			}
			if g := strings.Join(got, "; "); g != set.want {
				t.Errorf("settings %v: Code(%q) = %q, want %q", set.grammar != "", tt.text, g, set.want)
			}
		}
	}
	bad := files("case_endings\ta,i\n")
	if _, err := NewCoderFS(bad).Code(&article.Article{Lang: "xx", Text: "x"}); err == nil || !strings.Contains(err.Error(), "grammar.tsv:2") {
		t.Errorf("case_endings without a stem length: err = %v, want one naming grammar.tsv:2", err)
	}
}
