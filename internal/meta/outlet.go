package meta

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Attribution is what the text of an article says about who published it
// and whom it cites.
type Attribution struct {
	Outlet           string     // the publishing outlet, "" when the text does not say
	OutletEvidence   string     // why Outlet was chosen, quoting the text
	Dateline         string     // place of a dateline ("BRUSSELS"), "" when none
	DatelineEvidence string     // the dateline as written
	Cited            []Citation // outlets the article cites, canonical, without Outlet
}

// Citation is one outlet cited by an article, with the phrase that cites it.
type Citation struct {
	Outlet   string
	Evidence string
}

const dashes = `(?:--|—|–|-|:)`

var (
	// "(Bloomberg) --", "(Reuters) -" opening the text.
	creditRe = regexp.MustCompile(`^\s*\(([^()\n]{2,40})\)\s*` + dashes + `\s*`)
	// "WASHINGTON (AP) —", "LONDON, Feb 21 (Reuters) -", "KYIV, Ukraine (AP) —".
	datelineCreditRe = regexp.MustCompile(`^\s*(\p{Lu}[\p{Lu}\p{M} .'’-]{1,40}?)(?:,\s*[^()\n]{1,40}?)?\s*\(([^()\n]{2,40})\)\s*` + dashes + `\s*`)
	// A bare dateline: "BRUSSELS —", "KYIV, Ukraine —", "PARIS, Feb 21 -".
	datelineRe = regexp.MustCompile(`^\s*(\p{Lu}[\p{Lu}\p{M}.'’-]+(?: [\p{Lu}\p{M}.'’-]+){0,3})(,\s*[\p{L}\d. ]{1,30}?)?\s*(?:--|—|–| - )\s*`)
	// A closing agency tag on the last line: "... next year. /ANSA", "(EFE)".
	closingSlashRe = regexp.MustCompile(`(?:^|\s)/\s*(\p{L}[\p{L}-]{1,20})\s*$`)
	closingParenRe = regexp.MustCompile(`\(([\p{L}][\p{L} .-]{1,30})\)\s*$`)
	// "By Jane Doe, Reuters", "By Jane Doe | Bloomberg".
	bylineOutletRe = regexp.MustCompile(`(?i)^by\s+[^,|\n]{2,60}?\s*(?:,|\||—|–| - )\s*([^,|\n]{2,40}?)\s*$`)

	// Frame patterns are lower case: callers lower-case the few bytes around
	// an outlet name, which is much cheaper than (?i) matching.
	//
	// Phrases that cite an outlet written before its name.
	citeBeforeRe = regexp.MustCompile(`(?:according to|told|tells|telling|revealed to|said to|saying to|speaking to|spoke to|speaking with|spoke with|talking to|interview with|interviewed by|reported by|cited by|quoted by|published by|obtained by|seen by|reviewed by|confirmed to|broadcast by|aired by|reports? (?:from|by|in|of)|reported in|article (?:from|by|in)|story (?:from|by|in)|writing (?:for|in)|wrote (?:for|in)|op-ed (?:for|in)|cites|citing|via|sources? close to)\s+(?:an?\s+|the\s+)?(?:(?:exclusive|earlier|recent|new|separate|previous)\s+)?(?:(?:report|article|story|interview|investigation|broadcast)\s+(?:from|by|in|with|of)\s+(?:the\s+)?)?$`)
	// Phrases that cite an outlet written after its name ("Bloomberg writes").
	citeAfterRe = regexp.MustCompile(`^(?:'s|’s)?\s*(?:(?:news agency|newspaper|daily|broadcaster|agency|channel|website|outlet|magazine|weekly)\s+)?(?:has |had |have |also |first )?(?:reported|reports|report|writes|wrote|said|says|learned|learnt|cited|cites|quoted|quotes|revealed|reveals|noted|notes|claimed|claims|published|publishes|broke the news|obtained|confirmed|recalled|recalls|informs|informed|added|adds|according)\b`)
	// An unknown outlet in a citation frame: "according to the Kyiv Post".
	citeUnknownRe      = regexp.MustCompile(`(?:[Aa]ccording to|\btold|[Rr]evealed to|[Ii]nterview with|[Rr]eported by|[Cc]ited by|[Qq]uoted by|[Rr]eport (?:from|by|in))[ \t]+(?:the[ \t]+|a[ \t]+)?((?:\p{Lu}[\p{L}\d'’&-]*|\d+)(?:[ \t]+(?:\p{Lu}[\p{L}\d'’&-]*|of|de|\d+)){0,5})`)
	citeUnknownAfterRe = regexp.MustCompile(`((?:The[ \t]+)?\p{Lu}[\p{L}\d'’&-]*(?:[ \t]+(?:\p{Lu}[\p{L}\d'’&-]*|of|\d+)){0,5})[ \t]+(?:reported|reports|wrote|writes|newspaper reported|news agency reported)\b`)
	// Own-reporting frames: a datelined lead in which sources speak to the
	// outlet itself ("officials told Reuters") is the outlet's own report.
	ownReportRe      = regexp.MustCompile(`(?:told|tells|revealed to|confirmed to|spoke to|speaking to|said to|in an interview with|seen by|obtained by|reviewed by)\s+(?:the\s+)?$`)
	ownReportAfterRe = regexp.MustCompile(`^\s+(?:has learned|learned|has obtained|has confirmed|can reveal|understands)\b`)
)

