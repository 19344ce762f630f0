package entity

import (
	"sort"
	"strings"
	"unicode"

	"github.com/crosscheck/crosscheck/internal/text"
)

// nameKey is the matching key of a name: folded to ASCII lower case, dots,
// hyphens and apostrophes dropped or made spaces, "&" read as "and", a
// leading "the" removed.
func nameKey(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	f := text.Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	for _, r := range f {
		switch {
		case r == '.' || r == '\'':
		case r == '-' || r == ',' || unicode.IsSpace(r):
			b.WriteByte(' ')
		case r == '&':
			b.WriteString(" and ") // "Defence & Space" is "Defence and Space"
		default:
			b.WriteRune(r)
		}
	}
	w := strings.Fields(b.String())
	if len(w) > 1 && w[0] == "the" {
		w = w[1:]
	}
	return strings.Join(w, " ")
}

// nameSuffixes tell a son from his father: Donald Trump Jr. is not Donald
// Trump. Ordinals (II, III) are dropped instead: "Robert S. Mueller III" is
// called "Robert Mueller".
var (
	nameSuffixes = set("jr", "sr")
	ordinals     = set("ii", "iii", "iv")
)

// personTokens are the folded tokens of a person's name without initials
// ("Michael T. Flynn" -> michael flynn). Generational suffixes stay: Donald
// Trump Jr. is not Donald Trump.
func personTokens(name string) []string {
	w := strings.Fields(nameKey(name))
	out := w[:0]
	for _, t := range w {
		if len(t) == 1 || ordinals[t] {
			continue
		}
		out = append(out, t)
	}
	return out
}

// nicknames map common short forms of given names to the full form.
var nicknames = map[string]string{
	"bob": "robert", "rob": "robert", "bobby": "robert", "bill": "william", "will": "william", "billy": "william",
	"jim": "james", "jimmy": "james", "mike": "michael", "mick": "michael", "tom": "thomas", "tommy": "thomas",
	"dick": "richard", "rick": "richard", "rich": "richard", "joe": "joseph", "ted": "edward", "ed": "edward",
	"eddie": "edward", "chuck": "charles", "charlie": "charles", "tony": "anthony", "steve": "stephen",
	"dave": "david", "dan": "daniel", "danny": "daniel", "alex": "alexander", "andy": "andrew", "ben": "benjamin",
	"chris": "christopher", "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine", "kathy": "katherine",
	"jen": "jennifer", "jenny": "jennifer", "sam": "samuel", "nick": "nicholas", "matt": "matthew",
	"pat": "patrick", "ron": "ronald", "don": "donald", "larry": "lawrence", "jerry": "gerald", "hank": "henry",
	"greg": "gregory", "jeff": "jeffrey", "ken": "kenneth", "doug": "douglas", "fred": "frederick",
	"vlad": "vladimir", "sasha": "alexander", "misha": "mikhail", "debbie": "deborah", "peggy": "margaret",
	"maggie": "margaret", "meg": "margaret", "sue": "susan", "tim": "timothy", "phil": "philip", "pete": "peter",
}

// sameGiven reports whether two folded given names are one name: equal, or
// a nickname of the other ("Bob" and "Robert").
func sameGiven(a, b string) bool {
	if a == b {
		return true
	}
	na, nb := a, b
	if n, ok := nicknames[a]; ok {
		na = n
	}
	if n, ok := nicknames[b]; ok {
		nb = n
	}
	return na == nb
}

// surnameOf returns the family name of a token list: the last token before
// any generational suffix.
func surnameOf(toks []string) string {
	for i := len(toks) - 1; i >= 0; i-- {
		if !nameSuffixes[toks[i]] {
			return toks[i]
		}
	}
	return ""
}

// hasSuffix reports whether a name ends with a generational suffix.
func hasSuffix(toks []string) bool {
	return len(toks) > 0 && nameSuffixes[toks[len(toks)-1]]
}

// orgSuffixes are dropped when comparing organisation names.
var orgSuffixes = set("inc", "corp", "corporation", "co", "ltd", "plc", "llc", "ag", "gmbh", "sa", "nv", "company",
	"group", "holdings", "computer", "computers", "international", "airways", "airlines", "systems",
	"technologies", "motors")

func orgKey(name string) string {
	w := strings.Fields(nameKey(name))
	for len(w) > 1 && orgSuffixes[w[len(w)-1]] {
		w = w[:len(w)-1]
	}
	return strings.Join(w, " ")
}

