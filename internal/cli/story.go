package cli

import (
	"context"
	"fmt"
	"github.com/crosscheck/crosscheck/internal/digest"
	"strings"
	"text/tabwriter"

	"github.com/crosscheck/crosscheck/internal/news"
)

type storyCmd struct {
	m   *Main
	cfg Config
}

// storyDetailJSON is what `story ID --json` prints.
type storyDetailJSON struct {
	digest.StoryRecord
	Lineages   [][]string      `json:"lineages"`
	Provenance []news.Relation `json:"provenance"`
}

func (c *storyCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("story ID", "story")
	c.m.flags(fs, &c.cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("story takes one story id")
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Story(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	rec, err := digest.Story(ctx, s, st)
	if err != nil {
		return err
	}
	rels, err := s.Relations(ctx, st.ID)
	if err != nil {
		return err
	}
	if rels == nil {
		rels = []news.Relation{}
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, storyDetailJSON{StoryRecord: rec, Lineages: st.Lineages, Provenance: rels})
	}
	w := c.m.Stdout
	fmt.Fprintf(w, "%s  %s\n%d articles, %s to %s\n\n", st.ID, st.Title, rec.Size, dateOf(st.First), dateOf(st.Last))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTICLE\tOUTLET\tPUBLISHED\tTITLE")
	for _, a := range rec.Articles {
		outlet, pub := "-", "unknown"
		if a.Outlet != nil {
			outlet = *a.Outlet
		}
		if a.Published != nil {
			pub = (*a.Published)[:10]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, outlet, pub, truncate(a.Title, 60))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nIndependent lineages: %d\n", len(st.Lineages))
	for _, l := range st.Lineages {
		fmt.Fprintf(w, "  - %s\n", strings.Join(l, ", "))
	}
	fmt.Fprintf(w, "\nProvenance (%d relations)\n", len(rels))
	for _, r := range rels {
		fmt.Fprintf(w, "  %s -> %s  %s (%s, score %.2f)", r.From, r.To, r.Kind, r.Direction, r.Score)
		if r.Evidence != "" {
			fmt.Fprintf(w, "  %s", r.Evidence)
		}
		fmt.Fprintln(w)
		for _, p := range r.Passages {
			fmt.Fprintf(w, "      %s: %q\n      ~ %q\n", p.Match, truncate(p.FromText, 110), truncate(p.ToText, 110))
		}
	}
	return nil
}
