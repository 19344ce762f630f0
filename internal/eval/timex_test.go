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
	// measured: strict 0.876, relaxed 0.936, value 0.807, type 0.967
	floors := map[string]float64{"strict_f1": 0.86, "relaxed_f1": 0.92, "value_f1": 0.79, "type_accuracy": 0.95}
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

func TestUTF16ToByte(t *testing.T) {
	s := "Kariņš 😀 said Friday"
	tests := []struct {
		name             string
		start, end       int // UTF-16 code units
		wantStart, wantE int
		ok               bool
	}{
		{"ascii prefix", 0, 6, 0, 8, true},           // "Kariņš": ņ and š are 2 bytes, 1 unit each
		{"after emoji", 10, 14, 14, 18, true},        // "said": the emoji is 2 units, 4 bytes
		{"to the end", 15, 21, 19, 25, true},         // "Friday"
		{"inside surrogate pair", 8, 9, 0, 0, false}, // splits the emoji
		{"past the end", 15, 40, 0, 0, false},
		{"reversed", 5, 2, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b, ok := UTF16ToByte(s, tc.start, tc.end)
			if ok != tc.ok || ok && (a != tc.wantStart || b != tc.wantE) {
				t.Errorf("UTF16ToByte(%d, %d) = %d, %d, %v; want %d, %d, %v", tc.start, tc.end, a, b, ok, tc.wantStart, tc.wantE, tc.ok)
			}
			if ok && s[a:b] == "" {
				t.Errorf("empty slice")
			}
		})
	}
}

func TestScoreTimexCounts(t *testing.T) {
	docs := []timexDoc{{ID: "d", Timex: []timexMatch{
		{StartByte: 0, EndByte: 6, Type: "DATE", Value: "2024-02-16"},
		{StartByte: 10, EndByte: 20, Type: "DURATION", Value: "P3M"},
	}}}
	sys := [][]timexMatch{{
		{StartByte: 0, EndByte: 6, Type: "DATE", Value: "2024-02-16"}, // strict, value
		{StartByte: 14, EndByte: 20, Type: "DATE", Value: "P3M"},      // relaxed, value, wrong type
		{StartByte: 30, EndByte: 34, Type: "DATE", Value: "2024"},     // spurious
	}}
	m := scoreTimex(docs, sys)
	want := map[string]float64{
		"strict_p": 1.0 / 3, "strict_r": 0.5, "relaxed_p": 2.0 / 3, "relaxed_r": 1,
		"value_p": 2.0 / 3, "value_r": 1, "type_accuracy": 0.5,
	}
	for k, v := range want {
		if d := m[k] - v; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s = %.4f, want %.4f", k, m[k], v)
		}
	}
}
