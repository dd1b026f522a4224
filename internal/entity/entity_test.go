package entity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsgraph/newsgraph/internal/article"
	"github.com/newsgraph/newsgraph/internal/lexicon"
	"github.com/newsgraph/newsgraph/internal/text"
)

// recognize segments body and finds its entities with the rules alone.
func recognize(t testing.TB, lang, body string) *article.Article {
	return recognizeWith(t, lang, body, nil)
}

// recognizeWith is recognize with tagger tg merged in (nil: rules alone).
func recognizeWith(t testing.TB, lang, body string, tg Tagger) *article.Article {
	t.Helper()
	a := &article.Article{Text: body, Lang: lang}
	lex := lexicon.Default()
	if err := text.NewSegmenter(lex).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	var taggers func(string) (Tagger, error)
	if tg != nil {
		taggers = func(string) (Tagger, error) { return tg, nil }
	}
	if err := NewRecognizer(lex, taggers).Process(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

func render(a *article.Article) []string {
	var out []string
	for _, e := range a.Entities {
		var ms []string
		for _, m := range e.Mentions {
			ms = append(ms, m.Text)
		}
		out = append(out, fmt.Sprintf("%s %s [%s]", e.Type, e.Name, strings.Join(ms, "|")))
	}
	return out
}

func TestRules(t *testing.T) {
	tests := []struct {
		lang, body string
		want       []string
	}{
		{"nl", "", nil},
		{"nl", "De Russische president Vladimir Poetin sprak in Den Haag. Poetin zei dat het Chinese ministerie van Buitenlandse Zaken het ook vond. President Poetin lachte.",
			[]string{"PER Vladimir Poetin [Vladimir Poetin|Poetin|Poetin]", "LOC Den Haag [Den Haag]", "ORG Chinese ministerie van Buitenlandse Zaken [Chinese ministerie van Buitenlandse Zaken]"}},
		{"en", "Negotiators at the World Trade Organization failed. According to the WTO, governments spend more. Norwegian Ambassador Henrik Solvang said so.",
			[]string{"ORG World Trade Organization [World Trade Organization|WTO]", "PER Henrik Solvang [Henrik Solvang]"}},
		{"en", "Xi’s visit to Moscow worried Germany.", []string{"LOC Moscow [Moscow]", "LOC Germany [Germany]"}},
		{"en", "President Xi Jinping spoke. China Russia ties grew, Xi’s aides said.", []string{"PER Xi Jinping [Xi Jinping|Xi]", "LOC China [China]", "LOC Russia [Russia]"}},
		// Case forms of one name are one entity, named by the shortest full form.
		{"ru", "Директор Андрей Волков заявил, что всё готово. По словам Волкова, работы идут.", []string{"PER Андрей Волков [Андрей Волков|Волкова]"}},
		{"pl", "Zdaniem radnego Piotra Nowaka plan jest zły. Piotr Nowak zapowiedział protest.", []string{"PER Piotr Nowak [Piotra Nowaka|Piotr Nowak]"}},
		// The place gazetteer, also in the cases of inflected names.
		{"it", "A Savona il vento ha divelto alberi.", []string{"LOC Savona [Savona]"}},
		{"ru", "В Новосибирске отключили отопление.", []string{"LOC Новосибирске [Новосибирске]"}},
		// Where every noun is capitalised, a place preposition makes no name,
		// but it makes a place of a name the gazetteer knows.
		{"de", "Bei Gefechten im August wurde Senfgas eingesetzt.", nil},
		{"de", "Gemessen wurde zwischen Geesthacht und Cuxhaven bis Ende Mai.", []string{"LOC Geesthacht [Geesthacht]", "LOC Cuxhaven [Cuxhaven]"}},
		// A name in quotation marks after an organisation's noun, and
		// names that open with an adjective, capitalised at their first
		// word only; a verb ends them.
		{"ru", "Директор компании «Сибтеплосеть» Андрей Волков уехал.", []string{"ORG Сибтеплосеть [Сибтеплосеть]", "PER Андрей Волков [Андрей Волков]"}},
		{"ru", "Представитель Генеральной прокуратуры Анна Белова уехала.", []string{"ORG Генеральной прокуратуры [Генеральной прокуратуры]", "PER Анна Белова [Анна Белова]"}},
		{"ru", "Говорят, что Прокуратура возбудила дело.", []string{"ORG Прокуратура [Прокуратура]"}},
		// A future tense ends an organisation name that goes on in lower
		// case, and so does an article that follows no particle.
		{"es", "Dicen que el Gobierno andaluz estudiará la propuesta.", []string{"ORG Gobierno andaluz [Gobierno andaluz]"}},
		{"it", "Il decreto arriva in Consiglio la prossima settimana.", []string{"ORG Consiglio [Consiglio]"}},
		// A role noun for a part of an organisation is not part of its
		// name, nor is an article; an organisation's own head noun is.
		{"fr", "Hier, la direction de Mobilirhône a répondu.", []string{"ORG Mobilirhône [Mobilirhône]"}},
		{"nl", "Gisteren reageerde het Chinese ministerie van Defensie.", []string{"ORG Chinese ministerie van Defensie [Chinese ministerie van Defensie]"}},
		// Where names carry two surnames, the first stands for the person.
		{"es", "Lo dijo ayer Adriana Robles Treviño en la radio. Robles añadió que no.", []string{"PER Adriana Robles Treviño [Adriana Robles Treviño|Robles]"}},
		// A particle continues a place's name.
		{"pt", "A obra fica em Vila Nova de Gaia, perto do rio.", []string{"LOC Vila Nova de Gaia [Vila Nova de Gaia]"}},
		// A city is a place, though a club bears its name.
		{"it", "Venerdì ci sarà una manifestazione nazionale a Roma.", []string{"LOC Roma [Roma]"}},
		{"pt", "Falou aos jornalistas no Porto sobre a Metro do Porto.", []string{"LOC Porto [Porto]", "ORG Metro do Porto [Metro do Porto]"}},
		// A demonym after a first name is a surname; alone it is no name.
		{"it", "Racconta Vincenzo Russo, pensionato. Il governo russo tace.", []string{"PER Vincenzo Russo [Vincenzo Russo]"}},
		// Organisation names that go on in lower case (lowercase_org_names).
		{"fr", "L’Agence régionale de santé Provence-Alpes-Côte d’Azur a assuré que tout allait bien.",
			[]string{"ORG Agence régionale de santé Provence-Alpes-Côte d’Azur [Agence régionale de santé Provence-Alpes-Côte d’Azur]"}},
		{"fr", "À Paris, le ministère de la Santé a indiqué qu’un plan était prêt.",
			[]string{"LOC Paris [Paris]", "ORG ministère de la Santé [ministère de la Santé]"}},
		{"it", "L’Agenzia delle entrate ha chiuso l’indagine ieri.", []string{"ORG Agenzia delle entrate [Agenzia delle entrate]"}},
		// Not in English, and not over a verb: "Agence a annoncé que Paris".
		{"fr", "L’Agence a annoncé que les travaux à Lyon commencent.", []string{"ORG Agence [Agence]", "LOC Lyon [Lyon]"}},
		{"en", "Agency officials said the works in Lyon begin.", []string{"LOC Lyon [Lyon]"}},
		// Abbreviated titles, initials and suffixes.
		{"en", "Gov. Marta J. Okafor signed the bill. Okafor thanked Lt. Gen. Ray Dunmore.",
			[]string{"PER Marta J. Okafor [Marta J. Okafor|Okafor]", "PER Ray Dunmore [Ray Dunmore]"}},
		{"en", "The vote was close, said Ohio Sen. Dale Pruitt, who backed it. Pruitt left.",
			[]string{"LOC Ohio [Ohio]", "PER Dale Pruitt [Dale Pruitt|Pruitt]"}},
		{"en", "Harold W. Benning Jr., a retired judge, disagreed. Benning spoke first.",
			[]string{"PER Harold W. Benning Jr. [Harold W. Benning Jr.|Benning]"}},
		{"nl", "Volgens dhr. P. van der Berg klopt het niet.", []string{"PER P. van der Berg [P. van der Berg]"}},
		{"fr", "M. Jean-Luc Marchand l’a dit hier.", []string{"PER Jean-Luc Marchand [Jean-Luc Marchand]"}},
		{"fr", "Le Dr. Luc Rameau a parlé.", []string{"PER Luc Rameau [Luc Rameau]"}},
		// Two people joined by a conjunction are two names; a particle
		// inside one name keeps it whole.
		{"en", "Ana Ruiz won and Tom Hale lost. Ruiz and Hale met. Hale and Mr. Dunn spoke. Speaker Ann Kolb agreed.",
			[]string{"PER Ana Ruiz [Ana Ruiz|Ruiz]", "PER Tom Hale [Tom Hale|Hale|Hale]", "PER Dunn [Dunn]", "PER Ann Kolb [Ann Kolb]"}},
		{"es", "Ana Ruiz y Pedro Gil llegaron. Ruiz y Gil leyeron textos de Ortega y Gasset.",
			[]string{"PER Ana Ruiz [Ana Ruiz|Ruiz]", "PER Pedro Gil [Pedro Gil|Gil]", "PER Ortega y Gasset [Ortega y Gasset]"}},
		{"en", "The Rev. Ada Quist met Sens. Tom Hale and Bo Dunn.",
			[]string{"PER Ada Quist [Ada Quist]", "PER Tom Hale [Tom Hale]", "PER Bo Dunn [Bo Dunn]"}},
	}
	for _, tt := range tests {
		got := render(recognize(t, tt.lang, tt.body))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Recognize(%q) mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

// spanTagger tags every capitalised word and the lower-case particles
// between them as one PER name, as a tagger trained on names with
// particles does with "Joris Verhoef van Klimaat".
type spanTagger struct {
	particles map[string]bool
	first     bool // the sentence's first word is a name too, not a title
}

func (s spanTagger) Tag(words, dst []string) []string {
	dst = dst[:0]
	for i, w := range words {
		capital := w != "" && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1]
		inside := s.particles[w] && i > 0 && dst[i-1] != "O" && i+1 < len(words)
		switch {
		case (capital || inside) && i > 0 && dst[i-1] != "O":
			dst = append(dst, "I-PER")
		case capital && (i > 0 || s.first): // else the sentence's first word is a title here
			dst = append(dst, "B-PER")
		default:
			dst = append(dst, "O")
		}
	}
	return dst
}

// recordTagger tags every word as O and keeps the words it was given.
type recordTagger struct{ words *[]string }

func (r recordTagger) Tag(words, dst []string) []string {
	*r.words = append(*r.words, words...)
	dst = dst[:0]
	for range words {
		dst = append(dst, "O")
	}
	return dst
}

// TestTaggerWords checks that a tagger sees an abbreviation with its full
// stop, as CoNLL tokenisation has it, and a sentence's final stop apart.
func TestTaggerWords(t *testing.T) {
	var got []string
	recognizeWith(t, "en", "Sen. Ana Ruiz, R-Iowa, met Gov. Tom E. Hale (D-N.Y.) in the U.S. capital.", recordTagger{&got})
	want := []string{"Sen.", "Ana", "Ruiz", ",", "R-Iowa", ",", "met", "Gov.", "Tom", "E.", "Hale", "(", "D-N.Y.", ")", "in", "the", "U.S.", "capital", "."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tagger words mismatch (-want +got):\n%s", diff)
	}
}

// TestTaggedTitles checks that titles, abbreviated or not, are cut from
// a tagged name at its start, inside it and at its end, and that a title
// word does not open a name of another type.
func TestTaggedTitles(t *testing.T) {
	tg := spanTagger{}
	tests := []struct{ body, want string }{
		{"Yesterday Sen. Ana Ruiz spoke.", "PER Ana Ruiz [Ana Ruiz]"},
		// A word before the title that no list knows is dropped with it
		// (a place the gazetteer knows, "Texas", is kept as a place).
		{"Yesterday Quellmar Sen. Ana Ruiz spoke.", "PER Ana Ruiz [Ana Ruiz]"},
		{"Yesterday Finance Minister Ana Ruiz spoke.", "PER Ana Ruiz [Ana Ruiz]"},
		{"Yesterday Mr. Ruiz spoke.", "PER Ruiz [Ruiz]"},
		{"Yesterday Martin Luther King Jr. spoke.", "PER Martin Luther King Jr. [Martin Luther King Jr.]"},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "en", tt.body, tg)
		if got := render(a); len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: entities %q, want [%q]", tt.body, got, tt.want)
		}
	}
}

// TestCoordinatedNames checks that a tagged name is split at a particle
// only where both sides are names of their own.
func TestCoordinatedNames(t *testing.T) {
	tg := spanTagger{particles: map[string]bool{"van": true, "der": true, "de": true}}
	tests := []struct {
		body string
		want []string
	}{
		{"Yesterday Anna Maria van der Berg and Piet van der Berg came.",
			[]string{"PER Anna Maria van der Berg [Anna Maria van der Berg]", "PER Piet van der Berg [Piet van der Berg]"}},
		{"Yesterday Anna Maria Smit and Piet Boer came. Later Smit and Boer spoke.",
			[]string{"PER Anna Maria Smit [Anna Maria Smit|Smit]", "PER Piet Boer [Piet Boer|Boer]"}},
		{"Yesterday Smit spoke. Later Smit and Boer met. Then Boer left.",
			[]string{"PER Smit [Smit|Smit]", "PER Boer [Boer|Boer]"}},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "en", tt.body, tg)
		if diff := cmp.Diff(tt.want, render(a)); diff != "" {
			t.Errorf("%q: entities mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

// TestPortfolioAfterName checks that a tagged person's span stops before
// a portfolio ("minister X van Klimaat"), and that without a title a
// particle stays part of the name.
func TestPortfolioAfterName(t *testing.T) {
	tg := spanTagger{particles: map[string]bool{"van": true, "de": true, "der": true}}
	tests := []struct{ body, want string }{
		{"Minister Joris Verhoef van Klimaat verdedigde het plan.", "PER Joris Verhoef [Joris Verhoef]"},
		{"Staatssecretaris Anna de Vries van Financiën was het oneens.", "PER Anna de Vries [Anna de Vries]"},
		{"Gisteren sprak Ludwig van Beethoven lang.", "PER Ludwig van Beethoven [Ludwig van Beethoven]"},
		{"Minister Hugo de Jonge reageerde.", "PER Hugo de Jonge [Hugo de Jonge]"},
		{"Gisteren zei dhr. Kees Bakker het.", "PER Kees Bakker [Kees Bakker]"},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "nl", tt.body, tg)
		got := render(a)
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: entities %q, want [%q]", tt.body, got, tt.want)
		}
	}
}

func TestSeedPrint(t *testing.T) {
	p := filepath.Join("..", "..", "..", "shared", "data", "seed", "articles", "nl-seed-01.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skip("seed absent")
	}
	body := string(b)
	body = body[strings.Index(body, "Xi Jinping"):]
	for _, l := range render(recognize(t, "nl", body)) {
		t.Log(l)
	}
}

// fixedTagger returns the tags given for each sentence (its words joined
// by spaces), O elsewhere.
type fixedTagger map[string][]string

func (f fixedTagger) Tag(words, dst []string) []string {
	dst = dst[:0]
	tags := f[strings.Join(words, " ")]
	for i := range words {
		if i < len(tags) {
			dst = append(dst, tags[i])
		} else {
			dst = append(dst, "O")
		}
	}
	return dst
}

// TestOrgShortForm checks that an organisation's name without its
// acronym of kind ("Heidedorp" for "SC Heidedorp") is the same entity,
// whatever the tagger typed the short form.
func TestOrgShortForm(t *testing.T) {
	tg := fixedTagger{
		"SC Heidedorp won zondag .":     {"B-ORG", "I-ORG", "O", "O", "O"},
		"Daarna domineerde Heidedorp .": {"O", "O", "B-LOC", "O"},
	}
	a := recognizeWith(t, "nl", "SC Heidedorp won zondag. Daarna domineerde Heidedorp.", tg)
	if got := render(a); len(got) != 1 || got[0] != "ORG SC Heidedorp [SC Heidedorp|Heidedorp]" {
		t.Errorf("entities %q, want one organisation with both names", got)
	}
}

// TestReportingVerbBeforeName checks that a reporting verb that opens a
// sentence is cut from a tagged name after it, and that first names
// that are also auxiliaries or weak verbs are not.
func TestReportingVerbBeforeName(t *testing.T) {
	tests := []struct{ body, want string }{
		{"Said Ana Ruiz, a nurse, “we were proud.”", "PER Ana Ruiz [Ana Ruiz]"},
		{"“we were proud.” Added Ana Ruiz: “very proud.”", "PER Ana Ruiz [Ana Ruiz]"},
		{"Will Ruiz spoke.", "PER Will Ruiz [Will Ruiz]"},
		{"Hope Ruiz spoke.", "PER Hope Ruiz [Hope Ruiz]"},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "en", tt.body, spanTagger{first: true})
		if got := render(a); len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: entities %q, want [%q]", tt.body, got, tt.want)
		}
	}
}

