package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Tx is a write transaction; it implements news.Tx.
type Tx struct {
	reader
	now news.Clock
}

var _ news.Tx = (*Tx)(nil)

// PutArticle inserts or replaces an article, keeping the full-text index in step.
func (t *Tx) PutArticle(ctx context.Context, a *news.Article) error {
	if a.ID == "" {
		return news.Errorf(news.EInvalid, "article without id")
	}
	cp := *a
	cp.Text, cp.StoryID = "", ""
	data, err := json.Marshal(&cp)
	if err != nil {
		return fmt.Errorf("sqlite: encode article %s: %w", a.ID, err)
	}
	hash := a.Hash
	if hash == "" {
		hash = news.TextHash(a.Text)
	}
	var seq int64
	var oldTitle, oldText string
	err = t.queryRow(ctx, `SELECT seq, title, text FROM articles WHERE id = ?`, a.ID).Scan(&seq, &oldTitle, &oldText)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := t.exec(ctx, `INSERT INTO articles (id, hash, title, text, published, data) VALUES (?, ?, ?, ?, ?, ?)`,
			a.ID, hash, a.Title, a.Text, formatTime(a.Published), string(data))
		if err != nil {
			return fmt.Errorf("sqlite: insert article %s: %w", a.ID, err)
		}
		if seq, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("sqlite: insert article %s: %w", a.ID, err)
		}
	case err != nil:
		return fmt.Errorf("sqlite: find article %s: %w", a.ID, err)
	default:
		// The old row must be in the index before it is taken out of it.
		if err := t.fts.flush(ctx, t.reader); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)`, seq, oldTitle, oldText); err != nil {
			return fmt.Errorf("sqlite: unindex article %s: %w", a.ID, err)
		}
		if _, err := t.exec(ctx, `UPDATE articles SET hash = ?, title = ?, text = ?, published = ?, data = ? WHERE seq = ?`,
			hash, a.Title, a.Text, formatTime(a.Published), string(data), seq); err != nil {
			return fmt.Errorf("sqlite: update article %s: %w", a.ID, err)
		}
	}
	t.fts.seqs = append(t.fts.seqs, seq)
	return nil
}

// ftsQueue holds the articles a transaction has yet to add to the
// full-text index. FTS5 writes its pending terms out as a new segment at
// every statement savepoint, and nearly every write statement opens one;
// indexing a group of articles in one statement just before the commit
// writes one segment for all of them (and gives the merges less to do).
type ftsQueue struct {
	seqs []int64
}

// flush indexes the queued articles, reading their current title and text.
// Reads of the index call it first, so a transaction sees its own writes.
func (q *ftsQueue) flush(ctx context.Context, r reader) error {
	if q == nil {
		return nil
	}
	for len(q.seqs) > 0 {
		n := min(len(q.seqs), keysPerStatement)
		args := make([]any, n)
		for i, seq := range q.seqs[:n] {
			args[i] = seq
		}
		if _, err := r.exec(ctx, `INSERT INTO articles_fts (rowid, title, text) SELECT seq, title, text FROM articles WHERE seq IN (`+placeholders(n)+`)`, args...); err != nil {
			return fmt.Errorf("sqlite: index articles: %w", err)
		}
		q.seqs = q.seqs[n:]
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
	var version int64
	err := t.queryRow(ctx, `SELECT version FROM stories WHERE id = ?`, s.ID).Scan(&version)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: find story %s: %w", s.ID, err)
	}
	s.Version = version + 1
	cp := *s
	cp.ArticleIDs, cp.Profile = nil, nil
	data, err := json.Marshal(&cp)
	if err != nil {
		return fmt.Errorf("sqlite: encode story %s: %w", s.ID, err)
	}
	if _, err := t.exec(ctx, `INSERT INTO stories (id, data, profile, version, updated) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET data = excluded.data, profile = excluded.profile, version = excluded.version, updated = excluded.updated`,
		s.ID, string(data), []byte(s.Profile), s.Version, formatTime(s.Updated)); err != nil {
		return fmt.Errorf("sqlite: put story %s: %w", s.ID, err)
	}
	// Membership changes by difference: a story that grows by one article
	// costs one insert, not a rewrite of every member.
	old, err := t.members(ctx, s.ID)
	if err != nil {
		return err
	}
	pos := make(map[string]int, len(s.ArticleIDs))
	for i, id := range s.ArticleIDs {
		pos[id] = i
	}
	for i, id := range old {
		if _, keep := pos[id]; !keep {
			if _, err := t.exec(ctx, `DELETE FROM story_articles WHERE article_id = ? AND story_id = ?`, id, s.ID); err != nil {
				return fmt.Errorf("sqlite: put story %s members: %w", s.ID, err)
			}
		} else if pos[id] == i {
			delete(pos, id) // unchanged
		}
	}
	for i, id := range s.ArticleIDs {
		if _, todo := pos[id]; !todo {
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO story_articles (article_id, story_id, pos) VALUES (?, ?, ?)
			ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, pos = excluded.pos`, id, s.ID, i); err != nil {
			return fmt.Errorf("sqlite: put story %s member %s: %w", s.ID, id, err)
		}
	}
	return nil
}

