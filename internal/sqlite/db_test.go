package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/sqlite"
	"github.com/crosscheck/crosscheck/internal/storetest"
)

func open(t testing.TB) news.Store {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

func BenchmarkStore(b *testing.B) { storetest.Bench(b, open) }

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx news.Tx) error {
		return tx.PutArticle(ctx, &news.Article{ID: "a", Text: "hello"})
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Fatalf("after reopen: %d articles, want 1", n)
	}
}
