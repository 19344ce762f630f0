package pipeline

import (
	"context"

	"github.com/crosscheck/crosscheck/internal/news"
)

// relate recomputes the story's provenance relations and lineages.
func (p *Pipeline) relate(ctx context.Context, tx news.Tx, s *news.Story, members []*news.Article) error {
	var rels []news.Relation
	lineage := map[string]int{}
	for _, m := range members {
		if m.DuplicateOf != "" {
			rels = append(rels, news.Relation{From: m.DuplicateOf, To: m.ID, Kind: news.KindDuplicate, Direction: direction(m.DuplicateOf, m.ID, members), Score: 1})
		}
	}
	_ = lineage
	s.Lineages = lineages(members, rels)
	return tx.SetRelations(ctx, s.ID, rels)
}

// direction is "forward" when from was published before to, else "unknown".
func direction(from, to string, members []*news.Article) string {
	var a, b *news.Article
	for _, m := range members {
		if m.ID == from {
			a = m
		}
		if m.ID == to {
			b = m
		}
	}
	if a == nil || b == nil || a.Published.IsZero() || b.Published.IsZero() || !a.Published.Before(b.Published) {
		return "unknown"
	}
	return "forward"
}

// lineages groups members connected by copy relations (union-find).
func lineages(members []*news.Article, rels []news.Relation) [][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if parent[x] == x {
			return x
		}
		parent[x] = find(parent[x])
		return parent[x]
	}
	for _, m := range members {
		parent[m.ID] = m.ID
	}
	for _, r := range rels {
		switch r.Kind {
		case news.KindDuplicate, news.KindNearDuplicate, news.KindDerived, news.KindSharedSource:
			if _, ok := parent[r.From]; !ok {
				continue
			}
			if _, ok := parent[r.To]; !ok {
				continue
			}
			parent[find(r.To)] = find(r.From)
		}
	}
	groups := map[string][]string{}
	var order []string
	for _, m := range members {
		root := find(m.ID)
		if _, ok := groups[root]; !ok {
			order = append(order, root)
		}
		groups[root] = append(groups[root], m.ID)
	}
	out := make([][]string, 0, len(order))
	for _, r := range order {
		out = append(out, groups[r])
	}
	return out
}
