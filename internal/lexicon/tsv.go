package lexicon

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// EachTSV calls fn for each entry line of the file name in fsys: lines
// that are not blank and not # comments, split on tabs, each column
// trimmed. A missing file has no entries. An error of fn comes back with
// the file and line it was on. Packages that keep their own tables in
// the lexicons' format (event, tone) read them with it.
func EachTSV(fsys fs.FS, name string, fn func(cols []string) error) error {
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		cols := strings.Split(s, "\t")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if err := fn(cols); err != nil {
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	return sc.Err()
}
