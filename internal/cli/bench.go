package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/cputime"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

type benchCmd struct {
	m   *Main
	cfg Config
}

// benchPoint is one checkpoint of a benchmark run.
type benchPoint struct {
	Store       string  `json:"store"`
	Workers     int     `json:"workers"`
	Articles    int     `json:"articles"`
	PerSecond   float64 `json:"articles_per_second"` // over the stretch since the previous checkpoint
	Overall     float64 `json:"overall_per_second"`  // since the start
	PeakSysMiB  float64 `json:"peak_sys_mib"`        // Go runtime memory obtained from the OS, peak so far
	PeakHeapMiB float64 `json:"peak_heap_mib"`
	// PerCPUSecond is the rate per second of process CPU time (user+system,
	// the generator included) over the stretch: steady where the wall-clock
	// rate depends on what else the machine runs. 0 when unknown.
	PerCPUSecond float64 `json:"articles_per_cpu_second"`
	// Time is where the wall time of the stretch went (pipeline mode).
	Time *benchTime `json:"time,omitempty"`
}

// benchTime is where a stretch's wall time went, as shares of it (of
// each worker's: a share of 1 is one worker busy throughout), from
// pipeline.Timing. Only the transaction's share can make ingest slower:
// Overlap analyses the next group meanwhile.
type benchTime struct {
	Transaction float64 `json:"transaction"`
	Place       float64 `json:"place"`      // inside the transaction
	AlignWait   float64 `json:"align_wait"` // inside the transaction
	Analyse     float64 `json:"analyse"`    // beside the transaction
}

// newBenchTime returns the shares of d, the timing of workers pipelines
// over a stretch of wall time.
func newBenchTime(d pipeline.Timing, wall time.Duration, workers int) *benchTime {
	w := float64(wall) * float64(workers)
	if w <= 0 {
		return nil
	}
	return &benchTime{Transaction: float64(d.Transaction) / w, Place: float64(d.Place) / w, AlignWait: float64(d.AlignWait) / w, Analyse: float64(d.Analyse) / w}
}

