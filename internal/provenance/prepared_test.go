package provenance

import (
	"runtime"
	"testing"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/text"
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

// heapPer returns the heap bytes that each of n values built by build
// holds, measured with all of them alive at once. What build reads (its
// inputs, the token memo) is kept alive to the end: freed once the last
// value is built, it would be subtracted from the values.
func heapPer(n int, build func(i int) any) int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	keep := make([]any, n)
	for i := range keep {
		keep[i] = build(i)
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(keep)
	runtime.KeepAlive(build)
	return (int64(ms.HeapAlloc) - int64(before)) / int64(n)
}

// maxPreparedBytes bounds the heap a prepared synthetic article holds
// beside its text (about 23.7 KB measured; 61.3 KB before sentences
// pointed at their tokens, see maxAlignedBytes): the pipeline caches
// prepared forms by the thousand.
const maxPreparedBytes = 27_000

// TestPreparedSize checks the heap a prepared synthetic article holds.
func TestPreparedSize(t *testing.T) {
	docs := synthDocs(200)
	m := align.NewMemo(200_000)
	for _, d := range docs {
		PrepareWith(d, m)
	}
	per := heapPer(len(docs), func(i int) any {
		p := PrepareWith(docs[i], m)
		p.Text = ""
		return p
	})
	t.Logf("prepared form: %d bytes per article (text excluded)", per)
	if per > maxPreparedBytes {
		t.Errorf("prepared form holds %d bytes per article, want at most %d", per, maxPreparedBytes)
	}
}

// maxAlignedBytes bounds the heap of a synthetic article's alignment form
// (align.PrepareWith through a warm Memo; 458 words in 26 sentences on
// average), the larger part of a prepared article: about 17.7 KB measured,
// 55.3 KB when each sentence copied its words' folded forms, stems, hashes
// and IDFs into slices of its own. The tokens, shared with the Memo, are
// not counted.
const maxAlignedBytes = 20_000

// TestAlignedSize checks the heap of a synthetic article's alignment form.
func TestAlignedSize(t *testing.T) {
	docs := synthDocs(200)
	sents := make([][]string, len(docs))
	m := align.NewMemo(200_000)
	for i, d := range docs {
		for _, s := range text.Sentences(d.Text) {
			sents[i] = append(sents[i], s.Text)
		}
		align.PrepareWith(sents[i], m)
	}
	per := heapPer(len(docs), func(i int) any { return align.PrepareWith(sents[i], m) })
	t.Logf("alignment form: %d bytes per article", per)
	if per > maxAlignedBytes {
		t.Errorf("alignment form holds %d bytes per article, want at most %d", per, maxAlignedBytes)
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
