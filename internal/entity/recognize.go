package entity

import (
	"sort"
	"strings"
	"unicode"

	"github.com/crosscheck/crosscheck/internal/text"
)

// nonNames are capitalised words that never start a named entity here:
// months, weekdays and holidays belong to temporal expressions.
var nonNames = set(
	"january", "february", "april", "june", "july", "august", "september", "october", "november", "december",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter",
	"i", "i'm", "i'd", "i've", "i'll", "i’m", "i’d", "i’ve", "i’ll", "ok", "okay", "internet",
	"we've", "we're", "we'll", "we'd", "they're", "they've", "you're", "it's", "that's", "there's", "here's",
	"we’ve", "we’re", "we’ll", "they’re", "they’ve", "you’re", "it’s", "that’s", "there’s", "here’s", "web", "covid-19", "covid", "god", "ramadan", "eid", "hanukkah",
	"thanksgiving", "halloween", "am", "a.m.", "p.m.", "ad", "bc",
	// acronyms that are not entities
	"gdp", "gnp", "cpi", "ai", "faq", "pdf", "usb", "dna", "rna", "hiv", "aids", "vip", "ipo", "q1", "q2", "q3", "q4",
	"op-ed", "ps", "tba", "etc", "lol", "rsvp", "diy", "ceo's", "ko", "tko", "mvp",
	// time zones
	"gmt", "utc", "edt", "est", "pdt", "pst", "cdt", "cst", "mdt", "mst", "bst", "cet", "cest", "eet", "ist", "jst",
)

// loneWords are adjectives that name nothing when they stand alone.
var loneWords = set("western", "eastern", "northern", "southern", "central", "federal", "national", "international",
	"global", "royal", "imperial", "islamic", "christian", "muslim", "jewish", "catholic", "protestant", "orthodox",
	"sunni", "shia", "shiite", "communist", "socialist", "marxist", "liberal", "conservative", "atlantic", "pacific",
	"transatlantic", "arctic", "photo", "image", "video", "source", "sources", "file", "reporting", "editing",
	"published", "updated", "posted", "filed", "edited", "additional", "breaking", "exclusive", "advertisement")

// starters are words that are capitalised only because they open a sentence.
var starters = set(
	"according", "after", "also", "although", "amid", "another", "asked", "before", "despite", "during", "earlier",
	"even", "every", "following", "however", "if", "instead", "last", "later", "many", "meanwhile", "moreover",
	"most", "much", "nevertheless", "next", "nor", "once", "other", "others", "perhaps", "previously", "read",
	"since", "some", "still", "though", "thus", "today", "tomorrow", "unlike", "until", "whether", "while", "yesterday",
	"yet", "speaking", "like", "unless", "under", "now", "here", "there", "both", "either", "neither", "several",
	"few", "all", "any", "each", "no", "not", "first", "second", "third", "finally", "indeed", "instead", "rather",
	"already", "almost", "why", "how", "what", "who", "where", "when", "which", "whose", "whom", "please", "yes",
	"photo", "image", "video", "watch", "see", "click", "related", "more", "update", "updated", "editor's", "note",
	"journalists", "officials", "sources", "analysts", "critics", "experts", "observers", "residents", "people",
)

// connectors may join capitalised words inside one name.
var particles = set("van", "von", "der", "den", "de", "du", "da", "del", "della", "di", "le", "la", "al", "bin",
	"ibn", "el", "ter", "dos", "das", "zu", "al-", "ben", "bint")

// ofHeads may be followed by "of X" inside a name: "Department of Justice",
// "Secretary of State", "Republic of Korea".
var ofHeads = set("republic", "kingdom", "state", "states", "university", "bank", "department", "ministry",
	"secretary", "minister", "chief", "head", "office", "council", "court", "institute", "chamber", "house",
	"church", "museum", "school", "college", "academy", "federation", "union", "league", "party", "association",
	"organization", "organisation", "commission", "committee", "board", "bureau", "agency", "director",
	"chairman", "president", "governor", "mayor", "duke", "prince", "princess", "king", "queen", "emir",
	"sultan", "bay", "gulf", "isle", "strait", "sea", "port", "city", "county", "district", "province",
	"people's", "conference", "summit", "forum", "battle", "siege", "treaty", "army", "navy", "corps",
	"division", "centre", "center", "hall", "bishop", "archbishop", "cathedral", "ambassador", "envoy",
	"commissioner", "speaker", "leader", "officer", "staff", "general", "attorney", "secretary-general")

// toHeads may be followed by "to X": "Ambassador to NATO".
var toHeads = set("ambassador", "envoy", "representative", "adviser", "advisor", "delegate", "emissary", "counselor")

