package timex

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/text"
)

// Doc is one article given to Timeline.
type Doc struct {
	ID        string
	Published time.Time // zero when unknown
	Text      string
	Exprs     []Expr // from Find(Text, Published); found by Timeline when nil
}

// Entry is one dated statement of a story's timeline, possibly told by
// several articles.
type Entry struct {
	Date        string   `json:"date"`        // TIMEX3 value (2023-10, 2024-SU, 2024-Q1 ...) or "unresolved"
	Granularity string   `json:"granularity"` // year, season, quarter, month, week, day ... or "unresolved"
	Text        string   `json:"text"`        // the event phrase: the clause around the expression
	Articles    []string `json:"articles"`    // ids of the articles that state it, in input order
	// Conflict is non-nil when sources disagree on the date of this event.
	Conflict *Conflict `json:"conflict,omitempty"`
}

// Conflict holds both sides of a disagreement on the date of one event.
type Conflict struct {
	Sides []Side `json:"sides"`
}

// Side is one date given for an event, with the statement and its sources.
type Side struct {
	Date     string   `json:"date"`
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// Similarity thresholds on the weighted overlap of two clauses' content
// stems (shared weight over the smaller clause's weight, weights = IDF in a
// general news corpus). Merging needs compatible dates as well; a conflict
// needs a closer match, because two unrelated statements that share a name
// must not be shown as a disagreement.
const (
	mergeSimilarity    = 0.30
	conflictSimilarity = 0.55
)

// statement is one dated expression in its clause before merging.
type statement struct {
	doc    int
	date   string
	gran   string
	clause string
	terms  map[string]float64
	weight float64
	start  time.Time
	end    time.Time
	ok     bool // has a calendar span
}

// Timeline builds the chronological timeline of a story from its articles:
// one entry per dated statement; the same event told by several articles
// is merged when the dates are compatible (2024-07 and 2024-SU) and the
// clauses share enough content; when a close match disagrees on the date,
// both entries carry the Conflict. Durations, sets and PAST_REF,
// PRESENT_REF, FUTURE_REF are not events and are left out. Expressions of
// an undated article that needed its date become "unresolved" entries,
// after the dated ones, rather than guesses.
func Timeline(docs []Doc) []Entry {
	var sts []statement
	// A story's reports repeat clauses and time expressions: their terms
	// are read once per distinct text.
	termsOf := map[string][]string{}
	terms := func(s string) []string {
		ts, ok := termsOf[s]
		if !ok {
			ts = text.Terms(s)
			termsOf[s] = ts
		}
		return ts
	}
	for di, d := range docs {
		var timeWords map[string]bool // the terms of the article's time expressions, made when first needed
		exprs := d.Exprs
		if exprs == nil {
			exprs = Find(d.Text, d.Published)
		} else {
			// expressions given by the caller must fit the text
			valid := exprs[:0:0]
			for _, e := range exprs {
				if e.Start >= 0 && e.Start <= e.End && e.End <= len(d.Text) {
					valid = append(valid, e)
				}
			}
			exprs = valid
		}
		sents := text.Sentences(d.Text)
		seen := map[string]bool{}
		consumed := -1
		for k, e := range exprs {
			if k == consumed {
				continue // the anchor of an offset date below
			}
			if e.Type == Duration && k+1 < len(exprs) {
				// "two years after 2014": a date counted from a date of the article
				if v, ok := offsetDate(d.Text, e, exprs[k+1]); ok {
					e = Expr{Text: d.Text[e.Start:exprs[k+1].End], Start: e.Start, End: exprs[k+1].End, Type: Date, Value: v, Granularity: granularityOf(v)}
					consumed = k + 1
				}
			}
			if e.Type == Duration {
				// "two years after the annexation of Crimea", the annexation
				// being dated elsewhere in the article
				if v, ok := eventOffset(d.Text, sents, e, exprs); ok {
					e = Expr{Text: e.Text, Start: e.Start, End: e.End, Type: Date, Value: v, Granularity: granularityOf(v)}
				}
			}
			if e.Type != Date && e.Type != Time {
				continue
			}
			if strings.HasSuffix(e.Value, "_REF") {
				continue
			}
			st := statement{doc: di, date: e.Value, gran: e.Granularity}
			if e.Granularity == GranTime && len(e.Value) >= 10 {
				st.date, st.gran = e.Value[:10], GranDay
			}
			if e.Granularity == GranDecade {
				st.date = strings.TrimSuffix(st.date, "X") // "199X" is the 1990s
			}
			if e.Granularity == GranUnresolved || strings.Contains(st.date, "X") {
				st.date, st.gran = GranUnresolved, GranUnresolved
			}
			st.start, st.end, st.ok = Interval(st.date)
			if !st.ok && st.date != GranUnresolved {
				continue
			}
			st.clause = clauseAround(d.Text, sents, e)
			key := st.date + "\x00" + st.clause
			if seen[key] {
				continue
			}
			seen[key] = true
			if timeWords == nil {
				timeWords = map[string]bool{}
				for _, e := range exprs {
					for _, t := range terms(e.Text) {
						timeWords[t] = true
					}
				}
			}
			st.terms, st.weight = contentTerms(terms(st.clause), timeWords)
			sts = append(sts, st)
		}
	}
	// Finer dates first so that a merged entry keeps the most precise date.
	order := make([]int, len(sts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		sa, sb := sts[order[a]], sts[order[b]]
		return sa.end.Sub(sa.start) < sb.end.Sub(sb.start)
	})
	var groups []*group
	for _, si := range order {
		s := sts[si]
		var best *group
		bestSim := 0.0
		if s.ok {
			for _, g := range groups {
				if !g.lead.ok || !within(g.lead, s) || !comparableSpans(g.lead, s) || g.sameClause(sts, s) {
					continue
				}
				if sim := similarity(g.lead, s); sim >= mergeSimilarity && sim > bestSim {
					best, bestSim = g, sim
				}
			}
		}
		if best != nil {
			best.members = append(best.members, si)
			continue
		}
		groups = append(groups, &group{lead: s, members: []int{si}})
	}
	entries := make([]Entry, len(groups))
	for gi, g := range groups {
		e := Entry{Date: g.lead.date, Granularity: g.lead.gran, Text: g.lead.clause}
		docSeen := map[int]bool{}
		var ds []int
		for _, mi := range g.members {
			if !docSeen[sts[mi].doc] {
				docSeen[sts[mi].doc] = true
				ds = append(ds, sts[mi].doc)
			}
		}
		sort.Ints(ds)
		for _, d := range ds {
			e.Articles = append(e.Articles, docs[d].ID)
		}
		entries[gi] = e
	}
	// Conflicts: a close match from another article with an incompatible date.
	for a := range groups {
		for b := a + 1; b < len(groups); b++ {
			ga, gb := groups[a], groups[b]
			if !ga.lead.ok || !gb.lead.ok || overlaps(ga.lead, gb.lead) || sameDocs(entries[a].Articles, entries[b].Articles) {
				continue
			}
			if similarity(ga.lead, gb.lead) < conflictSimilarity || symmetricSimilarity(ga.lead, gb.lead) < conflictSimilarity {
				continue
			}
			c := &Conflict{Sides: []Side{
				{Date: entries[a].Date, Text: entries[a].Text, Articles: entries[a].Articles},
				{Date: entries[b].Date, Text: entries[b].Text, Articles: entries[b].Articles},
			}}
			sort.SliceStable(c.Sides, func(i, j int) bool { return c.Sides[i].Date < c.Sides[j].Date })
			if entries[a].Conflict == nil {
				entries[a].Conflict = c
			}
			if entries[b].Conflict == nil {
				entries[b].Conflict = c
			}
		}
	}
	idx := make([]int, len(entries))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ga, gb := groups[idx[a]].lead, groups[idx[b]].lead
		if ga.ok != gb.ok {
			return ga.ok
		}
		if !ga.start.Equal(gb.start) {
			return ga.start.Before(gb.start)
		}
		return ga.end.Sub(ga.start) > gb.end.Sub(gb.start) // the year before its months
	})
	out := make([]Entry, len(entries))
	for i, k := range idx {
		out[i] = entries[k]
	}
	return out
}

