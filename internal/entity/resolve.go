package entity

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/strutil/metrics"
)

// Thresholds for fuzzy merges of people's names. Surnames must be very
// close (Novak/Nowak and Petrov/Petrovich score high, but so do two different surnames of one shape);
// given names a little less (transliterations such as Onno/Ohno), and only
// with agreeing context.
const (
	surnameSim   = 0.90
	givenSim     = 0.78
	orgSim       = 0.95
	minSharedCtx = 2
)

// local is one entity as one article sees it: its mentions grouped by key.
type local struct {
	roles   []string // role phrases as written
	doc     int
	key     string   // Local key
	match   string   // matching key across articles
	class   string   // P, O, G, E
	toks    []string // PERSON: name tokens of key
	idx     []int    // mention indices in the doc
	solo    bool     // never merged across articles (ambiguous surname)
	role    bool     // a role without a name ("the president") that its article could not resolve
	heads   []string // role head nouns
	places  []string // role place qualifiers
	context map[string]bool
}

func class(typ string) string {
	switch typ {
	case Person:
		return "P"
	case GPE, Loc:
		return "G"
	case Event:
		return "E"
	}
	return "O"
}

type unionFind struct{ parent []int }

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union joins a and b; the smaller index stays the root so that results do
// not depend on map order.
func (u *unionFind) union(a, b int) bool {
	a, b = u.find(a), u.find(b)
	if a == b {
		return false
	}
	if b < a {
		a, b = b, a
	}
	u.parent[b] = a
	return true
}

// Resolve groups the mentions of many articles into entities. Variants
// merge when their folded names are equal; fuzzy name matches (string
// similarity and phonetic keys) merge only with agreeing context: the same
// story, compatible roles or shared co-mentioned entities. The same surname
// with a different given name never merges. Every merge keeps its evidence
// and a confidence. A role-only mention ("The president") that no holder
// could be found for is left out. Entities come sorted by mention count,
// then name.
func Resolve(docs []Doc) []Entity {
	var locs []*local
	// the matching form of a name is read once per distinct name: a
	// story's reports name the same people and bodies again and again
	type form struct {
		toks  []string
		match string
	}
	forms := map[[2]string]form{}
	for di, d := range docs {
		byKey := map[string]*local{}
		var order []*local
		for mi, m := range d.Mentions {
			key := localKey(&m)
			solo := false
			role := false
			if m.Local == "" && (m.Type == Person || m.Name == "") {
				key = m.Name + "#" + strconv.Itoa(mi)
				solo = true
				role = m.Name == "" && m.Role != ""
			}
			if key == "" {
				continue
			}
			ck := class(m.Type) + "|" + key
			l := byKey[ck]
			if l == nil {
				l = &local{doc: di, key: key, class: class(m.Type), solo: solo, role: role}
				if solo {
					l.key = m.Name
				}
				byKey[ck] = l
				order = append(order, l)
			}
			l.idx = append(l.idx, mi)
			if m.Role != "" {
				l.roles = append(l.roles, m.Role)
				h, p := roleWords(m.Role)
				l.heads = append(l.heads, h...)
				l.places = append(l.places, p...)
			}
		}
		ctx := map[string]bool{}
		for _, l := range order {
			fk := [2]string{l.class, l.key}
			f, ok := forms[fk]
			if !ok {
				switch l.class {
				case "P":
					f.toks = personTokens(l.key)
					f.match = strings.Join(f.toks, " ")
				case "O":
					f.match = orgKey(l.key)
				default:
					f.match = nameKey(l.key)
				}
				if f.match == "" {
					f.match = nameKey(l.key)
				}
				forms[fk] = f
			}
			l.toks, l.match = slices.Clone(f.toks), f.match // each local owns its tokens
			if !l.solo && l.match != "" {
				ctx[l.class+"|"+l.match] = true
			}
		}
		for _, l := range order {
			l.context = ctx
			locs = append(locs, l)
		}
	}
	r := &resolver{docs: docs, locs: locs, uf: &unionFind{parent: make([]int, len(locs))}, jw: metrics.NewJaroWinkler()}
	for i := range r.uf.parent {
		r.uf.parent[i] = i
	}
	r.exact()
	r.fuzzyPeople()
	r.fuzzyOrgs()
	r.surnames()
	r.roleOnly()
	return r.entities()
}