// outletWords mark an unknown capitalised name as a news outlet.
var outletWords = map[string]bool{
	"news": true, "times": true, "post": true, "agency": true, "tv": true, "television": true,
	"radio": true, "journal": true, "herald": true, "press": true, "gazette": true, "tribune": true,
	"telegraph": true, "daily": true, "weekly": true, "chronicle": true, "observer": true,
	"courier": true, "express": true, "mirror": true, "standard": true, "broadcasting": true,
	"broadcaster": true, "network": true, "channel": true, "magazine": true, "independent": true,
	"wire": true, "monitor": true, "pravda": true, "zeitung": true, "dagblad": true, "nieuws": true,
	"noticias": true, "gazeta": true, "gazzetta": true, "presse": true, "today": true,
	"inquirer": true, "examiner": true, "dispatch": true, "bulletin": true, "sentinel": true,
	"reporter": true, "courant": true, "online": true, "newspaper": true, "tageblatt": true,
	"nachrichten": true, "allgemeine": true, "kurier": true, "vedomosti": true, "izvestia": true,
}

// nameContinuations may follow an outlet name without making it part of a
// longer name ("told POLITICO Wednesday").
var nameContinuations = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true, "on": true, "in": true, "that": true,
	"last": true, "this": true, "earlier": true, "late": true, "early": true,
}

// Attribute reads an article's text (normalised, paragraphs separated by
// newlines) for its publishing outlet, dateline and cited outlets. It uses
// only the text; see OutletFromURL for the host.
func Attribute(text string) Attribution {
	var a Attribution
	paras := paragraphs(text)
	if len(paras) == 0 {
		return a
	}
	first := paras[0]
	// A leading photo caption or headline may come before the credit line;
	// look at the first three paragraphs for the opening credit.
	for i := 0; i < len(paras) && i < 3 && a.Outlet == ""; i++ {
		p := paras[i]
		if m := creditRe.FindStringSubmatch(p); m != nil {
			if name, ok := outletName(m[1], true); ok {
				a.Outlet, a.OutletEvidence = name, "credit line "+quote(strings.TrimSpace(m[0]))
			}
		} else if m := datelineCreditRe.FindStringSubmatch(p); m != nil {
			if name, ok := outletName(m[2], true); ok {
				a.Outlet, a.OutletEvidence = name, "dateline credit "+quote(strings.TrimSpace(m[0]))
				a.Dateline, a.DatelineEvidence = strings.TrimSpace(m[1]), strings.TrimSpace(m[0])
			}
		}
		if a.Dateline == "" {
			if m := datelineRe.FindStringSubmatch(p); m != nil && isDatelinePlace(m[1]) {
				a.Dateline, a.DatelineEvidence = strings.TrimSpace(m[1]), strings.TrimSpace(m[0])
				first = p
			}
		}
		if a.Dateline != "" || a.Outlet != "" {
			break
		}
	}
	if a.Outlet == "" {
		last := paras[len(paras)-1]
		if m := closingSlashRe.FindStringSubmatch(last); m != nil {
			if name, ok := outletName(m[1], false); ok {
				a.Outlet, a.OutletEvidence = name, "closing agency tag "+quote("/"+m[1])
			}
		} else if m := closingParenRe.FindStringSubmatch(last); m != nil {
			if o, ok := LookupOutlet(m[1]); ok {
				a.Outlet, a.OutletEvidence = o.Name, "closing agency tag "+quote("("+m[1]+")")
			}
		}
	}
	if a.Outlet == "" {
		for i := 0; i < len(paras) && i < 3; i++ {
			if name, ok := BylineOutlet(paras[i]); ok {
				a.Outlet, a.OutletEvidence = name, "byline "+quote(paras[i])
				break
			}
		}
	}
	cited := citations(text)
	if a.Outlet == "" && a.Dateline != "" {
		// A datelined lead in which sources speak to an outlet is that outlet's own report.
		if c, ok := ownReport(first, text); ok {
			a.Outlet, a.OutletEvidence = c.Outlet, "dateline "+quote(a.DatelineEvidence)+" and own reporting in the lead "+c.Evidence
		}
	}
	for _, c := range cited {
		if a.Outlet != "" && strings.EqualFold(c.Outlet, a.Outlet) {
			continue
		}
		a.Cited = append(a.Cited, c)
	}
	return a
}

