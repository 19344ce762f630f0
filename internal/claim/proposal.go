package claim

import (
	"fmt"
	"sort"
	"strings"
)

// stanceEnv is what reading stances needs from the whole story.
type stanceEnv struct {
	target    string
	roles     []string // the target's roles, when it is a person
	proposal  bool     // the target is a proposal ("the plan"), not a person
	countryOf func(person string) string
	// speaksFor maps a person to the organisation or place their role
	// names ("Deputy Environment Minister" speaks for the Environment
	// Ministry, "Riverside Party group leader" for the Riverside Party).
	speaksFor map[string]string
	// heads maps the last word of an organisation's name to the one
	// organisation of the story that ends in it ("ministry" -> "Environment
	// Ministry"), so that "the ministry" names it.
	heads map[string]string
	// places are the names the story ever uses as places: "Riverton" is
	// no short form of "Riverton Port Authority".
	places map[string]bool
}

// sameActor reports whether two actor names are one actor written short
// and long: "Acme" and "Acme Shipping".
func (env *stanceEnv) sameActor(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a != "" && strings.HasPrefix(b, a+" ") && !env.places[a] && env.proposal
}

// orgHeads are the nouns that end an organisation's name; one after a
// possessive continues the name ("Riverside Party", "Farmers'
// Cooperative").
var orgHeads = map[string]bool{
	"union": true, "party": true, "cooperative": true, "co-operative": true, "association": true, "alliance": true,
	"federation": true, "council": true, "authority": true, "league": true, "front": true, "movement": true,
	"congress": true, "group": true, "society": true, "foundation": true, "institute": true, "committee": true,
	"ministry": true, "commission": true, "agency": true, "board": true, "coalition": true, "guild": true,
	"confederation": true, "chamber": true, "club": true, "trust": true, "network": true, "office": true,
	"department": true, "directorate": true, "administration": true, "court": true, "bank": true, "company": true,
}

// definiteHeads may name a story's organisation in a definite description:
// "the ministry said", "the union backs".
var definiteHeads = map[string]bool{
	"ministry": true, "union": true, "party": true, "authority": true, "cooperative": true, "alliance": true,
	"association": true, "federation": true, "agency": true, "commission": true, "coalition": true, "directorate": true,
	"department": true, "government": true,
}

// leaderWords in a role make its holder speak for what the role names.
var leaderWords = []string{"minister", "mayor", "leader", "chair", "president", "head", "director", "chief",
	"spokesman", "spokeswoman", "spokesperson", "secretary", "governor", "ceo", "executive"}

// buildStanceEnv fills the story-wide tables of a stance reading.
func (st *story) buildStanceEnv(proposal bool) *stanceEnv {
	env := &stanceEnv{target: st.target, roles: st.roles, proposal: proposal, countryOf: st.countryOf,
		speaksFor: map[string]string{}, heads: map[string]string{}, places: map[string]bool{}}
	if !proposal {
		return env
	}
	// organisations and places named in the story, by mention count
	count := map[string]int{}
	typ := map[string]string{}
	for _, d := range st.docs {
		for _, m := range d.Entities {
			if m.Type == "GPE" || m.Type == "LOC" {
				env.places[m.Name] = true
			}
			if (m.Type == "ORG" || m.Type == "GPE") && m.Name != "" && m.Place == "" {
				count[m.Name]++
				typ[m.Name] = m.Type
			}
		}
	}
	ambiguous := map[string]bool{}
	for n := range count {
		f := strings.Fields(n)
		if len(f) < 2 || typ[n] != "ORG" {
			continue
		}
		h := strings.ToLower(f[len(f)-1])
		if !definiteHeads[h] {
			continue
		}
		if o, ok := env.heads[h]; ok && o != n {
			ambiguous[h] = true
		}
		env.heads[h] = n
	}
	for h := range ambiguous {
		delete(env.heads, h)
	}
	// a story repeats its people's roles: each role is read once
	orgOf := map[string]string{}
	for _, d := range st.docs {
		for _, m := range d.Entities {
			if m.Type != "PERSON" || m.Role == "" || env.speaksFor[m.Name] != "" {
				continue
			}
			o, ok := orgOf[m.Role]
			if !ok {
				o = roleOrganisation(m.Role, count, env.heads)
				orgOf[m.Role] = o
			}
			if o != "" {
				env.speaksFor[m.Name] = o
			}
		}
	}
	return env
}

