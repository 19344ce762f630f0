// Package text holds the text analysis every later stage shares:
// tokenisation, folding to matching keys, stemming, stop words and sentence
// segmentation. Plain functions over strings; no I/O, no mutable state.
//
// It is on the ingest hot path, so the common case (ASCII words) avoids
// allocation: Tokens walks bytes and decodes runes only where needed, and
// Fold returns its input unchanged when it is already a lower-case ASCII key.
package text

import (
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
)

// Token is a word or number with its byte offsets in the source text.
type Token struct {
	Text  string
	Start int
	End   int
}

// isWordRune reports whether r can be part of a token: letters, digits and
// combining marks (so decomposed "Sørensen" or "Dvořák" stays one token).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// decode is utf8.DecodeRuneInString with an ASCII fast path.
func decode(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// Tokens splits s into words and numbers. Letters, digits and marks make up
// a token; an inner apostrophe, hyphen or period between word characters
// stays inside it ("don't", "U.S", "2.5", "well-known"), and so does a comma
// between digits ("31,000").
func Tokens(s string) []Token {
	// about one token per space: sizing the slice once avoids regrowing a
	// slice of pointers, which the garbage collector must scan.
	n := strings.Count(s, " ") + strings.Count(s, "\n") + 1
	toks := make([]Token, 0, min(n, len(s)/2+1))
	return appendTokens(toks, s)
}

func appendTokens(toks []Token, s string) []Token {
	start := -1
	prevWord := false
	prevDigit := false
	for i := 0; i < len(s); {
		r, w := decode(s, i)
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			// Chinese and Japanese write words without spaces: each
			// ideograph is a token of its own, so matching works per
			// character rather than per run of text.
			if start >= 0 {
				toks = append(toks, Token{Text: s[start:i], Start: start, End: i})
				start = -1
			}
			toks = append(toks, Token{Text: s[i : i+w], Start: i, End: i + w})
			prevWord, prevDigit = false, false
			i += w
			continue
		}
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			prevWord = true
			prevDigit = '0' <= r && r <= '9'
			i += w
			continue
		}
		if start >= 0 && prevWord && i+w < len(s) {
			if j := isJoiner(r); j != 0 {
				r2, _ := decode(s, i+w)
				if isWordRune(r2) && (j == 1 || prevDigit && '0' <= r2 && r2 <= '9') {
					prevWord = false
					i += w
					continue
				}
			}
		}
		if start >= 0 {
			toks = append(toks, Token{Text: s[start:i], Start: start, End: i})
			start = -1
		}
		prevWord = false
		prevDigit = false
		i += w
	}
	if start >= 0 {
		toks = append(toks, Token{Text: s[start:], Start: start, End: len(s)})
	}
	return toks
}

// isJoiner returns 1 for characters that join any two word characters, 2 for
// those that join only digits (the thousands comma), 0 otherwise.
func isJoiner(r rune) int {
	switch r {
	case '\'', '’', '-', '‐', '.':
		return 1
	case ',':
		return 2
	}
	return 0
}

// Fold returns the matching key of s: NFC, transliterated to ASCII
// (Dvořák -> dvorak, Зеленский -> zelenskii), lower-cased. Already folded
// ASCII input is returned without allocating.
func Fold(s string) string {
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii {
		if !upper {
			return s
		}
		return strings.ToLower(s)
	}
	out := strings.ToLower(unidecode.Unidecode(norm.NFC.String(s)))
	// transliteration pads some scripts with spaces ("中国" -> "zhong guo ")
	out = strings.TrimSpace(out)
	for strings.Contains(out, "  ") {
		out = strings.ReplaceAll(out, "  ", " ")
	}
	return out
}

// Words returns the folded tokens of s.
func Words(s string) []string {
	toks := Tokens(s)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, Fold(t.Text))
	}
	return out
}

