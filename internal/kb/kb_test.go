package kb

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/article"
)

var (
	linkerOnce sync.Once
	linker     *Linker
	linkerErr  error
)

func testLinker(t testing.TB) *Linker {
	t.Helper()
	linkerOnce.Do(func() { linker, linkerErr = New(nil) })
	if linkerErr != nil {
		t.Fatalf("New(nil): %v", linkerErr)
	}
	return linker
}

type name struct{ name, typ, lang string }

// TestSameID checks that transcriptions of one name in different
// languages and scripts get one id.
func TestSameID(t *testing.T) {
	l := testLinker(t)
	tests := []struct {
		desc  string
		names []name
	}{
		{"Putin", []name{{"Vladimir Poetin", "PER", "nl"}, {"Vladimir Putin", "PER", "en"}, {"Wladimir Putin", "PER", "de"},
			{"Vladimir Poutine", "PER", "fr"}, {"Vladímir Putin", "PER", "es"}, {"Władimir Putin", "PER", "pl"},
			{"Владимир Путин", "PER", "ru"}, {"Володимир Путін", "PER", "uk"}, {"Vladimir Vladimirovitsj Poetin", "PER", "nl"},
			{"президент Владимир Путин", "PER", "ru"}, {"president Vladimir Poetin", "PER", "nl"}}},
		{"Zelensky", []name{{"Volodymyr Zelensky", "PER", "en"}, {"Wolodymyr Selenskyj", "PER", "de"}, {"Volodymyr Zelenski", "PER", "nl"},
			{"Volodymyr Zelensky", "PER", "fr"}, {"Владимир Зеленский", "PER", "ru"}, {"Володимир Зеленський", "PER", "uk"}, {"Wołodymyr Zełenski", "PER", "pl"}}},
		{"Khrushchev", []name{{"Nikita Chroesjtsjov", "PER", "nl"}, {"Nikita Khrushchev", "PER", "en"}, {"Nikita Chruschtschow", "PER", "de"},
			{"Nikita Khrouchtchev", "PER", "fr"}, {"Никита Хрущёв", "PER", "ru"}, {"Nikita Chruszczow", "PER", "pl"}}},
		{"Shoigu", []name{{"Sergej Sjojgoe", "PER", "nl"}, {"Sergei Shoigu", "PER", "en"}, {"Sergei Schoigu", "PER", "de"},
			{"Sergueï Choïgou", "PER", "fr"}, {"Сергей Шойгу", "PER", "ru"}, {"Serhij Szojgu", "PER", "pl"}}},
		{"Yeltsin", []name{{"Boris Jeltsin", "PER", "nl"}, {"Boris Yeltsin", "PER", "en"}, {"Boris Jelzin", "PER", "de"},
			{"Boris Eltsine", "PER", "fr"}, {"Борис Ельцин", "PER", "ru"}}},
		{"Gorbachev", []name{{"Michail Gorbatsjov", "PER", "nl"}, {"Mikhail Gorbachev", "PER", "en"}, {"Michail Gorbatschow", "PER", "de"},
			{"Mikhaïl Gorbatchev", "PER", "fr"}, {"Михаил Горбачёв", "PER", "ru"}, {"Michaił Gorbaczow", "PER", "pl"}}},
		{"Navalny", []name{{"Aleksej Navalny", "PER", "nl"}, {"Alexei Navalny", "PER", "en"}, {"Alexej Nawalny", "PER", "de"},
			{"Alexeï Navalny", "PER", "fr"}, {"Алексей Навальный", "PER", "ru"}, {"Олексій Навальний", "PER", "uk"}}},
		{"Putin in the oblique cases", []name{{"Vladimir Putin", "PER", "en"}, {"Владимира Путина", "PER", "ru"}, {"Владимиру Путину", "PER", "ru"},
			{"Владимиром Путиным", "PER", "ru"}, {"Władimira Putina", "PER", "pl"}, {"Władimirem Putinem", "PER", "pl"}, {"России Владимир Путин", "PER", "ru"}}},
		{"Zakharova in the oblique cases", []name{{"Maria Zakharova", "PER", "en"}, {"Мария Захарова", "PER", "ru"}, {"Марии Захаровой", "PER", "ru"},
			{"Марию Захарову", "PER", "ru"}, {"Marii Zacharowej", "PER", "pl"}}},
		{"Lavrov in the genitive", []name{{"Sergei Lavrov", "PER", "en"}, {"Сергея Лаврова", "PER", "ru"}, {"Сергею Лаврову", "PER", "ru"}}},
		{"Zelensky in the oblique cases", []name{{"Volodymyr Zelensky", "PER", "en"}, {"Володимира Зеленського", "PER", "uk"},
			{"Владимира Зеленского", "PER", "ru"}, {"Ukrainy Wołodymyr Zełenski", "PER", "pl"}}},
		{"Assad", []name{{"Bashar al-Assad", "PER", "en"}, {"Baschar al-Assad", "PER", "de"}, {"Bachar al-Assad", "PER", "fr"},
			{"Bashar al-Assad", "PER", "nl"}, {"Башар Асад", "PER", "ru"}, {"Башар аль-Асад", "PER", "ru"}}},
		{"a native German name in other languages", []name{{"Michael Schröder", "PER", "de"}, {"Michael Schröder", "PER", "en"},
			{"Michael Schröder", "PER", "fr"}, {"Michael Schroder", "PER", "nl"}}},
		{"Erdoğan", []name{{"Recep Tayyip Erdoğan", "PER", "en"}, {"Recep Tayyip Erdogan", "PER", "de"}, {"Реджеп Тайип Эрдоган", "PER", "ru"}}},
		{"Scholz", []name{{"Olaf Scholz", "PER", "de"}, {"Олаф Шольц", "PER", "ru"}, {"Olaf Scholz", "PER", "pl"}}},
		{"Netanyahu", []name{{"Benjamin Netanyahu", "PER", "en"}, {"Benjamin Netanjahu", "PER", "de"}, {"Биньямин Нетаньяху", "PER", "ru"}}},
		{"a French name in Polish news", []name{{"Emmanuel Macron", "PER", "fr"}, {"Emmanuel Macron", "PER", "pl"}, {"Эммануэль Макрон", "PER", "ru"}}},
		{"a native French name in other languages", []name{{"Charles Michel", "PER", "fr"}, {"Charles Michel", "PER", "en"},
			{"Charles Michel", "PER", "de"}, {"Charles Michel", "PER", "nl"}}},
		{"Moscow", []name{{"Moskou", "LOC", "nl"}, {"Moscow", "LOC", "en"}, {"Moskau", "LOC", "de"}, {"Moscou", "LOC", "fr"},
			{"Moscú", "LOC", "es"}, {"Moskwa", "LOC", "pl"}, {"Москва", "LOC", "ru"}, {"Москве", "LOC", "ru"}, {"Moskwie", "LOC", "pl"}, {"Moskou", "ORG", "nl"}}},
		{"Kyiv", []name{{"Kyiv", "LOC", "en"}, {"Kiev", "LOC", "nl"}, {"Kiew", "LOC", "de"}, {"Київ", "LOC", "uk"}, {"Києві", "LOC", "uk"}, {"Киев", "LOC", "ru"}, {"Kijów", "LOC", "pl"}}},
		{"Russia", []name{{"Rusland", "LOC", "nl"}, {"Russia", "LOC", "en"}, {"Russland", "LOC", "de"}, {"Russlands", "LOC", "de"}, {"Russie", "LOC", "fr"},
			{"Rusia", "LOC", "es"}, {"Rosja", "LOC", "pl"}, {"Rosji", "LOC", "pl"}, {"Россия", "LOC", "ru"}, {"России", "LOC", "ru"}, {"Росія", "LOC", "uk"},
			{"Russische Federatie", "LOC", "nl"}, {"la Russie", "LOC", "fr"}}},
		{"United States", []name{{"Verenigde Staten", "LOC", "nl"}, {"VS", "LOC", "nl"}, {"United States", "LOC", "en"}, {"U.S.", "LOC", "en"},
			{"USA", "LOC", "de"}, {"États-Unis", "LOC", "fr"}, {"EE.UU.", "LOC", "es"}, {"США", "LOC", "ru"}, {"Stany Zjednoczone", "LOC", "pl"}}},
		{"NATO", []name{{"NAVO", "ORG", "nl"}, {"NATO", "ORG", "en"}, {"Nato", "ORG", "de"}, {"OTAN", "ORG", "fr"}, {"OTAN", "ORG", "es"}, {"НАТО", "ORG", "ru"}, {"НАТО", "ORG", "uk"}}},
		{"UN", []name{{"VN", "ORG", "nl"}, {"Verenigde Naties", "ORG", "nl"}, {"UN", "ORG", "en"}, {"United Nations", "ORG", "en"}, {"Vereinte Nationen", "ORG", "de"},
			{"ONU", "ORG", "fr"}, {"ONU", "ORG", "es"}, {"ONZ", "ORG", "pl"}, {"ООН", "ORG", "ru"}, {"ООН", "ORG", "uk"}}},
		{"Kremlin", []name{{"Kremlin", "ORG", "en"}, {"het Kremlin", "ORG", "nl"}, {"Kreml", "LOC", "de"}, {"Kremlin", "LOC", "fr"}, {"Кремль", "ORG", "ru"}}},
		{"a company in two scripts", []name{{"Gazprom", "ORG", "en"}, {"Газпром", "ORG", "ru"}, {"Gazprom", "ORG", "de"},
			{"ПАО «Газпром»", "ORG", "ru"}, {"Gazprom PJSC", "ORG", "en"}}},
		{"an unknown city in its cases", []name{{"Новосибирск", "LOC", "ru"}, {"Новосибирске", "LOC", "ru"}, {"Новосибирска", "LOC", "ru"},
			{"Novosibirsk", "LOC", "en"}, {"Nowosibirsk", "LOC", "de"}}},
		{"an unknown city ending in a vowel", []name{{"Samara", "LOC", "en"}, {"Самара", "LOC", "ru"}, {"Самаре", "LOC", "ru"}, {"Самарі", "LOC", "uk"}}},
		{"a company in its cases", []name{{"Газпрома", "ORG", "ru"}, {"Газпрому", "ORG", "ru"}, {"Gazprom", "ORG", "de"}}},
		{"a company with and without its legal form", []name{{"Kernwerk AG", "ORG", "de"}, {"Kernwerk", "ORG", "en"}, {"Kernwerk S.A.", "ORG", "fr"}}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var first string
			for i, n := range tt.names {
				id, _, ok := l.Link(n.name, n.typ, n.lang)
				if !ok {
					t.Errorf("Link(%q, %s, %s) not linked", n.name, n.typ, n.lang)
					continue
				}
				if i == 0 {
					first = id
				} else if id != first {
					t.Errorf("Link(%q, %s, %s) = %s, want %s (as %q)", n.name, n.typ, n.lang, id, first, tt.names[0].name)
				}
			}
		})
	}
}

