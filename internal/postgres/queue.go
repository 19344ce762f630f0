package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Job states.
const (
	StateQueued  = "queued"
	StateRunning = "running"
	StateDone    = "done"
	StateFailed  = "failed"
)

// enqueueChunk bounds one INSERT: large enough to amortise the round trip,
// small enough to keep a transaction short.
const enqueueChunk = 1000

// Enqueue adds jobs. A job whose key is queued, running or done is skipped;
// one that failed for good is queued again with a fresh attempt count (the
// operator re-enqueues after fixing the cause).
func (d *DB) Enqueue(ctx context.Context, jobs []news.Job) (int, error) {
	seen := make(map[string]bool, len(jobs))
	added := 0
	var keys []string
	var payloads [][]byte
	flush := func() error {
		if len(keys) == 0 {
			return nil
		}
		tag, err := d.pool.Exec(ctx, `INSERT INTO jobs (key, payload)
			SELECT k, p FROM unnest($1::text[], $2::bytea[]) AS j(k, p)
			ON CONFLICT (key) DO UPDATE SET payload = excluded.payload, state = 'queued', attempts = 0,
				worker = '', lease_until = NULL, error = '', updated = now()
			WHERE jobs.state = 'failed'`, keys, payloads)
		if err != nil {
			return fmt.Errorf("postgres: enqueue %d jobs: %w", len(keys), err)
		}
		added += int(tag.RowsAffected())
		keys, payloads = keys[:0], payloads[:0]
		return nil
	}
	for _, j := range jobs {
		if j.Key == "" {
			return added, news.Errorf(news.EInvalid, "job without key")
		}
		if seen[j.Key] {
			continue
		}
		seen[j.Key] = true
		p := j.Payload
		if p == nil {
			p = []byte{}
		}
		keys = append(keys, j.Key)
		payloads = append(payloads, p)
		if len(keys) == enqueueChunk {
			if err := flush(); err != nil {
				return added, err
			}
		}
	}
	if err := flush(); err != nil {
		return added, err
	}
	return added, nil
}

// Claim leases the oldest available job to worker: a queued job, or a
// running one whose lease expired (its worker died; the pipeline's work is
// idempotent, so running it again is safe). FOR UPDATE SKIP LOCKED lets
// concurrent claimers pass over each other's rows instead of queueing.
// Leases are measured on the database's clock, so workers on machines with
// skewed clocks agree on when a lease ends.
func (d *DB) Claim(ctx context.Context, worker string, lease time.Duration) (*news.Job, error) {
	if lease <= 0 {
		return nil, news.Errorf(news.EInvalid, "lease must be positive")
	}
	// A job whose worker died MaxAttempts times is poison (it may be what
	// kills them): leave it failed rather than kill the next worker too.
	if _, err := d.pool.Exec(ctx, `UPDATE jobs SET state = 'failed', error = 'lease expired ' || attempts || ' times: worker died', updated = now()
		WHERE state = 'running' AND lease_until < clock_timestamp() AND attempts >= $1`, news.MaxAttempts); err != nil {
		return nil, fmt.Errorf("postgres: claim: %w", err)
	}
	var j news.Job
	err := d.pool.QueryRow(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = $1,
			lease_until = clock_timestamp() + make_interval(secs => $2), updated = now()
		WHERE id = (SELECT id FROM jobs
			WHERE state = 'queued' OR (state = 'running' AND lease_until < clock_timestamp())
			ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id, key, payload, attempts`, worker, lease.Seconds()).Scan(&j.ID, &j.Key, &j.Payload, &j.Attempts)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: claim: %w", err)
	}
	return &j, nil
}

// Complete marks a claimed job done, or records errMsg and queues it again
// until it has been attempted news.MaxAttempts times, then leaves it failed.
func (d *DB) Complete(ctx context.Context, id int64, errMsg string) error {
	var tag interface{ RowsAffected() int64 }
	var err error
	if errMsg == "" {
		tag, err = d.pool.Exec(ctx, `UPDATE jobs SET state = 'done', error = '', lease_until = NULL, updated = now() WHERE id = $1`, id)
	} else {
		tag, err = d.pool.Exec(ctx, `UPDATE jobs SET state = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'queued' END,
			error = $2, lease_until = NULL, updated = now() WHERE id = $1`, id, errMsg, news.MaxAttempts)
	}
	if err != nil {
		return fmt.Errorf("postgres: complete job %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return news.Errorf(news.ENotFound, "job %d not found", id)
	}
	return nil
}

// QueueStats counts jobs by state; every state is present.
func (d *DB) QueueStats(ctx context.Context) (map[string]int, error) {
	out := map[string]int{StateQueued: 0, StateRunning: 0, StateDone: 0, StateFailed: 0}
	rows, err := d.pool.Query(ctx, `SELECT state, count(*) FROM jobs GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("postgres: queue stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("postgres: queue stats: %w", err)
		}
		out[state] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: queue stats: %w", err)
	}
	return out, nil
}
