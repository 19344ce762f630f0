package news

import (
	"context"
	"time"
)

// Queue is a durable work queue shared by ingest workers on many machines.
// The PostgreSQL store implements it (SELECT ... FOR UPDATE SKIP LOCKED);
// `crosscheck ingest --enqueue` fills it and `crosscheck worker` drains it.
type Queue interface {
	// Enqueue adds jobs; a job whose Key is already queued or done is skipped.
	// It returns how many were added.
	Enqueue(ctx context.Context, jobs []Job) (int, error)
	// Claim leases the oldest available job to worker for lease, or returns
	// nil when none is available. A job whose lease expired (its worker died)
	// is available again.
	Claim(ctx context.Context, worker string, lease time.Duration) (*Job, error)
	// Complete marks a claimed job done, or failed with errMsg; a failed job
	// is retried until it has been attempted MaxAttempts times.
	Complete(ctx context.Context, id int64, errMsg string) error
	// QueueStats counts jobs by state: queued, running, done, failed.
	QueueStats(ctx context.Context) (map[string]int, error)
}

// MaxAttempts is how often a job is tried before it is left failed.
const MaxAttempts = 5

// Job is one unit of ingest work: an article, already read and normalised.
type Job struct {
	ID       int64  `json:"id"`
	Key      string `json:"key"`     // idempotency key: the article id
	Payload  []byte `json:"payload"` // the article as JSON
	Attempts int    `json:"attempts"`
}