type resolver struct {
	docs   []Doc
	locs   []*local
	uf     *unionFind
	jw     *metrics.JaroWinkler
	merges []mergeRec
}

type mergeRec struct {
	a, b int
	m    Merge
}

func (r *resolver) merge(a, b int, conf float64, evidence string) {
	if r.uf.union(a, b) {
		r.merges = append(r.merges, mergeRec{a: a, b: b, m: Merge{A: r.locs[a].key, B: r.locs[b].key, Confidence: conf, Evidence: evidence}})
	}
}

// exact merges locals whose matching keys are equal.
func (r *resolver) exact() {
	first := map[string]int{}
	for i, l := range r.locs {
		if l.solo || l.class == "P" && len(l.toks) < 2 {
			continue
		}
		k := l.class + "|" + l.match
		j, ok := first[k]
		if !ok {
			first[k] = i
			continue
		}
		conf, ev := 1.0, "same name"
		if r.locs[j].key != l.key {
			conf, ev = 0.97, fmt.Sprintf("same name after folding case, diacritics and punctuation (%q, %q)", r.locs[j].key, l.key)
		}
		if !r.sameStory(j, i) {
			// two people may share a name; across stories the name alone is weaker evidence
			conf -= 0.05
			ev += " in another story"
		}
		r.merge(j, i, conf, ev)
	}
	// single-token people with the same key merge too when no full name is
	// known for them in either article (a recurring "Trump" alone)
	firstShort := map[string]int{}
	for i, l := range r.locs {
		if l.solo || l.class != "P" || len(l.toks) != 1 {
			continue
		}
		k := l.match
		if j, ok := firstShort[k]; ok && r.sameStory(j, i) {
			r.merge(j, i, 0.8, fmt.Sprintf("same single name %q in one story", l.key))
			continue
		}
		if _, ok := firstShort[k]; !ok {
			firstShort[k] = i
		}
	}
}

func (r *resolver) sameStory(a, b int) bool {
	return r.docs[r.locs[a].doc].Story == r.docs[r.locs[b].doc].Story
}

// roots returns the current clusters with the locals in each.
func (r *resolver) roots() map[int][]int {
	out := map[int][]int{}
	for i := range r.locs {
		root := r.uf.find(i)
		out[root] = append(out[root], i)
	}
	return out
}

// fuzzyPeople merges people whose full names differ by spelling
// (Novak/Nowak, Petrov/Petrovich, Jan/Jann) when context agrees.
func (r *resolver) fuzzyPeople() {
	// candidates: full names, blocked by the first letter of the surname
	blocks := map[string][]int{}
	for i, l := range r.locs {
		if l.solo || l.class != "P" || len(l.toks) < 2 || len(l.toks) > 4 || !nameShaped(l.key) || r.uf.find(i) != i {
			continue
		}
		last := surnameOf(l.toks)
		if last == "" {
			continue
		}
		blocks[last[:1]] = append(blocks[last[:1]], i)
	}
	keys := make([]string, 0, len(blocks))
	for k := range blocks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, bk := range keys {
		b := blocks[bk]
		for x := 0; x < len(b); x++ {
			for y := x + 1; y < len(b); y++ {
				i, j := b[x], b[y]
				if r.uf.find(i) == r.uf.find(j) {
					continue
				}
				conf, ev, ok := r.peopleMatch(i, j)
				if ok {
					r.merge(i, j, conf, ev)
				}
			}
		}
	}
}