// locTagger tags every capitalised word after the first as a place.
type locTagger struct{}

func (locTagger) Tag(words, dst []string) []string {
	dst = dst[:0]
	for i, w := range words {
		capital := i > 0 && w != "" && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1]
		switch {
		case capital && dst[i-1] != "O":
			dst = append(dst, "I-LOC")
		case capital:
			dst = append(dst, "B-LOC")
		default:
			dst = append(dst, "O")
		}
	}
	return dst
}

// TestTaggedGivenName checks that a tagged name that opens with a known
// given name is a person whatever the tag, unless it is a place.
func TestTaggedGivenName(t *testing.T) {
	tests := []struct{ body, want string }{

		{"Gestern sprach Henning Lüdtke lange.", "PER Henning Lüdtke [Henning Lüdtke]"},
		{"Gestern sprach man in Charlotte Amalie lange.", "LOC Charlotte Amalie [Charlotte Amalie]"},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "de", tt.body, locTagger{})
		if got := render(a); len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: entities %q, want [%q]", tt.body, got, tt.want)
		}
	}
}

// miscTagger tags every capitalised word after the first as a one-word
// MISC, as a CoNLL tagger tags nationality adjectives.
type miscTagger struct{}

func (miscTagger) Tag(words, dst []string) []string {
	dst = dst[:0]
	for i, w := range words {
		if i > 0 && w != "" && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1] {
			dst = append(dst, "B-MISC")
		} else {
			dst = append(dst, "O")
		}
	}
	return dst
}

