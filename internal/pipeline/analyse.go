package pipeline

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/klauspost/compress/s2"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/provenance"
	"github.com/crosscheck/crosscheck/internal/text"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// DecodeDoc decodes a stored per-article analysis, in any of the forms
// stores hold (see blobBinary).
func DecodeDoc(b []byte) (*Doc, error) {
	if len(b) > 0 && b[0] == blobBinary {
		return decodeBinaryDoc(b, true)
	}
	js, err := analysisJSON(b)
	if err != nil {
		return nil, err
	}
	d := &Doc{}
	if err := json.Unmarshal(js, d); err != nil {
		return nil, fmt.Errorf("pipeline: decode analysis: %w", err)
	}
	return d, nil
}

// DecodeDocText decodes what DecodeDoc does but the clustering features
// (two thirds of an analysis): the sentences, mentions and time
// expressions a brief reads.
func DecodeDocText(b []byte) (*Doc, error) {
	if len(b) > 0 && b[0] == blobBinary {
		return decodeBinaryDoc(b, false)
	}
	js, err := analysisJSON(b)
	if err != nil {
		return nil, err
	}
	var sd struct {
		Sentences []news.Span      `json:"sentences"`
		Mentions  []entity.Mention `json:"mentions"`
		Times     []timex.Expr     `json:"times"`
	}
	// go-json-experiment's faster decoder, with encoding/json's semantics
	if err := jsonv1.Unmarshal(js, &sd); err != nil {
		return nil, fmt.Errorf("pipeline: decode analysis: %w", err)
	}
	return &Doc{Sentences: sd.Sentences, Mentions: sd.Mentions, Times: sd.Times}, nil
}

// blobS2 starts a stored analysis that is an S2 block of its JSON, the
// form written before blobBinary; a blob that starts otherwise is plain
// JSON, the form before that.
const blobS2 = 0x00

// pack returns the S2-packed form of an analysis' JSON.
func pack(js []byte) []byte {
	b := make([]byte, 1+s2.MaxEncodedLen(len(js)))
	b[0] = blobS2
	return b[:1+len(s2.Encode(b[1:], js))]
}

// analysisJSON returns the JSON of a stored analysis in a JSON form.
func analysisJSON(blob []byte) ([]byte, error) {
	if len(blob) == 0 || blob[0] != blobS2 {
		return blob, nil
	}
	js, err := s2.Decode(nil, blob[1:])
	if err != nil {
		return nil, fmt.Errorf("pipeline: unpack analysis: %w", err)
	}
	return js, nil
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

	// counts are the Features before weighing (see cluster.Counts).
	counts cluster.Counts
	// shingles and bands are recomputed from the text when needed, not stored.
	shingles []uint64
	bands    []dedup.Band
	// prepared is the article made ready for provenance comparisons.
	prepared *provenance.Prepared
	// link is the part provenance reads of candidates (linkOf); blob and
	// linkBlob are the encoded Doc and link, made before the write lock.
	link           link
	blob, linkBlob []byte
	// keys are the story index keys of Features (cluster.Keys), set with link.
	keys []string
}

// encode sets d's link analysis and the stored forms of d and of its link:
// what follows weighing and depends on d alone, so a group's docs are
// encoded in parallel once all are weighed.
func (d *Doc) encode() error {
	d.link = linkOf(d)
	d.keys = cluster.Keys(d.Features)
	var err error
	if d.blob, err = encodeDoc(d); err != nil {
		return err
	}
	d.linkBlob, err = encodeLink(&d.link)
	return err
}

// count runs the per-article analyses that depend on nothing but the
// article: sentences, entity mentions, time expressions, shingles and band
// keys, term counts, and the form provenance compares. It is pure and most
// of an article's analysis, so articles are counted in parallel.
func (p *Pipeline) count(a *news.Article) *Doc {
	body := a.Body()
	d := &Doc{}
	for _, s := range text.Sentences(body) {
		d.Sentences = append(d.Sentences, news.Span{Start: s.Start, End: s.End})
	}
	d.Mentions = entity.Recognize(body)
	d.Times = timex.Find(body, a.Published)
	d.shingles = dedup.Shingles(body, dedup.ShingleSize)
	d.bands = dedup.BandKeys(dedup.Sign(d.shingles))
	d.counts = cluster.Count(cluster.Doc{ID: a.ID, Title: a.Title, Text: body, Published: a.Published}, p.stems)
	d.prepared = p.prepare(selfDoc(a, body, d.shingles), d.Sentences)
	return d
}

// selfDoc is the provenance view of an article being added, with its body
// (a.Body()) and shingles.
func selfDoc(a *news.Article, body string, shingles []uint64) provenance.Doc {
	return provenance.Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, CitedOutlets: a.CitedOutlets, Text: body, Hash: a.Hash, Shingles: shingles}
}

// weigh sets d's Features under the term statistics seen so far: the order
// in which articles are weighed matters, so callers weigh one at a time,
// and this is all they do one at a time (see encode).
func (p *Pipeline) weigh(d *Doc) {
	p.mu.RLock()
	d.Features = d.counts.Weigh(cluster.Prior{Stream: p.df, Weight: p.opt.Cluster.PriorDocs})
	p.mu.RUnlock()
}

// analyse runs every per-article analysis of a (count, weigh, link).
func (p *Pipeline) analyse(a *news.Article) *Doc {
	d := p.count(a)
	p.weigh(d)
	d.link = linkOf(d)
	return d
}

// parallel runs fn(i) for i in [0, n) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
