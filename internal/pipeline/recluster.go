package pipeline

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/news"
)

// ReclusterResult counts what a re-clustering pass changed.
type ReclusterResult struct {
	Stories int `json:"stories"` // stories after the pass
	Created int `json:"created"` // new stories (split off)
	Removed int `json:"removed"` // stories merged into others
	Changed int `json:"changed"` // stories whose membership changed
	Moved   int `json:"moved"`   // articles that changed story
}

// Recluster merges and splits stories that early placements got wrong,
// keeping story ids stable where possible, in one transaction.
func (p *Pipeline) Recluster(ctx context.Context) (ReclusterResult, error) {
	var res ReclusterResult
	err := p.store.Update(ctx, func(tx news.Tx) error {
		if _, _, err := p.bumpGeneration(ctx, tx, nil); err != nil {
			return err
		}
		stories, err := tx.Stories(ctx, news.StoryFilter{})
		if err != nil {
			return err
		}
		res, err = p.recluster(ctx, tx, stories)
		return err
	})
	return res, err
}

// ReclusterAround runs the re-clustering pass over the given stories and
// their neighbours — the stories that share the most index keys with each, as
// placement would find them — instead of over the whole store, so that its
// cost follows the batch that changed those stories, not the store's size.
// Ingest runs it after each batch.
func (p *Pipeline) ReclusterAround(ctx context.Context, storyIDs []string) (ReclusterResult, error) {
	var res ReclusterResult
	if len(storyIDs) == 0 {
		return res, nil
	}
	err := p.store.Update(ctx, func(tx news.Tx) error {
		if _, _, err := p.bumpGeneration(ctx, tx, nil); err != nil {
			return err
		}
		ids := map[string]bool{}
		for chunk := range slices.Chunk(storyIDs, 500) {
			touched, err := tx.Stories(ctx, news.StoryFilter{IDs: chunk})
			if err != nil {
				return err
			}
			for _, s := range touched {
				ids[s.ID] = true
				prof, err := p.profile(s)
				if err != nil {
					return err
				}
				hits, err := tx.Lookup(ctx, news.SpaceStory, cluster.StoryKeys(prof), p.opt.Cluster.Candidates)
				if err != nil {
					return err
				}
				for _, h := range hits {
					ids[h.Owner] = true
				}
			}
		}
		var stories []*news.Story
		for chunk := range slices.Chunk(slices.Collect(maps.Keys(ids)), 500) {
			ss, err := tx.Stories(ctx, news.StoryFilter{IDs: chunk})
			if err != nil {
				return err
			}
			stories = append(stories, ss...)
		}
		var err error
		res, err = p.recluster(ctx, tx, stories)
		return err
	})
	return res, err
}

// recluster re-clusters the articles of stories and writes the stories that
// changed, in tx. Stories outside the set are not read or changed.
func (p *Pipeline) recluster(ctx context.Context, tx news.Tx, stories []*news.Story) (ReclusterResult, error) {
	var res ReclusterResult
	slices.SortFunc(stories, func(a, b *news.Story) int { return news.CompareIDs(a.ID, b.ID) })
	before := map[string]string{} // article -> story
	groups := make([]cluster.Group, 0, len(stories))
	copies := map[string][]string{} // original -> exact copies, which follow it
	for _, s := range stories {
		arts, err := tx.Articles(ctx, news.ArticleFilter{IDs: s.ArticleIDs})
		if err != nil {
			return res, err
		}
		docs, err := tx.Analyses(ctx, stageDoc, s.ArticleIDs)
		if err != nil {
			return res, err
		}
		g := cluster.Group{ID: s.ID}
		for _, a := range arts {
			before[a.ID] = s.ID
			if a.DuplicateOf != "" {
				copies[a.DuplicateOf] = append(copies[a.DuplicateOf], a.ID)
				continue
			}
			d, err := DecodeDoc(docs[a.ID])
			if err != nil {
				return res, fmt.Errorf("analysis of %s: %w", a.ID, err)
			}
			g.Members = append(g.Members, cluster.Member{ID: a.ID, Features: d.Features})
		}
		groups = append(groups, g)
	}
	out := cluster.Recluster(groups, p.opt.Cluster)
	kept := map[string]bool{}
	for _, g := range out {
		if g.ID == "" {
			id, err := tx.NextID(ctx, "s")
			if err != nil {
				return res, err
			}
			g.ID = id
			res.Created++
		}
		kept[g.ID] = true
		var ids []string
		changed := false
		for _, m := range g.Members {
			ids = append(ids, m.ID)
			ids = append(ids, copies[m.ID]...)
		}
		for _, id := range ids {
			if before[id] != g.ID {
				changed = true
				res.Moved++
			}
		}
		old, err := tx.Story(ctx, g.ID)
		if err != nil && news.ErrorCode(err) != news.ENotFound {
			return res, err
		}
		if old != nil && len(old.ArticleIDs) != len(ids) {
			changed = true
		}
		if !changed {
			continue
		}
		res.Changed++
		s := old
		if s == nil {
			s = &news.Story{ID: g.ID}
		}
		s.ArticleIDs = ids
		if err := p.rebuildStory(ctx, tx, s); err != nil {
			return res, err
		}
	}
	for _, s := range stories {
		if !kept[s.ID] {
			if err := tx.DeleteStory(ctx, s.ID); err != nil {
				return res, err
			}
			res.Removed++
		}
	}
	res.Stories = len(out)
	return res, nil
}

