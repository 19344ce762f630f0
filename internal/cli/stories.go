package cli

import (
	"context"
	"fmt"
	"github.com/crosscheck/crosscheck/internal/digest"
	"strings"
	"text/tabwriter"

	"github.com/crosscheck/crosscheck/internal/news"
)

type storiesCmd struct {
	m   *Main
	cfg Config
}

func (c *storiesCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("stories [--query Q] [--limit N]", "stories")
	c.m.flags(fs, &c.cfg)
	query := fs.String("query", "", "only stories with an article matching this full-text query")
	limit := fs.Int("limit", 0, "at most this many (0: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("stories takes no arguments")
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	ss, err := s.Stories(ctx, news.StoryFilter{Query: *query, Limit: *limit})
	if err != nil {
		return err
	}
	out := make([]digest.StoryRecord, 0, len(ss))
	for _, st := range ss {
		j, err := digest.Story(ctx, s, st)
		if err != nil {
			return err
		}
		out = append(out, j)
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, out)
	}
	tw := tabwriter.NewWriter(c.m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tSIZE\tFIRST\tLAST\tOUTLETS\tTITLE")
	for i, j := range out {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", j.ID, j.Size, dateOf(ss[i].First), dateOf(ss[i].Last),
			truncate(strings.Join(j.Outlets, ", "), 40), truncate(j.Title, 60))
	}
	return tw.Flush()
}
