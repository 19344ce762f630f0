package claim

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/stance"
	"github.com/crosscheck/crosscheck/internal/text"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// Thresholds of the grouping and conflict decisions.
const (
	// paraphraseSim is the align.Similarity from which two sentences of
	// different articles restate one claim (align's own threshold).
	paraphraseSim = align.AlignThreshold
	// anchorSim is the lower similarity enough when two sentences also
	// share an anchor: the same entity with the same date or number.
	anchorSim = 0.2
	// anchorSimSpecific is the similarity enough with a specific anchor (a
	// person with a month, an ordinal): sentences that make several claims
	// score low as wholes even when one of their claims is the same.
	anchorSimSpecific = 0.0
	// conflictSim is the similarity two sentences need for their
	// polarity, numbers or dates to clash: similar sentences often speak of
	// different events, scopes or figures ("blocked two shots" in the last
	// run, "six shots" in the game).
	conflictSim = 0.45
	// minPairMass is the least IDF mass (within the story) of the stems two
	// sentences share for them to be compared at all: about two words
	// rarer than the story's commonest.
	minPairMass = 2.5
	// minDice is the least share of content stems (Dice) two sentences
	// without a common anchor need to be scored: rewrites share far more.
	minDice = 0.2
	// changeGap is the publication-date distance beyond which two sides may
	// record a change over time rather than a disagreement.
	changeGap = 60 * 24 * time.Hour
)

// story is the working state of one analysis.
type story struct {
	docs      []Doc
	claims    [][]*Claim
	sents     [][]*sentence
	lineage   map[string]int
	byID      map[string]*Doc
	countries map[string]string
	people    map[string]string
	target    string
	proposal  bool                 // the target is a proposal ("the plan"), not a person
	roles     []string             // the target's roles ("Dutch Prime Minister")
	pairs     []pair               // cross-article sentence pairs worth comparing, computed once
	num       *numbering           // the sentences numbered for the pairwise stages
	claimIDs  map[[2]string]string // (article, sentence text) -> the first claim's ID

	ruleDone    bool     // readRules has run
	ruleClaims  []*Claim // sentences stating a decision rule
	ruleKinds   []string // their kinds, in order
	ruleMembers int      // the membership most often stated
	ruleNeeded  int      // the votes needed most often stated
	ruleShare   float64  // the qualified majority's share (2/3), if any
}

// Analyze groups the story's claims, finds its contradictions and builds
// its stance board.
func Analyze(in Input) Result {
	st := &story{docs: in.Docs, lineage: map[string]int{}, byID: map[string]*Doc{}, countries: map[string]string{}}
	for i, l := range in.Lineages {
		for _, id := range l {
			st.lineage[id] = i
		}
	}
	next := len(in.Lineages)
	tc := newTokenCache()
	for i := range in.Docs {
		d := &in.Docs[i]
		st.byID[d.ID] = d
		if _, ok := st.lineage[d.ID]; !ok {
			st.lineage[d.ID] = next
			next++
		}
		cs := extract(*d, tc)
		ptrs := make([]*Claim, len(cs))
		ss := make([]*sentence, len(cs))
		for k := range cs {
			ptrs[k] = &cs[k]
			ss[k] = tc.prepare(ptrs[k])
		}
		st.claims = append(st.claims, ptrs)
		st.sents = append(st.sents, ss)
	}
	st.personCountries()
	st.target = st.findTarget()
	if st.target == "" {
		st.target = st.findProposal()
		st.proposal = st.target != ""
	}
	for _, d := range st.docs {
		for _, m := range d.Entities {
			if m.Name == st.target && m.Role != "" {
				r := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(m.Role, "outgoing "), "current "))
				st.roles = appendNew(st.roles, r)
				// "Spanish Prime Minister" is also "the prime minister"
				if f := strings.Fields(r); len(f) > 1 {
					st.roles = appendNew(st.roles, strings.Join(f[1:], " "))
				}
			}
		}
	}
	res := Result{Target: st.target, Claims: []Group{}, Conflicts: []Conflict{}, Stances: []StanceRow{}, Rules: []Rule{}}

	// The similar pairs need the sentences as findProposal left them and
	// nothing from the stance board, rules, candidacies or schedules; in a
	// large story they are the costliest step, so they are found while
	// those run. They write only the pairwise fields of the sentences
	// (number, class, anchors, alignment), which the others do not read.
	pairsDone := make(chan struct{})
	go func() {
		defer close(pairsDone)
		st.similarPairs()
	}()

	var groups []*Group
	board, stanceGroups := st.board()
	res.Stances = board
	rules, ruleGroup := st.rules(board)
	res.Rules = rules
	if ruleGroup != nil {
		groups = append(groups, ruleGroup)
	}
	groups = append(groups, stanceGroups...)
	candConflicts, candPeople, candGroups := st.candidacies()
	groups = append(groups, candGroups...)
	schedConflicts, schedGroups := st.schedules()
	groups = append(groups, schedGroups...)

	res.Conflicts = append(res.Conflicts, st.stanceConflicts(board)...)
	res.Conflicts = append(res.Conflicts, candConflicts...)
	res.Conflicts = append(res.Conflicts, schedConflicts...)

	<-pairsDone
	pairs := st.pairConflicts()
	pairs = append(pairs, st.exclusiveConflicts()...)
	res.Conflicts = append(res.Conflicts, pairs...)

	// sentences on opposite sides of a conflict never restate one claim
	opposed := map[[2]string]bool{}
	for _, c := range res.Conflicts {
		if len(c.Sides) != 2 {
			continue
		}
		kbs := make([]string, len(c.Sides[1].Evidence))
		for k, b := range c.Sides[1].Evidence {
			kbs[k] = st.claimID(b)
		}
		for _, a := range c.Sides[0].Evidence {
			ka := st.claimID(a)
			for _, kb := range kbs {
				opposed[[2]string{ka, kb}] = true
				opposed[[2]string{kb, ka}] = true
			}
		}
	}
	groups = append(groups, st.similarityGroups(groups, opposed)...)
	// disputed: the groups a conflict is about, by key, and the sentences
	// of sentence-pair conflicts
	disputed := map[string]bool{}
	for _, r := range board {
		if r.Stance == StanceDisputed {
			disputed["stance:"+r.Actor+":"+StanceSupport] = true
			disputed["stance:"+r.Actor+":"+StanceOppose] = true
			disputed["stance:"+r.Actor+":"+StanceConditional] = true
		}
	}
	for _, ps := range candPeople {
		for _, p := range ps {
			disputed["candidacy:"+p+":yes"] = true
			disputed["candidacy:"+p+":no"] = true
		}
	}
	for _, c := range append(schedConflicts, pairs...) {
		for _, s := range c.Sides {
			for _, e := range s.Evidence {
				disputed[e.Article+"\x00"+e.Text] = true
			}
		}
	}
	for _, g := range groups {
		st.finish(g, disputed)
		res.Claims = append(res.Claims, *g)
	}
	sort.SliceStable(res.Claims, func(i, j int) bool {
		a, b := res.Claims[i], res.Claims[j]
		if a.IndependentSources != b.IndependentSources {
			return a.IndependentSources > b.IndependentSources
		}
		return len(a.Articles) > len(b.Articles)
	})
	return res
}

// personCountry maps people who are sitting heads of state or government
// (by any role the story gives them) to their country.
func (st *story) personCountries() {
	st.people = map[string]string{}
	for _, d := range st.docs {
		for _, m := range d.Entities {
			if m.Type != "PERSON" || m.Role == "" {
				continue
			}
			if c := headOfGovernment(m.Role, st.roleCountry); c != "" && st.people[m.Name] == "" {
				st.people[m.Name] = c
			}
		}
	}
}

// countryOf returns the country a person speaks for, or "".
func (st *story) countryOf(person string) string { return st.people[person] }

// roleCountry returns the country a role names ("US President" -> United
// States), using the entity recogniser's gazetteer.
func (st *story) roleCountry(role string) string {
	if v, ok := st.countries[role]; ok {
		return v
	}
	v := ""
	for _, m := range entity.Recognize(role) {
		if m.Type == entity.GPE && m.Place != "" {
			v = m.Place
			break
		}
	}
	st.countries[role] = v
	return v
}

