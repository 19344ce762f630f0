package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// benchParse measures articles per second for one document format.
func benchParse(b *testing.B, name string, body []byte) {
	r := NewReader(Options{})
	ctx := context.Background()
	n := 0
	for b.Loop() {
		r.Parse(ctx, name, "", body, func(it Item) {
			if it.Err != nil {
				b.Fatal(it.Err)
			}
			n++
		})
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkIngestText reads the seed reports (or a fixture when the shared
// folder is absent): normalisation, title, attribution, language, hashing.
func BenchmarkIngestText(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seeds", "000_ef62664cc318b2d4.txt"))
	if err != nil {
		body = mustRead(b, "testdata/batch/council-vote.txt")
	}
	b.SetBytes(int64(len(body)))
	benchParse(b, "bench.txt", body)
}

// BenchmarkIngestHTML extracts the news page fixture (nav, footer, share
// buttons, metadata) end to end.
func BenchmarkIngestHTML(b *testing.B) {
	body := mustRead(b, "testdata/batch/dock-strike.html")
	b.SetBytes(int64(len(body)))
	benchParse(b, "bench.html", body)
}

// BenchmarkIngestFeed reads the RSS fixture (two items).
func BenchmarkIngestFeed(b *testing.B) {
	benchParse(b, "bench.xml", mustRead(b, "testdata/batch/feed-rss.xml"))
}