// TestDistinctID checks that different names keep different ids.
func TestDistinctID(t *testing.T) {
	l := testLinker(t)
	tests := []struct{ a, b name }{
		{name{"Vladimir Putin", "PER", "en"}, name{"Vladimir Potanin", "PER", "en"}},
		{name{"Sergei Lavrov", "PER", "en"}, name{"Sergei Lavrova", "PER", "en"}},
		{name{"Сергей Лавров", "PER", "ru"}, name{"Мария Захарова", "PER", "ru"}},
		{name{"Dmitry Medvedev", "PER", "en"}, name{"Viktor Medvedchuk", "PER", "en"}},
		{name{"Martin Dupont", "PER", "fr"}, name{"Martine Dupont", "PER", "fr"}},
		{name{"Jan Peters", "PER", "nl"}, name{"Jana Peters", "PER", "nl"}},
		{name{"Jan Peters", "PER", "nl"}, name{"Jan Petersen", "PER", "nl"}},
		{name{"Kim Jong-un", "PER", "en"}, name{"Kim Jong-il", "PER", "en"}},
		{name{"Maria Schmidt", "PER", "de"}, name{"Mario Schmidt", "PER", "de"}},
		{name{"Anna Müller", "PER", "de"}, name{"Anna Möller", "PER", "de"}},
		{name{"Vladimir Putin", "PER", "en"}, name{"Putin", "PER", "en"}},
		{name{"Moskou", "LOC", "nl"}, name{"Rusland", "LOC", "nl"}},
		{name{"Austria", "LOC", "en"}, name{"Australia", "LOC", "en"}},
		{name{"Oostenrijk", "LOC", "nl"}, name{"Australië", "LOC", "nl"}},
		{name{"Slovakia", "LOC", "en"}, name{"Slovenia", "LOC", "en"}},
		{name{"Niger", "LOC", "en"}, name{"Nigeria", "LOC", "en"}},
		{name{"Guinea", "LOC", "en"}, name{"Guinea-Bissau", "LOC", "en"}},
		{name{"Iran", "LOC", "en"}, name{"Iraq", "LOC", "en"}},
		{name{"NATO", "ORG", "en"}, name{"UN", "ORG", "en"}},
		{name{"European Commission", "ORG", "en"}, name{"European Council", "ORG", "en"}},
		{name{"Council of Europe", "ORG", "en"}, name{"European Council", "ORG", "en"}},
		{name{"Kremlin", "ORG", "en"}, name{"Moscow", "LOC", "en"}},
		{name{"Hamburg", "LOC", "de"}, name{"Homburg", "LOC", "de"}},
		{name{"Putin", "PER", "en"}, name{"Putin", "LOC", "en"}},
		{name{"AG", "ORG", "de"}, name{"SE", "ORG", "de"}},
		{name{"The New York Times", "PER", "en"}, name{"The Times", "PER", "en"}},
		{name{"Make America Great Again", "PER", "en"}, name{"Make Russia Great Again", "PER", "en"}},
		{name{"Jan Nowak", "PER", "pl"}, name{"Anna Nowak", "PER", "pl"}},
		{name{"Сергей Лавров", "PER", "ru"}, name{"Анна Лаврова", "PER", "ru"}},
		{name{"Мария Захарова", "PER", "ru"}, name{"Мария Захаров", "PER", "ru"}},
	}
	for _, tt := range tests {
		a, _, aok := l.Link(tt.a.name, tt.a.typ, tt.a.lang)
		b, _, bok := l.Link(tt.b.name, tt.b.typ, tt.b.lang)
		if !aok || !bok {
			t.Errorf("Link(%q) ok=%v, Link(%q) ok=%v, want both linked", tt.a.name, aok, tt.b.name, bok)
			continue
		}
		if a == b {
			t.Errorf("Link(%q) = Link(%q) = %s, want different ids", tt.a.name, tt.b.name, a)
		}
	}
}