// designators end a company's name.
var designators = set("inc.", "inc", "corp.", "corp", "ltd.", "ltd", "co.", "llc", "plc", "n.v.", "s.a.", "ag", "gmbh")

// placePrefixes start place names: "East Flatbush", "Fort Worth".
var placePrefixes = set("north", "south", "east", "west", "central", "upper", "lower", "greater", "northern",
	"southern", "eastern", "western", "fort", "port", "lake", "mount", "mt.", "san", "santa", "los", "las", "saint",
	"st.", "new", "north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast", "southwest")

// placeNouns after a bare name make it a place: "Aceh province".
var placeNouns = set("town", "village", "province", "district", "region", "state", "county", "city", "island",
	"river", "valley", "mountains", "peninsula", "prefecture", "municipality", "neighbourhood", "neighborhood",
	"suburb", "oblast", "governorate", "department", "canton", "coast", "border", "capital")

// saidCues after a bare name suggest a person.
var saidCues = set("said", "says", "told", "added", "wrote", "argued", "noted", "explained", "insisted", "warned",
	"stated", "declared", "tweeted", "claimed", "replied", "responded", "asked", "believes", "thinks", "who")

// placeCues before a bare name suggest a place.
var placeCues = set("in", "at", "from", "near", "across", "to", "into", "outside", "inside", "throughout", "toward",
	"towards", "via")

// docCtx holds what recognition learns about one text as a whole.
type docCtx struct {
	text      string
	toks      []tok
	lowerSeen map[string]bool // folded words that occur in lower case
	capSeen   map[string]bool // folded words that occur capitalised mid-sentence
	capCount  map[string]int  // how often, to tell names from one-off capitals
	capAll    map[string]int  // capitalised occurrences anywhere, sentence starts included
	nocap     []bool          // tokens to treat as lower case (title-case lines)
}

func newDocCtx(s string, toks []tok) *docCtx {
	c := &docCtx{text: s, toks: toks, lowerSeen: map[string]bool{}, capSeen: map[string]bool{}, capCount: map[string]int{}, capAll: map[string]int{}, nocap: make([]bool, len(toks))}
	title := c.titleLines()
	for k, t := range toks {
		if !t.word {
			continue
		}
		if t.upper {
			c.capAll[t.low]++
			if !t.sent && !title[k] {
				c.capSeen[t.low] = true
				c.capCount[t.low]++
			}
		} else if unicode.IsLetter(firstRune(t.s)) {
			c.lowerSeen[t.low] = true
		}
	}
	for k, t := range toks {
		// in a headline only known names, acronyms and words capitalised
		// elsewhere count as names
		if title[k] && t.word && t.upper && !t.caps {
			f := t.low
			if _, ok := gaz.lookup(t.s); !ok && !gaz.given[f] && !c.capSeen[f] && !honorifics[f] && !roleNouns[f] {
				c.nocap[k] = true
			}
		}
	}
	return c
}

// titleLines marks the tokens of headline-style lines (most words
// capitalised), so that "Dutch Government Collapse: PM ..." does not become
// one long name.
func (c *docCtx) titleLines() []bool {
	title := make([]bool, len(c.toks))
	lineStart := 0
	for lineStart < len(c.toks) {
		lineEnd := lineStart + 1
		for lineEnd < len(c.toks) && !strings.Contains(c.text[c.toks[lineEnd-1].end:c.toks[lineEnd].start], "\n") {
			lineEnd++
		}
		words, capped := 0, 0
		for k := lineStart; k < lineEnd; k++ {
			t := c.toks[k]
			if !t.word || text.IsStopword(t.low) {
				continue
			}
			words++
			if t.upper {
				capped++
			}
		}
		lastTok := c.toks[lineEnd-1].s
		sentence := lastTok == "." || lastTok == "!" || lastTok == "?" || lastTok == "”" || lastTok == "\""
		if words >= 3 && capped*10 >= words*8 && !sentence {
			for k := lineStart; k < lineEnd; k++ {
				title[k] = true
			}
		}
		lineStart = lineEnd
	}
	return title
}

// commonStart reports whether a folded sentence-initial word is a common
// word, capitalised only because it opens the sentence.
func (c *docCtx) commonStart(f string) bool {
	if gaz.given[f] {
		return false
	}
	return text.IsStopword(f) || starters[f] || (c.lowerSeen[f] && !c.capSeen[f]) ||
		strings.HasPrefix(f, "wh") && strings.HasSuffix(f, "ever") ||
		len(f) > 5 && (strings.HasSuffix(f, "ly") || strings.HasSuffix(f, "ing")) && !c.capSeen[f] && c.capAll[f] < 3
}

