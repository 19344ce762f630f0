package eval

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestClusterScores(t *testing.T) {
	tests := []struct {
		name           string
		pred, gold     []string
		bp, br, pp, pr float64
	}{
		{"perfect", []string{"a", "a", "b"}, []string{"x", "x", "y"}, 1, 1, 1, 1},
		{"all in one", []string{"a", "a", "a", "a"}, []string{"x", "x", "y", "y"}, 0.5, 1, 1.0 / 3, 1},
		{"all apart", []string{"a", "b", "c", "d"}, []string{"x", "x", "y", "y"}, 1, 0.5, 1, 0},
		{"one misplaced", []string{"a", "a", "b", "b"}, []string{"x", "x", "x", "y"}, 0.75, 2.0 / 3, 0.5, 1.0 / 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bp, br, pp, pr := clusterScores(tt.pred, tt.gold)
			got := []float64{bp, br, pp, pr}
			want := []float64{tt.bp, tt.br, tt.pp, tt.pr}
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-9 {
					t.Errorf("scores = %v, want %v", got, want)
					break
				}
			}
		})
	}
}

// TestClusterFloors runs the clustering eval on both dev files and holds
// BCubed F1 above floors a little below the measured figures (ECB+ 0.946,
// pairwise 0.946, online 0.859, shuffled 0.940, halves 0.957 and 0.927;
// NewsWCL50 1.000, online
// 0.830, shuffled 1.000) and above the TF-IDF single-pass baseline of the
// run.
func TestClusterFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the clusterer seven times per file")
	}
	dir := filepath.Join("..", "..", "..", "shared", "eval", "cluster")
	if _, err := os.Stat(filepath.Join(dir, "ecbplus-dev.jsonl")); err != nil {
		t.Skip("shared eval data absent")
	}
	r, err := Cluster(context.Background(), []string{filepath.Join(dir, "ecbplus-dev.jsonl"), filepath.Join(dir, "newswcl50-dev.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	floors := map[string]map[string]float64{
		"ecbplus-dev":   {"bcubed_f1": 0.935, "pairwise_f1": 0.93, "online_bcubed_f1": 0.84, "shuffled_bcubed_f1": 0.925, "half0_bcubed_f1": 0.945, "half1_bcubed_f1": 0.915},
		"newswcl50-dev": {"bcubed_f1": 0.96, "online_bcubed_f1": 0.80, "shuffled_bcubed_f1": 0.96},
	}
	for ds, fs := range floors {
		d := r.Datasets[ds]
		if d == nil {
			t.Fatalf("no report for %s", ds)
		}
		for m, floor := range fs {
			if d.Metrics[m] < floor {
				t.Errorf("%s %s = %.3f, floor %.3f", ds, m, d.Metrics[m], floor)
			}
		}
		if b := d.Baselines["tfidf-single-pass"]["bcubed_f1"]; d.Metrics["bcubed_f1"] <= b {
			t.Errorf("%s bcubed_f1 %.3f not above the baseline %.3f", ds, d.Metrics["bcubed_f1"], b)
		}
		t.Logf("%s: bcubed_f1 %.3f (online %.3f, shuffled %.3f) pairwise_f1 %.3f; baseline %.3f",
			ds, d.Metrics["bcubed_f1"], d.Metrics["online_bcubed_f1"], d.Metrics["shuffled_bcubed_f1"], d.Metrics["pairwise_f1"], d.Baselines["tfidf-single-pass"]["bcubed_f1"])
	}
}
