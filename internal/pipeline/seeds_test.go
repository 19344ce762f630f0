package pipeline_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

func shared(t *testing.T, parts ...string) string {
	p := filepath.Join(append([]string{"..", "..", "..", "shared"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present", p)
	}
	return p
}

// unrelated reads the first n ECB+ dev articles (other events entirely).
func unrelated(t *testing.T, n int) []*news.Article {
	f, err := os.Open(shared(t, "eval", "cluster", "ecbplus-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*news.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(out) < n {
		var r struct{ ID, Text, Title string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, &news.Article{ID: r.ID, Title: r.Title, Text: r.Text})
	}
	return out
}

func TestSeedsFormOneStoryBesideUnrelated(t *testing.T) {
	ctx := context.Background()
	var seeds []*news.Article
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{})})
	if err := rd.Read(ctx, shared(t, "seeds"), func(it ingest.Item) {
		if it.Err != nil {
			t.Fatal(it.Err)
		}
		seeds = append(seeds, it.Article)
	}); err != nil {
		t.Fatal(err)
	}
	others := unrelated(t, 30)
	s := openStore(t)
	pl, err := pipeline.New(ctx, s, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Interleave: six unrelated reports before each seed.
	var order []*news.Article
	for i, a := range seeds {
		order = append(order, others[i*6:(i+1)*6]...)
		order = append(order, a)
	}
	for _, a := range order {
		if _, err := pl.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	first, err := s.Article(ctx, seeds[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Story(ctx, first.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	got := append([]string(nil), st.ArticleIDs...)
	sort.Strings(got)
	var want []string
	for _, a := range seeds {
		want = append(want, a.ID)
	}
	sort.Strings(want)
	if len(got) != len(want) {
		t.Fatalf("seed story holds %v, want exactly the 5 seeds %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("seed story holds %v, want %v", got, want)
		}
	}
	// Recluster keeps it so.
	if _, err := pl.Recluster(ctx); err != nil {
		t.Fatal(err)
	}
	first, _ = s.Article(ctx, seeds[0].ID)
	st, _ = s.Story(ctx, first.StoryID)
	if len(st.ArticleIDs) != 5 {
		t.Errorf("after recluster the seed story holds %v", st.ArticleIDs)
	}
}
