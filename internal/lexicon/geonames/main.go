// Command geonames writes the place-name list data/all/places.txt from
// the GeoNames translations that Debian's libgeonames-common package
// ships as gettext catalogues (one geonames.mo per locale, GeoNames ids
// to localised names; data CC BY 4.0, geonames.org):
//
//	apt-get install libgeonames-common
//	go run ./internal/lexicon/geonames /usr/share/locale > internal/lexicon/data/all/places.txt
//
// It keeps the names (NFC) of the locales of the languages newsgraph reads,
// in Latin or Cyrillic script, capitalised, of three letters or more
// and without digits, one a line, sorted: the same package version
// gives the same file.
package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// locales are the catalogues read: the languages newsgraph has lexicons
// for and their regional variants.
var locales = []string{"de", "de_AT", "en", "en_IN", "es", "es_CL", "fr", "fr_CH", "fr_FR",
	"it", "nl", "nl_BE", "pl", "pt", "pt_BR", "ru", "uk"}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: geonames LOCALEDIR (e.g. /usr/share/locale)")
		os.Exit(2)
	}
	names := map[string]bool{}
	for _, loc := range locales {
		path := filepath.Join(os.Args[1], loc, "LC_MESSAGES", "geonames.mo")
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "geonames:", err)
			os.Exit(1)
		}
		msgs, err := translations(data)
		if err != nil {
			fmt.Fprintf(os.Stderr, "geonames: %s: %v\n", path, err)
			os.Exit(1)
		}
		for _, m := range msgs {
			if m = norm.NFC.String(m); placeName(m) {
				names[m] = true
			}
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	// The list is matched case-insensitively: keep the first of the
	// names that differ only in case ("Java Oriental", "Java oriental").
	seen := map[string]bool{}
	sorted = slices.DeleteFunc(sorted, func(n string) bool {
		k := strings.ToLower(n)
		dup := seen[k]
		seen[k] = true
		return dup
	})
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "# Place names: the localised names of GeoNames places in de, en, es, fr, it, nl, pl, pt, ru, uk")
	fmt.Fprintln(w, "# source: geonames.org, as Debian's libgeonames-common 0.3.0-1 ships them; licence: CC BY 4.0")
	fmt.Fprintln(w, "# made by: go run ./internal/lexicon/geonames /usr/share/locale")
	for _, n := range sorted {
		fmt.Fprintln(w, n)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "geonames:", err)
		os.Exit(1)
	}
}

// translations returns the msgstr strings of a little-endian GNU .mo
// catalogue.
func translations(data []byte) ([]string, error) {
	if len(data) < 20 || binary.LittleEndian.Uint32(data) != 0x950412de {
		return nil, errors.New("not a little-endian .mo file")
	}
	n := int(binary.LittleEndian.Uint32(data[8:]))
	table := int(binary.LittleEndian.Uint32(data[16:]))
	out := make([]string, 0, n)
	for i := range n {
		at := table + 8*i
		if at+8 > len(data) {
			return nil, errors.New("truncated string table")
		}
		size := int(binary.LittleEndian.Uint32(data[at:]))
		off := int(binary.LittleEndian.Uint32(data[at+4:]))
		if off < 0 || off+size > len(data) {
			return nil, errors.New("string out of range")
		}
		out = append(out, string(data[off:off+size]))
	}
	return out, nil
}

// placeName keeps capitalised names of three letters or more, in Latin
// or Cyrillic letters, without digits or line breaks.
func placeName(s string) bool {
	if utf8.RuneCountInString(s) < 3 || !utf8.ValidString(s) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) {
		return false
	}
	for _, r := range s {
		switch {
		case unicode.IsDigit(r), r == '\n', r == '\t':
			return false
		case unicode.IsLetter(r) && !unicode.In(r, unicode.Latin, unicode.Cyrillic):
			return false
		}
	}
	return true
}
