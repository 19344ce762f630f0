// Package digest is the read side: it turns a story's stored articles and
// per-article analyses into the records the interfaces show — story and
// article records, and the brief (entities, claims, conflicts, stances,
// timeline, summary, provenance, novelty) built by the story-level stages.
package digest

import (
	"context"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// ArticleRecord is the public record of an article; field names are part of
// the CLI and API contract.
type ArticleRecord struct {
	ID           string                      `json:"id"`
	Title        string                      `json:"title"`
	Outlet       *string                     `json:"outlet"`
	CitedOutlets []string                    `json:"cited_outlets"`
	Published    *string                     `json:"published"`
	URL          *string                     `json:"url"`
	Language     *string                     `json:"language"`
	Text         string                      `json:"text,omitempty"`
	Byline       string                      `json:"byline,omitempty"`
	StoryID      string                      `json:"story_id,omitempty"`
	DuplicateOf  string                      `json:"duplicate_of,omitempty"`
	Source       string                      `json:"source,omitempty"`
	Boilerplate  []news.Span                 `json:"boilerplate,omitempty"`
	Fields       map[string]news.FieldSource `json:"fields,omitempty"`
}

// Article returns a's public record, with its text when withText.
func Article(a *news.Article, withText bool) ArticleRecord {
	j := ArticleRecord{ID: a.ID, Title: a.Title, Outlet: strPtr(a.Outlet), CitedOutlets: a.CitedOutlets, URL: strPtr(a.URL),
		Language: strPtr(a.Language), Byline: a.Byline, StoryID: a.StoryID, DuplicateOf: a.DuplicateOf, Source: a.Source,
		Fields: a.Fields, Published: timePtr(a.Published)}
	if j.CitedOutlets == nil {
		j.CitedOutlets = []string{}
	}
	if withText {
		j.Text = a.Text
		j.Boilerplate = a.Boilerplate
	}
	return j
}

// StoryArticle is one article in a story record.
type StoryArticle struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Outlet    *string `json:"outlet"`
	Published *string `json:"published"`
	URL       *string `json:"url,omitempty"`
}

// StoryRecord is the public record of a story in listings.
type StoryRecord struct {
	ID       string         `json:"id"`
	Title    string         `json:"title"`
	Articles []StoryArticle `json:"articles"`
	Outlets  []string       `json:"outlets"`
	First    *string        `json:"first"`
	Last     *string        `json:"last"`
	Size     int            `json:"size"`
}

// Story returns the record of s, reading its articles.
func Story(ctx context.Context, r news.Reader, s *news.Story) (StoryRecord, error) {
	arts, err := r.Articles(ctx, news.ArticleFilter{StoryID: s.ID})
	if err != nil {
		return StoryRecord{}, err
	}
	j := StoryRecord{ID: s.ID, Title: s.Title, Outlets: s.Outlets, First: timePtr(s.First), Last: timePtr(s.Last), Size: len(arts), Articles: []StoryArticle{}}
	if j.Outlets == nil {
		j.Outlets = []string{}
	}
	for _, a := range arts {
		j.Articles = append(j.Articles, StoryArticle{ID: a.ID, Title: a.Title, Outlet: strPtr(a.Outlet), Published: timePtr(a.Published), URL: strPtr(a.URL)})
	}
	return j, nil
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}
