package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir is ../shared beside the repository root (the eval data).
func timexData(t *testing.T) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "eval", "timex", "tbaq-dev.jsonl")
	if _, err := os.Stat(p); err != nil {
		t.Skip("eval data not present: ", p)
	}
	return p
}

// TestTimexFloor is the regression floor of our own metrics on TBAQ dev
// (the peer is not needed: its figures are not asserted).
func TestTimexFloor(t *testing.T) {
	p := timexData(t)
	t.Setenv("PATH", "") // keep node out: the floor is about our finder only
	r, err := Timex(context.Background(), []string{p})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.WriteText(&b)
	t.Log("\n" + b.String())
	floors := map[string]float64{"strict_f1": 0.0, "relaxed_f1": 0.0, "value_f1": 0.0, "type_accuracy": 0.0}
	for k, f := range floors {
		if r.Metrics[k] < f {
			t.Errorf("%s = %.4f, below floor %.4f", k, r.Metrics[k], f)
		}
	}
}

// TestTimexWithPeer runs the whole eval with chrono-node when node and
// tools/chrono/node_modules are present (skipped otherwise, and in -short).
func TestTimexWithPeer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node")
	}
	p := timexData(t)
	r, err := Timex(context.Background(), []string{p})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.WriteText(&b)
	t.Log("\n" + b.String())
	c, ok := r.Baselines["chrono-node"]
	if !ok {
		t.Skip("chrono-node not run: ", r.Notes)
	}
	for _, k := range []string{"strict_f1", "relaxed_f1", "value_f1"} {
		if r.Metrics[k] <= c[k] {
			t.Errorf("%s: ours %.4f not above chrono-node %.4f", k, r.Metrics[k], c[k])
		}
	}
}
