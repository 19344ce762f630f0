//go:build !unix

package cluster

import "time"

// cpuTime is unknown here; Bench then reports no CPU figure.
func cpuTime() time.Duration { return 0 }
