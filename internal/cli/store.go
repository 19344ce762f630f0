package cli

import (
	"context"
	"strings"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// openStore opens the store named by dsn: a postgres:// URL or a SQLite file.
func (m *Main) openStore(ctx context.Context, dsn string) (news.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn, m.Now)
	}
	return sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite://"), m.Now)
}
