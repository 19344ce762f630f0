package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func stanceDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "eval", "stance")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared eval data absent")
	}
	return dir
}

func TestStanceFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full FNC-1 run is slow")
	}
	dir := stanceDir(t)
	r, err := Stance(context.Background(), []string{
		filepath.Join(dir, "fnc1-dev.jsonl"), filepath.Join(dir, "emergent-dev.jsonl"),
		filepath.Join(dir, "fnc1-train-bodies-unlabeled-dev.jsonl"),
	})
	if err != nil {
		t.Fatal(err)
	}
	r.WriteText(os.Stderr)
}
