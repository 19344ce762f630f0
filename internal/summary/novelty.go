package summary

import (
	"sort"

	"github.com/crosscheck/crosscheck/internal/align"
)

// Novelty is what one article adds to the articles published before it.
type Novelty struct {
	Article string `json:"article"`
	// Adds lists the article's sentences that no earlier article states
	// (no aligned sentence in any of them), in the article's order.
	Adds []string `json:"adds"`
	// Claims lists the claim groups (Doc.Groups) this article is the first
	// to report.
	Claims []string `json:"claims,omitempty"`
}

// WhatEachAdds returns, for each article in publication order (undated
// articles first; ties in input order), its sentences and claim groups not
// found in any earlier article. The first article adds everything it says.
func WhatEachAdds(docs []Doc) []Novelty {
	return Analyse(docs, nil).Novelty()
}

// Novelty is WhatEachAdds on an analysed story.
func (a *Analysis) Novelty() []Novelty {
	st := a.st
	docs := st.docs
	byDoc := make([][]int, len(docs))
	for u, un := range st.units {
		byDoc[un.doc] = append(byDoc[un.doc], u)
	}
	// Only earlier articles are indexed when an article is looked at.
	earlier := newIndex(len(st.stop))
	seenText := map[uint64]bool{} // content terms of every earlier sentence
	seenGroup := map[string]bool{}
	out := make([]Novelty, 0, len(docs))
	for _, d := range publicationOrder(docs) {
		nv := Novelty{Article: docs[d].ID, Adds: []string{}}
		for _, u := range byDoc[d] {
			un := st.units[u]
			if un.pos < 0 {
				continue // the headline restates the body
			}
			if !seenText[st.keys[u]] && !st.statedIn(earlier, u) {
				nv.Adds = append(nv.Adds, un.orig)
			}
		}
		for _, u := range byDoc[d] {
			earlier.add(u, st.vecs[u])
			seenText[st.keys[u]] = true
		}
		for _, g := range docs[d].Groups {
			if g != "" && !seenGroup[g] {
				seenGroup[g] = true
				nv.Claims = append(nv.Claims, g)
			}
		}
		out = append(out, nv)
	}
	return out
}

// vecKey identifies a sentence by its set of content terms (FNV-1a): copies
// and edits of punctuation or function words share it.
func vecKey(v vector) uint64 {
	h := uint64(14695981039346656037)
	for _, e := range v {
		x := uint64(e.id) + 1
		for x > 0 {
			h ^= x & 0xff
			h *= 1099511628211
			x >>= 8
		}
		h ^= 0xff // separator
		h *= 1099511628211
	}
	return h
}

// statedIn reports whether a unit indexed in ix has a sentence aligned with
// u. Candidates come from the index; align judges only the closest one that
// is not a clear copy.
func (st *story) statedIn(ix *index, u int) bool {
	best, bestCos := -1, 0.0
	found := false
	st.touched = ix.scores(st.vecs[u], st.vecs, st.acc, st.touched, candidateCosine, queryTerms, func(v int, cos float64) {
		if cos >= copyCosine {
			found = true
		}
		if cos > bestCos {
			best, bestCos = v, cos
		}
	})
	if found {
		return true
	}
	return best >= 0 && st.support(u, best, bestCos) >= align.AlignThreshold
}

// publicationOrder returns doc indices by publication date; undated docs
// and ties keep their input order.
func publicationOrder(docs []Doc) []int {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return docs[order[i]].Published.Before(docs[order[j]].Published)
	})
	return order
}