// peopleMatch decides whether two full-name locals are one person.
func (r *resolver) peopleMatch(i, j int) (float64, string, bool) {
	a, b := r.locs[i], r.locs[j]
	if hasSuffix(a.toks) != hasSuffix(b.toks) {
		return 0, "", false
	}
	la, lb := surnameOf(a.toks), surnameOf(b.toks)
	fa, fb := a.toks[0], b.toks[0]
	ls := 1.0
	if la != lb {
		ls = r.jw.Compare(la, lb)
		if phonetic(la) == phonetic(lb) {
			ls = max(ls, 0.93)
		}
	}
	if ls < surnameSim {
		return 0, "", false
	}
	fs := 1.0
	if sameGiven(fa, fb) && fa != fb {
		fs = 0.95 // "Bob" and "Robert"
	} else if fa != fb {
		fs = r.jw.Compare(fa, fb)
		if phonetic(fa) == phonetic(fb) {
			fs = max(fs, 0.9)
		}
	}
	// the same surname with a different given name is another person
	if fs < givenSim {
		return 0, "", false
	}
	if ls == 1 && fs == 1 {
		return 0, "", false // equal keys were merged by exact; middle names differ
	}
	ctx, why := r.context(i, j)
	if ctx == 0 {
		return 0, "", false
	}
	conf := 0.45*ls + 0.35*fs + 0.2*ctx
	if conf < 0.85 {
		return 0, "", false
	}
	return conf, fmt.Sprintf("similar names %q ~ %q (surname %.2f, given name %.2f); %s", a.key, b.key, ls, fs, why), true
}

// context scores the agreement of two clusters' contexts: the same story,
// compatible roles, shared co-mentioned entities.
func (r *resolver) context(i, j int) (float64, string) {
	ci, cj := r.cluster(i), r.cluster(j)
	var why []string
	score := 0.0
	sameStory := false
	for _, x := range ci {
		for _, y := range cj {
			if r.sameStory(x, y) {
				sameStory = true
			}
		}
	}
	if sameStory {
		score += 0.5
		why = append(why, "same story")
	}
	hi, pi := r.roleSets(ci)
	hj, pj := r.roleSets(cj)
	if shared(hi, hj) > 0 && (len(pi) == 0 || len(pj) == 0 || shared(pi, pj) > 0) {
		score += 0.5
		why = append(why, "compatible roles")
	} else if len(pi) > 0 && len(pj) > 0 && shared(pi, pj) == 0 {
		return 0, "roles of different countries"
	}
	n := 0
	seen := map[string]bool{}
	for _, x := range ci {
		for k := range r.locs[x].context {
			seen[k] = true
		}
	}
	selfI, selfJ := r.locs[i].class+"|"+r.locs[i].match, r.locs[j].class+"|"+r.locs[j].match
	for _, y := range cj {
		for k := range r.locs[y].context {
			if seen[k] && k != selfI && k != selfJ {
				n++
				seen[k] = false
			}
		}
	}
	if n >= minSharedCtx {
		score += 0.5
		why = append(why, fmt.Sprintf("%d shared co-mentioned entities", n))
	}
	return min(score, 1), strings.Join(why, ", ")
}

func (r *resolver) cluster(i int) []int {
	root := r.uf.find(i)
	var out []int
	for k := range r.locs {
		if r.uf.find(k) == root {
			out = append(out, k)
		}
	}
	return out
}

func (r *resolver) rolesOf(c []int) []string {
	var out []string
	for _, i := range c {
		out = append(out, r.locs[i].roles...)
	}
	return out
}

func (r *resolver) roleSets(c []int) (heads, places map[string]bool) {
	heads, places = map[string]bool{}, map[string]bool{}
	for _, i := range c {
		for _, h := range r.locs[i].heads {
			heads[h] = true
		}
		for _, p := range r.locs[i].places {
			places[p] = true
		}
	}
	return heads, places
}

func shared(a, b map[string]bool) int {
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}

// fuzzyOrgs merges organisations, places and events whose names differ by
// little within one story, and acronyms with the names they abbreviate.
func (r *resolver) fuzzyOrgs() {
	byStory := map[string][]int{}
	var stories []string
	for i, l := range r.locs {
		if l.solo || l.class == "P" || r.uf.find(i) != i {
			continue
		}
		st := r.docs[l.doc].Story
		if _, ok := byStory[st]; !ok {
			stories = append(stories, st)
		}
		byStory[st] = append(byStory[st], i)
	}
	for _, st := range stories {
		r.fuzzyOrgsIn(byStory[st])
	}
}

