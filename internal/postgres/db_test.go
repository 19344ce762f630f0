package postgres_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/postgres"
	"github.com/crosscheck/crosscheck/internal/storetest"
)

// serverDSN returns the test server's DSN, or skips the test when none is
// configured (scripts/test.sh starts a throwaway cluster and sets it).
func serverDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("CROSSCHECK_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("CROSSCHECK_TEST_POSTGRES is not set")
	}
	return dsn
}

var schemaSeq atomic.Int64

// freshDSN creates a schema of its own for t, dropped when t ends, and
// returns a DSN that selects it.
func freshDSN(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("cc_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	dsn, drop, err := postgres.NewSchema(ctx, serverDSN(t), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(context.Background()); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return dsn
}

func openDB(t testing.TB, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() }) // runs before the schema's drop (LIFO)
	return db
}

func open(t testing.TB) news.Store { return openDB(t, freshDSN(t)) }

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func BenchmarkStore(b *testing.B) { storetest.Bench(b, open) }

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	dsn := freshDSN(t)
	db, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx news.Tx) error {
		return tx.PutArticle(ctx, &news.Article{ID: "a", Text: "hello"})
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openDB(t, dsn) // migrations already applied: a no-op
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Fatalf("after reopen: %d articles, want 1", n)
	}
}

func TestRejectsNUL(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	err := db.Update(ctx, func(tx news.Tx) error {
		return tx.PutArticle(ctx, &news.Article{ID: "a", Text: "bad\x00text"})
	})
	if news.ErrorCode(err) != news.EInvalid {
		t.Fatalf("NUL text: err = %v, want invalid", err)
	}
}

