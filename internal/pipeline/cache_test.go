package pipeline

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/provenance"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

func TestLRU(t *testing.T) {
	tests := []struct {
		name string
		max  int
		puts []string
		gets []string // touched after the puts, in order
		put2 []string // put after the gets
		have []string
		gone []string
	}{
		{"keeps what fits", 3, []string{"a", "b", "c"}, nil, nil, []string{"a", "b", "c"}, nil},
		{"evicts the oldest", 2, []string{"a", "b", "c"}, nil, nil, []string{"b", "c"}, []string{"a"}},
		{"a read counts as use", 2, []string{"a", "b"}, []string{"a"}, []string{"c"}, []string{"a", "c"}, []string{"b"}},
		{"a rewrite counts as use", 2, []string{"a", "b", "a"}, nil, []string{"c"}, []string{"a", "c"}, []string{"b"}},
		{"zero size keeps nothing", 0, []string{"a"}, nil, nil, nil, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newLRU[string, int](tt.max)
			for i, k := range tt.puts {
				c.put(k, i)
			}
			for _, k := range tt.gets {
				c.get(k)
			}
			for i, k := range tt.put2 {
				c.put(k, 100+i)
			}
			for _, k := range tt.have {
				if _, ok := c.get(k); !ok {
					t.Errorf("%q evicted", k)
				}
			}
			for _, k := range tt.gone {
				if _, ok := c.get(k); ok {
					t.Errorf("%q kept", k)
				}
			}
		})
	}
}

func TestDecodedRedecodesChangedBlobs(t *testing.T) {
	d := newDecoded[string](4)
	calls := 0
	dec := func(b []byte) (string, error) {
		calls++
		if string(b) == "bad" {
			return "", errors.New("bad blob")
		}
		return strings.ToUpper(string(b)), nil
	}
	steps := []struct {
		id, blob, want string
		calls          int
		wantErr        bool
	}{
		{"s1", "abc", "ABC", 1, false},
		{"s1", "abc", "ABC", 1, false}, // cached
		{"s1", "abd", "ABD", 2, false}, // the story changed
		{"s2", "abd", "ABD", 3, false}, // cached by owner, not by content
		{"s1", "bad", "", 4, true},
		{"s1", "bad", "", 5, true}, // failures are not cached
	}
	for i, st := range steps {
		got, err := d.get(st.id, []byte(st.blob), dec)
		if (err != nil) != st.wantErr || got != st.want || calls != st.calls {
			t.Errorf("step %d: got %q, %v after %d decodes; want %q, error %v after %d", i, got, err, calls, st.want, st.wantErr, st.calls)
		}
	}
	// the cache keeps its own copy of the blob
	blob := []byte("xyz")
	d.get("s3", blob, dec)
	blob[0] = 'q'
	if got, _ := d.get("s3", blob, dec); got != "QYZ" {
		t.Errorf("after the caller reused its buffer: %q, want QYZ", got)
	}
}

// TestPreparedCacheKeepsMetadataCurrent checks that a cached prepared form
// is keyed by text and takes outlet, date and citations from the caller.
func TestPreparedCacheKeepsMetadataCurrent(t *testing.T) {
	p := &Pipeline{prepared: newLRU[preparedKey, *provenance.Prepared](8)}
	d := provenance.Doc{ID: "a", Outlet: "Wire", Text: "One sentence here. Another one there.", Hash: "h1"}
	first := p.prepare(d, nil)
	d.Outlet, d.CitedOutlets = "Daily", []string{"Wire"}
	second := p.prepare(d, nil)
	if second.Outlet != "Daily" || len(second.CitedOutlets) != 1 || first.Outlet != "Wire" {
		t.Errorf("outlets: first %q, second %q %v", first.Outlet, second.Outlet, second.CitedOutlets)
	}
	if h, m := p.prepared.stats(); h != 1 || m != 1 {
		t.Errorf("hits %d misses %d, want 1 and 1", h, m)
	}
	d.Text, d.Hash = "Changed text entirely.", "h2"
	if third := p.prepare(d, nil); len(third.Sentences) != 1 {
		t.Errorf("changed text prepared as %q", third.Sentences)
	}
}