// group is a set of statements merged into one entry; lead is the one with
// the finest date.
type group struct {
	lead    statement
	members []int
}

// sameClause reports whether s comes from the same clause of the same
// article as a member: two dates in one clause are two statements ("said
// last week that allies should finish in the first quarter").
func (g *group) sameClause(sts []statement, s statement) bool {
	for _, mi := range g.members {
		if sts[mi].doc == s.doc && sts[mi].clause == s.clause {
			return true
		}
	}
	return false
}

// comparableSpans reports whether two dates are close enough in precision
// to be the same event told twice: a day within a month, a month within a
// year or a season, but not a day within a whole year.
func comparableSpans(a, b statement) bool {
	la, lb := a.end.Sub(a.start), b.end.Sub(b.start)
	if la > lb {
		la, lb = lb, la
	}
	return lb <= 31*la+time.Hour
}

// within reports whether a's span lies inside b's: the finer date of an
// event can refine a coarser one (July within summer), while partly
// overlapping spans (the first quarter and spring) stay two statements.
func within(a, b statement) bool { return !a.start.Before(b.start) && !a.end.After(b.end) }

func overlaps(a, b statement) bool { return a.start.Before(b.end) && b.start.Before(a.end) }

// sameDocs reports whether two article lists share an article: an article
// does not disagree with itself.
func sameDocs(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// similarity is the IDF-weighted overlap of two clauses' content stems,
// over the lighter clause's weight.
func similarity(a, b statement) float64 {
	if a.weight == 0 || b.weight == 0 {
		return 0
	}
	shared := 0.0
	for t, w := range a.terms {
		if _, ok := b.terms[t]; ok {
			shared += w
		}
	}
	return shared / math.Min(a.weight, b.weight)
}

// symmetricSimilarity is the shared weight over the heavier clause's
// weight: both clauses must be mostly about the same thing.
func symmetricSimilarity(a, b statement) float64 {
	if a.weight == 0 || b.weight == 0 {
		return 0
	}
	return similarity(a, b) * math.Min(a.weight, b.weight) / math.Max(a.weight, b.weight)
}

// contentTerms returns the content stems of a clause (its terms given) with their weights,
// leaving out the words of temporal expressions (two statements about
// "October" are not the same event for that).
func contentTerms(clauseTerms []string, timeWords map[string]bool) (map[string]float64, float64) {
	terms := map[string]float64{}
	total := 0.0
	for _, t := range clauseTerms {
		if timeWords[t] || len(t) < 2 || isDigits(t) {
			continue
		}
		if _, ok := terms[t]; ok {
			continue
		}
		w := text.IDF(t)
		if w <= 0 {
			continue
		}
		terms[t] = w
		total += w
	}
	return terms, total
}

// clauseAround returns the sentence holding e, cut to at most maxClause
// bytes around the expression at clause boundaries (; : — and commas) when
// the sentence is long.
func clauseAround(doc string, sents []text.Sentence, e Expr) string {
	s := text.Sentence{Text: doc, Start: 0, End: len(doc)}
	for _, x := range sents {
		if x.Start <= e.Start && e.End <= x.End {
			s = x
			break
		}
	}
	const maxClause = 240
	if len(s.Text) <= maxClause {
		return s.Text
	}
	lo, hi := e.Start-s.Start, e.End-s.Start
	// widen [lo, hi) to clause boundaries until the budget is used
	left := strings.LastIndexAny(s.Text[:lo], ";:—")
	if left < 0 || lo-left > maxClause/2 {
		left = max(0, lo-maxClause/2)
		if sp := strings.LastIndexByte(s.Text[:left+1], ' '); sp > 0 && left-sp < 20 {
			left = sp
		}
	} else {
		left++
	}
	right := strings.IndexAny(s.Text[hi:], ";:—")
	if right < 0 || right > maxClause/2 {
		right = min(len(s.Text), hi+maxClause/2)
		if sp := strings.IndexByte(s.Text[right:], ' '); sp >= 0 && sp < 20 {
			right += sp
		}
	} else {
		right += hi
	}
	for left > 0 && !isBoundary(s.Text, left) {
		left--
	}
	for right < len(s.Text) && !isBoundary(s.Text, right) {
		right++
	}
	return strings.TrimSpace(s.Text[left:right])
}

// isBoundary reports whether i is on a UTF-8 character boundary of s.
func isBoundary(s string, i int) bool { return i == 0 || i >= len(s) || s[i]&0xC0 != 0x80 }

// offsetDate resolves a duration counted from the date expression right
// after it ("two years after 2014" is 2016, "three days before March 5"
// is March 2), at the anchor's precision: whole years from a year, years
// or months from a month, any unit from a day.
func offsetDate(doc string, dur, anchor Expr) (string, bool) {
	if anchor.Type != Date || dur.End > anchor.Start {
		return "", false
	}
	between := strings.Fields(strings.ToLower(doc[dur.End:anchor.Start]))
	if len(between) == 0 || len(between) > 3 {
		return "", false
	}
	sign := 0
	switch between[0] {
	case "after", "later":
		sign = 1
	case "before", "earlier":
		sign = -1
	default:
		return "", false
	}
	for _, w := range between[1:] {
		if w != "than" && w != "the" && w != "its" && w != "their" && w != "his" && w != "her" {
			return "", false
		}
	}
	return shiftBy(dur.Value, sign, anchor)
}

// shiftBy moves the anchor's date by a duration value (P2Y, P3M, P2W,
// P10D) in direction sign, at the anchor's precision: whole years from a
// year, years or months from a month, any unit from a day.
func shiftBy(v string, sign int, anchor Expr) (string, bool) {
	if len(v) < 3 || v[0] != 'P' || !isDigits(v[1:len(v)-1]) {
		return "", false
	}
	n, _ := strconv.Atoi(v[1 : len(v)-1])
	n *= sign
	start, _, ok := Interval(anchor.Value)
	if !ok {
		return "", false
	}
	switch unit, gran := v[len(v)-1], anchor.Granularity; {
	case gran == GranYear && unit == 'Y':
		return fmtYear(start.Year() + n), true
	case gran == GranMonth && (unit == 'Y' || unit == 'M'):
		if unit == 'Y' {
			n *= 12
		}
		return fmtMonth(start.Year(), int(start.Month())+n), true
	case gran == GranDay:
		switch unit {
		case 'Y':
			return fmtDay(start.AddDate(n, 0, 0)), true
		case 'M':
			return fmtDay(start.AddDate(0, n, 0)), true
		case 'W':
			return fmtDay(start.AddDate(0, 0, 7*n)), true
		case 'D':
			return fmtDay(start.AddDate(0, 0, n)), true
		}
	}
	return "", false
}

// eventOffset resolves "N units after/before X" where X is an event the
// article dates elsewhere: the nearest dated clause (preferring one before
// the duration) that holds every content stem of X. Requiring every stem
// keeps "the full-scale invasion" from being dated by "the initial
// invasion ... in 2014".
func eventOffset(doc string, sents []text.Sentence, dur Expr, exprs []Expr) (string, bool) {
	rest := doc[dur.End:]
	fields := strings.Fields(rest)
	if len(fields) < 2 {
		return "", false
	}
	sign := 0
	switch strings.ToLower(fields[0]) {
	case "after":
		sign = 1
	case "before":
		sign = -1
	default:
		return "", false
	}
	// X: the words up to the next punctuation, at most six
	var phrase []string
	for _, f := range fields[1:] {
		w := strings.TrimRight(f, ",.;:!?\"'”’)")
		phrase = append(phrase, w)
		if len(phrase) == 6 || w != f {
			break
		}
	}
	stems := text.Terms(strings.Join(phrase, " "))
	if len(stems) == 0 {
		return "", false
	}
	var best *Expr
	bestDist := 0
	for i := range exprs {
		a := exprs[i]
		if a.Type != Date || a.Start >= dur.Start && a.Start <= dur.End+len(strings.Join(phrase, " "))+16 {
			continue
		}
		if _, _, ok := Interval(a.Value); !ok || a.Granularity != GranYear && a.Granularity != GranMonth && a.Granularity != GranDay {
			continue
		}
		clause := map[string]bool{}
		for _, t := range text.Terms(clauseAround(doc, sents, a)) {
			clause[t] = true
		}
		all := true
		for _, st := range stems {
			all = all && clause[st]
		}
		if !all {
			continue
		}
		dist := dur.Start - a.End
		if dist < 0 {
			dist = -dist * 2 // prefer an anchor told before
		}
		if best == nil || dist < bestDist {
			best, bestDist = &exprs[i], dist
		}
	}
	if best == nil {
		return "", false
	}
	return shiftBy(dur.Value, sign, *best)
}
