package eval_test

import (
	"fmt"
	"os"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/eval"
)

func ExampleScoreQuotes() {
	gold := []eval.GoldDoc{{ID: "d1", Lang: "en", Quotes: []eval.GoldQuote{
		{Content: "We will not raise taxes", Kind: "direct", Speaker: "Jane Doe", SpeakerType: "PER"},
		{Content: "The budget is fair", Kind: "indirect", Speaker: "Finance Ministry", SpeakerType: "ORG"},
	}}}
	pred := map[string]*article.Article{"d1": {ID: "d1", Quotes: []article.Quote{
		{Content: "we will not raise taxes this year", Speaker: article.Speaker{Name: "Doe"}},
	}}}
	res := eval.ScoreQuotes(gold, pred)
	res.WriteText(os.Stdout, true)
	fmt.Println(res.All.E2EF1)
	// Output:
	// en   gold=   2 pred=   1 detect P=1.000 R=0.500 F1=0.667 | speaker-acc=1.000 | e2e P=1.000 R=0.500 F1=0.667
	// all  gold=   2 pred=   1 detect P=1.000 R=0.500 F1=0.667 | speaker-acc=1.000 | e2e P=1.000 R=0.500 F1=0.667
	// e2e-F1 0.667
	//
	// kind=direct      gold=   1 matched=   1 recall=1.000 | speaker-acc=1.000
	// kind=indirect    gold=   1 matched=   0 recall=0.000 | speaker-acc=0.000
	// speaker=ORG      gold=   1 matched=   0 recall=0.000 | speaker-acc=0.000
	// speaker=PER      gold=   1 matched=   1 recall=1.000 | speaker-acc=1.000
	//
	// d1 (en): 1 matched, 0 wrong speaker, 1 missed, 0 false positive
	//   miss    gold#1 (indirect) speaker="Finance Ministry": The budget is fair
	// 0.6666666666666666
}

func ExampleParseAnn() {
	ann := "T1\tSource 0 8\tJane Doe\nT2\tCue 9 13\tsaid\nT3\tContent 14 30\tthe vote is over\n" +
		"E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
	fmt.Printf("%+v\n", eval.ParseAnn(ann))
	// Output: [{Content:the vote is over Source:Jane Doe}]
}
