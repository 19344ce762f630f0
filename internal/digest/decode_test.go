package digest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// TestDecodeDocMatchesPipeline checks that the brief's reading of stored
// analyses (pipeline.DecodeDocText, which skips the clustering features)
// gives the sentences, mentions and times pipeline.DecodeDoc gives, on the
// analyses the pipeline stores for the example reports, and fails where
// DecodeDoc fails.
func TestDecodeDocMatchesPipeline(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "d.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "examples", "corpus", "0*.txt"))
	if len(files) == 0 {
		t.Fatal("no example reports")
	}
	var ids []string
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		title, rest, _ := strings.Cut(string(b), "\n")
		id := fmt.Sprintf("a%02d", i)
		if _, err := pl.Add(ctx, &news.Article{ID: id, Title: title, Text: rest, Outlet: "Outlet",
			Published: time.Date(2026, 2, 20, 8, i, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	blobs, err := db.Analyses(ctx, pipeline.StageDoc, ids)
	if err != nil || len(blobs) != len(ids) {
		t.Fatalf("analyses: %d of %d, %v", len(blobs), len(ids), err)
	}
	for id, blob := range blobs {
		t.Run(id, func(t *testing.T) {
			want, err := pipeline.DecodeDoc(blob)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pipeline.DecodeDocText(blob)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Sentences, want.Sentences) || !reflect.DeepEqual(got.Mentions, want.Mentions) || !reflect.DeepEqual(got.Times, want.Times) {
				t.Errorf("DecodeDocText differs from DecodeDoc")
			}
			if len(want.Mentions) == 0 || len(want.Sentences) == 0 {
				t.Errorf("example report with %d sentences, %d mentions: the comparison checks nothing", len(want.Sentences), len(want.Mentions))
			}
		})
	}
	for _, bad := range []string{"", "{", `{"sentences":"x"}`, `{"mentions":[{"start":"a"}]}`, `[]`, "\x00", "\x00\xff\xff\x01", "\x01", "\x01\x01\x05", "\x01\x00\x00\x00"} {
		_, errWant := pipeline.DecodeDoc([]byte(bad))
		_, errGot := pipeline.DecodeDocText([]byte(bad))
		if (errWant == nil) != (errGot == nil) {
			t.Errorf("decoding %q: pipeline error %v, brief error %v", bad, errWant, errGot)
		}
	}
}
