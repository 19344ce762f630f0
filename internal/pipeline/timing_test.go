package pipeline

import (
	"context"
	"testing"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/news"
)

// TestTimingAccrues checks that Overlap and Add record where their time
// goes: analysis beside the transactions, placement and the wait for
// alignments inside them.
func TestTimingAccrues(t *testing.T) {
	ctx := context.Background()
	_, p := openPipeline(t, Options{})
	in := make(chan *news.Article, 64)
	for d := range cluster.Synth(3, 60) {
		in <- &news.Article{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published, Outlet: "Outlet"}
	}
	close(in)
	n := 0
	Overlap(ctx, p, in, 16, func(a *news.Article) *news.Article { return a }, func(g []*news.Article, _ []Outcome, errs []error) {
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		n += len(g)
	})
	if n != 60 {
		t.Fatalf("%d articles added", n)
	}
	got := p.Timing()
	if got.Analyse <= 0 || got.Transaction <= 0 || got.Place <= 0 || got.AlignWait < 0 || got.Handover < 0 {
		t.Fatalf("timing after 60 articles: %+v", got)
	}
	if got.Place+got.AlignWait > got.Transaction {
		t.Errorf("placement %v and alignment wait %v exceed the transactions' %v", got.Place, got.AlignWait, got.Transaction)
	}
	before := got
	var a *news.Article
	for d := range cluster.Synth(4, 1) {
		a = &news.Article{ID: "one", Title: d.Title, Text: d.Text, Published: d.Published}
	}
	if _, err := p.Add(ctx, a); err != nil {
		t.Fatal(err)
	}
	d := p.Timing().Sub(before)
	if d.Transaction <= 0 || d.Place <= 0 || d.Analyse != 0 {
		t.Errorf("Add's timing: %+v", d)
	}
	if sum := before.Add(d); sum != p.Timing() {
		t.Errorf("Add of Sub: %+v, want %+v", sum, p.Timing())
	}
}
