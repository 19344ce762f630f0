package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/news"
)

type briefCmd struct {
	m   *Main
	cfg Config
	// part, when set, prints one section of the brief: entities, timeline, claims.
	part string
}

func (c *briefCmd) Run(ctx context.Context, args []string) error {
	name := "brief"
	usage := "brief [STORY] [--json | --html FILE] [--sentences N]"
	if c.part != "" {
		name, usage = c.part, c.part+" [STORY] [--json]"
	}
	fs := c.m.newFlagSet(usage, name)
	c.m.flags(fs, &c.cfg)
	htmlOut := ""
	sentences := 6
	if c.part == "" {
		fs.StringVar(&htmlOut, "html", "", "write a standalone HTML page to FILE (- for standard output)")
		fs.IntVar(&sentences, "sentences", sentences, "summary length in sentences")
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usagef("%s takes at most one story id", name)
	}
	store, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	id := fs.Arg(0)
	if id == "" {
		if id, err = largestStory(ctx, store); err != nil {
			return err
		}
	}
	b, err := digest.NewBuilder(store, digest.Options{SummarySentences: sentences, Now: c.m.Now, Persist: true, Log: c.m.logger(&c.cfg)}).Brief(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case c.part != "":
		return c.printPart(b)
	case htmlOut == "-":
		return brief.HTML(c.m.Stdout, b)
	case htmlOut != "":
		f, err := os.Create(htmlOut)
		if err != nil {
			return fmt.Errorf("brief: %w", err)
		}
		if err := brief.HTML(f, b); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("brief: %w", err)
		}
		fmt.Fprintf(c.m.Stderr, "wrote %s\n", htmlOut)
		return nil
	case c.cfg.JSON:
		return writeJSON(c.m.Stdout, b)
	}
	return brief.Markdown(c.m.Stdout, b)
}

// printPart prints one section: the same records the brief JSON uses.
func (c *briefCmd) printPart(b *brief.Brief) error {
	if c.cfg.JSON {
		v, _ := brief.Section(b, c.part)
		return writeJSON(c.m.Stdout, v)
	}
	part, _ := brief.Only(b, c.part)
	return brief.Markdown(c.m.Stdout, part)
}

// largestStory returns the id of the story with the most articles.
func largestStory(ctx context.Context, s news.Reader) (string, error) {
	ss, err := s.Stories(ctx, news.StoryFilter{})
	if err != nil {
		return "", err
	}
	best := ""
	size := -1
	for _, st := range ss {
		if len(st.ArticleIDs) > size || len(st.ArticleIDs) == size && news.CompareIDs(st.ID, best) < 0 {
			best, size = st.ID, len(st.ArticleIDs)
		}
	}
	if best == "" {
		return "", news.Errorf(news.ENotFound, "no stories yet: run crosscheck ingest first")
	}
	return best, nil
}
