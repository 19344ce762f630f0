// Package postgres implements news.Store and news.Queue on PostgreSQL, for
// running many ingest workers and API servers against one database.
//
// The semantics are those of the SQLite store (internal/sqlite), checked by
// the same conformance suite (internal/storetest). What differs is how
// writers are serialised: SQLite has one writer; here every Update takes a
// transaction-scoped advisory lock first, so story placement is serialised
// across all workers on all machines (two workers placing reports of one
// event at the same moment never start two stories), while the heavy
// per-article analysis, which the pipeline runs before Update, proceeds in
// parallel.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/crosscheck/crosscheck/internal/news"
)

var (
	_ news.Store = (*DB)(nil)
	_ news.Queue = (*DB)(nil)
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrateLockKey serialises migrations of every schema in a database:
// CREATE EXTENSION is database-wide and two processes starting at once must
// not both run it.
const migrateLockKey int64 = 0x63726f7373_01 // "cross" 01

// DB is a news.Store and news.Queue backed by a PostgreSQL schema.
type DB struct {
	reader
	pool   *pgxpool.Pool
	now    news.Clock
	schema string
	// placeKey is the advisory lock every Update takes: one per schema, so
	// separate stores in one database (tests, tenants) do not contend.
	placeKey int64
	// Placement lock accounting, for the capacity model: the lock is the
	// one serial resource, so its hold time bounds total throughput.
	updates, waitNanos, holdNanos atomic.Int64
}

// LockStats describes how this process used the placement lock.
type LockStats struct {
	Updates int64         `json:"updates"` // committed Updates
	Wait    time.Duration `json:"wait"`    // total time spent waiting for the lock
	Held    time.Duration `json:"held"`    // total time the lock was held (lock to commit)
}

// LockStats returns this process's placement-lock accounting so far.
func (d *DB) LockStats() LockStats {
	return LockStats{Updates: d.updates.Load(), Wait: time.Duration(d.waitNanos.Load()), Held: time.Duration(d.holdNanos.Load())}
}

// Open connects to the database at dsn (a postgres:// URL; pool settings
// such as pool_max_conns and runtime parameters such as search_path may be
// given as query parameters) and applies pending migrations.
func Open(ctx context.Context, dsn string, now news.Clock) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse dsn: %w", err)
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		// A worker needs two connections (its transaction and a queue
		// call); an API server benefits from a few more.
		cfg.MaxConns = 8
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "crosscheck"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	d := &DB{reader: reader{q: pool}, pool: pool, now: now}
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&d.schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("crosscheck.place:" + d.schema))
	d.placeKey = int64(h.Sum64())
	if err := d.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the connection pool.
func (d *DB) Close() error {
	d.pool.Close()
	return nil
}

// Schema returns the schema the store lives in.
func (d *DB) Schema() string { return d.schema }

// Pool returns the connection pool, for tools that read the tables directly
// (the SQLite import, size reports).
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

func (d *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("postgres: list migrations: %w", err)
	}
	sort.Strings(names)
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLockKey); err != nil {
		return fmt.Errorf("postgres: migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("postgres: create schema_migrations: %w", err)
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("postgres: migration %s: bad number: %w", name, err)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, v).Scan(&n); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", name, err)
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("postgres: migration %s: %w", name, err)
		}
		// Simple protocol: a migration file holds several statements.
		if _, err := tx.Exec(ctx, string(body), pgx.QueryExecModeSimpleProtocol); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, v); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: commit: %w", err)
	}
	return nil
}

// maxRetries bounds how often Update re-runs fn after a serialization
// failure or deadlock.
const maxRetries = 5

// Update runs fn in one transaction that first takes the store's placement
// lock (pg_advisory_xact_lock), so Updates from every process are
// serialised. It retries fn on serialization failures and deadlocks, so fn
// must be safe to run again (the pipeline's placement is).
func (d *DB) Update(ctx context.Context, fn func(tx news.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := d.update(ctx, fn)
		if err == nil || attempt >= maxRetries || !retryable(err) {
			return err
		}
		backoff := time.Duration(10<<attempt)*time.Millisecond + time.Duration(rand.IntN(10))*time.Millisecond
		select {
		case <-ctx.Done():
			return err
		case <-time.After(backoff):
		}
	}
}

func (d *DB) update(ctx context.Context, fn func(tx news.Tx) error) error {
	ptx, err := d.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer ptx.Rollback(context.WithoutCancel(ctx))
	start := time.Now()
	if _, err := ptx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, d.placeKey); err != nil {
		return fmt.Errorf("postgres: placement lock: %w", err)
	}
	locked := time.Now()
	t := &Tx{reader: reader{q: ptx}, tx: ptx, now: d.now}
	if err := fn(t); err != nil {
		return err
	}
	if err := ptx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	d.updates.Add(1)
	d.waitNanos.Add(int64(locked.Sub(start)))
	d.holdNanos.Add(int64(time.Since(locked)))
	return nil
}

// retryable reports a serialization failure (40001) or deadlock (40P01).
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
