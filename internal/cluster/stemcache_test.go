package cluster

import (
	"maps"
	"math"
	"sync"
	"testing"
)

func TestCountWeighMatchesExtract(t *testing.T) {
	docs := []Doc{}
	for d := range Synth(3, 60) {
		docs = append(docs, Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published})
	}
	tests := []struct {
		name    string
		workers int
	}{
		{"one caller", 1},
		{"concurrent callers", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df := NewSketch(12)
			cache := NewStemCache()
			got := make([]Features, len(docs))
			var wg sync.WaitGroup
			for w := 0; w < tt.workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < len(docs); i += tt.workers {
						got[i] = Count(docs[i], cache).Weigh(df)
					}
				}()
			}
			wg.Wait()
			for i, d := range docs {
				// Equal up to the last bits: Extract normalises by sums
				// over maps, whose order varies from call to call.
				if want := Extract(d, df); !sameFeatures(got[i], want) {
					t.Fatalf("%s: Count then Weigh differs from Extract", d.ID)
				}
			}
			if len(cache.m) == 0 {
				t.Fatal("cache stayed empty")
			}
		})
	}
}

func sameFeatures(a, b Features) bool {
	near := func(x, y map[string]float64) bool {
		if len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || math.Abs(v-w) > 1e-12 {
				return false
			}
		}
		return true
	}
	return near(a.Terms, b.Terms) && near(a.Entities, b.Entities) && near(a.Lead, b.Lead) && a.Date.Equal(b.Date)
}

func BenchmarkCountWeigh(b *testing.B) {
	var docs []Doc
	for d := range Synth(3, 200) {
		docs = append(docs, Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published})
	}
	df := NewSketch(12)
	cache := NewStemCache()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Count(docs[i%len(docs)], cache).Weigh(df)
	}
}

func TestSketchForget(t *testing.T) {
	var fs []Features
	for d := range Synth(5, 20) {
		fs = append(fs, Extract(Doc{ID: d.ID, Title: d.Title, Text: d.Text}, NewSketch(10)))
	}
	tests := []struct {
		name   string
		kept   int // observed and kept
		forgot int // observed after them, then forgotten
	}{
		{"forget all", 0, 5},
		{"forget the last few", 15, 5},
		{"forget none", 20, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, got := NewSketch(12), NewSketch(12)
			for _, f := range fs[:tt.kept] {
				want.Observe(f)
				got.Observe(f)
			}
			for _, f := range fs[tt.kept : tt.kept+tt.forgot] {
				got.Observe(f)
			}
			for _, f := range fs[tt.kept : tt.kept+tt.forgot] {
				got.Forget(f)
			}
			wb, _ := want.MarshalBinary()
			gb, _ := got.MarshalBinary()
			if string(wb) != string(gb) {
				t.Fatal("sketch after Observe+Forget differs from one that never observed")
			}
		})
	}
}

// plainFreq hides a DocFreq's type, so weigh looks keys up by Freq.
type plainFreq struct{ DocFreq }

// TestWeighByHashMatchesFreq: weighing a Sketch, or a Prior over one, by
// the hashes and background shares worked out while counting gives exactly
// what looking each key up by Freq gives.
func TestWeighByHashMatchesFreq(t *testing.T) {
	var counts []Counts
	for d := range Synth(5, 80) {
		counts = append(counts, Count(Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published}, nil))
	}
	sk := NewSketch(10) // small: collisions are part of what must match
	for _, c := range counts[:40] {
		sk.Observe(c.Weigh(sk))
	}
	tests := []struct {
		name        string
		fast, plain DocFreq
	}{
		{"sketch", sk, plainFreq{sk}},
		{"prior over a sketch", Prior{Stream: sk, Weight: 50}, Prior{Stream: plainFreq{sk}, Weight: 50}},
		{"prior without weight", Prior{Stream: sk}, plainFreq{Prior{Stream: sk}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, c := range counts {
				got, want := c.Weigh(tt.fast), c.Weigh(tt.plain)
				if !maps.Equal(got.Terms, want.Terms) || !maps.Equal(got.Entities, want.Entities) || !maps.Equal(got.Lead, want.Lead) {
					t.Fatalf("doc %d: weighed by hash %v, by Freq %v", i, got.Terms, want.Terms)
				}
			}
		})
	}
	if got := counts[0].Weigh(Prior{Stream: sk, Weight: 50}); maps.Equal(got.Terms, counts[0].Weigh(sk).Terms) {
		t.Fatal("the prior changed no weight: the test cannot tell the paths apart")
	}
}

func BenchmarkWeigh(b *testing.B) {
	var counts []Counts
	for d := range Synth(3, 200) {
		counts = append(counts, Count(Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published}, nil))
	}
	sk := NewSketch(20)
	for _, c := range counts {
		sk.Observe(c.Weigh(sk))
	}
	df := Prior{Stream: sk, Weight: 100}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		counts[i%len(counts)].Weigh(df)
	}
}

// BenchmarkCountParallel counts on every core through one stem cache, as
// the pipeline's analysis does.
func BenchmarkCountParallel(b *testing.B) {
	var docs []Doc
	for d := range Synth(3, 200) {
		docs = append(docs, Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published})
	}
	cache := NewStemCache()
	for _, d := range docs {
		Count(d, cache)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			Count(docs[i%len(docs)], cache)
		}
	})
}
