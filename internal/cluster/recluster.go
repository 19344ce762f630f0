package cluster

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Member is one article of a story, with the Features it was placed with.
type Member struct {
	ID       string
	Features Features
}

// Group is a story and its members. In Recluster's output an ID of ""
// marks a new story the caller must name.
type Group struct {
	ID      string
	Members []Member
}

// Recluster repairs what early placements got wrong.
//
// With cfg.CoarseCut set (DefaultConfig) it re-clusters all articles from
// scratch (see reclusterLinkage): average linkage to broad clusters, a split
// of each under story-local weights checked against the leads, a final
// reassignment, and story ids handed back by overlap.
//
// Without it, the older rule repeats, until nothing changes (at most
// cfg.Rounds times):
//
//  1. merge: two stories merge when their articles score against the
//     other story nearly as well as against their own (cfg.MergeRatio;
//     see mergeRatio), best pair first. Candidates come from the story key
//     index, never all pairs. The merged story keeps the id of the larger
//     one (on a tie, the one listed first), so ids stay stable;
//  2. reassign: every article moves to the candidate story it scores best
//     against, its own story counted without it. With complete centroids
//     this relative choice is right far more often than the absolute
//     threshold that placed it on arrival. An article that scores below
//     cfg.SplitThreshold against the rest of its story and below Threshold
//     everywhere else starts a new story (ID "").
//
// It is pure: groups in, groups out (empty ones dropped), surviving input
// groups in input order, new stories last.
func Recluster(groups []Group, cfg Config) []Group {
	if cfg.CoarseCut > 0 {
		return reclusterLinkage(groups, cfg)
	}
	rounds := max(cfg.Rounds, 1)
	gs := make([]*rgroup, 0, len(groups))
	for _, g := range groups {
		if len(g.Members) == 0 {
			continue
		}
		rg := &rgroup{id: g.ID}
		for _, m := range g.Members {
			rg.add(m)
		}
		gs = append(gs, rg)
	}
	for range rounds {
		var merged, moved bool
		gs, merged = mergeGroups(gs, cfg)
		gs, moved = reassign(gs, cfg)
		if !merged && !moved {
			break
		}
	}
	out := make([]Group, 0, len(gs))
	for _, g := range gs {
		out = append(out, Group{ID: g.id, Members: g.members})
	}
	return out
}

// rgroup is a story during Recluster: its members and the unpruned sums of
// their vectors, so leave-one-out scores are exact and cheap.
type rgroup struct {
	id          string
	members     []Member
	sumT, sumE  map[string]float64
	ssT, ssE    float64 // squared norms of the sums
	first, last time.Time
	prof        *Profile
}

func (g *rgroup) add(m Member) {
	if g.sumT == nil {
		g.sumT, g.sumE = map[string]float64{}, map[string]float64{}
	}
	g.members = append(g.members, m)
	for k, w := range m.Features.Terms {
		g.ssT += 2*g.sumT[k]*w + w*w
		g.sumT[k] += w
	}
	for k, w := range m.Features.Entities {
		g.ssE += 2*g.sumE[k]*w + w*w
		g.sumE[k] += w
	}
	if d := m.Features.Date; !d.IsZero() {
		if g.first.IsZero() || d.Before(g.first) {
			g.first = d
		}
		if g.last.IsZero() || d.After(g.last) {
			g.last = d
		}
	}
	g.prof = nil
}

// profile is the group's pruned Profile, as Memory or the store keeps it.
func (g *rgroup) profile() *Profile {
	if g.prof == nil {
		p := &Profile{First: g.first, Last: g.last, Size: len(g.members)}
		p.Terms = addVec(nil, g.sumT, 1, MaxProfileTerms)
		p.Entities = addVec(nil, g.sumE, 1, MaxProfileEntities)
		g.prof = p
	}
	return g.prof
}

// score is Score of f against the group's unpruned centroid, leaving f out
// when it is a member (self).
func (g *rgroup) score(f Features, self bool, cfg Config) float64 {
	t := sumCosine(f.Terms, g.sumT, g.ssT, self)
	s := t
	if len(f.Entities) > 0 {
		if e, ok := sumCosineOK(f.Entities, g.sumE, g.ssE, self); ok {
			s = (1-cfg.EntityWeight)*t + cfg.EntityWeight*e
		}
	}
	return s * timeFactor(f.Date, g.first, g.last, cfg)
}

func sumCosine(f, sum map[string]float64, ss float64, self bool) float64 {
	c, _ := sumCosineOK(f, sum, ss, self)
	return c
}

// sumCosineOK is the cosine of unit vector f with sum (minus f when self);
// ok is false when what remains is empty.
func sumCosineOK(f, sum map[string]float64, ss float64, self bool) (float64, bool) {
	dot := 0.0
	for k, w := range f {
		dot += w * sum[k]
	}
	if self {
		// (sum-f)·f = dot - |f|², |sum-f|² = ss - 2dot + |f|²
		ff := 0.0
		for _, w := range f {
			ff += w * w
		}
		ss = ss - 2*dot + ff
		dot -= ff
	}
	if ss <= 1e-9 {
		return 0, false
	}
	return dot / math.Sqrt(ss), true
}

