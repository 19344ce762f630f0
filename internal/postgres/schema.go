package postgres

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// NewSchema creates the empty schema name in the database at dsn and
// returns a DSN that selects it (search_path) and a function that drops it
// with everything in it. Tests and the benchmark use it to get a fresh store
// each; an operator can use schemas the same way to keep several stores in
// one database.
func NewSchema(ctx context.Context, dsn, name string) (string, func(context.Context) error, error) {
	if !schemaName.MatchString(name) {
		return "", nil, fmt.Errorf("postgres: bad schema name %q", name)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("postgres: connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+name); err != nil {
		return "", nil, fmt.Errorf("postgres: create schema %s: %w", name, err)
	}
	withPath, err := WithSearchPath(dsn, name)
	if err != nil {
		return "", nil, err
	}
	drop := func(ctx context.Context) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return fmt.Errorf("postgres: connect: %w", err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+name+` CASCADE`); err != nil {
			return fmt.Errorf("postgres: drop schema %s: %w", name, err)
		}
		return nil
	}
	return withPath, drop, nil
}

// WithSearchPath returns dsn with its search_path set to schema (public
// stays on the path after it, where the unaccent extension lives).
func WithSearchPath(dsn, schema string) (string, error) {
	path := schema + ",public"
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("postgres: parse dsn: %w", err)
		}
		q := u.Query()
		q.Set("search_path", path)
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	return dsn + " search_path=" + path, nil
}

// Reset empties every table of the store, the queue and the id counters
// included. It exists for benchmarks (`crosscheck bench --postgres`), which
// need an empty store per run; nothing else calls it.
func (d *DB) Reset(ctx context.Context) error {
	if _, err := d.pool.Exec(ctx, `TRUNCATE articles, stories, story_articles, relations, index_keys, analyses, signatures, counters, meta, jobs RESTART IDENTITY`); err != nil {
		return fmt.Errorf("postgres: reset: %w", err)
	}
	return nil
}
