package news

import (
	"encoding/json"
	"time"
)

// Story is a group of articles that report one developing event.
type Story struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	ArticleIDs []string  `json:"article_ids"`
	Outlets    []string  `json:"outlets"`
	First      time.Time `json:"first,omitzero"`
	Last       time.Time `json:"last,omitzero"`
	// Lineages groups ArticleIDs into independent source lineages: copies
	// and derivations of one source share a lineage, so corroboration counts
	// each lineage once.
	Lineages [][]string `json:"lineages,omitempty"`
	// Profile is the clusterer's opaque summary of the story (centroid,
	// entity counts, dates); only package cluster reads it.
	Profile json.RawMessage `json:"-"`
	Version int64           `json:"version"` // bumped on every change
	Created time.Time       `json:"created,omitzero"`
	Updated time.Time       `json:"updated,omitzero"`
}

// Relation kinds between two articles of a story.
const (
	KindDuplicate     = "duplicate"
	KindNearDuplicate = "near-duplicate"
	KindDerived       = "derived"
	KindSharedSource  = "shared-source"
	KindCites         = "cites"
)

// Relation is a provenance link. From is the earlier or cited side (an
// article id, or "external:<Outlet>" for a cited outlet), To the later side.
type Relation struct {
	StoryID   string    `json:"story_id,omitempty"`
	From      string    `json:"from"`
	To        string    `json:"to"`
	Kind      string    `json:"kind"`
	Direction string    `json:"direction"` // "forward" (From published first) or "unknown"
	Score     float64   `json:"score"`
	Evidence  string    `json:"evidence,omitempty"`
	Passages  []Passage `json:"passages,omitempty"`
}

// Passage is one pair of aligned sentences supporting a relation.
type Passage struct {
	FromText string  `json:"from_text"`
	ToText   string  `json:"to_text"`
	FromSpan Span    `json:"from_span"`
	ToSpan   Span    `json:"to_span"`
	Match    string  `json:"match"` // exact, near-exact, paraphrase, translation
	Score    float64 `json:"score"`
}
