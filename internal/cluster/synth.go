package cluster

import (
	"context"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/cputime"
)

// SynthDoc is one generated article with the story it was generated for.
type SynthDoc struct {
	Doc
	Story int
}

// Synth generates a deterministic synthetic news stream of n articles for
// benchmarks: the same seed gives the same stream.
//
// Background text is drawn from a Zipf distribution over 30,000
// pseudo-English words, so term statistics look like news. Each story has
// 12 story words and 4 capitalised names of its own; an article of a story
// is 300-600 words with about one word in eight taken from its story's
// vocabulary and a few name mentions. A new story starts with probability
// 1/8 (mean story size 8); otherwise the article continues one of the 2,000
// most recent stories, recent ones more often. Publication times advance
// about a minute per article, so a million articles span two years.
func Synth(seed int64, n int) iter.Seq[SynthDoc] {
	return func(yield func(SynthDoc) bool) {
		rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
		g := newSynthGen(rng)
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		var recent []int // story ids, oldest first
		stories := 0
		var sb strings.Builder
		for i := range n {
			var st int
			if len(recent) == 0 || rng.IntN(8) == 0 {
				st = stories
				stories++
				recent = append(recent, st)
				if len(recent) > 2000 {
					recent = recent[1:]
				}
			} else {
				// recent stories are more likely to get another article
				k := int(float64(len(recent)) * math.Pow(rng.Float64(), 3))
				st = recent[len(recent)-1-k]
			}
			sb.Reset()
			title := g.article(&sb, rng, st)
			d := SynthDoc{Story: st}
			d.ID = fmt.Sprintf("synth-%d", i)
			d.Title = title
			d.Text = sb.String()
			d.Published = start.Add(time.Duration(i) * time.Minute)
			if !yield(d) {
				return
			}
		}
	}
}

type synthGen struct {
	words []string
	cdf   []float64
}

