package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Tx is a write transaction holding the placement lock; it implements news.Tx.
//
// Every write is one statement whatever the number of rows (arrays through
// unnest), because the placement lock is held for the whole transaction and
// each round trip to the server lengthens the time other workers wait.
type Tx struct {
	reader
	tx  pgx.Tx
	now news.Clock
}

var _ news.Tx = (*Tx)(nil)

// PutArticle inserts or replaces an article (the full-text vector is a
// generated column, so it follows by itself).
func (t *Tx) PutArticle(ctx context.Context, a *news.Article) error {
	if a.ID == "" {
		return news.Errorf(news.EInvalid, "article without id")
	}
	// PostgreSQL text holds neither NUL nor invalid UTF-8; refuse them
	// plainly instead of failing with a driver error.
	for _, s := range []string{a.ID, a.Title, a.Text} {
		if strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) {
			return news.Errorf(news.EInvalid, "article %s: text holds NUL or invalid UTF-8", a.ID)
		}
	}
	cp := *a
	cp.Text, cp.StoryID = "", ""
	data, err := json.Marshal(&cp)
	if err != nil {
		return fmt.Errorf("postgres: encode article %s: %w", a.ID, err)
	}
	hash := a.Hash
	if hash == "" {
		hash = news.TextHash(a.Text)
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO articles (id, hash, title, text, published, data) VALUES ($1, $2, $3, $4, $5, $6::text::json)
		ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, title = excluded.title, text = excluded.text,
			published = excluded.published, data = excluded.data`,
		a.ID, hash, a.Title, a.Text, nullTime(a.Published), string(data)); err != nil {
		return fmt.Errorf("postgres: put article %s: %w", a.ID, err)
	}
	return nil
}

// PutStory inserts or replaces a story and its membership, bumping its version.
func (t *Tx) PutStory(ctx context.Context, s *news.Story) error {
	if s.ID == "" {
		return news.Errorf(news.EInvalid, "story without id")
	}
	now := t.now().UTC()
	if s.Created.IsZero() {
		s.Created = now
	}
	s.Updated = now
	cp := *s
	cp.ArticleIDs, cp.Profile, cp.Version = nil, nil, 0
	data, err := json.Marshal(&cp)
	if err != nil {
		return fmt.Errorf("postgres: encode story %s: %w", s.ID, err)
	}
	var profile []byte
	if s.Profile != nil {
		profile = []byte(s.Profile)
	}
	ids := s.ArticleIDs
	if ids == nil {
		ids = []string{}
	}
	members, pos := positions(ids)
	// One statement, one round trip: the story row (its version bumped by
	// the database), then membership: rows that left are deleted, rows that
	// joined or moved are upserted. The two touch disjoint rows, so running
	// them in one snapshot is safe; the foreign key to a new story is
	// checked at the end of the statement, after its insert.
	err = t.tx.QueryRow(ctx, `WITH st AS (
			INSERT INTO stories (id, data, profile, version, updated) VALUES ($1, $2::text::json, $3, 1, $4)
			ON CONFLICT (id) DO UPDATE SET data = excluded.data, profile = excluded.profile,
				version = stories.version + 1, updated = excluded.updated
			RETURNING version),
		gone AS (DELETE FROM story_articles WHERE story_id = $1 AND NOT (article_id = ANY($5::text[]))),
		joined AS (INSERT INTO story_articles (article_id, story_id, pos)
			SELECT m.id, $1, m.pos FROM unnest($5::text[], $6::integer[]) AS m(id, pos)
			ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, pos = excluded.pos
			WHERE story_articles.story_id IS DISTINCT FROM excluded.story_id OR story_articles.pos IS DISTINCT FROM excluded.pos)
		SELECT version FROM st`,
		s.ID, string(data), profile, s.Updated, members, pos).Scan(&s.Version)
	if err != nil {
		return fmt.Errorf("postgres: put story %s: %w", s.ID, err)
	}
	return nil
}

// DeleteStory removes a story, its relations and its index keys.
func (t *Tx) DeleteStory(ctx context.Context, id string) error {
	for _, q := range []string{
		`DELETE FROM relations WHERE story_id = $1`,
		`DELETE FROM story_articles WHERE story_id = $1`,
		`DELETE FROM index_keys WHERE space = '` + news.SpaceStory + `' AND owner = $1`,
		`DELETE FROM stories WHERE id = $1`,
	} {
		if _, err := t.tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("postgres: delete story %s: %w", id, err)
		}
	}
	return nil
}

// SetRelations replaces the relations of a story: positions past the new
// count are deleted and the rest upserted, in one statement.
func (t *Tx) SetRelations(ctx context.Context, storyID string, rels []news.Relation) error {
	data := make([]string, len(rels))
	for i := range rels {
		rels[i].StoryID = storyID
		b, err := json.Marshal(&rels[i])
		if err != nil {
			return fmt.Errorf("postgres: encode relation of %s: %w", storyID, err)
		}
		data[i] = string(b)
	}
	if _, err := t.tx.Exec(ctx, `WITH gone AS (DELETE FROM relations WHERE story_id = $1 AND pos >= cardinality($2::text[]))
		INSERT INTO relations (story_id, pos, data)
		SELECT $1, r.ord - 1, r.data::json FROM unnest($2::text[]) WITH ORDINALITY AS r(data, ord)
		ON CONFLICT (story_id, pos) DO UPDATE SET data = excluded.data`, storyID, data); err != nil {
		return fmt.Errorf("postgres: set relations of %s: %w", storyID, err)
	}
	return nil
}

// PutKeys replaces owner's keys in a key space in one statement, touching
// only the keys that changed (a story's keys mostly stay the same as
// articles join it).
func (t *Tx) PutKeys(ctx context.Context, space, owner string, keys []string) error {
	if keys == nil {
		keys = []string{}
	}
	if _, err := t.tx.Exec(ctx, `WITH gone AS (DELETE FROM index_keys WHERE space = $1 AND owner = $2 AND NOT (key = ANY($3::text[])))
		INSERT INTO index_keys (space, key, owner) SELECT $1, k, $2 FROM unnest($3::text[]) AS k
		ON CONFLICT DO NOTHING`, space, owner, keys); err != nil {
		return fmt.Errorf("postgres: put keys of %s: %w", owner, err)
	}
	return nil
}

// PutAnalysis stores one stage's analysis of an article.
func (t *Tx) PutAnalysis(ctx context.Context, stage, articleID string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO analyses (article_id, stage, data) VALUES ($1, $2, $3)
		ON CONFLICT (article_id, stage) DO UPDATE SET data = excluded.data`, articleID, stage, data); err != nil {
		return fmt.Errorf("postgres: put analysis %s of %s: %w", stage, articleID, err)
	}
	return nil
}

