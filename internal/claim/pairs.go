package claim

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/crosscheck/crosscheck/internal/align"
)

// The pairwise stages (similar pairs, pair conflicts, similarity groups)
// compare sentences across articles. A story of many reports repeats its
// sentences word for word (wire copy, rewrites, updates), so they work on
// numbered sentences and on distinct texts: whatever depends on the text
// alone (stem overlap, similarity, negations) is computed once per text or
// pair of texts, however often the texts meet.

// anchorRef is one anchor of a sentence: its id (ids follow the anchors'
// keys in order) and whether it is specific enough to link on its own.
type anchorRef struct {
	id       int32
	specific bool
}

// numbering is the story's sentences numbered once.
type numbering struct {
	all        []*sentence
	classes    [][]int32        // sentences of each distinct text, in order
	anchorFact []int32          // anchor id -> id of its fact (the key after its last "|")
	idRank     []int32          // sentence -> rank of its claim ID (then position)
	canonOf    map[string]int32 // claim ID -> its first sentence
	nArticles  int
}

// number numbers the story's sentences, their texts, articles and anchors.
// It runs after findProposal, the last stage that adds mentions.
func (st *story) number() *numbering {
	if st.num != nil {
		return st.num
	}
	nb := &numbering{}
	for _, ss := range st.sents {
		nb.all = append(nb.all, ss...)
	}
	classOf := map[string]int32{}
	artOf := map[string]int32{}
	canonOf := map[string]int32{}
	nb.canonOf = canonOf
	keyOf := map[string]int32{}
	var keys []string
	for i, s := range nb.all {
		s.idx = int32(i)
		c, ok := classOf[s.c.Text]
		if !ok {
			c = int32(len(nb.classes))
			classOf[s.c.Text] = c
			nb.classes = append(nb.classes, nil)
		}
		s.class = c
		nb.classes[c] = append(nb.classes[c], int32(i))
		a, ok := artOf[s.c.Article]
		if !ok {
			a = int32(len(artOf))
			artOf[s.c.Article] = a
		}
		s.art = a
		k, ok := canonOf[s.c.ID]
		if !ok {
			k = int32(i)
			canonOf[s.c.ID] = k
		}
		s.canon = k
		s.anch = s.anch[:0]
		for key, specific := range anchors(s) {
			id, ok := keyOf[key]
			if !ok {
				id = int32(len(keys))
				keyOf[key] = id
				keys = append(keys, key)
			}
			s.anch = append(s.anch, anchorRef{id, specific})
		}
	}
	nb.nArticles = len(artOf)
	// anchor ids in key order, so that iterating them by id is iterating
	// the keys in order
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(i, j int) bool { return keys[order[i]] < keys[order[j]] })
	rank := make([]int32, len(keys))
	for r, id := range order {
		rank[id] = int32(r)
	}
	factOf := map[string]int32{}
	nb.anchorFact = make([]int32, len(keys))
	for id, key := range keys {
		f := key[strings.LastIndex(key, "|"):]
		fid, ok := factOf[f]
		if !ok {
			fid = int32(len(factOf))
			factOf[f] = fid
		}
		nb.anchorFact[rank[id]] = fid
	}
	for _, s := range nb.all {
		for k := range s.anch {
			s.anch[k].id = rank[s.anch[k].id]
		}
		slices.SortFunc(s.anch, func(a, b anchorRef) int { return int(a.id - b.id) })
	}
	byID := make([]int32, len(nb.all))
	for i := range byID {
		byID[i] = int32(i)
	}
	sort.SliceStable(byID, func(i, j int) bool { return nb.all[byID[i]].c.ID < nb.all[byID[j]].c.ID })
	nb.idRank = make([]int32, len(nb.all))
	for r, i := range byID {
		nb.idRank[i] = int32(r)
	}
	st.num = nb
	return nb
}

// shareAnchor reports whether two sentences have an anchor in common.
func shareAnchor(a, b *sentence) bool {
	i, j := 0, 0
	for i < len(a.anch) && j < len(b.anch) {
		switch {
		case a.anch[i].id == b.anch[j].id:
			return true
		case a.anch[i].id < b.anch[j].id:
			i++
		default:
			j++
		}
	}
	return false
}

// hasFact reports whether any anchor of s states fact (an anchor fact id).
func (nb *numbering) hasFact(s *sentence, fact int32) bool {
	for _, a := range s.anch {
		if nb.anchorFact[a.id] == fact {
			return true
		}
	}
	return false
}

// pair is two similar sentences of different articles, by number (a < b).
type pair struct {
	a, b int32
	sim  float64
}