var (
	synthOnsets = []string{"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "pl", "gr", "ch", "sh"}
	synthVowels = []string{"a", "e", "i", "o", "u", "ai", "ea", "ou"}
	synthCodas  = []string{"", "n", "r", "s", "t", "l", "nd", "st", "ck"}
)

// pseudoWord spells i as two or three syllables, distinct for distinct i.
func pseudoWord(i int) string {
	var b strings.Builder
	for k := 0; k < 2 || i > 0; k++ {
		b.WriteString(synthOnsets[i%len(synthOnsets)])
		i /= len(synthOnsets)
		b.WriteString(synthVowels[i%len(synthVowels)])
		i /= len(synthVowels)
		if k == 1 || i == 0 {
			b.WriteString(synthCodas[i%len(synthCodas)])
			i /= len(synthCodas)
		}
	}
	return b.String()
}

func newSynthGen(_ *rand.Rand) *synthGen {
	const vocab = 30000
	g := &synthGen{words: make([]string, vocab), cdf: make([]float64, vocab)}
	sum := 0.0
	for i := range vocab {
		g.words[i] = pseudoWord(i)
		sum += 1 / math.Pow(float64(i+1), 1.05)
		g.cdf[i] = sum
	}
	for i := range g.cdf {
		g.cdf[i] /= sum
	}
	return g
}

func (g *synthGen) background(rng *rand.Rand) string {
	return g.words[sort.SearchFloat64s(g.cdf, rng.Float64())%len(g.words)]
}

// storyWord and storyName derive a story's own vocabulary from its id,
// far out of the background range so they are rare terms.
func storyWord(st, k int) string { return pseudoWord(1_000_000 + st*16 + k) }
func storyName(st, k int) string {
	w := pseudoWord(50_000_000 + st*8 + k)
	return strings.ToUpper(w[:1]) + w[1:]
}

// article writes one article of story st into sb and returns its title.
func (g *synthGen) article(sb *strings.Builder, rng *rand.Rand, st int) string {
	title := storyName(st, 0) + " " + storyWord(st, 0) + " " + storyWord(st, 1+rng.IntN(4)) + " " + g.background(rng)
	sb.WriteString(title)
	sb.WriteString("\n")
	words := 300 + rng.IntN(301)
	sentence := 0
	for i := range words {
		var w string
		switch r := rng.IntN(100); {
		case r < 12:
			w = storyWord(st, rng.IntN(12))
		case r < 15:
			w = storyName(st, rng.IntN(4))
		default:
			w = g.background(rng)
		}
		if sentence == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		sb.WriteString(w)
		sentence++
		if sentence > 8 && rng.IntN(10) == 0 || i == words-1 {
			sb.WriteString(".")
			sentence = 0
			if rng.IntN(5) == 0 {
				sb.WriteString("\n")
				continue
			}
		}
		sb.WriteString(" ")
	}
	return title
}

// BenchResult is what Bench measured.
type BenchResult struct {
	Articles    int           `json:"articles"`
	Stories     int           `json:"stories"`      // stories the clusterer made
	GoldStories int           `json:"gold_stories"` // stories the generator made
	Ingest      time.Duration `json:"ingest_ns"`    // time inside Memory.Ingest only
	PerSecond   float64       `json:"articles_per_second"`
	// Checkpoints gives the rate over each stretch of the stream, to show
	// whether it stays flat as history grows.
	Checkpoints []BenchCheckpoint `json:"checkpoints"`
	PeakHeap    uint64            `json:"peak_heap_inuse_bytes"`
	PeakSys     uint64            `json:"peak_sys_bytes"`
	LiveHeap    uint64            `json:"live_heap_bytes"` // after a final GC, clusterer still alive
	BCubedF1    float64           `json:"bcubed_f1"`       // against the generator's stories
	// CPU is the process's user+system CPU time over the run (getrusage;
	// the generator and GC included; 0 where unsupported): on a shared machine wall-clock rates mislead,
	// Articles/CPU is the single-core rate.
	CPU          time.Duration `json:"cpu_ns"`
	PerCPUSecond float64       `json:"articles_per_cpu_second"`
}

// BenchCheckpoint is the ingest rate over the articles since the previous one.
type BenchCheckpoint struct {
	Articles  int     `json:"articles"`
	PerSecond float64 `json:"articles_per_second"`
	// PerCPUSecond is the rate per second of process CPU time over the
	// stretch (generator included): steady on a machine shared with others.
	PerCPUSecond float64 `json:"articles_per_cpu_second"`
	HeapInuse    uint64  `json:"heap_inuse_bytes"`
}

// Bench feeds n synthetic articles (Synth(seed, n)) through Memory.Ingest
// (Extract + Keys + Candidates + Place + profile update) and measures the
// rate, its flatness (a checkpoint every n/10 articles) and peak memory
// (runtime.MemStats HeapInuse and Sys, sampled at every checkpoint and
// every 10,000 articles). progress, if not nil, is called at checkpoints.
// The lead's `crosscheck bench` calls this.
func Bench(ctx context.Context, seed int64, n int, cfg Config, progress func(BenchCheckpoint)) (*BenchResult, error) {
	m := NewMemory(cfg)
	res := &BenchResult{}
	step := max(n/10, 1)
	var ms runtime.MemStats
	sample := func() {
		runtime.ReadMemStats(&ms)
		res.PeakHeap = max(res.PeakHeap, ms.HeapInuse)
		res.PeakSys = max(res.PeakSys, ms.Sys)
	}
	// BCubed from the contingency table: (pred, gold) -> count
	cell := map[[2]int32]int32{}
	predSize := map[int32]int32{}
	goldSize := map[int32]int32{}
	storyIdx := map[string]int32{}
	var since time.Duration
	cpu0 := cputime.Used()
	cpuMark, markN := cpu0, 0
	for d := range Synth(seed, n) {
		if res.Articles%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("cluster: bench: %w", err)
			}
		}
		t0 := time.Now()
		id := m.Add(d.Doc)
		el := time.Since(t0)
		res.Ingest += el
		since += el
		res.Articles++
		p, ok := storyIdx[id]
		if !ok {
			p = int32(len(storyIdx))
			storyIdx[id] = p
		}
		cell[[2]int32{p, int32(d.Story)}]++
		predSize[p]++
		goldSize[int32(d.Story)]++
		if res.Articles%10000 == 0 {
			sample()
		}
		if res.Articles%step == 0 || res.Articles == n {
			sample()
			cp := BenchCheckpoint{Articles: res.Articles, PerSecond: float64(step) / since.Seconds(), HeapInuse: ms.HeapInuse}
			if res.Articles%step != 0 {
				cp.PerSecond = float64(res.Articles%step) / since.Seconds()
			}
			if c := cputime.Used(); c > cpuMark {
				cp.PerCPUSecond = float64(res.Articles-markN) / (c - cpuMark).Seconds()
				cpuMark, markN = c, res.Articles
			}
			since = 0
			res.Checkpoints = append(res.Checkpoints, cp)
			if progress != nil {
				progress(cp)
			}
		}
	}
	res.CPU = cputime.Used() - cpu0
	if res.CPU > 0 {
		res.PerCPUSecond = float64(res.Articles) / res.CPU.Seconds()
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	res.LiveHeap = ms.HeapAlloc
	res.Stories = m.Stories()
	res.GoldStories = len(goldSize)
	if res.Ingest > 0 {
		res.PerSecond = float64(res.Articles) / res.Ingest.Seconds()
	}
	var bp, br float64
	for k, c := range cell {
		fc := float64(c)
		bp += fc * fc / float64(predSize[k[0]])
		br += fc * fc / float64(goldSize[k[1]])
	}
	runtime.KeepAlive(m)
	if res.Articles > 0 {
		bp /= float64(res.Articles)
		br /= float64(res.Articles)
		res.BCubedF1 = 2 * bp * br / (bp + br)
	}
	return res, nil
}
