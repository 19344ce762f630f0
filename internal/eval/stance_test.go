package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// stanceDir locates ../shared/eval/stance beside the repository, or skips.
func stanceDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "eval", "stance")
	if _, err := os.Stat(filepath.Join(dir, "emergent-dev.jsonl")); err != nil {
		t.Skip("shared eval data absent")
	}
	return dir
}

// TestStanceFloors runs the Emergent eval in full and FNC-1 on a
// deterministic fifth of its bodies (body_id divisible by 5), and holds
// both above regression floors set a little below the measured figures and
// above the baselines of the same run.
func TestStanceFloors(t *testing.T) {
	dir := stanceDir(t)
	t.Run("emergent", func(t *testing.T) {
		recs, err := ReadJSONL[stanceRecord](filepath.Join(dir, "emergent-dev.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		r := stanceEmergent(recs)
		floors := map[string]float64{"accuracy": 0.77, "macro_f1": 0.76}
		for k, f := range floors {
			if r.Metrics[k] < f {
				t.Errorf("emergent %s = %.4f, floor %.2f", k, r.Metrics[k], f)
			}
			if b := r.Baselines["cue-words"][k]; r.Metrics[k] <= b {
				t.Errorf("emergent %s = %.4f not above cue-words %.4f", k, r.Metrics[k], b)
			}
		}
	})
	t.Run("fnc1-fifth", func(t *testing.T) {
		recs, err := ReadJSONL[stanceRecord](filepath.Join(dir, "fnc1-dev.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		var sub []stanceRecord
		for _, r := range recs {
			if r.BodyID != nil && *r.BodyID%5 == 0 {
				sub = append(sub, r)
			}
		}
		r := stanceFNC(sub, nil)
		floors := map[string]float64{"fnc_score": FNCSubsampleFloor, "macro_f1": 0.60}
		for k, f := range floors {
			if r.Metrics[k] < f {
				t.Errorf("fnc1 %s = %.4f, floor %.2f", k, r.Metrics[k], f)
			}
			if b := r.Baselines["tfidf-discuss"][k]; r.Metrics[k] <= b {
				t.Errorf("fnc1 %s = %.4f not above tfidf-discuss %.4f", k, r.Metrics[k], b)
			}
		}
		t.Logf("fnc1 fifth: n=%d score=%.4f macro_f1=%.4f", r.N, r.Metrics["fnc_score"], r.Metrics["macro_f1"])
	})
}

// FNCSubsampleFloor is the regression floor of the FNC-1 relative score on
// the fifth of the bodies the fast test uses.
const FNCSubsampleFloor = 0.83

// TestStanceFull runs the whole stance eval as the CLI does and holds the
// FNC-1 and Emergent figures above their floors. Skipped with -short.
func TestStanceFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full FNC-1 run takes about 20 seconds")
	}
	dir := stanceDir(t)
	r, err := Stance(context.Background(), []string{
		filepath.Join(dir, "fnc1-dev.jsonl"), filepath.Join(dir, "emergent-dev.jsonl"),
		filepath.Join(dir, "fnc1-train-bodies-unlabeled-dev.jsonl"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		r.WriteText(os.Stderr)
	}
	fnc, em := r.Datasets["fnc1-dev"], r.Datasets["emergent-dev"]
	if fnc == nil || em == nil {
		t.Fatalf("datasets %v", r.Datasets)
	}
	for _, c := range []struct {
		r     *Report
		key   string
		floor float64
	}{{fnc, "fnc_score", 0.865}, {fnc, "macro_f1", 0.72}, {fnc, "accuracy", 0.91}, {em, "accuracy", 0.77}, {em, "macro_f1", 0.76}} {
		if c.r.Metrics[c.key] < c.floor {
			t.Errorf("%s %s = %.4f, floor %.2f", c.r.Task, c.key, c.r.Metrics[c.key], c.floor)
		}
		if c.r.Metrics[c.key] <= c.r.Baselines["majority"][c.key] {
			t.Errorf("%s %s not above the majority baseline", c.r.Task, c.key)
		}
	}
}