// targetCues are words next to a person that make them the object of a
// bid: "Lopez's bid", "support Lopez", "candidacy of Lopez", "Lopez has
// emerged as a frontrunner".
var (
	targetAfterPoss = map[string]bool{"bid": true, "candidacy": true, "nomination": true, "campaign": true,
		"chances": true, "leadership": true, "path": true, "rivals": true, "candidature": true}
	targetBefore = map[string]bool{"support": true, "supports": true, "supported": true, "backs": true, "backed": true,
		"back": true, "backing": true, "endorse": true, "endorsed": true, "endorses": true, "approve": true,
		"nominate": true, "nominated": true, "elect": true, "appoint": true, "of": false}
	targetAfter = map[string]bool{"frontrunner": true, "front-runner": true, "favorite": true, "favourite": true,
		"candidate": true, "secured": true, "contender": true}
)

// findTarget picks the person the story's stances are about: the one most
// often the object of support, bid or candidacy words; ties go to the most
// mentioned person.
func (st *story) findTarget() string {
	score := map[string]float64{}
	count := map[string]int{}
	for _, ss := range st.sents {
		for _, s := range ss {
			for _, m := range s.c.mentions {
				if m.Type != "PERSON" || m.Name == "" {
					continue
				}
				count[m.Name]++
				i, j := s.tokenAt(m.Start), s.tokenAt(m.End-1)
				if j >= len(s.words) {
					continue
				}
				if strings.HasSuffix(s.words[j], "'s") && j+1 < len(s.words) {
					for k := j + 1; k < len(s.words) && k < j+3; k++ {
						if targetAfterPoss[s.words[k]] {
							score[m.Name]++
						}
					}
				}
				for k := max(0, i-3); k < i; k++ {
					if targetBefore[s.words[k]] || (s.words[k] == "of" && k > 0 && targetAfterPoss[s.words[k-1]]) {
						score[m.Name]++
					}
				}
				for k := j + 1; k < len(s.words) && k < j+6; k++ {
					if targetAfter[s.words[k]] {
						score[m.Name]++
					}
				}
			}
		}
	}
	best := ""
	for n := range count {
		if best == "" || score[n] > score[best] || score[n] == score[best] && (count[n] > count[best] || count[n] == count[best] && n < best) {
			best = n
		}
	}
	if score[best] == 0 {
		return ""
	}
	return best
}

func (st *story) docHas(di int, name string) bool {
	for _, s := range st.sents[di] {
		for _, m := range s.c.mentions {
			if m.Name == name {
				return true
			}
		}
	}
	return false
}

// proposalNouns name things a story's actors back or oppose when no person
// is the target: "Spain backs the plan", "Poland blocked the treaty".
var proposalNouns = map[string]bool{
	"plan": true, "proposal": true, "bill": true, "treaty": true, "deal": true, "agreement": true, "law": true,
	"reform": true, "resolution": true, "motion": true, "measure": true, "budget": true, "package": true,
	"sanctions": true, "initiative": true, "accord": true, "pact": true, "ceasefire": true, "amendment": true,
	"merger": true, "takeover": true, "bid": true, "accession": true, "membership": true, "legislation": true,
	"project": true, "expansion": true, "scheme": true, "programme": true, "program": true, "plans": true,
}

// objectDeterminers may stand between a stance verb and its object noun.
var objectDeterminers = map[string]bool{"the": true, "a": true, "this": true, "that": true, "new": true,
	"proposed": true, "draft": true, "its": true, "their": true, "his": true, "her": true}

// findProposal picks the story's target when it is not a person: the
// proposal most often the object of support or opposition verbs, at least
// twice. Its occurrences become target mentions ("the treaty"), and so do
// the other nouns the story's stances take as object and often repeat
// ("backs the plan", "oppose the project", "back the bridge").
func (st *story) findProposal() string {
	count := map[string]int{}
	other := map[string]int{}
	for _, ss := range st.sents {
		for _, s := range ss {
			for _, h := range findCues(s) {
				if h.dir != actorBefore || len(h.words) != 1 || !transitiveVerbs[h.words[0]] {
					continue
				}
				last := ""
				for k := h.end; k < len(s.words) && k < h.end+5; k++ {
					w := proposalWord(s.words[k])
					if proposalNouns[w] {
						count[w]++
						last = ""
						break
					}
					if objectDeterminers[w] {
						continue
					}
					if k > h.end && strings.ContainsAny(s.gap(k-1), ",;.:") || text.IsStopword(w) || !isLowerWord(s.toks[k].Text) || auxiliaries[w] {
						break
					}
					last = w
				}
				if last != "" {
					other[last]++
				}
			}
		}
	}
	best := ""
	for w, n := range count {
		if n >= 2 && (best == "" || n > count[best] || n == count[best] && w < best) {
			best = w
		}
	}
	if best == "" {
		return ""
	}
	label := "the " + best
	// the other nouns: proposal nouns, and object nouns the story repeats
	alias := map[string]bool{best: true}
	for w := range count {
		alias[w] = true
	}
	if len(other) > 0 {
		freq := map[string]int{}
		for _, ss := range st.sents {
			for _, s := range ss {
				seen := map[string]bool{}
				for _, w := range s.words {
					w = proposalWord(w)
					if other[w] > 0 && !seen[w] {
						seen[w] = true
						freq[w]++
					}
				}
			}
		}
		for w := range other {
			if freq[w] >= 3 {
				alias[w] = true
			}
		}
	}
	// where a text names the proposal depends on its words alone: found
	// once per distinct text; whether a mention already covers it, per
	// sentence
	aliasAt := func(s *sentence) []int {
		var ks []int
		for k, w := range s.words {
			if alias[proposalWord(w)] {
				ks = append(ks, k)
			}
		}
		return ks
	}
	seenText := map[*textShared][]int{}
	for _, ss := range st.sents {
		for _, s := range ss {
			var ks []int
			if sh := s.shared; sh == nil {
				ks = aliasAt(s)
			} else if got, ok := seenText[sh]; ok {
				ks = got
			} else {
				ks = aliasAt(s)
				seenText[sh] = ks
			}
			for _, k := range ks {
				if !s.inMention(s.toks[k].Start) {
					s.c.mentions = append(s.c.mentions, Mention{Text: s.toks[k].Text, Start: s.toks[k].Start, End: s.toks[k].End, Type: "PROPOSAL", Name: label})
				}
			}
		}
	}
	return label
}

// proposalWord is the noun in a word: "project's" is project,
// "mega-bridge" bridge.
func proposalWord(w string) string {
	w = strings.TrimSuffix(w, "'s")
	if i := strings.LastIndexByte(w, '-'); i >= 0 && i+1 < len(w) {
		w = w[i+1:]
	}
	return w
}

func support(c *Claim) Support {
	return Support{Article: c.Article, Outlet: c.outlet, Published: c.pub, Text: c.Text, Hedged: c.Modality == "hedged", Source: sourceOf(c)}
}

func sourceOf(c *Claim) string {
	if c.Attribution == nil {
		return ""
	}
	// the phrase says more ("NATO officials") unless it runs long
	if len(c.Attribution.Source) > 40 && c.Attribution.Entity != "" {
		return c.Attribution.Entity
	}
	return c.Attribution.Source
}

