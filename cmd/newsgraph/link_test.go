package main

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLink(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		stdin   string
		want    string
		wantErr error
	}{
		{"arguments", []string{"link", "-lang", "nl", "Moskou", "NAVO"}, "",
			"Moskou\tloc:RU:moscow\tMoscow\tloc:RU\nNAVO\torg:nato\tNATO\t\n", nil},
		{"person", []string{"link", "-type", "PER", "-lang", "ru", "Владимир Путин"}, "",
			"Владимир Путин\tper:vladimir-putin\tVladimir Putin\t\n", nil},
		{"stdin with type and language", []string{"link"}, "Vladimir Poetin\tPER\tnl\nООН\tORG\tru\n\n",
			"Vladimir Poetin\tper:vladimir-putin\tVladimir Poetin\t\nООН\torg:un\tUnited Nations\t\n", nil},
		{"bad line, the others go on", []string{"link"}, "Rusland\tPLACE\tnl\nRusland\tLOC\tnl\n",
			"Rusland\tloc:RU\tRussia\tloc:RU\n", errSome},
		{"empty input", []string{"link"}, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := &env{stdin: strings.NewReader(tt.stdin), stdout: &out, stderr: &errb,
				log: slog.New(slog.NewTextHandler(t.Output(), nil))}
			err := run(t.Context(), e, tt.args)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("run(%q) error = %v, want %v (stderr %q)", tt.args, err, tt.wantErr, errb.String())
			}
			if diff := cmp.Diff(tt.want, out.String()); diff != "" {
				t.Errorf("run(%q) output (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestLinkBadFlags(t *testing.T) {
	for _, args := range [][]string{{"link", "-type", "PLACE", "x"}, {"link", "-aliases", "/nonexistent", "x"}} {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
		if err := run(t.Context(), e, args); err == nil {
			t.Errorf("run(%q) = nil error", args)
		}
	}
}
