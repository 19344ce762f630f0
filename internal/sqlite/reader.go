package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

// querier is what *sql.DB and *sql.Tx share, so reads work in and out of a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader runs the reads; stmts (nil: none) caches prepared statements, and
// inTx is set inside a write transaction (q is then the writing connection).
type reader struct {
	q     querier
	stmts *stmtCache
	inTx  bool
	fts   *ftsQueue // inside a transaction: articles not yet indexed
}

const articleCols = `a.id, a.text, a.data, COALESCE(sa.story_id, '')`

const articleFrom = ` FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id`

func scanArticle(sc interface{ Scan(...any) error }) (*news.Article, error) {
	var id, body, data, story string
	if err := sc.Scan(&id, &body, &data, &story); err != nil {
		return nil, err
	}
	a := &news.Article{}
	if err := json.Unmarshal([]byte(data), a); err != nil {
		return nil, fmt.Errorf("decode article %s: %w", id, err)
	}
	a.ID, a.Text, a.StoryID = id, body, story
	return a, nil
}

// Article returns one article.
func (r reader) Article(ctx context.Context, id string) (*news.Article, error) {
	a, err := scanArticle(r.queryRow(ctx, `SELECT `+articleCols+articleFrom+` WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENotFound, "article %q not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %s: %w", id, err)
	}
	return a, nil
}

// ArticleByHash returns the first article with this text hash.
func (r reader) ArticleByHash(ctx context.Context, hash string) (*news.Article, error) {
	a, err := scanArticle(r.queryRow(ctx, `SELECT `+articleCols+articleFrom+` WHERE a.hash = ? ORDER BY a.seq LIMIT 1`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENotFound, "no article with hash %s", hash)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: article by hash: %w", err)
	}
	return a, nil
}

// Articles lists articles in ingest order (story order when filtering by story).
func (r reader) Articles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, error) {
	var where []string
	var args []any
	order := ` ORDER BY a.seq`
	if f.StoryID != "" {
		where = append(where, `sa.story_id = ?`)
		args = append(args, f.StoryID)
		order = ` ORDER BY sa.pos, a.seq`
	}
	if len(f.IDs) > 0 {
		where = append(where, `a.id IN (`+placeholders(len(f.IDs))+`)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q := `SELECT ` + articleCols + articleFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += order + limitClause(f.Limit, f.Offset)
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: articles: %w", err)
	}
	defer rows.Close()
	var out []*news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: articles: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CountArticles counts stored articles.
func (r reader) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count articles: %w", err)
	}
	return n, nil
}

// Story returns one story with its member ids in story order.
func (r reader) Story(ctx context.Context, id string) (*news.Story, error) {
	ss, err := r.Stories(ctx, news.StoryFilter{IDs: []string{id}})
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, news.Errorf(news.ENotFound, "story %q not found", id)
	}
	return ss[0], nil
}

// Stories lists stories, most recently updated first.
func (r reader) Stories(ctx context.Context, f news.StoryFilter) ([]*news.Story, error) {
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		where = append(where, `s.id IN (`+placeholders(len(f.IDs))+`)`)
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	if q := ftsQuery(f.Query); q != "" {
		if err := r.fts.flush(ctx, r); err != nil {
			return nil, err
		}
		where = append(where, `s.id IN (SELECT sa.story_id FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
			JOIN story_articles sa ON sa.article_id = a.id WHERE articles_fts MATCH ?)`)
		args = append(args, q)
	} else if strings.TrimSpace(f.Query) != "" {
		return nil, nil
	}
	q := `SELECT s.id, s.data, s.profile, s.version FROM stories s`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY s.updated DESC, s.id` + limitClause(f.Limit, f.Offset)
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	var out []*news.Story
	for rows.Next() {
		var id, data string
		var profile []byte
		var version int64
		if err := rows.Scan(&id, &data, &profile, &version); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: stories: %w", err)
		}
		s := &news.Story{}
		if err := json.Unmarshal([]byte(data), s); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: decode story %s: %w", id, err)
		}
		s.ID, s.Profile, s.Version = id, profile, version
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: stories: %w", err)
	}
	for _, s := range out {
		ids, err := r.members(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		s.ArticleIDs = ids
	}
	return out, nil
}

// StoryProfiles returns the stored clustering profiles of the stories
// among ids (id -> profile), and nothing else of them: what placement reads
// of each of its candidates, where Stories would also decode every
// candidate's metadata and lineages and read its member list.
func (r reader) StoryProfiles(ctx context.Context, ids []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := r.query(ctx, `SELECT id, profile FROM stories WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: story profiles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var profile []byte
		if err := rows.Scan(&id, &profile); err != nil {
			return nil, fmt.Errorf("sqlite: story profiles: %w", err)
		}
		out[id] = profile
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: story profiles: %w", err)
	}
	return out, nil
}

func (r reader) members(ctx context.Context, storyID string) ([]string, error) {
	rows, err := r.query(ctx, `SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY pos`, storyID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: story %s members: %w", storyID, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("sqlite: story %s members: %w", storyID, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Relations lists the provenance relations of a story.
func (r reader) Relations(ctx context.Context, storyID string) ([]news.Relation, error) {
	rows, err := r.query(ctx, `SELECT data FROM relations WHERE story_id = ? ORDER BY pos`, storyID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: relations of %s: %w", storyID, err)
	}
	defer rows.Close()
	var out []news.Relation
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("sqlite: relations of %s: %w", storyID, err)
		}
		var rel news.Relation
		// go-json-experiment's encoding/json-compatible decoder: about twice
		// as fast on a large story's thousands of relations and passages.
		if err := jsonv1.Unmarshal([]byte(data), &rel); err != nil {
			return nil, fmt.Errorf("sqlite: decode relation of %s: %w", storyID, err)
		}
		out = append(out, rel)
	}
	return out, rows.Err()
}

