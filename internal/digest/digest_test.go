package digest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/cputime"
	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// exampleTexts reads the bundled example corpus's text reports.
func exampleTexts(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "corpus", "0*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("example corpus: %v", err)
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// story stores n articles of one story (the example reports, re-dated and
// lightly varied) through the pipeline and returns the story id.
func story(t testing.TB, n int) (news.Store, string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "d.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := exampleTexts(t)
	start := time.Date(2026, 2, 20, 8, 0, 0, 0, time.UTC)
	sid := ""
	for i := 0; i < n; i++ {
		body := texts[i%len(texts)]
		title, rest, _ := strings.Cut(body, "\n")
		// Vary each copy so it is a report of its own, not an exact duplicate.
		rest = fmt.Sprintf("Update %d from correspondent %d.\n%s", i, i%17, rest)
		a := &news.Article{ID: fmt.Sprintf("a%03d", i), Title: title, Text: rest, Outlet: fmt.Sprintf("Outlet %d", i%23),
			Published: start.Add(time.Duration(i) * 37 * time.Minute)}
		out, err := pl.Add(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			sid = out.StoryID
		}
	}
	return db, sid
}

func TestBriefOfStoredStory(t *testing.T) {
	db, sid := story(t, 12)
	b, err := digest.NewBuilder(db, digest.Options{}).Brief(context.Background(), sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Story.Articles) < 10 || len(b.Summary) == 0 || len(b.Entities) == 0 || len(b.Timeline) == 0 || len(b.Claims) == 0 {
		t.Fatalf("brief: %d articles, %d summary, %d entities, %d timeline, %d claims",
			len(b.Story.Articles), len(b.Summary), len(b.Entities), len(b.Timeline), len(b.Claims))
	}
	for _, s := range b.Summary {
		if len(s.Citations) == 0 {
			t.Errorf("uncited summary sentence %q", s.Text)
		}
	}
	// The cache answers the same brief until the story changes.
	bl := digest.NewBuilder(db, digest.Options{})
	b1, _ := bl.Brief(context.Background(), sid)
	b2, _ := bl.Brief(context.Background(), sid)
	if b1 != b2 {
		t.Errorf("second brief of an unchanged story was rebuilt")
	}
}

// TestStoredBrief checks that a brief kept in the store renders exactly as
// the one built, is answered by a new builder, and is rebuilt once the story
// changes.
func TestStoredBrief(t *testing.T) {
	ctx := context.Background()
	db, sid := story(t, 12)
	built, err := digest.NewBuilder(db, digest.Options{Persist: true}).Brief(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if blob, _ := db.Meta(ctx, "brief/"+sid); len(blob) == 0 {
		t.Fatal("brief was not stored")
	}
	stored, err := digest.NewBuilder(db, digest.Options{Persist: true}).Brief(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if stored == built {
		t.Fatal("a new builder answered from memory it cannot have")
	}
	render := func(br *brief.Brief) string {
		var md, html, js strings.Builder
		brief.Markdown(&md, br)
		brief.HTML(&html, br)
		json.NewEncoder(&js).Encode(br)
		return md.String() + html.String() + js.String()
	}
	if render(stored) != render(built) {
		t.Error("stored brief renders differently from the built one")
	}
	// Without Persist the store is neither read nor written.
	if nb, _ := digest.NewBuilder(db, digest.Options{Now: func() time.Time { return time.Unix(1, 0) }}).Brief(ctx, sid); nb.Generated.Equal(built.Generated) {
		t.Error("a builder without Persist answered the stored brief")
	}
	// Other settings are another brief.
	if other, _ := digest.NewBuilder(db, digest.Options{Persist: true, SummarySentences: 2}).Brief(ctx, sid); len(other.Summary) > 2 {
		t.Errorf("stored 6-sentence brief answered a 2-sentence request (%d sentences)", len(other.Summary))
	}
	// A new article changes the story's version: the stored brief is stale.
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := exampleTexts(t)
	title, rest, _ := strings.Cut(texts[0], "\n")
	out, err := pl.Add(ctx, &news.Article{ID: "late", Title: title, Text: "A late update.\n" + rest, Outlet: "Late Outlet",
		Published: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)})
	if err != nil || out.StoryID != sid {
		t.Fatalf("late article: %+v %v", out, err)
	}
	after, err := digest.NewBuilder(db, digest.Options{Persist: true}).Brief(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Story.Articles) != len(built.Story.Articles)+1 {
		t.Errorf("after a new article: %d articles, want %d", len(after.Story.Articles), len(built.Story.Articles)+1)
	}
	// A damaged entry is rebuilt, not an error.
	if err := db.Update(ctx, func(tx news.Tx) error { return tx.PutMeta(ctx, "brief/"+sid, []byte("{broken")) }); err != nil {
		t.Fatal(err)
	}
	if br, err := digest.NewBuilder(db, digest.Options{Persist: true}).Brief(ctx, sid); err != nil || len(br.Story.Articles) != len(after.Story.Articles) {
		t.Fatalf("brief over a damaged stored entry: %v", err)
	}
}

// BenchmarkBrief200 builds and renders the brief of a 200-article story:
// every story-level stage (entity resolution, claims, stances, timeline,
// summary, novelty, coverage) from the stored per-article analyses, then
// Markdown and HTML. The target is under 100 ms. cpu-ms/op counts
// the CPU time of every goroutine (the brief reads and builds in parallel).
func BenchmarkBrief200(b *testing.B) {
	db, sid := story(b, benchSize)
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		start := cputime.Used()
		for i := 0; i < b.N; i++ {
			br, err := digest.NewBuilder(db, digest.Options{}).Brief(ctx, sid) // a new builder: nothing cached
			if err != nil {
				b.Fatal(err)
			}
			brief.Markdown(io.Discard, br)
			brief.HTML(io.Discard, br)
		}
		b.ReportMetric(cputime.MsPerOp(start, b.N), "cpu-ms/op")
	})
	// stored: a new process (a new builder) asks for a brief that an earlier
	// one built and kept in the store, as `crosscheck brief` after an ingest.
	b.Run("stored", func(b *testing.B) {
		if _, err := digest.NewBuilder(db, digest.Options{Persist: true}).Brief(ctx, sid); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		start := cputime.Used()
		for i := 0; i < b.N; i++ {
			br, err := digest.NewBuilder(db, digest.Options{Persist: true}).Brief(ctx, sid)
			if err != nil {
				b.Fatal(err)
			}
			brief.Markdown(io.Discard, br)
			brief.HTML(io.Discard, br)
		}
		b.ReportMetric(cputime.MsPerOp(start, b.N), "cpu-ms/op")
	})
	b.Run("cached", func(b *testing.B) {
		bl := digest.NewBuilder(db, digest.Options{})
		bl.Brief(ctx, sid)
		b.ResetTimer()
		start := cputime.Used()
		for i := 0; i < b.N; i++ {
			br, err := bl.Brief(ctx, sid)
			if err != nil {
				b.Fatal(err)
			}
			brief.Markdown(io.Discard, br)
			brief.HTML(io.Discard, br)
		}
		b.ReportMetric(cputime.MsPerOp(start, b.N), "cpu-ms/op")
	})
}

// benchSize is the story size BenchmarkBrief200 uses.
var benchSize = func() int {
	if v := os.Getenv("CROSSCHECK_BENCH_STORY"); v != "" {
		var n int
		fmt.Sscan(v, &n)
		return n
	}
	return 200
}()
