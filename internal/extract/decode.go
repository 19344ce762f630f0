// Package extract turns raw documents into text and metadata: it decodes
// legacy charsets to UTF-8, pulls the main text and its title, byline,
// publication date and site name out of HTML pages (go-trafilatura, with
// go-readability as fallback, goquery for meta tags and JSON-LD), and
// flattens HTML fragments from feeds into paragraphs.
//
// It does no I/O: callers pass bytes and get values.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Errors callers may test for with errors.Is.
var (
	ErrBinary      = errors.New("binary file")
	ErrUndecodable = errors.New("undecodable text")
	ErrNoMainText  = errors.New("no main text found")
	ErrEmpty       = errors.New("empty document")
)

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// sniffLen is how much of a document is examined to call it binary.
const sniffLen = 8192

// IsBinary reports whether b looks like a binary file: a NUL byte or many
// control bytes near the start. UTF-16 text with a BOM is not binary.
func IsBinary(b []byte) bool {
	if hasUTF16BOM(b) {
		return false
	}
	head := b[:min(len(b), sniffLen)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	return len(head) > 0 && ctrl*20 > len(head)
}

func hasUTF16BOM(b []byte) bool {
	return len(b) >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))
}

// Decode converts a document to UTF-8 and names the charset it used.
// Order: a byte-order mark; the charset declared by the HTTP Content-Type
// (contentType, may be ""); for HTML, a <meta charset> in the first 1024
// bytes; valid UTF-8 as is; otherwise detection (gogs/chardet), falling
// back to windows-1252, the usual undeclared legacy charset of Western web
// text. Binary data fails with ErrBinary; bytes no charset explains fail
// with ErrUndecodable.
func Decode(b []byte, contentType string, isHTML bool) (string, string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", "", ErrEmpty
	}
	if IsBinary(b) {
		return "", "", ErrBinary
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return finish(b[3:], "utf-8")
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), b, "utf-16le")
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), b, "utf-16be")
	}
	if label := declaredCharset(contentType); label != "" {
		if e, name := charset.Lookup(label); e != nil {
			return decodeWith(e, b, name)
		}
	}
	if isHTML {
		// A <meta charset> or http-equiv Content-Type near the top, as a
		// browser's prescan would find it.
		if m := metaCharsetRe.FindSubmatch(b[:min(len(b), 4096)]); m != nil {
			if e, name := charset.Lookup(string(m[1])); e != nil {
				return decodeWith(e, b, name)
			}
		}
	}
	if utf8.Valid(b) {
		return finish(b, "utf-8")
	}
	if r, err := chardet.NewTextDetector().DetectBest(b[:min(len(b), 64<<10)]); err == nil && r.Confidence >= 60 {
		if e, name := charset.Lookup(r.Charset); e != nil && name != "utf-8" {
			if s, n, err := decodeWith(e, b, name); err == nil {
				return s, n, nil
			}
		}
	}
	return decodeWith(charmap.Windows1252, b, "windows-1252")
}

func declaredCharset(contentType string) string {
	_, params, ok := strings.Cut(contentType, ";")
	if !ok {
		return ""
	}
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "charset") {
			return strings.ToLower(strings.Trim(strings.TrimSpace(v), `"'`))
		}
	}
	return ""
}

func decodeWith(e encoding.Encoding, b []byte, name string) (string, string, error) {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", fmt.Errorf("%w: as %s: %v", ErrUndecodable, name, err)
	}
	return finish(out, name)
}

// finish rejects decoded text that is mostly replacement or control
// characters: the charset guess was wrong.
func finish(b []byte, name string) (string, string, error) {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	bad, total := 0, 0
	for _, r := range s {
		total++
		if r == utf8.RuneError || (r >= 0x80 && r < 0xA0) {
			bad++
		}
	}
	if total > 0 && bad*10 > total {
		return "", "", fmt.Errorf("%w: %d of %d characters invalid as %s", ErrUndecodable, bad, total, name)
	}
	return s, name, nil
}
