package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"github.com/crosscheck/crosscheck/internal/postgres"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

type migrateCmd struct {
	m   *Main
	cfg Config
}

// migrateResult is what `migrate --json` prints.
type migrateResult struct {
	From   string                `json:"from"`
	To     string                `json:"to"`
	Tables []postgres.TableCount `json:"tables"`
}

// Run copies a SQLite store into PostgreSQL: every table, idempotently,
// then compares row counts table by table.
func (c *migrateCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("migrate", "migrate --from FILE --to postgres://...")
	c.m.flags(fs, &c.cfg)
	from := fs.String("from", "", "the SQLite store to copy (read-only)")
	to := fs.String("to", "", "the PostgreSQL store to copy into (default: --db)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" {
		*to = c.cfg.DB
	}
	*from = strings.TrimPrefix(*from, "sqlite://")
	if *from == "" || !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://") {
		return usagef("migrate needs --from FILE (a SQLite store) and --to postgres://...")
	}
	if _, err := os.Stat(*from); err != nil {
		return usagef("migrate: %v", err)
	}
	// Bring the source's schema up to date first (a no-op on a current
	// store), then read it through a read-only connection.
	s, err := sqlite.Open(ctx, *from, c.m.Now)
	if err != nil {
		return err
	}
	s.Close()
	src, err := sql.Open("sqlite", "file:"+*from+"?mode=ro")
	if err != nil {
		return fmt.Errorf("migrate: open %s: %w", *from, err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, *to, c.m.Now)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := dst.ImportSQLite(ctx, src, c.m.logger(&c.cfg))
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, migrateResult{From: *from, To: redactDSN(*to), Tables: counts})
	}
	for _, t := range counts {
		fmt.Fprintf(c.m.Stdout, "%-15s %10d rows\n", t.Table, t.Target)
	}
	fmt.Fprintf(c.m.Stdout, "copied %s to %s; every table's row count matches\n", *from, redactDSN(*to))
	return nil
}

// redactDSN hides a password in a postgres:// URL before printing it.
func redactDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	creds := dsn[scheme+3 : at]
	if i := strings.Index(creds, ":"); i >= 0 {
		return dsn[:scheme+3] + creds[:i] + ":xxxxx" + dsn[at:]
	}
	return dsn
}
