package summary

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Trimming shortens a sentence without changing what it states: datelines,
// wire credits and bracketed asides carry no content a reader of a summary
// needs, and the summary's budget is counted in words.
var (
	// "WASHINGTON (Reuters) - ", "(Bloomberg) -- ", "BRUSSELS — ", "LONDON, May 3 (AP) — ",
	// "WASHINGTON—The" (a dash without spaces: opensSentence guards it)
	dateline = regexp.MustCompile(`^(?:[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,[^-—–()]{1,30})?\s*)?(?:\([A-Za-z .&'’-]{2,40}\)\s*)?(?:(?:--|-)\s+|[—–]\s*)`)
	// a parenthetical aside of a few words: "(pictured)", "(AP Photo/...)".
	aside = regexp.MustCompile(`\s*\([^()]{0,60}\)`)
	// lead-in labels: "BREAKING: ", "UPDATE 2-", "EXCLUSIVE: ", and the
	// section labels of bulleted news formats ("Why it matters: ").
	label = regexp.MustCompile(`^(?i:breaking|update(?: \d+)?|exclusive|analysis|opinion|watch|live|why it matters|the big picture|driving the news|(?:the )?state of play|between the lines|the latest|details|context|what['’]s happening|what happened|reality check|(?:by )?the numbers|(?:the )?bottom line|go deeper|flashback|yes, but|what they['’]re saying|what to watch|the backstory|zoom (?:in|out)|the other side|catch up quick|be smart)\s*[:-]\s*`)
	// a party tag, "(R-Ky.)", "(D)", "(I-Vt.)": content, and a neutral
	// summary names the party, so it is kept.
	partyTag = regexp.MustCompile(`^\s*\((?:D|R|I)(?:[-–,.] ?[A-Z][A-Za-z. ]{0,14})?\)$`)
	space    = regexp.MustCompile(`\s{2,}`)
)

// Trim removes a leading dateline or wire credit, a lead-in label and short
// parenthetical asides other than party tags from s. It returns s unchanged
// when trimming would leave almost nothing.
func Trim(s string) string {
	t := strings.TrimSpace(s)
	// Cheap byte checks first: most sentences have nothing to trim, and the
	// regular expressions cost more than the rest of the summary.
	head := t[:min(len(t), 80)]
	if strings.ContainsAny(head[:min(len(head), 24)], ":-") {
		t = label.ReplaceAllString(t, "")
	}
	if strings.Contains(head, "-") || strings.Contains(head, "—") || strings.Contains(head, "–") {
		if m := dateline.FindStringIndex(t); m != nil && m[1] < len(t) && (endsInSpace(t[:m[1]]) || opensSentence(t[m[1]:])) {
			t = t[m[1]:]
		}
	}
	if strings.Contains(t, "(") {
		t = aside.ReplaceAllStringFunc(t, func(m string) string {
			if partyTag.MatchString(m) {
				return m
			}
			return ""
		})
	}
	if strings.Contains(t, "  ") || strings.ContainsAny(t, "\t\n") {
		t = space.ReplaceAllString(strings.TrimSpace(t), " ")
	}
	if len(strings.Fields(t)) < 3 {
		return strings.TrimSpace(s)
	}
	return t
}

// opensSentence reports whether s starts as a sentence does, with a capital,
// a digit or a quotation mark: after a dash with no space, "WASHINGTON—The"
// is a dateline and "ISIS—the group" is not.
func opensSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'", r)
}

func endsInSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}