// board builds the stance board: one row per actor, with every sentence
// that gives its stance on the target.
func (st *story) board() ([]StanceRow, []*Group) {
	if st.target == "" {
		return []StanceRow{}, nil
	}
	type row struct {
		StanceRow
		claims []*Claim
		seen   map[string]bool
	}
	var rows []*row
	env := st.buildStanceEnv(st.proposal)
	find := func(a actor, value string) *row {
		for _, r := range rows {
			if r.Actor == a.name {
				return r
			}
			if env.sameActor(r.Actor, a.name) {
				if len(a.name) > len(r.Actor) {
					// the longer name is the fuller one
					r.Aliases = appendNew(r.Aliases, r.Actor)
					r.Actor = a.name
				}
				return r
			}
			// quantified groups merge when their numbers agree and they
			// say the same ("over 20 allies" and "two-thirds of NATO countries")
			if a.q != nil && r.Quantity != nil && r.ActorType == "GROUP" && len(r.Evidence) > 0 && r.Evidence[0].Stance == value && Compatible(*a.q, *r.Quantity, st.members()) {
				return r
			}
		}
		r := &row{StanceRow: StanceRow{Actor: a.name, ActorType: a.typ, Target: st.target, Quantity: a.q}, seen: map[string]bool{}}
		rows = append(rows, r)
		return r
	}
	add := func(s *sentence, e stanceEvidence) {
		r := find(e.actor, e.value)
		if e.actor.name != r.Actor && !contains(r.Aliases, e.actor.name) {
			r.Aliases = append(r.Aliases, e.actor.name)
		}
		key := e.c.ID
		if r.seen[key] {
			return
		}
		r.seen[key] = true
		cueText := s.c.Text[s.toks[e.hit.start].Start:s.toks[e.hit.end-1].End]
		r.Evidence = append(r.Evidence, Evidence{Article: e.c.Article, Outlet: e.c.outlet, Published: e.c.pub,
			Text: e.c.Text, Stance: e.value, Hedged: e.c.Modality == "hedged", Cue: cueText, Source: sourceOf(e.c)})
		r.claims = append(r.claims, e.c)
	}
	for di, ss := range st.sents {
		has := st.docHas(di, st.target)
		for _, s := range ss {
			for _, e := range readStances(s, env, has) {
				add(s, e)
			}
		}
	}
	if st.proposal {
		// a supporter's own party backs the proposal too: "Almeida's
		// Civic Party holds 26 seats" in a story where Almeida
		// backs the plan
		supporter := map[string]bool{}
		for _, r := range rows {
			if r.ActorType == "PERSON" && aggregate(r.Evidence) == StanceSupport {
				supporter[r.Actor] = true
			}
		}
		for _, ss := range st.sents {
			for _, s := range ss {
				for _, e := range partyOfSupporter(s, env, supporter) {
					add(s, e)
				}
			}
		}
	}
	var out []StanceRow
	var groups []*Group
	for _, r := range rows {
		r.Stance = aggregate(r.Evidence)
		out = append(out, r.StanceRow)
		// one claim group per actor and stance value
		by := map[string][]*Claim{}
		var order []string
		for i, e := range r.Evidence {
			if _, ok := by[e.Stance]; !ok {
				order = append(order, e.Stance)
			}
			by[e.Stance] = append(by[e.Stance], r.claims[i])
		}
		for _, v := range order {
			groups = append(groups, &Group{Text: stanceSentence(r.Actor, r.ActorType == "GROUP", v, st.target), Kind: "stance",
				Key: "stance:" + r.Actor + ":" + v, claims: by[v]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].Evidence) > len(out[j].Evidence) })
	return out, groups
}

func stanceSentence(actor string, plural bool, v, target string) string {
	verb := func(sg, pl string) string {
		if plural {
			return pl
		}
		return sg
	}
	switch v {
	case StanceSupport:
		return actor + " " + verb("supports", "support") + " " + target
	case StanceOppose:
		return actor + " " + verb("opposes", "oppose") + " " + target + " or " + verb("stands", "stand") + " in the way"
	case StanceConditional:
		return actor + " " + verb("sets", "set") + " conditions before backing " + target
	}
	return actor + " " + verb("has", "have") + " not decided on " + target
}

// aggregate turns one actor's evidence into one stance: disputed when
// different articles give support and opposition (or conditions), else the
// most frequent value, firm statements counting double.
func aggregate(ev []Evidence) string {
	arts := map[string]map[string]bool{}
	w := map[string]float64{}
	for _, e := range ev {
		if arts[e.Stance] == nil {
			arts[e.Stance] = map[string]bool{}
		}
		arts[e.Stance][e.Article] = true
		if e.Hedged {
			w[e.Stance]++
		} else {
			w[e.Stance] += 2
		}
	}
	against := map[string]bool{}
	for _, v := range []string{StanceOppose, StanceConditional} {
		for a := range arts[v] {
			against[a] = true
		}
	}
	if len(arts[StanceSupport]) > 0 && len(against) > 0 {
		for a := range arts[StanceSupport] {
			if !against[a] {
				return StanceDisputed
			}
		}
		for a := range against {
			if !arts[StanceSupport][a] {
				return StanceDisputed
			}
		}
	}
	best := ""
	for _, v := range []string{StanceSupport, StanceOppose, StanceConditional, StanceUndecided} {
		if w[v] > w[best] {
			best = v
		}
	}
	return best
}

// members is the membership a decision rule names (0 if none).
func (st *story) members() float64 {
	st.readRules()
	return float64(st.ruleMembers)
}

// readRules reads the decision rules of every sentence once: the rule
// sentences, and the membership and votes needed most often stated.
func (st *story) readRules() {
	if st.ruleDone {
		return
	}
	st.ruleDone = true
	n := map[int]int{}
	need := map[int]int{}
	share := map[float64]int{}
	for _, ss := range st.sents {
		for _, s := range ss {
			r := readRule(s)
			if r.kind == "" {
				continue
			}
			st.ruleClaims = append(st.ruleClaims, s.c)
			st.ruleKinds = append(st.ruleKinds, r.kind)
			if r.members > 0 {
				n[r.members]++
			}
			if r.needed > 0 {
				need[r.needed]++
			}
			if r.share > 0 {
				share[r.share]++
			}
		}
	}
	mostOf := func(m map[int]int) int {
		best := 0
		for v, c := range m {
			if c > m[best] || c == m[best] && v > best {
				best = v
			}
		}
		return best
	}
	st.ruleMembers = mostOf(n)
	st.ruleNeeded = mostOf(need)
	for f, c := range share {
		if c > share[st.ruleShare] || c == share[st.ruleShare] && f > st.ruleShare {
			st.ruleShare = f
		}
	}
}

// rules collects the decision rules the articles state and tallies them
// against the stance board.
func (st *story) rules(board []StanceRow) ([]Rule, *Group) {
	st.readRules()
	claims := st.ruleClaims
	kinds := map[string]int{}
	for _, k := range st.ruleKinds {
		kinds[k]++
	}
	if len(claims) == 0 {
		return []Rule{}, nil
	}
	kind := "consensus"
	if kinds["unanimity"] >= kinds["consensus"] && kinds["unanimity"] > 0 {
		kind = "unanimity"
	} else if kinds["majority"] > kinds["consensus"] {
		kind = "majority"
	}
	members := st.ruleMembers
	r := Rule{Kind: kind, Members: members}
	for _, c := range claims {
		if r.Text == "" || strings.Contains(c.Text, fmt.Sprint(members)) && !strings.Contains(r.Text, fmt.Sprint(members)) {
			r.Text = c.Text
		}
		if !contains(r.Articles, c.Article) {
			r.Articles = append(r.Articles, c.Article)
		}
	}
	if members > 0 {
		r.Needed = members
		if kind == "majority" {
			r.Needed = members/2 + 1
			if st.ruleShare > 0.5 {
				// "a two-thirds majority": rounded up
				r.Needed = int(math.Ceil(st.ruleShare*float64(members) - 1e-9))
			}
			if st.ruleNeeded > 0 && st.ruleNeeded <= members {
				r.Needed = st.ruleNeeded // the votes the articles state
			}
		}
	}
	if st.proposal {
		r.Tally = seatTally(board, st.seats(), members)
	} else {
		r.Tally = tally(board, float64(members))
	}
	r.Satisfied = r.Needed > 0 && r.Tally.Support >= r.Needed
	text := "The decision requires " + kind
	if kind == "majority" && r.Needed > 0 && members > 0 {
		text = fmt.Sprintf("The decision requires %d of the %d members", r.Needed, members)
	} else if members > 0 {
		text += fmt.Sprintf(" of all %d members", members)
	}
	g := &Group{Text: text, Kind: "rule", Key: "rule:" + kind, claims: claims}
	return []Rule{r}, g
}

