package event

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/article"
)

func TestDates(t *testing.T) {
	tests := []struct {
		lang, date, text string
		want             []string // date/grain of each expression, in order
	}{
		{"en", "2024-05-15", "", nil},
		{"en", "2024-05-15", "Nothing happened.", nil},
		// 2024-05-15 is a Wednesday.
		{"en", "2024-05-15", "They met on Monday.", []string{"2024-05-13/day"}},
		{"en", "2024-05-15", "They met on Wednesday.", []string{"2024-05-15/day"}},
		{"en", "2024-05-15", "They will meet on Friday.", []string{"2024-05-17/day"}},
		{"en", "2024-05-15", "They met last Wednesday.", []string{"2024-05-08/day"}},
		{"en", "2024-05-15", "They meet next Monday.", []string{"2024-05-20/day"}},
		{"en", "2024-05-15", "It happened yesterday.", []string{"2024-05-14/day"}},
		{"en", "2024-05-15", "It happened last month.", []string{"2024-04/month"}},
		{"en", "2024-01-10", "It happened last month.", []string{"2023-12/month"}},
		{"en", "2024-05-15", "It happened last year.", []string{"2023/year"}},
		{"en", "2024-05-15", "It happened last week.", []string{"2024-05/month"}},
		{"en", "2024-05-15", "They met on March 12.", []string{"2024-03-12/day"}},
		{"en", "2024-05-15", "They met on 12 March 2021.", []string{"2021-03-12/day"}},
		{"en", "2024-05-15", "They met on March 12, 2021.", []string{"2021-03-12/day"}},
		{"en", "2024-01-05", "They met on December 28.", []string{"2023-12-28/day"}},
		{"en", "2024-05-15", "They met in March.", []string{"2024-03/month"}},
		{"en", "2024-05-15", "They met in 2019.", []string{"2019/year"}},
		{"en", "2024-05-15", "She may meet him.", nil}, // "may" alone is no date
		{"en", "2024-05-15", "The 1994 genocide.", nil},
		{"en", "2024-05-15", "They met on February 31.", []string{"2024-02/month"}},
		{"en", "2024-05", "They met on Monday.", []string{"2024-05/unknown"}},
		{"en", "2024-05", "It happened last month.", []string{"2024-04/month"}},
		{"en", "", "They met on Monday.", []string{"/unknown"}},
		{"en", "20080806", "They met Wednesday.", []string{"2008-08-06/day"}},
		{"nl", "2023-03-22", "Xi Jinping praat dinsdag met Poetin.", []string{"2023-03-21/day"}},
		{"nl", "2023-03-22", "Poetin zei maandagavond dat hij kwam.", []string{"2023-03-20/day"}},
		{"nl", "2023-03-22", "De paper werd vorige maand vrijgegeven.", []string{"2023-02/month"}},
		{"nl", "2023-03-22", "Dat gebeurde gisteren.", []string{"2023-03-21/day"}},
		{"nl", "2023-03-22", "Ze spraken op 12 maart.", []string{"2023-03-12/day"}},
		{"nl", "2023-03-22", "Ze spreken volgende week.", []string{"2023-03/month"}},
		{"nl", "2023-03-22", "Ze spraken vorig jaar en in mei 2021.", []string{"2022/year", "2021-05/month"}},
	}
	c := NewCoder()
	for _, tt := range tests {
		lx, err := c.lexicon(tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		a := &article.Article{Text: tt.text}
		_, ws := segment(a)
		future := false
		for k := range ws {
			if lx.fnMask(ws[k].norm)&fnBit[fnFuture] != 0 {
				future = true
			}
		}
		var got []string
		for _, d := range findDates(lx, ws, 0, len(ws), parseAnchor(tt.date), future) {
			got = append(got, d.date+"/"+d.grain)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("dates in %q (%s, %s) (-want +got):\n%s", tt.text, tt.lang, tt.date, diff)
		}
	}
}