// StripCredit removes an opening credit line or dateline from a paragraph
// ("(Bloomberg) -- Countries ..." -> "Countries ...").
func StripCredit(p string) string {
	if m := creditRe.FindStringIndex(p); m != nil {
		return p[m[1]:]
	}
	if m := datelineCreditRe.FindStringIndex(p); m != nil {
		return p[m[1]:]
	}
	if m := datelineRe.FindStringSubmatchIndex(p); m != nil && isDatelinePlace(p[m[2]:m[3]]) {
		return p[m[1]:]
	}
	return p
}

// BylineOutlet reads the outlet from a byline such as "By Jane Doe, Reuters".
func BylineOutlet(line string) (string, bool) {
	m := bylineOutletRe.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return "", false
	}
	if o, ok := LookupOutlet(m[1]); ok {
		return o.Name, true
	}
	return "", false
}

// isDatelinePlace accepts an upper-case place name of at least three letters
// that is not a known outlet or a lone acronym-like word such as "NATO".
func isDatelinePlace(s string) bool {
	s = strings.TrimSpace(s)
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	if letters < 3 {
		return false
	}
	if _, ok := LookupOutlet(s); ok {
		return false
	}
	return true
}

// outletName accepts a known outlet, or, in a credit line, an unknown short
// capitalised name that looks like an outlet.
func outletName(s string, credit bool) (string, bool) {
	s = strings.TrimSpace(s)
	if o, ok := LookupOutlet(s); ok {
		return o.Name, true
	}
	if looksLikeOutlet(s) {
		return s, true
	}
	// An unknown all-caps tag ("/ABCD") in agency position is an agency.
	if !credit && isShortCaps(s) && utf8.RuneCountInString(s) >= 2 {
		return s, true
	}
	if credit && isShortCaps(s) && utf8.RuneCountInString(s) >= 2 {
		return s, true
	}
	return "", false
}

// looksLikeOutlet reports whether an unknown capitalised name contains a
// word that names news organisations ("Kyiv Post", "Channel 4 News").
func looksLikeOutlet(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(words[0])
	if !unicode.IsUpper(r) {
		return false
	}
	for _, w := range words {
		if outletWords[strings.ToLower(strings.Trim(w, ".,'’"))] {
			return true
		}
	}
	return false
}

// ownReport finds a known outlet in an own-reporting frame in the lead
// that the rest of the text confirms with a second own-reporting mention
// ("an event hosted by X", "X has learned", another "told X"). One "told
// X" alone is too weak: datelined rewrites quote other outlets' sources.
func ownReport(lead, text string) (Citation, bool) {
	for _, occ := range findAliases(lead) {
		if !ownFrame(lead, occ) {
			continue
		}
		n := 0
		var second string
		for _, o := range findAliases(text) {
			if o.outlet == occ.outlet && (ownFrame(text, o) || hostFrameRe.MatchString(strings.ToLower(text[max(0, o.start-40):o.start]))) {
				n++
				if n == 2 {
					second = snippet(text, o.start, o.end)
				}
			}
		}
		if n >= 2 {
			return Citation{Outlet: occ.outlet.Name, Evidence: snippet(lead, occ.start, occ.end) + " and " + second}, true
		}
	}
	return Citation{}, false
}

// ownFrame reports whether an outlet occurrence sits in an own-reporting frame.
func ownFrame(s string, occ occurrence) bool {
	before := s[max(0, occ.start-40):occ.start]
	before = before[validStart(before):]
	after := s[occ.end:min(len(s), occ.end+30)]
	return ownReportRe.MatchString(strings.ToLower(before)) || ownReportAfterRe.MatchString(strings.ToLower(after))
}

