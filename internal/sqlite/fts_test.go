package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// The full-text index is written at the end of a transaction (one
// statement for all its articles); a transaction must still find its own
// articles, and the index must follow a text changed twice in one.
func TestFullTextIndexDeferred(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		texts []string // successive texts of article "a", all in one transaction
		find  string   // found after the commit
		lose  string   // not found after the commit ("" none)
	}{
		{"one text", []string{"Walruses crowd the quay."}, "walruses", ""},
		{"changed in the transaction", []string{"Walruses crowd the quay.", "Pelicans took the pier."}, "pelicans", "walruses"},
		{"changed back", []string{"Walruses crowd the quay.", "Pelicans took the pier.", "Walruses again."}, "walruses", "pelicans"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			err := s.Update(ctx, func(tx news.Tx) error {
				for i := 0; i < 70; i++ { // more than one statement's worth
					if err := tx.PutArticle(ctx, &news.Article{ID: fmt.Sprintf("filler%02d", i), Text: "Filler text number one."}); err != nil {
						return err
					}
				}
				for _, txt := range tt.texts {
					if err := tx.PutArticle(ctx, &news.Article{ID: "a", Text: txt}); err != nil {
						return err
					}
					hits, err := tx.Search(ctx, tt.find, 5)
					if err != nil {
						return err
					}
					if txt == tt.texts[len(tt.texts)-1] && len(hits) != 1 {
						t.Errorf("inside the transaction: Search(%s) = %+v", tt.find, hits)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if hits, err := s.Search(ctx, tt.find, 5); err != nil || len(hits) != 1 || hits[0].ArticleID != "a" {
				t.Errorf("Search(%s) = %+v, %v", tt.find, hits, err)
			}
			if tt.lose != "" {
				if hits, err := s.Search(ctx, tt.lose, 5); err != nil || len(hits) != 0 {
					t.Errorf("Search(%s) = %+v, %v; want nothing", tt.lose, hits, err)
				}
			}
			if hits, err := s.Search(ctx, "filler", 100); err != nil || len(hits) != 70 {
				t.Errorf("Search(filler) = %d hits, %v; want 70", len(hits), err)
			}
		})
	}
}

// The full-text index merges its segments eight at a time (migration
// 0003): the setting lives in the index's own config table.
func TestFullTextAutomerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sqlite.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow(`SELECT v FROM articles_fts_config WHERE k = 'automerge'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != 8 {
		t.Errorf("automerge = %d, want 8", v)
	}
}
