package kb_test

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/article"
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

func ExampleLinker_Process() {
	l, err := kb.New(nil)
	if err != nil {
		panic(err)
	}
	a := &article.Article{Lang: "ru", Entities: []article.Entity{
		{ID: "e1", Name: "Владимира Путина", Type: "PER", Mentions: []article.Mention{
			{Text: "Владимира Путина", Kind: "name"}, {Text: "Владимир Путин", Kind: "name"}}},
		{ID: "e2", Name: "Москве", Type: "LOC"},
	}}
	if err := l.Process(context.Background(), a); err != nil {
		panic(err)
	}
	for _, e := range a.Entities {
		fmt.Println(e.ID, e.KB, e.KBName)
	}
	// Output:
	// e1 per:vladimir-putin Vladimir Putin
	// e2 loc:RU:moscow Moscow
}

func ExampleTransliterate() {
	fmt.Println(kb.Transliterate("Володимир Зеленський", "uk"))
	fmt.Println(kb.Transliterate("Кирилл Дмитриев", "ru"))
	fmt.Println(kb.Transliterate("Κυριάκος Μητσοτάκης", "el"))
	// Output:
	// Volodymyr Zelenskyy
	// Kirill Dmitriev
	// Kyriakos Mitsotakis
}
