// Command crosscheck ingests news reports and gives one cited picture of each story.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/crosscheck/crosscheck/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := cli.NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
