package brief

import (
	"strings"
	"testing"
)

// TestSingleSpaced checks the fast path against the definition it stands for.
func TestSingleSpaced(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"empty", ""},
		{"plain", "one two three"},
		{"leading", " one"},
		{"trailing", "one "},
		{"double", "one  two"},
		{"tab", "one\ttwo"},
		{"newline", "one\ntwo"},
		{"nbsp", "one\u00a0two"},
		{"only space", "   "},
		{"non-ASCII", "Paweł Zieliński – said’s"},
		{"invalid UTF-8", "a\xffb c"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := singleSpaced(tt.in), strings.Join(strings.Fields(tt.in), " "); got != want {
				t.Errorf("singleSpaced(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}

func FuzzSingleSpaced(f *testing.F) {
	for _, s := range []string{"", "a b", " a", "a\u2003b", "a\x85b", "\xc2\x85"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := singleSpaced(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("singleSpaced(%q) = %q, want %q", s, got, want)
		}
	})
}