// isCap reports whether token k can be part of a name.
func (c *docCtx) isCap(k int) bool {
	t := c.toks[k]
	if !t.word || !t.upper || c.nocap[k] {
		return false
	}
	if (t.low == "pm" || t.low == "am") && k > 0 && unicode.IsDigit(firstRune(c.toks[k-1].s)) {
		return false // "4:59 PM"
	}
	if nonNames[t.low] {
		return false
	}
	if len(t.low) == 2 && strings.HasSuffix(t.low, ".") && !(k+1 < len(c.toks) && c.toks[k+1].word && c.toks[k+1].upper) {
		return false // "E." alone is an initial, not a name; "Robert W. Goodlatte" keeps it
	}
	if t.caps && (months[t.low] || len(t.low) > 5 || text.IsStopword(t.low)) && !c.knownCaps(k) {
		// a shouted word ("PUBLISHED", "MAY") is no acronym
		return false
	}
	return true
}

// knownCaps reports whether the all-capitals token k is a known name or
// part of a run that the gazetteer knows ("UNESCO", "BRUSSELS").
func (c *docCtx) knownCaps(k int) bool {
	_, ok := gaz.lookup(c.toks[k].s)
	return ok || strings.Contains(c.toks[k].s, ".")
}

var months = set("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
	"oct.", "nov.", "dec.")

// Recognize finds the named entities of an article: people, organisations,
// places and named events, with their role phrases attached and short forms
// resolved within the article (Mention.Local). Offsets are bytes into text.
func Recognize(s string) []Mention {
	toks := tokenize(s)
	c := newDocCtx(s, toks)
	var ms []Mention
	for k := 0; k < len(toks); {
		if !c.isCap(k) {
			k++
			continue
		}
		end := c.runEnd(k)
		ms = append(ms, c.analyzeRun(k, end)...)
		k = end
	}
	c.voteTypes(ms)
	retypeSurnames(ms)
	Localize(s, ms)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	return ms
}

// adjacent reports whether tokens a and a+1 are separated by spaces only
// (no line break), so they can belong to one name.
func (c *docCtx) adjacent(a int) bool {
	gap := c.text[c.toks[a].end:c.toks[a+1].start]
	return len(gap) <= 2 && strings.TrimLeft(gap, " \u00a0") == ""
}

// runEnd returns the end (exclusive) of the name-like token run starting at k.
func (c *docCtx) runEnd(k int) int {
	end := k + 1
	for end < len(c.toks) {
		if !c.adjacent(end - 1) {
			break
		}
		if c.isCap(end) {
			if designators[c.toks[end-1].low] && end-1 > k {
				break // "Apple Inc. Steve Jobs": the company ends at "Inc."
			}
			if low := c.toks[end].low; text.IsStopword(low) && !c.toks[end].caps && low != "may" && !gaz.given[low] {
				break // title case: "Was Carried In Full On The"
			}
			end++
			continue
		}
		t := c.toks[end]
		lw := t.low
		next := end + 1
		if next >= len(c.toks) || !c.adjacent(end) {
			break
		}
		if t.s == "-" && t.start == c.toks[end-1].end && c.toks[next].start == t.end && c.isCap(next) {
			end = next + 1 // "Agence France-Presse", split at the hyphen by tokenize
			continue
		}
		if (t.s == "&" || (t.word && particles[lw])) && c.isCap(next) {
			end = next + 1
			continue
		}
		prev := c.toks[end-1].low
		if (lw == "of" || lw == "for" || lw == "on") && ofHeads[prev] {
			if c.isCap(next) {
				end = next + 1
				continue
			}
			if c.toks[next].low == "the" && next+1 < len(c.toks) && c.adjacent(next) && c.isCap(next+1) {
				end = next + 2
				continue
			}
		}
		if lw == "to" && toHeads[prev] && c.isCap(next) {
			end = next + 1
			continue
		}
		if lw == "and" && c.isCap(next) {
			// "Bosnia and Herzegovina", "Securities and Exchange Commission"
			e2 := next + 1
			for e2 < len(c.toks) && c.adjacent(e2-1) && c.isCap(e2) {
				e2++
			}
			whole := c.text[c.toks[k].start:c.toks[e2-1].end]
			if _, ok := gaz.lookup(whole); ok || orgHeads[c.toks[e2-1].low] && e2-k >= 4 {
				end = e2
				continue
			}
		}
		break
	}
	return end
}

// part kinds inside a run.
const (
	pName = iota
	pGaz
	pRole
	pMod
	pConn
)

type part struct {
	kind     int
	from, to int // token indices
	gaz      gazEntry
}

func (c *docCtx) span(from, to int) string { return c.text[c.toks[from].start:c.toks[to-1].end] }