// PutSignature appends an article's near-duplicate signature to the log.
func (t *Tx) PutSignature(ctx context.Context, articleID string, sig []byte) error {
	if sig == nil {
		sig = []byte{}
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO signatures (article_id, sig) VALUES ($1, $2)`, articleID, sig); err != nil {
		return fmt.Errorf("postgres: put signature of %s: %w", articleID, err)
	}
	return nil
}

// NextID returns prefix followed by the next number of its counter, zero-padded.
func (t *Tx) NextID(ctx context.Context, prefix string) (string, error) {
	var n int64
	err := t.tx.QueryRow(ctx, `INSERT INTO counters (prefix, n) VALUES ($1, 1)
		ON CONFLICT (prefix) DO UPDATE SET n = counters.n + 1 RETURNING n`, prefix).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("postgres: next id %s: %w", prefix, err)
	}
	return fmt.Sprintf("%s%06d", prefix, n), nil
}

// PutMeta stores a named blob.
func (t *Tx) PutMeta(ctx context.Context, key string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO meta (key, data) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET data = excluded.data`, key, data); err != nil {
		return fmt.Errorf("postgres: put meta %s: %w", key, err)
	}
	return nil
}

// nullTime maps the zero time to NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// positions returns ids without repeats, each with its index in ids; a
// repeated id keeps its last index, as the SQLite store's row-by-row upsert
// does (one INSERT cannot touch a row twice).
func positions(ids []string) ([]string, []int32) {
	last := make(map[string]int, len(ids))
	for i, id := range ids {
		last[id] = i
	}
	out := make([]string, 0, len(last))
	pos := make([]int32, 0, len(last))
	for i, id := range ids {
		if last[id] == i {
			out = append(out, id)
			pos = append(pos, int32(i))
		}
	}
	return out, pos
}
