package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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
// deterministic fifth of its bodies (body_id divisible by 5), both with the
// cross-validated figures, and holds the shipped models' figures (training
// figures: these pairs are among those they were fitted on) and the cv_
// ones (the honest estimate) above regression floors set a little below the
// measured figures, and above the baselines of the same run.
func TestStanceFloors(t *testing.T) {
	dir := stanceDir(t)
	t.Run("emergent", func(t *testing.T) {
		recs, err := ReadJSONL[stanceRecord](filepath.Join(dir, "emergent-dev.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		r := stanceEmergent(recs, true)
		floors := map[string]float64{"accuracy": 0.84, "macro_f1": 0.84, "cv_accuracy": 0.78, "cv_macro_f1": 0.76}
		for k, f := range floors {
			if r.Metrics[k] < f {
				t.Errorf("emergent %s = %.4f, floor %.2f", k, r.Metrics[k], f)
			}
			if b := r.Baselines["cue-words"][strings.TrimPrefix(k, "cv_")]; r.Metrics[k] <= b {
				t.Errorf("emergent %s = %.4f not above cue-words %.4f", k, r.Metrics[k], b)
			}
		}
		t.Logf("emergent: shipped accuracy %.4f, cv accuracy %.4f", r.Metrics["accuracy"], r.Metrics["cv_accuracy"])
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
		r := stanceFNC(sub, nil, true)
		floors := map[string]float64{"fnc_score": 0.95, "macro_f1": 0.90, "cv_fnc_score": FNCSubsampleFloor, "cv_macro_f1": 0.60}
		for k, f := range floors {
			if r.Metrics[k] < f {
				t.Errorf("fnc1 %s = %.4f, floor %.2f", k, r.Metrics[k], f)
			}
			if b := r.Baselines["tfidf-discuss"][strings.TrimPrefix(k, "cv_")]; r.Metrics[k] <= b {
				t.Errorf("fnc1 %s = %.4f not above tfidf-discuss %.4f", k, r.Metrics[k], b)
			}
		}
		t.Logf("fnc1 fifth: n=%d shipped score=%.4f macro_f1=%.4f; cv score=%.4f macro_f1=%.4f", r.N, r.Metrics["fnc_score"], r.Metrics["macro_f1"], r.Metrics["cv_fnc_score"], r.Metrics["cv_macro_f1"])
	})
}

// FNCSubsampleFloor is the regression floor of the cross-validated FNC-1
// relative score on the fifth of the bodies the fast test uses.
const FNCSubsampleFloor = 0.83

// TestStanceHeldOut runs the eval on files the shipped models were not
// fitted on as such (every other claim of Emergent, the fifth of the FNC-1
// bodies): it must apply the shipped models without learning from the
// labels, so it reports no cv_ figure and says the figures are held out.
func TestStanceHeldOut(t *testing.T) {
	dir := stanceDir(t)
	recs, err := ReadJSONL[stanceRecord](filepath.Join(dir, "emergent-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	claims := map[string]bool{}
	for _, r := range recs {
		if len(claims) < 75 || claims[r.ClaimID] {
			claims[r.ClaimID] = true
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "emergent-other.jsonl")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Stance(context.Background(), []string{p})
	if err != nil {
		t.Fatal(err)
	}
	d := r.Datasets["emergent-other"]
	if d == nil {
		t.Fatalf("datasets %v", r.Datasets)
	}
	for k := range d.Metrics {
		if strings.HasPrefix(k, "cv_") {
			t.Errorf("held-out file reports %s: the eval learned from its labels", k)
		}
	}
	if d.Metrics["accuracy"] <= d.Baselines["majority"]["accuracy"] {
		t.Errorf("accuracy %.4f not above majority", d.Metrics["accuracy"])
	}
	if !strings.Contains(strings.Join(d.Notes, " "), "never saw this file") {
		t.Errorf("notes do not say the figures are held out: %q", d.Notes)
	}
}

// TestStanceFull runs the whole stance eval as the CLI does and holds the
// shipped models' FNC-1 and Emergent figures (training figures on dev) and
// the cross-validated ones above their floors. Skipped with -short.
func TestStanceFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full FNC-1 run takes about 30 seconds")
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
	}{
		{fnc, "fnc_score", 0.95}, {fnc, "macro_f1", 0.91}, {fnc, "accuracy", 0.97},
		{fnc, "cv_fnc_score", 0.87}, {fnc, "cv_macro_f1", 0.73}, {fnc, "cv_accuracy", 0.92},
		{em, "accuracy", 0.84}, {em, "macro_f1", 0.84},
		{em, "cv_accuracy", 0.78}, {em, "cv_macro_f1", 0.76},
	} {
		if c.r.Metrics[c.key] < c.floor {
			t.Errorf("%s %s = %.4f, floor %.2f", c.r.Task, c.key, c.r.Metrics[c.key], c.floor)
		}
		if c.r.Metrics[c.key] <= c.r.Baselines["majority"][strings.TrimPrefix(c.key, "cv_")] {
			t.Errorf("%s %s not above the majority baseline", c.r.Task, c.key)
		}
	}
	for _, d := range []*Report{fnc, em} {
		if !strings.Contains(strings.Join(d.Notes, " "), "training-set figures") {
			t.Errorf("%s notes do not say the shipped figures on dev are training figures: %q", d.Task, d.Notes)
		}
	}
}