func (c *docCtx) firstCap(from, to int) int {
	for from < to && !c.isCap(from) {
		from++
	}
	return from
}

// analyzeRun turns the run of tokens [from, to) into mentions.
func (c *docCtx) analyzeRun(from, to int) []Mention {
	if e, ok := gaz.lookup(c.span(from, to)); ok {
		// a known name that is also a common word ("Shell", "Apple") counts at
		// the start of a sentence only if the text never uses it in lower case
		f := c.toks[from].low
		if !(to-from == 1 && c.toks[from].sent && !c.toks[from].caps && (text.IsStopword(f) || c.lowerSeen[f] && !c.capSeen[f])) {
			return []Mention{c.gazMention(from, to, e)}
		}
		return nil
	}
	// a capitalised function word mid-sentence is title case ("In Full")
	for from < to && !c.toks[from].sent && !c.toks[from].caps && text.IsStopword(c.toks[from].low) &&
		c.toks[from].low != "may" && !gaz.given[c.toks[from].low] {
		from = c.firstCap(from+1, to)
	}
	// sentence-initial common words are not names
	for from < to && c.toks[from].sent {
		f := c.toks[from].low
		_, inGaz := gaz.lookup(c.toks[from].s)
		if inGaz || gaz.given[f] || c.toks[from].caps || (honorifics[f] || roleNouns[f] || courtesy[f]) && to-from > 1 {
			break
		}
		if !c.commonStart(f) {
			break
		}
		from = c.firstCap(from+1, to)
	}
	if from >= to {
		return nil
	}
	if to-from == 1 && loneWords[c.toks[from].low] {
		return nil
	}
	if to-from == 1 && c.toks[from].sent {
		f := c.toks[from].low
		_, inGaz := gaz.lookup(c.toks[from].s)
		// a word that opens two sentences and never appears in lower case
		// is a name ("Boeing said ... Boeing will")
		if !inGaz && !gaz.given[f] && !c.capSeen[f] && !c.toks[from].caps && !c.saidAfter(to) &&
			(c.lowerSeen[f] || c.capAll[f] < 2) {
			return nil
		}
	}
	to = c.trimCommonTail(from, to)
	whole := c.span(from, to)
	if e, ok := gaz.lookup(whole); ok {
		return []Mention{c.gazMention(from, to, e)}
	}
	last := strings.ToLower(strings.TrimSuffix(c.toks[to-1].s, "."))
	parts := c.segment(from, to)
	lead := c.toks[from].low
	if to-from >= 2 && !(honorifics[lead] || roleNouns[lead] || courtesy[lead]) {
		if typ := headType(last); typ != "" {
			m := Mention{Text: whole, Start: c.toks[from].start, End: c.toks[to-1].end, Type: typ, Name: whole}
			out := []Mention{m}
			if parts[0].kind == pGaz {
				// "Apple" in "Apple Worldwide Developers Conference"
				out = append(out, c.gazMention(parts[0].from, parts[0].to, parts[0].gaz))
			}
			return out
		}
	}
	var out []Mention
	for _, p := range parts {
		if p.kind == pGaz {
			out = append(out, c.gazMention(p.from, p.to, p.gaz))
		}
	}
	// a role phrase followed by a name: "Belgian Prime Minister Jan Peeters",
	// "U.S. Ambassador to NATO Julianne Smith"
	if n := len(parts); n >= 2 && parts[n-1].kind == pName {
		first := firstRoleOrMod(parts, n-2)
		hasRole := false
		for _, p := range parts[first : n-1] {
			if p.kind == pRole {
				hasRole = true
			}
		}
		if hasRole {
			out = append(out, c.nameSegments(parts[:first], true)...)
			nameFrom := parts[n-1].from
			if t := headType(c.toks[to-1].low); t != "" && to-nameFrom >= 2 {
				// "Chief Operating Officer of AirTran Airways": the name is the employer
				name := c.span(nameFrom, to)
				return append(out, Mention{Text: name, Start: c.toks[nameFrom].start, End: c.toks[to-1].end, Type: t, Name: name})
			}
			out = append(out, c.person(parts[first].from, nameFrom, to))
			return out
		}
	}
	// a role phrase with no name after it: keep the names before it
	for i := len(parts) - 1; i >= 0; i-- {
		if parts[i].kind == pRole {
			out = append(out, c.nameSegments(parts[:firstRoleOrMod(parts, i)], true)...)
			out = append(out, c.nameSegments(parts[i+1:], true)...)
			return out
		}
	}
	out = append(out, c.nameSegments(parts, true)...)
	return out
}

