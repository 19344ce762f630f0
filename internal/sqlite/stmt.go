package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxStmts bounds the statement cache. Queries with IN lists differ by their
// number of placeholders, so the set of query texts is open-ended; the
// fixed ones are few.
const maxStmts = 512

// stmtCache keeps prepared statements by query text. SQLite parses and
// plans a statement on every prepare, which cost more than running the
// small statements of an ingest; a statement prepared once is reused by
// every connection of the pool (database/sql prepares it on each
// connection once, on first use there).
type stmtCache struct {
	db preparer
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// preparer is what statements are prepared on: a pool (*sql.DB), or the
// one connection every write goes through (*sql.Conn).
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func newStmtCache(db preparer) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement of query, or nil when the cache is
// full (the caller then runs the query unprepared).
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	if len(c.m) >= maxStmts {
		return nil, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}

// stmt returns query prepared for r (on its connection, inside a write
// transaction), or nil to run the query unprepared.
func (r reader) stmt(ctx context.Context, query string) *sql.Stmt {
	if r.stmts == nil {
		return nil
	}
	st, err := r.stmts.get(ctx, query)
	if err != nil || st == nil {
		return nil // the unprepared path reports any error with context
	}
	return st
}

// statementContext is the context a statement of r runs under. Inside a
// write transaction it is ctx without its cancellation, checked here
// instead: for a statement whose context can be cancelled the driver starts
// a goroutine that waits to interrupt it (and database/sql one a query
// inside a *sql.Tx, which is why writes do not use one: see Update), and a
// transaction's statements are many and short, so starting and stopping
// those goroutines cost more scheduling than the statements themselves took. A cancelled transaction
// then stops at its next statement (an already cancelled ctx is passed
// on, and the driver refuses the statement), and Update checks ctx
// before the commit.
func (r reader) statementContext(ctx context.Context) context.Context {
	if r.inTx && ctx.Err() == nil {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// exec runs a statement through the cache.
func (r reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = r.statementContext(ctx)
	if st := r.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return r.q.ExecContext(ctx, query, args...)
}

// query runs a query through the cache.
func (r reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = r.statementContext(ctx)
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.q.QueryContext(ctx, query, args...)
}

// queryRow runs a one-row query through the cache.
func (r reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = r.statementContext(ctx)
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.q.QueryRowContext(ctx, query, args...)
}