// samePerson reports whether two full names (token lists) name one person
// inside one article: equal first and last tokens, or one is a prefix of
// the other with at least two tokens in common ("Moon Jae" / "Moon Jae in").
func samePerson(a, b []string) bool {
	if len(a) < 2 || len(b) < 2 || hasSuffix(a) != hasSuffix(b) {
		return false
	}
	if sameGiven(a[0], b[0]) && a[len(a)-1] == b[len(b)-1] {
		return true
	}
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return n >= 2
}

// Localize resolves short forms within one article in place: it sets each
// mention's Local to the full name or key it refers to. A surname that fits
// one person resolves to that person's full name; one that fits two stays
// unresolved (Local ""). Acronyms resolve to an expansion given in the text
// ("North Atlantic Treaty Organization (NATO)") or to the gazetteer's.
// A role-only person mention (Name "", e.g. "The president") resolves to
// the one person of the article who holds that role.
func Localize(s string, ms []Mention) {
	// people: group full names
	type group struct {
		canon string
		toks  []string
		count int
		roles []string
		first int // offset of the first full-name mention
	}
	// roles of each one-word name, to tell apart people who share it
	shortRoles := map[string][]string{}
	for _, m := range ms {
		if m.Type == Person && m.Role != "" && len(personTokens(m.Name)) == 1 {
			k := personTokens(m.Name)[0]
			shortRoles[k] = append(shortRoles[k], m.Role)
		}
	}
	var groups []*group
	find := func(toks []string) *group {
		for _, g := range groups {
			if samePerson(g.toks, toks) {
				return g
			}
		}
		return nil
	}
	for _, m := range ms {
		if m.Type != Person || m.Name == "" {
			continue
		}
		toks := personTokens(m.Name)
		if len(toks) < 2 {
			continue
		}
		g := find(toks)
		if g == nil {
			g = &group{canon: m.Name, toks: toks, first: m.Start}
			groups = append(groups, g)
		} else if len(toks) > len(g.toks) {
			g.canon, g.toks = m.Name, toks
		}
		g.count++
		if m.Role != "" {
			g.roles = append(g.roles, m.Role)
		}
	}
	surname := func(tok string, at int) []*group {
		var out, plain []*group
		for _, g := range groups {
			if surnameOf(g.toks) == tok || g.toks[0] == tok {
				out = append(out, g)
			}
		}
		// a bare name points back at someone already named: "Kim" before
		// the article mentions Kim Il-sung is not Kim Il-sung
		if len(out) > 1 {
			var before []*group
			for _, g := range out {
				if g.first < at {
					before = append(before, g)
				}
			}
			if len(before) > 0 {
				out = before
			}
		}
		for _, g := range out {
			if !hasSuffix(g.toks) {
				plain = append(plain, g)
			}
		}
		// a bare "Trump" beside "Donald Trump" and "Donald Trump Jr." is the father
		if len(plain) == 1 && len(out) > 1 {
			out = plain
		}
		// a bare surname beside "Brigitte Macron, his wife" is the principal
		if len(out) > 1 {
			var principal []*group
			for _, g := range out {
				if !hasFamilyRole(g.roles) {
					principal = append(principal, g)
				}
			}
			if len(principal) == 1 {
				out = principal
			}
		}
		// "President Trump" is not "first lady Melania Trump"
		if rs := shortRoles[tok]; len(rs) > 0 {
			var fit []*group
			for _, g := range out {
				if !rolesConflict(rs, g.roles) {
					fit = append(fit, g)
				}
			}
			out = fit
		}
		return out
	}
	// acronyms defined in the text: "Full Name (ACRO)"
	acro := map[string]string{}
	for i := range ms {
		m := &ms[i]
		if m.Type == Person || m.Type == "" {
			continue
		}
		rest := strings.TrimLeft(s[m.End:], " ")
		if !strings.HasPrefix(rest, "(") {
			continue
		}
		rest = rest[1:]
		end := strings.IndexAny(rest, ")")
		if end < 2 || end > 12 {
			continue
		}
		a := rest[:end]
		if isCaps(a) && initialsFit(a, m.Name) {
			acro[nameKey(a)] = localKey(m)
		}
	}
	orgs := map[string]string{} // org key -> local key, for prefix matches
	for i := range ms {
		m := &ms[i]
		if m.Type == Org && len(strings.Fields(m.Name)) >= 2 {
			orgs[orgKey(m.Name)] = localKey(m)
		}
	}
	for i := range ms {
		m := &ms[i]
		switch m.Type {
		case Person:
			if m.Name == "" {
				continue
			}
			toks := personTokens(m.Name)
			switch {
			case len(toks) >= 2:
				if g := find(toks); g != nil {
					m.Local = g.canon
				}
			case len(toks) == 1:
				c := surname(toks[0], m.Start)
				switch len(c) {
				case 0:
					m.Local = m.Name
				case 1:
					m.Local = c[0].canon
				default:
					m.Local = ""
				}
			}
		default:
			if m.Local != "" && m.Local != m.Name {
				continue // gazetteer canonical
			}
			k := nameKey(m.Name)
			if e, ok := acro[k]; ok {
				m.Local = e
				continue
			}
			if m.Place != "" {
				m.Local = m.Place
				continue
			}
			if m.Type == Org {
				if e, ok := gaz.lookup(orgKey(m.Name)); ok && e.typ == Org {
					m.Local = e.canonical // "Northrop Grumman Corp."
					continue
				}
				if l := orgPrefix(orgKey(m.Name), orgs); l != "" {
					m.Local = l
					continue
				}
				if w := strings.Fields(m.Name); len(w) >= 2 && mediaSuffixes[strings.ToLower(w[len(w)-1])] {
					base := strings.Join(w[:len(w)-1], " ")
					if e, ok := gaz.lookup(base); ok && e.typ == Org {
						m.Local = e.canonical
						continue
					}
				}
			}
			m.Local = m.Name
		}
	}
	// role-only mentions: the person of this article who holds the role
	for i := range ms {
		m := &ms[i]
		if m.Type != Person || m.Name != "" || m.Role == "" {
			continue
		}
		m.Local = roleHolder(m.Role, ms)
	}
}