// Stem returns the English Snowball stem of a folded word. Words of three
// letters or fewer, and words with digits, are returned as they are.
func Stem(word string) string {
	if len(word) <= 3 {
		return word
	}
	for i := 0; i < len(word); i++ {
		if c := word[i]; '0' <= c && c <= '9' || c >= utf8.RuneSelf {
			return word
		}
	}
	if st, ok := stemTable()[word]; ok {
		return st
	}
	return english.Stem(word, false)
}

// stemsFile lists frequent English news words with their Snowball stems, one
// "word" (stem equal to the word) or "word stem" a line. The Snowball library
// converts every suffix to runes on every call; looking the frequent words up
// makes Terms several times faster. Regenerate with
// `go test ./internal/text -run TestStemTable -update` (see stem_test.go).
//
//go:embed stems.txt
var stemsFile string

// dfFile holds, after a first line with the number of documents, "stem df"
// lines: in how many of the unlabeled FNC-1 training bodies (1,678 news
// articles) each stem occurs. Regenerated with stems.txt.
//
//go:embed df.txt
var dfFile string

type dfTable struct {
	docs float64
	df   map[string]float64
}

var docFreq = sync.OnceValue(func() dfTable {
	first, rest, _ := strings.Cut(dfFile, "\n")
	t := dfTable{df: make(map[string]float64, strings.Count(rest, "\n"))}
	if n, err := strconv.Atoi(first); err == nil {
		t.docs = float64(n)
	}
	for line := range strings.Lines(rest) {
		st, c, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		if n, err := strconv.Atoi(c); ok && err == nil {
			t.df[st] = float64(n)
		}
	}
	return t
})

// IDF returns the inverse document frequency log((N+1)/(df+1)) of a stem
// (as Terms returns it) in a general news corpus, so that sharing a rare word
// counts for more than sharing a common one. A stop word gives 0; a stem the
// corpus lacks gets the highest value, as if it occurred once.
func IDF(stem string) float64 {
	if IsStopword(stem) {
		return 0
	}
	t := docFreq()
	df := t.df[stem]
	if df == 0 {
		df = 1
	}
	return math.Log((t.docs + 1) / (df + 1))
}

// stemTable parses stemsFile once; the map is read-only afterwards.
var stemTable = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, strings.Count(stemsFile, "\n"))
	for line := range strings.Lines(stemsFile) {
		line = strings.TrimSuffix(line, "\n")
		w, st, ok := strings.Cut(line, " ")
		if !ok {
			st = w
		}
		if w != "" {
			m[w] = st
		}
	}
	return m
})

// TermKey folds one token to the key Terms uses before stemming: folded,
// possessive/contraction suffix cut ("NATO's" -> "nato"). It returns "" for
// a stop word.
func TermKey(tok string) string {
	w := Fold(tok)
	if i := strings.IndexByte(w, '\''); i > 0 {
		w = w[:i]
	} else if i := strings.Index(w, "’"); i > 0 {
		w = w[:i]
	}
	if IsStopword(w) {
		return ""
	}
	return w
}

// Terms returns the content terms of s: folded, stop words dropped, stemmed.
func Terms(s string) []string {
	toks := Tokens(s)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		w := TermKey(t.Text)
		if w == "" {
			continue
		}
		out = append(out, Stem(w))
	}
	return out
}

// IsCapitalised reports whether tok starts with an upper-case letter: the
// cheap signal for names that alignment and entity matching share.
func IsCapitalised(tok string) bool {
	if tok == "" {
		return false
	}
	r, _ := decode(tok, 0)
	return unicode.IsUpper(r)
}

// IsNumber reports whether tok is made of digits (with the inner periods and
// commas Tokens keeps, "2.5", "31,000").
func IsNumber(tok string) bool {
	if tok == "" {
		return false
	}
	digits := false
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case '0' <= c && c <= '9':
			digits = true
		case c == '.' || c == ',':
		default:
			return false
		}
	}
	return digits
}