// fuzzyOrgsIn compares the organisation, place and event clusters of one story.
func (r *resolver) fuzzyOrgsIn(idx []int) {
	for x := 0; x < len(idx); x++ {
		for y := x + 1; y < len(idx); y++ {
			i, j := idx[x], idx[y]
			a, b := r.locs[i], r.locs[j]
			if a.class != b.class || r.uf.find(i) == r.uf.find(j) || !r.sameStory(i, j) {
				continue
			}
			if isAcronymOf(a.key, b.key) || isAcronymOf(b.key, a.key) {
				r.merge(i, j, 0.8, fmt.Sprintf("%q abbreviates %q in one story", a.key, b.key))
				continue
			}
			if utf8.RuneCountInString(a.match) < 6 || utf8.RuneCountInString(b.match) < 6 || digits(a.match) != digits(b.match) {
				continue // "Airbus A320" is not "Airbus A380"
			}
			if s := r.jw.Compare(a.match, b.match); s >= orgSim {
				r.merge(i, j, s*0.9, fmt.Sprintf("similar names %q ~ %q (%.2f) in one story", a.key, b.key, s))
			}
		}
	}
}

// isAcronymOf reports whether a is the initials of b's significant words.
func isAcronymOf(a, b string) bool {
	a = strings.ReplaceAll(a, ".", "")
	if w := strings.Fields(a); len(w) > 1 && orgKey(a) == nameKey(w[0]) {
		a = w[0] // "IBM Corp." is IBM
	}
	if !isCaps(a) || strings.Contains(a, " ") {
		return false
	}
	var in strings.Builder
	for _, w := range strings.Fields(orgKey(b)) {
		switch w {
		case "of", "and", "the", "for", "on", "in", "de", "&":
			continue
		}
		in.WriteByte(w[0])
	}
	return in.Len() >= 2 && strings.EqualFold(in.String(), a)
}

// surnames attaches people known by one name in an article ("Peeters") to the
// one full-name person of the same story that it fits; a surname that fits
// two such people stays apart.
func (r *resolver) surnames() {
	byStory := map[string]map[string]map[int]bool{} // story -> name token -> roots
	suffixed := map[int]bool{}
	for i, l := range r.locs {
		if l.solo || l.class != "P" || len(l.toks) < 2 || !nameShaped(l.key) {
			continue
		}
		st := r.docs[l.doc].Story
		if byStory[st] == nil {
			byStory[st] = map[string]map[int]bool{}
		}
		if hasSuffix(l.toks) {
			suffixed[r.uf.find(i)] = true
		}
		for _, t := range []string{l.toks[0], surnameOf(l.toks)} {
			if byStory[st][t] == nil {
				byStory[st][t] = map[int]bool{}
			}
			byStory[st][t][r.uf.find(i)] = true
		}
	}
	for i, l := range r.locs {
		if l.solo || l.class != "P" || len(l.toks) != 1 {
			continue
		}
		var roots, plain []int
		for root := range byStory[r.docs[l.doc].Story][l.toks[0]] {
			roots = append(roots, root)
			if !suffixed[root] {
				plain = append(plain, root)
			}
		}
		if len(roots) > 1 && len(plain) == 1 {
			roots = plain // "Trump" is Donald Trump, not Donald Trump Jr.
		}
		if len(roots) > 1 {
			var principal []int
			for _, root := range roots {
				if !hasFamilyRole(r.rolesOf(r.cluster(root))) {
					principal = append(principal, root)
				}
			}
			if len(principal) == 1 {
				roots = principal // the bare surname is not the wife or the son
			}
		}
		if mine := r.rolesOf(r.cluster(i)); len(mine) > 0 {
			// "President Trump" is not "first lady Melania Trump"
			var fit []int
			for _, root := range roots {
				if !rolesConflict(mine, r.rolesOf(r.cluster(root))) {
					fit = append(fit, root)
				}
			}
			roots = fit
		}
		sort.Ints(roots)
		if len(roots) != 1 {
			continue
		}
		r.merge(roots[0], i, 0.85, fmt.Sprintf("%q fits only %q in the story", l.key, r.locs[roots[0]].key))
	}
}

