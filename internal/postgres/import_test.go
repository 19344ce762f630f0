package postgres_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/postgres"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// A SQLite store built by the pipeline, imported into PostgreSQL, reads
// back identically through the Store interface, table by table; a second
// import changes nothing.
func TestImportSQLiteRoundTrip(t *testing.T) {
	ctx := context.Background()
	dst := openDB(t, freshDSN(t))
	path := filepath.Join(t.TempDir(), "src.db")
	src, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pl, err := pipeline.New(ctx, src, pipeline.Options{SaveEvery: 50})
	if err != nil {
		t.Fatal(err)
	}
	n := 160
	if raceEnabled || testing.Short() {
		n = 50 // the pipeline is several times slower under -race
	}
	arts := corpus(n)
	arts[3].Text += "\n\nKrišjānis Kariņš, «quoted» — ünïcödé survives."
	arts[3].Hash = ""
	for _, a := range arts {
		if _, err := pl.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := pl.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := pl.Recluster(ctx); err != nil {
		t.Fatal(err)
	}

	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for run := 1; run <= 2; run++ {
		counts, err := dst.ImportSQLite(ctx, raw, nil)
		if err != nil {
			t.Fatalf("import run %d: %v", run, err)
		}
		for _, c := range counts {
			if c.Table == "articles" && c.Source != int64(len(arts)) {
				t.Errorf("run %d: %+v, want %d articles", run, c, len(arts))
			}
		}
	}
	compareStores(t, src, dst)
	compareKeys(t, raw, src, dst)

	// Both stores hand out the same next story id: the counters came along.
	var ids []string
	for _, s := range []news.Store{src, dst} {
		if err := s.Update(ctx, func(tx news.Tx) error {
			id, err := tx.NextID(ctx, "s")
			ids = append(ids, id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if ids[0] != ids[1] {
		t.Errorf("next story id: sqlite %s, postgres %s", ids[0], ids[1])
	}
	if probs, err := dst.Check(ctx); err != nil || len(probs) > 0 {
		t.Errorf("Check after import = %v, %v", probs, err)
	}
}

// compareStores checks that b holds everything a holds, read through the
// Store interface.
func compareStores(t *testing.T, a, b news.Store) {
	t.Helper()
	ctx := context.Background()
	arts, err := a.Articles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.Articles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(arts) {
		t.Fatalf("articles: %d, want %d", len(got), len(arts))
	}
	var ids []string
	for i := range arts {
		ids = append(ids, arts[i].ID)
		if !reflect.DeepEqual(got[i], arts[i]) {
			t.Errorf("article %d differs:\n got %+v\nwant %+v", i, got[i], arts[i])
		}
	}
	for _, stage := range []string{"doc"} {
		wa, err1 := a.Analyses(ctx, stage, ids)
		ga, err2 := b.Analyses(ctx, stage, ids)
		if err1 != nil || err2 != nil || len(wa) != len(arts) || !reflect.DeepEqual(wa, ga) {
			t.Errorf("analyses %s differ (%d vs %d; %v %v)", stage, len(wa), len(ga), err1, err2)
		}
	}
	ws, err := a.Stories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	gs, err := b.Stories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != len(gs) {
		t.Fatalf("stories: %d, want %d", len(gs), len(ws))
	}
	byID := map[string]*news.Story{}
	for _, s := range gs {
		byID[s.ID] = s
	}
	for _, w := range ws {
		g := byID[w.ID]
		if !reflect.DeepEqual(g, w) {
			t.Errorf("story %s differs:\n got %+v\nwant %+v", w.ID, g, w)
			continue
		}
		wr, _ := a.Relations(ctx, w.ID)
		gr, _ := b.Relations(ctx, w.ID)
		if !reflect.DeepEqual(wr, gr) {
			t.Errorf("relations of %s differ:\n got %+v\nwant %+v", w.ID, gr, wr)
		}
	}
	wm, _ := a.Meta(ctx, "cluster.docfreq")
	gm, _ := b.Meta(ctx, "cluster.docfreq")
	if len(wm) == 0 || !slices.Equal(wm, gm) {
		t.Errorf("meta cluster.docfreq: %d bytes, want %d", len(gm), len(wm))
	}
}

// compareKeys checks that the index keys of both stores are the same rows,
// and that Lookup answers alike.
func compareKeys(t *testing.T, raw *sql.DB, src news.Store, dst *postgres.DB) {
	t.Helper()
	ctx := context.Background()
	rows, err := raw.QueryContext(ctx, `SELECT space || '|' || key || '|' || owner FROM index_keys ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		want = append(want, s)
	}
	rows.Close()
	var got []string
	prow, err := dst.Pool().Query(ctx, `SELECT (space || '|' || key || '|' || owner) COLLATE "C" AS k FROM index_keys ORDER BY k`)
	if err != nil {
		t.Fatal(err)
	}
	for prow.Next() {
		var s string
		prow.Scan(&s)
		got = append(got, s)
	}
	prow.Close()
	if len(want) == 0 || !slices.Equal(want, got) {
		t.Fatalf("index keys: %d rows, want %d equal rows", len(got), len(want))
	}
	var keys []string
	for _, row := range want[:min(len(want), 40)] {
		keys = append(keys, strings.SplitN(row, "|", 3)[1])
	}
	w, err1 := src.Lookup(ctx, news.SpaceStory, keys, 20)
	g, err2 := dst.Lookup(ctx, news.SpaceStory, keys, 20)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(w, g) {
		t.Errorf("Lookup = %v, %v; want %v, %v", g, err2, w, err1)
	}
	// the signature log, in its order, and the sequence past it
	ws, err1 := src.Signatures(ctx, 0, 1<<20)
	gs, err2 := dst.Signatures(ctx, 0, 1<<20)
	if err1 != nil || err2 != nil || len(ws) == 0 || !reflect.DeepEqual(ws, gs) {
		t.Fatalf("signatures: %d copied, %v; want %d, %v", len(gs), err2, len(ws), err1)
	}
	if err := dst.Update(ctx, func(tx news.Tx) error { return tx.PutSignature(ctx, "after-import", []byte{1, 2, 3, 4}) }); err != nil {
		t.Fatal(err)
	}
	if last, err := dst.LastSignature(ctx); err != nil || last <= ws[len(ws)-1].Seq {
		t.Errorf("a signature written after the import got seq %d, %v; the copied ones end at %d", last, err, ws[len(ws)-1].Seq)
	}
}
