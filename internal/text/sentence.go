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
	"messrs": true, "mt": true, "ft": true, "no": true, "vs": true, "etc": true, "inc": true, "corp": true,
	"ltd": true, "co": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "dept": true,
	"univ": true, "est": true, "fig": true, "al": true, "ave": true, "blvd": true,
}

// Sentences splits s into sentences. Paragraph breaks (a blank line or a
// single newline) always end a sentence; '.', '!' and '?' end one when
// followed by space and an upper-case letter, digit or opening quote, unless
// the period ends a known abbreviation or an initialism ("U.S.") followed by
// a capitalised word. Closing quotes and brackets stay with their sentence.
func Sentences(s string) []Sentence {
	var out []Sentence
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
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == '\n' {
			emit(i)
			i += w
			start = i
			continue
		}
		if r == '.' || r == '!' || r == '?' || r == '…' {
			j := i + w
			// swallow repeated terminators and closing quotes/brackets
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if r2 == '.' || r2 == '!' || r2 == '?' || isCloser(r2) {
					j += w2
					continue
				}
				break
			}
			if j >= len(s) {
				i = j
				continue
			}
			r2, _ := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r2) {
				i = j
				continue
			}
			k := j
			for k < len(s) {
				r3, w3 := utf8.DecodeRuneInString(s[k:])
				if r3 == '\n' || !unicode.IsSpace(r3) {
					break
				}
				k += w3
			}
			if k >= len(s) {
				i = k
				continue
			}
			next, _ := utf8.DecodeRuneInString(s[k:])
			if next == '\n' {
				i = k
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

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '’', '”', ')', ']', '»':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '‘', '“', '(', '[', '«':
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
		return false
	}
	lw := strings.ToLower(word)
	if abbreviations[lw] {
		return true
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
