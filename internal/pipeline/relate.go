package pipeline

import (
	"context"
	"fmt"
	"sort"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/provenance"
)

// relateLimit bounds how many earlier members a new article is aligned with:
// the most recent ones, where copies and rewrites are found. It keeps the
// cost of one placement flat however large a story grows.
const relateLimit = 40

// relate computes the story's provenance relations and sets its lineages;
// the caller writes both (after the story row exists). With added
// set, only the pairs of that new article are computed and merged into the
// stored relations; with added empty, the whole story is analysed afresh.
func (p *Pipeline) relate(ctx context.Context, tx news.Tx, s *news.Story, members []*news.Article, added string) ([]news.Relation, error) {
	byID := make(map[string]*news.Article, len(members))
	ids := make([]string, 0, len(members))
	for _, m := range members {
		byID[m.ID] = m
		ids = append(ids, m.ID)
	}
	var rels []news.Relation
	if added == "" {
		docs, err := p.provDocs(ctx, tx, members)
		if err != nil {
			return nil, err
		}
		rels = provenance.Analyze(docs).Relations
	} else {
		old, err := tx.Relations(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range old {
			if r.From != added && r.To != added && byID[r.To] != nil && (byID[r.From] != nil || isExternal(r.From)) {
				rels = append(rels, r)
			}
		}
		a := byID[added]
		others := make([]*news.Article, 0, len(members))
		for _, m := range members {
			if m.ID != added {
				others = append(others, m)
			}
		}
		// The most recently ingested members first: they are the likeliest sources and copies.
		if len(others) > relateLimit {
			others = others[len(others)-relateLimit:]
		}
		docs, err := p.provDocs(ctx, tx, append([]*news.Article{a}, others...))
		if err != nil {
			return nil, err
		}
		pa := provenance.Prepare(docs[0])
		rels = append(rels, provenance.Cites(docs[0])...)
		for _, d := range docs[1:] {
			rels = append(rels, provenance.PairPrepared(pa, provenance.Prepare(d))...)
		}
	}
	sort.SliceStable(rels, func(i, j int) bool {
		if rels[i].To != rels[j].To {
			return rels[i].To < rels[j].To
		}
		return rels[i].From < rels[j].From
	})
	s.Lineages = provenance.Lineages(ids, rels)
	return rels, nil
}

func isExternal(id string) bool { return len(id) > 9 && id[:9] == "external:" }

// provDocs builds provenance documents from members and their stored sentence spans.
func (p *Pipeline) provDocs(ctx context.Context, tx news.Tx, arts []*news.Article) ([]provenance.Doc, error) {
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	blobs, err := tx.Analyses(ctx, stageDoc, ids)
	if err != nil {
		return nil, err
	}
	docs := make([]provenance.Doc, len(arts))
	for i, a := range arts {
		body := a.Body()
		d := provenance.Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, CitedOutlets: a.CitedOutlets, Text: body, Hash: a.Hash}
		if b, ok := blobs[a.ID]; ok {
			ad, err := DecodeDoc(b)
			if err != nil {
				return nil, fmt.Errorf("article %s: %w", a.ID, err)
			}
			for _, sp := range ad.Sentences {
				if sp.Start >= 0 && sp.End <= len(body) && sp.Start < sp.End {
					d.Sentences = append(d.Sentences, body[sp.Start:sp.End])
					d.Spans = append(d.Spans, sp)
				}
			}
		}
		docs[i] = d
	}
	return docs, nil
}
