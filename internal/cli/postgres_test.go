package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/postgres"
)

// pgSchema gives the test a fresh schema on the test server and returns
// its DSN, or skips when CROSSCHECK_TEST_POSTGRES is unset.
func pgSchema(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("CROSSCHECK_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("CROSSCHECK_TEST_POSTGRES is not set")
	}
	ctx := context.Background()
	name := fmt.Sprintf("cc_cli_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	sdsn, drop, err := postgres.NewSchema(ctx, dsn, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drop(context.Background()) })
	return sdsn
}

// The seeds, queued with `ingest --enqueue` and drained by two `worker
// --once` runs, give the same single story as a plain ingest; then
// `migrate` copies a SQLite store of them, and a second run changes nothing.
func TestPostgresEnqueueWorkerMigrate(t *testing.T) {
	seeds := seedsDir(t)
	dsn := pgSchema(t)
	env := map[string]string{"CROSSCHECK_DB": dsn}
	code, out, errs := run(t, env, "ingest", "--enqueue", seeds)
	if code != ExitOK || !strings.Contains(out, "enqueued 5") {
		t.Fatalf("ingest --enqueue: exit %d\n%s\n%s", code, out, errs)
	}
	if code, out, _ := run(t, env, "ingest", "--enqueue", seeds); code != ExitOK || !strings.Contains(out, "enqueued 0, already queued 5") {
		t.Errorf("second enqueue: exit %d: %s", code, out)
	}
	for i, name := range []string{"w1", "w2"} {
		code, out, errs := run(t, env, "worker", "--once", "--poll", "10ms", "--name", name)
		if code != ExitOK {
			t.Fatalf("worker %d: exit %d\n%s\n%s", i, code, out, errs)
		}
	}
	code, out, _ = run(t, env, "stories", "--json")
	var stories []struct {
		ID   string `json:"id"`
		Size int    `json:"size"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &stories) != nil || len(stories) != 1 || stories[0].Size != 5 {
		t.Fatalf("stories after workers: exit %d: %s", code, out)
	}
	// The workers settled the story as they stopped: its brief is stored.
	m := &Main{}
	db, err := m.openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := db.Meta(context.Background(), "brief/"+stories[0].ID)
	db.Close()
	if err != nil || len(blob) == 0 {
		t.Errorf("no brief stored for story %s after the workers stopped (%v)", stories[0].ID, err)
	}

	// migrate: a SQLite store of the seeds into a second, empty schema.
	file := filepath.Join(t.TempDir(), "src.db")
	if code, out, errs := run(t, map[string]string{"CROSSCHECK_DB": file}, "ingest", seeds); code != ExitOK {
		t.Fatalf("ingest into sqlite: exit %d\n%s\n%s", code, out, errs)
	}
	target := pgSchema(t)
	for pass := 1; pass <= 2; pass++ {
		code, out, errs := run(t, nil, "migrate", "--from", file, "--to", target, "--json")
		var res migrateResult
		if code != ExitOK || json.Unmarshal([]byte(out), &res) != nil {
			t.Fatalf("migrate pass %d: exit %d\n%s\n%s", pass, code, out, errs)
		}
		for _, c := range res.Tables {
			if c.Source != c.Target || c.Table == "articles" && c.Target != 5 {
				t.Errorf("migrate pass %d: %+v", pass, c)
			}
		}
	}
	_, sq, _ := run(t, map[string]string{"CROSSCHECK_DB": file}, "stories")
	_, pg, _ := run(t, map[string]string{"CROSSCHECK_DB": target}, "stories")
	if sq == "" || sq != pg {
		t.Errorf("stories differ after migrate:\nsqlite:\n%s\npostgres:\n%s", sq, pg)
	}
	if code, _, errs := run(t, nil, "migrate", "--from", file, "--to", "not-a-url"); code != ExitUsage {
		t.Errorf("migrate to a non-postgres target: exit %d (%s), want usage", code, errs)
	}
}

func TestRedactDSN(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"password hidden", "postgres://u:secret@h:5432/db", "postgres://u:xxxxx@h:5432/db"},
		{"no password", "postgres://u@h/db", "postgres://u@h/db"},
		{"no credentials", "postgres://h/db", "postgres://h/db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redactDSN(tt.in); got != tt.want {
				t.Errorf("redactDSN(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
