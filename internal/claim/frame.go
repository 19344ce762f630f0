package claim

import (
	"strings"

	"github.com/crosscheck/crosscheck/internal/stance"
	"github.com/crosscheck/crosscheck/internal/text"
)

// How a stance cue finds its actor.
const (
	actorBefore = iota // the actor is the subject: "Spain opposes", "Italy has had disagreements"
	actorAfter         // the actor follows: "support from France", "supported by Spain", "must get through Italy"
	actorPoss          // the actor owns the noun: "the president's support"
)

// cue is one stance phrase: folded words, the stance it carries, and where
// its actor stands.
type cue struct {
	words        []string
	stance       string
	dir          int
	proposalOnly bool // read only when the target is a proposal
}

func cues(stanceValue string, dir int, phrases ...string) []cue {
	out := make([]cue, len(phrases))
	for i, p := range phrases {
		out[i] = cue{words: strings.Fields(p), stance: stanceValue, dir: dir}
	}
	return out
}

// stanceCues are the predicates of support and opposition. Longer phrases
// come first so that "supported by" wins over "supported".
var stanceCues = func() []cue {
	var c []cue
	c = append(c, cues(StanceUndecided, actorBefore,
		"holding back", "hold back", "held back", "holds back", "dragging their heels", "dragging its heels",
		"drag their feet", "dragging their feet", "yet to give", "yet to back", "yet to support", "yet to sign off",
		"yet to endorse", "yet to approve", "yet to decide", "still to give", "yet to commit", "undecided", "hesitant",
		"on the fence", "sitting on the fence")...)
	c = append(c, cues(StanceConditional, actorBefore,
		"sought assurances", "seeking assurances", "seek assurances", "wants assurances", "want assurances",
		"demanding assurances", "demanded assurances", "has been demanding", "have been demanding", "demanding",
		"demands", "demanded", "set conditions", "sets conditions", "conditions its support", "insists on conditions")...)
	c = append(c, cues(StanceOppose, actorAfter,
		"opposition from", "opposed by", "blocked by", "vetoed by", "objections from", "resistance from",
		"pass through", "get through", "get past")...)
	c = append(c, cues(StanceOppose, actorBefore,
		"opposes", "opposed", "oppose", "opposing", "blocks", "blocked", "blocking", "block", "vetoed", "veto",
		"vetoes", "rejects", "rejected", "reject", "disagreements with", "disagreement with", "differences with",
		"objects to", "objected to", "obstacles", "obstacle", "resists", "resisted", "voted against", "vote against")...)
	c = append(c, cues(StanceSupport, actorAfter,
		"support from", "support of", "backing from", "backing of", "supported by", "backed by", "endorsed by",
		"endorsement from", "endorsement of", "support among", "favoured by", "favored by")...)
	c = append(c, cues(StanceSupport, actorPoss,
		"support", "backing", "endorsement", "blessing")...)
	c = append(c, cues(StanceSupport, actorBefore,
		"supports", "supported", "support", "supporting", "backs", "backed", "back", "backing", "endorses",
		"endorsed", "endorse", "endorsing", "approves", "approved", "get on board", "in favour of", "in favor of",
		"favours", "favors")...)
	// cues read only when the target is a proposal: for a person they
	// are too loose ("wants", "challenged", "committed")
	c = append(c, proposalCues(StanceConditional, actorBefore,
		"sets condition", "set condition", "sets a condition", "set a condition", "tied its support", "tied their support",
		"ties its support", "tie their support", "conditional on", "wants", "want", "asked for", "asks for", "calls for",
		"called for", "requested", "requests")...)
	c = append(c, proposalCues(StanceOppose, actorBefore,
		"votes against", "resolution against", "court against", "lawsuit against", "sues to stop", "sue to stop",
		"suing to stop", "sued to stop", "filed a lawsuit", "filed suit", "challenging", "challenges", "challenged",
		"marched against", "protested against", "campaigning against", "campaign against")...)
	c = append(c, proposalCues(StanceSupport, actorBefore,
		"vote yes", "votes yes", "voted yes", "vote for", "votes for", "voted for", "on board",
		"blessing", "pledged", "pledges", "promised", "committed", "invested", "unveiled", "proposed", "championed")...)
	return c
}()

func proposalCues(stanceValue string, dir int, phrases ...string) []cue {
	out := cues(stanceValue, dir, phrases...)
	for i := range out {
		out[i].proposalOnly = true
	}
	return out
}

// notBacking and notBackingAfter are the neighbours that make "back" an
// adverb or particle rather than the verb of support.
var (
	notBacking = map[string]bool{"fight": true, "come": true, "came": true, "go": true, "went": true, "get": true,
		"got": true, "bring": true, "brought": true, "pull": true, "pulled": true, "step": true, "stepped": true,
		"hold": true, "held": true, "look": true, "looked": true, "way": true, "going": true, "coming": true,
		"hit": true, "strike": true, "struck": true, "send": true, "sent": true, "turn": true, "turned": true,
		"running": true, "defensive": true, "half": true, "quarter": true, "full": true, "fall": true, "set": true, "kick": true}
	notBackingAfter = map[string]bool{"in": true, "to": true, "from": true, "into": true, "at": true, "after": true,
		"then": true, "home": true, "down": true, "up": true, "off": true, "out": true}
)

// cueHit is one stance cue found in a sentence, by token index.
type cueHit struct {
	cue
	start, end int // token range [start, end)
	negated    bool
	unclear    bool // "it remains unclear if ..." governs it
	cond       bool // "only if", "unless", "not ... without" follows: a condition
}

// conditionFollows reports whether a condition follows a cue ending at
// token k, in its clause: "back the plan only if ...", "will not support
// the expansion unless ...", "would not back it without guarantees".
func conditionFollows(s *sentence, k int, negated bool) bool {
	for j := k; j < len(s.words) && j < k+14; j++ {
		if j > k && strings.ContainsAny(s.gap(j-1), ";.") {
			return false
		}
		switch s.words[j] {
		case "unless", "provided", "providing":
			return true
		case "only":
			if wordAt(s.words, j+1) == "if" || wordAt(s.words, j+1) == "after" || wordAt(s.words, j+1) == "when" {
				return true
			}
		case "without", "until":
			if negated {
				return true
			}
		case "on":
			if wordAt(s.words, j+1) == "condition" {
				return true
			}
		}
	}
	return false
}

// findCues returns the stance cues of s, read once per sentence text: they
// depend on its words alone.
func findCues(s *sentence) []cueHit {
	if s.cuesRead {
		return s.hits
	}
	s.cuesRead = true
	if sh := s.shared; sh != nil {
		if !sh.cuesRead {
			sh.cuesRead = true
			sh.hits = readCues(s)
		}
		s.hits = sh.hits
		return s.hits
	}
	s.hits = readCues(s)
	return s.hits
}

