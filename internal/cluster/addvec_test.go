package cluster

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// addVecByMap is addVec as first written: every entry into a map, then a
// full sort. addVec must give exactly what it gives.
func addVecByMap(v []Weight, add map[string]float64, scale float64, max int) []Weight {
	if len(add) == 0 {
		return v
	}
	m := make(map[string]float64, len(v)+len(add))
	for _, e := range v {
		m[e.K] = float64(e.W)
	}
	for k, w := range add {
		m[k] += scale * w
	}
	out := make([]Weight, 0, len(m))
	for k, w := range m {
		out = append(out, Weight{K: k, W: float32(w)})
	}
	slices.SortFunc(out, func(a, b Weight) int {
		if c := cmp.Compare(b.W, a.W); c != 0 {
			return c
		}
		return strings.Compare(a.K, b.K)
	})
	if len(out) > max {
		out = append([]Weight(nil), out[:max]...)
	}
	return out
}

func TestAddVecMatchesFullSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	// weights from a few values, so that ties (broken by key) are common
	weight := func() float64 { return float64(1+rng.IntN(6)) / 8 }
	vec := func(n, keys int) map[string]float64 {
		m := map[string]float64{}
		for range n {
			m[fmt.Sprintf("k%d", rng.IntN(keys))] = weight()
		}
		return m
	}
	tests := []struct {
		name     string
		sorted   bool
		n, max   int
		addN     int
		keySpace int
	}{
		{"sorted, room to spare", true, 20, 100, 10, 60},
		{"sorted, truncated", true, 40, 30, 25, 80},
		{"sorted, add overlaps all", true, 30, 30, 60, 30},
		{"sorted, empty profile", true, 0, 10, 20, 40},
		{"unsorted profile", false, 40, 30, 25, 80},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for trial := range 200 {
				v := addVecByMap(nil, vec(tt.n, tt.keySpace), 1, 1<<30)
				if !tt.sorted {
					rng.Shuffle(len(v), func(i, j int) { v[i], v[j] = v[j], v[i] })
				}
				add := vec(tt.addN, tt.keySpace)
				scale := []float64{1, 0.5, -1}[trial%3]
				want := addVecByMap(slices.Clone(v), add, scale, tt.max)
				if got := addVec(slices.Clone(v), add, scale, tt.max); !slices.Equal(got, want) {
					t.Fatalf("trial %d:\n got  %v\n want %v", trial, got, want)
				}
			}
		})
	}
}

func BenchmarkProfileAdd(b *testing.B) {
	var fs []Features
	df := NewSketch(16)
	for d := range Synth(3, 400) {
		f := Extract(Doc{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published}, df)
		df.Observe(f)
		fs = append(fs, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		var p Profile
		for _, f := range fs[:12] {
			p.Add(f)
		}
	}
}
