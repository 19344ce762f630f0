package cluster

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
)

// minSplit is the smallest story Recluster tries to split: below four
// articles a split rests on one or two reports.
const minSplit = 4

// maxLinkPosting bounds how many articles one key links in averageLinkage:
// a key shared by more is too common to say two articles belong together.
const maxLinkPosting = 400

// reclusterLinkage is Recluster when cfg.CoarseCut is set:
//
//  1. average linkage over all articles from scratch, down to
//     cfg.CoarseCut: low, so that the scattered pieces of one event come
//     together, and with them often a second event of the same kind (two
//     quakes, two arrests of players of one team);
//  2. each such cluster is split again under story-local weights
//     (localSplit): what all its articles share counts for nothing, what
//     only some share decides;
//  3. a cluster of more than cfg.MaxSplit articles is too broad to split
//     as one (the split is cubic, and so wide a cluster is a whole beat
//     rather than two events of one kind): its articles stay in the
//     stories they were placed in, and each of those is split instead;
//  4. every article moves to the story it scores best against (reassign),
//     which brings back stray reports the split left alone;
//  5. story ids are handed back by overlap (assignIDs), so a story that
//     kept most of its articles keeps its id.
//
// Candidate pairs in step 1 come from the key index; steps 2 and 3 work
// inside one cluster or over candidate stories, never over all pairs.
func reclusterLinkage(groups []Group, cfg Config) []Group {
	var all []Member
	origin := map[string]int{} // article -> input group
	pos := map[string]int{}    // article -> input position
	for gi, g := range groups {
		for _, m := range g.Members {
			origin[m.ID] = gi
			pos[m.ID] = len(all)
			all = append(all, m)
		}
	}
	var gs []*rgroup
	for _, p := range averageLinkage(all, cfg) {
		var parts [][]Member
		if cfg.MaxSplit > 0 && len(p) > cfg.MaxSplit {
			// too broad to split as one: keep the stories as placed
			// and try to split each of them instead
			by := map[int][]Member{}
			var order []int
			for _, m := range p {
				o := origin[m.ID]
				if _, ok := by[o]; !ok {
					order = append(order, o)
				}
				by[o] = append(by[o], m)
			}
			for _, o := range order {
				if sp := localSplit(by[o], cfg); len(sp) > 1 {
					parts = append(parts, sp...)
				} else {
					parts = append(parts, by[o])
				}
			}
		} else if parts = localSplit(p, cfg); len(parts) < 2 {
			parts = [][]Member{p}
		}
		for _, part := range parts {
			g := &rgroup{}
			for _, m := range part {
				g.add(m)
			}
			gs = append(gs, g)
		}
	}
	gs, _ = reassign(gs, cfg)
	parts := make([][]Member, 0, len(gs))
	for _, g := range gs {
		p := g.members
		slices.SortFunc(p, func(a, b Member) int { return cmp.Compare(pos[a.ID], pos[b.ID]) })
		parts = append(parts, p)
	}
	return assignIDs(groups, parts, origin)
}

// averageLinkage clusters articles from scratch by average linkage: it
// merges the two clusters of highest mean pairwise similarity (linkage)
// while that mean is at least cfg.CoarseCut. Only
// clusters whose articles share an index key are compared, and a heap
// keeps the best pair on top, so the cost follows the candidate pairs, not
// all pairs.
func averageLinkage(ms []Member, cfg Config) [][]Member {
	n := len(ms)
	gs := make([]*rgroup, n)
	post := map[string][]int{}
	nbr := make([]map[int]bool, n)
	for i, m := range ms {
		g := &rgroup{}
		g.add(m)
		gs[i] = g
		nbr[i] = map[int]bool{}
		for _, k := range Keys(m.Features) {
			p := post[k]
			if len(p) >= maxLinkPosting {
				continue
			}
			for _, j := range p {
				nbr[i][j] = true
				nbr[j][i] = true
			}
			post[k] = append(p, i)
		}
	}
	ver := make([]int, n)
	h := &linkHeap{}
	for i := range n {
		for j := range nbr[i] {
			if j < i {
				if s := linkage(gs[i], gs[j], cfg); s >= cfg.CoarseCut {
					heap.Push(h, linkPair{i, j, 0, 0, s})
				}
			}
		}
	}
	dead := make([]bool, n)
	for h.Len() > 0 {
		p := heap.Pop(h).(linkPair)
		if dead[p.a] || dead[p.b] || ver[p.a] != p.va || ver[p.b] != p.vb {
			continue
		}
		a, b := p.a, p.b
		for _, m := range gs[b].members {
			gs[a].add(m)
		}
		dead[b], gs[b] = true, nil
		ver[a]++
		for k := range nbr[b] {
			if k != a {
				nbr[a][k] = true
				delete(nbr[k], b)
				nbr[k][a] = true
			}
		}
		delete(nbr[a], b)
		nbr[b] = nil
		for k := range nbr[a] {
			if s := linkage(gs[a], gs[k], cfg); s >= cfg.CoarseCut {
				heap.Push(h, linkPair{min(a, k), max(a, k), ver[min(a, k)], ver[max(a, k)], s})
			}
		}
	}
	var out [][]Member
	for i, g := range gs {
		if !dead[i] {
			out = append(out, g.members)
		}
	}
	return out
}

