package cluster

import (
	"context"
	"os"
	"strconv"
	"testing"
)

// TestBenchRun runs Bench at BENCH_N articles and logs the figures:
// BENCH_N=1000000 go test ./internal/cluster -run TestBenchRun -v -timeout 0
func TestBenchRun(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("BENCH_N"))
	if n == 0 {
		t.Skip("set BENCH_N")
	}
	res, err := Bench(context.Background(), 1, n, DefaultConfig(), func(c BenchCheckpoint) {
		t.Logf("%d articles: %.0f/s wall, %.0f/s per CPU second, heap in use %d MiB", c.Articles, c.PerSecond, c.PerCPUSecond, c.HeapInuse>>20)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles in %v: %.0f/s wall, %.0f/s per CPU second; %d stories (gold %d), bcubed %.3f; peak heap %d MiB, sys %d MiB, live heap at end %d MiB",
		res.Articles, res.Ingest, res.PerSecond, res.PerCPUSecond, res.Stories, res.GoldStories, res.BCubedF1, res.PeakHeap>>20, res.PeakSys>>20, res.LiveHeap>>20)
}
