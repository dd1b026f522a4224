package storesql

import (
	"crypto/sha256"
	"fmt"

	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Hash returns the content hash that de-duplicates articles: the same
// text under another id is the same article. Both SQL stores keep it.
func Hash(text string) []byte {
	h := sha256.Sum256([]byte(text))
	return h[:16]
}

// Check reports the first thing of a that a SQL store cannot keep: a
// missing id or text, or an annotation outside the text. fields, when
// not nil, checks what the implementation itself refuses of the
// article's fields (PostgreSQL: NUL bytes, invalid UTF-8), before the
// annotations.
func Check(a *article.Article, fields func(*article.Article) error) error {
	if a.ID == "" {
		return fmt.Errorf("%w: article without id", store.ErrInvalid)
	}
	if a.Text == "" {
		return fmt.Errorf("%w: article %s has no text", store.ErrInvalid, a.ID)
	}
	if fields != nil {
		if err := fields(a); err != nil {
			return err
		}
	}
	n := len(a.Text)
	bad := func(s, e int) bool { return s < 0 || e < s || e > n }
	for _, e := range a.Entities {
		for _, m := range e.Mentions {
			if bad(m.Start, m.End) {
				return fmt.Errorf("%w: article %s: entity %s: mention [%d,%d) outside the text of %d bytes",
					store.ErrInvalid, a.ID, e.ID, m.Start, m.End, n)
			}
		}
	}
	for _, q := range a.Quotes {
		if bad(q.Start, q.End) || bad(q.CueStart, q.CueEnd) || bad(q.Speaker.Start, q.Speaker.End) {
			return fmt.Errorf("%w: article %s: quote %s: span [%d,%d), cue [%d,%d) or speaker [%d,%d) outside the text of %d bytes",
				store.ErrInvalid, a.ID, q.ID, q.Start, q.End, q.CueStart, q.CueEnd, q.Speaker.Start, q.Speaker.End, n)
		}
	}
	return store.CheckEvents(a)
}
