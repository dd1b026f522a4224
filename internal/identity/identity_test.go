package identity

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/article"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Élisabeth Borne", "elisabeth borne"},
		{"  ANA   MARÍA  López ", "ana maria lopez"},
		{"Oekraïne", "oekraine"},
		{"O'Brien", "obrien"},
		{"Jean-Luc Mélenchon", "jeanluc melenchon"},
		{"Lech Wałęsa", "lech walesa"},
		{"Straße", "strasse"},
		{"Søren Kierkegaard", "soren kierkegaard"},
		{"Владимир Путин", "владимир путин"},
		{"U.S.", "u s"},
		{"NATO", "nato"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPersonName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Dr. Ana María López", "ana maria lopez"},
		{"President Volodymyr Zelensky", "volodymyr zelensky"},
		{"Prime Minister Rishi Sunak", "rishi sunak"},
		{"Bundeskanzler Olaf Scholz", "olaf scholz"},
		{"Mme Élisabeth Borne", "elisabeth borne"},
		{"premier Mark Rutte", "mark rutte"},
		{"Dr.", "dr"}, // a title alone stays a name
		{"President", "president"},
		{"Mr. Smith", "smith"},
		{"Martin Luther King", "martin luther king"},
	}
	for _, tt := range tests {
		if got := PersonName(tt.in); got != tt.want {
			t.Errorf("PersonName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTitlesFile(t *testing.T) {
	seen := map[string]int{}
	for i, line := range strings.Split(titlesFile, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if Normalize(line) != line {
			t.Errorf("titles.txt:%d: %q is not normalised (%q)", i+1, line, Normalize(line))
		}
		if prev, ok := seen[line]; ok && line != "mr" && line != "premier" {
			t.Errorf("titles.txt:%d: %q already on line %d", i+1, line, prev)
		}
		seen[line] = i + 1
	}
}

func TestWindow(t *testing.T) {
	tests := []struct{ date, from, to string }{
		{"2023-03-14", "2023-02-12", "2023-04-13"},
		{"2023-01", "2022-12", "2023-02"},
		{"2023", "2023", "2023"},
		{"", "", ""},
		{"2023-13-45", "", ""},
	}
	for _, tt := range tests {
		from, to := Window(tt.date)
		if from != tt.from || to != tt.to {
			t.Errorf("Window(%q) = %q, %q; want %q, %q", tt.date, from, to, tt.from, tt.to)
		}
	}
}

func TestParseAliases(t *testing.T) {
	in := "# people\nPoetin\tVladimir Putin\tPER\nPoutine\tVladimir Putin\tPER\n\nNAVO\tNATO\t\nBig Apple\tNew York\tLOC\r\n"
	a, err := ParseAliases(strings.NewReader(in), "aliases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typ, want string
		ok              bool
	}{
		{"poetin", article.PER, "Vladimir Putin", true},
		{"Poutine", article.PER, "Vladimir Putin", true},
		{"President Poutine", article.PER, "Vladimir Putin", true},
		{"vladimir PUTIN", article.PER, "Vladimir Putin", true},
		{"Poetin", article.ORG, "", false},
		{"NAVO", article.ORG, "NATO", true},
		{"navo", article.MISC, "NATO", true},
		{"big apple", article.LOC, "New York", true},
		{"Moskou", article.LOC, "", false},
	}
	for _, tt := range tests {
		got, ok := a.Lookup(tt.name, tt.typ)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q, %s) = %q, %v; want %q, %v", tt.name, tt.typ, got, ok, tt.want, tt.ok)
		}
	}
	var none *Aliases
	if _, ok := none.Lookup("x", "PER"); ok || none.Len() != 0 {
		t.Errorf("nil Aliases found something")
	}

	bad := []struct{ in, want string }{
		{"just one field\n", "a.tsv:1: want alias"},
		{"a\tb\tc\td\n", "a.tsv:1: want alias"},
		{"# ok\nPoetin\tPutin\tPERSON\n", "a.tsv:2: type \"PERSON\""},
		{"!!\tPutin\tPER\n", "a.tsv:1: empty alias"},
	}
	for _, tt := range bad {
		_, err := ParseAliases(strings.NewReader(tt.in), "a.tsv")
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("ParseAliases(%q) error = %v, want it to start with %q", tt.in, err, tt.want)
		}
	}
}