// linkage is the average similarity of the articles of a to those of b:
// with unit vectors, the dot product of two sums is the sum of all pairwise
// dot products, so average linkage costs one sparse dot product per cluster
// pair instead of one per article pair. Terms and entities count as in
// Score, and the time factor applies to the gap between the date ranges.
func linkage(a, b *rgroup, cfg Config) float64 {
	t := dotMaps(a.sumT, b.sumT)
	e := dotMaps(a.sumE, b.sumE)
	s := ((1-cfg.EntityWeight)*t + cfg.EntityWeight*e) / float64(len(a.members)*len(b.members))
	switch {
	case a.first.IsZero() || b.first.IsZero():
	case b.first.After(a.last):
		s *= timeFactor(b.first, a.first, a.last, cfg)
	case a.first.After(b.last):
		s *= timeFactor(a.first, b.first, b.last, cfg)
	}
	return s
}

type linkPair struct {
	a, b   int
	va, vb int
	s      float64
}

// linkHeap is a max-heap of cluster pairs by linkage, ties by index so the
// result does not depend on map order.
type linkHeap []linkPair

func (h linkHeap) Len() int { return len(h) }
func (h linkHeap) Less(i, j int) bool {
	if h[i].s != h[j].s {
		return h[i].s > h[j].s
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}
func (h linkHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *linkHeap) Push(x any)   { *h = append(*h, x.(linkPair)) }
func (h *linkHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// localSplit splits one broad cluster into events. Every term and entity is
// re-weighted by how rare it is inside the cluster (a local IDF; see
// localVectors): what all members share (the topic: "Chargers", "DUI",
// "arrested") then counts for almost nothing, and what only some share
// (the player's name, the opponent, the score) decides. Three steps:
//
//  1. average linkage over the local vectors down to cfg.LocalCut;
//  2. each part is bisected while its halves are far apart locally (mean
//     similarity under cfg.SplitCut) and their leads differ (mean lead
//     similarity across under cfg.SplitRatio times within; see bisect);
//  3. parts whose leads are as alike across as within (cfg.RejoinRatio)
//     are joined again (see rejoin): the local cut over-splits stories
//     whose reports wander, and the leads say whether two parts report
//     the same news.
//
// Clusters with fewer than minSplit or more than cfg.MaxSplit members are
// left whole (the cost is cubic in the cluster's size). It returns nil when
// the cluster stays whole.
func localSplit(ms []Member, cfg Config) [][]Member {
	n := len(ms)
	if n < minSplit || (cfg.MaxSplit > 0 && n > cfg.MaxSplit) {
		return nil
	}
	var parts [][]Member
	for _, p := range localLink(ms, cfg.LocalCut) {
		parts = append(parts, bisect(p, cfg, 0)...)
	}
	if cfg.RejoinRatio > 0 {
		parts = rejoin(parts, cfg.RejoinRatio)
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// localSims is the matrix of cosines between the members' local vectors.
func localSims(ms []Member) [][]float64 {
	n := len(ms)
	vecs := localVectors(ms)
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s := dotMaps(vecs[i], vecs[j])
			sim[i][j], sim[j][i] = s, s
		}
	}
	return sim
}

// localLink is average linkage over the members' local vectors down to cut
// (cut <= 0: one part).
func localLink(ms []Member, cut float64) [][]Member {
	if cut <= 0 {
		return [][]Member{ms}
	}
	lab := averageLink(localSims(ms), cut, 1)
	by := map[int][]Member{}
	var order []int
	for i, l := range lab {
		if _, ok := by[l]; !ok {
			order = append(order, l)
		}
		by[l] = append(by[l], ms[i])
	}
	out := make([][]Member, 0, len(order))
	for _, l := range order {
		out = append(out, by[l])
	}
	return out
}

// bisect splits ms in two by average linkage over local vectors and keeps
// the halves apart when they are far apart locally (mean cross similarity
// under cfg.SplitCut) and their leads differ (leadsDiffer), then bisects
// each half again (the local weights change as the set narrows). A half of
// one article is an outlier: it is set aside while the rest is bisected,
// then joins the half it is closer to.
func bisect(ms []Member, cfg Config, depth int) [][]Member {
	n := len(ms)
	if n < minSplit || depth > 8 || cfg.SplitCut <= 0 {
		return [][]Member{ms}
	}
	sim := localSims(ms)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	var loose, a, b []int
	for len(idx) >= minSplit {
		sub := make([][]float64, len(idx))
		for i, x := range idx {
			sub[i] = make([]float64, len(idx))
			for j, y := range idx {
				sub[i][j] = sim[x][y]
			}
		}
		lab := averageLink(sub, math.Inf(-1), 2)
		a, b = nil, nil
		for i, l := range lab {
			if l == lab[0] {
				a = append(a, idx[i])
			} else {
				b = append(b, idx[i])
			}
		}
		if len(b) < len(a) {
			a, b = b, a // a is the smaller half
		}
		if len(a) >= 2 {
			break
		}
		loose = append(loose, a...)
		idx, a, b = b, nil, nil
	}
	if len(a) < 2 || meanSim(sim, a, b) >= cfg.SplitCut || !leadsDiffer(ms, a, b, cfg.SplitRatio) {
		return [][]Member{ms}
	}
	for _, x := range loose {
		if meanSim(sim, []int{x}, a) >= meanSim(sim, []int{x}, b) {
			a = append(a, x)
		} else {
			b = append(b, x)
		}
	}
	var out [][]Member
	for _, half := range [][]int{a, b} {
		hm := make([]Member, len(half))
		for i, x := range half {
			hm[i] = ms[x]
		}
		out = append(out, bisect(hm, cfg, depth+1)...)
	}
	return out
}

// leadSum sums the lead similarities of the pairs of distinct articles
// across p and q, and counts them.
func leadSum(p, q []Member) (float64, int) {
	s, k := 0.0, 0
	for _, x := range p {
		for _, y := range q {
			if x.ID != y.ID {
				s += dotMaps(x.Features.Lead, y.Features.Lead)
				k++
			}
		}
	}
	return s, k
}

// leadsDiffer reports whether the leads of halves a and b of ms are less
// alike across the halves than within them: mean lead similarity across
// under ratio times the mean within (ratio <= 0: always). Two reports of
// one event open with the same news even when their bodies wander; two
// events of one kind open differently even when their bodies share a topic.
func leadsDiffer(ms []Member, a, b []int, ratio float64) bool {
	if ratio <= 0 {
		return true
	}
	pick := func(ix []int) []Member {
		out := make([]Member, len(ix))
		for i, x := range ix {
			out[i] = ms[x]
		}
		return out
	}
	pa, pb := pick(a), pick(b)
	cs, ck := leadSum(pa, pb)
	as, ak := leadSum(pa, pa)
	bs, bk := leadSum(pb, pb)
	if ck == 0 || ak+bk == 0 {
		return false
	}
	inner := (as + bs) / float64(ak+bk)
	return cs/float64(ck) < ratio*inner
}

// rejoin merges parts of one split cluster back while their leads are as
// alike across as within (mean lead similarity across at least ratio times
// the mean within both parts; for two single articles, the mean over the
// whole cluster), most alike first.
func rejoin(parts [][]Member, ratio float64) [][]Member {
	var all []Member
	for _, p := range parts {
		all = append(all, p...)
	}
	ts, tk := leadSum(all, all)
	overall := 0.0
	if tk > 0 {
		overall = ts / float64(tk)
	}
	for len(parts) > 1 {
		bi, bj, best := -1, -1, 0.0
		for i := range parts {
			for j := i + 1; j < len(parts); j++ {
				cs, ck := leadSum(parts[i], parts[j])
				as, ak := leadSum(parts[i], parts[i])
				bs, bk := leadSum(parts[j], parts[j])
				inner := overall
				if ak+bk > 0 {
					inner = (as + bs) / float64(ak+bk)
				}
				if inner <= 0 || ck == 0 {
					continue
				}
				if r := cs / float64(ck) / inner; r >= ratio && (bi < 0 || r > best) {
					bi, bj, best = i, j, r
				}
			}
		}
		if bi < 0 {
			break
		}
		parts[bi] = append(parts[bi], parts[bj]...)
		parts = append(parts[:bj], parts[bj+1:]...)
	}
	return parts
}

// meanSim is the mean similarity between items of a and of b (distinct
// pairs only when a and b are the same set).
func meanSim(sim [][]float64, a, b []int) float64 {
	s, k := 0.0, 0
	for _, x := range a {
		for _, y := range b {
			if x != y {
				s += sim[x][y]
				k++
			}
		}
	}
	if k == 0 {
		return 0
	}
	return s / float64(k)
}

// averageLink is agglomerative clustering with average linkage over a
// similarity matrix: it merges the two clusters of highest mean pairwise
// similarity while that mean is at least cut and more than k clusters are
// left, and returns a label per item. Cubic in n; localSplit bounds n.
func averageLink(sim [][]float64, cut float64, k int) []int {
	n := len(sim)
	size := make([]int, n)
	alive := make([]bool, n)
	sum := make([][]float64, n) // summed similarity between clusters
	for i := range sum {
		sum[i] = append([]float64(nil), sim[i]...)
		size[i], alive[i] = 1, true
	}
	label := make([]int, n)
	for i := range label {
		label[i] = i
	}
	for left := n; left > k; left-- {
		bi, bj, bs := -1, -1, 0.0
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if !alive[j] {
					continue
				}
				if a := sum[i][j] / float64(size[i]*size[j]); bi < 0 || a > bs {
					bi, bj, bs = i, j, a
				}
			}
		}
		if bi < 0 || bs < cut {
			break
		}
		alive[bj] = false
		size[bi] += size[bj]
		for x := 0; x < n; x++ {
			sum[bi][x] += sum[bj][x]
			sum[x][bi] = sum[bi][x]
		}
		for x := range label {
			if label[x] == bj {
				label[x] = bi
			}
		}
	}
	return label
}

