package cputime

import (
	"runtime"
	"testing"
)

func TestUsedGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no getrusage")
	}
	start := Used()
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i % 7
	}
	if x == 0 || Used() <= start {
		t.Errorf("CPU time did not grow over a busy loop: %v -> %v", start, Used())
	}
	if got := MsPerOp(start, 0); got != 0 {
		t.Errorf("MsPerOp over no operations = %v, want 0", got)
	}
}
