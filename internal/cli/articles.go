package cli

import (
	"context"
	"fmt"
	"github.com/crosscheck/crosscheck/internal/digest"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

type articlesCmd struct {
	m   *Main
	cfg Config
}

func (c *articlesCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("articles [--story ID] [--limit N]", "articles")
	c.m.flags(fs, &c.cfg)
	story := fs.String("story", "", "only the articles of this story")
	limit := fs.Int("limit", 0, "at most this many (0: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("articles takes no arguments")
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	arts, err := s.Articles(ctx, news.ArticleFilter{StoryID: *story, Limit: *limit})
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		out := make([]digest.ArticleRecord, 0, len(arts))
		for _, a := range arts {
			out = append(out, digest.Article(a, false))
		}
		return writeJSON(c.m.Stdout, out)
	}
	tw := tabwriter.NewWriter(c.m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tOUTLET\tPUBLISHED\tSTORY\tTITLE")
	for _, a := range arts {
		outlet := a.Outlet
		if outlet == "" {
			outlet = "-"
		}
		title := a.Title
		if a.DuplicateOf != "" {
			title = "[copy of " + a.DuplicateOf + "] " + title
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.ID, outlet, dateOf(a.Published), orDash(a.StoryID), truncate(title, 70))
	}
	return tw.Flush()
}

type articleCmd struct {
	m   *Main
	cfg Config
}

func (c *articleCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("article ID", "article")
	c.m.flags(fs, &c.cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("article takes one article id")
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := s.Article(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, digest.Article(a, true))
	}
	w := c.m.Stdout
	fmt.Fprintf(w, "%s\n%s\n\n", a.Title, strings.Repeat("=", min(len(a.Title), 80)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(field, value string) {
		src := a.Fields[field]
		how := src.How
		if how == "" && value != "" {
			how = "-"
		}
		if value == "" {
			value = "(none)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", field, value, how, src.Evidence)
	}
	fmt.Fprintln(tw, "FIELD\tVALUE\tHOW\tEVIDENCE")
	row("id", a.ID)
	row("title", a.Title)
	row("outlet", a.Outlet)
	row("cited_outlets", strings.Join(a.CitedOutlets, ", "))
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.UTC().Format(time.RFC3339)
	}
	row("published", pub)
	row("url", a.URL)
	row("language", a.Language)
	row("byline", a.Byline)
	extra := make([]string, 0)
	for k := range a.Fields {
		switch k {
		case "id", "title", "outlet", "cited_outlets", "published", "url", "language", "byline":
		default:
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		row(k, a.Fields[k].Evidence)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nstory: %s  source: %s", orDash(a.StoryID), orDash(a.Source))
	if a.DuplicateOf != "" {
		fmt.Fprintf(w, "  exact copy of: %s", a.DuplicateOf)
	}
	fmt.Fprintf(w, "\n\n%s\n", a.Text)
	for _, b := range a.Boilerplate {
		fmt.Fprintf(w, "\n[boilerplate, %s] %s", b.Reason, strings.TrimSpace(a.Text[b.Start:b.End]))
	}
	if len(a.Boilerplate) > 0 {
		fmt.Fprintln(w)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

type searchCmd struct {
	m   *Main
	cfg Config
}

func (c *searchCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("search QUERY", "search")
	c.m.flags(fs, &c.cfg)
	limit := fs.Int("limit", 20, "at most this many results")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("search needs a query")
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	hits, err := s.Search(ctx, strings.Join(fs.Args(), " "), *limit)
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		if hits == nil {
			hits = []news.SearchHit{}
		}
		return writeJSON(c.m.Stdout, hits)
	}
	for _, h := range hits {
		fmt.Fprintf(c.m.Stdout, "%s  (story %s)  %s\n    %s\n", h.ArticleID, orDash(h.StoryID), h.Title, h.Snippet)
	}
	return nil
}

type checkCmd struct {
	m   *Main
	cfg Config
}

func (c *checkCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("check", "check")
	c.m.flags(fs, &c.cfg)
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer s.Close()
	problems, err := checkStore(ctx, s)
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		if problems == nil {
			problems = []string{}
		}
		if err := writeJSON(c.m.Stdout, map[string]any{"ok": len(problems) == 0, "problems": problems}); err != nil {
			return err
		}
	} else {
		for _, p := range problems {
			fmt.Fprintln(c.m.Stdout, p)
		}
		if len(problems) == 0 {
			fmt.Fprintln(c.m.Stdout, "ok")
		}
	}
	if len(problems) > 0 {
		return &partialError{msg: fmt.Sprintf("%d integrity problems", len(problems))}
	}
	return nil
}
