package lexicon

import (
	"strings"
	"unicode/utf8"
)

// Words is one language's lexicon. All keys are lower case except
// Abbreviations, FirstNames and NameParticles, which are case-sensitive.
type Words struct {
	Lang               string
	Abbreviations      map[string]bool
	Stopwords          map[string]bool
	Complementizers    map[string]bool
	OrgWords           map[string]bool
	LocWords           map[string]bool
	Negations          map[string]bool
	Prepositions       map[string]bool
	RolePrepositions   map[string]bool // prepositions that attach to a role noun: "de woordvoerder van", "an official from"
	CapitalisedNouns   bool            // every noun is capitalised (German): a capital letter is weak evidence of a name
	InfinitiveMarker   string          // the word before an infinitive (te, zu, to), "" where it has none
	LowercaseOrgNames  bool            // organisation names go on in lower case after their head ("Agence régionale de santé")
	InflectedNames     bool            // names take case endings (Polish, Russian, Ukrainian): Nowak, Nowaka, Nowakiem
	VerbSecond         bool            // the finite verb comes second, so a subject may follow it ("Zugleich mahnte Ostermann, der Bund müsse …")
	ProDrop            bool            // a verb's subject may be left out, its ending says who (Spanish, Italian, Portuguese, Polish): "Añadió que …", "«…», disse."
	Elisions           []string        // elided words joined by an apostrophe, split off by the segmenter: French "l’", "d’", "qu’"
	Clitics            []string        // pronoun suffixes split off a verb: French "-t-il" in "a-t-il", "-elle" in "confie-t-elle"
	ParticipleSuffixes []string        // endings of present participles that open an inserted phrase: "-ing", "-end"
	PatronymicEndings  []string        // endings of patronymics (Russian "-ович", "-овна"): "Соколов Дмитрий Иванович" is one name, written surname first
	VerbEndings        []string        // endings of finite verbs, where organisation names go on in lower case: Russian "-ла" (возбудила), so that no verb continues a name
	Relatives          map[string]bool // relative pronouns that open an insertion: who, which, die
	TitleWords         map[string]bool // nouns before the quoted name of a work, law or programme: programme, Gesetz, documental
	AsConjunctions     map[string]bool // conjunctions that open a fronted report of the main clause: as, zoals, wie, comme
	Conjunctions       map[string]bool // coordinating conjunctions that join two clauses: and, but, und, et
	RelativeAdverbs    map[string]bool // relatives of time and place, adverbials of the clause they follow: when, where, wo, où
	TimeWords          map[string]bool // dates and times that are never names or speakers (maandag, Monday)
	NameParticles      map[string]bool // lower-case words inside names: van, de, von, bin
	SpeechVerbs        map[string][]Verb
	SourcePhrases      []Phrase
	SourcePreps        map[string]bool // prepositions whose object is the source of a verb without subject: Russian "сообщили в пресс-службе мэрии", Polish "w resorcie słyszymy"
	Subjunctives       map[string]bool // verb forms that mark reported speech by themselves: German Konjunktiv I "sei", "werde", "könne"
	Anaphors           []Phrase        // words that stand for the sentence before as what a cue next to them reports: German "Das teilte X mit", Italian "Lo ha detto X"
	Pronouns           map[string]Pronoun
	ObjectPronouns     map[string]Pronoun
	Titles             map[string]string // title → gender ("" when unmarked)
	Roles              map[string]Role
	Determiners        map[string]string // form → def | indef | dem | poss | quant
	FirstNames         map[string]string // name → gender
	Demonyms           map[string]string // nationality adjective → ISO 3166 alpha-2
	Places             map[string]bool   // place names, lower case ("savona", "poznań", "москва"), shared by all languages
	PlaceStems         map[string]bool   // where names inflect: the one-word place names and their Stems ("москв", "pozna")
	Tone               map[string]float64
	QuoteMarks         []QuoteMark
}

func newWords(lang string) *Words {
	return &Words{
		Lang:             lang,
		Abbreviations:    map[string]bool{},
		Stopwords:        map[string]bool{},
		Complementizers:  map[string]bool{},
		OrgWords:         map[string]bool{},
		LocWords:         map[string]bool{},
		Negations:        map[string]bool{},
		Prepositions:     map[string]bool{},
		RolePrepositions: map[string]bool{},
		TimeWords:        map[string]bool{},
		Relatives:        map[string]bool{},
		TitleWords:       map[string]bool{},
		Subjunctives:     map[string]bool{},
		SourcePreps:      map[string]bool{},
		RelativeAdverbs:  map[string]bool{},
		Conjunctions:     map[string]bool{},
		AsConjunctions:   map[string]bool{},
		NameParticles:    map[string]bool{},
		SpeechVerbs:      map[string][]Verb{},
		Pronouns:         map[string]Pronoun{},
		ObjectPronouns:   map[string]Pronoun{},
		Titles:           map[string]string{},
		Roles:            map[string]Role{},
		Determiners:      map[string]string{},
		FirstNames:       map[string]string{},
		Demonyms:         map[string]string{},
		Places:           map[string]bool{},
		Tone:             map[string]float64{},
	}
}

