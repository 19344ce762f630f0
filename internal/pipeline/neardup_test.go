package pipeline_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// lateCopy is a light rewrite of the harbour report published a year and a
// half later: too late for the clusterer's time factor, so only
// near-duplicate search puts it in the original's story.
func lateCopy(id string) *news.Article {
	rewrite := strings.Replace(harbour, "said on Monday", "announced on Monday", 1)
	return art(id, "Daily", rewrite, day.Add(540*24*time.Hour))
}

func mustAdd(t *testing.T, pl *pipeline.Pipeline, a *news.Article) pipeline.Outcome {
	t.Helper()
	out, err := pl.Add(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustAddBatch(t *testing.T, pl *pipeline.Pipeline, a *news.Article) pipeline.Outcome {
	t.Helper()
	outs, errs := pl.AddBatch(context.Background(), []*news.Article{a})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	return outs[0]
}

func newPipeline(t *testing.T, s news.Store, opt pipeline.Options) *pipeline.Pipeline {
	t.Helper()
	pl, err := pipeline.New(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

func TestLateNearCopyJoinsItsOriginal(t *testing.T) {
	// Without near-duplicate search the late copy starts a story of its
	// own: the test would pass for the wrong reason otherwise.
	s := openStore(t)
	pl := newPipeline(t, s, pipeline.Options{})
	orig := mustAdd(t, pl, art("wire", "Wire", harbour, day))
	followUp := `Brightport council vote on harbour expansion: Mayor Anna Kowal and the Green Coast Alliance clash over the terminal.
Nordline's 120 million euros for the container terminal and the northern breakwater were debated by the 45-member council.
The Ministry of Environment again raised water quality and the seagrass of the bay before the dredging of the shipping channel.`
	if out := mustAdd(t, pl, art("other", "Daily", followUp, day.Add(540*24*time.Hour))); out.StoryID == orig.StoryID {
		t.Fatalf("another report on the story 540 days later joined it: the clusterer alone would place the copy")
	}
	if out := mustAdd(t, pl, lateCopy("late")); out.StoryID != orig.StoryID {
		t.Errorf("late near copy in %s, want the original's story %s", out.StoryID, orig.StoryID)
	}
}

func TestNearCopyFoundAcrossPipelines(t *testing.T) {
	// Two pipelines on one store, as two processes: the second was made
	// before the first wrote, and catches up from the signature log.
	s := openStore(t)
	first, second := newPipeline(t, s, pipeline.Options{}), newPipeline(t, s, pipeline.Options{})
	orig := mustAdd(t, first, art("wire", "Wire", harbour, day))
	if out := mustAdd(t, second, lateCopy("late")); out.StoryID != orig.StoryID {
		t.Errorf("the other pipeline placed the late copy in %s, want %s", out.StoryID, orig.StoryID)
	}
	// The same within one group commit: the copy sees the original placed
	// before it in the same transaction.
	s = openStore(t)
	outs, errs := newPipeline(t, s, pipeline.Options{}).AddBatch(context.Background(), []*news.Article{art("wire", "Wire", harbour, day), art("flood", "Local", flood, day), lateCopy("late")})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if outs[2].StoryID != outs[0].StoryID {
		t.Errorf("in one group: late copy in %s, original in %s", outs[2].StoryID, outs[0].StoryID)
	}
}

func TestNearDupWindow(t *testing.T) {
	s := openStore(t)
	pl := newPipeline(t, s, pipeline.Options{})
	orig := mustAdd(t, pl, art("wire", "Wire", harbour, day))
	mustAdd(t, pl, art("flood", "Local", flood, day))
	// a window of one article holds the flood report only
	narrow := newPipeline(t, s, pipeline.Options{NearDupWindow: 1})
	if out := mustAdd(t, narrow, lateCopy("late")); out.StoryID == orig.StoryID {
		t.Errorf("found an original outside the window")
	}
}

func TestSignaturesFilledForOlderStores(t *testing.T) {
	// A store written before the signature log existed: the log is empty,
	// the articles are there. A new pipeline fills the log from their text.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	orig := mustAdd(t, newPipeline(t, s, pipeline.Options{}), art("wire", "Wire", harbour, day))
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM signatures`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	pl := newPipeline(t, s, pipeline.Options{})
	if n, err := s.LastSignature(ctx); err != nil || n == 0 {
		t.Fatalf("log not filled: last %d, %v", n, err)
	}
	if out := mustAdd(t, pl, lateCopy("late")); out.StoryID != orig.StoryID {
		t.Errorf("late copy in %s, want %s", out.StoryID, orig.StoryID)
	}
}

// TestPlacementSeesOtherWriters checks that what a pipeline remembers of
// its own writes gives way to the store once another has written: here
// another process rewrites an article, and a later report copying the new
// text must be related to it, which it cannot be from the old text.
func TestPlacementSeesOtherWriters(t *testing.T) {
	s := openStore(t)
	a, b := newPipeline(t, s, pipeline.Options{}), newPipeline(t, s, pipeline.Options{})
	x := mustAddBatch(t, a, art("x", "Wire", harbour, day))
	mustAddBatch(t, a, art("x2", "Post", strings.Replace(harbour, "on Monday", "on Tuesday", 1), day.Add(time.Hour)))
	// the other process rewrites x: it stays in its story with new text
	rewritten := harbour + "\nThe Green Coast Alliance filed its lawsuit on Friday, naming the city and Nordline as defendants and asking the court to halt the dredging until a new environmental study is done."
	if out := mustAdd(t, b, art("x", "Wire", rewritten, day)); out.StoryID != x.StoryID {
		t.Fatalf("rewritten x moved to %s", out.StoryID)
	}
	// a report that copies the new paragraph word for word, stored by the
	// group path (Add aligns before the write lock, from the store)
	y := mustAddBatch(t, a, art("y", "Daily", "The Green Coast Alliance filed its lawsuit on Friday, naming the city and Nordline as defendants and asking the court to halt the dredging until a new environmental study is done.\nMayor Anna Kowal of Brightport said the harbour vote would go ahead on 12 March.", day.Add(3*time.Hour)))
	if y.StoryID != x.StoryID {
		t.Fatalf("y in %s, want %s", y.StoryID, x.StoryID)
	}
	rels, err := s.Relations(context.Background(), x.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		t.Logf("%s -> %s %s %d", r.From, r.To, r.Kind, len(r.Passages))
		if r.From == "x" && r.To == "y" {
			for _, p := range r.Passages {
				if strings.Contains(p.FromText, "filed its lawsuit") {
					return
				}
			}
		}
	}
	t.Errorf("no passage of x's new text in x -> y: %+v", rels)
}