// mergeGroups merges stories whose articles score nearly as well against
// the other story as against their own (see mergeRatio), best pair first,
// each story at most once per round.
func mergeGroups(gs []*rgroup, cfg Config) ([]*rgroup, bool) {
	type pair struct {
		i, j int
		r    float64
	}
	var pairs []pair
	post := map[string][]int{}
	for i, g := range gs {
		seen := map[int]bool{}
		for _, k := range StoryKeys(g.profile()) {
			for _, j := range post[k] {
				if seen[j] {
					continue
				}
				seen[j] = true
				if r, ok := mergeRatio(gs[j], g, cfg); ok && r >= cfg.MergeRatio {
					pairs = append(pairs, pair{j, i, r})
				}
			}
			post[k] = append(post[k], i)
		}
	}
	if len(pairs) == 0 {
		return gs, false
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return cmp.Compare(b.r, a.r) })
	into := make([]int, len(gs))
	for i := range into {
		into[i] = -1
	}
	used := make([]bool, len(gs))
	for _, p := range pairs {
		if used[p.i] || used[p.j] {
			continue
		}
		used[p.i], used[p.j] = true, true
		a, b := p.i, p.j
		// the larger story survives; on a tie the earlier one
		if len(gs[b].members) > len(gs[a].members) {
			a, b = b, a
		}
		into[b] = a
	}
	out := make([]*rgroup, 0, len(gs))
	for i, g := range gs {
		if into[i] >= 0 {
			continue
		}
		for j, h := range gs {
			if into[j] == i {
				for _, m := range h.members {
					g.add(m)
				}
			}
		}
		out = append(out, g)
	}
	return out, true
}

// mergeRatio compares how well the articles of two stories score against
// the other story with how well they score against their own (leaving
// themselves out): about 1 for two fragments of one story, far less for
// two stories of the same kind, whatever the absolute level of similarity
// in a corpus. An article alone in its story has no own score; the mean own
// score of the other story stands in for it (a pair of lone articles is not
// compared: ok is false, and reassign handles them with Place's threshold).
func mergeRatio(a, b *rgroup, cfg Config) (float64, bool) {
	if len(a.members) < 2 && len(b.members) < 2 {
		return 0, false
	}
	ownA, ownB := a.ownScores(cfg), b.ownScores(cfg)
	var own, cross float64
	for _, m := range a.members {
		cross += b.score(m.Features, false, cfg)
	}
	for _, m := range b.members {
		cross += a.score(m.Features, false, cfg)
	}
	switch {
	case len(a.members) < 2:
		own = ownB + ownB/float64(len(b.members))
	case len(b.members) < 2:
		own = ownA + ownA/float64(len(a.members))
	default:
		own = ownA + ownB
	}
	if own <= 0 {
		return 0, false
	}
	return cross / own, true
}

// ownScores sums the leave-one-out scores of the group's members.
func (g *rgroup) ownScores(cfg Config) float64 {
	if len(g.members) < 2 {
		return 0
	}
	t := 0.0
	for _, m := range g.members {
		t += g.score(m.Features, true, cfg)
	}
	return t
}

// reassign moves every article to the story it scores best against.
func reassign(gs []*rgroup, cfg Config) ([]*rgroup, bool) {
	post := map[string][]int{}
	for i, g := range gs {
		for _, k := range StoryKeys(g.profile()) {
			post[k] = append(post[k], i)
		}
	}
	type move struct {
		m  Member
		to int // -1: a new story
	}
	var moves []move
	for gi, g := range gs {
		for _, m := range g.members {
			own := -1.0
			if len(g.members) > 1 {
				own = g.score(m.Features, true, cfg)
			}
			hits := map[int]int{}
			for _, k := range Keys(m.Features) {
				for _, j := range post[k] {
					hits[j]++
				}
			}
			cands := make([]int, 0, len(hits))
			for j := range hits {
				if j != gi {
					cands = append(cands, j)
				}
			}
			// the stories matching most keys, as Place's candidates
			slices.SortFunc(cands, func(a, b int) int {
				if c := cmp.Compare(hits[b], hits[a]); c != 0 {
					return c
				}
				return cmp.Compare(a, b)
			})
			if cfg.Candidates > 0 && len(cands) > cfg.Candidates {
				cands = cands[:cfg.Candidates]
			}
			best, bs := -1, -1.0
			for _, j := range cands {
				if s := gs[j].score(m.Features, false, cfg); s > bs {
					best, bs = j, s
				}
			}
			switch {
			case best >= 0 && bs > own && bs >= cfg.Threshold:
				moves = append(moves, move{m, best})
			case len(g.members) > 1 && own < cfg.SplitThreshold && bs < cfg.Threshold:
				moves = append(moves, move{m, -1})
			}
		}
	}
	if len(moves) == 0 {
		return gs, false
	}
	leaving := map[string]bool{}
	for _, mv := range moves {
		leaving[mv.m.ID] = true
	}
	out := make([]*rgroup, len(gs))
	for i, g := range gs {
		ng := &rgroup{id: g.id}
		for _, m := range g.members {
			if !leaving[m.ID] {
				ng.add(m)
			}
		}
		out[i] = ng
	}
	for _, mv := range moves {
		if mv.to < 0 {
			ng := &rgroup{}
			ng.add(mv.m)
			out = append(out, ng)
			continue
		}
		out[mv.to].add(mv.m)
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.members) > 0 {
			kept = append(kept, g)
		}
	}
	return kept, true
}