// tally counts supporters and holdouts: the larger of the named supporting
// countries and the largest quantified supporting group.
func tally(board []StanceRow, members float64) Tally {
	var t Tally
	named := 0
	for _, r := range board {
		if r.ActorType == "GROUP" && r.Quantity != nil {
			n := groupSize(*r.Quantity, members)
			switch r.Stance {
			case StanceSupport:
				t.Support = max(t.Support, n)
			case StanceUndecided, StanceOppose, StanceConditional:
				t.Against = max(t.Against, n)
			}
			continue
		}
		if r.ActorType != "GPE" {
			continue
		}
		switch r.Stance {
		case StanceSupport:
			named++
			t.SupportFrom = append(t.SupportFrom, r.Actor)
		case StanceOppose, StanceConditional:
			t.AgainstFrom = append(t.AgainstFrom, r.Actor)
		case StanceDisputed:
			t.Disputed++
		}
	}
	t.Support = max(t.Support, named)
	t.Against = max(t.Against, len(t.AgainstFrom))
	if members > 0 {
		t.Unknown = max(0, int(members)-t.Support-t.Against)
		t.Note = fmt.Sprintf("at least %d of %d support; about %d hold back or object; %d named members disputed", t.Support, int(members), t.Against, t.Disputed)
	}
	return t
}

// groupSize is the count a quantified group stands for: the least its
// wording allows ("over 20" is 21, "two-thirds of 31" is 21).
func groupSize(q Quantity, members float64) int {
	switch {
	case q.Ratio && q.Of == 0 && members > 0:
		return int(math.Round(q.Value * members))
	case q.Ratio:
		return int(math.Round(q.Value * q.Of))
	case q.Approx == "over":
		return int(q.Value) + 1
	}
	return int(q.Value)
}

// stanceConflicts turns disputed actors into conflicts. Actors whose
// support rests on the same sentences ("Spain and Italy") make one.
func (st *story) stanceConflicts(board []StanceRow) []Conflict {
	var out []Conflict
	var keys []string
	var names [][]string
	for _, r := range board {
		if r.Stance != StanceDisputed {
			continue
		}
		var pro, con []Evidence
		for _, e := range r.Evidence {
			switch e.Stance {
			case StanceSupport:
				pro = append(pro, e)
			case StanceOppose, StanceConditional:
				con = append(con, e)
			}
		}
		key := evidenceKey(pro)
		found := -1
		for i, k := range keys {
			if k == key {
				found = i
			}
		}
		if found >= 0 {
			names[found] = append(names[found], r.Actor)
			out[found].Sides[1] = mergeSide(out[found].Sides[1], con)
			continue
		}
		keys = append(keys, key)
		names = append(names, []string{r.Actor})
		out = append(out, Conflict{Kind: OpposedPredicates, Sides: []Side{makeSide("", pro), makeSide("", con)}})
	}
	for i := range out {
		who := strings.Join(names[i], " and ")
		if len(names[i]) > 1 {
			out[i].Topic = "Do " + who + " back " + st.target + "?"
			out[i].Sides[0].Claim = who + " back " + st.target
			out[i].Sides[1].Claim = who + " hold back, set conditions or stand in the way"
		} else {
			out[i].Topic = "Does " + who + " back " + st.target + "?"
			out[i].Sides[0].Claim = who + " backs " + st.target
			out[i].Sides[1].Claim = who + " holds back, sets conditions or stands in the way"
		}
		out[i].PossibleChange = possibleChange(out[i].Sides)
	}
	return out
}

func evidenceKey(ev []Evidence) string {
	var ks []string
	for _, e := range ev {
		ks = append(ks, e.Article+"\x00"+e.Text)
	}
	sort.Strings(ks)
	return strings.Join(ks, "\x01")
}

func makeSide(claim string, ev []Evidence) Side {
	s := Side{Claim: claim, Articles: []string{}, Published: []time.Time{}}
	return mergeSide(s, ev)
}

func mergeSide(s Side, ev []Evidence) Side {
	seen := map[string]bool{}
	for _, e := range s.Evidence {
		seen[e.Article+"\x00"+e.Text] = true
	}
	for _, e := range ev {
		k := e.Article + "\x00" + e.Text
		if seen[k] {
			continue
		}
		seen[k] = true
		s.Evidence = append(s.Evidence, Support{Article: e.Article, Outlet: e.Outlet, Published: e.Published, Text: e.Text, Hedged: e.Hedged, Source: e.Source})
	}
	return finishSide(s)
}

// finishSide sorts a side's evidence by article and fills its summary
// fields from it.
func finishSide(s Side) Side {
	sort.SliceStable(s.Evidence, func(i, j int) bool { return s.Evidence[i].Article < s.Evidence[j].Article })
	s.Articles, s.Outlets, s.Published = []string{}, []string{}, []time.Time{}
	for _, e := range s.Evidence {
		if !contains(s.Articles, e.Article) {
			s.Articles = append(s.Articles, e.Article)
			s.Published = append(s.Published, e.Published)
			s.Outlets = append(s.Outlets, e.Outlet)
		}
	}
	if len(s.Evidence) > 0 {
		s.Text = s.Evidence[0].Text
	}
	return s
}

func supportsOf(cs []*Claim) []Support {
	if len(cs) == 0 {
		return nil
	}
	out := make([]Support, 0, len(cs)) // sized once: a large group has hundreds
	for _, c := range cs {
		out = append(out, support(c))
	}
	return out
}

func sideOf(claim string, cs []*Claim) Side {
	return finishSide(Side{Claim: claim, Evidence: supportsOf(dedupeClaims(cs))})
}

func dedupeClaims(cs []*Claim) []*Claim {
	seen := map[string]bool{}
	var out []*Claim
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out
}

// possibleChange reports whether the sides were published far apart: every
// dated article of one side more than changeGap before every one of the other.
func possibleChange(sides []Side) bool {
	if len(sides) != 2 {
		return false
	}
	span := func(s Side) (lo, hi time.Time, ok bool) {
		for _, p := range s.Published {
			if p.IsZero() {
				continue
			}
			if !ok || p.Before(lo) {
				lo = p
			}
			if !ok || p.After(hi) {
				hi = p
			}
			ok = true
		}
		return
	}
	alo, ahi, ok1 := span(sides[0])
	blo, bhi, ok2 := span(sides[1])
	if !ok1 || !ok2 {
		return false
	}
	return blo.Sub(ahi) > changeGap || alo.Sub(bhi) > changeGap
}

// candidacies finds the people one article calls rivals of the target and
// another says are not in the race (or that the target is the only name).
func (st *story) candidacies() ([]Conflict, [][]string, []*Group) {
	if st.target == "" {
		return nil, nil, nil
	}
	yes := map[string][]*Claim{}
	no := map[string][]*Claim{}
	rival := map[string]bool{}
	var exclusive []*Claim
	var order []string
	for _, ss := range st.sents {
		var prev []string
		prevValue := 0
		for _, s := range ss {
			cands, people, v := readCandidacy(s, st.target, prev, prevValue)
			for _, c := range cands {
				switch {
				case c.exclusive:
					exclusive = append(exclusive, c.c)
				case c.value > 0:
					if !contains(order, c.person) {
						order = append(order, c.person)
					}
					yes[c.person] = append(yes[c.person], c.c)
					if c.rival {
						rival[c.person] = true
					}
				case c.value < 0:
					if !contains(order, c.person) {
						order = append(order, c.person)
					}
					no[c.person] = append(no[c.person], c.c)
				}
			}
			if len(people) > 0 {
				prev = people
			}
			prevValue = v
		}
	}
	var out []Conflict
	var groups []*Group
	var keys []string
	var names [][]string
	for _, p := range order {
		if len(yes[p]) > 0 {
			groups = append(groups, &Group{Text: p + " is competing with " + st.target + " for the post", Kind: "candidacy", Key: "candidacy:" + p + ":yes", claims: dedupeClaims(yes[p])})
		}
		if len(no[p]) > 0 {
			groups = append(groups, &Group{Text: p + " is not a declared candidate", Kind: "candidacy", Key: "candidacy:" + p + ":no", claims: dedupeClaims(no[p])})
		}
		// a conflict needs a denial of this person's candidacy, or, for a
		// named rival, a statement that the target is the only candidate
		if len(yes[p]) == 0 || len(no[p]) == 0 && !(rival[p] && len(exclusive) > 0) {
			continue
		}
		// the same claims for several people make one conflict
		key := claimKey(yes[p])
		found := -1
		for i, k := range keys {
			if k == key {
				found = i
			}
		}
		if found >= 0 {
			names[found] = append(names[found], p)
			out[found].Sides[1] = finishSide(Side{Evidence: append(out[found].Sides[1].Evidence, supportsOf(dedupeNew(out[found].Sides[1].Evidence, no[p]))...)})
			continue
		}
		keys = append(keys, key)
		names = append(names, []string{p})
		out = append(out, Conflict{Kind: MutuallyExclusive, Sides: []Side{
			sideOf("", yes[p]),
			sideOf("", append(append([]*Claim(nil), no[p]...), exclusive...)),
		}})
	}
	for i := range out {
		who := strings.Join(names[i], " and ")
		verb := "Is " + who + " a rival"
		if len(names[i]) > 1 {
			verb = "Are " + who + " rivals"
		}
		out[i].Topic = verb + " of " + st.target + " for the post?"
		out[i].Sides[0].Claim = who + " compete with " + st.target
		out[i].Sides[1].Claim = who + " have not declared candidacies; " + st.target + " is the only name put forward"
		if len(exclusive) == 0 {
			out[i].Sides[1].Claim = who + " have not declared candidacies"
		}
		if len(out[i].Sides[1].Evidence) == len(exclusive) {
			out[i].Sides[1].Claim = st.target + " is the only candidate"
		}
		out[i].PossibleChange = possibleChange(out[i].Sides)
	}
	return out, names, groups
}