// TestStaleSnapshotIsRedone places an article from a snapshot taken before
// another placement: the generation has moved, so the placement must look
// again and join the story created in between rather than start its own.
func TestStaleSnapshotIsRedone(t *testing.T) {
	ctx := context.Background()
	db, p := openPipeline(t, Options{})
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	body := `Mayor Anna Kowal of Brightport said on Monday that the city council will vote on the harbour expansion plan on 12 March.
The plan would deepen the shipping channel to 17 metres and build a container terminal on the northern breakwater.
The Green Coast Alliance said it would sue the city over the environmental permit, calling the dredging a threat to the bay's seagrass.
Shipping company Nordline has pledged 120 million euros towards the terminal, the mayor's office said.`
	later := &news.Article{ID: "b", Outlet: "Daily", Title: "Harbour vote", Text: strings.Replace(body, "said on Monday", "announced on Monday", 1), Published: day.Add(time.Hour), Hash: "", CitedOutlets: []string{}}
	later.Hash = news.TextHash(later.Text)
	doc := p.analyse(later)
	snap, err := p.snapshot(ctx, later, doc)
	if err != nil {
		t.Fatal(err)
	}
	if !snap.chosen || snap.storyID != "" {
		t.Fatalf("snapshot on an empty store: chosen %v, story %q", snap.chosen, snap.storyID)
	}
	first, err := p.Add(ctx, &news.Article{ID: "a", Outlet: "Wire", Title: "Harbour vote", Text: body, Published: day})
	if err != nil {
		t.Fatal(err)
	}
	it := &item{a: later, doc: doc, snap: snap}
	if err := db.Update(ctx, func(tx news.Tx) error {
		_, err := p.placeAll(ctx, tx, []*item{it})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	out := it.out
	if out.NewStory || out.StoryID != first.StoryID {
		t.Errorf("placed from a stale snapshot: %+v; want story %s", out, first.StoryID)
	}

	// A snapshot with nothing placed since is taken as it is.
	third := &news.Article{ID: "c", Outlet: "Post", Title: "Harbour", Text: body + "\nThe vote is on Thursday.", Published: day.Add(2 * time.Hour), CitedOutlets: []string{}}
	third.Hash = news.TextHash(third.Text)
	doc = p.analyse(third)
	if snap, err = p.snapshot(ctx, third, doc); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(ctx, func(tx news.Tx) error {
		current, _, err := p.bumpGeneration(ctx, tx, snap)
		if err == nil && !current {
			t.Error("snapshot with nothing placed since taken as stale")
		}
		return errors.New("roll back")
	}); err == nil {
		t.Fatal("no rollback")
	}
}

func TestConcurrentAddsShareCaches(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a few dozen articles")
	}
	ctx := context.Background()
	db, p := openPipeline(t, Options{PreparedCache: 4})
	base := `Mayor Anna Kowal of Brightport said on Monday that the city council will vote on the harbour expansion plan on 12 March.
The plan would deepen the shipping channel to 17 metres and build a container terminal on the northern breakwater.
Shipping company Nordline has pledged 120 million euros towards the terminal, the mayor's office said.`
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 8 {
				id := string(rune('a'+w)) + string(rune('0'+i))
				body := strings.Replace(base, "Monday", []string{"Monday", "Tuesday", "Wednesday"}[i%3], 1) + "\nUpdate " + id + "."
				if _, err := p.Add(ctx, &news.Article{ID: id, Outlet: "Outlet " + id, Text: body, Published: day.Add(time.Duration(i) * time.Minute)}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	stories, err := db.Stories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 1 || len(stories[0].ArticleIDs) != 24 {
		t.Errorf("%d stories, want all 24 rewrites in one", len(stories))
	}
}

// TestProfileRoundTrip backs the profile cache's put: a profile kept as
// built must place articles exactly as the same profile decoded from its
// stored form.
func TestProfileRoundTrip(t *testing.T) {
	var feats []cluster.Features
	for d := range cluster.Synth(3, 60) {
		feats = append(feats, cluster.Extract(cluster.Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published}, cluster.Prior{Stream: cluster.NewSketch(docFreqBits), Weight: cluster.DefaultConfig().PriorDocs}))
	}
	cfg := cluster.DefaultConfig()
	built := &cluster.Profile{}
	for i, f := range feats[:30] {
		built.Add(f)
		blob, err := built.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		decoded, err := cluster.UnmarshalProfile(blob)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range feats[30:] {
			s1, _, _, _ := cluster.Score(g, built, cfg)
			s2, _, _, _ := cluster.Score(g, decoded, cfg)
			if s1 != s2 {
				t.Fatalf("after %d articles: score %v as built, %v decoded", i+1, s1, s2)
			}
		}
		again, _ := decoded.Marshal()
		if string(again) != string(blob) {
			t.Fatalf("after %d articles: re-encoded profile differs", i+1)
		}
	}
}

// openPipeline returns a pipeline over a new SQLite store, closed with the test.
func openPipeline(t testing.TB, opt Options) (*sqlite.DB, *Pipeline) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := New(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}
