package claim

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/cputime"
	"github.com/crosscheck/crosscheck/internal/news"
)

// storyInput builds the analysis input of an n-article story the way
// digest's BenchmarkBrief200 stores one: the example corpus's text reports,
// repeated with a varied first line, outlet and date, so that nearly every
// sentence has many near-identical copies across the story.
func storyInput(tb testing.TB, n int) Input {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "examples", "corpus", "0*.txt"))
	if err != nil || len(files) == 0 {
		tb.Skip("examples absent")
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	start := time.Date(2026, 2, 20, 8, 0, 0, 0, time.UTC)
	arts := make([]news.Article, n)
	for i := range arts {
		title, rest, _ := strings.Cut(texts[i%len(texts)], "\n")
		rest = fmt.Sprintf("Update %d from correspondent %d.\n%s", i, i%17, rest)
		arts[i] = news.Article{ID: fmt.Sprintf("a%03d", i), Title: title, Text: rest, Outlet: fmt.Sprintf("Outlet %d", i%23),
			Published: start.Add(time.Duration(i) * 37 * time.Minute)}
	}
	return BuildInput(arts, nil)
}

// BenchmarkAnalyze200 is claim analysis alone on a 200-article story of
// near-copies, the bulk of a cold brief's cost.
func BenchmarkAnalyze200(b *testing.B) {
	in := storyInput(b, 200)
	b.ReportAllocs()
	b.ResetTimer()
	start := cputime.Used()
	for i := 0; i < b.N; i++ {
		Analyze(in)
	}
	b.ReportMetric(cputime.MsPerOp(start, b.N), "cpu-ms/op")
}
