package dedup

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// randomKeys returns n articles' worth of random band keys.
func randomKeys(rng *rand.Rand, n int) [][]Band {
	out := make([][]Band, n)
	for i := range out {
		out[i] = make([]Band, Bands)
		for b := range out[i] {
			out[i][b] = Band(rng.Uint32())
		}
	}
	return out
}

func TestIndexFindsCopiesAcrossSegments(t *testing.T) {
	edited := strings.Replace(base, "Tuesday", "Wednesday", 1)
	ix := NewIndex(100, 8)
	rng := rand.New(rand.NewPCG(3, 4))
	_, orig := Fingerprint(base)
	ix.Add("orig", orig)
	for i, k := range randomKeys(rng, 20) { // seals two segments after orig's
		ix.Add(fmt.Sprint("noise", i), k)
	}
	_, ed := Fingerprint(edited)
	hits := ix.Candidates(ed, 5)
	if len(hits) == 0 || hits[0].ID != "orig" {
		t.Fatalf("edited copy: candidates %v, want orig first", hits)
	}
	if hits[0].Hits < 1 || hits[0].Hits > Bands {
		t.Errorf("hits %d", hits[0].Hits)
	}
	if got := ix.Candidates(orig, 0); len(got) != 1 || got[0] != (Hit{"orig", Bands}) {
		t.Errorf("exact copy: %v", got)
	}
	_, other := Fingerprint("Shares in the chip maker fell sharply after it warned that demand for its processors would weaken in the second half of the year.")
	if got := ix.Candidates(other, 0); len(got) != 0 {
		t.Errorf("unrelated text: %v", got)
	}
}

// TestIndexSealingKeepsAnswers checks that the answers are the same whether
// the articles sit in the open map or in sealed arrays.
func TestIndexSealingKeepsAnswers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys := randomKeys(rng, 300)
	// share some keys so that ranking by hits and ties by id matter
	for i := 1; i < len(keys); i += 3 {
		copy(keys[i][:i%Bands], keys[i-1][:i%Bands])
	}
	open, sealed := NewIndex(1000, 1000), NewIndex(1000, 7)
	for i, k := range keys {
		id := fmt.Sprintf("a%03d", i)
		open.Add(id, k)
		sealed.Add(id, k)
	}
	for i := 0; i < len(keys); i += 11 {
		want, got := open.Candidates(keys[i], 4), sealed.Candidates(keys[i], 4)
		if !slices.Equal(got, want) {
			t.Fatalf("query %d: sealed %v, open %v", i, got, want)
		}
		if got[0].ID != fmt.Sprintf("a%03d", i) || got[0].Hits != Bands {
			t.Fatalf("query %d: %v does not lead with itself", i, got)
		}
	}
}

func TestIndexWindow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	keys := randomKeys(rng, 100)
	ix := NewIndex(30, 10)
	for i, k := range keys {
		ix.Add(fmt.Sprint(i), k)
	}
	if n := ix.Len(); n < 30 || n > 30+2*10 {
		t.Errorf("holds %d articles, want the window of 30 plus under two segments", n)
	}
	if got := ix.Candidates(keys[0], 0); len(got) != 0 {
		t.Errorf("the oldest article is still found: %v", got)
	}
	for i := 100 - 30; i < 100; i++ {
		if got := ix.Candidates(keys[i], 1); len(got) != 1 || got[0].ID != fmt.Sprint(i) {
			t.Fatalf("article %d inside the window not found: %v", i, got)
		}
	}
}