// localVectors returns each member's terms and entities (keys prefixed to
// keep them apart) weighted by w·log((n+1)/(df+0.5)), df counted among the
// members, L2-normalised. Keys only one member has are dropped: they cannot
// bring two members together.
func localVectors(ms []Member) []map[string]float64 {
	n := float64(len(ms))
	df := map[string]float64{}
	for _, m := range ms {
		for k := range m.Features.Terms {
			df[termPrefix+k]++
		}
		for k := range m.Features.Entities {
			df[entityPrefix+k]++
		}
	}
	out := make([]map[string]float64, len(ms))
	for i, m := range ms {
		v := make(map[string]float64, len(m.Features.Terms)+len(m.Features.Entities))
		ss := 0.0
		put := func(prefix string, f map[string]float64) {
			for k, w := range f {
				d := df[prefix+k]
				if d < 2 {
					continue
				}
				x := w * math.Log((n+1)/(d+0.5))
				v[prefix+k] = x
				ss += x * x
			}
		}
		put(termPrefix, m.Features.Terms)
		put(entityPrefix, m.Features.Entities)
		if ss > 0 {
			nrm := math.Sqrt(ss)
			for k := range v {
				v[k] /= nrm
			}
		}
		out[i] = v
	}
	return out
}

func dotMaps(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	s := 0.0
	for k, w := range a {
		s += w * b[k]
	}
	return s
}

