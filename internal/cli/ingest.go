package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

type ingestCmd struct {
	m   *Main
	cfg Config
}

// ingestFailure is one input that could not be ingested.
type ingestFailure struct {
	Input  string `json:"input"`
	Reason string `json:"reason"`
}

// ingestSummary is what `ingest --json` prints.
type ingestSummary struct {
	Ingested   int                `json:"ingested"`
	Duplicates int                `json:"duplicates"`
	Unchanged  int                `json:"unchanged"`
	Failed     int                `json:"failed"`
	Failures   []ingestFailure    `json:"failures"`
	Articles   []pipeline.Outcome `json:"articles"`
	Enqueued   int                `json:"enqueued,omitempty"`
}

func (c *ingestCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("ingest [--follow] PATH|URL|- ...", "ingest")
	c.m.flags(fs, &c.cfg)
	follow := fs.Bool("follow", false, "fetch each feed item's page for its full text")
	maxBytes := fs.Int64("max-bytes", 10<<20, "refuse inputs larger than this many bytes")
	timeout := fs.Duration("timeout", 20*time.Second, "HTTP timeout per request")
	allowPrivate := fs.Bool("allow-private", c.m.Getenv("CROSSCHECK_ALLOW_PRIVATE") == "1", "allow fetching loopback and private addresses ($CROSSCHECK_ALLOW_PRIVATE=1)")
	enqueue := fs.Bool("enqueue", false, "only enqueue the inputs for `crosscheck worker` (PostgreSQL)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("ingest needs at least one PATH, URL or -")
	}
	store, err := c.m.openStore(ctx, c.cfg.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	if *enqueue {
		return c.enqueue(ctx, store, fs.Args())
	}
	log := c.m.logger(&c.cfg)
	pl, err := pipeline.New(ctx, store, pipeline.Options{Now: c.m.Now, Log: log})
	if err != nil {
		return err
	}
	fetcher := fetch.New(fetch.Config{Timeout: *timeout, MaxBytes: *maxBytes, AllowPrivate: *allowPrivate})
	rd := ingest.NewReader(ingest.Options{Follow: *follow, MaxBytes: *maxBytes, Timeout: *timeout, Fetcher: fetcher, Now: c.m.Now, Stdin: c.m.Stdin})

	var bar *progressbar.ProgressBar
	if c.m.IsTerminal && !c.cfg.JSON {
		bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(c.m.Stderr), progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionClearOnFinish())
	}
	sum := ingestSummary{Failures: []ingestFailure{}, Articles: []pipeline.Outcome{}}
	line := func(format string, a ...any) {
		if c.cfg.JSON {
			return
		}
		if bar != nil {
			bar.Clear()
		}
		fmt.Fprintf(c.m.Stderr, format+"\n", a...)
	}
	emit := func(it ingest.Item) {
		if bar != nil {
			bar.Add(1)
		}
		if it.Err != nil {
			sum.Failed++
			sum.Failures = append(sum.Failures, ingestFailure{Input: it.Input, Reason: it.Err.Error()})
			line("failed %s: %v", it.Input, it.Err)
			return
		}
		out, err := pl.Add(ctx, it.Article)
		if err != nil {
			sum.Failed++
			sum.Failures = append(sum.Failures, ingestFailure{Input: it.Input, Reason: news.ErrorMessageOr(err)})
			line("failed %s: %v", it.Input, err)
			return
		}
		sum.Articles = append(sum.Articles, out)
		switch {
		case out.Unchanged:
			sum.Unchanged++
			if bar == nil {
				line("unchanged %s", out.ArticleID)
			}
		case out.DuplicateOf != "":
			sum.Duplicates++
			if bar == nil {
				line("duplicate %s (copy of %s) -> story %s", out.ArticleID, out.DuplicateOf, out.StoryID)
			}
		default:
			sum.Ingested++
			if bar == nil {
				line("ingested %s -> story %s", out.ArticleID, out.StoryID)
			}
		}
	}
	for _, in := range fs.Args() {
		if err := rd.Read(ctx, in, emit); err != nil {
			return err
		}
	}
	if bar != nil {
		bar.Finish()
	}
	if err := pl.Close(ctx); err != nil {
		return err
	}
	if c.cfg.JSON {
		if err := writeJSON(c.m.Stdout, sum); err != nil {
			return err
		}
	} else {
		writeIngestSummary(c.m.Stdout, sum)
	}
	if sum.Failed > 0 {
		return &partialError{msg: fmt.Sprintf("%d of %d inputs failed", sum.Failed, sum.Failed+sum.Ingested+sum.Duplicates+sum.Unchanged)}
	}
	return nil
}

func writeIngestSummary(w io.Writer, s ingestSummary) {
	fmt.Fprintf(w, "ingested %d, duplicates %d, unchanged %d, failed %d\n", s.Ingested, s.Duplicates, s.Unchanged, s.Failed)
	for _, f := range s.Failures {
		fmt.Fprintf(w, "  failed %s: %s\n", f.Input, f.Reason)
	}
}
