package postgres

import "testing"

func TestNumbered(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)"},
		{"a = ?1 AND b != ?1 LIMIT ?2 OFFSET ?12", "a = $1 AND b != $1 LIMIT $2 OFFSET $12"},
		{"x = ?", "x = $1"},
	}
	for _, tt := range tests {
		if got := numbered(tt.in); got != tt.want {
			t.Errorf("numbered(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
