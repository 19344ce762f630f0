package cli

import (
	"encoding/json"
	"io"
	"os"

	"golang.org/x/term"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// dateOf formats a publication date, or "unknown".
func dateOf(t interface {
	IsZero() bool
	Format(string) string
}) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.Format("2006-01-02")
}