// rebuildStory recomputes a story's profile, keys, metadata and provenance
// from its members' stored analyses, and writes it.
func (p *Pipeline) rebuildStory(ctx context.Context, tx news.Tx, s *news.Story) error {
	members, err := tx.Articles(ctx, news.ArticleFilter{IDs: s.ArticleIDs})
	if err != nil {
		return err
	}
	docs, err := tx.Analyses(ctx, stageDoc, s.ArticleIDs)
	if err != nil {
		return err
	}
	prof := &cluster.Profile{}
	for _, m := range members {
		if m.DuplicateOf != "" {
			continue
		}
		d, err := DecodeDoc(docs[m.ID])
		if err != nil {
			return fmt.Errorf("analysis of %s: %w", m.ID, err)
		}
		prof.Add(d.Features)
	}
	blob, err := prof.Marshal()
	if err != nil {
		return fmt.Errorf("story %s profile: %w", s.ID, err)
	}
	s.Profile = blob
	summariseStory(s, members)
	rels, err := p.relateAll(ctx, tx, s, members)
	if err != nil {
		return err
	}
	if err := tx.PutStory(ctx, s); err != nil {
		return err
	}
	if err := tx.SetRelations(ctx, s.ID, rels); err != nil {
		return err
	}
	return tx.PutKeys(ctx, news.SpaceStory, s.ID, cluster.StoryKeys(prof))
}

// Settle ends a batch: it runs the re-clustering pass around the stories the
// batch placed articles in, rewrites each outcome's story to the one its
// article is in afterwards, and returns those stories (whose briefs are now
// stale).
func (p *Pipeline) Settle(ctx context.Context, outs []Outcome) (ReclusterResult, []string, error) {
	res, err := p.ReclusterAround(ctx, TouchedStories(outs))
	if err != nil {
		return res, nil, err
	}
	if res.Moved > 0 {
		at := make(map[string]int, len(outs))
		ids := make([]string, 0, len(outs))
		for i, o := range outs {
			at[o.ArticleID] = i
			ids = append(ids, o.ArticleID)
		}
		for chunk := range slices.Chunk(ids, 500) { // bounded: a store caps bound parameters
			arts, err := p.store.Articles(ctx, news.ArticleFilter{IDs: chunk})
			if err != nil {
				return res, nil, fmt.Errorf("reading the batch's stories: %w", err)
			}
			for _, a := range arts {
				outs[at[a.ID]].StoryID = a.StoryID
			}
		}
	}
	return res, TouchedStories(outs), nil
}

// TouchedStories lists the stories a batch placed articles in, once each.
func TouchedStories(outs []Outcome) []string {
	var ids []string
	seen := map[string]bool{}
	for _, o := range outs {
		if o.StoryID != "" && !o.Unchanged && !seen[o.StoryID] {
			seen[o.StoryID] = true
			ids = append(ids, o.StoryID)
		}
	}
	return ids
}