func (c *benchCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("bench [--sizes 10000,100000] [--mode pipeline|cluster] [--workers 1,2,4] [--postgres URL]", "bench")
	c.m.flags(fs, &c.cfg)
	sizes := fs.String("sizes", "1000,10000", "checkpoints: corpus sizes to report at, ascending (the run goes to the last)")
	mode := fs.String("mode", "pipeline", "pipeline: the whole ingest path on a store; cluster: the in-memory clusterer only")
	workers := fs.String("workers", "1", "concurrent ingest workers, a run per value (e.g. 1,2,4)")
	pg := fs.String("postgres", c.m.Getenv("CROSSCHECK_BENCH_POSTGRES"), "also run on this PostgreSQL database, through its queue, in a fresh schema ($CROSSCHECK_BENCH_POSTGRES)")
	seed := fs.Int64("seed", 1, "seed of the synthetic corpus")
	batch := fs.Int("batch", groupSize, "group commit: up to this many queued articles a worker stores in one transaction, as ingest does (pipeline.Overlap; 1: Add alone)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile to this file once the corpus is ingested, before the pipelines close")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	// the heap profile is taken when the stream is drained, while the
	// pipelines and their caches are still alive
	heapAt := func() {}
	if *memprofile != "" {
		heapAt = func() {
			f, err := os.Create(*memprofile)
			if err != nil {
				fmt.Fprintf(c.m.Stderr, "bench: %v\n", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				fmt.Fprintf(c.m.Stderr, "bench: %v\n", err)
			}
		}
	}
	var cps []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return usagef("bench: bad size %q", s)
		}
		cps = append(cps, n)
	}
	sort.Ints(cps)
	var ws []int
	for _, s := range strings.Split(*workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return usagef("bench: bad worker count %q", s)
		}
		ws = append(ws, n)
	}
	var points []benchPoint
	var pgResults []pgBenchResult
	report := func(p benchPoint) {
		points = append(points, p)
		if !c.cfg.JSON {
			fmt.Fprintf(c.m.Stdout, "%-8s workers=%d articles=%-8d %8.0f articles/s (overall %6.0f; %6.0f per CPU second)  peak sys %7.1f MiB  heap %7.1f MiB",
				p.Store, p.Workers, p.Articles, p.PerSecond, p.Overall, p.PerCPUSecond, p.PeakSysMiB, p.PeakHeapMiB)
			if t := p.Time; t != nil {
				fmt.Fprintf(c.m.Stdout, "  wall: transaction %.0f%% (placing %.0f%%, waiting for alignments %.0f%%), analysis beside it %.0f%%",
					100*t.Transaction, 100*t.Place, 100*t.AlignWait, 100*t.Analyse)
			}
			fmt.Fprintln(c.m.Stdout)
		}
	}
	if !c.cfg.JSON {
		fmt.Fprintf(c.m.Stdout, "crosscheck bench: %s mode, synthetic corpus seed %d, %d cores (GOMAXPROCS %d)\n", *mode, *seed, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	}
	switch *mode {
	case "cluster":
		var peakSys, peakHeap uint64
		start := time.Now()
		last, lastN := start, 0
		res, err := cluster.Bench(ctx, *seed, cps[len(cps)-1], cluster.DefaultConfig(), func(cp cluster.BenchCheckpoint) {
			for _, n := range cps {
				if cp.Articles == n || cp.Articles == cps[len(cps)-1] {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					peakSys, peakHeap = max(peakSys, ms.Sys), max(peakHeap, ms.HeapInuse)
					now := time.Now()
					report(benchPoint{Store: "memory", Workers: 1, Articles: cp.Articles, PerSecond: float64(cp.Articles-lastN) / now.Sub(last).Seconds(),
						Overall: float64(cp.Articles) / now.Sub(start).Seconds(), PeakSysMiB: mib(peakSys), PeakHeapMiB: mib(peakHeap)})
					last, lastN = now, cp.Articles
					break
				}
			}
		})
		if err != nil {
			return err
		}
		if !c.cfg.JSON {
			fmt.Fprintf(c.m.Stdout, "clusterer alone: %.0f articles/s (%.0f per CPU second), peak heap %.1f MiB, %d stories (generator: %d), BCubed F1 %.3f\n",
				res.PerSecond, res.PerCPUSecond, mib(res.PeakHeap), res.Stories, res.GoldStories, res.BCubedF1)
		}
	case "pipeline":
		for _, w := range ws {
			dir, err := os.MkdirTemp("", "crosscheck-bench")
			if err != nil {
				return err
			}
			store, err := c.m.openStore(ctx, filepath.Join(dir, "bench.db"))
			if err != nil {
				return err
			}
			err = benchPipeline(ctx, store, "sqlite", w, max(*batch, 1), *seed, cps, report, heapAt)
			store.Close()
			os.RemoveAll(dir)
			if err != nil {
				return err
			}
			if *pg != "" {
				// PostgreSQL through the real distributed path: the queue,
				// N workers with their own pools and pipelines, a fresh schema.
				var arts []*news.Article
				for d := range cluster.Synth(*seed, cps[len(cps)-1]) {
					arts = append(arts, synthArticle(d))
				}
				res, err := benchWorkers(ctx, *pg, w, arts)
				if err != nil {
					return err
				}
				pgResults = append(pgResults, res)
				if !c.cfg.JSON {
					fmt.Fprintf(c.m.Stdout, "%-8s workers=%d articles=%-8d %8.1f articles/s  placement lock held %.1f ms, waited %.1f ms an article; %.0f bytes an article\n",
						"postgres", res.Workers, res.Articles, res.PerSecond, res.LockHeldMs, res.LockWaitMs, res.BytesPerArticle)
				}
			}
		}
	default:
		return usagef("bench: unknown mode %q (pipeline or cluster)", *mode)
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, map[string]any{"points": points, "postgres": pgResults})
	}
	return nil
}

