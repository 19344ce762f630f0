package pipeline

import (
	"encoding/json"
	"fmt"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// DecodeDoc decodes a stored per-article analysis.
func DecodeDoc(b []byte) (*Doc, error) {
	d := &Doc{}
	if err := json.Unmarshal(b, d); err != nil {
		return nil, fmt.Errorf("pipeline: decode analysis: %w", err)
	}
	return d, nil
}

// StageDoc is the store stage under which Doc is kept.
const StageDoc = stageDoc

// Doc is the stored per-article analysis: everything later stages need
// without re-reading the text. Offsets are byte offsets into Article.Text.
type Doc struct {
	Sentences []news.Span      `json:"sentences"`
	Features  cluster.Features `json:"features"`
	Mentions  []entity.Mention `json:"mentions"`
	Times     []timex.Expr     `json:"times"`

	// shingles and bands are recomputed from the text when needed, not stored.
	shingles []uint64
	bands    []string
	// link is the part provenance reads of candidates (linkOf); blob and
	// linkBlob are the encoded Doc and link, made before the write lock.
	link           link
	blob, linkBlob []byte
}

// encode sets the stored forms of d and its link analysis.
func (d *Doc) encode() error {
	var err error
	if d.blob, err = json.Marshal(d); err != nil {
		return fmt.Errorf("encode analysis: %w", err)
	}
	if d.linkBlob, err = json.Marshal(d.link); err != nil {
		return fmt.Errorf("encode link analysis: %w", err)
	}
	return nil
}

// analyse runs the per-article analyses. It is pure and safe to run in parallel.
func (p *Pipeline) analyse(a *news.Article) *Doc {
	body := a.Body()
	d := &Doc{}
	for _, s := range text.Sentences(body) {
		d.Sentences = append(d.Sentences, news.Span{Start: s.Start, End: s.End})
	}
	d.Mentions = entity.Recognize(body)
	d.Times = timex.Find(body, a.Published)
	d.shingles = dedup.Shingles(body, dedup.ShingleSize)
	d.bands = dedup.BandKeys(dedup.Sign(d.shingles))
	p.mu.RLock()
	d.Features = cluster.ExtractCached(cluster.Doc{ID: a.ID, Title: a.Title, Text: body, Published: a.Published},
		cluster.Prior{Stream: p.df, Weight: p.opt.Cluster.PriorDocs}, p.stems)
	p.mu.RUnlock()
	d.link = linkOf(d)
	return d
}
