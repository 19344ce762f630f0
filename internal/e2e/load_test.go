package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Load: a bounded load generator on loopback drives the API of a
// `crosscheck serve` process (story lists, briefs cold and warm, search)
// while a writer posts new articles to /api/ingest. It records throughput,
// p50/p99 latency per endpoint, errors, and the server's resident memory.
//
// The normal suite runs a small variant and asserts only that nothing
// failed (timings on a shared CI machine are not assertions). The full run,
// on a database of about 1,000 stories:
//
//	CROSSCHECK_LOAD=1 go test -run TestLoad -v -timeout 30m ./internal/e2e
//
// (2,500 reports drawn over 1,500 generated stories; the clusterer makes
// about 1,000 stories of them). CROSSCHECK_LOAD_STORIES (generated
// stories), CROSSCHECK_LOAD_CLIENTS (concurrent readers) and
// CROSSCHECK_LOAD_REQUESTS (per reader) resize it.
func TestLoad(t *testing.T) {
	cfg := loadConfig{stories: 100, articles: 130, clients: 4, requests: 45}
	if os.Getenv("CROSSCHECK_LOAD") == "1" {
		cfg = loadConfig{stories: 1500, articles: 2500, clients: 8, requests: 300}
	}
	if v, err := strconv.Atoi(os.Getenv("CROSSCHECK_LOAD_STORIES")); err == nil && v > 0 {
		cfg.stories, cfg.articles = v, v*5/3
	}
	if v, err := strconv.Atoi(os.Getenv("CROSSCHECK_LOAD_REQUESTS")); err == nil && v > 0 {
		cfg.requests = v
	}
	if v, err := strconv.Atoi(os.Getenv("CROSSCHECK_LOAD_CLIENTS")); err == nil && v > 0 {
		cfg.clients = v
	}
	res := runLoad(t, cfg)
	t.Log("\n" + res.String())
	if res.errors > 0 {
		t.Fatalf("%d requests failed; first: %s", res.errors, res.firstError)
	}
	for _, ep := range []string{"stories", "brief (cold)", "brief (warm)", "search", "ingest (writer)"} {
		if len(res.lat[ep]) == 0 {
			t.Errorf("no %s requests were made", ep)
		}
	}
}

type loadConfig struct {
	stories, articles int // corpus: reports over this many generated stories
	clients, requests int // concurrent readers, requests each
}

type loadResult struct {
	cfg              loadConfig
	storiesInDB      int
	buildTime        time.Duration
	elapsed          time.Duration
	lat              map[string][]time.Duration
	errors           int
	firstError       string
	rssStart, rssEnd int64 // KiB, around the load phase
	rssPeak          int64 // KiB, the process's high-water mark
}

func (r *loadResult) String() string {
	var sb strings.Builder
	total := 0
	for _, l := range r.lat {
		total += len(l)
	}
	fmt.Fprintf(&sb, "database: %d stories from %d reports (built in %s)\n", r.storiesInDB, r.cfg.articles, r.buildTime.Round(time.Second))
	fmt.Fprintf(&sb, "load: %d readers x %d requests + 1 writer, %d requests in %s: %.0f req/s, %d errors\n",
		r.cfg.clients, r.cfg.requests, total, r.elapsed.Round(time.Millisecond), float64(total)/r.elapsed.Seconds(), r.errors)
	fmt.Fprintf(&sb, "%-16s %6s %8s %8s %8s %8s\n", "endpoint", "n", "req/s", "p50 ms", "p99 ms", "max ms")
	names := make([]string, 0, len(r.lat))
	for k := range r.lat {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		l := slices.Clone(r.lat[k])
		slices.Sort(l)
		fmt.Fprintf(&sb, "%-16s %6d %8.1f %8.1f %8.1f %8.1f\n", k, len(l), float64(len(l))/r.elapsed.Seconds(),
			ms(pct(l, 0.50)), ms(pct(l, 0.99)), ms(l[len(l)-1]))
	}
	la, _ := os.ReadFile("/proc/loadavg")
	fmt.Fprintf(&sb, "machine: %d CPUs, load average at the end %s\n", runtime.NumCPU(), strings.Join(strings.Fields(string(la))[:min(3, len(strings.Fields(string(la))))], " "))
	fmt.Fprintf(&sb, "server RSS: %.1f MiB before the load, %.1f MiB after, peak %.1f MiB\n",
		float64(r.rssStart)/1024, float64(r.rssEnd)/1024, float64(r.rssPeak)/1024)
	return sb.String()
}