// assignIDs names new clusters after the input stories they overlap most:
// the pair (cluster, story) sharing the most articles first, each id and
// cluster used once, so an unchanged story keeps its id and a merged one
// the id of its largest piece. Clusters left over get "" (new stories).
// Output: clusters holding an input id in input order, then new ones.
func assignIDs(groups []Group, parts [][]Member, origin map[string]int) []Group {
	type ov struct{ part, group, n int }
	var ovs []ov
	for pi, p := range parts {
		c := map[int]int{}
		for _, m := range p {
			c[origin[m.ID]]++
		}
		for gi, k := range c {
			ovs = append(ovs, ov{pi, gi, k})
		}
	}
	slices.SortFunc(ovs, func(a, b ov) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		if a.group != b.group {
			return cmp.Compare(a.group, b.group)
		}
		return cmp.Compare(a.part, b.part)
	})
	partOf := make([]int, len(groups))
	for i := range partOf {
		partOf[i] = -1
	}
	named := make([]bool, len(parts))
	for _, o := range ovs {
		if named[o.part] || partOf[o.group] >= 0 || groups[o.group].ID == "" {
			continue
		}
		named[o.part] = true
		partOf[o.group] = o.part
	}
	out := make([]Group, 0, len(parts))
	for gi, pi := range partOf {
		if pi >= 0 {
			out = append(out, Group{ID: groups[gi].ID, Members: parts[pi]})
		}
	}
	for pi, p := range parts {
		if !named[pi] {
			out = append(out, Group{Members: p})
		}
	}
	return out
}
