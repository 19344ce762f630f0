package pipeline

import (
	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

// Doc is the stored per-article analysis: everything later stages need
// without re-reading the text. Offsets are byte offsets into Article.Text.
type Doc struct {
	Sentences []news.Span      `json:"sentences"`
	Features  cluster.Features `json:"features"`

	// shingles and bands are recomputed from the text when needed, not stored.
	shingles []uint64
	bands    []string
}

// analyse runs the per-article analyses. It is pure and safe to run in parallel.
func (p *Pipeline) analyse(a *news.Article) *Doc {
	body := a.Body()
	d := &Doc{}
	for _, s := range text.Sentences(body) {
		d.Sentences = append(d.Sentences, news.Span{Start: s.Start, End: s.End})
	}
	d.shingles = dedup.Shingles(body, dedup.ShingleSize)
	d.bands = dedup.BandKeys(dedup.Sign(d.shingles))
	p.mu.RLock()
	d.Features = cluster.Extract(cluster.Doc{ID: a.ID, Title: a.Title, Text: body, Published: a.Published}, p.df)
	p.mu.RUnlock()
	return d
}