func TestSearchSemantics(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if err := db.Update(ctx, func(tx news.Tx) error {
		for id, body := range map[string]string{
			"a": "Latvian Foreign Minister Krišjānis Kariņš tested the waters in Rīga.",
			"b": "The minister of Latvia spoke about Riga harbour.",
			"c": "Floods hit the river valley; the minister stayed home.",
		} {
			if err := tx.PutArticle(ctx, &news.Article{ID: id, Title: "T " + id, Text: body, Hash: news.TextHash(body)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, query string
		want        []string
	}{
		{"diacritics folded", "karins", []string{"a"}},
		{"accented query", "KARIŅŠ", []string{"a"}},
		{"every word required", "minister riga", []string{"a", "b"}},
		{"missing word excludes", "minister floods harbour", nil},
		{"title searched", "T c", []string{"c"}},
		{"syntax is inert", `minister & !floods | (`, []string{"c"}},
		{"empty", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := db.Search(ctx, tt.query, 10)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range hits {
				got[h.ArticleID] = true
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Search(%q) = %+v, want %v", tt.query, hits, tt.want)
			}
			for _, id := range tt.want {
				if !got[id] {
					t.Fatalf("Search(%q) = %+v, want %v", tt.query, hits, tt.want)
				}
			}
		})
	}
	hits, err := db.Search(ctx, "karins", 1)
	if err != nil || len(hits) != 1 || hits[0].Snippet == "" || !containsAll(hits[0].Snippet, "[Kariņš]") {
		t.Errorf("snippet = %+v, %v; want the accented word highlighted", hits, err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !contains(s, sub) {
			return false
		}
	}
	return true
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestLookupUsesIndex(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, freshDSN(t))
	if err := db.Update(ctx, func(tx news.Tx) error {
		for i := 0; i < 2000; i++ {
			if err := tx.PutKeys(ctx, news.SpaceStory, fmt.Sprintf("s%d", i), []string{fmt.Sprintf("t:a%d", i), fmt.Sprintf("t:b%d", i%50)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `ANALYZE index_keys`); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool().Query(ctx, `EXPLAIN SELECT owner, count(*) AS hits FROM index_keys
		WHERE space = $1 AND key = ANY($2::text[]) GROUP BY owner ORDER BY hits DESC, owner LIMIT $3`,
		news.SpaceStory, []string{"t:a1", "t:b7"}, 20)
	if err != nil {
		t.Fatal(err)
	}
	plan := ""
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan += line + "\n"
	}
	rows.Close()
	if contains(plan, "Seq Scan") || !contains(plan, "Index") {
		t.Errorf("Lookup plan scans the table:\n%s", plan)
	}
}

func TestReset(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, freshDSN(t))
	if err := db.Update(ctx, func(tx news.Tx) error {
		if err := tx.PutArticle(ctx, &news.Article{ID: "a", Text: "x"}); err != nil {
			return err
		}
		_, err := tx.NextID(ctx, "s")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Enqueue(ctx, []news.Job{{Key: "a"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := db.QueueStats(ctx)
	if n, _ := db.CountArticles(ctx); n != 0 || st[postgres.StateQueued] != 0 {
		t.Errorf("after Reset: %d articles, queue %v", n, st)
	}
	var id string
	db.Update(ctx, func(tx news.Tx) error { id, _ = tx.NextID(ctx, "s"); return nil })
	if id != "s000001" {
		t.Errorf("after Reset: next id %s, want s000001", id)
	}
}

// Whatever a user types, Search and the story filter answer without error:
// no input reaches the tsquery syntax.
func FuzzSearch(f *testing.F) {
	ctx := context.Background()
	db := openDB(f, freshDSN(f))
	body := "Latvian Foreign Minister Krišjānis Kariņš tested the waters in Rīga."
	if err := db.Update(ctx, func(tx news.Tx) error {
		return tx.PutArticle(ctx, &news.Article{ID: "a", Title: "T", Text: body, Hash: news.TextHash(body)})
	}); err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"karins", `") OR drop table "`, "a & b | !c", "'quoted' <-> (x)", "ünïcödé", "\x00", "\xff\xfe", "a:* b:*", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := db.Search(ctx, q, 5); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
		if _, err := db.Stories(ctx, news.StoryFilter{Query: q}); err != nil {
			t.Errorf("Stories(query %q): %v", q, err)
		}
	})
}

// Ids no PostgreSQL text can hold name nothing: not found, never a driver error.
func TestUnstorableIDs(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	for _, id := range []string{"a\x00b", "\xff"} {
		if _, err := db.Article(ctx, id); news.ErrorCode(err) != news.ENotFound {
			t.Errorf("Article(%q) = %v, want not found", id, err)
		}
		if _, err := db.Story(ctx, id); news.ErrorCode(err) != news.ENotFound {
			t.Errorf("Story(%q) = %v, want not found", id, err)
		}
		if _, err := db.Articles(ctx, news.ArticleFilter{StoryID: id}); err != nil {
			t.Errorf("Articles(story %q) = %v", id, err)
		}
		if _, err := db.Lookup(ctx, news.SpaceStory, []string{id}, 5); err != nil {
			t.Errorf("Lookup(%q) = %v", id, err)
		}
		if _, err := db.Relations(ctx, id); err != nil {
			t.Errorf("Relations(%q) = %v", id, err)
		}
	}
}

// Update re-runs its function after a serialization failure or deadlock,
// and gives up at once on any other error.
func TestUpdateRetries(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	tests := []struct {
		name      string
		code      string
		wantCalls int
		wantErr   bool
	}{
		{"serialization failure", "40001", 2, false},
		{"deadlock", "40P01", 2, false},
		{"other error", "23505", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := db.Update(ctx, func(tx news.Tx) error {
				calls++
				if calls == 1 {
					return fmt.Errorf("wrapped: %w", &pgconn.PgError{Code: tt.code})
				}
				return nil
			})
			if calls != tt.wantCalls || (err != nil) != tt.wantErr {
				t.Errorf("calls = %d, err = %v; want %d calls, error %v", calls, err, tt.wantCalls, tt.wantErr)
			}
		})
	}
}