// roleOrganisation returns the organisation or place a leading role names:
// "Eastby Mayor" -> Eastby, "Deputy Environment Minister" -> Environment
// Ministry, "chairman of the Farmers' Union" -> Farmers' Union.
func roleOrganisation(role string, names map[string]int, heads map[string]string) string {
	r := strings.ToLower(role)
	if strings.Contains(r, "former") || strings.Contains(r, "ex-") {
		return ""
	}
	leads := false
	for _, w := range leaderWords {
		if strings.Contains(r, w) {
			leads = true
		}
	}
	if !leads {
		return ""
	}
	best := ""
	for n := range names {
		if len(n) > len(best) && containsWords(r, strings.ToLower(n)) {
			best = n
		}
	}
	if best != "" && !strings.Contains(r, "minister") {
		return best
	}
	// "Environment Minister" speaks for the Environment Ministry
	if o := heads["ministry"]; o != "" && strings.Contains(r, "minister") {
		for _, w := range strings.Fields(strings.ToLower(strings.TrimSuffix(o, " Ministry"))) {
			if containsWords(r, w) {
				return o
			}
		}
	}
	return best
}

// containsWords reports whether s contains sub as whole words.
func containsWords(s, sub string) bool {
	i := strings.Index(s, sub)
	if i < 0 || sub == "" {
		return false
	}
	before := i == 0 || !isLetterByte(s[i-1])
	after := i+len(sub) == len(s) || !isLetterByte(s[i+len(sub)])
	return before && after
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80 }

// orgExtension returns how far an organisation's name continues past a
// mention ending at byte end: "Workers" + "' Union", "Northern Farmers"
// + "' Union". The recogniser often stops at the apostrophe.
func orgExtension(s *sentence, end int) (suffix string, tok int) {
	t := s.c.Text
	if end >= len(t) {
		return "", -1
	}
	rest := t[end:]
	var cut string
	for _, p := range []string{"'s ", "’s ", "' ", "’ "} {
		if strings.HasPrefix(rest, p) {
			cut = p
			break
		}
	}
	if cut == "" {
		return "", -1
	}
	k := s.tokenAt(end + len(cut))
	if k >= len(s.toks) || !isCapital(s.toks[k].Text) || !orgHeads[s.words[k]] {
		return "", -1
	}
	return strings.ReplaceAll(strings.TrimSuffix(cut, " "), "’", "'") + " " + s.toks[k].Text, k
}

// partyOfSupporter reads "X's Y Party" where X backs the proposal: the
// party of a proposal's backer is counted as backing it, the evidence
// naming why ("Almeida's Civic Party").
func partyOfSupporter(s *sentence, env *stanceEnv, supporter map[string]bool) []stanceEvidence {
	if len(supporter) == 0 {
		return nil
	}
	has := false
	for _, w := range s.words {
		if w == "party" {
			has = true
			break
		}
	}
	if !has {
		return nil
	}
	var out []stanceEvidence
	as := actors(s, env)
	for _, p := range as {
		if !supporter[p.name] || p.end < 1 || !strings.HasSuffix(s.words[p.end-1], "'s") {
			continue
		}
		for _, o := range as {
			if o.start == p.end && o.typ == "ORG" && strings.HasSuffix(strings.ToLower(o.name), " party") {
				h := cueHit{cue: cue{words: []string{"party"}, stance: StanceSupport, dir: actorPoss}, start: p.start, end: o.end}
				out = append(out, stanceEvidence{actor: o, hit: h, c: s.c, value: StanceSupport})
			}
		}
	}
	return out
}