// Lookup returns owners indexed under any of keys, by number of matching keys.
func (r reader) Lookup(ctx context.Context, space string, keys []string, limit int) ([]news.KeyHit, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	args := []any{space}
	for _, k := range keys {
		args = append(args, k)
	}
	rows, err := r.query(ctx, `SELECT owner, COUNT(*) AS hits FROM index_keys
		WHERE space = ? AND key IN (`+placeholders(len(keys))+`)
		GROUP BY owner ORDER BY hits DESC, owner LIMIT `+strconv.Itoa(limit), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: lookup %s: %w", space, err)
	}
	defer rows.Close()
	var out []news.KeyHit
	for rows.Next() {
		var h news.KeyHit
		if err := rows.Scan(&h.Owner, &h.Hits); err != nil {
			return nil, fmt.Errorf("sqlite: lookup %s: %w", space, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Signatures returns the signatures logged after seq, oldest first.
func (r reader) Signatures(ctx context.Context, after int64, limit int) ([]news.Signature, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.query(ctx, `SELECT seq, article_id, sig FROM signatures WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: signatures: %w", err)
	}
	defer rows.Close()
	var out []news.Signature
	for rows.Next() {
		var s news.Signature
		if err := rows.Scan(&s.Seq, &s.ArticleID, &s.Sig); err != nil {
			return nil, fmt.Errorf("sqlite: signatures: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// LastSignature returns the newest signature's seq, 0 when there is none.
func (r reader) LastSignature(ctx context.Context) (int64, error) {
	var n int64
	if err := r.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM signatures`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: last signature: %w", err)
	}
	return n, nil
}

// Analyses returns stored analysis blobs of one stage.
func (r reader) Analyses(ctx context.Context, stage string, ids []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(ids))
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := []any{stage}
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := r.query(ctx, `SELECT article_id, data FROM analyses WHERE stage = ? AND article_id IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: analyses %s: %w", stage, err)
		}
		for rows.Next() {
			var id string
			var data []byte
			if err := rows.Scan(&id, &data); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: analyses %s: %w", stage, err)
			}
			out[id] = data
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: analyses %s: %w", stage, err)
		}
		ids = ids[n:]
	}
	return out, nil
}

// Search finds articles by full text with BM25 ranking and snippets.
func (r reader) Search(ctx context.Context, query string, limit int) ([]news.SearchHit, error) {
	q := ftsQuery(query)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 20
	}
	if err := r.fts.flush(ctx, r); err != nil {
		return nil, err
	}
	rows, err := r.query(ctx, `SELECT a.id, COALESCE(sa.story_id, ''), a.title,
		snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts)
		FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
		LEFT JOIN story_articles sa ON sa.article_id = a.id
		WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?`, q, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Snippet, &h.Score); err != nil {
			return nil, fmt.Errorf("sqlite: search: %w", err)
		}
		h.Score = -h.Score // bm25 is lower-is-better
		out = append(out, h)
	}
	return out, rows.Err()
}

// Check verifies integrity: SQLite's own check, then crosscheck's invariants.
func (r reader) Check(ctx context.Context) ([]string, error) {
	var problems []string
	rows, err := r.query(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: integrity check: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err == nil && s != "ok" {
			problems = append(problems, "sqlite: "+s)
		}
	}
	rows.Close()
	checks := []struct{ what, q string }{
		{"story member refers to a missing article", `SELECT sa.article_id FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id WHERE a.id IS NULL`},
		{"story member refers to a missing story", `SELECT sa.article_id FROM story_articles sa LEFT JOIN stories s ON s.id = sa.story_id WHERE s.id IS NULL`},
		{"story has no articles", `SELECT s.id FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)`},
		{"analysis of a missing article", `SELECT an.article_id FROM analyses an LEFT JOIN articles a ON a.id = an.article_id WHERE a.id IS NULL`},
		{"relation of a missing story", `SELECT r.story_id FROM relations r LEFT JOIN stories s ON s.id = r.story_id WHERE s.id IS NULL`},
	}
	for _, c := range checks {
		rows, err := r.query(ctx, c.q)
		if err != nil {
			return nil, fmt.Errorf("sqlite: check: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err == nil {
				problems = append(problems, c.what+": "+id)
			}
		}
		rows.Close()
	}
	// Every stored article is whole: its text still hashes to its recorded hash.
	rows, err = r.query(ctx, `SELECT id, hash, text FROM articles`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: check articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, hash, body string
		if err := rows.Scan(&id, &hash, &body); err != nil {
			return nil, fmt.Errorf("sqlite: check articles: %w", err)
		}
		if news.TextHash(body) != hash {
			problems = append(problems, "article text does not match its hash: "+id)
		}
	}
	return problems, rows.Err()
}

// ftsQuery turns user input into a safe FTS5 query: every word quoted, all required.
func ftsQuery(s string) string {
	var parts []string
	for _, t := range text.Tokens(s) {
		w := strings.ReplaceAll(t.Text, `"`, ``)
		if w != "" {
			parts = append(parts, `"`+w+`"`)
		}
	}
	return strings.Join(parts, " ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func limitClause(limit, offset int) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		limit = -1
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// Meta returns a stored named blob, or nil.
func (r reader) Meta(ctx context.Context, key string) ([]byte, error) {
	var data []byte
	err := r.queryRow(ctx, `SELECT data FROM meta WHERE key = ?`, key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: meta %s: %w", key, err)
	}
	return data, nil
}