func TestLink(t *testing.T) {
	l := testLinker(t)
	tests := []struct {
		name, typ, lang string
		id, canonical   string
		ok              bool
	}{
		{"", "PER", "en", "", "", false},
		{"de minister", "PER", "nl", "", "", false},
		{"minister Jan Peters", "PER", "nl", "per:ian-peters", "Jan Peters", true},
		{"von der Leyen", "PER", "de", "per:von-der-leien", "von der Leyen", true},
		{"!!!", "ORG", "en", "", "", false},
		{"Vladimir Poetin", "PER", "nl", "per:vladimir-putin", "Vladimir Poetin", true},
		{"Kyiv", "PER", "en", "loc:UA:kyiv", "Kyiv", true},
		{"AU", "ORG", "en", "org:african-union", "African Union", true},
		{"Au", "ORG", "fr", "org:au", "Au", true},
		{"АСУ", "ORG", "ru", "org:asu", "ASU", true},
		{"Nato", "ORG", "de", "org:nato", "NATO", true},
		{"UNO", "ORG", "de", "org:un", "United Nations", true},
		{"Jordan Peterson", "PER", "en", "per:iordan-peterson", "Jordan Peterson", true},
		{"Владимир Путин", "PER", "ru", "per:vladimir-putin", "Vladimir Putin", true},
		{"Moskou", "LOC", "nl", "loc:RU:moscow", "Moscow", true},
		{"Moscou", "LOC", "fr", "loc:RU:moscow", "Moscow", true},
		{"Москва", "LOC", "ru", "loc:RU:moscow", "Moscow", true},
		{"Rusland", "LOC", "nl", "loc:RU", "Russia", true},
		{"Oekraïne", "LOC", "nl", "loc:UA", "Ukraine", true},
		{"NAVO", "ORG", "nl", "org:nato", "NATO", true},
		{"ООН", "ORG", "ru", "org:un", "United Nations", true},
		{"Luxembourg", "LOC", "fr", "loc:LU", "Luxembourg", true},
		{"Deutschland", "LOC", "de", "loc:DE", "Germany", true},
		{"Frankreich", "LOC", "de", "loc:FR", "France", true},
		{"Verenigd Koninkrijk", "LOC", "nl", "loc:GB", "United Kingdom", true},
		{"Vietnam", "LOC", "en", "loc:VN", "Vietnam", true},
		{"Myanmar", "LOC", "en", "loc:MM", "Myanmar (Burma)", true},
		{"Германия", "LOC", "ru", "loc:DE", "Germany", true},
		{"Hamburg", "LOC", "de", "loc:hamburh", "Hamburg", true},
		{"IG Metall", "ORG", "de", "org:ig-metal", "IG Metall", true},
		{"Deutschlandticket", "MISC", "de", "misc:deuhlandtiket", "Deutschlandticket", true},
		{"Αθήνα", "LOC", "el", "loc:atin", "Athina", true},
	}
	for _, tt := range tests {
		id, canonical, ok := l.Link(tt.name, tt.typ, tt.lang)
		if id != tt.id || canonical != tt.canonical || ok != tt.ok {
			t.Errorf("Link(%q, %s, %s) = %q, %q, %v, want %q, %q, %v", tt.name, tt.typ, tt.lang, id, canonical, ok, tt.id, tt.canonical, tt.ok)
		}
	}
}

