// Package identity decides which store-wide entity an article's entity is.
//
// Within one article the entity stage has already clustered mentions
// ("Vladimir Putin" … "Putin" … "he"). Across articles an entity is known
// by keys:
//
//   - "kb:" + Entity.KB when the cross-language linker set it, so that
//     Poetin, Putin and Poutine are one entity once linked;
//   - TYPE + ":" + Normalize(name) otherwise, where an alias file may first
//     map the name to a canonical one.
//
// A person known by a lone surname ("Lopez said") is joined to the one
// person of the same source with that surname in articles of the weeks
// around it, when exactly one such person exists; otherwise (none, or two
// Kaisers) it is kept apart under its own key. Joining across sources is
// not done: two outlets' "Kaiser" are often different people, and a wrong
// merge is worse for a user than a missing one (the alias file fixes
// either by hand).
//
// The policy is shared by every store: a store implements Lookup over its
// tables and calls Resolve inside the transaction that puts the article.
package identity

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph/internal/article"
)

//go:embed titles.txt
var titlesFile string

// titles holds the lines of titles.txt, each a title of one or more words.
var titles = parseTitles(titlesFile)

func parseTitles(s string) map[string]bool {
	m := map[string]bool{}
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m[Normalize(line)] = true
	}
	return m
}

// special folds letters that do not decompose into a base and a mark.
var special = strings.NewReplacer(
	"ß", "ss", "ø", "o", "Ø", "o", "æ", "ae", "Æ", "ae", "œ", "oe", "Œ", "oe",
	"ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ð", "d", "þ", "th", "ı", "i",
	"’", "'", "‘", "'",
)

// Fold lower-cases s and removes its diacritics: "Élisabeth" → "elisabeth".
// Letters of other scripts are lower-cased and kept.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s // transform only fails on invalid UTF-8, which folds as is
	}
	// Special letters go after the marks (Ǽ → Æ → ae) and again after
	// lower-casing (ẞ → ß → ss).
	return special.Replace(strings.ToLower(special.Replace(out)))
}

// Normalize folds name and reduces it to its words separated by single
// spaces: punctuation goes, and apostrophes and hyphens inside a word
// join it ("O'Brien" → "obrien", "Jean-Luc" → "jeanluc").
func Normalize(name string) string {
	var b strings.Builder
	space := false
	for _, r := range Fold(name) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '-' || r == '‐':
			// joins the parts of a word
		default:
			space = true
		}
	}
	return b.String()
}

// PersonName normalises a person's name and drops leading titles
// ("Dr.", "President", "Bundeskanzler"), keeping at least one word.
func PersonName(name string) string {
	n := Normalize(name)
	for {
		cut := false
		words := strings.Fields(n)
		for k := min(len(words)-1, 4); k >= 1; k-- {
			if titles[strings.Join(words[:k], " ")] {
				n = strings.Join(words[k:], " ")
				cut = true
				break
			}
		}
		if !cut {
			return n
		}
	}
}

// Surname returns the last word of a normalised name.
func Surname(norm string) string {
	if i := strings.LastIndexByte(norm, ' '); i >= 0 {
		return norm[i+1:]
	}
	return norm
}

// A Ref is what identity knows of one article entity before it looks at
// the store.
type Ref struct {
	KBKey   string // "kb:Q7184", or "" when not linked
	NameKey string // "PER:ana maria lopez"
	Name    string // display name for a new entity: the alias's canonical name, else the entity's
	Fixed   bool   // Name comes from the alias file and stays the entity's name
	Type    string
	Norm    string // normalised name (titles dropped for persons)
	Surname string // last word of Norm, for persons
	Lone    bool   // a person named by a lone surname
}

// RefOf returns the keys of e. aliases may be nil.
func RefOf(e *article.Entity, aliases *Aliases) Ref {
	name := strings.TrimSpace(e.Name)
	if name == "" {
		for _, m := range e.Mentions {
			if m.Kind == article.MentionName || m.Kind == "" {
				name = strings.TrimSpace(m.Text)
				break
			}
		}
	}
	r := Ref{Name: name, Type: e.Type}
	if r.Type == "" {
		r.Type = article.MISC
	}
	if c, ok := aliases.Lookup(name, r.Type); ok {
		r.Name, r.Fixed = c, true
	}
	if r.Type == article.PER {
		r.Norm = PersonName(r.Name)
		r.Surname = Surname(r.Norm)
		r.Lone = r.Norm != "" && !strings.Contains(r.Norm, " ")
	} else {
		r.Norm = Normalize(r.Name)
	}
	if r.Norm == "" {
		r.Norm = strings.ToLower(r.Name) // a name of symbols only keeps them
	}
	r.NameKey = r.Type + ":" + r.Norm
	if kb := strings.TrimSpace(e.KB); kb != "" && !r.Fixed {
		r.KBKey = "kb:" + kb
	}
	return r
}

// Lookup is what Resolve asks of a store.
type Lookup interface {
	// Key returns the entity bound to key and that entity's KB id,
	// or "" when the key is unbound.
	Key(ctx context.Context, key string) (id, kb string, err error)
	// SameSurname returns up to two person entities whose normalised
	// name has more than one word and ends in surname, and that are
	// mentioned in articles of source dated within [from, to] (date
	// prefixes; "" leaves that side open).
	SameSurname(ctx context.Context, surname, source, from, to string) ([]string, error)
}

