package eval_test

import (
	"os"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/eval"
)

func ExampleScoreEntities() {
	gold := []eval.EntityGoldDoc{{ID: "d1", Lang: "en", Entities: []eval.GoldEntity{
		{Name: "Vladimir Putin", Type: "PER", Mentions: []string{"Putin", "he"}},
		{Name: "Oldham", Type: "LOC"},
		{Name: "Facebook", Type: "ORG"},
	}}}
	pred := map[string]*article.Article{"d1": {ID: "d1", Entities: []article.Entity{
		{Name: "Mr Putin", Type: "PER", Mentions: []article.Mention{{Text: "Putin", Kind: "name"}, {Text: "he", Kind: "pronoun"}}},
		{Name: "Oldham", Type: "ORG"},
		{Name: "Pennine", Type: "LOC"},
	}}}
	eval.ScoreEntities(gold, pred).WriteText(os.Stdout, true)
	// Output:
	// en   gold=   3 pred=   3 typed P=0.333 R=0.333 F1=0.333 | untyped F1=0.667
	// all  gold=   3 pred=   3 typed P=0.333 R=0.333 F1=0.333 | untyped F1=0.667
	//
	// PER  gold=   1 pred=   1 typed P=1.000 R=1.000 F1=1.000
	// ORG  gold=   1 pred=   1 typed P=0.000 R=0.000 F1=0.000
	// LOC  gold=   1 pred=   1 typed P=0.000 R=0.000 F1=0.000
	// MISC gold=   0 pred=   0 typed P=0.000 R=0.000 F1=0.000
	//
	// d1 (en): 3 gold, 3 predicted, 1 wrong type, 1 missed, 1 false positive
	//   TYPE gold LOC Oldham <- pred ORG Oldham
	//   MISS ORG Facebook
	//   FP   LOC Pennine
}
