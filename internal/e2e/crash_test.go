package e2e

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Crash safety: `crosscheck ingest` is killed with SIGKILL at random points,
// many times over; after every kill `crosscheck check` must find the store
// whole (every committed article complete, no story referring to a missing
// article, no article without its analysis), nothing committed may be lost,
// and the ingest, restarted until it completes, must reach the state an
// uninterrupted run reaches.

// docFreqSurvivesCrash says whether the pipeline's term statistics (the
// document-frequency sketch that weights every later article's features)
// must survive a kill. The sketch is saved every SaveEvery articles,
// outside the article transactions; pipeline.New observes the articles
// stored after the last save from their stored analyses, so a resumed
// ingest weighs terms, places articles and relates them exactly as an
// uninterrupted one. Before that catch-up, provenance relations differed
// by one to three in ~1,150 after kills.
const docFreqSurvivesCrash = true

// The two stores' crash tests run in parallel: most of their time is spent
// waiting for processes to start and be killed.

func TestCrashSQLite(t *testing.T) {
	t.Parallel()
	crashTest(t, sqliteTarget(), 50)
}

func TestCrashPostgres(t *testing.T) {
	tg := postgresTarget(t)
	t.Parallel()
	crashTest(t, tg, 20)
}

// crashSeed is logged so a failure can be replayed with CROSSCHECK_CRASH_SEED.
func crashSeed(t *testing.T) uint64 {
	if v := os.Getenv("CROSSCHECK_CRASH_SEED"); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("CROSSCHECK_CRASH_SEED: %v", err)
		}
		return s
	}
	return uint64(time.Now().UnixNano())
}

func crashTest(t *testing.T, tg target, kills int) {
	if testing.Short() {
		kills = min(kills, 5)
	}
	seed := crashSeed(t)
	t.Logf("seed %d (replay with CROSSCHECK_CRASH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	dir := t.TempDir()
	arts := corpus(7, 10, 240) // the corpus is fixed; the kill points are random
	writeCorpus(t, dir, arts)

	// The reference: one uninterrupted run.
	ref := tg.fresh(t)
	start := time.Now()
	if code, out, errOut := run(t, "ingest", "--db", ref, dir); code != 0 {
		t.Fatalf("reference ingest exited %d\n%s\n%s", code, out, errOut)
	}
	t.Logf("uninterrupted ingest of %d reports: %s", len(arts), time.Since(start).Round(time.Millisecond))
	want := readSnapshot(t, tg, ref)
	if len(want.Articles) != len(arts) || len(want.Groups) < 5 || want.Relations == 0 || len(want.Copies) == 0 {
		t.Fatalf("reference run: %d articles (want %d), %d stories, %d relations, %d copies: the corpus does not exercise the pipeline",
			len(want.Articles), len(arts), len(want.Groups), want.Relations, len(want.Copies))
	}

	killed, rounds := 0, 0
	var progress []int // articles stored after each kill
	for killed < kills {
		rounds++
		db := tg.fresh(t)
		prev := map[string]string{}
		for attempt := 0; ; attempt++ {
			if attempt > 4*kills+20 {
				t.Fatalf("round %d: ingest never completed", rounds)
			}
			r := rng
			if killed >= kills {
				r = nil // enough kills: let this run finish
			}
			done, code, delay := ingestUntil(t, db, dir, r)
			if done {
				if code != 0 {
					t.Fatalf("round %d: resumed ingest exited %d", rounds, code)
				}
				break
			}
			killed++
			if code, out, errOut := run(t, "check", "--db", db); code != 0 {
				t.Fatalf("round %d, after kill %d (%s in): check exited %d\n%s%s", rounds, killed, delay, code, out, errOut)
			}
			// Nothing committed is lost, and nothing is rewritten.
			now := tg.hashes(t, db)
			for id, h := range prev {
				if now[id] != h {
					t.Fatalf("round %d, kill %d: committed article %s lost or changed", rounds, killed, id)
				}
			}
			prev = now
			progress = append(progress, len(now))
		}
		if code, out, errOut := run(t, "check", "--db", db); code != 0 {
			t.Fatalf("round %d: check after completion exited %d\n%s%s", rounds, code, out, errOut)
		}
		got := readSnapshot(t, tg, db)
		if d := want.lost(got); len(d) > 0 {
			t.Fatalf("round %d (%d kills so far): resumed ingest differs from an uninterrupted run:\n%s", rounds, killed, strings.Join(d, "\n"))
		}
		if d := want.relDiff(got); len(d) > 0 {
			if docFreqSurvivesCrash {
				t.Fatalf("round %d (%d kills so far): provenance differs from an uninterrupted run: %s", rounds, killed, d[0])
			}
			t.Logf("round %d: known gap (term statistics lost at a kill): %s", rounds, d[0])
		}
	}
	t.Logf("articles stored after each kill: %v", progress)
	t.Logf("%s: %d kills over %d rounds, every check clean, nothing lost, articles, copies, story groupings and relations equal to the uninterrupted run (%d articles, %d stories, %d relations)",
		tg.name, killed, rounds, len(want.Articles), len(want.Groups), want.Relations)
}

// ingestUntil runs `crosscheck ingest` on dir and kills it with SIGKILL
// at a random point, unless it finishes first (rng nil: never kill). Most
// kills land 20-300 ms after the run's first new write, so they interrupt
// article transactions; one in five lands anywhere in the first second,
// start-up and migrations included. It reports whether the ingest
// finished, and its exit code if it did, and the delay it chose.
func ingestUntil(t *testing.T, db, dir string, rng *rand.Rand) (bool, int, time.Duration) {
	t.Helper()
	cmd := command(t, context.Background(), "ingest", "--db", db, dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wrote := make(chan struct{})
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		sc := bufio.NewScanner(stderr)
		first := true
		for sc.Scan() {
			l := sc.Text()
			if first && (strings.HasPrefix(l, "ingested ") || strings.HasPrefix(l, "duplicate ")) {
				close(wrote)
				first = false
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { <-drained; exited <- cmd.Wait() }()

	var delay time.Duration
	var timer <-chan time.Time
	switch {
	case rng == nil:
	case rng.IntN(5) == 0:
		delay = time.Duration(rng.IntN(1000)) * time.Millisecond
		timer = time.After(delay)
	default:
		delay = time.Duration(20+rng.IntN(281)) * time.Millisecond
		timer = afterSignal(wrote, drained, delay)
	}
	select {
	case <-exited:
		return true, cmd.ProcessState.ExitCode(), delay
	case <-timer:
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-exited
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && !ws.Signaled() {
			return true, cmd.ProcessState.ExitCode(), delay // it finished just before the signal
		}
		return false, -1, delay
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("ingest hung")
	}
	return false, -1, delay
}

// afterSignal fires d after start is closed, unless stop is closed first.
func afterSignal(start, stop <-chan struct{}, d time.Duration) <-chan time.Time {
	c := make(chan time.Time, 1)
	go func() {
		select {
		case <-start:
		case <-stop:
			return
		}
		time.Sleep(d)
		c <- time.Now()
	}()
	return c
}
