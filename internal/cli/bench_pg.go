package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/postgres"
)

// pgBenchResult is one PostgreSQL benchmark run: N workers draining a queue
// of articles into a fresh store.
type pgBenchResult struct {
	Workers   int     `json:"workers"`
	Articles  int     `json:"articles"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"per_second"`
	// LockHeldMs is the mean time one article held the placement lock: the
	// serial part of ingest, so 1000/LockHeldMs bounds articles per second
	// however many workers run.
	LockHeldMs float64 `json:"lock_held_ms"`
	// LockWaitMs is the mean time one article waited for the lock.
	LockWaitMs float64 `json:"lock_wait_ms"`
	// BytesPerArticle is the database size (tables and indexes) over the
	// articles stored.
	BytesPerArticle float64 `json:"bytes_per_article"`
}

// benchWorkers measures distributed ingest: it enqueues articles into a
// fresh schema of the database at dsn, runs workers in-process worker
// goroutines, each with its own connection pool and pipeline (as on
// separate machines), until the queue drains, and drops the schema. The
// rate counts from the first claim to the drained queue; enqueueing is not
// included.
func benchWorkers(ctx context.Context, dsn string, workers int, articles []*news.Article) (pgBenchResult, error) {
	res := pgBenchResult{Workers: workers, Articles: len(articles)}
	if workers < 1 {
		return res, usagef("bench: workers must be at least 1")
	}
	schema := fmt.Sprintf("cc_bench_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	sdsn, drop, err := postgres.NewSchema(ctx, dsn, schema)
	if err != nil {
		return res, err
	}
	defer drop(context.WithoutCancel(ctx))
	db, err := postgres.Open(ctx, sdsn, nil)
	if err != nil {
		return res, err
	}
	defer db.Close()
	jobs := make([]news.Job, len(articles))
	for i, a := range articles {
		b, err := json.Marshal(a)
		if err != nil {
			return res, fmt.Errorf("bench: encode %s: %w", a.ID, err)
		}
		jobs[i] = news.Job{Key: a.ID, Payload: b}
	}
	if _, err := db.Enqueue(ctx, jobs); err != nil {
		return res, err
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		lock  postgres.LockStats
	)
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := benchWorker(ctx, sdsn, fmt.Sprintf("bench-%d", w))
			mu.Lock()
			defer mu.Unlock()
			if err != nil && first == nil {
				first = err
			}
			lock.Updates += st.Updates
			lock.Wait += st.Wait
			lock.Held += st.Held
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if first != nil {
		return res, first
	}
	n, err := db.CountArticles(ctx)
	if err != nil {
		return res, err
	}
	if n != len(articles) {
		return res, fmt.Errorf("bench: %d articles stored, want %d", n, len(articles))
	}
	res.Seconds = elapsed.Seconds()
	res.PerSecond = float64(len(articles)) / elapsed.Seconds()
	if lock.Updates > 0 {
		res.LockHeldMs = float64(lock.Held.Microseconds()) / 1000 / float64(lock.Updates)
		res.LockWaitMs = float64(lock.Wait.Microseconds()) / 1000 / float64(lock.Updates)
	}
	var size int64
	if err := db.Pool().QueryRow(ctx, `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`, schema).Scan(&size); err == nil && n > 0 {
		res.BytesPerArticle = float64(size) / float64(n)
	}
	return res, nil
}

// benchWorker is one worker of benchWorkers: its own pool and pipeline.
func benchWorker(ctx context.Context, dsn, name string) (postgres.LockStats, error) {
	db, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		return postgres.LockStats{}, err
	}
	defer db.Close()
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		return postgres.LockStats{}, err
	}
	_, err = postgres.Work(ctx, db, postgres.WorkOptions{Name: name, Lease: 5 * time.Minute, Poll: 20 * time.Millisecond, Drain: true},
		articleHandler(pl))
	if err == nil {
		err = pl.Close(ctx)
	}
	return db.LockStats(), err
}

// articleHandler decodes a job's article and adds it through the pipeline.
func articleHandler(pl *pipeline.Pipeline) postgres.Handler {
	return func(ctx context.Context, job *news.Job) error {
		var a news.Article
		if err := json.Unmarshal(job.Payload, &a); err != nil {
			return fmt.Errorf("bad payload: %w", err)
		}
		_, err := pl.Add(ctx, &a)
		return err
	}
}
