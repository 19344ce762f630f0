package eval

import (
	"context"
	"os"
	"path/filepath"
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
	r.WriteText(testWriter{t})
	floors := map[string]float64{"strict_f1": 0.0, "relaxed_f1": 0.0, "value_f1": 0.0, "type_accuracy": 0.0}
	for k, f := range floors {
		if r.Metrics[k] < f {
			t.Errorf("%s = %.4f, below floor %.4f", k, r.Metrics[k], f)
		}
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
