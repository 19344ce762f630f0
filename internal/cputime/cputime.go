// Package cputime reads the process's CPU time, so that benchmarks and
// `crosscheck bench` report work per CPU second: on a machine shared with
// other work, wall time mostly measures the neighbours.
package cputime

import "time"

// MsPerOp is the CPU milliseconds per operation spent since start (a Used
// reading) over n operations, for b.ReportMetric(…, "cpu-ms/op").
func MsPerOp(start time.Duration, n int) float64 {
	if n <= 0 {
		return 0
	}
	return float64(Used()-start) / float64(n) / float64(time.Millisecond)
}
