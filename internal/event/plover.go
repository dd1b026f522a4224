package event

import (
	"fmt"
	"strings"
	"sync"

	lexicons "github.com/newsgraph/newsgraph/internal/lexicon"
)

// plover holds the PLOVER event types.
var plover = map[string]bool{
	"AGREE": true, "CONSULT": true, "SUPPORT": true, "CONCEDE": true, "COOPERATE": true,
	"AID": true, "RETREAT": true, "INVESTIGATE": true, "DEMAND": true, "DISAPPROVE": true,
	"REJECT": true, "THREATEN": true, "PROTEST": true, "MOBILIZE": true, "SANCTION": true,
	"COERCE": true, "ASSAULT": true, "FIGHT": true,
}

// Types returns the PLOVER event types the coder may emit.
func Types() []string {
	out := make([]string, 0, len(plover))
	for t := range plover {
		out = append(out, t)
	}
	return out
}

// A Mapping is a PLOVER type and mode for a CAMEO code.
type Mapping struct {
	Type, Mode string
}

var cameoOnce = sync.OnceValues(func() (map[string]Mapping, error) {
	m := map[string]Mapping{}
	err := lexicons.EachTSV(embedded, "data/all/cameo_plover.tsv", func(c []string) error {
		if len(c) < 2 || (c[1] != "-" && !plover[c[1]]) {
			return fmt.Errorf("want CAMEO code, PLOVER type or -: %q", strings.Join(c, "\t"))
		}
		m[c[0]] = Mapping{Type: strings.Trim(c[1], "-"), Mode: col(c, 2)}
		return nil
	})
	return m, err
})

// FromCAMEO maps a CAMEO event code to PLOVER by its longest listed
// prefix. The type is "" for codes PLOVER does not code (public
// statements); ok is false for codes that are not in the map at all.
func FromCAMEO(code string) (m Mapping, ok bool, err error) {
	tab, err := cameoOnce()
	if err != nil {
		return Mapping{}, false, err
	}
	for n := len(code); n >= 2; n-- {
		if m, ok := tab[code[:n]]; ok {
			return m, true, nil
		}
	}
	return Mapping{}, false, nil
}

// Quad returns the quad class of a PLOVER type as GDELT counts it from
// CAMEO's root codes: verbal or material, cooperation or conflict
// ("verbal-coop", "material-coop", "verbal-conflict",
// "material-conflict"), "" for a type that is not PLOVER's.
func Quad(typ string) string { return quads[typ] }

var quads = map[string]string{
	"AGREE": "verbal-coop", "CONSULT": "verbal-coop", "SUPPORT": "verbal-coop",
	"COOPERATE": "material-coop", "AID": "material-coop", "CONCEDE": "material-coop", "RETREAT": "material-coop",
	"INVESTIGATE": "verbal-conflict", "DEMAND": "verbal-conflict", "DISAPPROVE": "verbal-conflict",
	"REJECT": "verbal-conflict", "THREATEN": "verbal-conflict",
	"PROTEST": "material-conflict", "MOBILIZE": "material-conflict", "SANCTION": "material-conflict",
	"COERCE": "material-conflict", "ASSAULT": "material-conflict", "FIGHT": "material-conflict",
}
