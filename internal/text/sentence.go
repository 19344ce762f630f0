package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence with its byte offsets in the source text.
type Sentence struct {
	Text  string
	Start int
	End   int
}

// abbreviations that end with a period but do not end a sentence when a
// capitalised word follows ("Gen. Onno", "U.S. Ambassador").
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "lt": true, "col": true,
	"maj": true, "capt": true, "cpt": true, "sgt": true, "adm": true, "gov": true, "sen": true, "rep": true,
	"rev": true, "st": true, "jr": true, "sr": true, "hon": true, "pres": true, "supt": true, "cmdr": true,
	"messrs": true, "mt": true, "ft": true, "vs": true, "etc": true, "inc": true, "corp": true,
	"ltd": true, "co": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "dept": true,
	"univ": true, "est": true, "fig": true, "al": true, "ave": true, "blvd": true,
}

// Sentences splits s into sentences with byte offsets (s[x.Start:x.End] ==
// x.Text, trimmed of surrounding space).
//
// Rules, in order:
//   - a blank line always ends a sentence; so does a single newline (a
//     headline or a dateline without a period), unless the text is
//     hard-wrapped: the line does not end in punctuation and the next line
//     starts with a lower-case letter;
//   - '.', '!', '?' and '…' end a sentence when followed by space and an
//     upper-case letter, a digit or an opening quote/bracket; repeated
//     terminators and closing quotes/brackets stay with the sentence they
//     close, so a quotation spanning two sentences splits inside the quote
//     with each quote mark on the right side;
//   - a period does not end a sentence after a known abbreviation ("Gen.",
//     "Mr."), an initial ("J. Smith"), "No." before a number, a list number
//     at the start of a line ("1. First"), or an initialism ("U.S.") followed
//     by a capitalised word that is not a usual sentence opener.
func Sentences(s string) []Sentence {
	out := make([]Sentence, 0, len(s)/100+1)
	start := 0
	emit := func(end int) {
		seg := s[start:end]
		trimmedLeft := len(seg) - len(strings.TrimLeftFunc(seg, unicode.IsSpace))
		t := strings.TrimSpace(seg)
		if t != "" {
			st := start + trimmedLeft
			out = append(out, Sentence{Text: t, Start: st, End: st + len(t)})
		}
		start = end
	}
	for i := 0; i < len(s); {
		r, w := decode(s, i)
		if r == '\n' {
			if hardWrapped(s[start:i], s[i+w:]) {
				i += w
				continue
			}
			emit(i)
			i += w
			start = i
			continue
		}
		if r == '。' || r == '！' || r == '？' || r == '।' {
			// CJK and Devanagari terminators end a sentence with no space
			// after them.
			j := i + w
			for j < len(s) {
				r2, w2 := decode(s, j)
				if r2 == '。' || r2 == '！' || r2 == '？' || isCloser(r2) {
					j += w2
					continue
				}
				break
			}
			emit(j)
			i = j
			start = j
			continue
		}
		if r == '.' || r == '!' || r == '?' || r == '…' {
			j := i + w
			// swallow repeated terminators and closing quotes/brackets
			for j < len(s) {
				r2, w2 := decode(s, j)
				if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || isCloser(r2) {
					j += w2
					continue
				}
				break
			}
			if j >= len(s) {
				i = j
				continue
			}
			r2, _ := decode(s, j)
			if !unicode.IsSpace(r2) {
				i = j
				continue
			}
			k := j
			for k < len(s) {
				r3, w3 := decode(s, k)
				if r3 == '\n' || !unicode.IsSpace(r3) {
					break
				}
				k += w3
			}
			if k >= len(s) {
				i = k
				continue
			}
			next, _ := decode(s, k)
			if next == '\n' {
				// the newline rule ends the sentence; no hard-wrap join after
				// a terminator.
				emit(j)
				i = k + 1
				start = i
				continue
			}
			if !(unicode.IsUpper(next) || unicode.IsDigit(next) || isOpener(next)) {
				i = j
				continue
			}
			if r == '.' && j == i+w && isAbbreviation(s[start:i], s[k:]) {
				i = j
				continue
			}
			emit(j)
			i = k
			start = k
			continue
		}
		i += w
	}
	emit(len(s))
	return out
}

// hardWrapped reports whether a single newline between line (the text of the
// sentence so far) and rest joins two parts of one sentence: the line ends in
// a word or comma and the next line starts with a lower-case letter.
func hardWrapped(line, rest string) bool {
	line = strings.TrimRightFunc(line, unicode.IsSpace)
	if line == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	if !(unicode.IsLetter(last) || unicode.IsDigit(last) || last == ',') {
		return false
	}
	// a line ending in a comma or a lower-case function word ("voted on")
	// cannot be a headline; the sentence goes on whatever follows.
	lastWord := line[strings.LastIndexFunc(line, unicode.IsSpace)+1:]
	continues := last == ',' || danglingWords[lastWord]
	for k := 0; k < len(rest); {
		r, w := decode(rest, k)
		if r == '\n' {
			return false
		}
		if unicode.IsSpace(r) {
			k += w
			continue
		}
		return continues || unicode.IsLower(r)
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', ')', ']', '»', '」', '』', '）':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '‘', '“', '(', '[', '«', '「', '『', '（':
		return true
	}
	return false
}

// isAbbreviation reports whether the text before a period ends with an
// abbreviation that should not end the sentence, given what follows.
func isAbbreviation(before, after string) bool {
	k := len(before)
	for k > 0 {
		r, w := utf8.DecodeLastRuneInString(before[:k])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		k -= w
	}
	word := before[k:]
	if word == "" {
		// a list number at the start of a line: "1. First point"
		t := strings.TrimSpace(before)
		return t != "" && len(t) <= 3 && strings.Trim(t, "0123456789") == ""
	}
	lw := strings.ToLower(word)
	if abbreviations[lw] {
		return true
	}
	if lw == "no" || lw == "nos" {
		// "No. 10" is a number sign, "said no. Then" ends a sentence
		r, _ := utf8.DecodeRuneInString(after)
		return unicode.IsDigit(r)
	}
	// single capital letter initial: "J. Smith"
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true
	}
	// initialism such as "U.S" or "U.K": a period inside the word. It ends the
	// sentence only when the next word is a common sentence opener.
	if strings.Contains(word, ".") {
		nextWord := after
		if i := strings.IndexFunc(after, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
			nextWord = after[:i]
		}
		return !sentenceOpeners[strings.ToLower(nextWord)]
	}
	return false
}

// sentenceOpeners are words that usually start a sentence, used to decide
// whether "U.S." ends one.
var sentenceOpeners = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true, "they": true, "we": true, "i": true,
	"but": true, "and": true, "in": true, "on": true, "this": true, "that": true, "there": true, "its": true,
	"his": true, "her": true, "their": true, "however": true, "meanwhile": true, "after": true, "as": true,
	"if": true, "when": true, "while": true, "some": true, "many": true, "officials": true,
}

// danglingWords cannot end a sentence or a headline: a line ending in one
// continues on the next line.
var danglingWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "on": true, "in": true, "at": true, "for": true,
	"with": true, "and": true, "or": true, "but": true, "by": true, "from": true, "as": true, "that": true,
	"which": true, "who": true, "whose": true, "its": true, "their": true, "his": true, "her": true, "into": true,
}
