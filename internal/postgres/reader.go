package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

// querier is what *pgxpool.Pool and pgx.Tx share, so reads work in and out
// of a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

type reader struct{ q querier }

const articleCols = `a.id, a.text, a.data::text, COALESCE(sa.story_id, '')`

const articleFrom = ` FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id`

func scanArticle(sc pgx.Row) (*news.Article, error) {
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

// storable reports whether s can be a PostgreSQL text value: no NUL, valid
// UTF-8. An id that is not storable names nothing (and must not turn a
// lookup into a driver error).
func storable(s string) bool { return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s) }

// storableOnly returns the storable strings of ss.
func storableOnly(ss []string) []string {
	for _, s := range ss {
		if !storable(s) {
			out := make([]string, 0, len(ss))
			for _, s := range ss {
				if storable(s) {
					out = append(out, s)
				}
			}
			return out
		}
	}
	return ss
}

// Article returns one article.
func (r reader) Article(ctx context.Context, id string) (*news.Article, error) {
	if !storable(id) {
		return nil, news.Errorf(news.ENotFound, "article %q not found", id)
	}
	a, err := scanArticle(r.q.QueryRow(ctx, `SELECT `+articleCols+articleFrom+` WHERE a.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, news.Errorf(news.ENotFound, "article %q not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: article %s: %w", id, err)
	}
	return a, nil
}

// ArticleByHash returns the first article with this text hash.
func (r reader) ArticleByHash(ctx context.Context, hash string) (*news.Article, error) {
	if !storable(hash) {
		return nil, news.Errorf(news.ENotFound, "no article with hash %q", hash)
	}
	a, err := scanArticle(r.q.QueryRow(ctx, `SELECT `+articleCols+articleFrom+` WHERE a.hash = $1 ORDER BY a.seq LIMIT 1`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, news.Errorf(news.ENotFound, "no article with hash %s", hash)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: article by hash: %w", err)
	}
	return a, nil
}

// Articles lists articles in ingest order (story order when filtering by story).
func (r reader) Articles(ctx context.Context, f news.ArticleFilter) ([]*news.Article, error) {
	var where []string
	var args []any
	order := ` ORDER BY a.seq`
	if f.StoryID != "" {
		args = append(args, f.StoryID)
		where = append(where, fmt.Sprintf(`sa.story_id = $%d`, len(args)))
		order = ` ORDER BY sa.pos, a.seq`
	}
	if len(f.IDs) > 0 {
		args = append(args, storableOnly(f.IDs))
		where = append(where, fmt.Sprintf(`a.id = ANY($%d::text[])`, len(args)))
	}
	if !storable(f.StoryID) {
		return nil, nil
	}
	q := `SELECT ` + articleCols + articleFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += order + limitClause(f.Limit, f.Offset)
	rows, err := r.q.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: articles: %w", err)
	}
	defer rows.Close()
	var out []*news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: articles: %w", err)
	}
	return out, nil
}

// CountArticles counts stored articles.
func (r reader) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := r.q.QueryRow(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count articles: %w", err)
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

// Stories lists stories, most recently updated first, each with its members
// (fetched in the same query).
func (r reader) Stories(ctx context.Context, f news.StoryFilter) ([]*news.Story, error) {
	var where []string
	var args []any
	if len(f.IDs) > 0 {
		args = append(args, storableOnly(f.IDs))
		where = append(where, fmt.Sprintf(`s.id = ANY($%d::text[])`, len(args)))
	}
	if q := tsQuery(f.Query); q != "" {
		args = append(args, q)
		where = append(where, fmt.Sprintf(`s.id IN (SELECT sa.story_id FROM articles a JOIN story_articles sa ON sa.article_id = a.id
			WHERE a.fts @@ plainto_tsquery('simple', cc_unaccent($%d)))`, len(args)))
	} else if strings.TrimSpace(f.Query) != "" {
		return nil, nil
	}
	q := `SELECT s.id, s.data::text, s.profile, s.version,
		(SELECT array_agg(m.article_id ORDER BY m.pos) FROM story_articles m WHERE m.story_id = s.id)
		FROM stories s`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY s.updated DESC, s.id` + limitClause(f.Limit, f.Offset)
	rows, err := r.q.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	defer rows.Close()
	var out []*news.Story
	for rows.Next() {
		var id, data string
		var profile []byte
		var version int64
		var members []string
		if err := rows.Scan(&id, &data, &profile, &version, &members); err != nil {
			return nil, fmt.Errorf("postgres: stories: %w", err)
		}
		s := &news.Story{}
		if err := json.Unmarshal([]byte(data), s); err != nil {
			return nil, fmt.Errorf("postgres: decode story %s: %w", id, err)
		}
		s.ID, s.Profile, s.Version, s.ArticleIDs = id, profile, version, members
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: stories: %w", err)
	}
	return out, nil
}

// Relations lists the provenance relations of a story.
func (r reader) Relations(ctx context.Context, storyID string) ([]news.Relation, error) {
	if !storable(storyID) {
		return nil, nil
	}
	rows, err := r.q.Query(ctx, `SELECT data::text FROM relations WHERE story_id = $1 ORDER BY pos`, storyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: relations of %s: %w", storyID, err)
	}
	defer rows.Close()
	var out []news.Relation
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("postgres: relations of %s: %w", storyID, err)
		}
		var rel news.Relation
		// go-json-experiment's encoding/json-compatible decoder: about twice
		// as fast on a large story's thousands of relations and passages.
		if err := jsonv1.Unmarshal([]byte(data), &rel); err != nil {
			return nil, fmt.Errorf("postgres: decode relation of %s: %w", storyID, err)
		}
		out = append(out, rel)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: relations of %s: %w", storyID, err)
	}
	return out, nil
}

