package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is a word or punctuation mark with its byte offsets.
type tok struct {
	s          string
	start, end int
	word       bool   // letters/digits; false for punctuation
	upper      bool   // starts with an upper-case letter
	caps       bool   // two or more letters, none lower-case ("NATO", "U.S.")
	sent       bool   // first word of a sentence, line or quotation
	possessive bool   // the "'s" split off a word
	low        string // folded lower case, for lexicon lookups
}

// abbrevs keep their period: "Mr.", "Gen.", "Inc.".
var abbrevs = set(
	"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "adm", "sgt", "cpl", "sen", "rep", "gov",
	"rev", "st", "jr", "sr", "hon", "pres", "cmdr", "messrs", "mt", "ft", "inc", "corp", "co", "ltd", "no", "vs",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "lieut", "mme", "dept",
	"univ", "bros", "ave", "blvd", "gov't", "supt", "det", "insp", "sec", "atty", "rt",
	// US state abbreviations ("Malibu, Calif.")
	"ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md",
	"mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "vt", "va",
	"wash", "wis", "wyo",
)

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits s into words and punctuation. Initialisms and known
// abbreviations keep their final period; a possessive "'s" becomes its own
// token; inner hyphens and apostrophes ("Jong-un", "O'Brien") stay inside.
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/5)
	sentStart := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if r == '\n' {
				sentStart = true
			}
			i += w
			continue
		}
		if !isWordRune(r) {
			t := tok{s: s[i : i+w], start: i, end: i + w}
			toks = append(toks, t)
			switch r {
			case '.', '!', '?', ':':
				sentStart = true
			case '“', '«', '‘', '(', '—', '–':
				// a quotation, a parenthesis or a dateline dash starts with a
				// capital for reasons of its own
				sentStart = true
			case '-':
				if len(toks) >= 2 && toks[len(toks)-2].s == "-" {
					sentStart = true // "(Bloomberg) --"
				}
			case '"':
				if prevIsSpaceOrStart(s, i) {
					sentStart = true
				}
			}
			i += w
			continue
		}
		j := i
		for j < len(s) {
			r2, w2 := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r2) {
				j += w2
				continue
			}
			if r2 == '-' || r2 == '‐' || r2 == '&' {
				r3, _ := utf8.DecodeRuneInString(s[j+w2:])
				if j+w2 < len(s) && isWordRune(r3) {
					j += w2
					continue
				}
				break
			}
			if isApostrophe(r2) {
				r3, w3 := utf8.DecodeRuneInString(s[j+w2:])
				if j+w2 < len(s) && unicode.IsLetter(r3) {
					// possessive 's ends the word
					if (r3 == 's' || r3 == 'S') && !nextIsLetter(s, j+w2+w3) {
						break
					}
					j += w2
					continue
				}
				break
			}
			if r2 == '.' {
				// initialism: U.S. / C.I.A. / D.P.R.K.
				r3, _ := utf8.DecodeRuneInString(s[j+1:])
				if j+1 < len(s) && unicode.IsLetter(r3) && utf8.RuneCountInString(s[lastDot(s[i:j])+i:j]) == 1 {
					j++
					continue
				}
				word := s[i:j]
				if strings.Contains(word, ".") || utf8.RuneCountInString(word) == 1 && unicode.IsUpper(firstRune(word)) ||
					abbrevs[strings.ToLower(word)] {
					j++
				}
				break
			}
			break
		}
		if parts := splitCompound(s[i:j]); len(parts) > 1 {
			// "Trump-Russia", "U.S.-China": names joined by a hyphen
			p := i
			for n, part := range parts {
				if n > 0 {
					toks = append(toks, tok{s: "-", start: p, end: p + 1})
					p++
				}
				toks = append(toks, tok{s: part, start: p, end: p + len(part), word: true, sent: sentStart && n == 0,
					upper: unicode.IsUpper(firstRune(part)), caps: isCaps(part)})
				p += len(part)
			}
			sentStart = false
			i = j
			continue
		}
		t := tok{s: s[i:j], start: i, end: j, word: true, sent: sentStart}
		fr := firstRune(t.s)
		t.upper = unicode.IsUpper(fr)
		t.caps = isCaps(t.s)
		toks = append(toks, t)
		sentStart = false
		i = j
		// split possessive
		if i < len(s) {
			r2, w2 := utf8.DecodeRuneInString(s[i:])
			if isApostrophe(r2) {
				r3, w3 := utf8.DecodeRuneInString(s[i+w2:])
				if i+w2 < len(s) && (r3 == 's' || r3 == 'S') && !nextIsLetter(s, i+w2+w3) {
					toks = append(toks, tok{s: s[i : i+w2+w3], start: i, end: i + w2 + w3, possessive: true})
					i += w2 + w3
				}
			}
		}
	}
	for k := range toks {
		if toks[k].word {
			toks[k].low = foldWord(toks[k].s)
		} else {
			toks[k].low = toks[k].s
		}
	}
	return toks
}

func prevIsSpaceOrStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsSpace(r) || r == '(' || r == '—'
}

func lastDot(s string) int {
	if k := strings.LastIndexByte(s, '.'); k >= 0 {
		return k + 1
	}
	return 0
}

func nextIsLetter(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// splitCompound splits a hyphenated word whose parts are all capitalised
// and one of which is a known name ("Trump-Russia"); other hyphenated words
// ("Jong-un", "Wal-Mart", "far-right") stay whole.
func splitCompound(w string) []string {
	if !strings.Contains(w, "-") {
		return nil
	}
	parts := strings.Split(w, "-")
	// "EADS-led", "Paris-based": a name and a participle
	if len(parts) == 2 && parts[0] != "" && unicode.IsUpper(firstRune(parts[0])) && nameSuffixWords[parts[1]] {
		return parts
	}
	known := false
	for _, p := range parts {
		if p == "" || !unicode.IsUpper(firstRune(p)) {
			return nil
		}
		if _, ok := gaz.lookup(p); ok {
			known = true
		}
	}
	if !known {
		return nil
	}
	if _, ok := gaz.lookup(w); ok {
		return nil
	}
	return parts
}

// nameSuffixWords follow a name after a hyphen without being part of it.
var nameSuffixWords = set("led", "based", "backed", "owned", "run", "made", "born", "funded", "linked", "style",
	"era", "like", "affiliated", "controlled", "sponsored", "friendly", "allied", "bound", "focused", "centric",
	"headquartered", "listed", "registered", "brokered", "built")
