package cli

import (
	"context"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/postgres"
)

// openPostgres opens the PostgreSQL store at dsn (a postgres:// URL),
// applying pending migrations.
func openPostgres(ctx context.Context, dsn string, now news.Clock) (news.Store, error) {
	return postgres.Open(ctx, dsn, now)
}