// firstRoleOrMod returns the index of the first part of the role phrase
// that ends at parts[last]: modifiers, places and organisations before it.
func firstRoleOrMod(parts []part, last int) int {
	i := last
	for i > 0 {
		k := parts[i-1].kind
		if k == pRole || k == pMod || k == pGaz || k == pConn {
			i--
			continue
		}
		break
	}
	for i < last && parts[i].kind == pConn {
		i++
	}
	return i
}

// segment splits a run into gazetteer matches, role words, modifiers,
// connectors and name tokens.
func (c *docCtx) segment(from, to int) []part {
	var parts []part
	hasRoleNoun := false
	for k := from; k < to; k++ {
		lw := c.toks[k].low
		if honorifics[lw] || roleNouns[lw] || courtesy[lw] {
			hasRoleNoun = true
		}
	}
	for k := from; k < to; {
		// longest gazetteer match
		best := 0
		var be gazEntry
		for n := min(gaz.maxLen, to-k); n >= 1; n-- {
			if e, ok := gaz.lookup(c.span(k, k+n)); ok {
				best, be = n, e
				break
			}
		}
		lw := c.toks[k].low
		isRole := honorifics[lw] || courtesy[lw] || roleNouns[lw]
		// a one-token gazetteer hit that is also a title ("General") counts
		// as a title when a name follows
		// a one-word place or company right after a name is a surname
		// ("Henry Ford", "Access Hollywood", "Michael Jordan")
		afterName := len(parts) > 0 && parts[len(parts)-1].kind == pName && best == 1 && !be.demonym && !c.toks[k].caps &&
			(gaz.given[c.toks[parts[len(parts)-1].from].low] || orgHeads[c.toks[parts[len(parts)-1].to-1].low])
		if best > 0 && !(best == 1 && isRole && k+1 < to) && !afterName {
			parts = append(parts, part{kind: pGaz, from: k, to: k + best, gaz: be})
			k += best
			continue
		}
		switch {
		case isRole && !(k == to-1 && !courtesy[lw] && !honorifics[lw]):
			parts = append(parts, part{kind: pRole, from: k, to: k + 1})
		case isRole:
			parts = append(parts, part{kind: pRole, from: k, to: k + 1})
		case hasRoleNoun && roleModifiers[lw]:
			parts = append(parts, part{kind: pMod, from: k, to: k + 1})
		case !c.toks[k].word || !c.toks[k].upper:
			parts = append(parts, part{kind: pConn, from: k, to: k + 1})
		default:
			if n := len(parts); n > 0 && parts[n-1].kind == pName {
				parts[n-1].to = k + 1
			} else {
				parts = append(parts, part{kind: pName, from: k, to: k + 1})
			}
		}
		k++
	}
	// a name directly followed by a particle-joined name stays one name
	merged := parts[:0]
	for _, p := range parts {
		n := len(merged)
		if n >= 2 && p.kind == pName && merged[n-1].kind == pConn && merged[n-2].kind == pName &&
			particles[c.toks[merged[n-1].from].low] {
			merged[n-2].to = p.to
			merged = merged[:n-1]
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

// headType types a multi-word name by its last word.
func headType(last string) string {
	switch {
	case eventHeads[last]:
		return Event
	case orgHeads[last]:
		return Org
	case locHeads[last]:
		return Loc
	}
	return ""
}

// nameSegments emits the name parts of a run without a role. A place or
// organisation directly before a person's name becomes that person's role
// ("NATO ... Julianne Smith" style qualifiers).
func (c *docCtx) nameSegments(parts []part, attachGaz bool) []Mention {
	var out []Mention
	for i, p := range parts {
		if p.kind != pName {
			continue
		}
		typ, guess := c.classify(p.from, p.to)
		if i > 0 && parts[i-1].kind == pGaz && parts[i-1].gaz.typ == Org && parts[i-1].to == p.from &&
			!gaz.given[c.toks[p.from].low] {
			// "Boeing Commercial Airplanes", "EADS North America": a division
			name := c.span(parts[i-1].from, p.to)
			out = append(out, Mention{Text: name, Start: c.toks[parts[i-1].from].start, End: c.toks[p.to-1].end, Type: Org, Name: name})
			continue
		}
		if typ == Person && attachGaz && i > 0 && parts[i-1].kind == pGaz && parts[i-1].to == p.from {
			out = append(out, c.person(parts[i-1].from, p.from, p.to))
			continue
		}
		if typ == Person {
			m := c.person(p.from, p.from, p.to)
			m.guess = guess && m.Role == ""
			out = append(out, m)
			continue
		}
		if typ == "" {
			continue
		}
		name := c.span(p.from, p.to)
		out = append(out, Mention{Text: name, Start: c.toks[p.from].start, End: c.toks[p.to-1].end, Type: typ, Name: name, guess: guess})
	}
	return out
}

// classify guesses the type of a name that no gazetteer knows. guess is
// true when no word of the name or its neighbours decided it, so that the
// article-wide vote of voteTypes may overturn it.
func (c *docCtx) classify(from, to int) (typ string, guess bool) {
	n := to - from
	last := c.toks[to-1].low
	if n >= 2 {
		if t := headType(last); t != "" {
			return t, false
		}
	}
	if n == 1 && c.toks[from].caps {
		return Org, false
	}
	for k := from; k < to; k++ {
		if strings.IndexFunc(c.toks[k].s, unicode.IsDigit) >= 0 {
			return Org, true // a product or model: "Airbus A330 MRTT"
		}
	}
	if gaz.given[c.toks[from].low] && n >= 2 {
		return Person, false
	}
	if n >= 2 && orgHeads[c.toks[from].low] && !roleModifiers[c.toks[from].low] || n >= 2 && c.toks[from].low == "air" {
		return Org, false // "Air Canada"
	}
	if n >= 2 && placePrefixes[c.toks[from].low] {
		return GPE, false // "East Flatbush", "North Sumatra"
	}
	if to < len(c.toks) && c.toks[to].word && !c.toks[to].upper && (locHeads[c.toks[to].low] || placeNouns[c.toks[to].low]) {
		return GPE, false // "Aceh province", "Sumatra island"
	}
	if n >= 2 && n <= 4 {
		return Person, true
	}
	if from > 0 && placeCues[c.toks[from-1].low] {
		return GPE, true
	}
	if n == 1 && c.capCount[c.toks[from].low] < 2 && c.lowerSeen[c.toks[from].low] {
		return "", false // a one-off capitalised common word ("Deli", "Precinct")
	}
	return Org, true
}

// saidAfter reports whether a speech verb or "who" follows token k.
func (c *docCtx) saidAfter(k int) bool {
	if k < len(c.toks) && c.toks[k].s == "," {
		k++
	}
	return k < len(c.toks) && saidCues[c.toks[k].low]
}

// gazMention builds the mention of a gazetteer match.
func (c *docCtx) gazMention(from, to int, e gazEntry) Mention {
	s := c.span(from, to)
	m := Mention{Text: s, Start: c.toks[from].start, End: c.toks[to-1].end, Type: e.typ, Name: s}
	if e.typ == GPE || e.typ == Loc {
		m.Place = e.canonical
		if e.seat && to < len(c.toks) && from > 0 && c.toks[from-1].s == "," {
			// "Everett, Washington": a state or city after a comma, not the seat
			m.Place = ""
		}
	}
	m.Local = e.canonical
	if m.Place == "" && (e.typ == GPE || e.typ == Loc) {
		m.Local = s
	}
	return m
}

// person builds a PERSON mention whose role runs over tokens [roleFrom,
// nameFrom) and whose name is [nameFrom, to); it extends the role leftwards
// over lower-case role words ("Dutch defense chief General ...") and
// rightwards over an appositive (", the Dutch prime minister").
func (c *docCtx) person(roleFrom, nameFrom, to int) Mention {
	start := c.leftRole(roleFrom, roleFrom < nameFrom)
	// drop courtesy titles at the head of the name
	for nameFrom < to-1 && courtesy[c.toks[nameFrom].low] {
		nameFrom++
	}
	name := c.span(nameFrom, to)
	m := Mention{Text: c.span(start, to), Start: c.toks[start].start, End: c.toks[to-1].end, Type: Person, Name: name}
	if start < nameFrom {
		m.Role = cleanRole(c.text[c.toks[start].start:c.toks[nameFrom].start])
	}
	if m.Role == "" {
		m.Role = c.rightRole(to)
	}
	return m
}

// cleanRole trims punctuation from a role phrase. Courtesy titles ("Mr.",
// "Mrs.") stay, as the issue asks: they tell people of one surname apart.
func cleanRole(r string) string {
	return strings.Trim(strings.Join(strings.Fields(r), " "), " ,;:—–-")
}

// leftRole extends a role phrase leftwards from token k over lower-case role
// words, modifiers, possessive places and capitalised qualifiers, as long as
// the extension holds a role noun.
func (c *docCtx) leftRole(k int, hasRole bool) int {
	best := k
	sawNoun := hasRole
	j := k
	// an appositive "minister, Name": one comma directly before the name
	if j > 1 && c.toks[j-1].s == "," && roleNouns[c.toks[j-2].low] {
		j--
	}
	for steps := 0; j > 0 && steps < 10; steps++ {
		t := c.toks[j-1]
		lw := t.low
		if !c.adjacent(j-1) && t.s != "," {
			break
		}
		switch {
		case t.word && !t.upper && (roleNouns[lw] || honorifics[lw]):
			sawNoun = true
			j--
		case t.word && !t.upper && (roleModifiers[lw] || strings.HasSuffix(lw, "-wing") || strings.HasPrefix(lw, "far-")):
			j--
		case t.word && !t.upper && (lw == "to" || lw == "of" || lw == "for") && j < k && j-2 >= 0 && (roleNouns[c.toks[j-2].low] || toHeads[c.toks[j-2].low]):
			// "envoy to Japan X" qualifies X; "adviser to Mr. X" is someone else's role
			j--
		case t.possessive && j >= 2 && c.isCap(j-2):
			j -= 2
			for j > 0 && c.isCap(j-1) && c.adjacent(j-1) {
				j--
			}
		case c.isCap(j-1) && sawNoun:
			for j > 0 && c.isCap(j-1) && c.adjacent(j-1) && !c.toks[j-1].sent {
				j--
			}
			if j > 0 && c.isCap(j-1) && c.toks[j-1].sent && c.adjacent(j-1) {
				if !c.commonStart(c.toks[j-1].low) {
					j--
				}
				best = j
				return best
			}
		default:
			if sawNoun {
				best = j
			}
			return best
		}
		if sawNoun {
			best = j
		}
	}
	if sawNoun {
		best = j
	}
	// the phrase must not start on a connector
	for best < k && c.toks[best].word && !c.toks[best].upper && (c.toks[best].s == "to" || c.toks[best].s == "of" || c.toks[best].s == "for") {
		best++
	}
	return best
}

// rightRole reads an appositive role after a name: ", the former British
// defense secretary," / ", a NATO official".
func (c *docCtx) rightRole(k int) string {
	if k >= len(c.toks) || c.toks[k].s != "," {
		return ""
	}
	j := k + 1
	if j < len(c.toks) {
		switch c.toks[j].low {
		case "the", "a", "an":
			j++
		}
	}
	start := j
	lastNoun := -1
	for ; j < len(c.toks) && j-start < 8; j++ {
		t := c.toks[j]
		lw := t.low
		if !t.word && !t.possessive {
			break
		}
		if roleNouns[lw] || honorifics[lw] && !courtesy[lw] {
			lastNoun = j
			continue
		}
		if roleModifiers[lw] || t.upper || t.possessive || strings.HasSuffix(lw, "-wing") {
			continue
		}
		if (lw == "of" || lw == "to" || lw == "for") && lastNoun == j-1 {
			continue
		}
		break
	}
	if lastNoun < start {
		return ""
	}
	end := lastNoun + 1
	// "minister of transport for Indonesia": keep a following "of X"
	for end+1 < len(c.toks) && (c.toks[end].s == "of" || c.toks[end].s == "to" || c.toks[end].s == "for") {
		next := end + 1
		if c.toks[next].low == "the" {
			next++
		}
		stop := next
		for stop < len(c.toks) && (c.isCap(stop) || c.toks[stop].word && !c.toks[stop].upper &&
			(placeNouns[c.toks[stop].low] || roleModifiers[c.toks[stop].low] || roleNouns[c.toks[stop].low])) {
			stop++
		}
		if stop == next {
			break // "director for the" and nothing named after it
		}
		end = stop
	}
	return cleanRole(c.span(start, end))
}

// retypeSurnames makes a one-word name that no gazetteer knows a person when
// it is the first or last word of a person's full name in the same text
// ("Peeters" after "Jan Peeters"), or is given a title there
// ("Trump" beside "Mr. Trump").
func retypeSurnames(ms []Mention) {
	names := map[string]bool{}
	for _, m := range ms {
		if m.Type != Person || m.guess {
			continue
		}
		if t := personTokens(m.Name); len(t) >= 2 {
			names[t[0]] = true
			names[surnameOf(t)] = true
		} else if len(t) == 1 && m.Role != "" {
			names[t[0]] = true // "Mr. Trump", "President Trump"
		}
	}
	for i := range ms {
		m := &ms[i]
		if m.Type == Person || m.Local != "" || m.Place != "" || strings.Contains(m.Name, " ") {
			continue
		}
		if names[nameKey(m.Name)] {
			m.Type = Person
		}
	}
}

// trimCommonTail drops a capitalised plural common noun that ends a run in a
// headline-like phrase ("the Comey Memos", "Schultz Servers"): a word that
// the text also uses in lower case. Two-word names that start with a given
// name keep their second word ("Steve Jobs").
func (c *docCtx) trimCommonTail(from, to int) int {
	for to-from >= 2 {
		w := c.toks[to-1]
		f := w.low
		if !w.word || !strings.HasSuffix(f, "s") || w.caps {
			break
		}
		if !c.lowerSeen[f] && !c.lowerSeen[strings.TrimSuffix(f, "s")] {
			break
		}
		if to-from == 2 && gaz.given[c.toks[from].low] {
			break
		}
		if _, ok := gaz.lookup(c.span(from, to)); ok || headType(w.low) != "" {
			break
		}
		to--
	}
	return to
}

// possessedBy reports whether the text between a person's mention end and
// a span's end goes on with a possessive or more words, rather than with an
// apposition after a comma.
func possessedBy(s string, from, to int) bool {
	if from >= to {
		return false
	}
	rest := s[from:to]
	if strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") || strings.HasPrefix(rest, "'") || strings.HasPrefix(rest, "’") {
		return true
	}
	if !strings.HasPrefix(rest, " ") {
		return false
	}
	w := strings.Fields(rest)
	if len(w) == 0 {
		return false
	}
	next := strings.ToLower(strings.Trim(w[0], ",.;:"))
	// "Emmanuel Macron of France" is still the person
	return unicode.IsLower(firstRune(w[0])) && !text.IsStopword(next)
}

// foldWord is text.Fold with a fast path for ASCII words.
func foldWord(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return text.Fold(w)
		}
	}
	return strings.ToLower(w)
}

