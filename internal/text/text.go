// Package text holds the text analysis every later stage shares:
// tokenisation, folding to matching keys, stemming, stop words and sentence
// segmentation. Plain functions over strings; no I/O.
package text

import (
	"strings"
	"sync"
	"unicode"

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

// Tokens splits s into words and numbers. Letters, digits and marks make up
// a token; an inner apostrophe, hyphen, period or comma between
// letters/digits stays inside it ("don't", "U.S", "2.5", "31,000").
func Tokens(s string) []Token {
	var toks []Token
	start := -1
	rs := []rune{}
	offs := []int{}
	for i, r := range s {
		rs = append(rs, r)
		offs = append(offs, i)
	}
	offs = append(offs, len(s))
	isWord := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
	}
	for k, r := range rs {
		if isWord(r) {
			if start < 0 {
				start = k
			}
			continue
		}
		if start >= 0 && isJoiner(r) && k+1 < len(rs) && isWord(rs[k+1]) && k > 0 && isWord(rs[k-1]) {
			continue
		}
		if start >= 0 {
			toks = append(toks, Token{Text: s[offs[start]:offs[k]], Start: offs[start], End: offs[k]})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, Token{Text: s[offs[start]:], Start: offs[start], End: len(s)})
	}
	return toks
}

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', '-', '‐', '.', ',':
		return true
	}
	return false
}

// foldCache memoises Fold of short strings: names and words repeat a lot.
var foldCache sync.Map

// Fold returns the matching key of s: NFC, transliterated to ASCII
// (Kariņš -> karins, Зеленский -> zelenskii), lower-cased.
func Fold(s string) string {
	if len(s) <= 32 {
		if v, ok := foldCache.Load(s); ok {
			return v.(string)
		}
	}
	out := s
	if !isASCII(s) {
		out = unidecode.Unidecode(norm.NFC.String(s))
	}
	out = strings.ToLower(out)
	if len(s) <= 32 {
		foldCache.Store(s, out)
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
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

// Stem returns the English Snowball stem of a folded word.
func Stem(word string) string {
	if len(word) <= 3 {
		return word
	}
	return english.Stem(word, false)
}

// Terms returns the content terms of s: folded, stop words dropped, stemmed.
func Terms(s string) []string {
	toks := Tokens(s)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		w := Fold(t.Text)
		w = strings.ReplaceAll(w, "’", "'")
		if i := strings.Index(w, "'"); i > 0 {
			w = w[:i] // possessive / contraction: "nato's" -> "nato"
		}
		if IsStopword(w) {
			continue
		}
		out = append(out, Stem(w))
	}
	return out
}