func TestCountry(t *testing.T) {
	l := testLinker(t)
	tests := []struct {
		name, typ, lang string
		country         string
	}{
		{"Moskou", "LOC", "nl", "loc:RU"},
		{"Rusland", "LOC", "nl", "loc:RU"},
		{"Kremlin", "ORG", "en", "loc:RU"},
		{"Witte Huis", "ORG", "nl", "loc:US"},
		{"Washington", "LOC", "en", "loc:US"},
		{"Parijs", "LOC", "nl", "loc:FR"},
		{"Hamburg", "LOC", "de", ""},
		{"NATO", "ORG", "en", ""},
	}
	for _, tt := range tests {
		id, _, _ := l.Link(tt.name, tt.typ, tt.lang)
		got, _ := l.Country(id)
		if got != tt.country {
			t.Errorf("Country(Link(%q)) = Country(%q) = %q, want %q", tt.name, id, got, tt.country)
		}
	}
}

func TestTransliterate(t *testing.T) {
	tests := []struct{ in, lang, want string }{
		{"", "ru", ""},
		{"Putin", "en", "Putin"},
		{"Путин", "ru", "Putin"},
		{"Путін", "uk", "Putin"},
		{"Григорий Явлинский", "ru", "Grigoriy Yavlinskiy"},
		{"Гончаренко", "uk", "Honcharenko"},
		{"Їжакевич", "uk", "Yizhakevych"},
		{"Щука", "ru", "Shchuka"},
		{"Щука", "bg", "Shtuka"},
		{"Ђоковић", "sr", "Djokovich"},
		{"Ђоковић", "", "Djokovich"},
		{"Київ", "", "Kyyiv"},
		{"Μητσοτάκης", "el", "Mitsotakis"},
		{"Ντόρα Μπακογιάννη", "el", "Dora Bakogianni"},
	}
	for _, tt := range tests {
		if got := Transliterate(tt.in, tt.lang); got != tt.want {
			t.Errorf("Transliterate(%q, %q) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

func TestAliases(t *testing.T) {
	fsys := fstest.MapFS{
		"mine.tsv": {Data: []byte("# my aliases\nVova\tVladimir Putin\tPER\nDe Dam\tAmsterdam\tLOC\nOranje\tNederland\n")},
	}
	l, err := New(fsys)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	tests := []struct{ name, typ, lang, want string }{
		{"Vova", "PER", "ru", "per:vladimir-putin"},
		{"De Dam", "LOC", "nl", "loc:NL:amsterdam"},
		{"Oranje", "ORG", "nl", "loc:NL"},
		{"Vova", "ORG", "ru", "org:vova"}, // the alias is for persons only
	}
	for _, tt := range tests {
		if got, _, _ := l.Link(tt.name, tt.typ, tt.lang); got != tt.want {
			t.Errorf("Link(%q, %s) = %q, want %q", tt.name, tt.typ, got, tt.want)
		}
	}
}

func TestAliasErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"bad.tsv": {Data: []byte("ok\tOK\tORG\nonly-one-column\nx\ty\tPLACE\n")},
	}
	_, err := New(fsys)
	if err == nil {
		t.Fatal("New(bad aliases) = nil error")
	}
	for _, want := range []string{"bad.tsv:2", "bad.tsv:3", "PLACE"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("New(bad aliases) error %q does not mention %q", err, want)
		}
	}
}

func TestProcess(t *testing.T) {
	l := testLinker(t)
	a := &article.Article{Lang: "ru", Entities: []article.Entity{
		{ID: "e1", Name: "Владимира Путина", Type: "PER", Mentions: []article.Mention{
			{Text: "Владимира Путина", Kind: "name"}, {Text: "Владимир Путин", Kind: "name"}, {Text: "Путин", Kind: "name"}}},
		{ID: "e2", Name: "Москве", Type: "LOC", Mentions: []article.Mention{{Text: "Москве", Kind: "name"}}},
		{ID: "e3", Name: "Североатлантического альянса", Type: "ORG", Mentions: []article.Mention{
			{Text: "Североатлантического альянса", Kind: "name"}, {Text: "НАТО", Kind: "name"}}},
		{ID: "e4", Name: "президент", Type: "PER"},
	}}
	if err := l.Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	type kb struct{ ID, KB, KBName string }
	var got []kb
	for _, e := range a.Entities {
		got = append(got, kb{e.ID, e.KB, e.KBName})
	}
	want := []kb{
		{"e1", "per:vladimir-putin", "Vladimir Putin"},
		{"e2", "loc:RU:moscow", "Moscow"},
		{"e3", "org:nato", "NATO"},
		{"e4", "", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Process: kb ids (-want +got):\n%s", diff)
	}
}

func FuzzLink(f *testing.F) {
	l := testLinker(f)
	for _, s := range []string{"Vladimir Poetin", "Москве", "Ντόρα Μπακογιάννη", "EE.UU.", "Côte d’Ivoire", "Jean-Baptiste Roux", "- -", "Ёё", "İstanbul"} {
		f.Add(s, "PER", "ru")
		f.Add(s, "LOC", "pl")
	}
	f.Fuzz(func(t *testing.T, name, typ, lang string) {
		id, canonical, ok := l.Link(name, typ, lang)
		if ok != (id != "") {
			t.Fatalf("Link(%q, %q, %q) = %q, %q, %v: ok must mean an id", name, typ, lang, id, canonical, ok)
		}
		if ok {
			prefix, rest, found := strings.Cut(id, ":")
			if !found || rest == "" || prefix == "" || strings.ContainsAny(id, " \t\n") {
				t.Fatalf("Link(%q, %q, %q) = bad id %q", name, typ, lang, id)
			}
			again, _, _ := l.Link(name, typ, lang)
			if again != id {
				t.Fatalf("Link(%q) not deterministic: %q then %q", name, id, again)
			}
		}
		if n := normalize(name, lang); normalize(n, lang) != n {
			t.Fatalf("normalize(%q) = %q is not idempotent: %q", name, n, normalize(n, lang))
		}
	})
}

func BenchmarkProcess(b *testing.B) {
	l := testLinker(b)
	ents := []article.Entity{
		{Name: "Vladimir Poetin", Type: "PER"}, {Name: "Antony Blinken", Type: "PER"}, {Name: "Annelies Verbruggen", Type: "PER"},
		{Name: "Moskou", Type: "LOC"}, {Name: "Rusland", Type: "LOC"}, {Name: "Verenigde Staten", Type: "LOC"}, {Name: "Den Haag", Type: "LOC"},
		{Name: "NAVO", Type: "ORG"}, {Name: "Tweede Kamer", Type: "ORG"}, {Name: "Vastgoed Verhuur Nederland", Type: "ORG"},
		{Name: "Kremlin", Type: "ORG"}, {Name: "Centraal Planbureau", Type: "ORG"},
	}
	size := 0
	for _, e := range ents {
		size += len(e.Name)
	}
	a := &article.Article{Lang: "nl"}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		a.Entities = append(a.Entities[:0], ents...)
		if err := l.Process(b.Context(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinkUncached links names of several languages without the
// result cache: the cost of a name seen for the first time.
func BenchmarkLinkUncached(b *testing.B) {
	l := testLinker(b)
	names := []name{
		{"Vladimir Poetin", "PER", "nl"}, {"Владимира Путина", "PER", "ru"}, {"Wolodymyr Selenskyj", "PER", "de"},
		{"Moskou", "LOC", "nl"}, {"Москве", "LOC", "ru"}, {"Verenigde Staten", "LOC", "nl"}, {"Den Haag", "LOC", "nl"},
		{"NAVO", "ORG", "nl"}, {"Всемирной продовольственной программы", "ORG", "ru"}, {"Vastgoed Verhuur Nederland", "ORG", "nl"},
		{"Welternährungsprogramms", "ORG", "de"}, {"Centraal Planbureau", "ORG", "nl"},
	}
	size := 0
	for _, n := range names {
		size += len(n.name)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			l.link(n.name, n.typ, n.lang)
		}
	}
}