// hostFrameRe: events an outlet organises are its own.
var hostFrameRe = regexp.MustCompile(`(?:hosted|organi[sz]ed|sponsored|convened|moderated) by\s+(?:the\s+)?$`)

type occurrence struct {
	start, end int
	outlet     *Outlet
}

// findAliases returns every known outlet spelling in s at word boundaries,
// left to right, the longest spelling at each position.
func findAliases(s string) []occurrence {
	ix := index()
	var out []occurrence
	lower := strings.ToLower(s)
	taken := make([]bool, len(s))
	for _, al := range ix.aliases {
		needle := al.text
		hay := s
		if !al.exact {
			needle, hay = strings.ToLower(al.text), lower
		}
		if len(hay) != len(s) {
			// Lower-casing changed byte lengths; fall back to exact matching.
			needle, hay = al.text, s
		}
		for from := 0; from < len(hay); {
			i := strings.Index(hay[from:], needle)
			if i < 0 {
				break
			}
			st, en := from+i, from+i+len(needle)
			from = en
			if taken[st] || !wordBoundary(s, st, en) {
				continue
			}
			// Proper names start with a capital letter in the text too.
			if r, _ := utf8.DecodeRuneInString(s[st:]); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				continue
			}
			if partOfLongerName(s, st, en) {
				continue
			}
			for k := st; k < en; k++ {
				taken[k] = true
			}
			out = append(out, occurrence{st, en, al.outlet})
		}
	}
	sortOccurrences(out)
	return out
}

func sortOccurrences(o []occurrence) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].start < o[j-1].start; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