// cueFirst maps the first word of every stance cue to true; a sentence
// without any is not searched cue by cue.
var cueFirst = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range stanceCues {
		m[c.words[0]] = true
	}
	m["its"], m["his"], m["her"] = true, true, true // "dragging its heels"
	return m
}()

func readCues(s *sentence) []cueHit {
	var out []cueHit
	present := map[string]bool{}
	for _, w := range s.words {
		if cueFirst[w] {
			present[w] = true
		}
	}
	if len(present) == 0 {
		return nil
	}
	used := make([]bool, len(s.words))
	for _, c := range stanceCues {
		if !present[c.words[0]] {
			continue
		}
		n := len(c.words)
		for i := 0; i+n <= len(s.words); i++ {
			ok := true
			for k := 0; k < n; k++ {
				if used[i+k] || s.words[i+k] != c.words[k] && !(c.words[k] == "their" && (s.words[i+k] == "its" || s.words[i+k] == "his" || s.words[i+k] == "her")) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			if c.dir == actorPoss && (i == 0 || !strings.HasSuffix(s.words[i-1], "'s") && !strings.HasSuffix(s.words[i-1], "s'")) {
				// possessive only: "the president's support"
				if i < 2 || !(strings.HasSuffix(s.words[i-2], "'s") && s.stems[i-1] != "") {
					continue
				}
			}
			// a verb followed by "by" is passive: its actor follows
			if c.dir == actorBefore && i+n < len(s.words) && s.words[i+n] == "by" {
				continue
			}
			// "fight back", "back in October", "come back to": not backing
			if n == 1 && c.words[0] == "back" && (i > 0 && notBacking[s.words[i-1]] || i+1 < len(s.words) && notBackingAfter[s.words[i+1]]) {
				continue
			}
			h := cueHit{cue: c, start: i, end: i + n}
			for k := max(0, i-3); k < i; k++ {
				if stance.IsNegation(s.words[k]) {
					h.negated = true
				}
			}
			for k := max(0, i-12); k+1 < i; k++ {
				if (s.words[k] == "unclear" || s.words[k] == "uncertain") && (s.words[k+1] == "if" || s.words[k+1] == "whether") {
					h.unclear = true
				}
			}
			h.cond = conditionFollows(s, i+n, h.negated)
			for k := i; k < i+n; k++ {
				used[k] = true
			}
			out = append(out, h)
		}
	}
	return out
}

// actor is one possible stance holder in a sentence.
type actor struct {
	name       string
	typ        string // GPE, ORG, PERSON, GROUP
	start, end int    // token range
	q          *Quantity
}

// groupNouns are the plural nouns that make a quantified phrase an actor.
var groupNouns = map[string]bool{
	"allies": true, "countries": true, "members": true, "nations": true, "states": true, "governments": true,
	"capitals": true, "leaders": true, "member": true,
}

// groupQuantifiers make an unquantified group phrase an actor ("many NATO members").
var groupQuantifiers = map[string]bool{"many": true, "most": true, "several": true, "some": true, "all": true, "few": true}

// namedGroups are blocs named by region, mapped to one canonical name.
// "eastern flank" is NATO's name for its Baltic and eastern members.
var namedGroups = []struct {
	words []string
	name  string
}{
	{[]string{"baltic", "states"}, "Baltic states"}, {[]string{"baltic", "countries"}, "Baltic states"},
	{[]string{"baltic", "nations"}, "Baltic states"}, {[]string{"baltic", "republics"}, "Baltic states"},
	{[]string{"baltics"}, "Baltic states"}, {[]string{"eastern", "flank"}, "Baltic states"},
	{[]string{"nordic", "countries"}, "Nordic countries"}, {[]string{"nordic", "states"}, "Nordic countries"},
	{[]string{"gulf", "states"}, "Gulf states"}, {[]string{"balkan", "countries"}, "Balkan countries"},
	{[]string{"central", "european", "countries"}, "central European countries"},
	{[]string{"southern", "european", "countries"}, "southern European countries"},
}

// regionAdjectives may stand between "countries in" and a region's name.
var regionAdjectives = map[string]bool{"eastern": true, "western": true, "northern": true, "southern": true,
	"central": true, "south": true, "north": true, "east": true, "west": true}

// headTitles make a person speak for a country: "French President Jane Roe"
// backs as France does.
var headTitles = []string{"president", "prime minister", "chancellor", "premier", "government", "king", "queen"}

// actors lists the possible stance holders of a sentence: countries and
// organisations named as subjects (not as modifiers: "a US official" is a
// source, not the US), heads of government standing for their country,
// other people, quantified groups and named blocs.
func actors(s *sentence, env *stanceEnv) []actor {
	var out []actor
	c := s.c
	target, countryOf := env.target, env.countryOf
	inside := func(m Mention) bool {
		for _, o := range c.mentions {
			if o.Type == "PERSON" && o.Start <= m.Start && o.End >= m.End && (o.Start != m.Start || o.End != m.End) {
				return true
			}
		}
		return false
	}
	for _, m := range c.mentions {
		if m.Name == "" || m.Name == target || inside(m) {
			continue
		}
		i, j := s.tokenAt(m.Start), s.tokenAt(m.End-1)+1
		if i >= len(s.toks) {
			continue
		}
		j = min(j, len(s.toks))
		a := actor{name: m.Name, typ: m.Type, start: i, end: j}
		if j > 0 && m.End < s.toks[j-1].End && m.End < len(c.Text) && c.Text[m.End] == '-' {
			continue // "Copenhagen-based": a modifier
		}
		if suf, k := orgExtension(s, m.End); k >= 0 && m.Place == "" {
			// "Workers" + "' Union": the organisation's full name
			a.name, a.typ, a.end, j = m.Name+suf, "ORG", k+1, k+1
		}
		switch a.typ {
		case "GPE", "ORG":
			if m.Place != "" {
				a.name = m.Place
			}
			// a modifier of a following noun ("US official", "NATO allies",
			// "NATO's bigger countries") is not the actor; a possessive
			// before a stance noun is ("NATO's support")
			if j < len(s.toks) && s.gap(j-1) == " " && isModified(s, j) {
				continue
			}
		case "PERSON":
			if p := countryOf(m.Name); p != "" {
				a.name, a.typ = p, "GPE"
			} else if o := env.speaksFor[m.Name]; o != "" {
				a.name, a.typ = o, "ORG"
			}
		default:
			continue
		}
		out = append(out, a)
	}
	// "the ministry", "the Ministry of the Environment": the story's one
	// organisation of that kind
	if env.proposal && len(env.heads) > 0 {
		for k := 1; k < len(s.words); k++ {
			o := env.heads[s.words[k]]
			if o == "" || s.words[k-1] != "the" || s.inMention(s.toks[k].Start) {
				continue
			}
			e := k + 1
			// "the Ministry of the Environment": the name goes on
			if wordAt(s.words, e) == "of" {
				f := e + 1
				if wordAt(s.words, f) == "the" {
					f++
				}
				for _, m := range c.mentions {
					if f < len(s.toks) && m.Start == s.toks[f].Start {
						e = min(len(s.toks), s.tokenAt(m.End-1)+1)
					}
				}
			}
			out = append(out, actor{name: o, typ: "ORG", start: k - 1, end: e})
		}
	}
	// quantified groups: "over 20 NATO allies", "two-thirds of NATO countries", "around 10"
	for qi := range c.Quantities {
		q := c.Quantities[qi]
		i := s.tokenAt(q.Offset)
		end := s.tokenAt(q.Offset + len(q.Text) - 1)
		if i >= len(s.toks) {
			continue
		}
		e := end + 1
		// extend over "of NATO countries" / "NATO allies"
		for k := e; k < len(s.words) && k < e+4; k++ {
			if groupNouns[s.words[k]] {
				e = k + 1
				if e < len(s.words) && groupNouns[s.words[e]] {
					e++ // "member states"
				}
				break
			}
			if !(s.words[k] == "of" || s.words[k] == "the" || isCapital(s.toks[k].Text) || s.words[k] == "its") {
				break
			}
		}
		noun := ""
		if e-1 >= 0 && e-1 < len(s.words) && groupNouns[s.words[e-1]] {
			noun = s.words[e-1]
		}
		if noun == "" && !(e < len(s.words) && auxiliaries[s.words[e]]) {
			continue // "2 percent", "13 years": not a group of members
		}
		if q.Unit == "percent" {
			continue
		}
		name := c.Text[s.toks[i].Start:s.toks[e-1].End]
		if noun == "" {
			name += " members"
		}
		qq := q
		out = append(out, actor{name: name, typ: "GROUP", start: i, end: e, q: &qq})
	}
	// "many NATO members", "some countries in eastern Europe"
	for i, w := range s.words {
		if !groupQuantifiers[w] {
			continue
		}
		for k := i + 1; k < len(s.words) && k < i+4; k++ {
			if groupNouns[s.words[k]] {
				e := k + 1
				if e+1 < len(s.words) && (s.words[e] == "in" || s.words[e] == "from") {
					k2 := e + 1
					for k2 < len(s.words) && k2 < e+4 && (regionAdjectives[s.words[k2]] || s.words[k2] == "the") {
						k2++
					}
					if k2 < len(s.words) && isCapital(s.toks[k2].Text) {
						e = k2 + 1
						for e < len(s.words) && isCapital(s.toks[e].Text) && s.gap(e-1) == " " {
							e++
						}
					}
				}
				out = append(out, actor{name: c.Text[s.toks[i].Start:s.toks[e-1].End], typ: "GROUP", start: i, end: e})
				break
			}
			if !isCapital(s.toks[k].Text) && s.words[k] != "of" && s.words[k] != "the" && s.stems[k] == "" {
				break
			}
		}
	}
	for _, g := range namedGroups {
		n := len(g.words)
		for i := 0; i+n <= len(s.words); i++ {
			ok := true
			for k := range g.words {
				if s.words[i+k] != g.words[k] {
					ok = false
					break
				}
			}
			if ok {
				// widen to "some countries from the alliance's eastern flank"
				st := i
				for st > 0 && i-st < 6 && !strings.ContainsAny(s.gap(st-1), ",;") && !isVerbBoundary(s.words[st-1]) {
					st--
				}
				out = append(out, actor{name: g.name, typ: "GROUP", start: st, end: i + n})
			}
		}
	}
	// drop actors nested in a larger one ("NATO" in "over 20 NATO allies")
	var kept []actor
	for i, a := range out {
		nested := false
		for j, b := range out {
			if i != j && b.typ == "GROUP" && a.typ != "GROUP" && b.start <= a.start && b.end >= a.end {
				nested = true
			}
			if i != j && a.typ == "GROUP" && b.typ == "GROUP" && b.start <= a.start && b.end >= a.end && (b.end-b.start > a.end-a.start || j < i && b.end-b.start == a.end-a.start) {
				nested = true
			}
			// "Union" inside "Riverside Party"
			if i != j && a.typ != "GROUP" && b.typ != "GROUP" && b.start <= a.start && b.end >= a.end && b.end-b.start > a.end-a.start {
				nested = true
			}
		}
		if !nested {
			kept = append(kept, a)
		}
	}
	return kept
}

// cueStarts holds the first word of every stance cue.
var cueStarts = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range stanceCues {
		m[c.words[0]] = true
	}
	return m
}()