// A Verb is one form of a reporting verb.
type Verb struct {
	Form       string // lower case, one token
	Lemma      string
	Particle   string // separable particle that may follow later (nl/de)
	NoComp     bool   // may report a bare clause without complementizer ("said demand had fallen")
	Weak       bool   // counts only with a quote or a complementizer
	Passive    bool   // impersonal: "heißt es", "it is said"
	Written    bool   // wrote, tweeted
	Cite       bool   // the object is the speaker: "citeerde X", "quoted X as saying"
	Aux        bool   // an auxiliary that forms a cue with a participle: "heeft … gezegd", "a déclaré"
	Copula     bool   // an auxiliary after which a participle is passive: "was asked", "is expected"
	Object     bool   // the object, to the end of the clause, is the content: "called for X", "endorsed X"
	Infinitive bool   // may report an infinitive clause (see Words.InfinitiveMarker): "claimed to be", "beweerde onpartijdig te zijn"
}

// A Pos says where a source phrase stands relative to its source and clause.
type Pos uint8

// Source phrase positions.
const (
	Pre     Pos = iota // phrase, source, clause: "volgens X", "according to X"
	Post               // clause, phrase, source: "aldus X"
	Postpos            // source, phrase, clause: "X zufolge"
)

// A Phrase names a source: "according to", "volgens".
type Phrase struct {
	Words []string // lower-case tokens
	Text  string
	Pos   Pos
}

// A Pronoun refers to a person or group.
type Pronoun struct {
	Gender string // m | f | n | "" (any)
	Number string // sg | pl | "" (any)
}

// A Role is a noun that can refer to a speaker: "minister", "ministerie".
type Role struct {
	Gender string
	Type   string // PER | ORG | LOC
	// Document: the noun names a text or a poll that speaks for its
	// makers ("the poll", "the letter", "the video"), not a body; "the
	// video" after a sentence about Shell is not Shell.
	Document bool
}

// A QuoteMark is a pair of quotation marks.
type QuoteMark struct {
	Open, Close rune
	Kind        string // double | single | guillemet
}

// Verb returns the reporting verb forms of the lower-cased token, if any.
func (w *Words) Verb(lowerTok string) []Verb { return w.SpeechVerbs[lowerTok] }

// Role returns the role noun l (lower case) is, also as the head of a
// compound: "verkehrsministerin" → "ministerin", "topdiplomaat" →
// "diplomaat". The head must have six letters or more.
func (w *Words) Role(l string) (Role, bool) {
	if r, ok := w.Roles[l]; ok {
		return r, true
	}
	for i := 3; i+6 <= len(l); i++ {
		if !utf8.RuneStart(l[i]) {
			continue
		}
		if r, ok := w.Roles[l[i:]]; ok {
			return r, true
		}
	}
	return Role{}, false
}

// Title returns the gender of title l (lower case), also as the head of a
// compound ("verkehrsministerin"), and whether it is one.
func (w *Words) Title(l string) (string, bool) {
	if g, ok := w.Titles[l]; ok {
		return g, true
	}
	for i := 3; i+6 <= len(l); i++ {
		if !utf8.RuneStart(l[i]) {
			continue
		}
		if g, ok := w.Titles[l[i:]]; ok {
			return g, true
		}
	}
	return "", false
}

// IsStop reports whether the token is a stop word, in any case.
func (w *Words) IsStop(tok string) bool { return w.Stopwords[strings.ToLower(tok)] }

// VerbLike reports whether the lower-case word l ends like a finite verb
// (verb_endings.txt) with at least three letters before the ending.
func (w *Words) VerbLike(l string) bool {
	for _, e := range w.VerbEndings {
		if strings.HasSuffix(l, e) && utf8.RuneCountInString(l)-utf8.RuneCountInString(e) >= 3 {
			return true
		}
	}
	return false
}

// Place reports whether the lower-case name l is a place the gazetteer
// knows; where names inflect, a one-word name also when one of its Stems
// is a place's ("новосибирске", "казани", "poznaniu").
func (w *Words) Place(l string) bool {
	if w.Places[l] {
		return true
	}
	if w.PlaceStems == nil || strings.ContainsRune(l, ' ') {
		return false
	}
	one, two := Stems(l)
	return one != "" && w.PlaceStems[one] || two != "" && w.PlaceStems[two]
}

// Patronymic reports whether the lower-case word l ends like a patronymic
// (patronymic_endings.txt).
func (w *Words) Patronymic(l string) bool {
	for _, e := range w.PatronymicEndings {
		if strings.HasSuffix(l, e) {
			return true
		}
	}
	return false
}

// QuoteMark reports whether s, one character, is a quotation mark of the
// lexicon, opening or closing.
func (w *Words) QuoteMark(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || size != len(s) {
		return false
	}
	for _, m := range w.QuoteMarks {
		if r == m.Open || r == m.Close {
			return true
		}
	}
	return false
}
