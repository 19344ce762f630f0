package brief

import (
	"html"
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

// refShorten is shorten as first written: every text through []rune.
func refShorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// TestShorten checks shorten's fast paths against the plain definition.
func TestShorten(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		n        int
	}{
		{"short", "a few words", 160},
		{"cut at a word", "one two three four five six seven", 12},
		{"cut in a word", "onetwothreefourfive six", 10},
		{"multibyte", "Paweł Zieliński told the Courier – on Tuesday – that it’s over", 20},
		{"invalid UTF-8", "ab\xffcd ef\xfegh ij kl", 8},
		{"spaces", "  one   two\tthree  ", 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := shorten(tt.in, tt.n), refShorten(tt.in, tt.n); got != want {
				t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, want)
			}
		})
	}
}

func FuzzShorten(f *testing.F) {
	f.Add("one two three four", 7)
	f.Add("ab\xffcd ef", 3)
	f.Add("Zieliński – it’s", 5)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 400 {
			return
		}
		if got, want := shorten(s, n), refShorten(s, n); got != want {
			t.Errorf("shorten(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

// TestChunks checks that the page writer keeps every byte in order across
// chunk boundaries, whatever the sizes of the writes.
func TestChunks(t *testing.T) {
	for _, tt := range []struct {
		name  string
		sizes []int
	}{
		{"none", nil},
		{"small", []int{1, 2, 3}},
		{"exact chunk", []int{chunkSize}},
		{"across", []int{chunkSize - 1, 2, chunkSize + 5}},
		{"huge", []int{3*chunkSize + 7, 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c chunks
			var want []byte
			for i, n := range tt.sizes {
				p := make([]byte, n)
				for k := range p {
					p[k] = byte(i*31 + k)
				}
				if got, err := c.Write(p); got != n || err != nil {
					t.Fatalf("Write(%d bytes) = %d, %v", n, got, err)
				}
				want = append(want, p...)
			}
			var got []byte
			for _, b := range c.full {
				if len(b) > chunkSize {
					t.Fatalf("chunk of %d bytes", len(b))
				}
				got = append(got, b...)
			}
			if string(got) != string(want) {
				t.Errorf("chunks hold %d bytes, want the %d written", len(got), len(want))
			}
		})
	}
}

// TestSVGEscaper checks the graph's escaper against html.EscapeString.
func TestSVGEscaper(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"plain", "Outlet 3, 2026-02-20"},
		{"markup", `a <b> & "c" 'd' +e`},
		{"odd bytes", "\x00 \xff – ž"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			svgEscaper.WriteString(&sb, tt.in)
			if got, want := sb.String(), html.EscapeString(tt.in); got != want {
				t.Errorf("svgEscaper(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}
