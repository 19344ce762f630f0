package meta

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck/crosscheck/internal/news"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns text in crosscheck's one normal form, which every
// Article.Text and therefore every content hash is in:
//
//   - Unicode NFC; BOM, zero-width characters, soft hyphens and control
//     characters removed; no-break and other Unicode spaces become ' ';
//   - line ends are '\n'; runs of spaces and tabs collapse to one space and
//     lines are trimmed;
//   - one paragraph per line, paragraphs separated by one blank line
//     ("\n\n"), no leading or trailing blank lines. A block of hard-wrapped
//     lines (short lines that do not end a sentence) is joined into one
//     paragraph; otherwise every line is a paragraph of its own, because
//     plain-text news copy uses both "\n" and "\n\n" between paragraphs.
//
// Normalize is idempotent.
func Normalize(s string) string {
	s = cleanRunes(s)
	s = norm.NFC.String(s)
	var paras []string
	for _, block := range splitBlocks(s) {
		if hardWrapped(block) {
			paras = append(paras, strings.Join(block, " "))
			continue
		}
		paras = append(paras, block...)
	}
	return strings.Join(paras, "\n\n")
}

// cleanRunes maps invisible and space-like runes and line ends, and
// collapses horizontal whitespace.
func cleanRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == utf8.RuneError && w == 1:
			r = '\uFFFD'
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
		case r == '\u2028' || r == '\u2029' || r == '\u0085' || r == '\f' || r == '\v':
			r = '\n'
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF' || r == '\u00AD' || r == '\u180E':
			continue
		case r == '\t' || r == '\u00A0' || r == '\u202F' || r == '\u3000' || (r >= '\u2000' && r <= '\u200A') || r == '\u205F' || r == '\u1680':
			r = ' '
		case r != '\n' && unicode.IsControl(r):
			continue
		}
		if r == ' ' {
			space = true
			continue
		}
		if r == '\n' {
			space = false
			b.WriteByte('\n')
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitBlocks splits text into blocks of non-empty trimmed lines separated
// by blank lines.
func splitBlocks(s string) [][]string {
	var blocks [][]string
	var cur []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	return blocks
}

// hardWrapped reports whether a block of lines is one paragraph wrapped at
// a fixed width: at least three lines, all but the last between 30 and 100
// characters, and most of them not ending a sentence.
func hardWrapped(lines []string) bool {
	if len(lines) < 3 {
		return false
	}
	open := 0
	for _, l := range lines[:len(lines)-1] {
		n := utf8.RuneCountInString(l)
		if n < 30 || n > 100 {
			return false
		}
		r, _ := utf8.DecodeLastRuneInString(l)
		if !strings.ContainsRune(".!?:\"”’)", r) {
			open++
		}
	}
	return open*2 >= len(lines)-1
}

var boilerplateRules = []struct {
	re     *regexp.Regexp
	reason string
	whole  bool // applies to a whole short paragraph only
}{
	{regexp.MustCompile(`(?i)\((?:photo|photograph|picture|image|foto|credit|source|video)s?(?: credit)?\s*:[^)]*\)`), "photo credit", false},
	{regexp.MustCompile(`(?i)^(?:photo|photograph|picture|image|foto|credit|photo credit)s?\s*:\s*\S`), "photo credit", true},
	{regexp.MustCompile(`(?i)^.{0,120}\b(?:getty images|afp via getty|shutterstock|reuters/|ap photo|epa-efe|epa/|picture alliance)\b.{0,40}$`), "photo credit", true},
	{regexp.MustCompile(`(?i)^(?:read (?:also|more|next)|see also|also read|related(?: articles?| stories| coverage)?|more on this(?: story)?|recommended)\b`), "related link", true},
	{regexp.MustCompile(`(?i)^(?:share (?:this|on|via)|share$|tweet$|follow us\b|follow (?:@|on)\b)`), "share prompt", true},
	{regexp.MustCompile(`(?i)^(?:subscribe\b|sign up\b|get (?:our|the) .{0,40}newsletter|join our newsletter|newsletter\b)`), "subscription prompt", true},
	{regexp.MustCompile(`(?i)^(?:advertisement|sponsored(?: content)?|ad)$`), "advertisement", true},
	{regexp.MustCompile(`(?i)^(?:©|\(c\)|copyright\b|all rights reserved)|all rights reserved\.?$`), "copyright", true},
	{regexp.MustCompile(`(?i)^(?:click here|tap here|download (?:our|the) app|listen to (?:this|the) article|comments?$|\d+ comments?$)`), "interface text", true},
}

// maxBoilerplateLine bounds the paragraphs a whole-paragraph rule may mark:
// long paragraphs are copy, even if they start like a prompt.
const maxBoilerplateLine = 200

// Boilerplate marks photo credits, related links, share and subscription
// prompts, advertisements and copyright lines in normalised text. It
// returns spans (byte offsets into text with a reason); nothing is removed.
func Boilerplate(text string) []news.Span {
	var spans []news.Span
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		start := off
		off += len(line)
		p := strings.TrimRight(line, "\n")
		if strings.TrimSpace(p) == "" {
			continue
		}
		for _, rule := range boilerplateRules {
			if rule.whole {
				if utf8.RuneCountInString(p) <= maxBoilerplateLine && rule.re.MatchString(p) {
					spans = append(spans, news.Span{Start: start, End: start + len(p), Reason: rule.reason})
					break
				}
				continue
			}
			if loc := rule.re.FindStringIndex(p); loc != nil {
				// A short caption ending in a credit is boilerplate as a whole.
				if utf8.RuneCountInString(p) <= maxBoilerplateLine && strings.TrimSpace(p[loc[1]:]) == "" && !strings.ContainsAny(p[:loc[0]], ".!?") {
					loc = []int{0, len(p)}
				}
				spans = append(spans, news.Span{Start: start + loc[0], End: start + loc[1], Reason: rule.reason})
				break
			}
		}
	}
	return spans
}
