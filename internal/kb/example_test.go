package kb_test

import (
	"fmt"

	"github.com/newsgraph/newsgraph/internal/kb"
)

func ExampleLinker_Link() {
	l, err := kb.New(nil)
	if err != nil {
		panic(err)
	}
	for _, n := range []struct{ name, typ, lang string }{
		{"Vladimir Poetin", "PER", "nl"},
		{"Путин Владимир", "PER", "ru"},
		{"Владимир Путин", "PER", "ru"},
		{"Moscou", "LOC", "fr"},
		{"НАТО", "ORG", "ru"},
	} {
		id, name, _ := l.Link(n.name, n.typ, n.lang)
		fmt.Printf("%s → %s %q", n.name, id, name)
		if country, ok := l.Country(id); ok {
			fmt.Printf(", country %s", country)
		}
		fmt.Println()
	}
	// Output:
	// Vladimir Poetin → per:vladimir-putin "Vladimir Poetin"
	// Путин Владимир → per:putin-vladimir "Putin Vladimir"
	// Владимир Путин → per:vladimir-putin "Vladimir Putin"
	// Moscou → loc:RU:moscow "Moscow", country loc:RU
	// НАТО → org:nato "NATO"
}
