// Package news holds crosscheck's domain types and the Store interface.
//
// Every other package speaks in these types. Analysis packages may import
// news; news imports nothing of ours. Storage (sqlite, postgres) implements
// Store; the pipeline and the interfaces (cli, web) consume it.
package news

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// How a metadata field was obtained.
const (
	Given     = "given"     // stated by the input (JSON Lines field, sidecar, feed item)
	Extracted = "extracted" // read from the document itself (HTML metadata, byline)
	Inferred  = "inferred"  // deduced by crosscheck (credit line, URL host, language model)
)

// FieldSource records how one metadata field of an article was obtained.
type FieldSource struct {
	How      string `json:"how"`                // Given, Extracted or Inferred
	Evidence string `json:"evidence,omitempty"` // what it was read or deduced from
}

// Span is a byte range [Start, End) of an article's Text.
type Span struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Reason string `json:"reason,omitempty"`
}

// Article is one report, normalised: UTF-8, NFC, whitespace cleaned.
type Article struct {
	ID           string                 `json:"id"`
	URL          string                 `json:"url,omitempty"`
	Title        string                 `json:"title"`
	Byline       string                 `json:"byline,omitempty"`
	Outlet       string                 `json:"outlet,omitempty"`
	CitedOutlets []string               `json:"cited_outlets"`
	Published    time.Time              `json:"published,omitzero"`
	Language     string                 `json:"language,omitempty"`
	Text         string                 `json:"text"`
	Boilerplate  []Span                 `json:"boilerplate,omitempty"` // marked lines, kept in Text
	Source       string                 `json:"source,omitempty"`      // the input it came from: path, URL, "-"
	Hash         string                 `json:"hash,omitempty"`        // of the normalised text; see TextHash
	DuplicateOf  string                 `json:"duplicate_of,omitempty"`
	StoryID      string                 `json:"story_id,omitempty"`
	Fields       map[string]FieldSource `json:"fields,omitempty"` // keyed by JSON field name
	IngestedAt   time.Time              `json:"ingested_at,omitzero"`
}

// SetField records how field was obtained.
func (a *Article) SetField(field, how, evidence string) {
	if a.Fields == nil {
		a.Fields = make(map[string]FieldSource)
	}
	a.Fields[field] = FieldSource{How: how, Evidence: evidence}
}

// Body returns Text with boilerplate spans blanked out (replaced by newlines),
// so offsets into Body equal offsets into Text.
func (a *Article) Body() string {
	if len(a.Boilerplate) == 0 {
		return a.Text
	}
	b := []byte(a.Text)
	for _, s := range a.Boilerplate {
		if s.Start < 0 || s.End > len(b) || s.Start >= s.End {
			continue
		}
		for i := s.Start; i < s.End; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// TextHash is the content hash used for exact-duplicate detection.
func TextHash(normalised string) string {
	h := sha256.Sum256([]byte(normalised))
	return hex.EncodeToString(h[:16])
}