// orgCues after a name mark an organisation: "Northrop Grumman's shares",
// "Aer Lingus said it", "Lockheed Martin, a defence contractor".
var orgCues = set("shares", "stock", "stocks", "inc", "inc.", "corp", "corp.", "spokesman", "spokeswoman",
	"spokesperson", "executives", "board", "contract", "contracts", "deal", "plant", "plants", "factory",
	"factories", "headquarters", "employees", "workers", "customers", "subsidiary", "unit", "division", "brand",
	"products", "profit", "profits", "revenue", "revenues", "sales", "earnings", "shareholders", "investors",
	"stake", "fleet", "flights", "stores", "airline", "company", "firm", "maker", "manufacturer", "carrier",
	"group", "bank", "retailer", "giant", "operator", "agency", "conglomerate", "startup", "rival", "supplier",
	"contractor", "which", "its", "it")

// voteTypes settles the guessed types of names that no word decided, by
// the article's evidence at every occurrence of the name: cues after it
// ("'s shares", ", which", "said it") for an organisation; an age (", 56,"),
// "who", "said he/she" for a person.
func (c *docCtx) voteTypes(ms []Mention) {
	votes := map[string]int{} // >0: organisation, <0: person
	for _, m := range ms {
		if !m.guess {
			continue
		}
		k := c.tokAt(m.End)
		if k < len(c.toks) && c.toks[k].possessive {
			k++
		}
		if k < len(c.toks) && c.toks[k].s == "," {
			k++
			if k < len(c.toks) && (c.toks[k].low == "a" || c.toks[k].low == "an" || c.toks[k].low == "the") {
				k++
			}
		}
		key := nameKey(m.Name)
		for j := k; j < len(c.toks) && j < k+3; j++ {
			t := c.toks[j]
			if t.s == "." || t.s == ";" {
				break
			}
			switch {
			case orgCues[t.low]:
				votes[key]++
			case t.low == "who" || t.low == "he" || t.low == "she" || t.low == "his" || t.low == "her":
				votes[key]--
			case j == k && t.word && unicode.IsDigit(firstRune(t.s)) && k > 0 && c.toks[k-1].s == ",":
				votes[key]-- // an age: "Peeters, 56,"
			default:
				continue
			}
			break
		}
	}
	// a name keeps one type in one article: decided mentions outvote guesses
	decided := map[string]map[string]int{}
	for _, m := range ms {
		if m.guess || m.Name == "" {
			continue
		}
		k := nameKey(m.Name)
		if decided[k] == nil {
			decided[k] = map[string]int{}
		}
		decided[k][m.Type]++
	}
	for i := range ms {
		m := &ms[i]
		if !m.guess {
			continue
		}
		k := nameKey(m.Name)
		if d := decided[k]; len(d) > 0 {
			best, n := "", 0
			for _, t := range []string{Person, Org, GPE, Loc, Event} {
				if d[t] > n {
					best, n = t, d[t]
				}
			}
			m.Type = best
			continue
		}
		switch v := votes[k]; {
		case v > 0 && m.Type != Org:
			m.Type = Org
		case v < 0 && m.Type != Person:
			m.Type = Person
		}
	}
}

// tokAt returns the index of the first token starting at or after byte off.
func (c *docCtx) tokAt(off int) int {
	return sort.Search(len(c.toks), func(i int) bool { return c.toks[i].start >= off })
}
