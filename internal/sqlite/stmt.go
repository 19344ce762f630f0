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
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
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

// stmt returns query prepared for r: the cached statement, bound to r's
// transaction when r is one; nil to run the query unprepared.
func (r reader) stmt(ctx context.Context, query string) *sql.Stmt {
	if r.stmts == nil {
		return nil
	}
	st, err := r.stmts.get(ctx, query)
	if err != nil || st == nil {
		return nil // the unprepared path reports any error with context
	}
	if r.tx != nil {
		return r.tx.StmtContext(ctx, st)
	}
	return st
}

// exec runs a statement through the cache.
func (r reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := r.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return r.q.ExecContext(ctx, query, args...)
}

// query runs a query through the cache.
func (r reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.q.QueryContext(ctx, query, args...)
}

// queryRow runs a one-row query through the cache.
func (r reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.q.QueryRowContext(ctx, query, args...)
}