// Resolve returns the store-wide entity that r (an entity of an article
// from source, dated date) is, or "" when it is a new one, and the keys to
// bind to that entity.
func Resolve(ctx context.Context, r Ref, source, date string, look Lookup) (id string, bind []string, err error) {
	if r.KBKey != "" {
		id, _, err := look.Key(ctx, r.KBKey)
		if err != nil || id != "" {
			return id, unboundName(ctx, r, look), err
		}
		id, kb, err := look.Key(ctx, r.NameKey)
		if err != nil {
			return "", nil, err
		}
		if id != "" && (kb == "" || "kb:"+kb == r.KBKey) {
			// The same name seen before unlinked: now it is linked.
			return id, []string{r.KBKey}, nil
		}
		if id != "" {
			return "", []string{r.KBKey}, nil // a namesake linked elsewhere
		}
		return "", []string{r.KBKey, r.NameKey}, nil
	}
	if r.Lone {
		from, to := Window(date)
		ids, err := look.SameSurname(ctx, r.Surname, source, from, to)
		if err != nil {
			return "", nil, err
		}
		if len(ids) == 1 {
			return ids[0], nil, nil // never bind the surname: it is only unambiguous here
		}
	}
	id, _, err = look.Key(ctx, r.NameKey)
	if err != nil {
		return "", nil, err
	}
	if id != "" {
		return id, nil, nil
	}
	return "", []string{r.NameKey}, nil
}

// unboundName returns r's name key when no entity has it yet, so that a
// later unlinked mention of the same name joins the linked entity.
func unboundName(ctx context.Context, r Ref, look Lookup) []string {
	if r.Lone {
		return nil
	}
	id, _, err := look.Key(ctx, r.NameKey)
	if err != nil || id != "" {
		return nil
	}
	return []string{r.NameKey}
}

// WindowDays is how far around an article's date a lone surname looks for
// the person it names.
const WindowDays = 30

// Window returns the date range around date in which a lone surname is
// resolved: WindowDays either side of a day, the months either side of a
// month, the year of a year, and no bounds for no date.
func Window(date string) (from, to string) {
	switch len(date) {
	case 10:
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return "", ""
		}
		return d.AddDate(0, 0, -WindowDays).Format(time.DateOnly), d.AddDate(0, 0, WindowDays).Format(time.DateOnly)
	case 7:
		d, err := time.Parse("2006-01", date)
		if err != nil {
			return "", ""
		}
		return d.AddDate(0, -1, 0).Format("2006-01"), d.AddDate(0, 1, 0).Format("2006-01")
	case 4:
		return date, date
	}
	return "", ""
}

// Aliases maps names to canonical names, read from a file users edit.
// The zero value and nil hold no aliases.
type Aliases struct {
	m map[string]string // type + "\x00" + normalised alias → canonical name; type "" for any
}

// ParseAliases reads alias lines: alias<TAB>canonical name<TAB>type, with
// type one of PER, ORG, LOC, MISC or empty for any; blank lines and lines
// starting with # are skipped. name names the input in errors.
func ParseAliases(r io.Reader, name string) (*Aliases, error) {
	a := &Aliases{m: map[string]string{}}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("%s:%d: want alias<TAB>canonical name<TAB>type, got %d fields", name, n, len(f))
		}
		alias, canon, typ := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), ""
		if len(f) == 3 {
			typ = strings.ToUpper(strings.TrimSpace(f[2]))
		}
		switch typ {
		case "", article.PER, article.ORG, article.LOC, article.MISC:
		default:
			return nil, fmt.Errorf("%s:%d: type %q is not PER, ORG, LOC, MISC or empty", name, n, typ)
		}
		if Normalize(alias) == "" || Normalize(canon) == "" {
			return nil, fmt.Errorf("%s:%d: empty alias or canonical name", name, n)
		}
		a.m[aliasKey(alias, typ)] = canon
		// The canonical name is its own alias, so that its spellings
		// (case, accents, titles) fix the display name too.
		if _, ok := a.m[aliasKey(canon, typ)]; !ok {
			a.m[aliasKey(canon, typ)] = canon
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return a, nil
}

// LoadAliases reads the alias file at path.
func LoadAliases(path string) (*Aliases, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("aliases: %w", err)
	}
	defer f.Close()
	return ParseAliases(f, path)
}

func aliasKey(name, typ string) string {
	n := Normalize(name)
	if typ == article.PER {
		n = PersonName(name)
	}
	return typ + "\x00" + n
}

// Lookup returns the canonical name for name of type typ, trying aliases
// given for that type first, then those given for any type.
func (a *Aliases) Lookup(name, typ string) (string, bool) {
	if a == nil || len(a.m) == 0 {
		return "", false
	}
	if c, ok := a.m[aliasKey(name, typ)]; ok {
		return c, true
	}
	c, ok := a.m[aliasKey(name, "")]
	return c, ok
}

// Len returns the number of aliases.
func (a *Aliases) Len() int {
	if a == nil {
		return 0
	}
	return len(a.m)
}
