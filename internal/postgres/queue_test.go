package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/postgres"
)

func jobs(keys ...string) []news.Job {
	var out []news.Job
	for _, k := range keys {
		out = append(out, news.Job{Key: k, Payload: []byte(`{"id":"` + k + `"}`)})
	}
	return out
}

func TestQueue(t *testing.T) {
	ctx := context.Background()
	db := open(t).(*postgres.DB)
	t.Run("EnqueueSkipsKnownKeys", func(t *testing.T) {
		n, err := db.Enqueue(ctx, jobs("a", "b", "a"))
		if err != nil || n != 2 {
			t.Fatalf("Enqueue = %d, %v; want 2", n, err)
		}
		if n, err := db.Enqueue(ctx, jobs("b", "c")); err != nil || n != 1 {
			t.Fatalf("Enqueue again = %d, %v; want 1", n, err)
		}
		if _, err := db.Enqueue(ctx, []news.Job{{Payload: []byte("x")}}); news.ErrorCode(err) != news.EInvalid {
			t.Errorf("job without key: err = %v", err)
		}
	})
	t.Run("ClaimInOrderAndComplete", func(t *testing.T) {
		j, err := db.Claim(ctx, "w1", time.Minute)
		if err != nil || j == nil || j.Key != "a" || j.Attempts != 1 || string(j.Payload) != `{"id":"a"}` {
			t.Fatalf("Claim = %+v, %v", j, err)
		}
		if err := db.Complete(ctx, j.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.Complete(ctx, 1<<40, ""); news.ErrorCode(err) != news.ENotFound {
			t.Errorf("Complete(unknown) = %v", err)
		}
		if n, _ := db.Enqueue(ctx, jobs("a")); n != 0 {
			t.Errorf("re-enqueue of a done job added %d", n)
		}
	})
	t.Run("FailedJobRetriedThenLeftFailed", func(t *testing.T) {
		for attempt := 1; attempt <= news.MaxAttempts; attempt++ {
			j, err := db.Claim(ctx, "w1", time.Minute)
			if err != nil || j == nil || j.Key != "b" || j.Attempts != attempt {
				t.Fatalf("attempt %d: Claim = %+v, %v", attempt, j, err)
			}
			if err := db.Complete(ctx, j.ID, "boom"); err != nil {
				t.Fatal(err)
			}
		}
		st, _ := db.QueueStats(ctx)
		if st[postgres.StateFailed] != 1 || st[postgres.StateDone] != 1 || st[postgres.StateQueued] != 1 {
			t.Errorf("stats = %v", st)
		}
		// Re-enqueueing a failed job gives it a fresh start.
		if n, _ := db.Enqueue(ctx, jobs("b")); n != 1 {
			t.Errorf("re-enqueue of a failed job added %d, want 1", n)
		}
	})
	t.Run("ExpiredLeaseIsReclaimed", func(t *testing.T) {
		first, err := db.Claim(ctx, "dies", 50*time.Millisecond)
		if err != nil || first == nil {
			t.Fatalf("Claim = %+v, %v", first, err)
		}
		second, _ := db.Claim(ctx, "w2", time.Minute)
		if second == nil || second.ID == first.ID {
			t.Fatalf("second claim = %+v; want another job while the lease holds", second)
		}
		time.Sleep(100 * time.Millisecond)
		again, err := db.Claim(ctx, "w2", time.Minute)
		if err != nil || again == nil || again.ID != first.ID || again.Attempts != first.Attempts+1 {
			t.Fatalf("after expiry: Claim = %+v, %v; want job %d again", again, err, first.ID)
		}
		for _, j := range []*news.Job{second, again} {
			if err := db.Complete(ctx, j.ID, ""); err != nil {
				t.Fatal(err)
			}
		}
		if j, err := db.Claim(ctx, "w2", time.Minute); j != nil || err != nil {
			t.Errorf("empty queue: Claim = %+v, %v", j, err)
		}
	})
}

func TestQueuePoisonJobLeftFailed(t *testing.T) {
	ctx := context.Background()
	db := open(t).(*postgres.DB)
	if _, err := db.Enqueue(ctx, jobs("p")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < news.MaxAttempts; i++ {
		if j, err := db.Claim(ctx, "dies", time.Millisecond); err != nil || j == nil {
			t.Fatalf("claim %d = %v, %v", i, j, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if j, err := db.Claim(ctx, "w", time.Minute); j != nil || err != nil {
		t.Fatalf("poison job claimed again: %+v, %v", j, err)
	}
	if st, _ := db.QueueStats(ctx); st[postgres.StateFailed] != 1 {
		t.Errorf("stats = %v, want the job failed", st)
	}
}

// Concurrent claimers each get distinct jobs, and every job is done once.
func TestClaimConcurrent(t *testing.T) {
	ctx := context.Background()
	db := open(t).(*postgres.DB)
	var keys []string
	for i := 0; i < 200; i++ {
		keys = append(keys, fmt.Sprintf("k%03d", i))
	}
	if _, err := db.Enqueue(ctx, jobs(keys...)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := postgres.Work(ctx, db, postgres.WorkOptions{Name: fmt.Sprint("w", w), Drain: true, Poll: 10 * time.Millisecond},
				func(ctx context.Context, j *news.Job) error {
					mu.Lock()
					seen[j.Key]++
					mu.Unlock()
					return nil
				})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != len(keys) {
		t.Errorf("%d distinct jobs handled, want %d", len(seen), len(keys))
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("job %s handled %d times", k, n)
		}
	}
	if st, _ := db.QueueStats(ctx); st[postgres.StateDone] != len(keys) {
		t.Errorf("stats = %v", st)
	}
}

func TestWorkRecordsFailures(t *testing.T) {
	ctx := context.Background()
	db := open(t).(*postgres.DB)
	if _, err := db.Enqueue(ctx, jobs("ok", "bad")); err != nil {
		t.Fatal(err)
	}
	n, err := postgres.Work(ctx, db, postgres.WorkOptions{Drain: true, Poll: 5 * time.Millisecond}, func(ctx context.Context, j *news.Job) error {
		if j.Key == "bad" {
			return errors.New("cannot")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1+news.MaxAttempts {
		t.Errorf("Work completed %d jobs, want %d (one success, the failure tried %d times)", n, 1+news.MaxAttempts, news.MaxAttempts)
	}
	st, _ := db.QueueStats(ctx)
	if st[postgres.StateDone] != 1 || st[postgres.StateFailed] != 1 {
		t.Errorf("stats = %v", st)
	}
}
