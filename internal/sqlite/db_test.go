package sqlite_test

import (
	"context"
	"errors"
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

// TestWriterWaitsInLine checks the in-process writer queue: a second Update
// waits for the first instead of failing on the file lock, and gives up
// when its context ends.
func TestWriterWaitsInLine(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	inside, release := make(chan bool), make(chan bool)
	first := make(chan error)
	go func() {
		first <- db.Update(ctx, func(tx news.Tx) error {
			inside <- true
			<-release
			return tx.PutMeta(ctx, "k", []byte("1"))
		})
	}()
	<-inside
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.Update(cctx, func(news.Tx) error { return nil }); err == nil {
		t.Error("Update with a cancelled context while another writes: no error")
	}
	second := make(chan error)
	go func() {
		second <- db.Update(ctx, func(tx news.Tx) error { return tx.PutMeta(ctx, "k", []byte("2")) })
	}()
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if b, _ := db.Meta(ctx, "k"); string(b) != "2" {
		t.Errorf("meta k = %q, want the second writer's 2", b)
	}
}

// A transaction's statements run without the driver's interrupt watch
// (statementContext); cancelling its context must still stop it at the
// next statement and keep nothing of it.
func TestCancelledTransactionStops(t *testing.T) {
	s := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := s.Update(ctx, func(tx news.Tx) error {
		if err := tx.PutArticle(ctx, &news.Article{ID: "kept-out", Text: "Walruses crowd the quay."}); err != nil {
			return err
		}
		cancel()
		if _, err := tx.Article(ctx, "kept-out"); !errors.Is(err, context.Canceled) {
			t.Errorf("read after cancel: %v, want context.Canceled", err)
		}
		return tx.PutArticle(ctx, &news.Article{ID: "second", Text: "Pelicans took the pier."})
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Update = %v, want context.Canceled", err)
	}
	if _, err := s.Article(context.Background(), "kept-out"); news.ErrorCode(err) != news.ENotFound {
		t.Errorf("article of the cancelled transaction: %v, want not found", err)
	}
}

// Update begins and commits on one held connection with plain statements:
// a transaction that fails or panics must leave nothing behind, on the
// store or on the connection, and the next one must start clean.
func TestUpdateAfterFailureStartsClean(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	put := func(id string) func(tx news.Tx) error {
		return func(tx news.Tx) error {
			return tx.PutArticle(ctx, &news.Article{ID: id, Text: "Walruses crowd the quay."})
		}
	}
	errBoom := errors.New("boom")
	if err := s.Update(ctx, func(tx news.Tx) error {
		if err := put("failed")(tx); err != nil {
			return err
		}
		return errBoom
	}); !errors.Is(err, errBoom) {
		t.Fatalf("Update = %v, want %v", err, errBoom)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic did not reach the caller")
			}
		}()
		s.Update(ctx, func(tx news.Tx) error {
			put("panicked")(tx)
			panic("boom")
		})
	}()
	if err := s.Update(ctx, put("kept")); err != nil {
		t.Fatalf("Update after a failure and a panic: %v", err)
	}
	for id, want := range map[string]bool{"failed": false, "panicked": false, "kept": true} {
		_, err := s.Article(ctx, id)
		if got := err == nil; got != want {
			t.Errorf("article %s stored: %v (err %v), want %v", id, got, err, want)
		}
	}
}
