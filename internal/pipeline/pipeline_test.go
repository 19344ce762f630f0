package pipeline_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

func openStore(t testing.TB) news.Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var day = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

const harbour = `Mayor Anna Kowal of Brightport said on Monday that the city council will vote on the harbour expansion plan on 12 March.
The plan would deepen the shipping channel to 17 metres and build a container terminal on the northern breakwater.
The Green Coast Alliance said it would sue the city over the environmental permit, calling the dredging a threat to the bay's seagrass.
The Ministry of Environment has asked for guarantees on water quality before the work can begin.
Shipping company Nordline has pledged 120 million euros towards the terminal, the mayor's office said.
The vote requires a two-thirds majority of the 45-member council.`

const flood = `Heavy rain flooded the lower town of Eastmere on Sunday, forcing two hundred residents from their homes.
The river crested at four metres overnight, the regional water board said, the highest level since 1998.
Volunteers filled sandbags at the fire station while the army sent trucks to move the elderly.
Forecasters expect more rain on Wednesday and warned that the dykes near the old mill remain weak.`

func art(id, outlet, body string, d time.Time) *news.Article {
	title, _, _ := strings.Cut(body, "\n")
	return &news.Article{ID: id, Outlet: outlet, Title: title, Text: body, Published: d, Language: "en"}
}

func TestAddPlacesCopiesAndStories(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	pl, err := pipeline.New(ctx, s, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rewrite := strings.Replace(harbour, "said on Monday", "announced on Monday", 1)
	rewrite = strings.Replace(rewrite, "The plan would", "The project would", 1)
	steps := []struct {
		name      string
		a         *news.Article
		wantDup   string
		wantNew   bool
		sameStory string // id of an earlier article whose story it joins
	}{
		{"original", art("wire", "Wire", harbour, day), "", true, ""},
		{"exact copy", art("copy", "Paper", harbour, day.Add(time.Hour)), "wire", false, "wire"},
		{"near copy", art("near", "Daily", rewrite, day.Add(2*time.Hour)), "", false, "wire"},
		{"unrelated", art("flood", "Local", flood, day), "", true, ""},
	}
	stories := map[string]string{}
	for _, st := range steps {
		out, err := pl.Add(ctx, st.a)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		stories[st.a.ID] = out.StoryID
		if out.DuplicateOf != st.wantDup || out.NewStory != st.wantNew {
			t.Errorf("%s: outcome %+v, want duplicate of %q, new story %v", st.name, out, st.wantDup, st.wantNew)
		}
		if st.sameStory != "" && out.StoryID != stories[st.sameStory] {
			t.Errorf("%s: story %s, want the story of %s (%s)", st.name, out.StoryID, st.sameStory, stories[st.sameStory])
		}
	}
	if stories["flood"] == stories["wire"] {
		t.Errorf("unrelated article joined the harbour story %s", stories["wire"])
	}
	// Ingesting the same input twice changes nothing.
	before, _ := s.Story(ctx, stories["wire"])
	out, err := pl.Add(ctx, art("wire", "Wire", harbour, day))
	if err != nil || !out.Unchanged {
		t.Fatalf("re-add: %+v, %v", out, err)
	}
	after, _ := s.Story(ctx, stories["wire"])
	if after.Version != before.Version {
		t.Errorf("re-add changed the story: version %d -> %d", before.Version, after.Version)
	}
	if n, _ := s.CountArticles(ctx); n != 4 {
		t.Errorf("%d articles stored, want 4 (copies are kept)", n)
	}
	st, _ := s.Story(ctx, stories["wire"])
	if len(st.ArticleIDs) != 3 || st.Title == "" || len(st.Outlets) != 3 {
		t.Errorf("harbour story = %+v", st)
	}
	rels, _ := s.Relations(ctx, st.ID)
	found := false
	for _, r := range rels {
		if r.Kind == news.KindDuplicate && r.From == "wire" && r.To == "copy" && r.Direction == "forward" {
			found = true
		}
	}
	if !found {
		t.Errorf("no duplicate relation wire -> copy in %+v", rels)
	}
	if probs, err := pipeline.Check(ctx, s); err != nil || len(probs) > 0 {
		t.Errorf("Check = %v, %v", probs, err)
	}
	if err := pl.Close(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := pl.Recluster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stories != 2 || res.Moved != 0 {
		t.Errorf("recluster of a clean store changed it: %+v", res)
	}
}