// localKey is the key a mention resolves to in its article.
func localKey(m *Mention) string {
	if m.Local != "" {
		return m.Local
	}
	if m.Place != "" {
		return m.Place
	}
	return m.Name
}

// orgPrefix finds the one longer organisation name that starts with key
// ("Northrop" -> "Northrop Grumman").
func orgPrefix(key string, orgs map[string]string) string {
	found := ""
	for k, l := range orgs {
		// one more proper word ("Northrop" Grumman), not a division
		// ("Boeing" Commercial Airplanes)
		rest := strings.TrimPrefix(k, key+" ")
		if k != key && len(rest) < len(k) && !strings.Contains(rest, " ") && !orgHeads[rest] &&
			strings.IndexFunc(rest, unicode.IsDigit) < 0 { // not a model: "Airbus A380"
			if found != "" && found != l {
				return ""
			}
			found = l
		}
	}
	return found
}

// initialsFit reports whether acronym a can abbreviate name: its first
// letter is the name's first letter and it is not longer than the name's
// words allow.
func initialsFit(a, name string) bool {
	a = strings.ToLower(strings.ReplaceAll(a, ".", ""))
	words := strings.Fields(nameKey(name))
	if len(words) == 0 || a == "" {
		return false
	}
	return a[0] == words[0][0] && len(a) <= 2*len(words)+1
}

// roleWords returns the head nouns and place qualifiers of a role phrase.
func roleWords(role string) (heads, places []string) {
	if strings.Contains(role, "hief") {
		role = compoundTitles.Replace(strings.ToLower(role))
	}
	for _, w := range strings.Fields(role) {
		w = strings.Trim(w, ",.;:")
		lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
		if roleNouns[lw] || honorifics[lw] && !courtesy[lw] {
			heads = append(heads, normRole(lw))
		}
		if p := PlaceOf(lw); p != "" {
			places = append(places, p)
		}
	}
	return heads, places
}

// compoundTitles are read as one role: a chief operating officer is no
// chief executive officer, though both are officers.
var compoundTitles = strings.NewReplacer("chief executive officer", "ceo", "chief executive", "ceo",
	"chief operating officer", "coo", "chief financial officer", "cfo", "chief technology officer", "cto",
	"chief technical officer", "cto", "chief of staff", "chief-of-staff")

