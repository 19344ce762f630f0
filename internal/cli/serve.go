package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/web"
)

type serveCmd struct {
	m   *Main
	cfg Config
	// ready, when set (tests), receives the bound address once listening.
	ready chan<- string
}

func (c *serveCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("serve [--addr 127.0.0.1:8080]", "serve")
	c.m.flags(fs, &c.cfg)
	addr := fs.String("addr", envOr(c.m.Getenv, "CROSSCHECK_ADDR", "127.0.0.1:8080"), "address to listen on ($CROSSCHECK_ADDR); loopback by default")
	token := fs.String("token", "", "bearer token for write endpoints (default $CROSSCHECK_TOKEN; without one, writes are refused)")
	protectReads := fs.Bool("protect-reads", c.m.Getenv("CROSSCHECK_PROTECT_READS") == "1", "require the token for reads too ($CROSSCHECK_PROTECT_READS=1)")
	allowPrivate := fs.Bool("allow-private", c.m.Getenv("CROSSCHECK_ALLOW_PRIVATE") == "1", "allow fetching loopback and private addresses")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *token == "" {
		*token = c.m.Getenv("CROSSCHECK_TOKEN")
	}
	store, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	log := c.m.logger(&c.cfg)
	pl, err := pipeline.New(ctx, store, pipeline.Options{Now: c.m.Now, Log: log})
	if err != nil {
		return err
	}
	defer pl.Close(context.WithoutCancel(ctx))
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{AllowPrivate: *allowPrivate}), Now: c.m.Now})
	srv, err := web.New(web.Config{Store: store, Pipeline: pl, Reader: rd, Briefer: digest.NewBuilder(store, digest.Options{Persist: true, Log: log}),
		Log: log, Token: *token, ProtectReads: *protectReads})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", *addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 1 << 20}
	fmt.Fprintf(c.m.Stderr, "crosscheck serving on http://%s\n", ln.Addr())
	if *token == "" {
		fmt.Fprintln(c.m.Stderr, "no token configured: write endpoints (ingest, recluster) are refused")
	}
	if c.ready != nil {
		c.ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let requests in flight (and the
	// article transaction they run) finish.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	srv.Close() // the brief being built in the background finishes before the store closes
	fmt.Fprintln(c.m.Stderr, "crosscheck stopped")
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