// similarPairs returns the cross-article sentence pairs worth comparing:
// those sharing at least two content stems, with their similarity, in the
// order of their sentences.
func (st *story) similarPairs() []pair {
	if st.pairs != nil {
		return st.pairs
	}
	nb := st.number()
	all := nb.all
	// the distinct content stems of each text, in order of first use; a
	// stem's rarity (IDF within the story) counts every sentence using it
	stemOf := map[string]int32{}
	var df []int
	var stamp []int32
	sets := make([][]int32, len(nb.classes))
	for c, members := range nb.classes {
		for _, t := range all[members[0]].stems {
			if t == "" {
				continue
			}
			id, ok := stemOf[t]
			if !ok {
				id = int32(len(df))
				stemOf[t] = id
				df = append(df, 0)
				stamp = append(stamp, -1)
			}
			if stamp[id] == int32(c) {
				continue
			}
			stamp[id] = int32(c)
			sets[c] = append(sets[c], id)
			df[id] += len(members)
		}
	}
	n := float64(len(all))
	idf := make([]float64, len(df))
	index := make([][]int32, len(df)) // stem -> texts using it
	for id, d := range df {
		idf[id] = math.Log(1 + n/float64(d))
	}
	for c, set := range sets {
		for _, t := range set {
			index[t] = append(index[t], int32(c))
		}
	}
	// the texts each text may pair with: candidate pairs share at least two
	// stems carrying enough rarity, so that large stories are not compared
	// sentence by sentence
	type partner struct {
		class    int32
		dice     bool // overlap enough to be rewrites; else only with a shared anchor
		sim      float64
		simKnown bool
	}
	partners := make([][]partner, len(nb.classes))
	mass := make([]float64, len(nb.classes))
	count := make([]int, len(nb.classes))
	var touched []int32
	for a, set := range sets {
		touched = touched[:0]
		for _, t := range set {
			w := idf[t]
			for _, b := range index[t] {
				if count[b] == 0 {
					touched = append(touched, b)
				}
				mass[b] += w
				count[b]++
			}
		}
		slices.Sort(touched)
		for _, b := range touched {
			if count[b] >= 2 && mass[b] >= minPairMass {
				dice := 2 * float64(count[b]) / float64(len(set)+len(sets[b]))
				partners[a] = append(partners[a], partner{class: b, dice: dice >= minDice})
			}
			mass[b], count[b] = 0, 0
		}
	}
	// Copies repeat sentences word for word, so the same two texts meet
	// many times: each distinct pair of texts is scored once, the first
	// time it is needed, in the order the pairs come.
	als := make([]*align.Sentence, len(nb.classes)) // each text prepared once
	aligned := func(s *sentence) align.Sentence {
		if als[s.class] == nil {
			a := s.aligned()
			als[s.class] = &a
		}
		return *als[s.class]
	}
	memo := map[uint64]float64{}
	similarity := func(a, b *sentence) float64 {
		x, y := uint64(a.class), uint64(b.class)
		if x > y {
			x, y = y, x
		}
		k := x<<32 | y
		if v, ok := memo[k]; ok {
			return v
		}
		v := align.SimilarityPrepared(aligned(a), aligned(b))
		memo[k] = v
		return v
	}
	// the sentences of each text's partner texts, in order, merged once
	// per text: every sentence of the text walks the same list
	type cand struct{ j, p int32 }
	merged := make([][]cand, len(nb.classes))
	// later partners of sentence i, by text
	later := func(i int, s *sentence) []cand {
		cands := merged[s.class]
		if cands == nil {
			cands = []cand{}
			for p, pt := range partners[s.class] {
				for _, j := range nb.classes[pt.class] {
					cands = append(cands, cand{j, int32(p)})
				}
			}
			slices.SortFunc(cands, func(x, y cand) int { return int(x.j - y.j) })
			merged[s.class] = cands
		}
		k := sort.Search(len(cands), func(k int) bool { return cands[k].j > int32(i) })
		return cands[k:]
	}
	// the full similarity is costly: only for pairs that overlap enough
	// to be rewrites, or share an anchor
	worth := func(s *sentence, cd cand) bool {
		o := all[cd.j]
		return o.art != s.art && (partners[s.class][cd.p].dice || shareAnchor(s, o))
	}
	npairs := 0 // counted first: the list is large, and growing it costs more than a second walk
	for i, s := range all {
		for _, cd := range later(i, s) {
			if worth(s, cd) {
				npairs++
			}
		}
	}
	st.pairs = make([]pair, 0, npairs)
	for i, s := range all {
		ps := partners[s.class]
		for _, cd := range later(i, s) {
			if !worth(s, cd) {
				continue
			}
			pt := &ps[cd.p]
			if !pt.simKnown {
				pt.sim, pt.simKnown = similarity(s, all[cd.j]), true
			}
			st.pairs = append(st.pairs, pair{int32(i), cd.j, pt.sim})
		}
	}
	return st.pairs
}