// Lookup returns owners indexed under any of keys, by number of matching
// keys: one index range scan of (space, key) per key, never a table scan.
func (r reader) Lookup(ctx context.Context, space string, keys []string, limit int) ([]news.KeyHit, error) {
	keys = storableOnly(keys)
	if len(keys) == 0 || !storable(space) {
		return nil, nil
	}
	if limit <= 0 {
		limit = 50
	}
	rows, err := r.q.Query(ctx, `SELECT owner, count(*) AS hits FROM index_keys
		WHERE space = $1 AND key = ANY($2::text[])
		GROUP BY owner ORDER BY hits DESC, owner LIMIT $3`, space, keys, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: lookup %s: %w", space, err)
	}
	defer rows.Close()
	var out []news.KeyHit
	for rows.Next() {
		var h news.KeyHit
		if err := rows.Scan(&h.Owner, &h.Hits); err != nil {
			return nil, fmt.Errorf("postgres: lookup %s: %w", space, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: lookup %s: %w", space, err)
	}
	return out, nil
}

// Signatures returns the signatures logged after seq, oldest first.
func (r reader) Signatures(ctx context.Context, after int64, limit int) ([]news.Signature, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := r.q.Query(ctx, `SELECT seq, article_id, sig FROM signatures WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: signatures: %w", err)
	}
	defer rows.Close()
	var out []news.Signature
	for rows.Next() {
		var s news.Signature
		if err := rows.Scan(&s.Seq, &s.ArticleID, &s.Sig); err != nil {
			return nil, fmt.Errorf("postgres: signatures: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: signatures: %w", err)
	}
	return out, nil
}

// LastSignature returns the newest signature's seq, 0 when there is none.
func (r reader) LastSignature(ctx context.Context) (int64, error) {
	var n int64
	if err := r.q.QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM signatures`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: last signature: %w", err)
	}
	return n, nil
}

// Analyses returns stored analysis blobs of one stage.
func (r reader) Analyses(ctx context.Context, stage string, ids []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(ids))
	ids = storableOnly(ids)
	if len(ids) == 0 || !storable(stage) {
		return out, nil
	}
	rows, err := r.q.Query(ctx, `SELECT article_id, data FROM analyses WHERE stage = $1 AND article_id = ANY($2::text[])`, stage, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: analyses %s: %w", stage, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, fmt.Errorf("postgres: analyses %s: %w", stage, err)
		}
		out[id] = data
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: analyses %s: %w", stage, err)
	}
	return out, nil
}

