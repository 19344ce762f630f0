//go:build unix

package cli

import (
	"syscall"
	"time"
)

// benchCPU is this process's user+system CPU time (getrusage): on a machine
// shared with other work, articles per CPU second is the steady figure.
func benchCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
