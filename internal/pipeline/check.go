package pipeline

import (
	"context"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Check verifies the store's integrity and crosscheck's own invariants:
// every article is in a story and has its analysis (nothing half-applied),
// and every exact copy points at a stored article.
func Check(ctx context.Context, s news.Store) ([]string, error) {
	problems, err := s.Check(ctx)
	if err != nil {
		return nil, err
	}
	const page = 2000
	for off := 0; ; off += page {
		arts, err := s.Articles(ctx, news.ArticleFilter{Limit: page, Offset: off})
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(arts))
		for i, a := range arts {
			ids[i] = a.ID
		}
		docs, err := s.Analyses(ctx, stageDoc, ids)
		if err != nil {
			return nil, err
		}
		for _, a := range arts {
			if a.StoryID == "" {
				problems = append(problems, "article is in no story: "+a.ID)
			}
			if blob, ok := docs[a.ID]; !ok {
				problems = append(problems, "article has no analysis: "+a.ID)
			} else if _, err := DecodeDoc(blob); err != nil {
				problems = append(problems, "article's analysis is unreadable: "+a.ID+": "+err.Error())
			}
			if a.DuplicateOf != "" {
				if _, err := s.Article(ctx, a.DuplicateOf); err != nil {
					problems = append(problems, "copy refers to a missing article: "+a.ID+" -> "+a.DuplicateOf)
				}
			}
		}
		if len(arts) < page {
			break
		}
	}
	return problems, nil
}