// dedupeNew returns the claims not already among the supports.
func dedupeNew(have []Support, cs []*Claim) []*Claim {
	seen := map[string]bool{}
	for _, h := range have {
		seen[h.Article+"\x00"+h.Text] = true
	}
	var out []*Claim
	for _, c := range dedupeClaims(cs) {
		if !seen[c.Article+"\x00"+c.Text] {
			out = append(out, c)
		}
	}
	return out
}

func claimKey(cs []*Claim) string {
	var ks []string
	for _, c := range dedupeClaims(cs) {
		ks = append(ks, c.ID)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

// schedules compares the times the articles give for the decision. The
// earliest firm target anchors one side; firm targets that cannot share
// most of its span form the other. Deadlines ("by the summer") agree with
// anything earlier and take no side.
func (st *story) schedules() ([]Conflict, []*Group) {
	var firm []schedule
	byValue := map[string][]*Claim{}
	var values []string
	for _, ss := range st.sents {
		for _, s := range ss {
			for _, sc := range readSchedule(s) {
				if _, _, ok := timex.Interval(sc.t.Value); !ok {
					continue
				}
				if !sc.bound {
					firm = append(firm, sc)
				}
				if _, ok := byValue[sc.t.Value]; !ok {
					values = append(values, sc.t.Value)
				}
				byValue[sc.t.Value] = append(byValue[sc.t.Value], sc.c)
			}
		}
	}
	var groups []*Group
	for _, v := range values {
		if len(articlesOf(byValue[v])) > 1 {
			groups = append(groups, &Group{Text: "The decision is expected by " + dateWords(v), Kind: "schedule", Key: "schedule:" + v, claims: dedupeClaims(byValue[v])})
		}
	}
	if len(firm) < 2 {
		return nil, groups
	}
	sort.SliceStable(firm, func(i, j int) bool {
		_, ei, _ := timex.Interval(firm[i].t.Value)
		_, ej, _ := timex.Interval(firm[j].t.Value)
		return ei.Before(ej)
	})
	anchor := firm[0]
	var a, b []*Claim
	var av, bv []string
	for _, f := range firm {
		if mostlyOverlap(anchor.t.Value, f.t.Value) {
			a = append(a, f.c)
			av = appendNew(av, f.t.Text)
		} else {
			b = append(b, f.c)
			bv = appendNew(bv, f.t.Text)
		}
	}
	if len(b) == 0 || sameArticles(a, b) {
		return nil, groups
	}
	c := Conflict{Topic: "When will the decision be taken?", Kind: IncompatibleDate, Sides: []Side{
		sideOf("by "+strings.Join(av, ", "), a), sideOf("by "+strings.Join(bv, ", "), b)}}
	c.PossibleChange = possibleChange(c.Sides)
	return []Conflict{c}, groups
}

func appendNew(xs []string, x string) []string {
	if contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

func sameArticles(a, b []*Claim) bool {
	as, bs := articlesOf(a), articlesOf(b)
	if len(as) != 1 || len(bs) != 1 {
		return false
	}
	return as[0] == bs[0]
}

func articlesOf(cs []*Claim) []string {
	var out []string
	for _, c := range cs {
		if !contains(out, c.Article) {
			out = append(out, c.Article)
		}
	}
	return out
}

// mostlyOverlap reports whether two DATE values share at least half of the
// shorter one's span: "2024-Q1" and "2024-03" do, "2024-Q1" and "2024-SP"
// (March to May) do not.
func mostlyOverlap(a, b string) bool {
	as, ae, ok1 := timex.Interval(a)
	bs, be, ok2 := timex.Interval(b)
	if !ok1 || !ok2 {
		return true
	}
	lo, hi := as, ae
	if bs.After(lo) {
		lo = bs
	}
	if be.Before(hi) {
		hi = be
	}
	ov := hi.Sub(lo)
	short := ae.Sub(as)
	if be.Sub(bs) < short {
		short = be.Sub(bs)
	}
	return ov > 0 && float64(ov) >= 0.5*float64(short)
}

// negativeVerbs negate the action they name: "declined to discuss" says
// what "did not discuss" says.
var negativeVerbs = map[string]bool{
	"declined": true, "declines": true, "refused": true, "refuses": true, "failed": true, "fails": true,
	"denied": true, "denies": true, "ruled": false,
}

// prepositions end the reach of a negation: "never recovered from a big
// right hand" does not negate the hand.
var prepositions = map[string]bool{"from": true, "of": true, "in": true, "on": true, "at": true, "with": true,
	"by": true, "for": true, "into": true, "over": true, "under": true, "after": true, "before": true}

// trueAuxiliaries may stand between a negation and the word it negates.
var trueAuxiliaries = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"has": true, "have": true, "had": true, "will": true, "would": true, "can": true, "could": true, "may": true,
	"might": true, "must": true, "should": true, "do": true, "does": true, "did": true}

// negatedStems returns the content stems a negation governs in s: the
// first content word after "not", "never", "no" or a negative verb
// ("declined to discuss his bid" negates discuss).
func negatedStems(s *sentence) map[string]bool {
	out := map[string]bool{}
	for i, w := range s.words {
		if !stance.IsNegation(w) && !negativeVerbs[w] && !(w == "yet" && i+1 < len(s.words) && s.words[i+1] == "to") {
			continue
		}
		// "not only", "not the only one": an addition, not a negation
		if i+1 < len(s.words) && (s.words[i+1] == "only" || s.words[i+1] == "just" || i+2 < len(s.words) && s.words[i+1] == "the" && s.words[i+2] == "only") {
			continue
		}
		if inRelativeClause(s, i) {
			continue // "the councillors, who have not said how they will vote": not the claim's predicate
		}
		// a negative verb negates its whole complement: "denied his
		// campaign colluded" negates colluding
		reach := 1
		switch {
		case negativeVerbs[w]:
			reach = 2
		case w == "no":
			reach = 2 // "no gun has been recovered" negates the recovery too
		case w == "none" || w == "nobody" || w == "nothing" || w == "nor" || w == "neither" || w == "without":
			continue // "none more so": too loose to compare
		}
		n := 0
		for k := i + 1; k < len(s.words) && n < reach; k++ {
			if strings.ContainsAny(s.gap(k-1), ",;:.") || n > 0 && prepositions[s.words[k]] {
				break
			}
			if clauseWords[s.words[k]] {
				break // "not said how they will vote" does not negate the vote
			}
			if s.stems[k] == "" || trueAuxiliaries[s.words[k]] || strings.HasSuffix(s.words[k], "ly") || s.words[k] == "longer" {
				continue
			}
			if k > 0 && isCapital(s.toks[k].Text) && !titleCase(s) {
				break // "not Patch Tuesday": a name, not a predicate
			}
			out[s.stems[k]] = true
			n++
		}
	}
	return out
}

// negated returns negatedStems(s), read once, in order.
func (s *sentence) negated() []string {
	if !s.negDone {
		s.negDone = true
		for st := range negatedStems(s) {
			s.neg = append(s.neg, st)
		}
		sort.Strings(s.neg)
	}
	return s.neg
}

// clauseWords open a clause of their own: a negation before them does not
// reach into it.
var clauseWords = map[string]bool{"how": true, "whether": true, "what": true, "why": true, "when": true,
	"where": true, "who": true, "which": true, "if": true, "that": true, "while": true, "whose": true}

// inRelativeClause reports whether token i lies in a relative clause
// opened after a comma ("..., who have not said"), which speaks of
// someone else than the sentence's subject.
func inRelativeClause(s *sentence, i int) bool {
	for k := i; k > 0; k-- {
		if strings.ContainsAny(s.gap(k-1), ",;:—()") {
			w := s.words[k]
			return w == "who" || w == "which" || w == "whose" || w == "whom"
		}
	}
	return false
}

// titleCase reports whether most words of s are capitalised, as in a
// headline, where capitals say nothing about names.
func titleCase(s *sentence) bool {
	n := 0
	for _, t := range s.toks {
		if isCapital(t.Text) {
			n++
		}
	}
	return len(s.toks) > 2 && n*3 >= len(s.toks)*2
}

// polarityClash reports whether one sentence negates a content word that
// the other states plainly: "The ministry has not confirmed that ..."
// against "The ministry confirmed that ...". Negations of words the other
// sentence does not use ("no longer need" beside "suspends") are not
// compared: they say the same thing in other words as often as not.
func polarityClash(a, b *sentence) bool {
	has := func(s *sentence, st string) bool {
		for _, x := range s.stems {
			if x == st {
				return true
			}
		}
		return false
	}
	// the negated words each sentence shares with the other: a clash when
	// exactly one side negates shared content ("No gun has been recovered"
	// and "The gun has not been recovered" both do)
	shared := func(x, y *sentence) int {
		n := 0
		for _, st := range x.negated() {
			if has(y, st) {
				n++
			}
		}
		return n
	}
	na, nb := shared(a, b), shared(b, a)
	return (na > 0) != (nb > 0)
}

// pairConflicts finds contradictions between two closely similar sentences:
// opposite polarity, or numbers or dates for the same thing that cannot
// both hold. A hedge alone ("reportedly backs" beside "backs") is a
// difference of certainty, not of fact, and is not a conflict.
func (st *story) pairConflicts() []Conflict {
	type edge = clashEdge
	var edges []edge
	whole := st.members()
	all := st.number().all
	// polarity depends on the words alone: once per pair of texts
	clash := map[uint64]bool{}
	polarity := func(a, b *sentence) bool {
		x, y := uint64(a.class), uint64(b.class)
		if x > y {
			x, y = y, x
		}
		k := x<<32 | y
		v, ok := clash[k]
		if !ok {
			v = polarityClash(a, b)
			clash[k] = v
		}
		return v
	}
	for _, p := range st.similarPairs() {
		if p.sim < conflictSim {
			continue
		}
		sa, sb := all[p.a], all[p.b]
		a, b := sa.c, sb.c
		switch {
		case polarity(sa, sb) && len(a.Quotes) == 0 && len(b.Quotes) == 0:
			edges = append(edges, edge{OppositePolarity, shortClaim(sa) + ": or not?", a, b})
		default:
			if qa, _, ok := clashingQuantities(a, b, whole); ok {
				edges = append(edges, edge{IncompatibleQuantity, "How many " + qa.Unit + "?", a, b})
			} else if clashingDates(sa, sb) {
				edges = append(edges, edge{IncompatibleDate, "When? " + shortClaim(sa), a, b})
			}
		}
	}
	have := map[[2]string]bool{}
	for _, e := range edges {
		have[[2]string{e.a.ID, e.b.ID}], have[[2]string{e.b.ID, e.a.ID}] = true, true
	}
	for _, e := range st.moneyEdges() {
		if !have[[2]string{e.a.ID, e.b.ID}] {
			edges = append(edges, e)
		}
	}
	// One conflict per connected set of clashing sentences of one kind,
	// its two sides the two colours of the clash graph ("found guilty" in
	// two reports against "pleaded not guilty" in two others). A set that
	// cannot be split in two stays as separate pairs.
	var out []Conflict
	done := make([]bool, len(edges))
	for i := range edges {
		if done[i] {
			continue
		}
		comp := []int{i}
		done[i] = true
		color := map[string]int{edges[i].a.ID: 0, edges[i].b.ID: 1}
		claims := map[string]*Claim{edges[i].a.ID: edges[i].a, edges[i].b.ID: edges[i].b}
		ok := true
		for grew := true; grew; {
			grew = false
			for j := range edges {
				e := edges[j]
				if done[j] || e.kind != edges[i].kind {
					continue
				}
				ca, ina := color[e.a.ID]
				cb, inb := color[e.b.ID]
				switch {
				case !ina && !inb:
					continue
				case ina && inb:
					if ca == cb {
						ok = false
					}
				case ina:
					color[e.b.ID] = 1 - ca
				default:
					color[e.a.ID] = 1 - cb
				}
				claims[e.a.ID], claims[e.b.ID] = e.a, e.b
				comp = append(comp, j)
				done[j] = true
				grew = true
			}
		}
		if !ok {
			for _, j := range comp {
				out = append(out, st.pairConflict(edges[j].kind, edges[j].topic, []*Claim{edges[j].a}, []*Claim{edges[j].b}))
			}
			continue
		}
		var sides [2][]*Claim
		for id, c := range claims {
			sides[color[id]] = append(sides[color[id]], c)
		}
		for k := range sides {
			sort.Slice(sides[k], func(x, y int) bool { return sides[k][x].ID < sides[k][y].ID })
		}
		out = append(out, st.pairConflict(edges[i].kind, edges[i].topic, sides[0], sides[1]))
	}
	return out
}

func (st *story) pairConflict(kind, topic string, a, b []*Claim) Conflict {
	if a[0].Article > b[0].Article {
		a, b = b, a
	}
	c := Conflict{Topic: topic, Kind: kind, Sides: []Side{sideOf(a[0].Text, a), sideOf(b[0].Text, b)}}
	c.PossibleChange = possibleChange(c.Sides)
	return c
}

// shortClaim is a sentence's subject and predicate, for a topic line.
func shortClaim(s *sentence) string {
	t := strings.TrimSpace(s.c.Subject + " " + s.c.Predicate + " " + s.c.Object)
	if t == "" {
		t = s.c.Text
	}
	if len(t) > 90 {
		t = t[:90]
		if i := strings.LastIndex(t, " "); i > 40 {
			t = t[:i]
		}
	}
	return t
}

// clashingQuantities finds a pair of quantities of the same counted thing
// that cannot both be true.
func clashingQuantities(a, b *Claim, whole float64) (Quantity, Quantity, bool) {
	for _, qa := range a.Quantities {
		for _, qb := range b.Quantities {
			if qa.Head == "" || qa.Head != qb.Head {
				continue
			}
			// the cheap tests first: most pairs agree
			if !Compatible(qa, qb, whole) && qa.Of != qb.Value && qb.Of != qa.Value && !mentionsNumber(b, qa.Value) && !mentionsNumber(a, qb.Value) && sameContext(a, qa, b, qb) {
				// the same sentences may give both figures: then no clash
				if hasCompatible(b.Quantities, qa, whole) || hasCompatible(a.Quantities, qb, whole) {
					continue
				}
				return qa, qb, true
			}
		}
	}
	return Quantity{}, Quantity{}, false
}

// sameContext reports whether two quantities are counted by the same
// words: a content word among the three before each ("killed 12 people",
// "killed 40 people"), not "finished with 23 points" and "record of 2,116
// points".
func sameContext(a *Claim, qa Quantity, b *Claim, qb Quantity) bool {
	before := func(c *Claim, q Quantity) map[string]bool {
		ws := text.Terms(c.Text[:min(q.Offset, len(c.Text))])
		m := map[string]bool{}
		for k := len(ws) - 1; k >= 0 && k >= len(ws)-3; k-- {
			m[ws[k]] = true
		}
		return m
	}
	ba, bb := before(a, qa), before(b, qb)
	for w := range ba {
		if bb[w] {
			return true
		}
	}
	return false
}

// mentionsNumber reports whether any quantity of c has value v.
func mentionsNumber(c *Claim, v float64) bool {
	for _, q := range c.Quantities {
		if q.Value == v || q.Of == v {
			return true
		}
	}
	return false
}

func hasCompatible(qs []Quantity, q Quantity, whole float64) bool {
	for _, o := range qs {
		if o.Head == q.Head && Compatible(o, q, whole) {
			return true
		}
	}
	return false
}

// clashingDates reports whether two sentences date the same thing
// differently: each has dates, of the same granularity, none compatible.
func clashingDates(a, b *sentence) bool {
	dated := func(s *sentence) []TimeRef {
		if s.datedDone {
			return s.dated
		}
		s.datedDone = true
		c := s.c
		var out []TimeRef
		for _, t := range c.Times {
			switch t.Granularity {
			case "day", "month", "year", "quarter", "season":
				// explicit dates only: "Saturday" or "yesterday" resolve
				// against each article's own date, which may be wrong or
				// missing; and no deadlines ("through the year")
				if t.Type == "DATE" && explicitDate(t.Text) && !boundBefore(c.Text, t.Start) {
					out = append(out, t)
				}
			}
		}
		s.dated = out
		return out
	}
	da, db := dated(a), dated(b)
	// one date each: with several, which goes with which is guesswork
	if len(da) != 1 || len(db) != 1 {
		return false
	}
	sameGran := false
	for _, x := range da {
		for _, y := range db {
			if timex.Compatible(x.Value, y.Value) {
				return false
			}
			if x.Granularity == y.Granularity {
				sameGran = true
			}
		}
	}
	return sameGran
}

// explicitDate reports whether a time expression names its date outright:
// a digit or a month's name, not "Saturday" or "yesterday".
func explicitDate(t string) bool {
	l := strings.ToLower(t)
	if strings.ContainsAny(l, "0123456789") {
		return true
	}
	for m := range months {
		if strings.Contains(l, m) {
			return true
		}
	}
	return false
}

// boundBefore reports whether a deadline word stands just before offset
// off: "by", "through", "until", "since", "before", "after".
func boundBefore(s string, off int) bool {
	ws := strings.Fields(strings.ToLower(s[:min(off, len(s))]))
	for k := len(ws) - 1; k >= 0 && k >= len(ws)-2; k-- {
		switch ws[k] {
		case "by", "through", "until", "till", "since", "before", "after", "ahead":
			return true
		}
	}
	return false
}

// anchors are the specific facts a sentence pins down: an entity together
// with a date or a number. Two sentences sharing one are likely the same
// claim even when worded apart ("Jensen has led the agency since 2014" and
// "In 2014, Jensen became the agency's chief").
func anchors(s *sentence) map[string]bool {
	// value: whether the anchor is specific enough to link on its own
	out := map[string]bool{}
	var names []string
	for _, m := range s.c.mentions {
		if m.Name == "" {
			continue
		}
		n := m.Name
		if m.Place != "" {
			n = m.Place
		}
		names = appendNew(names, n)
	}
	facts := map[string]bool{} // fact -> specific enough to link on its own
	for _, t := range s.c.Times {
		switch t.Granularity {
		case "year":
			facts[t.Value] = facts[t.Value] || false
		case "month", "day", "quarter":
			facts[t.Value] = true
		}
	}
	for i, w := range s.words {
		if s.c.inQuote(s.toks[i].Start) {
			continue
		}
		if isOrdinalNumber(w) {
			facts["#"+w] = true
		} else if v, ok := parseNumber(w); ok && !isYear(w) && v >= 10 && w[0] >= '0' && w[0] <= '9' {
			facts["#"+w] = false
		}
	}
	for _, n := range names {
		for f, specific := range facts {
			out[n+"|"+f] = specific
		}
	}
	return out
}

func isOrdinalNumber(w string) bool {
	if len(w) < 3 || w[0] < '0' || w[0] > '9' {
		return false
	}
	suf := w[len(w)-2:]
	return suf == "st" || suf == "nd" || suf == "rd" || suf == "th"
}

// similarityGroups groups sentences that restate one claim across
// articles: paraphrases, and similar sentences sharing an anchor. Each
// sentence proposes the group of its matches in other articles (at most one
// per article); the groups reaching the most sources are kept first, and a
// proposal mostly covered by a kept group is dropped. Unlike connected
// components, this does not chain two claims through one sentence that
// makes both.
func (st *story) similarityGroups(existing []*Group, opposed map[[2]string]bool) []*Group {
	nb := st.number()
	all := nb.all
	// few sentences take part in a conflict: only pairs of those ask the map
	inOpp := map[string]bool{}
	for k, v := range opposed {
		if v {
			inOpp[k[0]], inOpp[k[1]] = true, true
		}
	}
	flagged := make([]bool, len(all))
	for i, s := range all {
		flagged[i] = inOpp[s.c.ID]
	}
	// each sentence's pairs, its partners in order: pairs come ordered by
	// their first then second sentence, so a sentence meets its partners
	// in ascending order
	type link struct {
		why, to int32 // why: -1 for a paraphrase, else the shared anchor's id
		sim     float64
	}
	pairs := st.similarPairs()
	start := make([]int, len(all)+1)
	for _, p := range pairs {
		start[p.a+1]++
		start[p.b+1]++
	}
	for k := 1; k <= len(all); k++ {
		start[k] += start[k-1]
	}
	// adj holds pair indices, a quarter of the links' size: a story of
	// near-copies has hundreds of thousands
	adj := make([]int32, start[len(all)])
	fill := append([]int(nil), start[:len(all)]...)
	// the opposed pairs by their claims' first sentences (claim IDs name
	// one claim each): a number, not two strings, to hash per pair
	oppCanon := map[uint64]bool{}
	for k, v := range opposed {
		a, oka := nb.canonOf[k[0]]
		b, okb := nb.canonOf[k[1]]
		if v && oka && okb {
			oppCanon[uint64(a)<<32|uint64(b)] = true
		}
	}
	for pi, p := range pairs {
		if flagged[p.a] && flagged[p.b] && oppCanon[uint64(all[p.a].canon)<<32|uint64(all[p.b].canon)] {
			continue
		}
		adj[fill[p.a]] = int32(pi)
		fill[p.a]++
		adj[fill[p.b]] = int32(pi)
		fill[p.b]++
	}
	// linkAt is the link of sentence x that pair pi makes
	linkAt := func(x int, pi int32) link {
		p := &pairs[pi]
		if int(p.a) == x {
			return link{0, p.b, p.sim}
		}
		return link{0, p.a, p.sim}
	}
	// oppOf lists, per claim, the claims it is opposed to: few claims have
	// any, so a candidate group checks only those.
	oppOf := make([][]int32, len(all))
	for k, v := range opposed {
		a, oka := nb.canonOf[k[0]]
		b, okb := nb.canonOf[k[1]]
		if v && oka && okb {
			oppOf[b] = append(oppOf[b], a)
		}
	}
	linOf := make([]int32, len(all))
	nlin := 0
	for i, s := range all {
		linOf[i] = int32(st.lineage[s.c.Article])
		nlin = max(nlin, int(linOf[i])+1)
	}
	type cand struct {
		center  int32
		members []int32
		score   float64
		lins    int
		anchor  bool
	}
	idRank := nb.idRank
	byIDRank := func(a, b int32) int { return int(idRank[a] - idRank[b]) }
	linkOrder := func(a, b link) int {
		if a.sim != b.sim {
			if a.sim > b.sim {
				return -1
			}
			return 1
		}
		return int(idRank[a.to] - idRank[b.to])
	}
	// candidates centred on sentences lo..hi-1, in order; two halves of
	// the story are read at once, each with its own scratch space
	build := func(lo, hi int) []cand {
		var (
			cands    []cand
			sims     []float64
			bl, ls   []link
			gen      int32
			artStamp = make([]int32, nb.nArticles)
			bestAt   = make([]int, nb.nArticles)
			inStamp  = make([]int32, len(all))
			linStamp = make([]int32, nlin)
			// members take about one slot per link: one allocation, seldom grown
			arena = make([]int32, 0, start[hi]-start[lo]+hi-lo)
		)
		for i := range artStamp {
			artStamp[i] = -1
		}
		for i := range inStamp {
			inStamp[i] = -1
		}
		for i := range linStamp {
			linStamp[i] = -1
		}
		var own []link
		var byAnchor [][]link // a sentence's anchor links, by the anchor's place among its anchors
		for x := lo; x < hi; x++ {
			// links by reason: the paraphrases, then each shared anchor's, each
			// in the order of the pairs
			own = own[:0]
			s := all[x]
			for _, pi := range adj[start[x]:fill[x]] {
				if l := linkAt(x, pi); l.sim >= paraphraseSim {
					own = append(own, link{-1, l.to, l.sim})
				}
			}
			npara := len(own)
			for len(byAnchor) < len(s.anch) {
				byAnchor = append(byAnchor, nil)
			}
			for k := range s.anch {
				byAnchor[k] = byAnchor[k][:0]
			}
			for _, pi := range adj[start[x]:fill[x]] {
				l := linkAt(x, pi)
				o := all[l.to]
				aa, ba := s.anch, o.anch
				for i, j := 0, 0; i < len(aa) && j < len(ba); {
					switch {
					case aa[i].id < ba[j].id:
						i++
					case aa[i].id > ba[j].id:
						j++
					default:
						// the anchor's specificity as the pair's first sentence has it
						spec := aa[i].specific
						if o.idx < s.idx {
							spec = ba[j].specific
						}
						if l.sim >= anchorSim || spec && l.sim >= anchorSimSpecific {
							byAnchor[i] = append(byAnchor[i], link{aa[i].id, l.to, l.sim})
						}
						i++
						j++
					}
				}
			}
			for k := range s.anch {
				own = append(own, byAnchor[k]...)
			}
			from := int32(x)
			para := own[:npara]
			for wlo := 0; wlo < len(own); {
				why := own[wlo].why
				whi := wlo
				for whi < len(own) && own[whi].why == why {
					whi++
				}
				ls = append(ls[:0], own[wlo:whi]...)
				wlo = whi
				if why != -1 {
					// a close rewrite that states the same fact joins the
					// anchor's group even when it names the entity otherwise
					// ("the Spanish premier ... in October")
					fact := nb.anchorFact[why]
					for _, l := range para {
						if nb.hasFact(all[l.to], fact) {
							ls = append(ls, l)
						}
					}
				}
				// the best link into each other article
				gen++
				bl = bl[:0]
				for _, l := range ls {
					a := all[l.to].art
					if artStamp[a] != gen {
						artStamp[a] = gen
						bestAt[a] = len(bl)
						bl = append(bl, l)
					} else if l.sim > bl[bestAt[a]].sim {
						bl[bestAt[a]] = l
					}
				}
				first := len(arena)
				arena = append(arena, from)
				c := cand{center: from, anchor: why != -1}
				opp := false
				for _, l := range bl {
					opp = opp || len(oppOf[all[l.to].canon]) > 0
				}
				if opp {
					// the closest first; a member opposed to one already in is left out
					slices.SortFunc(bl, linkOrder)
					inStamp[all[from].canon] = gen
					for _, l := range bl {
						clash := false
						for _, o := range oppOf[all[l.to].canon] {
							if inStamp[o] == gen {
								clash = true
								break
							}
						}
						if clash {
							continue
						}
						inStamp[all[l.to].canon] = gen
						arena = append(arena, l.to)
						c.score += l.sim
					}
				} else {
					// every link is in: the score summed closest first, as
					// above (equal similarities add up the same in any order)
					sims = sims[:0]
					for _, l := range bl {
						arena = append(arena, l.to)
						sims = append(sims, l.sim)
					}
					slices.Sort(sims)
					for k := len(sims) - 1; k >= 0; k-- {
						c.score += sims[k]
					}
				}
				c.members = arena[first:len(arena):len(arena)] // put in claim order if kept
				for _, m := range c.members {
					if linStamp[linOf[m]] != gen {
						linStamp[linOf[m]] = gen
						c.lins++
					}
				}
				cands = append(cands, c)
			}
		}
		return cands
	}
	mid := sort.Search(len(all), func(x int) bool { return 2*start[x] >= start[len(all)] })
	var later []cand
	laterDone := make(chan struct{})
	go func() {
		defer close(laterDone)
		later = build(mid, len(all))
	}()
	cands := build(0, mid)
	<-laterDone
	cands = append(cands, later...)
	// the groups reaching the most sources first, then the largest, then
	// the closest; ties keep the order of their sentences
	order := make([]int32, len(cands))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		a, b := &cands[i], &cands[j]
		switch {
		case a.lins != b.lins:
			return b.lins - a.lins
		case len(a.members) != len(b.members):
			return len(b.members) - len(a.members)
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return int(i - j)
	})
	// keptIn indexes the kept groups by member, so a candidate's overlap
	// with every kept group is counted in one pass over its members.
	keptIn := make([][]int32, len(all))
	nkept := int32(0)
	keep := func(canon int32) { keptIn[canon] = append(keptIn[canon], nkept) }
	for _, g := range existing {
		for _, c := range g.claims {
			if k, ok := nb.canonOf[c.ID]; ok {
				keep(k)
			}
		}
		nkept++
	}
	var out []*Group
	var overlap []int
	var touched []int32
	for _, ci := range order {
		c := &cands[ci]
		covered := false
		for _, m := range c.members {
			for _, k := range keptIn[all[m].canon] {
				if int(k) >= len(overlap) {
					overlap = append(overlap, make([]int, int(k)+1-len(overlap))...)
				}
				if overlap[k] == 0 {
					touched = append(touched, k)
				}
				overlap[k]++
				if float64(overlap[k]) >= 0.5*float64(len(c.members)) {
					covered = true
				}
			}
		}
		for _, k := range touched {
			overlap[k] = 0
		}
		touched = touched[:0]
		if covered {
			continue
		}
		slices.SortFunc(c.members, byIDRank)
		members := make([]*Claim, len(c.members))
		for k, m := range c.members {
			members[k] = all[m].c
			keep(all[m].canon)
		}
		nkept++
		g := &Group{Text: all[c.center].c.Text, Kind: "paraphrase", claims: members}
		if c.anchor {
			// the shortest sentence states the shared fact with the least else
			g.Kind = "anchor"
			for _, m := range members {
				if len(m.Text) < len(g.Text) {
					g.Text = m.Text
				}
			}
		}
		out = append(out, g)
	}
	return out
}

// claimID finds the claim a support quotes.
func (st *story) claimID(s Support) string {
	if st.claimIDs == nil {
		st.claimIDs = map[[2]string]string{}
		for _, cs := range st.claims {
			for _, c := range cs {
				k := [2]string{c.Article, c.Text}
				if _, ok := st.claimIDs[k]; !ok {
					st.claimIDs[k] = c.ID
				}
			}
		}
	}
	return st.claimIDs[[2]string{s.Article, s.Text}]
}

// independent counts the lineages among the claims' articles.
func (st *story) independent(cs []*Claim) int {
	seen := map[int]bool{}
	for _, c := range cs {
		seen[st.lineage[c.Article]] = true
	}
	return len(seen)
}

// finish fills a group's articles, sources, supports and status.
func (st *story) finish(g *Group, disputed map[string]bool) {
	g.claims = dedupeClaims(g.claims)
	sort.SliceStable(g.claims, func(i, j int) bool { return g.claims[i].Article < g.claims[j].Article })
	g.Articles = articlesOf(g.claims)
	g.IndependentSources = st.independent(g.claims)
	g.Supports = supportsOf(g.claims)
	g.Status = SingleSource
	if g.IndependentSources >= 2 {
		g.Status = Agreed
	}
	if disputed[g.Key] {
		g.Status = Disputed
	}
	for _, c := range g.claims {
		if disputed[c.Article+"\x00"+c.Text] && (g.Kind == "paraphrase" || g.Kind == "schedule") {
			g.Status = Disputed
		}
	}
}

var seasonNames = map[string]string{"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

// dateWords renders a TIMEX3 date value for a reader: "2024-07" is "July
// 2024", "2024-SU" "summer 2024", "2024-Q1" "the first quarter of 2024".
func dateWords(v string) string {
	if len(v) < 7 || v[4] != '-' {
		return v
	}
	y, rest := v[:4], v[5:]
	if n, ok := seasonNames[rest]; ok {
		return n + " " + y
	}
	if len(rest) == 2 && rest[0] == 'Q' {
		return "Q" + rest[1:] + " " + y
	}
	if t, err := time.Parse("2006-01", v[:7]); err == nil && len(v) == 7 {
		return t.Format("January 2006")
	}
	return v
}
