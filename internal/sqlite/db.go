// Package sqlite implements news.Store on an embedded SQLite file, through
// the CGO-free modernc.org/sqlite driver: WAL, foreign keys, embedded
// numbered migrations, and one transaction per unit of work.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ news.Store = (*DB)(nil)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a news.Store backed by one SQLite file.
type DB struct {
	reader
	db   *sql.DB
	path string
	now  news.Clock
	// w is the pool of the writing connection, which the migrations use
	// before wc holds it.
	w *sql.DB
	// wc is the connection of w that every Update of this process writes
	// through, held for good. SQLite has one writer anyway, and a
	// connection's page cache is dropped whenever another connection has
	// written: a write on the connection that wrote last finds the index
	// pages it needs still cached, where any other would read them again.
	// Each transaction begins and commits on it with plain statements, not
	// a *sql.Tx, whose queries each start a goroutine to watch the
	// transaction's context. wstmts are prepared on it.
	wc     *sql.Conn
	wstmts *stmtCache
	// writer admits one Update of this process at a time. Waiting here, in
	// line, spares the others the busy handler's sleep-and-retry on the
	// file lock (milliseconds each, longer than a whole ingest
	// transaction). Other processes still meet the lock.
	writer chan struct{}
}

// busyTimeout is how long a write waits for another to finish.
const busyTimeout = 15 * time.Second

// Page cache sizes (KiB) of a reading connection and of the writing one,
// which keeps the hot index pages of ingest between its transactions.
const (
	readCacheKiB  = 16 << 10
	writeCacheKiB = 64 << 10
)

// Open opens (creating if needed) the database at path and migrates it.
// path ":memory:" is not supported (each pooled connection would see its own
// database); use a file in a temporary folder instead.
func Open(ctx context.Context, path string, now news.Clock) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	sdb, err := open(path, readCacheKiB)
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(8)
	wdb, err := open(path, writeCacheKiB)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	// One connection writes: the migrations run on it, then the DB holds
	// it (wc), and nothing else may use w.
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	d := &DB{reader: reader{q: sdb, stmts: newStmtCache(sdb)}, db: sdb, path: path, now: now,
		w: wdb, writer: make(chan struct{}, 1)}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if d.wc, err = wdb.Conn(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	d.wstmts = newStmtCache(d.wc)
	return d, nil
}

// open opens a pool on path with a page cache of cacheKiB per connection.
func open(path string, cacheKiB int) (*sql.DB, error) {
	q := url.Values{}
	// mmap_size (256 MiB) lets reads of pages outside SQLite's page cache
	// come from the OS page cache without a system call each; a WAL
	// checkpointed every 10,000 pages rather than 1,000 copies a page that
	// every ingest rewrites (the counters, a growing story) once, not ten times.
	for _, p := range []string{fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()), "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)",
		"mmap_size(268435456)", fmt.Sprintf("cache_size(%d)", -cacheKiB), "wal_autocheckpoint(10000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers take the lock at BEGIN: no upgrade deadlocks
	sdb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return sdb, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.stmts.close()
	var errConn error
	if d.wc != nil {
		d.wstmts.close()
		errConn = d.wc.Close()
	}
	return errors.Join(errConn, d.w.Close(), d.db.Close())
}

// Path returns the database file.
func (d *DB) Path() string { return d.path }

func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("sqlite: create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("sqlite: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlite: migration %s: bad number: %w", name, err)
		}
		if err := d.applyMigration(ctx, v, name); err != nil {
			return err
		}
	}
	return nil
}

func (d *DB) applyMigration(ctx context.Context, version int, name string) error {
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	return tx.Commit()
}

// Update runs fn in one immediate (write-locked) transaction.
func (d *DB) Update(ctx context.Context, fn func(tx news.Tx) error) error {
	wait := time.NewTimer(busyTimeout)
	defer wait.Stop()
	select {
	case d.writer <- struct{}{}:
		defer func() { <-d.writer }()
	case <-ctx.Done():
		return fmt.Errorf("sqlite: begin: %w", ctx.Err())
	case <-wait.C:
		// as the file lock's busy timeout would (an Update inside another
		// fails rather than waiting for itself)
		return fmt.Errorf("sqlite: begin: another write held the database for %v", busyTimeout)
	}
	// On the held connection, with plain statements: not cancelled by
	// ctx, which its statements check instead (see statementContext), and
	// so does the commit, below.
	bg := context.WithoutCancel(ctx)
	if _, err := d.wc.ExecContext(bg, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	done := false
	defer func() {
		if !done { // fn failed or panicked, or the commit failed
			d.wc.ExecContext(bg, `ROLLBACK`) // fails only when SQLite rolled back already
		}
	}()
	t := &Tx{reader: reader{q: d.wc, stmts: d.wstmts, inTx: true, fts: &ftsQueue{}}, now: d.now}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.fts.flush(ctx, t.reader); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	if _, err := d.wc.ExecContext(bg, `COMMIT`); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	done = true
	return nil
}
