package ingest

import "testing"

func TestWireDateline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"GENEVA, March 12 (Reuters) - Negotiators at the World Trade Organization failed", "Geneva"},
		{"WASHINGTON — The Senate voted on Tuesday", "Washington"},
		{"DEN HAAG (ANP) - Het kabinet heeft", "Den Haag"},
		{"NEW YORK, Jan 5 - Stocks fell", "New York"},
		{"SÃO PAULO (AFP) — Brazil's", "São Paulo"},
		{"Berlin (dpa) - Die Bundesregierung", "Berlin"},
		{"Paris (AFP) – Le gouvernement", "Paris"},
		{"MOSKAU (dpa-AFX) - Russland", "Moskau"},
		{"BREAKING - The Senate voted", ""},
		{"NATO - the alliance - met today", ""},
		{"The talks ended - without a deal.", ""},
		{"Xi Jinping praat dinsdag voor de tweede dag met de Russische president", ""},
		{"EU (European Union) leaders met and talked for a very long time about many things - and more", ""},
		{"Tennis Miami. Mannen, derde ronde: Federer (Zwi/4) - Krajinovic (Ser) 7-5", ""},
		{"KANSAS CITY, Mo. — Federal officers", "Kansas City"},
		{"МОСКВА, 21 июн — РИА Новости.", "Москва"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := wireDateline(tt.in); got != tt.want {
			t.Errorf("wireDateline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
