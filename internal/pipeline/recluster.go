package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
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
		if _, err := p.bumpGeneration(ctx, tx, nil); err != nil {
			return err
		}
		stories, err := tx.Stories(ctx, news.StoryFilter{})
		if err != nil {
			return err
		}
		slices.SortFunc(stories, func(a, b *news.Story) int { return news.CompareIDs(a.ID, b.ID) })
		before := map[string]string{} // article -> story
		groups := make([]cluster.Group, 0, len(stories))
		copies := map[string][]string{} // original -> exact copies, which follow it
		for _, s := range stories {
			arts, err := tx.Articles(ctx, news.ArticleFilter{IDs: s.ArticleIDs})
			if err != nil {
				return err
			}
			docs, err := tx.Analyses(ctx, stageDoc, s.ArticleIDs)
			if err != nil {
				return err
			}
			g := cluster.Group{ID: s.ID}
			for _, a := range arts {
				before[a.ID] = s.ID
				if a.DuplicateOf != "" {
					copies[a.DuplicateOf] = append(copies[a.DuplicateOf], a.ID)
					continue
				}
				var d Doc
				if err := json.Unmarshal(docs[a.ID], &d); err != nil {
					return fmt.Errorf("analysis of %s: %w", a.ID, err)
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
					return err
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
				return err
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
				return err
			}
		}
		for _, s := range stories {
			if !kept[s.ID] {
				if err := tx.DeleteStory(ctx, s.ID); err != nil {
					return err
				}
				res.Removed++
			}
		}
		res.Stories = len(out)
		return nil
	})
	return res, err
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
		var d Doc
		if err := json.Unmarshal(docs[m.ID], &d); err != nil {
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
