package conll_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/newsgraph/newsgraph/internal/conll"
)

func Example() {
	gold, err := conll.Read(strings.NewReader("EU NNP I-ORG\nrejects VBZ O\nGerman JJ I-MISC\ncall NN O\n"),
		"gold", conll.Options{Tags: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(gold[0].Tags) // IOB1 read as IOB2
	pred := []conll.Sentence{{Words: gold[0].Words, Tags: []string{"B-ORG", "O", "B-LOC", "O"}}}
	counts, err := conll.Score(gold, pred)
	if err != nil {
		fmt.Println(err)
		return
	}
	counts.Write(os.Stdout)
	// Output:
	// [B-ORG O B-MISC O]
	// LOC   P=0.0000 R=0.0000 F1=0.0000 (gold 0)
	// MISC  P=0.0000 R=0.0000 F1=0.0000 (gold 1)
	// ORG   P=1.0000 R=1.0000 F1=1.0000 (gold 1)
	// ALL   P=0.5000 R=0.5000 F1=0.5000
	// F1 0.5000
}
