//go:build race

package postgres_test

// raceEnabled: the race detector makes the pipeline several times slower,
// so the worker tests use a smaller corpus under it.
const raceEnabled = true