// uniqueRoles are held by one person at a time in an organisation or
// country, so a story's dominant holder may be meant by the bare role ("The
// president"); an "executive", "official" or "spokesman" is one of many.
var uniqueRoles = set("president", "president-elect", "premier", "chancellor", "secretary-general", "chairman",
	"chairwoman", "chair", "chairperson", "ceo", "coo", "cfo", "cto", "c.e.o.", "governor", "mayor", "leader",
	"king", "queen", "emperor", "pope", "dictator", "monarch", "emir", "sultan", "speaker", "chief-of-staff")

// normRole folds spelling variants of role words.
func normRole(w string) string {
	switch w {
	case "defence":
		return "defense"
	case "pres", "pres.":
		return "president"
	case "gen", "gen.":
		return "general"
	case "sen", "sen.":
		return "senator"
	case "rep", "rep.":
		return "representative"
	case "gov", "gov.":
		return "governor"
	case "c.e.o.", "c.e.o", "chief executive":
		return "ceo"
	}
	return w
}

// roleHolder returns the full name of the person in ms who holds role: a
// person one of whose roles shares the role's last head noun and does not
// name another place. When several fit, the one mentioned at least twice as
// often as any other wins; otherwise the role stays unresolved ("").
func roleHolder(role string, ms []Mention) string {
	heads, places := roleWords(role)
	if len(heads) == 0 {
		return ""
	}
	head := heads[len(heads)-1]
	fits := map[string]bool{}
	count := map[string]int{}
	for _, m := range ms {
		if m.Type != Person || m.Name == "" {
			continue
		}
		k := localKey(&m)
		if k == "" {
			continue
		}
		count[k]++
		if m.Role == "" {
			continue
		}
		h, p := roleWords(m.Role)
		if !contains(h, head) {
			continue
		}
		if len(p) > 0 && len(places) > 0 && !containsAll(p, places) {
			continue
		}
		fits[k] = true
	}
	keys := make([]string, 0, len(fits))
	for k := range fits {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return ""
	}
	if len(keys) > 1 && count[keys[1]]*2 > count[keys[0]] {
		return ""
	}
	return keys[0]
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func containsAll(xs, ys []string) bool {
	for _, y := range ys {
		if !contains(xs, y) {
			return false
		}
	}
	return true
}

// male and female titles tell apart people who share a surname
// ("Mr. Trump" and "Mrs. Trump", "President Macron" and "first lady").
var (
	maleTitles   = set("mr", "mr.", "sir", "lord", "king", "prince", "emperor", "sultan", "sheikh", "husband", "father", "son", "brother", "businessman", "congressman", "chairman", "spokesman")
	femaleTitles = set("mrs", "mrs.", "ms", "ms.", "miss", "mme", "mme.", "madam", "madame", "lady", "dame", "queen", "princess", "empress", "wife", "mother", "daughter", "sister", "businesswoman", "congresswoman", "chairwoman", "spokeswoman", "actress")
)

// genderOf returns "m", "f" or "" from the words of role phrases.
func genderOf(roles []string) string {
	m, f := false, false
	for _, r := range roles {
		for _, w := range strings.Fields(strings.ToLower(r)) {
			w = strings.Trim(w, ",;:")
			m = m || maleTitles[w]
			f = f || femaleTitles[w]
		}
	}
	switch {
	case m && !f:
		return "m"
	case f && !m:
		return "f"
	}
	return ""
}

// familyRoles describe someone by a relation to another person: the
// "first lady" who shares the president's surname is not the president.
var familyRoles = set("lady", "wife", "husband", "son", "daughter", "father", "mother", "brother", "sister",
	"widow", "widower", "spouse", "consort", "son-in-law", "daughter-in-law", "niece", "nephew", "grandson",
	"granddaughter", "jr", "jr.")

// rolesConflict reports whether two sets of role phrases cannot belong to
// one person: opposite gender titles, or a family role on one side only
// ("first lady" against "President").
func rolesConflict(a, b []string) bool {
	ga, gb := genderOf(a), genderOf(b)
	if ga != "" && gb != "" && ga != gb {
		return true
	}
	fa, fb := hasFamilyRole(a), hasFamilyRole(b)
	if fa != fb {
		other := a
		if fa {
			other = b
		}
		for _, r := range other {
			if h, _ := roleWords(r); len(h) > 0 {
				return true
			}
		}
	}
	return false
}

func hasFamilyRole(roles []string) bool {
	family := false
	for _, r := range roles {
		h, _ := roleWords(r)
		for _, w := range h {
			if familyRoles[w] {
				family = true
			} else {
				return false // "His daughter, Estonian Prime Minister": a principal too
			}
		}
	}
	return family
}
