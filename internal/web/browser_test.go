package web_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
	"github.com/crosscheck/crosscheck/internal/web"
	"net/http/httptest"
)

var screenshots = flag.String("screenshots", "", "write a screenshot of each page into this folder (docs/screenshots)")

// chromium returns Debian's Chromium, or skips.
func chromium(t *testing.T) string {
	if p := os.Getenv("CROSSCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium: install Debian's chromium package (scripts/test.sh does)")
	return ""
}

// corpusServer serves the seed reports (../shared/seeds) when present, the
// bundled example corpus otherwise.
func corpusServer(t *testing.T) (*httptest.Server, news.Store) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ui.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{})})
	corpus := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(corpus); err != nil {
		corpus = filepath.Join("..", "..", "examples", "corpus")
	}
	err = rd.Read(ctx, corpus, func(it ingest.Item) {
		if it.Err != nil {
			t.Fatalf("example corpus: %s: %v", it.Input, it.Err)
		}
		if _, err := pl.Add(ctx, it.Article); err != nil {
			t.Fatal(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Store: db, Pipeline: pl, Reader: rd, Briefer: digest.NewBuilder(db, digest.Options{}), Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, db
}

func TestBrowser(t *testing.T) {
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	srv, db := corpusServer(t)
	ctx := context.Background()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 90*time.Second)
	defer cancel()

	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			if *screenshots == "" {
				return nil
			}
			var buf []byte
			if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(*screenshots, name+".png"), buf, 0o644)
		})
	}
	if *screenshots != "" {
		if err := os.MkdirAll(*screenshots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	// The story list, then the largest story.
	stories, err := db.Stories(ctx, news.StoryFilter{})
	if err != nil || len(stories) == 0 {
		t.Fatalf("stories: %v %v", stories, err)
	}
	main := stories[0]
	for _, s := range stories {
		if len(s.ArticleIDs) > len(main.ArticleIDs) {
			main = s
		}
	}
	var listText string
	if err := chromedp.Run(bctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#stories", chromedp.ByID),
		chromedp.Text("#stories", &listText, chromedp.ByID),
		shot("stories"),
		chromedp.Click(`a[href="/stories/`+main.ID+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#summary", chromedp.ByID),
	); err != nil {
		t.Fatalf("open story: %v", err)
	}
	if !strings.Contains(listText, main.Title) {
		t.Errorf("story list lacks %q", main.Title)
	}

	// Disputes side by side, the stance board, the timeline, entities and the graph are shown.
	var sides, svgs, summaryItems, timeline, entities, stanceRows int
	if err := chromedp.Run(bctx,
		chromedp.Evaluate(`document.querySelectorAll('#disputes .conflict .side').length`, &sides),
		chromedp.Evaluate(`document.querySelectorAll('#provenance svg').length`, &svgs),
		chromedp.Evaluate(`document.querySelectorAll('#summary ol.summary > li').length`, &summaryItems),
		chromedp.Evaluate(`document.querySelectorAll('#timeline li').length`, &timeline),
		chromedp.Evaluate(`document.querySelectorAll('#entities tbody tr').length`, &entities),
		chromedp.Evaluate(`document.querySelectorAll('#stances tbody tr').length`, &stanceRows),
		shot("story"),
	); err != nil {
		t.Fatal(err)
	}
	if sides < 2 || svgs != 1 || summaryItems == 0 || timeline == 0 || entities == 0 || stanceRows == 0 {
		t.Errorf("story page: %d dispute sides, %d graphs, %d summary sentences, %d timeline entries, %d entities, %d stances",
			sides, svgs, summaryItems, timeline, entities, stanceRows)
	}
	var graphEdges int
	chromedp.Run(bctx, chromedp.Evaluate(`document.querySelectorAll('#provenance svg line, #provenance svg path').length`, &graphEdges))
	if graphEdges == 0 {
		t.Errorf("the provenance graph draws no edges")
	}

	// Open the first citation and follow it to its article.
	var href, articleTitle, bodyText string
	if err := chromedp.Run(bctx,
		chromedp.Click(`#summary details.cite > summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`#summary details.cite[open] a.cite-link`, chromedp.ByQuery),
		chromedp.AttributeValue(`#summary details.cite[open] a.cite-link`, "href", &href, nil, chromedp.ByQuery),
		chromedp.Click(`#summary details.cite[open] a.cite-link`, chromedp.ByQuery),
		chromedp.WaitVisible("#body", chromedp.ByID),
		chromedp.Text("h1", &articleTitle, chromedp.ByQuery),
		chromedp.Text("#body", &bodyText, chromedp.ByID),
		shot("article"),
	); err != nil {
		t.Fatalf("follow citation: %v", err)
	}
	id := strings.TrimPrefix(href, "/articles/")
	a, err := db.Article(ctx, id)
	if err != nil {
		t.Fatalf("citation %q: %v", href, err)
	}
	if strings.TrimSpace(articleTitle) != a.Title || bodyText == "" {
		t.Errorf("article page: title %q, want %q", articleTitle, a.Title)
	}
	if a.StoryID != main.ID {
		t.Errorf("citation %s is not a report of story %s", id, main.ID)
	}
}
