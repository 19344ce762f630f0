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
	order := publicationOrder(docs)
	rank := make([]int, len(docs))
	for r, d := range order {
		rank[d] = r
	}
	st := analyse(docs, nil)
	byDoc := make([][]int, len(docs))
	for u, un := range st.units {
		byDoc[un.doc] = append(byDoc[un.doc], u)
	}
	seenGroup := map[string]bool{}
	out := make([]Novelty, 0, len(docs))
	for _, d := range order {
		nv := Novelty{Article: docs[d].ID, Adds: []string{}}
		for _, u := range byDoc[d] {
			un := st.units[u]
			if un.pos < 0 {
				continue // the headline restates the body
			}
			if !st.statedBefore(u, rank) {
				nv.Adds = append(nv.Adds, un.orig)
			}
		}
		var fresh []string
		for _, g := range docs[d].Groups {
			if g != "" && !seenGroup[g] {
				seenGroup[g] = true
				fresh = append(fresh, g)
			}
		}
		nv.Claims = fresh
		out = append(out, nv)
	}
	return out
}

// statedBefore reports whether an article ranked before unit u's article
// has a sentence aligned with u. The candidates come from the inverted
// index; align judges only the two closest that are not clear copies.
func (st *story) statedBefore(u int, rank []int) bool {
	mine := rank[st.units[u].doc]
	type cand struct {
		v   int
		cos float64
	}
	var best [2]cand
	found := false
	st.similar(st.vecs[u], candidateCosine, func(v int, cos float64) {
		if found || rank[st.units[v].doc] >= mine {
			return
		}
		if cos >= copyCosine {
			found = true
			return
		}
		switch {
		case cos > best[0].cos:
			best[1], best[0] = best[0], cand{v, cos}
		case cos > best[1].cos:
			best[1] = cand{v, cos}
		}
	})
	if found {
		return true
	}
	for _, c := range best {
		if c.cos > 0 && align.Similarity(st.units[u].text, st.units[c.v].orig) >= align.AlignThreshold {
			return true
		}
	}
	return false
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
