//go:build !unix

package cli

import "time"

// benchCPU is unknown here; the bench then prints no CPU figure.
func benchCPU() time.Duration { return 0 }