// seatNouns count a party's or group's votes in a deciding body.
var seatNouns = map[string]bool{"seats": true, "councillors": true, "councilors": true, "lawmakers": true,
	"deputies": true, "mps": true, "senators": true, "representatives": true}

// holdWords may stand between a party and its seats: "holds 26 seats",
// "has 26 of them", "'s 11 seats".
var holdWords = map[string]bool{"holds": true, "has": true, "have": true, "controls": true, "won": true,
	"holding": true, "with": true, "whose": true, "council": true, "of": true, "the": true, "all": true}

// seats reads how many seats each organisation holds: "the Civic
// Party holds 26 seats", "the 11 councillors of the Riverside Party", "The
// Riverside Party, whose 11 council seats". The value most often stated
// wins.
func (st *story) seats() map[string]int {
	env := st.buildStanceEnv(st.proposal)
	votes := map[string]map[int]int{}
	for _, ss := range st.sents {
		for _, s := range ss {
			var qs []Quantity
			for _, q := range s.c.Quantities {
				if seatNouns[q.Unit] && q.Approx == "exact" && !q.Ratio && q.Value >= 1 {
					qs = append(qs, q)
				}
			}
			if len(qs) == 0 {
				continue
			}
			as := actors(s, env)
			for _, q := range qs {
				k := s.tokenAt(q.Offset)
				owner := ""
				for _, a := range as {
					if a.typ == "GPE" || a.typ == "GROUP" {
						continue // the recogniser may call a party a person
					}
					// before: "X holds 26 seats", "X, whose 11 council seats"
					if a.end <= k && k-a.end <= 3 {
						ok := true
						for j := a.end; j < k; j++ {
							if !holdWords[s.words[j]] || j > a.end && strings.Contains(s.gap(j-1), ",") {
								ok = false
							}
						}
						if ok {
							owner = a.name
						}
					}
					// after: "the 11 councillors of the Riverside Party"
					e := s.tokenAt(q.Offset + len(q.Text) - 1)
					for e+1 < len(s.words) && !seatNouns[s.words[e]] && e-k < 3 {
						e++
					}
					if seatNouns[s.words[e]] && wordAt(s.words, e+1) == "of" {
						f := e + 2
						if wordAt(s.words, f) == "the" {
							f++
						}
						if a.start == f {
							owner = a.name
						}
					}
				}
				if owner == "" {
					continue
				}
				if votes[owner] == nil {
					votes[owner] = map[int]int{}
				}
				votes[owner][int(q.Value)]++
			}
		}
	}
	out := map[string]int{}
	for who, m := range votes {
		best := 0
		for v, n := range m {
			if n > m[best] || n == m[best] && v > best {
				best = v
			}
		}
		out[who] = best
	}
	return out
}

// seatTally counts the seats of the parties whose stance the evidence
// gives, for a vote on a proposal.
func seatTally(board []StanceRow, seats map[string]int, members int) Tally {
	var t Tally
	for _, r := range board {
		n := seats[r.Actor]
		for _, a := range r.Aliases {
			if n == 0 {
				n = seats[a]
			}
		}
		if n == 0 {
			continue
		}
		switch r.Stance {
		case StanceSupport:
			t.Support += n
			t.SupportFrom = append(t.SupportFrom, fmt.Sprintf("%s (%d)", r.Actor, n))
		case StanceOppose, StanceConditional, StanceUndecided:
			t.Against += n
			t.AgainstFrom = append(t.AgainstFrom, fmt.Sprintf("%s (%d)", r.Actor, n))
		case StanceDisputed:
			t.Disputed += n
		}
	}
	sort.Strings(t.SupportFrom)
	sort.Strings(t.AgainstFrom)
	if members > 0 {
		t.Unknown = max(0, members-t.Support-t.Against-t.Disputed)
		t.Note = fmt.Sprintf("%d of %d seats with backers; %d with parties that object or set conditions; %d disputed; %d unknown", t.Support, members, t.Against, t.Disputed, t.Unknown)
	}
	return t
}
