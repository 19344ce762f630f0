package entity

import (
	"strings"
	"unicode"
)

// SpanMention builds the mention of a span that another source marked (an
// annotator, another recogniser) so that Resolve can link it: the name and
// role are taken from the recognised mentions inside the span (found, from
// Recognize on the same text), else parsed from the span text. A span that
// holds only a role ("The president") becomes a role-only person mention.
// A span that names nothing by itself gets no Name, so that Resolve links it
// to nothing by name: a pronoun ("We"), a common noun ("The company"), a
// group ("Ford and GM") or a description whose names only modify its head
// ("Ford's German rival", "U.S. electronics retailer"); a description in
// apposition to a name ("Norwegian airline, Wideroe") is that name.
func SpanMention(s string, start, end int, typ string, found []Mention) Mention {
	m := Mention{Text: s[start:end], Start: start, End: end, Type: typ}
	if t := strings.Trim(m.Text, spanPunct); pronouns[strings.ToLower(t)] && !isCaps(t) { // "US" is no "us"
		if a, ok := antecedent(s, start, typ, found); ok {
			return spanAs(m, a)
		}
		return m
	}
	personInside := false
	for _, f := range found {
		if f.Type == Person && f.Start < end && start < f.End {
			personInside = true
		}
	}
	if typ != Person && coordinated(s, start, end, found) {
		return m
	}
	headEnd := spanHeadEnd(s, start, end, found)
	best, bestScore := -1, 0
	for i, f := range found {
		lo, hi := max(f.Start, start), min(f.End, end)
		if hi <= lo || typ == Person && personInside && f.Type != Person {
			continue
		}
		score := hi - lo
		inside := f.Start >= start && f.End <= end
		if inside {
			score += 1 << 20
			if f.Start < headEnd && (typ == Person || f.Type != Person) {
				// "Toulouse, France" is Toulouse; but "Rep. Cummings
				// of Maryland" marked as a place is Maryland
				score += 1 << 19
				if f.End >= headEnd {
					score += 1 << 16 // "Volkswagen parent Porsche SE" is Porsche SE: English heads come last
				}
			}
			if class(f.Type) == class(typ) {
				score += 1 << 18 // "The American computer company Apple" is Apple
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	// a person span in which only a place or organisation was found is a
	// role ("The North Korean leader"), handled below
	if best >= 0 && !(found[best].Start >= start && found[best].End <= end) {
		// the span is part of a longer name ("Apple" in "Apple Worldwide
		// Developers Conference"): a known name stands for itself
		if e, ok := gaz.lookup(m.Text); ok {
			m.Type, m.Name, m.Local = e.typ, m.Text, e.canonical
			if e.typ == GPE || e.typ == Loc {
				m.Place = e.canonical
			}
			return m
		}
	}
	if best >= 0 && found[best].Type == Person && possessedBy(s, found[best].End, end) {
		// "Mr. Trump's associates", "Trump campaign officials": the span
		// is about something the person has, not the person
		phrase := strings.Trim(m.Text, spanPunct)
		m.Name, m.Local = phrase, phrase
		return m
	}
	if best >= 0 && typ != Person && found[best].Type != Person {
		f := found[best]
		if f.End < headEnd && modifies(s, f, headEnd, typ) {
			// the name only modifies the head: the head is another name
			// ("U.S. electronics retailer Best Buy") or a description
			for _, g := range found {
				if g.Start >= f.End && g.Start < headEnd && g.End >= headEnd && g.End <= end {
					return spanAs(m, g)
				}
			}
			if a, ok := apposedInside(s, headEnd, end, typ, found); ok {
				return spanAs(m, a) // "Norwegian airline, Wideroe"
			}
			if a, ok := apposed(s, start, end, typ, found); ok {
				return spanAs(m, a)
			}
			return m
		}
		if f.Start < headEnd && f.End >= headEnd && f.End < end && listed(s, f.End, end, f, found) {
			return m // "Nokia Oyj, Ericsson AB": two names
		}
	}
	if best >= 0 && !(typ == Person && found[best].Type != Person) {
		return spanAs(m, found[best])
	}
	phrase := strings.Trim(m.Text, spanPunct)
	w := strings.Fields(phrase)
	if len(w) > 1 && strings.EqualFold(w[0], "the") {
		w = w[1:]
	}
	phrase = strings.Join(w, " ")
	if h, _ := roleWords(phrase); len(h) > 0 {
		m.Role = phrase
		if predicative(s, start) {
			// "stepped down as CEO": the post, not a person; m keeps no
			// name and no role, so nothing links to it
			m.Role = ""
			return m
		}
		if p, ok := apposedPerson(s, start, end, found); ok {
			// "Joe Bloggs, Chairman of Acme"; "The former CFO, Jane Roe"
			m.Name, m.Local = p.Name, localKey(&p)
			return m
		}
		m.Local = roleHolder(phrase, found)
		return m
	}
	if commonPhrase(m.Text) {
		if a, ok := apposed(s, start, end, typ, found); ok && typ != Person {
			return spanAs(m, a)
		}
		if a, ok := antecedent(s, start, typ, found); ok {
			return spanAs(m, a)
		}
		return m
	}
	m.Name, m.Local = phrase, phrase
	return m
}

// spanPunct is trimmed from both ends of a span's text.
const spanPunct = " \"'“”‘’()[],.;:"

// spanAs gives the span m the name, type and role of the recognised f.
// The recogniser's type wins over the marked one, even where it only
// guessed: marked types may be concept classes (a COUNTRY chain holds its
// officials), not span types.
func spanAs(m, f Mention) Mention {
	m.Type = f.Type
	m.Name, m.Role, m.Place, m.Local = f.Name, f.Role, f.Place, f.Local
	return m
}

// pronouns and the like refer by context, never by their spelling: "We" in
// one article is not "We" in another.
var pronouns = set("i", "me", "my", "we", "us", "our", "you", "your", "ya", "he", "him", "his", "she", "her",
	"it", "its", "they", "them", "their", "this", "that", "these", "those", "who", "which", "one", "ones",
	"everyone", "everybody", "someone", "somebody", "anyone", "nobody", "all", "both", "each", "either", "neither")

// determiners that start a common-noun phrase ("The company", "Both
// countries", "The two leaders").
var determiners = set("the", "a", "an", "this", "that", "these", "those", "both", "two", "three", "four",
	"several", "some", "many", "all", "any", "each", "every", "its", "their", "our", "his", "her", "my", "your",
	"such", "other", "another")

// commonPhrase reports whether a span is a determiner with lower-case words
// only: a common noun phrase, capitalised because it starts a sentence.
func commonPhrase(t string) bool {
	w := strings.Fields(strings.Trim(t, spanPunct))
	if len(w) == 0 || !determiners[strings.ToLower(w[0])] {
		return false
	}
	for _, x := range w[1:] {
		if r := firstRune(x); unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// spanBreaks end the head of a noun phrase: what follows them qualifies it
// ("Royal Albert Hall in London", "Ford's rival during the 1990s",
// "European carmakers, such as Renault").
var spanBreaks = []string{", ", " (", "; ", " - ", " – ", " — ", " in ", " at ", " from ", " during ", " on ",
	" with ", " such as ", " who ", " which ", " that ", " for ", " to ", " by ", " near "}

// spanHeadEnd returns where the head part of the span [start, end) ends:
// the first break outside every recognised name, else the span's end less
// trailing punctuation.
func spanHeadEnd(s string, start, end int, found []Mention) int {
	t := s[start:end]
	cut := len(strings.TrimRight(t, spanPunct))
	for _, b := range spanBreaks {
		from := 0
		for {
			i := strings.Index(t[from:], b)
			if i < 0 || from+i >= cut {
				break
			}
			at := start + from + i
			if !insideName(at, found) {
				cut = from + i
				break
			}
			from += i + len(b)
		}
	}
	// " of " breaks only after a common noun ("the parent of Porsche"), not
	// inside a name ("Bank of America")
	if i := strings.Index(t[:cut], " of "); i > 0 && !insideName(start+i, found) {
		w := strings.Fields(t[:i])
		if len(w) > 0 && unicode.IsLower(firstRune(w[len(w)-1])) {
			cut = i
		}
	}
	return start + len(strings.TrimRight(t[:cut], spanPunct))
}

func insideName(at int, found []Mention) bool {
	for _, f := range found {
		if f.Start <= at && at < f.End {
			return true
		}
	}
	return false
}

// relational nouns make a name a modifier: "Volkswagen parent", "Ford rival".
var relational = set("parent", "rival", "rivals", "subsidiary", "unit", "division", "owner", "partner",
	"competitor", "customer", "supplier", "affiliate", "label", "arm")

// modifies reports whether the recognised f, which ends before the span's
// head end, only modifies the head that follows it: as a possessor
// ("Ford's German rival"), by a relational noun ("Volkswagen parent"), or as
// a place before an organisation's or person's head ("U.S. electronics
// retailer"). A place before a place's head stays the place: "North
// Korea's government", "South Korean officials" name the country as actor.
func modifies(s string, f Mention, headEnd int, typ string) bool {
	rest := s[f.End:headEnd]
	w := strings.Fields(rest)
	if len(w) == 0 {
		return false
	}
	lastLower := false
	for _, x := range w {
		lastLower = unicode.IsLower(firstRune(strings.TrimLeft(x, "'’s")))
	}
	place := class(f.Type) == "G"
	if place && class(typ) == "G" {
		return false
	}
	poss := strings.HasPrefix(rest, "'") || strings.HasPrefix(rest, "’")
	if poss && len(w) > 1 {
		return true
	}
	last := strings.ToLower(strings.Trim(w[len(w)-1], spanPunct))
	if relational[last] {
		return true
	}
	return place && (lastLower || class(typ) == "O")
}

// apposed finds the name set beside the description span [start, end) by
// a space or a comma ("Norwegian airline, Wideroe"; "General Motors,
// Ford's rival"), of the span's class.
func apposed(s string, start, end int, typ string, found []Mention) (Mention, bool) {
	for _, f := range found {
		if class(f.Type) != class(typ) || f.Type == Person {
			continue
		}
		if f.Start >= end {
			gap := s[end:f.Start]
			if gap == " " || gap == ", " || gap == ", the " {
				return f, true
			}
		}
		if f.End <= start {
			gap := s[f.End:start]
			if gap == ", " || gap == ", the " || gap == ", a " {
				return f, true
			}
		}
	}
	return Mention{}, false
}

// coordinated reports whether the span joins two names with "and", "or" or
// "&" outside every recognised name: a group ("Ford and GM", "North and
// South Korea"), not one entity.
func coordinated(s string, start, end int, found []Mention) bool {
	t := s[start:end]
	for _, c := range []string{" and ", " or ", " & "} {
		from := 0
		for {
			i := strings.Index(t[from:], c)
			if i < 0 {
				break
			}
			at := start + from + i
			from += i + len(c)
			if insideName(at, found) {
				continue
			}
			left := strings.Fields(t[:at-start])
			right := strings.Fields(t[from:])
			if len(left) == 0 || len(right) == 0 {
				continue
			}
			if unicode.IsUpper(firstRune(left[len(left)-1])) && unicode.IsUpper(firstRune(right[0])) {
				return true
			}
		}
	}
	return false
}

// listed reports whether after the head name f, ending at headEnd, the span
// goes on with ", " and another name of the same class that ends it: a list of two
// organisations, not one ("Toulouse, France" is a place in a place).
func listed(s string, headEnd, end int, f Mention, found []Mention) bool {
	if class(f.Type) != "O" || !strings.HasPrefix(s[headEnd:end], ", ") {
		return false
	}
	tail := len(strings.TrimRight(s[:end], spanPunct))
	for _, g := range found {
		if g.Start > headEnd && g.End == tail && class(g.Type) == "O" {
			return true
		}
	}
	return false
}

// predicative reports whether the text before start makes a role a post
// rather than a person: "his post as CEO", "succeeding Smith as CEO".
func predicative(s string, start int) bool {
	w := strings.Fields(s[max(0, start-20):start])
	if len(w) > 0 && strings.EqualFold(w[len(w)-1], "the") {
		w = w[:len(w)-1]
	}
	return len(w) > 0 && strings.EqualFold(w[len(w)-1], "as")
}

// anaphors are the pronouns and definite descriptions that refer back to
// a name of their kind: "he" to a person, "the company" to an
// organisation. In news, "I" and "we" open quotes whose speaker was the
// subject just before ("Siemens said ... \"We are ...\"").
var anaphors = map[string]string{
	"he": "P", "she": "P", "him": "P", "we": "O", "i": "P",
	"it": "O", "they": "O", "the company": "O", "the firm": "O", "the airline": "O", "the carrier": "O",
	"the manufacturer": "O", "the maker": "O", "the group": "O", "the bank": "O", "the agency": "O",
	"the retailer": "O", "the corporation": "O", "the business": "O", "the startup": "O",
}

// antecedent returns the nearest recognised name before start that the
// anaphor at start (of the given type) refers to.
func antecedent(s string, start int, typ string, found []Mention) (Mention, bool) {
	end := start
	for end < len(s) && s[end] != ',' && s[end] != '.' && s[end] != '\n' {
		end++
	}
	words := strings.Fields(strings.ToLower(s[start:end]))
	var key string
	switch {
	case len(words) >= 2 && anaphors[words[0]+" "+words[1]] != "":
		key = words[0] + " " + words[1]
	case len(words) >= 1 && anaphors[strings.Trim(words[0], spanPunct)] != "":
		key = strings.Trim(words[0], spanPunct)
	default:
		return Mention{}, false
	}
	want := anaphors[key]
	if class(typ) != want {
		return Mention{}, false
	}
	// the subject of the sentence, or of the nearest sentence before that
	// names one, is the likeliest antecedent: the first name of its kind
	// in that sentence (products with model numbers are no antecedents)
	to := start
	for n := 0; n < 3 && to > 0; n++ {
		from := sentenceStart(s, to)
		for _, f := range found {
			if f.Start >= from && f.End <= to && f.Name != "" && class(f.Type) == want &&
				strings.IndexFunc(f.Name, unicode.IsDigit) < 0 {
				return f, true
			}
		}
		to = from - 1
	}
	return Mention{}, false
}

// sentenceStart returns where the sentence that holds the text just
// before at begins: after the last full stop, question or exclamation mark
// followed by a space, or the last line break.
func sentenceStart(s string, at int) int {
	for i := at - 1; i > 0; i-- {
		if s[i] == '\n' {
			return i + 1
		}
		if (s[i] == ' ') && (s[i-1] == '.' || s[i-1] == '?' || s[i-1] == '!') && i+1 < at {
			return i + 1
		}
	}
	return 0
}

// apposedInside finds the name that ends the span right after a comma
// following its descriptive head ("Norwegian airline, Wideroe"; not
// "European carmakers, such as Renault").
func apposedInside(s string, headEnd, end int, typ string, found []Mention) (Mention, bool) {
	if !strings.HasPrefix(s[headEnd:end], ", ") {
		return Mention{}, false
	}
	tail := headEnd + len(strings.TrimRight(s[headEnd:end], spanPunct))
	for _, g := range found {
		if gap := s[headEnd:max(g.Start, headEnd)]; (gap == ", " || gap == ", the ") && g.End == tail && class(g.Type) == class(typ) {
			return g, true
		}
	}
	return Mention{}, false
}

// apposedPerson finds the person named beside a role-only span by a comma:
// before it ("Jane Roe, chairman of Acme") or after it ("The former CFO,
// Jane Roe").
func apposedPerson(s string, start, end int, found []Mention) (Mention, bool) {
	for _, f := range found {
		if f.Type != Person || f.Name == "" {
			continue
		}
		if f.End <= start && (s[f.End:start] == ", " || s[f.End:start] == ", the ") {
			return f, true
		}
		if f.Start >= end && s[end:f.Start] == ", " {
			return f, true
		}
	}
	return Mention{}, false
}
