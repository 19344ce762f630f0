package meta

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

// Headline limits: news headlines are short and do not end like a sentence.
const (
	maxHeadlineRunes = 160
	maxHeadlineWords = 25
	maxTitleRunes    = 120
)

// IsHeadline reports whether a line reads as a headline: short, at most
// maxHeadlineWords words, with a letter, not ending in '.', ',', ';' or
// ':', not a credit line, dateline, byline or photo caption.
func IsHeadline(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" || strings.Contains(line, "\n") {
		return false
	}
	if utf8.RuneCountInString(line) > maxHeadlineRunes || len(strings.Fields(line)) > maxHeadlineWords {
		return false
	}
	if !strings.ContainsFunc(line, unicode.IsLetter) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	if strings.ContainsRune(".,;:", r) && !strings.HasSuffix(line, "...") {
		return false
	}
	if StripCredit(line) != line || len(Boilerplate(line)) > 0 {
		return false
	}
	if strings.HasPrefix(strings.ToLower(line), "by ") {
		return false
	}
	return true
}

// SplitTitle takes a title from normalised plain text. When the first
// paragraph reads as a headline and more text follows, it is the title and
// the rest is the body (derived=false). Otherwise the title is derived from
// the first sentence of the first paragraph that is not boilerplate, with
// any credit line or dateline removed and cut to maxTitleRunes at a word
// boundary, and the whole text is the body (derived=true).
func SplitTitle(norm string) (title, body string, derived bool) {
	norm = strings.TrimSpace(norm)
	first, rest, _ := strings.Cut(norm, "\n")
	rest = strings.TrimSpace(rest)
	// A Markdown heading ("# Title") is a headline without its marks.
	first = strings.TrimSpace(strings.TrimLeft(first, "#"))
	if rest != "" && IsHeadline(first) {
		return first, rest, false
	}
	return DeriveTitle(norm), norm, true
}

// DeriveTitle makes a title from the first sentence of the first paragraph
// of text that is not boilerplate.
func DeriveTitle(norm string) string {
	bp := Boilerplate(norm)
	off := 0
	for _, line := range strings.SplitAfter(norm, "\n") {
		start := off
		off += len(line)
		p := strings.TrimSpace(line)
		if p == "" || covered(bp, start, start+len(strings.TrimRight(line, "\n"))) {
			continue
		}
		p = strings.TrimSpace(StripCredit(p))
		if p == "" {
			continue
		}
		s := p
		if ss := text.Sentences(p); len(ss) > 0 {
			s = ss[0].Text
		}
		return Shorten(s, maxTitleRunes)
	}
	return ""
}

// covered reports whether [st, en) lies inside a span.
func covered(spans []news.Span, st, en int) bool {
	for _, s := range spans {
		if s.Start <= st && en <= s.End {
			return true
		}
	}
	return false
}

// Shorten cuts s to at most n runes at a word boundary, adding "…", and
// drops a final period.
func Shorten(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > n {
		// One pass over the runes: the last space among the first n, and the
		// byte offset after n-1 runes (byte offsets, so invalid UTF-8 cannot
		// make the cut overrun the string).
		cut, end, k := 0, len(s), 0
		for i := range s {
			if k == n-1 {
				end = i
			}
			if k > n-1 {
				break
			}
			if s[i] == ' ' {
				cut = i
			}
			k++
		}
		if cut == 0 {
			cut = end
		}
		s = strings.TrimRight(s[:cut], " ,;:—–-") + "…"
	}
	return strings.TrimSuffix(s, ".")
}
