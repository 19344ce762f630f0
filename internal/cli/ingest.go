package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

type ingestCmd struct {
	m   *Main
	cfg Config
}

// groupSize bounds how many waiting articles ingest stores in one
// transaction: 16 took a commit's cost off all but one of them, and larger
// groups measured no faster (pipeline BenchmarkAdd).
const groupSize = 16

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
	// Recluster is what the re-clustering pass over the batch's stories changed.
	Recluster *pipeline.ReclusterResult `json:"recluster,omitempty"`
}

func (c *ingestCmd) Run(ctx context.Context, args []string) error {
	fs := c.m.newFlagSet("ingest [--follow] PATH|URL|- ...", "ingest")
	c.m.flags(fs, &c.cfg)
	follow := fs.Bool("follow", false, "fetch each feed item's page for its full text")
	maxBytes := fs.Int64("max-bytes", 10<<20, "refuse inputs larger than this many bytes")
	timeout := fs.Duration("timeout", 20*time.Second, "HTTP timeout per request")
	allowPrivate := fs.Bool("allow-private", c.m.Getenv("CROSSCHECK_ALLOW_PRIVATE") == "1", "allow fetching loopback and private addresses ($CROSSCHECK_ALLOW_PRIVATE=1)")
	enqueue := fs.Bool("enqueue", false, "only enqueue the inputs for `crosscheck worker` (PostgreSQL)")
	workers := fs.Int("workers", 1, "concurrent ingest loops, each analysing a group while it stores the one before (placement stays serialised; above 1, story ids depend on timing)")
	recluster := fs.Bool("recluster", true, "after the batch, re-cluster the stories it changed and their neighbours (merge or split early placements)")
	briefs := fs.Bool("briefs", true, "build and store the brief of every story the batch changed, so `brief` and `serve` answer at once")
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

	t := &tally{sum: ingestSummary{Failures: []ingestFailure{}, Articles: []pipeline.Outcome{}}, quiet: c.cfg.JSON, w: c.m.Stderr}
	if c.m.IsTerminal && !c.cfg.JSON {
		t.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(c.m.Stderr), progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionClearOnFinish())
	}
	jobs := make(chan ingest.Item, groupSize*max(*workers, 1)) // reading runs ahead, so groups fill
	var wg sync.WaitGroup
	for w := 0; w < max(*workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Items already waiting are taken together and stored in one
			// transaction (group commit), up to groupSize, while the next
			// group is analysed; a lone item goes alone, so a slow source is
			// never held back.
			pipeline.Overlap(ctx, pl, jobs, groupSize,
				func(it ingest.Item) *news.Article {
					if it.Err != nil {
						return nil
					}
					return it.Article
				},
				func(group []ingest.Item, outs []pipeline.Outcome, errs []error) {
					for i, it := range group {
						t.record(it, outs[i], errs[i])
					}
				})
		}()
	}
	var readErr error
	for _, in := range fs.Args() {
		if readErr = rd.Read(ctx, in, func(it ingest.Item) { jobs <- it }); readErr != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if readErr != nil {
		return readErr
	}
	if t.bar != nil {
		t.bar.Finish()
	}
	sum := t.sum
	touched := pipeline.TouchedStories(sum.Articles)
	if *recluster {
		res, stories, err := pl.Settle(ctx, sum.Articles)
		if err != nil {
			return fmt.Errorf("ingest: re-clustering the batch's stories: %w", err)
		}
		sum.Recluster, touched = &res, stories
	}
	if err := pl.Close(ctx); err != nil {
		return err
	}
	if *briefs {
		if err := storeBriefs(ctx, store, touched, digest.Options{Now: c.m.Now, Persist: true, Log: log}); err != nil {
			return err
		}
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

// tally counts outcomes and prints a line per input (or moves the bar).
// Safe for concurrent use.
type tally struct {
	mu    sync.Mutex
	sum   ingestSummary
	bar   *progressbar.ProgressBar
	quiet bool
	w     io.Writer
}

func (t *tally) line(format string, a ...any) {
	if t.quiet {
		return
	}
	if t.bar != nil {
		t.bar.Clear()
	}
	fmt.Fprintf(t.w, format+"\n", a...)
}

func (t *tally) record(it ingest.Item, out pipeline.Outcome, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bar != nil {
		t.bar.Add(1)
	}
	if it.Err == nil && err != nil {
		it.Err = errors.New(news.ErrorMessageOr(err))
	}
	if it.Err != nil {
		t.sum.Failed++
		t.sum.Failures = append(t.sum.Failures, ingestFailure{Input: it.Input, Reason: it.Err.Error()})
		t.line("failed %s: %v", it.Input, it.Err)
		return
	}
	t.sum.Articles = append(t.sum.Articles, out)
	switch {
	case out.Unchanged:
		t.sum.Unchanged++
		if t.bar == nil {
			t.line("unchanged %s", out.ArticleID)
		}
	case out.DuplicateOf != "":
		t.sum.Duplicates++
		if t.bar == nil {
			t.line("duplicate %s (copy of %s) -> story %s", out.ArticleID, out.DuplicateOf, out.StoryID)
		}
	default:
		t.sum.Ingested++
		if t.bar == nil {
			t.line("ingested %s -> story %s", out.ArticleID, out.StoryID)
		}
	}
}

// storeBriefs builds and stores the briefs of stories. A story whose brief
// cannot be built is logged and skipped: its articles are stored, and the
// brief is built on first request instead.
func storeBriefs(ctx context.Context, store news.Store, storyIDs []string, opt digest.Options) error {
	b := digest.NewBuilder(store, opt)
	for _, id := range storyIDs {
		if _, err := b.Brief(ctx, id); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			opt.Log.Warn("brief not built", "story", id, "err", err)
		}
	}
	return nil
}

func writeIngestSummary(w io.Writer, s ingestSummary) {
	fmt.Fprintf(w, "ingested %d, duplicates %d, unchanged %d, failed %d\n", s.Ingested, s.Duplicates, s.Unchanged, s.Failed)
	if r := s.Recluster; r != nil && r.Changed > 0 {
		fmt.Fprintf(w, "re-clustered: %d stories changed, %d split off, %d merged away, %d articles moved\n", r.Changed, r.Created, r.Removed, r.Moved)
	}
	for _, f := range s.Failures {
		fmt.Fprintf(w, "  failed %s: %s\n", f.Input, f.Reason)
	}
}
