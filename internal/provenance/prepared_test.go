package provenance

import (
	"runtime"
	"testing"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/cluster"
)

// synthDocs returns the first n articles of the synthetic stream the bench
// ingests (about 450 words each).
func synthDocs(n int) []Doc {
	var out []Doc
	for d := range cluster.Synth(1, n) {
		out = append(out, Doc{ID: d.ID, Text: d.Text, Hash: d.ID, Published: d.Published})
	}
	return out
}

// maxPreparedBytes bounds the heap a prepared synthetic article holds
// beside its text (about 52 KB measured, 56 KB before the slab): the
// pipeline caches prepared forms by the thousand.
const maxPreparedBytes = 60_000

// TestPreparedSize checks the heap a prepared synthetic article holds.
func TestPreparedSize(t *testing.T) {
	docs := synthDocs(200)
	m := align.NewMemo(200_000)
	for _, d := range docs {
		PrepareWith(d, m)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	keep := make([]*Prepared, len(docs))
	for i, d := range docs {
		keep[i] = PrepareWith(d, m)
		keep[i].Text = ""
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	per := (int64(ms.HeapAlloc) - int64(before)) / int64(len(docs))
	runtime.KeepAlive(keep)
	t.Logf("prepared form: %d bytes per article (text excluded)", per)
	if per > maxPreparedBytes {
		t.Errorf("prepared form holds %d bytes per article, want at most %d", per, maxPreparedBytes)
	}
}

// BenchmarkPrepareSynth is the cost of a prepared-cache miss in the
// pipeline: one synthetic article prepared with a warm token memo.
func BenchmarkPrepareSynth(b *testing.B) {
	docs := synthDocs(200)
	m := align.NewMemo(200_000)
	i := 0
	for b.Loop() {
		PrepareWith(docs[i%len(docs)], m)
		i++
	}
}

// BenchmarkPairSynth is PairPrepared on the same-story pairs of the first
// synthetic articles, prepared once: the alignment work of the pipeline's
// source checks, on article-length texts.
func BenchmarkPairSynth(b *testing.B) {
	var docs []*Prepared
	var story []int
	m := align.NewMemo(200_000)
	for d := range cluster.Synth(1, 200) {
		docs = append(docs, PrepareWith(Doc{ID: d.ID, Text: d.Text, Hash: d.ID, Published: d.Published}, m))
		story = append(story, d.Story)
	}
	var pairs [][2]*Prepared
	for i := range docs {
		for j := range i {
			if story[i] == story[j] {
				pairs = append(pairs, [2]*Prepared{docs[j], docs[i]})
			}
		}
	}
	i := 0
	for b.Loop() {
		PairPrepared(pairs[i%len(pairs)][0], pairs[i%len(pairs)][1])
		i++
	}
}
