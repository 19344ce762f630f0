//go:build unix

package cluster

import (
	"syscall"
	"time"
)

// cpuTime is this process's user+system CPU time (getrusage), for Bench.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