// roleOnly attaches a role that its article left unresolved ("The
// president" in an article that names no president) to the person of the
// story who holds that role, when one holder clearly dominates: mentioned
// at least twice as often as any other holder.
func (r *resolver) roleOnly() {
	for i, l := range r.locs {
		if !l.role {
			continue
		}
		role := r.docs[l.doc].Mentions[l.idx[0]].Role
		heads, places := roleWords(role)
		if len(heads) == 0 {
			continue
		}
		head := heads[len(heads)-1]
		if !uniqueRoles[head] {
			continue // "an Acme executive" is one of many
		}
		count := map[int]int{}
		for j, c := range r.locs {
			if c.solo || c.class != "P" || r.docs[c.doc].Story != r.docs[l.doc].Story {
				continue
			}
			root := r.uf.find(j)
			count[root] += len(c.idx)
		}
		var fits []int
		for root := range count {
			h, p := r.roleSets(r.cluster(root))
			if !h[head] {
				continue
			}
			ok := true
			for _, pl := range places {
				if len(p) > 0 && !p[pl] {
					ok = false
				}
			}
			if ok {
				fits = append(fits, root)
			}
		}
		sort.Slice(fits, func(a, b int) bool {
			if count[fits[a]] != count[fits[b]] {
				return count[fits[a]] > count[fits[b]]
			}
			return fits[a] < fits[b]
		})
		if len(fits) == 0 || len(fits) > 1 && count[fits[1]]*2 > count[fits[0]] {
			continue
		}
		r.merge(fits[0], i, 0.6, fmt.Sprintf("role %q is held by %q, the story's dominant holder", role, r.locs[fits[0]].key))
	}
}

// phoneticRules merge letters that sound alike across transliterations.
var phoneticRules = strings.NewReplacer("ph", "f", "ck", "k", "sch", "s", "sh", "s", "ch", "k", "th", "t", "gh", "g",
	"kh", "k", "dj", "j", "dzh", "j", "zh", "j", "tz", "z", "ts", "z", "w", "v", "y", "i", "q", "k", "c", "k", "x", "ks")

