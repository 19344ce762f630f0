// Package timex finds temporal expressions in news text and resolves them to
// TimeML TIMEX3 values against the article's publication date, in the
// direction the governing verb's tense points ("said in October" is the
// October before publication, "will meet in July" the July after). It also
// builds the timeline of a story from several articles and estimates a
// publication date from the text when metadata has none.
//
// The grammar is our own (DEPENDENCIES.md: the Go date libraries get the
// direction wrong and miss seasons and quarters). Spans follow the TimeBank
// conventions: a preposition before the expression is left out ("on
// Friday" gives "Friday"), a determiner or modifier that is part of it is
// kept ("the past three months", "nearly four years ago", "late November").
//
// Everything here is pure: plain functions over strings and times.
package timex

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is one token of the scanned text: a run of letters, a run of digits
// or one punctuation rune. Hyphens between two tokens are dropped so that
// "third-quarter" and "third quarter" match the same rule; the span still
// covers the hyphen because spans run from the first token's start to the
// last token's end.
type tok struct {
	s          string // lower-case text
	start, end int    // byte offsets in the source
	kind       byte   // 'w' word, 'd' digits, 'p' punctuation
	sp         bool   // white space before it
	hy         bool   // a joining hyphen before it ("year-earlier")
	nl         bool   // a line break before it
	capital    bool   // starts with an upper-case letter
}

// tokenize splits s into tokens. The possessive "'s" (either apostrophe) is
// one token so that "July's summit" and "this year's third quarter" parse.
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/5+1)
	sp, nl, hy := true, true, false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n' || r == '\r':
			sp, nl = true, true
			i += w
		case unicode.IsSpace(r):
			sp = true
			i += w
		case unicode.IsLetter(r):
			j := i + w
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.Is(unicode.Mn, r2) {
					break
				}
				j += w2
			}
			toks = append(toks, tok{s: lower(s[i:j]), start: i, end: j, kind: 'w', sp: sp, nl: nl, hy: hy, capital: unicode.IsUpper(r)})
			sp, nl, hy = false, false, false
			i = j
		case r < utf8.RuneSelf && '0' <= r && r <= '9':
			j := i + 1
			for j < len(s) && '0' <= s[j] && s[j] <= '9' {
				j++
			}
			toks = append(toks, tok{s: s[i:j], start: i, end: j, kind: 'd', sp: sp, nl: nl, hy: hy})
			sp, nl, hy = false, false, false
			i = j
		case (r == '\'' || r == '’') && i+w < len(s) && (s[i+w] == 's' || s[i+w] == 'S') && (i+w+1 >= len(s) || !isLetterAt(s, i+w+1)):
			toks = append(toks, tok{s: "'s", start: i, end: i + w + 1, kind: 'w', sp: sp, nl: nl, hy: hy})
			sp, nl, hy = false, false, false
			i += w + 1
		case r == '-' && !sp && len(toks) > 0 && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) && s[i+1] != '-':
			// A joining hyphen: drop it, the next token counts as adjacent.
			hy = true
			i += w
		default:
			toks = append(toks, tok{s: s[i : i+w], start: i, end: i + w, kind: 'p', sp: sp, nl: nl, hy: hy})
			sp, nl, hy = false, false, false
			i += w
		}
	}
	return toks
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// lower is strings.ToLower without an allocation for lower-case ASCII.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}