// Search finds articles by full text: every query word required, accents
// and case ignored, ranked by ts_rank, with ts_headline snippets.
func (r reader) Search(ctx context.Context, query string, limit int) ([]news.SearchHit, error) {
	q := tsQuery(query)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = 20
	}
	// Rank in a subquery and build snippets only for the rows returned:
	// ts_headline re-parses the text and is the expensive part.
	rows, err := r.q.Query(ctx, `WITH q AS (SELECT plainto_tsquery('simple', cc_unaccent($1)) AS q),
		hits AS (SELECT a.seq, ts_rank(a.fts, q.q) AS score FROM articles a, q WHERE a.fts @@ q.q ORDER BY score DESC, a.seq LIMIT $2)
		SELECT a.id, COALESCE(sa.story_id, ''), a.title,
			ts_headline('cc_search', left(a.text, 262144), q.q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "'),
			hits.score
		FROM hits JOIN articles a ON a.seq = hits.seq CROSS JOIN q
		LEFT JOIN story_articles sa ON sa.article_id = a.id
		ORDER BY hits.score DESC, a.seq`, q, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		var score float32
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Snippet, &score); err != nil {
			return nil, fmt.Errorf("postgres: search: %w", err)
		}
		h.Score = float64(score)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	return out, nil
}

// Check verifies crosscheck's invariants (the same as the SQLite store's).
func (r reader) Check(ctx context.Context) ([]string, error) {
	var problems []string
	checks := []struct{ what, q string }{
		{"story member refers to a missing article", `SELECT sa.article_id FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id WHERE a.id IS NULL`},
		{"story member refers to a missing story", `SELECT sa.article_id FROM story_articles sa LEFT JOIN stories s ON s.id = sa.story_id WHERE s.id IS NULL`},
		{"story has no articles", `SELECT s.id FROM stories s WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)`},
		{"analysis of a missing article", `SELECT an.article_id FROM analyses an LEFT JOIN articles a ON a.id = an.article_id WHERE a.id IS NULL`},
		{"relation of a missing story", `SELECT r.story_id FROM relations r LEFT JOIN stories s ON s.id = r.story_id WHERE s.id IS NULL`},
		{"job left running without a lease", `SELECT j.key FROM jobs j WHERE j.state = 'running' AND j.lease_until IS NULL`},
	}
	for _, c := range checks {
		ids, err := r.strings(ctx, c.q)
		if err != nil {
			return nil, fmt.Errorf("postgres: check: %w", err)
		}
		for _, id := range ids {
			problems = append(problems, c.what+": "+id)
		}
	}
	// Every stored article is whole: its text still hashes to its recorded hash.
	rows, err := r.q.Query(ctx, `SELECT id, hash, text FROM articles`)
	if err != nil {
		return nil, fmt.Errorf("postgres: check articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, hash, body string
		if err := rows.Scan(&id, &hash, &body); err != nil {
			return nil, fmt.Errorf("postgres: check articles: %w", err)
		}
		if news.TextHash(body) != hash {
			problems = append(problems, "article text does not match its hash: "+id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: check articles: %w", err)
	}
	return problems, nil
}

func (r reader) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := r.q.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Meta returns a stored named blob, or nil.
func (r reader) Meta(ctx context.Context, key string) ([]byte, error) {
	if !storable(key) {
		return nil, nil
	}
	var data []byte
	err := r.q.QueryRow(ctx, `SELECT data FROM meta WHERE key = $1`, key).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: meta %s: %w", key, err)
	}
	return data, nil
}

// tsQuery turns user input into the words of a query, split as the SQLite
// store splits them (text.Tokens); plainto_tsquery then requires every word.
// Nothing the user types reaches the query syntax.
func tsQuery(s string) string {
	// PostgreSQL text holds neither NUL nor invalid UTF-8.
	s = strings.ReplaceAll(strings.ToValidUTF8(s, " "), "\x00", " ")
	var parts []string
	for _, t := range text.Tokens(s) {
		if w := strings.TrimSpace(t.Text); w != "" {
			parts = append(parts, w)
		}
	}
	return strings.Join(parts, " ")
}

func limitClause(limit, offset int) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		return fmt.Sprintf(" OFFSET %d", offset)
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}
