package news

import (
	"context"
	"time"
)

// Store keeps articles, stories, provenance and per-article analyses.
//
// Reads happen outside or inside a transaction; every write happens inside
// Update, which runs one unit of work (one article and everything it causes)
// atomically. Implementations serialise Update calls that place articles into
// stories (SQLite: one writer; PostgreSQL: an advisory lock), so two writers
// never create two stories for one event.
type Store interface {
	Reader
	// Update runs fn in one transaction. If fn returns an error nothing is written.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// Close releases the store.
	Close() error
}

// Reader holds the read side of a store.
type Reader interface {
	// Article returns one article, or an ENotFound error.
	Article(ctx context.Context, id string) (*Article, error)
	// Articles lists articles matching f, in ingest order.
	Articles(ctx context.Context, f ArticleFilter) ([]*Article, error)
	// ArticleByHash returns the first article with this text hash, or an ENotFound error.
	ArticleByHash(ctx context.Context, hash string) (*Article, error)
	// CountArticles counts stored articles.
	CountArticles(ctx context.Context) (int, error)

	// Story returns one story, or an ENotFound error.
	Story(ctx context.Context, id string) (*Story, error)
	// Stories lists stories matching f, most recently updated first.
	Stories(ctx context.Context, f StoryFilter) ([]*Story, error)
	// Relations lists the provenance relations of a story.
	Relations(ctx context.Context, storyID string) ([]Relation, error)

	// Lookup returns the owners indexed under any of keys in the given key
	// space, with how many keys each matched, best first, at most limit.
	// It is an indexed query, never a scan.
	Lookup(ctx context.Context, space string, keys []string, limit int) ([]KeyHit, error)
	// Analyses returns the stored analysis blobs of one stage for articles,
	// keyed by article id; articles without one are absent.
	Analyses(ctx context.Context, stage string, articleIDs []string) (map[string][]byte, error)

	// Signatures returns the near-duplicate signatures logged after seq
	// (see Tx.PutSignature), oldest first, at most limit.
	Signatures(ctx context.Context, after int64, limit int) ([]Signature, error)
	// LastSignature returns the seq of the newest logged signature, 0 when
	// there is none.
	LastSignature(ctx context.Context) (int64, error)

	// Search finds articles by full text, best first.
	Search(ctx context.Context, query string, limit int) ([]SearchHit, error)
	// Check verifies integrity and returns the problems found.
	Check(ctx context.Context) ([]string, error)
	// Meta returns a stored named blob (such as the clusterer's term
	// statistics), or nil when there is none.
	Meta(ctx context.Context, key string) ([]byte, error)
}

// Tx is a write transaction.
type Tx interface {
	Reader
	// PutArticle inserts or replaces an article (matched by ID).
	PutArticle(ctx context.Context, a *Article) error
	// PutStory inserts or replaces a story (matched by ID), bumping Version.
	PutStory(ctx context.Context, s *Story) error
	// DeleteStory removes a story (after a merge); its articles must have moved.
	DeleteStory(ctx context.Context, id string) error
	// SetRelations replaces the relations of a story.
	SetRelations(ctx context.Context, storyID string, rels []Relation) error
	// PutKeys indexes owner under keys in a key space, replacing its previous keys there.
	PutKeys(ctx context.Context, space, owner string, keys []string) error
	// PutAnalysis stores one stage's analysis blob for an article.
	PutAnalysis(ctx context.Context, stage, articleID string, data []byte) error
	// PutSignature appends an article's near-duplicate signature to the
	// signature log. Transactions that append are serialised (as Update
	// is), so seqs grow in commit order and a reader that has applied every
	// entry up to seq n only ever needs those after n.
	PutSignature(ctx context.Context, articleID string, sig []byte) error
	// PutMeta stores a named blob, replacing any previous one.
	PutMeta(ctx context.Context, key string, data []byte) error
	// NextID returns a new unique id with the given prefix ("s" gives "s000001").
	NextID(ctx context.Context, prefix string) (string, error)
}

// SpaceStory is the key space of stories for Lookup and PutKeys (owner: a
// story id; keys: its top terms and entities).
const SpaceStory = "story"

// Signature is one entry of the near-duplicate signature log: an article's
// LSH band keys (as package dedup encodes them), in the order they were
// written.
type Signature struct {
	Seq       int64
	ArticleID string
	Sig       []byte
}

// KeyHit is one owner found by Lookup.
type KeyHit struct {
	Owner string
	Hits  int
}

// ArticleFilter selects articles. Zero fields select everything.
type ArticleFilter struct {
	IDs     []string
	StoryID string
	Limit   int
	Offset  int
}

// StoryFilter selects stories. Zero fields select everything.
type StoryFilter struct {
	IDs    []string
	Query  string // full-text match on the story's articles
	Limit  int
	Offset int
}

// SearchHit is one full-text search result.
type SearchHit struct {
	ArticleID string  `json:"article_id"`
	StoryID   string  `json:"story_id,omitempty"`
	Title     string  `json:"title"`
	Snippet   string  `json:"snippet"`
	Score     float64 `json:"score"`
}

// Clock is injected wherever time is read, so tests control it.
type Clock func() time.Time
