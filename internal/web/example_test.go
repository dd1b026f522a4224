package web_test

import (
	"fmt"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/web"
)

func ExampleHighlight() {
	a := &article.Article{
		Text: `"No <b>deal</b>," Berg said.`,
		Entities: []article.Entity{{ID: "e1", Name: "Anna Berg", Type: article.PER, KB: "42",
			Mentions: []article.Mention{{Start: 18, End: 22, Text: "Berg", Kind: article.MentionName}}}},
		Quotes: []article.Quote{{ID: "q1", Kind: article.Direct, Start: 1, End: 16, CueStart: 23, CueEnd: 27,
			Speaker: article.Speaker{Entity: "e1", Name: "Anna Berg", Start: 18, End: 22}}},
	}
	fmt.Println(web.Highlight(a))
	// Output:
	// &#34;<span class="quote direct" id="quote-q1" title="direct quote · Anna Berg">No &lt;b&gt;deal&lt;/b&gt;,</span>&#34; <a class="speaker ent t-per" href="/entities/42" title="Anna Berg (PER)">Berg</a> <span class="cue">said</span>.
}