// TestTaggedOneWordMisc checks that a tagger's one-word MISC is no name
// (a nationality adjective, a currency) unless the gazetteer knows it as
// a place or it stands in quotation marks.
func TestTaggedOneWordMisc(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"Het kost de Nederlandse staat een Euro per dag.", nil},
		{"Volgens het CBS groeit het BBP.", nil},
		{"Het kabinet vergaderde in Utrecht.", []string{"LOC Utrecht [Utrecht]"}},
		{"Het plan heet „Wolkenkrabber” en kost veel.", []string{"MISC Wolkenkrabber [Wolkenkrabber]"}},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "nl", tt.body, miscTagger{})
		if diff := cmp.Diff(tt.want, render(a)); diff != "" {
			t.Errorf("%q: entities mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

// TestSplitGiven checks that a person's full name after a role's
// complement is a name of its own, and that names which open with a given
// name or end with a patronymic stay whole.
func TestSplitGiven(t *testing.T) {
	tests := []struct {
		lang, body string
		want       []string
	}{
		{"pl", "Wczoraj prezes Stoczni Nordwest Krzysztof Wierzbicki zabrał głos.",
			[]string{"ORG Stoczni Nordwest [Stoczni Nordwest]", "PER Krzysztof Wierzbicki [Krzysztof Wierzbicki]"}},
		{"ru", "Вчера глава ЖКХ Дмитрий Соколов уехал.",
			[]string{"ORG ЖКХ [ЖКХ]", "PER Дмитрий Соколов [Дмитрий Соколов]"}},
		{"ru", "Вчера директор Соколов Дмитрий Иванович уехал.",
			[]string{"PER Соколов Дмитрий Иванович [Соколов Дмитрий Иванович]"}},
		{"pt", "Ontem a ministra Maria Helena Souza falou.",
			[]string{"PER Maria Helena Souza [Maria Helena Souza]"}},
	}
	for _, tt := range tests {
		a := recognize(t, tt.lang, tt.body)
		if diff := cmp.Diff(tt.want, render(a)); diff != "" {
			t.Errorf("%q: entities mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

// TestQuotedTitles checks that a short capitalised phrase in quotation
// marks after a noun for a kind of work is one MISC name, also after a
// compound of that noun, and that a quoted name after other words is not.
func TestQuotedTitles(t *testing.T) {
	tests := []struct {
		lang, body string
		want       []string
	}{
		{"fr", "Les députés ont adopté le projet de loi « Toit pour tous » hier.", []string{"MISC Toit pour tous [Toit pour tous]"}},
		{"de", "Das Land hat das Förderprogramm „Zukunft Klinik 2030“ aufgelegt.", []string{"MISC Zukunft Klinik 2030 [Zukunft Klinik 2030]"}},
		{"es", "Es el tema del documental «Tierra seca», estrenado ayer.", []string{"MISC Tierra seca [Tierra seca]"}},
		{"fr", "Il a parlé au « Figaro Magazine » hier.", []string{"ORG Figaro Magazine [Figaro Magazine]"}},
	}
	for _, tt := range tests {
		a := recognize(t, tt.lang, tt.body)
		if diff := cmp.Diff(tt.want, render(a)); diff != "" {
			t.Errorf("%q: entities mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

// TestPlaceHead checks that a place's head word types a name as a place
// whatever the tagger says — capitalised in the name, or in lower case
// before a one-word name, which then types its other mentions — but not
// a person's name after it.
func TestPlaceHead(t *testing.T) {
	tests := []struct {
		lang, body string
		want       []string
	}{
		{"en", "Yesterday the River Calder rose.", []string{"LOC River Calder [River Calder]"}},
		{"pt", "A obra passa sob o rio Douro. A ponte sobre o Douro fica pronta.", []string{"LOC Douro [Douro|Douro]"}},
	}
	for _, tt := range tests {
		a := recognizeWith(t, tt.lang, tt.body, orgTagger{})
		if diff := cmp.Diff(tt.want, render(a)); diff != "" {
			t.Errorf("%q: entities mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}

// orgTagger tags every run of capitalised words after the first word as
// an organisation.
type orgTagger struct{}

func (orgTagger) Tag(words, dst []string) []string {
	dst = dst[:0]
	for i, w := range words {
		capital := i > 0 && w != "" && strings.ToUpper(w[:1]) == w[:1] && strings.ToLower(w[:1]) != w[:1]
		switch {
		case capital && dst[i-1] != "O":
			dst = append(dst, "I-ORG")
		case capital:
			dst = append(dst, "B-ORG")
		default:
			dst = append(dst, "O")
		}
	}
	return dst
}

// TestParticleBeforePlace checks that a particle left before a place when
// a title is cut off a tagged name is no part of it, and that the place
// is no person.
func TestParticleBeforePlace(t *testing.T) {
	tg := spanTagger{particles: map[string]bool{"von": true}}
	a := recognizeWith(t, "de", "Gestern sprach der Verkehrsminister von Sachsen-Anhalt lange.", tg)
	if diff := cmp.Diff([]string{"LOC Sachsen-Anhalt [Sachsen-Anhalt]"}, render(a)); diff != "" {
		t.Errorf("entities mismatch (-want +got):\n%s", diff)
	}
}

// TestCommonNounAfterArticle checks that, where every noun is
// capitalised, a one-word role noun or head word of an organisation or
// place after a determiner is no name, while the compound of an
// organisation's word in the genitive ("Bundestag"), an acronym and a
// longer name are.
func TestCommonNounAfterArticle(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"Gestern sagte der Konzern nichts.", nil},
		{"Gestern kritisierte die Gewerkschaft nun den Kreis.", nil},
		{"Gestern stimmte der Bundestag zu.", []string{"ORG Bundestag [Bundestag]"}},
		{"Gestern sagte die IG Metall nichts.", []string{"ORG IG Metall [IG Metall]"}},
	}
	for _, tt := range tests {
		a := recognizeWith(t, "de", tt.body, orgTagger{})
		if diff := cmp.Diff(tt.want, render(a)); diff != "" {
			t.Errorf("%q: entities mismatch (-want +got):\n%s", tt.body, diff)
		}
	}
}
