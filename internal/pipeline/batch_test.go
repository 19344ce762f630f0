package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

// synthArticles returns n generated articles, with every tenth an exact
// copy of the one before (a different id, the same text).
func synthArticles(n int) []*news.Article {
	var arts []*news.Article
	for d := range cluster.Synth(7, n) {
		arts = append(arts, &news.Article{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published,
			Outlet: fmt.Sprintf("Outlet %d", d.Story%5), Language: "en"})
		if len(arts)%10 == 9 {
			prev := arts[len(arts)-1]
			cp := *prev
			cp.ID, cp.Outlet = prev.ID+"-copy", "Copier"
			arts = append(arts, &cp)
		}
	}
	return arts
}

// state is what a store holds after ingest, for comparing two runs.
type state struct {
	Outcomes  []pipeline.Outcome
	Stories   map[string][]string
	Lineages  map[string]any
	Relations map[string][]news.Relation
	DocFreq   []byte
}

func readState(t *testing.T, s news.Store, outs []pipeline.Outcome) state {
	t.Helper()
	ctx := context.Background()
	st := state{Outcomes: outs, Stories: map[string][]string{}, Lineages: map[string]any{}, Relations: map[string][]news.Relation{}}
	stories, err := s.Stories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range stories {
		st.Stories[x.ID] = x.ArticleIDs
		st.Lineages[x.ID] = x.Lineages
		if st.Relations[x.ID], err = s.Relations(ctx, x.ID); err != nil {
			t.Fatal(err)
		}
	}
	if st.DocFreq, err = s.Meta(ctx, "cluster.docfreq"); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestAddBatchMatchesAdd(t *testing.T) {
	ctx := context.Background()
	arts := synthArticles(90)
	ingest := func(t *testing.T, s news.Store, batch int) state {
		pl, err := pipeline.New(ctx, s, pipeline.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(t.Name(), "reading everything") {
			pipeline.ForgetWrites(pl)
		}
		var outs []pipeline.Outcome
		for i := 0; i < len(arts); i += batch {
			group := make([]*news.Article, 0, batch)
			for _, a := range arts[i:min(i+batch, len(arts))] {
				cp := *a
				group = append(group, &cp)
			}
			if batch == 1 {
				out, err := pl.Add(ctx, group[0])
				if err != nil {
					t.Fatal(err)
				}
				outs = append(outs, out)
				continue
			}
			o, errs := pl.AddBatch(ctx, group)
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			outs = append(outs, o...)
		}
		if err := pl.Close(ctx); err != nil {
			t.Fatal(err)
		}
		return readState(t, s, outs)
	}
	want := ingest(t, openStore(t), 1)
	tests := []struct {
		name  string
		batch int
		plain bool // through a store wrapper that hides the sqlite StoryProfiles shortcut
	}{
		{"pairs", 2, false},
		{"groups of seven", 7, false},
		{"groups of 32", 32, false},
		{"Add reading whole candidate stories", 1, true},
		{"groups of seven reading whole candidate stories", 7, true},
		{"groups of 16 reading everything from the store", 16, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t)
			if tt.plain {
				s = failStore{s, ""}
			}
			got := ingest(t, s, tt.batch)
			if !reflect.DeepEqual(got.Outcomes, want.Outcomes) {
				t.Errorf("outcomes differ from Add's:\n got %+v\nwant %+v", got.Outcomes, want.Outcomes)
			}
			if !reflect.DeepEqual(got.Stories, want.Stories) {
				t.Errorf("stories differ from Add's")
			}
			if !reflect.DeepEqual(got.Lineages, want.Lineages) || !reflect.DeepEqual(got.Relations, want.Relations) {
				t.Errorf("provenance differs from Add's")
			}
			if string(got.DocFreq) != string(want.DocFreq) {
				t.Errorf("term statistics differ from Add's")
			}
		})
	}
}

// failStore refuses to store one article, failing its transaction.
type failStore struct {
	news.Store
	bad string
}

func (f failStore) Update(ctx context.Context, fn func(news.Tx) error) error {
	return f.Store.Update(ctx, func(tx news.Tx) error { return fn(failTx{tx, f.bad}) })
}

type failTx struct {
	news.Tx
	bad string
}

