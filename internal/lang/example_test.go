package lang_test

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lang"
)

func ExampleDetector_Detect() {
	d := lang.NewDetector("")
	for _, s := range []string{
		"De minister zei maandag dat de gesprekken doorgaan.",
		"Міністр заявив у понеділок, що переговори триватимуть.",
		"Hi there",
	} {
		l, conf := d.Detect(s)
		fmt.Printf("%q %v\n", l, conf > 0.9)
	}
	// Output:
	// "nl" true
	// "uk" true
	// "" false
}

func ExampleDetector_Process() {
	a := &article.Article{Text: "Regeringen presenterade på tisdagen ett nytt paket med åtgärder."}
	if err := lang.NewDetector("").Process(context.Background(), a); err != nil {
		fmt.Println(err)
	}
	fmt.Println(a.Lang, a.Warnings)
	// Output: sv [language "sv" is not supported: entities and quotes may be missed]
}
