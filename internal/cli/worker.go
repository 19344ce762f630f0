package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/postgres"
)

// enqueue reads the inputs here and queues the articles for workers.
func (c *ingestCmd) enqueue(ctx context.Context, store news.Store, inputs []string) error {
	q, ok := store.(news.Queue)
	if !ok {
		return usagef("--enqueue needs a store with a job queue (PostgreSQL: --db postgres://...)")
	}
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{}), Now: c.m.Now, Stdin: c.m.Stdin})
	var jobs []news.Job
	failed := 0
	emit := func(it ingest.Item) {
		if it.Err != nil {
			failed++
			fmt.Fprintf(c.m.Stderr, "failed %s: %v\n", it.Input, it.Err)
			return
		}
		b, err := json.Marshal(it.Article)
		if err != nil {
			failed++
			fmt.Fprintf(c.m.Stderr, "failed %s: %v\n", it.Input, err)
			return
		}
		jobs = append(jobs, news.Job{Key: it.Article.ID, Payload: b})
	}
	for _, in := range inputs {
		if err := rd.Read(ctx, in, emit); err != nil {
			return err
		}
	}
	n, err := q.Enqueue(ctx, jobs)
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		if err := writeJSON(c.m.Stdout, map[string]int{"enqueued": n, "skipped": len(jobs) - n, "failed": failed}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.m.Stdout, "enqueued %d, already queued %d, failed %d\n", n, len(jobs)-n, failed)
	}
	if failed > 0 {
		return &partialError{msg: fmt.Sprintf("%d inputs failed", failed)}
	}
	return nil
}

type workerCmd struct {
	m   *Main
	cfg Config
}

// Run takes articles from the store's queue and ingests them, until
// stopped (SIGTERM finishes the current article first) or, with --once,
// until the queue is drained. Run any number of workers on any number of
// machines against one PostgreSQL database.
func (c *workerCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("worker", "worker [--once] [--name NAME] [--lease D]")
	c.m.flags(fs, &c.cfg)
	once := fs.Bool("once", false, "exit once the queue is drained (nothing queued or running on any worker)")
	host, _ := os.Hostname()
	name := fs.String("name", fmt.Sprintf("%s-%d", host, os.Getpid()), "worker name recorded on claimed jobs")
	lease := fs.Duration("lease", 2*time.Minute, "how long a claimed job is leased before another worker may retry it")
	poll := fs.Duration("poll", time.Second, "how long to wait when the queue is empty")
	settleEvery := fs.Int("settle-every", 200, "after this many articles, re-cluster their stories with their neighbours and rebuild their briefs (0: only when the worker stops)")
	if err := parse(fs, args); err != nil {
		return err
	}
	store, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	q, ok := store.(news.Queue)
	if !ok {
		return usagef("worker needs a store with a job queue (PostgreSQL: --db postgres://...)")
	}
	log := c.m.logger(&c.cfg).With("worker", *name)
	pl, err := pipeline.New(ctx, store, pipeline.Options{Now: c.m.Now, Log: log})
	if err != nil {
		return err
	}
	// Every settleEvery articles, and when the worker stops, the stories they
	// went to are settled as a CLI ingest's batch is: re-clustered with their
	// neighbours, their briefs rebuilt and stored.
	var (
		mu      sync.Mutex
		pending []pipeline.Outcome
	)
	settle := func(ctx context.Context) {
		mu.Lock()
		outs := pending
		pending = nil
		mu.Unlock()
		if len(outs) == 0 {
			return
		}
		_, stories, err := pl.Settle(ctx, outs)
		if err != nil {
			log.Warn("settling the worker's stories failed", "err", err)
			return
		}
		if err := storeBriefs(ctx, store, stories, digest.Options{Now: c.m.Now, Persist: true, Log: log}); err != nil {
			log.Warn("storing briefs failed", "err", err)
		}
	}
	// The article in hand finishes even when ctx is cancelled: a stopping
	// worker completes its job instead of leaving it to its lease.
	work := func(jctx context.Context, job *news.Job) error {
		jctx = context.WithoutCancel(jctx)
		var a news.Article
		if err := json.Unmarshal(job.Payload, &a); err != nil {
			return fmt.Errorf("bad payload: %w", err)
		}
		out, err := pl.Add(jctx, &a)
		if err != nil {
			return err
		}
		mu.Lock()
		pending = append(pending, out)
		full := *settleEvery > 0 && len(pending) >= *settleEvery
		mu.Unlock()
		if full {
			settle(jctx)
		}
		return nil
	}
	done, werr := postgres.Work(ctx, q, postgres.WorkOptions{Name: *name, Lease: *lease, Poll: *poll, Drain: *once, Log: log}, work)
	settle(context.WithoutCancel(ctx))
	if err := pl.Close(context.WithoutCancel(ctx)); err != nil && werr == nil {
		werr = err
	}
	if c.cfg.JSON {
		if err := writeJSON(c.m.Stdout, map[string]any{"worker": *name, "jobs": done}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.m.Stdout, "worker %s: %d jobs\n", *name, done)
	}
	return werr
}
