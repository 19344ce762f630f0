package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestParaphraseFloor is the regression floor of the paraphrase eval on the
// MSRP dev file. cv_accuracy is the honest figure (held-out folds); the
// shipped-model accuracy on dev is a training figure.
func TestParaphraseFloor(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "eval", "paraphrase", "msrp-dev.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared eval data absent")
	}
	r, err := Paraphrase(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	floors := map[string]float64{"accuracy": 0.78, "f1": 0.84, "cv_accuracy": 0.77, "cv_f1": 0.835}
	for k, floor := range floors {
		if got := r.Metrics[k]; got < floor {
			t.Errorf("%s = %.4f, below floor %.3f", k, got, floor)
		}
	}
	if r.Metrics["cv_accuracy"] <= r.Baselines["jaccard"]["accuracy"] {
		t.Errorf("cv accuracy %.4f does not beat the Jaccard baseline %.4f", r.Metrics["cv_accuracy"], r.Baselines["jaccard"]["accuracy"])
	}
	t.Logf("%+v %+v", r.Metrics, r.Baselines)
}

func TestBinaryScoresAndJaccard(t *testing.T) {
	acc, f1 := binaryScores([]bool{true, true, false, false}, []bool{true, false, false, true})
	if acc != 0.5 || f1 != 0.5 {
		t.Errorf("binaryScores = %v, %v; want 0.5, 0.5", acc, f1)
	}
	if got := wordJaccard("The cat sat.", "the cat ran"); got != 0.5 {
		t.Errorf("wordJaccard = %v, want 0.5", got)
	}
	if _, err := Paraphrase(context.Background(), nil); err == nil {
		t.Error("no files must be an error")
	}
}
