package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// WorkOptions configure Work.
type WorkOptions struct {
	// Name identifies the worker on the jobs it claims (host-pid by default
	// in the CLI).
	Name string
	// Lease is how long a claimed job is reserved; it must exceed the
	// longest job, including its wait for the placement lock.
	Lease time.Duration
	// Poll is how long to sleep when nothing is claimable.
	Poll time.Duration
	// Drain returns once no job is queued or running anywhere (the queue is
	// drained), instead of waiting for more work. A job running on another
	// worker keeps a draining worker alive, so the job of a worker that
	// dies is still retried before everyone leaves.
	Drain bool
	// Log receives failed jobs; nil discards.
	Log *slog.Logger
}

// Handler processes one job; an error fails the job (it is retried up to
// news.MaxAttempts times).
type Handler func(ctx context.Context, job *news.Job) error

// Work claims jobs from q and runs handle on each until ctx ends or, with
// Drain, the queue is drained. It returns how many jobs it completed. A
// job's outcome is recorded even when ctx ends while it runs, so a stopping
// worker does not leave a leased job behind.
func Work(ctx context.Context, q news.Queue, opt WorkOptions, handle Handler) (int, error) {
	if opt.Lease <= 0 {
		opt.Lease = 2 * time.Minute
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	if opt.Name == "" {
		opt.Name = "worker"
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	done := 0
	for ctx.Err() == nil {
		job, err := q.Claim(ctx, opt.Name, opt.Lease)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return done, err
		}
		if job == nil {
			if opt.Drain {
				st, err := q.QueueStats(ctx)
				if err != nil {
					if ctx.Err() != nil {
						break
					}
					return done, err
				}
				if st[StateQueued]+st[StateRunning] == 0 {
					return done, nil
				}
			}
			select {
			case <-ctx.Done():
			case <-time.After(opt.Poll):
			}
			continue
		}
		msg := ""
		if err := handle(ctx, job); err != nil {
			msg = err.Error()
			log.Warn("job failed", "job", job.ID, "key", job.Key, "attempt", job.Attempts, "err", msg)
		}
		if ctx.Err() != nil && msg != "" {
			// Cancelled mid-job: leave it to its lease, to be retried,
			// rather than count a shutdown as a failed attempt.
			break
		}
		if err := q.Complete(context.WithoutCancel(ctx), job.ID, msg); err != nil {
			return done, fmt.Errorf("postgres: worker %s: %w", opt.Name, err)
		}
		done++
	}
	return done, nil
}
