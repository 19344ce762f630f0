// Package storetest is the conformance suite every news.Store runs: the same
// behaviour is required of SQLite and PostgreSQL.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// otherSpace is a key space the product does not use, to check that
// lookups stay within their space.
const otherSpace = "other"

// Opener returns a new, empty store for one test; it registers its own cleanup.
type Opener func(t testing.TB) news.Store

var t0 = time.Date(2024, 2, 21, 9, 0, 0, 0, time.UTC)

func article(id, body string) *news.Article {
	a := &news.Article{ID: id, Title: "Title " + id, Text: body, Outlet: "Wire", Published: t0,
		CitedOutlets: []string{"Other"}, Language: "en", Hash: news.TextHash(body)}
	a.SetField("outlet", news.Inferred, "credit line")
	return a
}

func put(t testing.TB, s news.Store, fn func(tx news.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// Run runs the conformance suite against stores made by open.
func Run(t *testing.T, open Opener) {
	ctx := context.Background()
	t.Run("ArticleRoundTrip", func(t *testing.T) {
		s := open(t)
		a := article("a1", "Zuzana Dvořáková spoke in Gdańsk.")
		put(t, s, func(tx news.Tx) error { return tx.PutArticle(ctx, a) })
		got, err := s.Article(ctx, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != a.Text || got.Outlet != "Wire" || !got.Published.Equal(t0) || got.Fields["outlet"].Evidence != "credit line" ||
			!reflect.DeepEqual(got.CitedOutlets, []string{"Other"}) {
			t.Errorf("round trip: got %+v, want %+v", got, a)
		}
		if _, err := s.Article(ctx, "missing"); news.ErrorCode(err) != news.ENotFound {
			t.Errorf("missing article: err = %v, want not_found", err)
		}
		byHash, err := s.ArticleByHash(ctx, a.Hash)
		if err != nil || byHash.ID != "a1" {
			t.Errorf("ArticleByHash = %v, %v", byHash, err)
		}
		a.Title = "Changed"
		put(t, s, func(tx news.Tx) error { return tx.PutArticle(ctx, a) })
		if n, _ := s.CountArticles(ctx); n != 1 {
			t.Errorf("replace: count = %d, want 1", n)
		}
		if got, _ := s.Article(ctx, "a1"); got.Title != "Changed" {
			t.Errorf("replace: title = %q", got.Title)
		}
	})
	t.Run("RollbackOnError", func(t *testing.T) {
		s := open(t)
		boom := errors.New("boom")
		err := s.Update(ctx, func(tx news.Tx) error {
			if err := tx.PutArticle(ctx, article("r1", "text")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Update err = %v, want boom", err)
		}
		if n, _ := s.CountArticles(ctx); n != 0 {
			t.Errorf("after rollback: %d articles, want 0", n)
		}
	})
	t.Run("StoriesAndMembership", func(t *testing.T) {
		s := open(t)
		put(t, s, func(tx news.Tx) error {
			for _, id := range []string{"a", "b", "c"} {
				if err := tx.PutArticle(ctx, article(id, "text of "+id)); err != nil {
					return err
				}
			}
			if err := tx.PutStory(ctx, &news.Story{ID: "s1", Title: "One", ArticleIDs: []string{"b", "a"}, Profile: []byte(`{"k":1}`)}); err != nil {
				return err
			}
			return tx.PutStory(ctx, &news.Story{ID: "s2", Title: "Two", ArticleIDs: []string{"c"}})
		})
		st, err := s.Story(ctx, "s1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(st.ArticleIDs, []string{"b", "a"}) || string(st.Profile) != `{"k":1}` || st.Version != 1 || st.Title != "One" {
			t.Errorf("story = %+v", st)
		}
		arts, err := s.Articles(ctx, news.ArticleFilter{StoryID: "s1"})
		if err != nil || len(arts) != 2 || arts[0].ID != "b" || arts[0].StoryID != "s1" {
			t.Errorf("Articles(story s1) = %v, %v", ids(arts), err)
		}
		// Moving an article to another story.
		put(t, s, func(tx news.Tx) error {
			return tx.PutStory(ctx, &news.Story{ID: "s2", Title: "Two", ArticleIDs: []string{"c", "a"}})
		})
		st1, _ := s.Story(ctx, "s1")
		st2, _ := s.Story(ctx, "s2")
		if !reflect.DeepEqual(st1.ArticleIDs, []string{"b"}) || !reflect.DeepEqual(st2.ArticleIDs, []string{"c", "a"}) || st2.Version != 2 {
			t.Errorf("after move: s1 %v, s2 %v v%d", st1.ArticleIDs, st2.ArticleIDs, st2.Version)
		}
		all, _ := s.Stories(ctx, news.StoryFilter{})
		if len(all) != 2 {
			t.Errorf("Stories = %d, want 2", len(all))
		}
		put(t, s, func(tx news.Tx) error {
			if err := tx.PutStory(ctx, &news.Story{ID: "s2", ArticleIDs: []string{"c", "a", "b"}}); err != nil {
				return err
			}
			return tx.DeleteStory(ctx, "s1")
		})
		if _, err := s.Story(ctx, "s1"); news.ErrorCode(err) != news.ENotFound {
			t.Errorf("deleted story: err = %v", err)
		}
		if probs, err := s.Check(ctx); err != nil || len(probs) != 0 {
			t.Errorf("Check = %v, %v", probs, err)
		}
	})
	t.Run("Relations", func(t *testing.T) {
		s := open(t)
		rels := []news.Relation{
			{From: "a", To: "b", Kind: news.KindDerived, Direction: "forward", Score: 0.8,
				Passages: []news.Passage{{FromText: "x", ToText: "y", Match: "paraphrase", Score: 0.7}}},
			{From: "external:Wire", To: "b", Kind: news.KindCites, Direction: "unknown"},
		}
		put(t, s, func(tx news.Tx) error {
			for _, id := range []string{"a", "b"} {
				if err := tx.PutArticle(ctx, article(id, "t "+id)); err != nil {
					return err
				}
			}
			if err := tx.PutStory(ctx, &news.Story{ID: "s1", ArticleIDs: []string{"a", "b"}}); err != nil {
				return err
			}
			return tx.SetRelations(ctx, "s1", rels)
		})
		got, err := s.Relations(ctx, "s1")
		if err != nil || len(got) != 2 || got[0].Passages[0].ToText != "y" || got[1].Kind != news.KindCites || got[0].StoryID != "s1" {
			t.Errorf("Relations = %+v, %v", got, err)
		}
		put(t, s, func(tx news.Tx) error { return tx.SetRelations(ctx, "s1", rels[:1]) })
		if got, _ := s.Relations(ctx, "s1"); len(got) != 1 {
			t.Errorf("after replace: %d relations, want 1", len(got))
		}
	})
	t.Run("KeysLookup", func(t *testing.T) {
		s := open(t)
		put(t, s, func(tx news.Tx) error {
			if err := tx.PutKeys(ctx, news.SpaceStory, "s1", []string{"t:nato", "t:harbour", "e:netherlands"}); err != nil {
				return err
			}
			if err := tx.PutKeys(ctx, news.SpaceStory, "s2", []string{"t:nato", "t:flood"}); err != nil {
				return err
			}
			return tx.PutKeys(ctx, otherSpace, "a1", []string{"t:nato"})
		})
		hits, err := s.Lookup(ctx, news.SpaceStory, []string{"t:nato", "t:harbour", "t:none"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []news.KeyHit{{Owner: "s1", Hits: 2}, {Owner: "s2", Hits: 1}}
		if !reflect.DeepEqual(hits, want) {
			t.Errorf("Lookup = %v, want %v", hits, want)
		}
		put(t, s, func(tx news.Tx) error { return tx.PutKeys(ctx, news.SpaceStory, "s1", []string{"t:flood"}) })
		hits, _ = s.Lookup(ctx, news.SpaceStory, []string{"t:harbour"}, 10)
		if len(hits) != 0 {
			t.Errorf("replaced keys still found: %v", hits)
		}
		if hits, _ := s.Lookup(ctx, news.SpaceStory, nil, 10); len(hits) != 0 {
			t.Errorf("empty lookup = %v", hits)
		}
	})
	t.Run("SignatureLog", func(t *testing.T) {
		s := open(t)
		if n, err := s.LastSignature(ctx); err != nil || n != 0 {
			t.Fatalf("empty log: last %d, %v", n, err)
		}
		put(t, s, func(tx news.Tx) error {
			if err := tx.PutSignature(ctx, "a1", []byte{1, 2, 3, 4}); err != nil {
				return err
			}
			return tx.PutSignature(ctx, "a2", []byte{5, 6, 7, 8})
		})
		// a rolled-back append leaves nothing
		if err := s.Update(ctx, func(tx news.Tx) error {
			if err := tx.PutSignature(ctx, "gone", []byte{9}); err != nil {
				return err
			}
			return errors.New("roll back")
		}); err == nil {
			t.Fatal("no rollback")
		}
		put(t, s, func(tx news.Tx) error { return tx.PutSignature(ctx, "a1", nil) }) // written again
		all, err := s.Signatures(ctx, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i, e := range all {
			ids = append(ids, e.ArticleID)
			if i > 0 && e.Seq <= all[i-1].Seq {
				t.Errorf("seqs not increasing: %d after %d", e.Seq, all[i-1].Seq)
			}
		}
		if !reflect.DeepEqual(ids, []string{"a1", "a2", "a1"}) || !bytes.Equal(all[1].Sig, []byte{5, 6, 7, 8}) || len(all[2].Sig) != 0 {
			t.Fatalf("log = %+v", all)
		}
		last, err := s.LastSignature(ctx)
		if err != nil || last != all[2].Seq {
			t.Errorf("last = %d, %v; want %d", last, err, all[2].Seq)
		}
		after, err := s.Signatures(ctx, all[0].Seq, 1)
		if err != nil || len(after) != 1 || after[0].ArticleID != "a2" {
			t.Errorf("after the first, one: %+v, %v", after, err)
		}
		if rest, err := s.Signatures(ctx, last, 10); err != nil || len(rest) != 0 {
			t.Errorf("after the last: %+v, %v", rest, err)
		}
	})
	t.Run("Analyses", func(t *testing.T) {
		s := open(t)
		put(t, s, func(tx news.Tx) error {
			if err := tx.PutArticle(ctx, article("a", "t")); err != nil {
				return err
			}
			if err := tx.PutAnalysis(ctx, "doc", "a", []byte(`{"v":1}`)); err != nil {
				return err
			}
			return tx.PutAnalysis(ctx, "doc", "a", []byte(`{"v":2}`))
		})
		m, err := s.Analyses(ctx, "doc", []string{"a", "b"})
		if err != nil || len(m) != 1 || string(m["a"]) != `{"v":2}` {
			t.Errorf("Analyses = %v, %v", m, err)
		}
	})
	t.Run("Meta", func(t *testing.T) {
		s := open(t)
		if b, err := s.Meta(ctx, "none"); err != nil || b != nil {
			t.Errorf("Meta(none) = %v, %v", b, err)
		}
		put(t, s, func(tx news.Tx) error { return tx.PutMeta(ctx, "k", []byte{1, 2}) })
		put(t, s, func(tx news.Tx) error { return tx.PutMeta(ctx, "k", []byte{3}) })
		if b, err := s.Meta(ctx, "k"); err != nil || len(b) != 1 || b[0] != 3 {
			t.Errorf("Meta(k) = %v, %v", b, err)
		}
	})
	t.Run("Search", func(t *testing.T) {
		s := open(t)
		put(t, s, func(tx news.Tx) error {
			if err := tx.PutArticle(ctx, article("a", "Councillor Zuzana Dvořáková tested the waters.")); err != nil {
				return err
			}
			if err := tx.PutArticle(ctx, article("b", "Floods hit the river valley.")); err != nil {
				return err
			}
			return tx.PutStory(ctx, &news.Story{ID: "s1", ArticleIDs: []string{"a"}})
		})
		hits, err := s.Search(ctx, "dvorakova", 10)
		if err != nil || len(hits) != 1 || hits[0].ArticleID != "a" || hits[0].StoryID != "s1" || hits[0].Snippet == "" {
			t.Errorf("Search(dvorakova) = %+v, %v", hits, err)
		}
		if hits, err := s.Search(ctx, `") OR drop table "`, 10); err != nil || len(hits) != 0 {
			t.Errorf("hostile query = %v, %v", hits, err)
		}
		st, err := s.Stories(ctx, news.StoryFilter{Query: "Dvořáková"})
		if err != nil || len(st) != 1 || st[0].ID != "s1" {
			t.Errorf("Stories(query) = %v, %v", st, err)
		}
	})
	t.Run("NextIDConcurrent", func(t *testing.T) {
		s := open(t)
		var mu sync.Mutex
		seen := map[string]bool{}
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					err := s.Update(ctx, func(tx news.Tx) error {
						id, err := tx.NextID(ctx, "s")
						if err != nil {
							return err
						}
						mu.Lock()
						defer mu.Unlock()
						if seen[id] {
							return fmt.Errorf("duplicate id %s", id)
						}
						seen[id] = true
						return nil
					})
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if len(seen) != 40 {
			t.Errorf("%d ids, want 40", len(seen))
		}
	})
	t.Run("ArticlesFilter", func(t *testing.T) {
		s := open(t)
		put(t, s, func(tx news.Tx) error {
			for i := 0; i < 5; i++ {
				if err := tx.PutArticle(ctx, article(fmt.Sprintf("a%d", i), fmt.Sprintf("body %d", i))); err != nil {
					return err
				}
			}
			return nil
		})
		page, err := s.Articles(ctx, news.ArticleFilter{Limit: 2, Offset: 1})
		if err != nil || !reflect.DeepEqual(ids(page), []string{"a1", "a2"}) {
			t.Errorf("page = %v, %v", ids(page), err)
		}
		some, _ := s.Articles(ctx, news.ArticleFilter{IDs: []string{"a4", "a0"}})
		got := ids(some)
		sort.Strings(got)
		if !reflect.DeepEqual(got, []string{"a0", "a4"}) {
			t.Errorf("by ids = %v", got)
		}
	})
}

func ids(as []*news.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

// Bench runs the store benchmarks: one article per transaction, and lookups.
func Bench(b *testing.B, open Opener) {
	ctx := context.Background()
	b.Run("PutArticle", func(b *testing.B) {
		s := open(b)
		body := "A report of several hundred bytes about allies, a summit and a vote. "
		for i := 0; i < 4; i++ {
			body += body
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			a := article(fmt.Sprintf("a%d", i), fmt.Sprintf("%s %d", body, i))
			if err := s.Update(ctx, func(tx news.Tx) error {
				if err := tx.PutArticle(ctx, a); err != nil {
					return err
				}
				return tx.PutSignature(ctx, a.ID, []byte(fmt.Sprintf("k%d j%d", i%1000, i%777)))
			}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	})
}