func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// rss reads a process's resident set (VmRSS) and its peak (VmHWM) in KiB.
func rss(pid int) (cur, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1, -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 {
			v, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "VmRSS:":
				cur = v
			case "VmHWM:":
				peak = v
			}
		}
	}
	return cur, peak
}

func runLoad(t *testing.T, cfg loadConfig) *loadResult {
	res := &loadResult{cfg: cfg, lat: map[string][]time.Duration{}}
	db := sqliteTarget().fresh(t)
	dir := t.TempDir()
	arts := corpus(42, cfg.stories, cfg.articles+cfg.articles/4)
	initial, fresh := arts[:cfg.articles], arts[cfg.articles:]
	var sb strings.Builder
	for _, a := range initial {
		sb.WriteString(a.jsonLine())
	}
	corpusFile := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(corpusFile, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	binary(t)
	start := time.Now()
	if code, out, errOut := run(t, "ingest", "--db", db, corpusFile); code != 0 {
		t.Fatalf("building the database: exit %d\n%s%s", code, out, errOut)
	}
	res.buildTime = time.Since(start)

	const token = "load-token"
	s := startServer(t, []string{"CROSSCHECK_TOKEN=" + token}, "--db", db)
	pid := s.cmd.Process.Pid
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: time.Minute}

	var ids []string
	for off := 0; ; off += 500 {
		var page []struct {
			ID string `json:"id"`
		}
		resp, err := client.Get(fmt.Sprintf("%s/api/stories?limit=500&offset=%d", s.url, off))
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page {
			ids = append(ids, p.ID)
		}
		if len(page) < 500 {
			break
		}
	}
	res.storiesInDB = len(ids)
	if len(ids) == 0 {
		t.Fatal("no stories")
	}
	// Search terms: words of the generated titles.
	var terms []string
	for _, a := range initial[:min(len(initial), 200)] {
		terms = append(terms, strings.Fields(a.Title)[0])
	}

	var mu sync.Mutex
	record := func(ep string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.lat[ep] = append(res.lat[ep], d)
		if err != nil {
			res.errors++
			if res.firstError == "" {
				res.firstError = ep + ": " + err.Error()
			}
		}
	}
	do := func(req *http.Request) error {
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s %s: status %d: %.200s", req.Method, req.URL.Path, resp.StatusCode, b)
		}
		return nil
	}

	res.rssStart, _ = rss(pid)
	var peakRSS atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if cur, _ := rss(pid); cur > peakRSS.Load() {
				peakRSS.Store(cur)
			}
			select {
			case <-stopSampling:
				return
			case <-tick.C:
			}
		}
	}()

	var briefed sync.Map // story id -> true once a brief was asked for
	readersDone := make(chan struct{})
	var wg sync.WaitGroup
	begin := time.Now()
	for c := range cfg.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 99))
			for i := range cfg.requests {
				var ep, path string
				switch i % 3 {
				case 0:
					ep, path = "stories", fmt.Sprintf("/api/stories?limit=50&offset=%d", rng.IntN(max(1, len(ids)-50)))
				case 1:
					id := ids[rng.IntN(len(ids))]
					ep = "brief (warm)"
					if _, seen := briefed.LoadOrStore(id, true); !seen {
						ep = "brief (cold)"
					}
					path = "/api/stories/" + id + "/brief"
				case 2:
					ep, path = "search", "/api/search?q="+terms[rng.IntN(len(terms))]
				}
				req, _ := http.NewRequest("GET", s.url+path, nil)
				t0 := time.Now()
				err := do(req)
				record(ep, time.Since(t0), err)
			}
		}()
	}
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for i := 0; ; i++ {
			select {
			case <-readersDone:
				return
			default:
			}
			a := fresh[i%len(fresh)]
			a.ID = fmt.Sprintf("%s-w%d", a.ID, i)
			a.Text += fmt.Sprintf("\n\nUpdate %d.", i) // a new text, not an exact copy
			req, _ := http.NewRequest("POST", s.url+"/api/ingest", strings.NewReader(a.jsonLine()))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/x-ndjson")
			t0 := time.Now()
			err := do(req)
			record("ingest (writer)", time.Since(t0), err)
		}
	}()
	wg.Wait()
	close(readersDone)
	<-writerDone
	res.elapsed = time.Since(begin)
	close(stopSampling)
	<-sampled
	res.rssEnd, res.rssPeak = rss(pid)
	if p := peakRSS.Load(); p > res.rssPeak {
		res.rssPeak = p
	}
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited %d", code)
	}
	if code, out, errOut := run(t, "check", "--db", db); code != 0 {
		t.Errorf("check after the load: exit %d\n%s%s", code, out, errOut)
	}
	return res
}