// isModified reports whether token j is a noun that the mention before it
// modifies: "official" in "US official", "countries" in "NATO's bigger
// countries". Function words, verbs and stance cues are not.
func isModified(s *sentence, j int) bool {
	w := s.words[j]
	poss := strings.HasSuffix(s.words[j-1], "'s")
	if cueStarts[w] {
		return false
	}
	if !isLowerWord(s.toks[j].Text) || text.IsStopword(w) || auxiliaries[w] || stance.IsNegation(w) {
		return false
	}
	if poss {
		return true
	}
	return !(strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ly"))
}

func isVerbBoundary(w string) bool {
	return auxiliaries[w] || w == "that" || w == "while" || w == "and" || w == "but" || w == "if"
}

func isLowerWord(t string) bool {
	if t == "" {
		return false
	}
	r := []rune(t)[0]
	return r >= 'a' && r <= 'z'
}

func isCapital(t string) bool {
	if t == "" {
		return false
	}
	r := []rune(t)[0]
	return r >= 'A' && r <= 'Z' || r > 127 && strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
}

// headOfGovernment returns the country a sitting head of state or
// government speaks for, or "".
func headOfGovernment(role string, countryOf func(string) string) string {
	r := strings.ToLower(role)
	// an outgoing leader still speaks for the country; a former one does not
	if r == "" || strings.Contains(r, "former") || strings.Contains(r, "ex-") {
		return ""
	}
	for _, t := range headTitles {
		if strings.Contains(r, t) && !strings.Contains(r, "vice") && !strings.Contains(r, "deputy") && !strings.Contains(r, "minister of") {
			if t == "prime minister" || !strings.Contains(r, "minister") {
				if countryOf == nil {
					return ""
				}
				return countryOf(role)
			}
		}
	}
	return ""
}

// clauseOK reports whether the tokens between an actor ending at a and a
// cue starting at b keep them in one clause: no sentence-internal break,
// and a comma only before a relative pronoun that is the subject ("Spain
// and Italy, which have proven ...") or around a parenthetical adverb.
func clauseOK(s *sentence, a, b int, isActor func(int) bool) bool {
	for k := a - 1; k < b-1; k++ {
		g := s.gap(k)
		if strings.ContainsAny(g, ";:—()") {
			return false
		}
		if strings.Contains(g, ",") {
			next := s.words[k+1]
			switch {
			case next == "which" || next == "who":
				if k+2 < len(s.words) && !auxiliaries[s.words[k+2]] && !strings.HasSuffix(s.words[k+2], "ed") && s.words[k+2] != "since" {
					return false
				}
			case next == "meanwhile" || next == "however" || next == "though" || next == "too" || next == "also" || next == "in":
			case isActor(k + 1):
			case k > a-1 && (s.words[k] == "meanwhile" || s.words[k] == "however" || s.words[k] == "though" || s.words[k] == "too"):
			default:
				return false
			}
		}
		// a second subject in between ("France and Germany, NATO ambassadors have ...")
		if k+1 < b && (s.words[k+1] == "that" || s.words[k+1] == "while" || s.words[k+1] == "but" || s.words[k+1] == "because" || s.words[k+1] == "if") {
			return false
		}
	}
	return true
}

// objectOK reports whether a support or opposition cue is aimed at the
// target: it is, unless another named entity (not the target) is its
// immediate object ("support for Ukraine", "backed US and UK attacks").
func objectOK(s *sentence, h cueHit, target string, roles []string) bool {
	if h.dir == actorAfter {
		return true
	}
	start := h.end
	for k := h.end; k < len(s.words) && k < h.end+2; k++ {
		if s.words[k] == "for" || s.words[k] == "the" || s.words[k] == "to" {
			start = k + 1
		}
	}
	if start >= len(s.toks) {
		return true
	}
	if startsWithRole(s, start, roles) {
		return true // "differences with the Spanish prime minister"
	}
	off := s.toks[start].Start
	for _, m := range s.c.mentions {
		if m.Start <= off && m.End > off {
			return m.Name == target || strings.HasPrefix(strings.ToLower(m.Text), "the ")
		}
	}
	// a generic noun phrase object ("NATO countries", "new members")
	if start < len(s.words) && s.words[start] != "" && isCapital(s.toks[start].Text) {
		for _, m := range s.c.mentions {
			if s.tokenAt(m.Start) == start && m.Name != target {
				return false
			}
		}
	}
	return true
}

// bidWords and objectPronouns may stand for the target when a sentence does
// not name it: "backing his candidacy", "support him".
var (
	bidWords       = map[string]bool{"candidacy": true, "bid": true, "nomination": true, "candidate": true, "candidature": true, "appointment": true, "campaign": true}
	objectPronouns = map[string]bool{"him": true, "her": true, "his": true, "their": true, "them": true}
)

// transitiveVerbs are the stance verbs whose object must be the target for
// the stance to be about it: "Henry Jackson backed oil development" is not
// a stance on anyone.
var transitiveVerbs = map[string]bool{
	"supports": true, "supported": true, "support": true, "supporting": true, "backs": true, "backed": true,
	"back": true, "backing": true, "endorses": true, "endorsed": true, "endorse": true, "endorsing": true,
	"approves": true, "approved": true, "favours": true, "favors": true, "opposes": true, "opposed": true,
	"oppose": true, "opposing": true, "blocks": true, "blocked": true, "blocking": true, "block": true,
	"vetoed": true, "veto": true, "vetoes": true, "rejects": true, "rejected": true, "reject": true,
	"resists": true, "resisted": true,
}

// aimedAtTarget reports whether the cue speaks of the target. Intransitive
// stances ("dragging their heels", "holding back", "sought assurances") do
// when the sentence is about it; a stance verb needs the target as object
// (by name, pronoun, a bid word or one of its roles: "back his bid",
// "differences with the Spanish prime minister"); a demand needs the target
// named soon after it ("demanding that Lopez not favor ...").
func aimedAtTarget(s *sentence, h cueHit, env *stanceEnv) bool {
	target, roles := env.target, env.roles
	if h.dir != actorBefore {
		return true
	}
	if env.proposal {
		return aimedAtProposal(s, h, env)
	}
	if h.proposalOnly {
		return false
	}
	if strings.HasPrefix(h.words[0], "demand") {
		for _, m := range s.c.mentions {
			if k := s.tokenAt(m.Start); m.Name == target && k >= h.end && k <= h.end+6 {
				return true
			}
		}
		return false
	}
	if len(h.words) != 1 || !transitiveVerbs[h.words[0]] {
		return true
	}
	for k := h.end; k < len(s.words) && k < h.end+4; k++ {
		w := s.words[k]
		if objectPronouns[w] || bidWords[w] {
			return true
		}
		off := s.toks[k].Start
		for _, m := range s.c.mentions {
			if m.Start <= off && off < m.End {
				return m.Name == target
			}
		}
		if w == "the" && startsWithRole(s, k+1, roles) {
			return true
		}
		if w != "for" && w != "of" && w != "with" && w != "the" && w != "to" && w != "'s" {
			return false
		}
	}
	return false
}

// demandWords ask for something; before a proposal they set a condition
// when what they ask for must come first ("wants a study before any
// dredging starts").
var demandWords = map[string]bool{"demands": true, "demanded": true, "demanding": true, "wants": true, "want": true,
	"asked": true, "asks": true, "calls": true, "called": true, "requested": true, "requests": true}

// moneyVerbs back a proposal with money: "pledged €120 million towards".
var moneyVerbs = map[string]bool{"pledged": true, "pledges": true, "promised": true, "committed": true, "invested": true}

// proposerVerbs make their subject the proposal's author: "unveiled the plan".
var proposerVerbs = map[string]bool{"unveiled": true, "proposed": true, "championed": true}

// precondition reports whether the clause after token k asks for something
// to come first: "before any dredging begins", "first".
func precondition(s *sentence, k int) bool {
	for j := k; j < len(s.words) && j < k+20; j++ {
		if j > k && strings.ContainsAny(s.gap(j-1), ";.") {
			return false
		}
		if s.words[j] == "before" || s.words[j] == "first" || s.words[j] == "until" {
			return true
		}
	}
	return false
}

// aimedAtProposal is aimedAtTarget for a proposal target: the object is
// the proposal by one of its nouns ("backs the plan", "support the
// new bridge"), "it", or absent ("which is opposed");
// money pledged counts as backing; demands count when they come first.
func aimedAtProposal(s *sentence, h cueHit, env *stanceEnv) bool {
	w0 := h.words[0]
	switch {
	case demandWords[w0] && h.stance == StanceConditional:
		return precondition(s, h.end) || (w0 == "wants" || w0 == "want") && objectIsTarget(s, h.end, env)
	case moneyVerbs[w0]:
		for k := h.end; k < len(s.words) && k < h.end+3; k++ {
			if s.words[k] == "millions" || s.words[k] == "billions" || moneyAt(s, s.toks[k].Start) {
				return true
			}
		}
		return false
	}
	if len(h.words) > 1 && h.stance != StanceOppose {
		return true // "vote for the plan", "sets conditions"
	}
	if proposerVerbs[w0] {
		return objectIsTarget(s, h.end, env) // "unveiled the plan"
	}
	if (len(h.words) > 1 || transitiveVerbs[w0]) && (h.end >= len(s.words) || strings.ContainsAny(s.gap(h.end-1), ",;.:—")) {
		return true // intransitive: "the Green List, which is opposed", "will vote against."
	}
	if len(h.words) == 1 && !transitiveVerbs[w0] && h.stance == StanceSupport {
		return s.mentions(env.target) // a noun: "has given the bridge its blessing"
	}
	if objectIsTarget(s, h.end, env) {
		return true
	}
	// multi-word opposition ("filed a lawsuit", "resolution against it")
	// in a sentence about the proposal
	return len(h.words) > 1 && s.mentions(env.target)
}

// objectIsTarget reports whether the noun phrase from token k is the
// target: a pronoun, or one of its nouns after at most four modifiers,
// possessives included ("the project's permit", "Almeida's plan").
func objectIsTarget(s *sentence, k int, env *stanceEnv) bool {
	for j := k; j < len(s.words) && j < k+5; j++ {
		if j > k && strings.ContainsAny(s.gap(j-1), ",;.:—()") {
			return false
		}
		w := s.words[j]
		if w == "it" || w == "them" || w == "this" {
			return j == k || j == k+1 && (s.words[k] == "against" || s.words[k] == "to" || s.words[k] == "for")
		}
		off := s.toks[j].Start
		in := false
		for _, m := range s.c.mentions {
			if m.Start <= off && off < m.End {
				if m.Name == env.target {
					return true
				}
				in = true
			}
		}
		if in {
			if !strings.HasSuffix(w, "'s") {
				return false // another named object
			}
			continue
		}
		if auxiliaries[w] || stance.IsNegation(w) || w == "that" || w == "who" || w == "which" || w == "and" || w == "but" {
			return false
		}
	}
	return false
}

// moneyAt reports whether an amount of money starts at byte off.
func moneyAt(s *sentence, off int) bool {
	for _, q := range s.c.Quantities {
		if strings.HasPrefix(q.Head, "money:") && q.Offset >= off-4 && q.Offset <= off+4 {
			return true
		}
	}
	return false
}

// startsWithRole reports whether the text at token k begins with one of
// the target's roles ("Spanish prime minister", "prime minister").
func startsWithRole(s *sentence, k int, roles []string) bool {
	if k >= len(s.toks) {
		return false
	}
	rest := strings.ToLower(s.c.Text[s.toks[k].Start:min(len(s.c.Text), s.toks[k].Start+60)])
	for _, r := range roles {
		if r != "" && strings.HasPrefix(rest, strings.ToLower(r)) {
			return true
		}
	}
	return false
}

// stanceEvidence is one actor's stance read off one sentence.
type stanceEvidence struct {
	actor actor
	hit   cueHit
	c     *Claim
	value string
}

// readStances finds every actor's stance on target in a sentence. The
// sentence must be about the target: it names the target, or names no other
// person and belongs to an article that does (for a proposal: belongs to
// an article that names it).
func readStances(s *sentence, env *stanceEnv, docHasTarget bool) []stanceEvidence {
	c := s.c
	target, countryOf := env.target, env.countryOf
	about := false
	others := 0
	for _, m := range c.mentions {
		if m.Name == target {
			about = true
		} else if m.Type == "PERSON" && countryOf(m.Name) == "" {
			others++
		}
	}
	if !about && !(docHasTarget && (others == 0 || env.proposal)) {
		return nil
	}
	hits := findCues(s)
	as := actors(s, env)
	var out []stanceEvidence
	if env.proposal {
		out = proposers(s, as, env)
	}
	if len(hits) == 0 {
		return out
	}
	isActor := func(k int) bool {
		for _, a := range as {
			if a.start == k {
				return true
			}
		}
		return false
	}
	for _, a := range as {
		best, bestDist := -1, 1<<30
		for hi, h := range hits {
			if h.proposalOnly && !env.proposal {
				continue
			}
			var d int
			switch h.dir {
			case actorAfter:
				if a.start < h.end || a.start-h.end > 10 {
					continue
				}
				if !listBetween(s, h.end, a.start) {
					continue
				}
				d = a.start - h.end
			case actorPoss:
				if a.end != h.start && !(a.end == h.start-1 && s.stems[h.start-1] != "") {
					continue
				}
				if !strings.HasSuffix(s.words[a.end-1], "'s") && !strings.HasSuffix(s.words[a.end-1], "s'") {
					continue
				}
				d = 0
			default:
				switch {
				case !env.proposal && h.start >= a.end && h.start-a.end <= 10 && clauseOK(s, a.end, h.start, isActor) && !actorBetween(s, as, a, h.start, nil):
					d = h.start - a.end
				case env.proposal && h.start >= a.end && h.start-a.end <= 20:
					ok, aside := asides(s, a.end, h.start, a.start > 0 && strings.Contains(s.gap(a.start-1), ","))
					if !ok || actorBetween(s, as, a, h.start, aside) {
						continue
					}
					d = h.start - a.end
				case env.proposal && reportedSubject(s, as, h.start) == a.start:
					// "X, whose seats could decide ..., said on Thursday it would back the plan"
					d = 20 + h.start - a.end
				default:
					continue
				}
			}
			if !objectOK(s, h, target, env.roles) || !aimedAtTarget(s, h, env) {
				continue
			}
			if d < bestDist {
				best, bestDist = hi, d
			}
		}
		if best < 0 {
			continue
		}
		h := hits[best]
		if isRequirement(s, h) {
			continue
		}
		v := h.stance
		switch {
		case env.proposal && demandWords[h.words[0]] && v == StanceConditional && !precondition(s, h.end):
			v = StanceSupport // "One wants the giant new bridge"
		case h.cond && (v == StanceSupport || v == StanceConditional):
			v = StanceConditional // "would back the plan only if", "will not support it unless"
		case h.negated || h.unclear:
			v = StanceUndecided
		}
		out = append(out, stanceEvidence{actor: a, hit: h, c: c, value: v})
	}
	return out
}

// actorBetween reports whether another actor stands between actor a and a
// cue at token h, other than one listed with a ("Spain and Italy have"):
// "Copenhagen-based Acme Shipping pledged" is Acme's pledge.
func actorBetween(s *sentence, as []actor, a actor, h int, aside []bool) bool {
	for _, b := range as {
		if b.start < a.end || b.end > h || b.start == a.start {
			continue
		}
		if aside != nil && b.start-a.end < len(aside) && aside[b.start-a.end] {
			continue // named in an aside: "X, an environmental group chaired by Y, had filed"
		}
		listed := b.start > a.end && b.start-a.end <= 2
		for k := a.end; k < b.start && listed; k++ {
			if w := s.words[k]; w != "and" && w != "or" && w != "nor" {
				listed = false
			}
		}
		if b.start == a.end && strings.Contains(s.gap(a.end-1), ",") {
			listed = true
		}
		if !listed {
			return true
		}
	}
	return false
}

// asides reports whether the words between an actor ending at token a and
// a cue at token b keep them in one clause, comma-enclosed asides about
// the actor allowed ("Acme Shipping, the Copenhagen-based container
// line, pledged", "the Green Shore Alliance, the green group that is suing
// to stop it"). aside marks the tokens from a that lie in an aside.
func asides(s *sentence, a, b int, appositive bool) (bool, []bool) {
	aside := make([]bool, b-a)
	open, relative := false, false
	for i := a - 1; i < b; i++ {
		g := s.gap(i)
		if strings.ContainsAny(g, ";:()") || strings.Contains(g, "—") || strings.Contains(g, "--") {
			return false, nil
		}
		if strings.Contains(g, ",") {
			if open {
				open, relative = false, false
				continue
			}
			if i+1 >= b {
				// "Copenhagen, promised": the comma ends the actor's clause,
				// unless the actor was itself an aside ("The region's
				// water manager, the Basin Authority, wants")
				return appositive && i == a-1, aside
			}
			next := s.words[i+1]
			if !parenthetical(next) && next != "with" && next != "based" && next != "led" && next != "chaired" {
				return false, nil
			}
			open = true
			relative = next == "who" || next == "which" || next == "whose"
		}
		if i+1 >= b {
			break
		}
		w := s.words[i+1]
		if open {
			aside[i+1-a] = true
			if w == "that" || w == "which" || w == "who" {
				relative = true
			}
			continue
		}
		if w == "that" || w == "while" || w == "but" || w == "because" || w == "if" || w == "when" {
			return false, nil
		}
	}
	// a cue inside an aside belongs to it only in a relative clause
	return !open || relative, aside
}

// reportWords introduce reported speech whose subject holds the stance:
// "X said it would back the plan".
var reportWords = map[string]bool{"said": true, "says": true, "say": true, "told": true, "announced": true,
	"stated": true, "insisted": true, "declared": true, "confirmed": true, "added": true}

// reportedSubject returns the start token of the actor whose reported
// speech holds the cue at token h ("X, whose ..., said on Thursday it
// would back ...", "Councillor Y, 34, says she will vote yes"), or -1.
func reportedSubject(s *sentence, as []actor, h int) int {
	// back over auxiliaries and negation to a pronoun
	k := h - 1
	for k >= 0 && (auxiliaries[s.words[k]] || stance.IsNegation(s.words[k]) || s.words[k] == "also" || s.words[k] == "still") {
		k--
	}
	if k < 1 {
		return -1
	}
	switch s.words[k] {
	case "it", "they", "he", "she", "we":
	default:
		return -1
	}
	// back over "that" and a short time phrase to the report verb
	r := k - 1
	for r >= 0 && k-r <= 4 && !reportWords[s.words[r]] {
		if strings.ContainsAny(s.gap(r), ",;:") {
			return -1
		}
		r--
	}
	if r < 1 || !reportWords[s.words[r]] {
		return -1
	}
	q := r
	for q > 0 && (s.words[q-1] == "has" || s.words[q-1] == "have" || s.words[q-1] == "had" || s.words[q-1] == "also") {
		q--
	}
	best := -1
	bestEnd := -1
	for _, a := range as {
		if a.end > q || a.end <= bestEnd {
			continue
		}
		switch {
		case a.end == q && !strings.ContainsAny(s.gap(q-1), ",;:—"):
		case strings.Contains(s.gap(a.end-1), ",") && strings.Contains(s.gap(q-1), ",") && a.end < q && parenthetical(s.words[a.end]):
		default:
			continue
		}
		best, bestEnd = a.start, a.end
	}
	return best
}

// parenthetical reports whether a comma-enclosed phrase opening with w is
// an aside about the subject: "whose ...", "which ...", "a ...", "34".
func parenthetical(w string) bool {
	switch w {
	case "who", "whose", "which", "a", "an", "the", "its", "his", "her", "their":
		return true
	}
	_, ok := parseNumber(w)
	return ok
}

// proposers reads the possessive that names a proposal's author:
// "Almeida's plan", "the mayor's mega-bridge".
func proposers(s *sentence, as []actor, env *stanceEnv) []stanceEvidence {
	var out []stanceEvidence
	for _, m := range s.c.mentions {
		if m.Name != env.target {
			continue
		}
		k := s.tokenAt(m.Start)
		for _, a := range as {
			if a.end != k && !(a.end == k-1 && s.stems[k-1] != "" && !isCapital(s.toks[k-1].Text)) {
				continue
			}
			if a.end < 1 || !strings.HasSuffix(s.words[a.end-1], "'s") || a.typ == "GPE" {
				continue
			}
			h := cueHit{cue: cue{words: []string{s.words[k]}, stance: StanceSupport, dir: actorPoss}, start: a.end - 1, end: k + 1}
			out = append(out, stanceEvidence{actor: a, hit: h, c: s.c, value: StanceSupport})
		}
	}
	return out
}

// requirementWords before a support cue make it a need, not a stance:
// "still has to garner the backing of all the remaining countries".
var requirementWords = map[string]bool{"garner": true, "win": true, "gain": true, "obtain": true, "need": true,
	"needs": true, "needed": true, "must": true, "seek": true, "seeking": true, "secure": true, "get": true, "requires": true}

func isRequirement(s *sentence, h cueHit) bool {
	if h.stance != StanceSupport {
		return false
	}
	for k := max(0, h.start-4); k < h.start; k++ {
		if requirementWords[s.words[k]] {
			return true
		}
	}
	return false
}

// listBetween reports whether the words between a cue ending at a and an
// actor starting at b are a list or a noun phrase leading to it ("support
// from NATO's bigger countries, including France"), not a new clause.
func listBetween(s *sentence, a, b int) bool {
	for k := a; k < b; k++ {
		if strings.ContainsAny(s.gap(k-1), ";:.—") {
			return false
		}
		if auxiliaries[s.words[k]] || s.words[k] == "that" || s.words[k] == "which" || s.words[k] == "who" {
			return false
		}
	}
	return true
}

// candidacyValue is what a sentence says about whether a person is in the
// race for the target's post: +1 a rival or candidate, -1 not a candidate,
// and exclusive when it says the target is the only one.
type candidacy struct {
	person    string
	value     int
	exclusive bool
	rival     bool // named as the target's rival, not merely as applying
	c         *Claim
	cue       string
}

var rivalCues = [][]string{
	{"rivals", "are"}, {"rivals", "include"}, {"rival", "is"}, {"challengers", "are"}, {"contenders", "are"},
	{"candidates", "are"}, {"candidates", "include"}, {"competitors", "are"},
}

var candidateCues = [][]string{
	{"applied", "for"}, {"is", "running", "for"}, {"are", "running", "for"}, {"in", "the", "running"},
	{"has", "declared", "her", "candidacy"}, {"has", "declared", "his", "candidacy"}, {"announced", "his", "candidacy"},
	{"announced", "her", "candidacy"}, {"vying", "for"},
}

var notCandidateCues = [][]string{
	{"not", "in", "the", "mix"}, {"not", "on", "the", "list"}, {"not", "declared"}, {"not", "announced"},
	{"yet", "to", "declare"}, {"yet", "to", "announce"}, {"n't", "formally", "nominate"}, {"not", "formally", "nominate"},
	{"didn't", "formally", "nominate"}, {"did", "not", "nominate"}, {"not", "a", "candidate"}, {"not", "running"},
	{"ruled", "herself", "out"}, {"ruled", "himself", "out"}, {"withdrew", "from"}, {"pulled", "out"},
}

var exclusiveCues = [][]string{
	{"the", "only", "name"}, {"the", "only", "candidate"}, {"the", "sole", "candidate"}, {"only", "candidate"},
	{"no", "other", "candidates"}, {"no", "other", "candidate"}, {"unopposed"},
}

// sameGoesFor carries the previous sentence's candidacy status over.
var sameGoesFor = [][]string{{"same", "goes", "for"}}

// candidacyCues are the cue lists readCandidacy looks for, in one table so
// that one pass over a sentence finds them all.
var candidacyCues = [][][]string{exclusiveCues, rivalCues, candidateCues, notCandidateCues, sameGoesFor}

// cueRef is one candidacy cue and its place in the flat array of positions.
type cueRef struct {
	flat int
	seq  []string
}

// cuesByFirst indexes every candidacy cue by its first word.
var cuesByFirst = func() map[string][]cueRef {
	m := map[string][]cueRef{}
	n := 0
	for _, list := range candidacyCues {
		for _, seq := range list {
			m[seq[0]] = append(m[seq[0]], cueRef{n, seq})
			n++
		}
	}
	return m
}()

// cueStart is each list's first place in the flat array of positions.
var cueStart = func() []int {
	out := make([]int, len(candidacyCues)+1)
	for l, list := range candidacyCues {
		out[l+1] = out[l] + len(list)
	}
	return out
}()

// candidacyCuePositions returns, for every candidacy cue (flat, in list
// order), the first word at which words contain it, or -1: what hasSeq
// gives for each, in one pass.
func candidacyCuePositions(words []string) []int {
	pos := make([]int, cueStart[len(candidacyCues)])
	for k := range pos {
		pos[k] = -1
	}
	for i, w := range words {
		for _, r := range cuesByFirst[w] {
			f, seq := r.flat, r.seq
			if pos[f] >= 0 || i+len(seq) > len(words) {
				continue
			}
			ok := true
			for k, x := range seq {
				if words[i+k] != x {
					ok = false
					break
				}
			}
			if ok {
				pos[f] = i
			}
		}
	}
	return pos
}

func hasSeq(words []string, seq []string) (int, bool) {
	for i := 0; i+len(seq) <= len(words); i++ {
		ok := true
		for k, w := range seq {
			if words[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return i, true
		}
	}
	return -1, false
}

// readCandidacy reads who the sentence says is or is not competing with the
// target. prev holds the people of the previous sentence, for "she" and
// "The same goes for ...".
func readCandidacy(s *sentence, target string, prev []string, prevValue int) (out []candidacy, people []string, value int) {
	c := s.c
	for _, m := range c.mentions {
		if m.Type == "PERSON" && m.Name != target && !contains(people, m.Name) {
			people = append(people, m.Name)
		}
	}
	hasTarget := false
	for _, m := range c.mentions {
		if m.Name == target {
			hasTarget = true
		}
	}
	words := s.words
	pos := s.candidacyCues()
	at := func(list, k int) (int, bool) {
		i := pos[cueStart[list]+k]
		return i, i >= 0
	}
	for k, seq := range exclusiveCues {
		if i, ok := at(0, k); ok && hasTarget && (i == 0 || words[i-1] != "not" && !(i > 1 && words[i-2] == "not")) {
			out = append(out, candidacy{person: target, exclusive: true, c: c, cue: strings.Join(seq, " ")})
		}
	}
	for k, seq := range rivalCues {
		if i, ok := at(1, k); ok && hasTarget {
			for _, m := range c.mentions {
				if m.Type == "PERSON" && m.Name != target && s.tokenAt(m.Start) > i {
					out = append(out, candidacy{person: m.Name, value: 1, rival: true, c: c, cue: strings.Join(seq, " ")})
				}
			}
			value = 1
		}
	}
	for k, seq := range candidateCues {
		if i, ok := at(2, k); ok {
			for _, m := range c.mentions {
				e := s.tokenAt(m.End-1) + 1
				if m.Type == "PERSON" && m.Name != target && e <= i && i-e <= 4 && clauseOK(s, e, i, func(int) bool { return false }) {
					out = append(out, candidacy{person: m.Name, value: 1, c: c, cue: strings.Join(seq, " ")})
					value = 1
				}
			}
		}
	}
	for k, seq := range notCandidateCues {
		if _, ok := at(3, k); ok {
			who := people
			if len(who) == 0 {
				who = prev
			}
			for _, p := range who {
				out = append(out, candidacy{person: p, value: -1, c: c, cue: strings.Join(seq, " ")})
			}
			value = -1
			break
		}
	}
	// "The same goes for X": X shares the previous sentence's status
	if _, ok := at(4, 0); ok && prevValue != 0 && value == 0 {
		for _, p := range people {
			out = append(out, candidacy{person: p, value: prevValue, c: c, cue: "the same goes for"})
		}
		value = prevValue
	}
	return out, people, value
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// decisionWords mark a sentence about when a decision is taken.
var decisionWords = map[string]bool{
	"decide": true, "decided": true, "decision": true, "selection": true, "select": true, "appoint": true,
	"appointment": true, "appointed": true, "finalize": true, "finalise": true, "finalized": true, "finalised": true,
	"complete": true, "completing": true, "wrapped": true, "conclude": true, "concluded": true, "choose": true,
	"chosen": true, "elect": true, "elected": true, "vote": true, "approve": true, "named": true, "name": true,
}

// boundWords before a time make it a deadline, not a target: "by this
// summer", "before July", "in time for the summit in July".
var boundWords = map[string]bool{"by": true, "before": true, "ahead": true, "until": true}

// schedule is one sentence's stated time for the decision.
type schedule struct {
	c     *Claim
	t     TimeRef
	bound bool // a deadline: compatible with anything earlier
}

// readSchedule returns the times the sentence gives for the decision.
func readSchedule(s *sentence) []schedule {
	c := s.c
	has := false
	for _, w := range s.words {
		if decisionWords[w] {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	var out []schedule
	for _, t := range c.Times {
		if t.Type != "DATE" || t.Value == "" || strings.HasSuffix(t.Value, "_REF") || t.Granularity == "day" || t.Tense == "past" {
			continue
		}
		i := s.tokenAt(t.Start)
		near := false
		for k := max(0, i-12); k < len(s.words) && k <= i+6; k++ {
			if decisionWords[s.words[k]] {
				near = true
			}
		}
		if !near {
			continue
		}
		bound := false
		for k := max(0, i-10); k < i; k++ {
			w := s.words[k]
			if boundWords[w] || w == "time" && k+1 < len(s.words) && s.words[k+1] == "for" {
				bound = true
			}
		}
		out = append(out, schedule{c: c, t: t, bound: bound})
	}
	return out
}

// ruleWords mark a decision rule.
var ruleWords = map[string]string{
	"unanimous": "unanimity", "unanimity": "unanimity", "unanimously": "unanimity", "consensus": "consensus",
	"majority": "majority",
}

// ruleReading is what one sentence says of a decision rule.
type ruleReading struct {
	kind    string  // unanimity, consensus, majority
	members int     // the body's size: "the 45-member council", "all 31 allies"
	needed  int     // votes needed when stated: "or 30 votes", "needs 30 of its 45"
	share   float64 // the fraction a qualified majority needs: 2/3
}

// memberNouns count the members of a deciding body.
var memberNouns = map[string]bool{"members": true, "member": true, "seats": true, "councillors": true, "councilors": true,
	"allies": true, "countries": true, "states": true, "nations": true, "lawmakers": true, "deputies": true, "senators": true,
	"governments": true, "judges": true, "shareholders": true, "mps": true, "delegates": true}

// readRule returns the rule a sentence states, if any: its kind, the
// number of members it names ("the 45-member council", "all 31
// countries") and the votes it needs ("or 30 votes").
func readRule(s *sentence) ruleReading {
	r, explicit, need := s.ruleWordReading()
	if !explicit {
		for _, q := range s.c.Quantities {
			if q.Approx == "exact" && q.Of == 0 && q.Unit != "percent" && !strings.HasPrefix(q.Head, "money:") && q.Value >= 3 && q.Value == float64(int(q.Value)) && q.Unit != "votes" && int(q.Value) != r.needed {
				r.members = int(q.Value)
				break
			}
		}
	}
	if r.needed > 0 && r.members > 0 && r.needed > r.members {
		r.needed = 0
	}
	if r.kind == "" {
		// "approval needs 30 of its 45 members": a qualified majority
		if !need || r.needed == 0 || r.members == 0 || 2*r.needed <= r.members {
			return ruleReading{}
		}
		r.kind = "majority"
	}
	return r
}

// readRuleWords is the part of readRule that depends on the sentence's
// words alone: the rule's kind and share, the members and votes it states
// in words, and whether it says something is needed.
func readRuleWords(s *sentence) (r ruleReading, explicit, need bool) {
	at := -1
	for i, w := range s.words {
		k, ok := ruleWords[w]
		if !ok {
			continue
		}
		ctx := false
		for j := max(0, i-8); j < len(s.words) && j < i+4; j++ {
			if decisionWords[s.words[j]] || s.words[j] == "must" || s.words[j] == "needs" || s.words[j] == "rules" || s.words[j] == "requires" {
				ctx = true
			}
		}
		if !ctx {
			continue
		}
		r.kind, at = k, i
		break
	}
	if at > 0 {
		if f, ok := fractionWords[s.words[at-1]]; ok && s.words[at-1] != "majority" {
			r.share = f // "a two-thirds majority"
		}
	}
	// the body's size, by the surest wording first
	for i, w := range s.words {
		if n, ok := strings.CutSuffix(w, "-member"); ok {
			if v, ok := parseNumber(n); ok && v >= 3 {
				r.members, explicit = int(v), true
				continue
			}
		}
		v, ok := parseNumber(w)
		if !ok || v < 3 || isYear(w) {
			continue
		}
		next := wordAt(s.words, i+1)
		prev := wordAt(s.words, i-1)
		// "30 of its 45 members": needed and members
		k := i - 1
		for k >= 0 && (s.words[k] == "its" || s.words[k] == "the" || s.words[k] == "their" || s.words[k] == "all") {
			k--
		}
		if k >= 1 && s.words[k] == "of" {
			if n, ok := parseNumber(s.words[k-1]); ok && !isYear(s.words[k-1]) && n < v {
				r.needed, r.members, explicit = int(n), int(v), true
				continue
			}
		}
		switch {
		case next == "votes" || next == "vote" || next == "yes":
			if r.needed == 0 {
				r.needed = int(v)
			}
		case (prev == "all" || prev == "the" || prev == "its" || prev == "their") && memberNouns[next] && !explicit:
			r.members, explicit = int(v), true
		}
	}
	for _, w := range s.words {
		need = need || w == "needs" || w == "need" || w == "requires" || w == "require"
	}
	return r, explicit, need
}