// TestIndexMergesSegments checks that sealed segments merge, so that a
// lookup visits a few segments however large the window, and that every
// article in the window, including the newest and the oldest kept, is still
// found by its keys, extreme keys among them.
func TestIndexMergesSegments(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	keys := randomKeys(rng, 3000)
	keys[2990][0], keys[2991][0] = 0, ^Band(0) // the directory's first and last buckets
	for i := 2992; i < 3000; i++ {
		keys[i][1] = keys[2992][1] // one key shared by eight articles
	}
	ix := NewIndex(256, 4) // merges up to 64 articles
	for i, k := range keys {
		ix.Add(fmt.Sprint(i), k)
	}
	// at most 256/64+1 full segments, one each of 32, 16, 8 and 4, the open one
	if n := ix.Segments(); n > 10 {
		t.Errorf("a lookup visits %d segments", n)
	}
	n := ix.Len()
	if n < 256 || n > 256+64+4 {
		t.Errorf("holds %d articles", n)
	}
	for i := 3000 - n; i < 3000; i++ {
		got := ix.Candidates(keys[i], 0)
		if len(got) == 0 || got[0] != (Hit{fmt.Sprint(i), Bands}) {
			t.Fatalf("article %d not found first: %v", i, got[:min(len(got), 3)])
		}
	}
	if got := ix.Candidates(keys[2992][1:2], 0); len(got) != 8 {
		t.Errorf("shared key: %d articles, want 8", len(got))
	}
	if got := ix.Candidates(keys[3000-n-1], 0); len(got) != 0 {
		t.Errorf("an article older than the window is found: %v", got)
	}
}

func TestIndexReAddedArticleCountsOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	keys := randomKeys(rng, 2)
	ix := NewIndex(100, 2)
	ix.Add("x", keys[0])
	ix.Add("y", keys[1])
	ix.Add("x", keys[0]) // the same id in two segments
	if got := ix.Candidates(keys[0], 0); len(got) != 1 || got[0] != (Hit{"x", Bands}) {
		t.Errorf("got %v", got)
	}
}

func TestIndexConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	keys := randomKeys(rng, 400)
	ix := NewIndex(100, 16)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i, k := range keys {
			ix.Add(fmt.Sprint(i), k)
		}
	}()
	go func() {
		defer wg.Done()
		for _, k := range keys {
			ix.Candidates(k, 3)
		}
	}()
	wg.Wait()
	if got := ix.Candidates(keys[399], 1); len(got) != 1 || got[0].ID != "399" {
		t.Errorf("got %v", got)
	}
}

// BenchmarkIndexCandidates looks up an article's keys in a full window.
func BenchmarkIndexCandidates(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	ix := NewIndex(DefaultWindow, DefaultSegment)
	k := make([]Band, Bands)
	for i := range DefaultWindow {
		for j := range k {
			k[j] = Band(rng.Uint32())
		}
		ix.Add(fmt.Sprint(i), k)
	}
	q := randomKeys(rng, 1)[0]
	b.ResetTimer()
	for b.Loop() {
		ix.Candidates(q, 11)
	}
}

// BenchmarkIndexCandidatesCold looks up a different article's keys each
// time in a full window, half of them stored articles' keys, as ingest does:
// each query meets the entries cold.
func BenchmarkIndexCandidatesCold(b *testing.B) {
	rng := rand.New(rand.NewPCG(15, 16))
	ix := NewIndex(DefaultWindow, DefaultSegment)
	stored := randomKeys(rng, DefaultWindow)
	for i, k := range stored {
		ix.Add(fmt.Sprint(i), k)
	}
	queries := randomKeys(rng, 1<<12)
	for i := 0; i < len(queries); i += 2 {
		queries[i] = stored[rng.IntN(len(stored))]
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Candidates(queries[i%len(queries)], 11)
		i++
	}
}

// FuzzDecodeBands checks that any stored bytes decode without a panic,
// and that what decodes encodes back to the same bytes.
func FuzzDecodeBands(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3})
	f.Add(EncodeBands(BandKeys(Sign(Shingles(base, ShingleSize)))))
	f.Fuzz(func(t *testing.T, b []byte) {
		keys, err := DecodeBands(b)
		if err != nil {
			if len(b)%4 == 0 {
				t.Fatalf("%d bytes refused: %v", len(b), err)
			}
			return
		}
		if got := EncodeBands(keys); !slices.Equal(got, b) && len(b) > 0 {
			t.Fatalf("round trip changed %x into %x", b, got)
		}
		ix := NewIndex(4, 2)
		ix.Add("x", keys)
		if len(keys) > 0 {
			if hits := ix.Candidates(keys, 0); len(hits) != 1 || hits[0].ID != "x" {
				t.Fatalf("an article is not its own candidate: %v", hits)
			}
		}
	})
}
