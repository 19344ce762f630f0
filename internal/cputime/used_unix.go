//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// Used is this process's user+system CPU time, every goroutine's (getrusage).
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