func TestRefOf(t *testing.T) {
	al, err := ParseAliases(strings.NewReader("Poetin\tVladimir Putin\tPER\n"), "a")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		e    article.Entity
		want Ref
	}{
		{article.Entity{Name: "Dr. Ana María López", Type: "PER"},
			Ref{NameKey: "PER:ana maria lopez", Name: "Dr. Ana María López", Type: "PER", Norm: "ana maria lopez", Surname: "lopez"}},
		{article.Entity{Name: "López", Type: "PER"},
			Ref{NameKey: "PER:lopez", Name: "López", Type: "PER", Norm: "lopez", Surname: "lopez", Lone: true}},
		{article.Entity{Name: "NATO", Type: "ORG", KB: "Q7184"},
			Ref{KBKey: "kb:Q7184", NameKey: "ORG:nato", Name: "NATO", Type: "ORG", Norm: "nato"}},
		{article.Entity{Name: "General Motors", Type: "ORG"},
			Ref{NameKey: "ORG:general motors", Name: "General Motors", Type: "ORG", Norm: "general motors"}},
		{article.Entity{Name: "Poetin", Type: "PER"},
			Ref{NameKey: "PER:vladimir putin", Name: "Vladimir Putin", Fixed: true, Type: "PER", Norm: "vladimir putin", Surname: "putin"}},
		{article.Entity{Name: "", Type: "", Mentions: []article.Mention{{Text: "Acme", Kind: "name"}}},
			Ref{NameKey: "MISC:acme", Name: "Acme", Type: "MISC", Norm: "acme"}},
		{article.Entity{Name: "***", Type: "ORG"},
			Ref{NameKey: "ORG:***", Name: "***", Type: "ORG", Norm: "***"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, RefOf(&tt.e, al)); diff != "" {
			t.Errorf("RefOf(%+v) (-want +got):\n%s", tt.e, diff)
		}
	}
}

// keys is an in-memory Lookup for testing the policy alone; the stores'
// conformance suite checks it over real tables.
type keys struct {
	bound    map[string]string // key → id
	kb       map[string]string // id → kb
	surnames map[string][]string
	err      error
}

func (k *keys) Key(_ context.Context, key string) (string, string, error) {
	id := k.bound[key]
	return id, k.kb[id], k.err
}

func (k *keys) SameSurname(_ context.Context, surname, source, from, to string) ([]string, error) {
	return k.surnames[source+"/"+surname], k.err
}

func TestResolve(t *testing.T) {
	look := &keys{
		bound: map[string]string{
			"PER:ana maria lopez": "1", "kb:Q7184": "2", "PER:kaiser": "3", "ORG:acme": "4",
			"PER:john smith": "5",
		},
		kb:       map[string]string{"2": "Q7184", "5": "Q1"},
		surnames: map[string][]string{"Wire/lopez": {"1"}, "Wire/kaiser": {"6", "7"}},
	}
	tests := []struct {
		name   string
		e      article.Entity
		source string
		id     string
		bind   []string
	}{
		{"known name", article.Entity{Name: "Ana Maria LOPEZ", Type: "PER"}, "Wire", "1", nil},
		{"new name", article.Entity{Name: "Tom Kaiser", Type: "PER"}, "Wire", "", []string{"PER:tom kaiser"}},
		{"known kb, new name", article.Entity{Name: "NAVO", Type: "ORG", KB: "Q7184"}, "Wire", "2", []string{"ORG:navo"}},
		{"new kb, name seen unlinked", article.Entity{Name: "Acme", Type: "ORG", KB: "Q9"}, "Wire", "4", []string{"kb:Q9"}},
		{"new kb, namesake linked elsewhere", article.Entity{Name: "John Smith", Type: "PER", KB: "Q2"}, "Wire", "", []string{"kb:Q2"}},
		{"new kb, new name", article.Entity{Name: "Zorg", Type: "ORG", KB: "Q3"}, "Wire", "", []string{"kb:Q3", "ORG:zorg"}},
		{"lone surname, one match", article.Entity{Name: "Lopez", Type: "PER"}, "Wire", "1", nil},
		{"lone surname, two matches", article.Entity{Name: "Kaiser", Type: "PER"}, "Wire", "3", nil},
		{"lone surname, other source", article.Entity{Name: "Lopez", Type: "PER"}, "Gazette", "", []string{"PER:lopez"}},
		{"lone place is no surname", article.Entity{Name: "Lopez", Type: "LOC"}, "Wire", "", []string{"LOC:lopez"}},
	}
	for _, tt := range tests {
		id, bind, err := Resolve(t.Context(), RefOf(&tt.e, nil), tt.source, "2023-05-01", look)
		if err != nil {
			t.Errorf("%s: Resolve: %v", tt.name, err)
			continue
		}
		if id != tt.id || !slices.Equal(bind, tt.bind) {
			t.Errorf("%s: Resolve(%+v) = %q, %q; want %q, %q", tt.name, tt.e, id, bind, tt.id, tt.bind)
		}
	}
	look.err = errors.New("disk on fire")
	if _, _, err := Resolve(t.Context(), RefOf(&article.Entity{Name: "X Y", Type: "PER"}, nil), "Wire", "", look); !errors.Is(err, look.err) {
		t.Errorf("Resolve with a failing lookup: error %v, want %v", err, look.err)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Élisabeth Borne", "Dr. O'Brien-Smith", "Владимир", "ß", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Errorf("Normalize(%q) = %q has stray spaces", s, n)
		}
		p := PersonName(s)
		if n != "" && p == "" {
			t.Errorf("PersonName(%q) = \"\" from %q", s, n)
		}
		if !strings.HasSuffix(n, p) {
			t.Errorf("PersonName(%q) = %q is not a suffix of %q", s, p, n)
		}
	})
}