func (t failTx) PutArticle(ctx context.Context, a *news.Article) error {
	if a.ID == t.bad {
		return errors.New("refused")
	}
	return t.Tx.PutArticle(ctx, a)
}

func TestAddBatchFailureIsolated(t *testing.T) {
	ctx := context.Background()
	arts := synthArticles(12)
	tests := []struct {
		name string
		bad  string // id the store refuses; "" none
	}{
		{"one refused", arts[3].ID},
		{"none refused", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := openStore(t)
			s := failStore{base, tt.bad}
			pl, err := pipeline.New(ctx, s, pipeline.Options{})
			if err != nil {
				t.Fatal(err)
			}
			batch := append([]*news.Article{{Text: "no id"}}, arts...)
			outs, errs := pl.AddBatch(ctx, batch)
			if errs[0] == nil {
				t.Error("an article without id was accepted")
			}
			for i, a := range batch[1:] {
				err := errs[i+1]
				if (a.ID == tt.bad) != (err != nil) {
					t.Errorf("%s: error %v", a.ID, err)
				}
				_, gerr := base.Article(ctx, a.ID)
				if stored := gerr == nil; stored != (a.ID != tt.bad) {
					t.Errorf("%s: stored %v", a.ID, stored)
				}
				if err == nil && outs[i+1].StoryID == "" {
					t.Errorf("%s: no story", a.ID)
				}
			}
			if probs, err := pipeline.Check(ctx, base); err != nil || len(probs) > 0 {
				t.Errorf("Check = %v, %v", probs, err)
			}
			// Re-adding stores nothing twice.
			outs, errs = pl.AddBatch(ctx, arts)
			for i := range arts {
				if errs[i] == nil && arts[i].ID != tt.bad && !outs[i].Unchanged {
					t.Errorf("%s re-added: %+v", arts[i].ID, outs[i])
				}
			}
		})
	}
}

// BenchmarkAdd compares Add with AddBatch over one synthetic stream: an op
// is one article.
func BenchmarkAdd(b *testing.B) {
	arts := synthArticles(300)
	for _, batch := range []int{1, 16} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ctx := context.Background()
			var pl *pipeline.Pipeline
			next := len(arts) // start a fresh store at the first op and after each pass
			b.ReportAllocs()
			for b.Loop() {
				if next == len(arts) {
					b.StopTimer()
					var err error
					if pl, err = pipeline.New(ctx, openStore(b), pipeline.Options{}); err != nil {
						b.Fatal(err)
					}
					next = 0
					b.StartTimer()
				}
				if batch == 1 || next%batch != 0 {
					if batch == 1 {
						if _, err := pl.Add(ctx, cloneArticle(arts[next])); err != nil {
							b.Fatal(err)
						}
					}
					next++
					continue
				}
				end := min(next+batch, len(arts))
				group := make([]*news.Article, 0, batch)
				for _, a := range arts[next:end] {
					group = append(group, cloneArticle(a))
				}
				if _, errs := pl.AddBatch(ctx, group); errors.Join(errs...) != nil {
					b.Fatal(errors.Join(errs...))
				}
				next++
			}
		})
	}
}

func cloneArticle(a *news.Article) *news.Article {
	cp := *a
	return &cp
}

// TestAddBatchUnchangedWritesNothing re-adds a stored group: every outcome
// is unchanged, and no story, relation or placement generation moves.
func TestAddBatchUnchangedWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	pl, err := pipeline.New(ctx, s, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts := synthArticles(20)
	if _, errs := pl.AddBatch(ctx, arts); errors.Join(errs...) != nil {
		t.Fatal(errors.Join(errs...))
	}
	before := readState(t, s, nil)
	gen, _ := s.Meta(ctx, "pipeline.generation")
	again := make([]*news.Article, len(arts))
	for i, a := range arts {
		cp := *a
		cp.DuplicateOf = ""
		again[i] = &cp
	}
	outs, errs := pl.AddBatch(ctx, again)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if !o.Unchanged {
			t.Errorf("re-added %s: %+v, want unchanged", o.ArticleID, o)
		}
	}
	after := readState(t, s, nil)
	if gen2, _ := s.Meta(ctx, "pipeline.generation"); string(gen2) != string(gen) {
		t.Errorf("placement generation moved from %s to %s", gen, gen2)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("re-adding an unchanged group changed the store")
	}
}
