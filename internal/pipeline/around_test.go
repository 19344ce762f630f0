package pipeline_test

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"testing"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

// labelled reads the first n ECB+ dev articles with their gold event.
func labelled(t *testing.T, n int) ([]*news.Article, map[string]string) {
	f, err := os.Open(shared(t, "eval", "cluster", "ecbplus-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*news.Article
	gold := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(arts) < n {
		var r struct{ ID, Text, Title, Event string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, &news.Article{ID: r.ID, Title: r.Title, Text: r.Text})
		gold[r.ID] = r.Event
	}
	return arts, gold
}

// partition returns each article's story, and every story id.
func partition(t *testing.T, s news.Store) (map[string]string, []string) {
	t.Helper()
	stories, err := s.Stories(context.Background(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	of := map[string]string{}
	var ids []string
	for _, st := range stories {
		ids = append(ids, st.ID)
		for _, a := range st.ArticleIDs {
			of[a] = st.ID
		}
	}
	return of, ids
}

// samePairs counts article pairs whose togetherness agrees between two
// labellings (a pairwise Rand count: enough to compare two clusterings).
func samePairs(a, b map[string]string) (agree, total int) {
	ids := slices.Sorted(maps.Keys(a))
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			total++
			if (a[ids[i]] == a[ids[j]]) == (b[ids[i]] == b[ids[j]]) {
				agree++
			}
		}
	}
	return agree, total
}

// TestReclusterAround checks the scoped pass: over every story it partitions
// the articles as the whole-store pass does, it brings placements closer to
// the gold events, and over no story it changes nothing.
func TestReclusterAround(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 80 ECB+ articles twice")
	}
	ctx := context.Background()
	arts, gold := labelled(t, 80)
	build := func() (news.Store, *pipeline.Pipeline) {
		s := openStore(t)
		pl, err := pipeline.New(ctx, s, pipeline.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range arts {
			cp := *a
			if _, err := pl.Add(ctx, &cp); err != nil {
				t.Fatal(err)
			}
		}
		return s, pl
	}
	whole, plWhole := build()
	scoped, plScoped := build()
	online, ids := partition(t, scoped)

	if res, err := plScoped.ReclusterAround(ctx, nil); err != nil || res.Moved != 0 {
		t.Fatalf("ReclusterAround(nil) = %+v, %v", res, err)
	}
	if _, err := plWhole.Recluster(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := plScoped.ReclusterAround(ctx, ids); err != nil {
		t.Fatal(err)
	}
	w, _ := partition(t, whole)
	sc, _ := partition(t, scoped)
	if agree, total := samePairs(w, sc); agree != total {
		t.Errorf("scoped pass over every story disagrees with the whole-store pass on %d of %d pairs", total-agree, total)
	}
	before, total := samePairs(online, gold)
	after, _ := samePairs(sc, gold)
	t.Logf("pairs agreeing with gold: %d online, %d after the pass, of %d", before, after, total)
	if after < before {
		t.Errorf("the pass moved away from the gold events: %d -> %d of %d pairs", before, after, total)
	}
	if probs, err := pipeline.Check(ctx, scoped); err != nil || len(probs) > 0 {
		t.Errorf("Check after the scoped pass = %v, %v", probs, err)
	}
}
