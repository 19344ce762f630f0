// Package eval measures crosscheck's analysis stages on labelled data that
// others wrote (../shared/eval), each beside a simple baseline in the same run.
// One file per task; each task reads JSON Lines and returns a Report.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Report is the one JSON shape every eval command prints:
// {"task":..., "n":..., "metrics":{...}, "baselines":{"name":{...}}}.
// Metric values are fractions from 0 to 1.
type Report struct {
	Task      string                        `json:"task"`
	N         int                           `json:"n"`
	Metrics   map[string]float64            `json:"metrics"`
	Baselines map[string]map[string]float64 `json:"baselines"`
	// Datasets holds per-file reports when a task was given several files.
	Datasets map[string]*Report `json:"datasets,omitempty"`
	Notes    []string           `json:"notes,omitempty"`
}

// WriteText prints r as an aligned table: one row per metric, one column per system.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "task %s, n=%d\n", r.Task, r.N)
	names := make([]string, 0, len(r.Baselines))
	for n := range r.Baselines {
		names = append(names, n)
	}
	sort.Strings(names)
	keys := make([]string, 0, len(r.Metrics))
	for k := range r.Metrics {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "%-22s %12s", "metric", "crosscheck")
	for _, n := range names {
		fmt.Fprintf(w, " %18s", n)
	}
	fmt.Fprintln(w)
	for _, k := range keys {
		fmt.Fprintf(w, "%-22s %12.4f", k, r.Metrics[k])
		for _, n := range names {
			if v, ok := r.Baselines[n][k]; ok {
				fmt.Fprintf(w, " %18.4f", v)
			} else {
				fmt.Fprintf(w, " %18s", "-")
			}
		}
		fmt.Fprintln(w)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	dn := make([]string, 0, len(r.Datasets))
	for n := range r.Datasets {
		dn = append(dn, n)
	}
	sort.Strings(dn)
	for _, n := range dn {
		fmt.Fprintf(w, "\n[%s]\n", n)
		r.Datasets[n].WriteText(w)
	}
}

// ReadJSONL decodes every line of path into a new T. A malformed line is an
// error naming the file and line.
func ReadJSONL[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %w", path, line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read %s: %w", path, err)
	}
	return out, nil
}
