package cli

import (
	"context"
	"fmt"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

type reclusterCmd struct {
	m   *Main
	cfg Config
}

func (c *reclusterCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("recluster", "recluster")
	c.m.flags(fs, &c.cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	pl, err := pipeline.New(ctx, s, pipeline.Options{Now: c.m.Now, Log: c.m.logger(&c.cfg)})
	if err != nil {
		return err
	}
	res, err := pl.Recluster(ctx)
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, res)
	}
	fmt.Fprintf(c.m.Stdout, "%d stories: %d changed, %d split off, %d merged away, %d articles moved\n",
		res.Stories, res.Changed, res.Created, res.Removed, res.Moved)
	return nil
}

// checkStore runs the store's and the pipeline's integrity checks.
func checkStore(ctx context.Context, s news.Store) ([]string, error) { return pipeline.Check(ctx, s) }