func wordBoundary(s string, st, en int) bool {
	if st > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:st])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if en < len(s) {
		r, _ := utf8.DecodeRuneInString(s[en:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// partOfLongerName reports whether the match is glued to neighbouring
// capitalised words ("Liam Fox", "Reuters Institute"), which makes it a
// different name.
func partOfLongerName(s string, st, en int) bool {
	before := strings.TrimRight(s[:st], " ")
	if len(before) < st && len(before) > 0 && st-len(before) == 1 {
		w := lastWord(before)
		possessive := strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
		if w != "" && startsUpper(w) && !articleWord(w) && !possessive {
			return true
		}
	}
	if en+1 < len(s) && s[en] == ' ' {
		w := firstWord(s[en+1:])
		if w != "" && startsUpper(w) && !nameContinuations[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

func articleWord(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an", "to", "by", "from", "with", "in", "on", "of", "for", "and", "but",
		"or", "as", "at", "also", "meanwhile", "yesterday", "today", "earlier", "later", "however",
		"then", "now", "separately", "previously", "when", "while", "after", "before", "since",
		"according", "told", "said", "says", "via", "citing", "per", "if", "so", "yet", "still":
		return true
	}
	return false
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’')
	})
	return s[i+1:]
}

func firstWord(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') })
	if i < 0 {
		return s
	}
	return s[:i]
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// citations finds outlets the text cites, in order of first citation,
// deduplicated case-insensitively under their canonical name.
func citations(text string) []Citation {
	var out []Citation
	seen := map[string]bool{}
	add := func(name, ev string) {
		k := strings.ToLower(name)
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, Citation{Outlet: name, Evidence: ev})
	}
	type hit struct {
		pos  int
		name string
		ev   string
	}
	var hits []hit
	for _, occ := range findAliases(text) {
		before := text[max(0, occ.start-60):occ.start]
		before = before[validStart(before):]
		after := text[occ.end:min(len(text), occ.end+60)]
		if citeBeforeRe.MatchString(strings.ToLower(before)) || citeAfterRe.MatchString(strings.ToLower(after)) {
			hits = append(hits, hit{occ.start, occ.outlet.Name, snippet(text, occ.start, occ.end)})
		}
	}
	// Unknown names need an outlet word, and their patterns never cross a
	// line, so only lines with a capitalised outlet word are searched.
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		base := off
		off += len(line)
		if !hasOutletWord(line) {
			continue
		}
		for _, m := range unknownCitations(line) {
			raw := strings.TrimSpace(line[m[2]:m[3]])
			if notOutletRe.MatchString(raw) {
				continue
			}
			full := cutAfterOutletWord(trimLeaders(trimContinuations(strings.TrimRight(raw, "."))))
			name := strings.TrimPrefix(full, "The ")
			_, known := LookupOutlet(name)
			_, knownFull := LookupOutlet(full)
			if known || knownFull {
				continue // found above with its context rules
			}
			// A lone "Post" or "Times" is a short reference to an outlet
			// named in full elsewhere, or to none we can name.
			if !looksLikeOutlet(name) || !strings.Contains(name, " ") {
				continue
			}
			hits = append(hits, hit{base + m[2], name, snippet(text, base+m[2], base+m[3])})
		}
	}
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].pos < hits[j-1].pos; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	for _, h := range hits {
		add(CanonicalOutlet(h.name), h.ev)
	}
	return out
}

// notOutletRe marks capitalised runs that name a role or an office, not a
// news outlet ("Pentagon Press Secretary", "the White House Press Office").
var notOutletRe = regexp.MustCompile(`\b(?:Secretary|Office|Officer|Conference|Release|Spokesman|Spokeswoman|Spokesperson|Corps|Club|Council)\b`)

// cutAfterOutletWord ends an unknown name after its last outlet word and
// any number that follows it ("Channel 10"), dropping what a capitalised
// run picked up after it ("Fox News' Sean Hannity" -> "Fox News").
func cutAfterOutletWord(name string) string {
	words := strings.Fields(name)
	last := -1
	for i, w := range words {
		if outletWords[strings.ToLower(stripPossessive(w))] {
			last = i
		}
	}
	if last < 0 {
		return name
	}
	end := last + 1
	for end < len(words) && isDigits(words[end]) {
		end++
	}
	return stripPossessive(strings.Join(words[:end], " "))
}

// stripPossessive removes a final "'s", "’s", "'" or "’".
func stripPossessive(w string) string {
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// trimLeaders drops leading words that are not part of an outlet's name:
// sentence openers ("As The Mirror reported") and possessive places
// ("Britain's Telegraph").
func trimLeaders(name string) string {
	words := strings.Fields(name)
	for len(words) > 1 {
		w := words[0]
		if articleWord(w) && !strings.EqualFold(w, "the") {
			words = words[1:]
			continue
		}
		break
	}
	// A possessive place before the name: "South Korea's Yonhap".
	for i := 0; i < len(words)-1 && i < 3; i++ {
		if strings.HasSuffix(words[i], "'s") || strings.HasSuffix(words[i], "’s") {
			words = words[i+1:]
			break
		}
	}
	return strings.Join(words, " ")
}

// trimContinuations drops trailing weekdays and months that a capitalised
// run picked up ("told the Daily News Tuesday").
func trimContinuations(name string) string {
	words := strings.Fields(name)
	for len(words) > 1 && nameContinuations[strings.ToLower(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// validStart returns the index of the first full rune in s (s may have been
// cut inside a multi-byte rune).
func validStart(s string) int {
	for i := 0; i < len(s) && i < 4; i++ {
		if utf8.RuneStart(s[i]) {
			return i
		}
	}
	return 0
}

// snippet quotes a few words around s[st:en] as evidence.
func snippet(s string, st, en int) string {
	a := st - 40
	if a < 0 {
		a = 0
	}
	for a > 0 && a < st && !utf8.RuneStart(s[a]) {
		a++
	}
	if i := strings.LastIndexAny(s[a:st], "\n.!?"); i >= 0 {
		a += i + 1
	} else if i := strings.IndexByte(s[a:st], ' '); i >= 0 && a > 0 {
		a += i + 1
	}
	b := en + 20
	if b > len(s) {
		b = len(s)
	}
	for b < len(s) && !utf8.RuneStart(s[b]) {
		b++
	}
	if i := strings.IndexAny(s[en:b], "\n,.;"); i >= 0 {
		b = en + i
	} else if i := strings.LastIndexByte(s[en:b], ' '); i >= 0 && b < len(s) {
		b = en + i
	}
	return quote(strings.TrimSpace(s[a:b]))
}

func quote(s string) string { return "'" + s + "'" }

// paragraphs splits text on newlines, dropping empty lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// hasOutletWord reports whether a line holds a capitalised outlet word.
func hasOutletWord(line string) bool {
	for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if startsUpper(w) && outletWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// unknownCitations returns the submatch indexes of both unknown-outlet
// patterns in line.
func unknownCitations(line string) [][]int {
	return append(citeUnknownRe.FindAllStringSubmatchIndex(line, -1), citeUnknownAfterRe.FindAllStringSubmatchIndex(line, -1)...)
}
