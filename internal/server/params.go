package server

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/store"
)

var (
	datePrefix = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)
	langCode   = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// invalid reports a bad parameter as a store.ErrInvalid, so that it maps
// to 400 with a message that names the parameter.
func invalid(name, value, reason string) error {
	return fmt.Errorf("%w: parameter %s=%q: %s", store.ErrInvalid, name, value, reason)
}

// text returns a free-text parameter, checked for length and encoding.
func text(v url.Values, name string) (string, error) {
	s := v.Get(name)
	switch {
	case len(s) > maxTextBytes:
		return "", invalid(name, s[:32]+"…", fmt.Sprintf("longer than %d bytes", maxTextBytes))
	case !utf8.ValidString(s):
		return "", invalid(name, s, "not UTF-8")
	}
	return s, nil
}

// number returns a non-negative integer parameter, def when absent.
func number(v url.Values, name string, def int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, invalid(name, s, "want a whole number ≥ 0")
	}
	return n, nil
}

// ParseQuery reads the filters common to search, quotes and entities:
// q, lang, source, from, to, type, limit and offset. Speaker and about are
// left to Resolve, which needs the store. Limit is capped at
// store.MaxLimit; bad values give errors wrapping store.ErrInvalid.
func ParseQuery(v url.Values) (store.Query, error) {
	var q store.Query
	var err error
	if q.Text, err = text(v, "q"); err != nil {
		return q, err
	}
	if q.Source, err = text(v, "source"); err != nil {
		return q, err
	}
	if q.Lang = v.Get("lang"); q.Lang != "" && !langCode.MatchString(q.Lang) {
		return q, invalid("lang", q.Lang, "want an ISO 639-1 code such as en")
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"from", &q.From}, {"to", &q.To}} {
		if *p.dst = v.Get(p.name); *p.dst != "" && !datePrefix.MatchString(*p.dst) {
			return q, invalid(p.name, *p.dst, "want a date YYYY, YYYY-MM or YYYY-MM-DD")
		}
	}
	if q.From != "" && q.To != "" && q.From > q.To && !(len(q.To) < len(q.From) && q.From[:len(q.To)] == q.To) {
		return q, invalid("from", q.From, "after to="+q.To)
	}
	switch q.Type = v.Get("type"); q.Type {
	case "", "PER", "ORG", "LOC", "MISC":
	default:
		return q, invalid("type", q.Type, "want PER, ORG, LOC or MISC")
	}
	if q.Limit, err = number(v, "limit", store.DefaultLimit); err != nil {
		return q, err
	}
	if q.Limit == 0 {
		q.Limit = store.DefaultLimit
	}
	q.Limit = min(q.Limit, store.MaxLimit)
	if q.Offset, err = number(v, "offset", 0); err != nil {
		return q, err
	}
	if q.Offset > store.MaxOffset {
		return q, invalid("offset", v.Get("offset"), fmt.Sprintf("over %d: narrow the query instead", store.MaxOffset))
	}
	return q, nil
}

// Resolve maps the entity references of parameter name (each an entity id
// or a name; the parameter may repeat) to store-wide entity ids. It
// returns nil when the parameter is absent, and ok=false when it is given
// but names nothing known, in which case the answer is empty.
func Resolve(ctx context.Context, st store.Store, v url.Values, name string) (ids []string, ok bool, err error) {
	refs := v[name]
	if len(refs) == 0 {
		return nil, true, nil
	}
	if len(refs) > maxRefs {
		return nil, false, invalid(name, refs[0], fmt.Sprintf("given %d times, at most %d", len(refs), maxRefs))
	}
	for _, ref := range refs {
		if ref == "" {
			continue
		}
		if len(ref) > maxTextBytes || !utf8.ValidString(ref) {
			return nil, false, invalid(name, ref[:min(len(ref), 32)], "not a valid entity id or name")
		}
		got, err := st.ResolveEntity(ctx, ref)
		if err != nil {
			return nil, false, fmt.Errorf("resolve %s=%q: %w", name, ref, err)
		}
		ids = append(ids, got...)
	}
	if len(ids) == 0 {
		return nil, !hasNonEmpty(refs), nil
	}
	return ids, true, nil
}

func hasNonEmpty(ss []string) bool {
	for _, s := range ss {
		if s != "" {
			return true
		}
	}
	return false
}