// phonetic is a coarse sound key: folded consonant skeleton with similar
// sounds merged and doubled letters collapsed.
func phonetic(s string) string {
	s = phoneticRules.Replace(nameKey(s))
	var b strings.Builder
	var prev rune
	for i, r := range s {
		if r == ' ' {
			continue
		}
		vowel := strings.ContainsRune("aeiouh", r)
		if i > 0 && vowel {
			prev = r
			continue
		}
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// entities builds the output records from the clusters.
func (r *resolver) entities() []Entity {
	clusters := r.roots()
	rootIDs := make([]int, 0, len(clusters))
	for root := range clusters {
		rootIDs = append(rootIDs, root)
	}
	sort.Ints(rootIDs)
	mergesBy := map[int][]Merge{}
	for _, mr := range r.merges {
		root := r.uf.find(mr.a)
		mergesBy[root] = append(mergesBy[root], mr.m)
	}
	out := make([]Entity, 0, len(clusters))
	for _, root := range rootIDs {
		if len(clusters[root]) == 1 && r.locs[root].role {
			continue // a role nobody could be found to hold names no entity
		}
		e := r.entity(clusters[root])
		e.Merges = mergesBy[root]
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Mentions) != len(out[j].Mentions) {
			return len(out[i].Mentions) > len(out[j].Mentions)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func (r *resolver) entity(members []int) Entity {
	type vstat struct {
		count    int
		articles []string
		seen     map[string]bool
	}
	variants := map[string]*vstat{}
	var vorder []string
	roles := map[string][]string{}
	roleSeen := map[string]map[string]bool{}
	var rorder []string
	typeCount := map[string]int{}
	places := map[string]int{}
	var e Entity
	var roleOnly []string
	arts := map[string]bool{}
	for _, li := range members {
		l := r.locs[li]
		d := r.docs[l.doc]
		for _, mi := range l.idx {
			m := d.Mentions[mi]
			e.Mentions = append(e.Mentions, Ref{Article: d.ID, Start: m.Start, End: m.End, Index: mi})
			typeCount[m.Type]++
			arts[d.ID] = true
			if m.Place != "" {
				places[m.Place]++
			}
			name := m.Name
			if name == "" {
				// a role ("the president") is no spelling of the name; it
				// names the entity only when nothing else does
				name = m.Text
				roleOnly = append(roleOnly, name)
			} else {
				v := variants[name]
				if v == nil {
					v = &vstat{seen: map[string]bool{}}
					variants[name] = v
					vorder = append(vorder, name)
				}
				v.count++
				if !v.seen[d.ID] {
					v.seen[d.ID] = true
					v.articles = append(v.articles, d.ID)
				}
			}
			if m.Role != "" {
				if _, ok := roles[m.Role]; !ok {
					rorder = append(rorder, m.Role)
					roleSeen[m.Role] = map[string]bool{}
				}
				if !roleSeen[m.Role][d.ID] {
					roleSeen[m.Role][d.ID] = true
					roles[m.Role] = append(roles[m.Role], d.ID)
				}
			}
		}
	}
	// type: the most frequent
	bestT, bestN := "", -1
	for _, t := range []string{Person, Org, GPE, Loc, Event} {
		if typeCount[t] > bestN {
			bestT, bestN = t, typeCount[t]
		}
	}
	e.Type = bestT
	for a := range arts {
		e.Articles = append(e.Articles, a)
	}
	sort.Strings(e.Articles)
	if len(vorder) == 0 && len(roleOnly) > 0 {
		vorder = append(vorder, roleOnly[0])
		variants[roleOnly[0]] = &vstat{count: len(roleOnly), articles: e.Articles}
	}
	for _, name := range vorder {
		v := variants[name]
		e.Variants = append(e.Variants, Variant{Name: name, Count: v.count, Articles: v.articles})
	}
	sort.SliceStable(e.Variants, func(i, j int) bool { return e.Variants[i].Count > e.Variants[j].Count })
	for _, ro := range rorder {
		e.Roles = append(e.Roles, Role{Role: ro, Articles: roles[ro]})
	}
	e.Name = canonicalName(e.Type, e.Variants, places)
	return e
}

// canonicalName picks the best-formed frequent variant: a place's canonical
// name when mentions name one; for people a full name; more articles
// first, then diacritics kept, then more mentions.
func canonicalName(typ string, vs []Variant, places map[string]int) string {
	if len(places) > 0 && (typ == GPE || typ == Loc) {
		best, n := "", 0
		for p, c := range places {
			if c > n || c == n && p < best {
				best, n = p, c
			}
		}
		return best
	}
	best := -1
	better := func(a, b Variant) bool {
		fa, fb := len(strings.Fields(a.Name)) >= 2, len(strings.Fields(b.Name)) >= 2
		if typ == Person && fa != fb {
			return fa
		}
		if len(a.Articles) != len(b.Articles) {
			return len(a.Articles) > len(b.Articles)
		}
		da, db := !isASCII(a.Name), !isASCII(b.Name)
		if da != db {
			return da
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Name < b.Name
	}
	for i, v := range vs {
		if best < 0 || better(v, vs[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return vs[best].Name
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// nameShaped reports whether every word of a name is capitalised, as a
// person's name is ("Anna Novak", not "the minister's top advisers").
func nameShaped(s string) bool {
	for _, w := range strings.Fields(s) {
		if !unicode.IsUpper(firstRune(w)) || strings.ContainsAny(w, "'’") && !strings.ContainsAny(w[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			return false
		}
	}
	return true
}

// digits returns the digits of s in order.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