// synthArticle turns a generated document into an article.
func synthArticle(d cluster.SynthDoc) *news.Article {
	return &news.Article{ID: d.ID, Title: d.Title, Text: d.Text, Published: d.Published, Outlet: fmt.Sprintf("Outlet %d", d.Story%37), Language: "en"}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// benchPipeline ingests the synthetic stream through `workers` concurrent
// pipelines (as separate worker processes would), reporting at each
// checkpoint. With batch > 1 a worker stores groups of up to batch queued
// articles as ingest does (pipeline.Overlap); atEnd runs once the stream is
// drained, before the pipelines close.
func benchPipeline(ctx context.Context, store news.Store, name string, workers, batch int, seed int64, cps []int, report func(benchPoint), atEnd func()) error {
	total := cps[len(cps)-1]
	docs := make(chan *news.Article, 64)
	go func() {
		defer close(docs)
		for d := range cluster.Synth(seed, total) {
			select {
			case docs <- synthArticle(d):
			case <-ctx.Done():
				return
			}
		}
	}()
	var done atomic.Int64
	var peakSys, peakHeap atomic.Uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for _, p := range []struct {
			v *atomic.Uint64
			x uint64
		}{{&peakSys, ms.Sys}, {&peakHeap, ms.HeapInuse}} {
			for {
				old := p.v.Load()
				if p.x <= old || p.v.CompareAndSwap(old, p.x) {
					break
				}
			}
		}
	}
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	var ended sync.Once // atEnd runs once, while the pipelines still hold their state
	start := time.Now()
	var pls []*pipeline.Pipeline
	timing := func() pipeline.Timing {
		var t pipeline.Timing
		for _, pl := range pls {
			t = t.Add(pl.Timing())
		}
		return t
	}
	for w := 0; w < workers; w++ {
		pl, err := pipeline.New(ctx, store, pipeline.Options{})
		if err != nil {
			return err
		}
		pls = append(pls, pl)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer pl.Close(ctx)
			defer func() {
				if atEnd != nil {
					ended.Do(atEnd)
				}
				runtime.KeepAlive(pl)
			}()
			if batch == 1 {
				for a := range docs {
					if _, err := pl.Add(ctx, a); err != nil {
						errc <- err
						return
					}
					if n := done.Add(1); n%1000 == 0 {
						sample()
					}
				}
				return
			}
			// Groups of what is waiting, analysed while the previous group
			// is stored, as ingest does.
			failed := false
			pipeline.Overlap(ctx, pl, docs, batch, func(a *news.Article) *news.Article { return a },
				func(g []*news.Article, _ []pipeline.Outcome, errs []error) {
					if err := errors.Join(errs...); err != nil && !failed {
						failed = true
						errc <- err
					}
					if n := done.Add(int64(len(g))); n%1000 < int64(len(g)) {
						sample()
					}
				})
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	last, lastN := start, 0
	lastCPU, lastTime := cputime.Used(), timing()
	next := 0
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for next < len(cps) {
		select {
		case err := <-errc:
			return fmt.Errorf("bench %s: %w", name, err)
		case <-finished:
		case <-tick.C:
		}
		n := int(done.Load())
		for next < len(cps) && n >= cps[next] {
			sample()
			now, cpu, tm := time.Now(), cputime.Used(), timing()
			perCPU := 0.0
			if cpu > lastCPU {
				perCPU = float64(n-lastN) / (cpu - lastCPU).Seconds()
			}
			report(benchPoint{Store: name, Workers: workers, Articles: n, PerSecond: float64(n-lastN) / now.Sub(last).Seconds(),
				Overall: float64(n) / now.Sub(start).Seconds(), PeakSysMiB: mib(peakSys.Load()), PeakHeapMiB: mib(peakHeap.Load()),
				PerCPUSecond: perCPU, Time: newBenchTime(tm.Sub(lastTime), now.Sub(last), workers)})
			last, lastN, lastCPU, lastTime = now, n, cpu, tm
			next++
		}
		select {
		case <-finished:
			if next < len(cps) {
				select {
				case err := <-errc:
					return fmt.Errorf("bench %s: %w", name, err)
				default:
				}
			}
		default:
		}
	}
	<-finished
	return nil
}