// DeleteStory removes a story, its relations and its index keys.
func (t *Tx) DeleteStory(ctx context.Context, id string) error {
	for _, q := range []string{
		`DELETE FROM relations WHERE story_id = ?`,
		`DELETE FROM story_articles WHERE story_id = ?`,
		`DELETE FROM index_keys WHERE space = '` + news.SpaceStory + `' AND owner = ?`,
		`DELETE FROM stories WHERE id = ?`,
	} {
		if _, err := t.exec(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: delete story %s: %w", id, err)
		}
	}
	return nil
}

// SetRelations replaces the relations of a story.
func (t *Tx) SetRelations(ctx context.Context, storyID string, rels []news.Relation) error {
	if _, err := t.exec(ctx, `DELETE FROM relations WHERE story_id = ?`, storyID); err != nil {
		return fmt.Errorf("sqlite: set relations of %s: %w", storyID, err)
	}
	for i := range rels {
		rels[i].StoryID = storyID
		data, err := json.Marshal(&rels[i])
		if err != nil {
			return fmt.Errorf("sqlite: encode relation of %s: %w", storyID, err)
		}
		if _, err := t.exec(ctx, `INSERT INTO relations (story_id, pos, data) VALUES (?, ?, ?)`, storyID, i, string(data)); err != nil {
			return fmt.Errorf("sqlite: set relations of %s: %w", storyID, err)
		}
	}
	return nil
}

// PutKeys replaces owner's keys in a key space. It writes the difference
// from the stored keys: a story's keys change by a few as it grows, and
// every row written is index pages the commit must write back.
func (t *Tx) PutKeys(ctx context.Context, space, owner string, keys []string) error {
	rows, err := t.query(ctx, `SELECT key FROM index_keys WHERE owner = ? AND space = ?`, owner, space)
	if err != nil {
		return fmt.Errorf("sqlite: put keys of %s: %w", owner, err)
	}
	old := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: put keys of %s: %w", owner, err)
		}
		old[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: put keys of %s: %w", owner, err)
	}
	want := make(map[string]bool, len(keys))
	var add []string
	for _, k := range keys {
		want[k] = true
		if !old[k] {
			old[k] = true // a key listed twice is inserted once
			add = append(add, k)
		}
	}
	var drop []string
	for k := range old {
		if !want[k] {
			drop = append(drop, k)
		}
	}
	// Many rows a statement: an article's 42 band keys are one insert.
	for len(add) > 0 {
		n := min(len(add), keysPerStatement)
		args := make([]any, 0, 3*n)
		for _, k := range add[:n] {
			args = append(args, space, k, owner)
		}
		q := `INSERT OR IGNORE INTO index_keys (space, key, owner) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("sqlite: put keys of %s: %w", owner, err)
		}
		add = add[n:]
	}
	for len(drop) > 0 {
		n := min(len(drop), keysPerStatement)
		args := []any{space, owner}
		for _, k := range drop[:n] {
			args = append(args, k)
		}
		q := `DELETE FROM index_keys WHERE space = ? AND owner = ? AND key IN (` + placeholders(n) + `)`
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("sqlite: put keys of %s: %w", owner, err)
		}
		drop = drop[n:]
	}
	return nil
}

// keysPerStatement bounds the rows of one PutKeys statement, well inside
// SQLite's limit on bound parameters.
const keysPerStatement = 64

// PutAnalysis stores one stage's analysis of an article.
func (t *Tx) PutAnalysis(ctx context.Context, stage, articleID string, data []byte) error {
	if _, err := t.exec(ctx, `INSERT INTO analyses (article_id, stage, data) VALUES (?, ?, ?)
		ON CONFLICT (article_id, stage) DO UPDATE SET data = excluded.data`, articleID, stage, data); err != nil {
		return fmt.Errorf("sqlite: put analysis %s of %s: %w", stage, articleID, err)
	}
	return nil
}

// PutSignature appends an article's near-duplicate signature to the log.
func (t *Tx) PutSignature(ctx context.Context, articleID string, sig []byte) error {
	if sig == nil {
		sig = []byte{}
	}
	if _, err := t.exec(ctx, `INSERT INTO signatures (article_id, sig) VALUES (?, ?)`, articleID, sig); err != nil {
		return fmt.Errorf("sqlite: put signature of %s: %w", articleID, err)
	}
	return nil
}

// NextID returns prefix followed by the next number of its counter, zero-padded.
func (t *Tx) NextID(ctx context.Context, prefix string) (string, error) {
	var n int64
	err := t.queryRow(ctx, `INSERT INTO counters (prefix, n) VALUES (?, 1)
		ON CONFLICT (prefix) DO UPDATE SET n = n + 1 RETURNING n`, prefix).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("sqlite: next id %s: %w", prefix, err)
	}
	return fmt.Sprintf("%s%06d", prefix, n), nil
}

// PutMeta stores a named blob.
func (t *Tx) PutMeta(ctx context.Context, key string, data []byte) error {
	if _, err := t.exec(ctx, `INSERT INTO meta (key, data) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET data = excluded.data`, key, data); err != nil {
		return fmt.Errorf("sqlite: put meta %s: %w", key, err)
	}
	return nil
}
