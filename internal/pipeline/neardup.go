package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/news"
)

// Near-duplicate search. Each article's LSH band keys go to the store's
// append-only signature log (Tx.PutSignature); the pipeline keeps the most
// recent ones in memory (dedup.Index) and, before each lookup, applies the
// entries written since it last looked, by any process. Inside a placement
// transaction that is exactly the committed log, since writers are
// serialised; the articles placed earlier in the same transaction are
// compared from the overlay.

// nearDups is the pipeline's in-memory near-duplicate index and how far
// into the store's signature log it has read.
type nearDups struct {
	mu     sync.Mutex // serialises catching up
	index  *dedup.Index
	loaded bool
	seen   int64 // seq of the last log entry applied
}

// signaturePage is how many log entries one read takes.
const signaturePage = 4096

// sync applies the log entries written since the last call; the first call
// starts from the window's worth of most recent entries.
func (n *nearDups) sync(ctx context.Context, r news.Reader) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.loaded {
		last, err := r.LastSignature(ctx)
		if err != nil {
			return err
		}
		n.seen, n.loaded = max(0, last-int64(n.index.Window())), true
	}
	for {
		page, err := r.Signatures(ctx, n.seen, signaturePage)
		if err != nil {
			return err
		}
		for _, e := range page {
			keys, err := dedup.DecodeBands(e.Sig)
			if err != nil {
				return fmt.Errorf("signature %d of %s: %w", e.Seq, e.ArticleID, err)
			}
			n.index.Add(e.ArticleID, keys)
			n.seen = e.Seq
		}
		if len(page) < signaturePage {
			return nil
		}
	}
}

// nearDupCandidates returns up to nearDupCandidates articles sharing band
// keys with doc — in the index, or placed earlier in this transaction —
// most shared keys first, then by id; a itself is left out.
func (p *Pipeline) nearDupCandidates(ctx context.Context, r news.Reader, ov *overlay, a *news.Article, doc *Doc) ([]string, error) {
	if !ov.dupsSynced {
		if err := p.dups.sync(ctx, r); err != nil {
			return nil, err
		}
		ov.dupsSynced = true
	}
	best := map[string]int{}
	for _, h := range p.dups.index.Candidates(doc.bands, 0) {
		best[h.ID] = h.Hits
	}
	if len(ov.arts) > 0 {
		mine := make(map[dedup.Band]bool, len(doc.bands))
		for _, k := range doc.bands {
			mine[k] = true
		}
		for id, it := range ov.arts {
			n := 0
			for _, k := range it.doc.bands {
				if mine[k] {
					n++
				}
			}
			if n > 0 {
				best[id] = max(best[id], n)
			}
		}
	}
	delete(best, a.ID)
	hits := make([]dedup.Hit, 0, len(best))
	for id, n := range best {
		hits = append(hits, dedup.Hit{ID: id, Hits: n})
	}
	slices.SortFunc(hits, func(x, y dedup.Hit) int { return cmp.Or(cmp.Compare(y.Hits, x.Hits), cmp.Compare(x.ID, y.ID)) })
	ids := make([]string, 0, min(len(hits), nearDupCandidates))
	for _, h := range hits[:min(len(hits), nearDupCandidates)] {
		ids = append(ids, h.ID)
	}
	return ids, nil
}

// backfillSignatures fills the signature log of a store written before it
// existed (when near-duplicate keys lived in the key index), from the text
// of its most recent articles, so that those stay findable.
func (p *Pipeline) backfillSignatures(ctx context.Context) error {
	last, err := p.store.LastSignature(ctx)
	if err != nil || last > 0 {
		return err
	}
	n, err := p.store.CountArticles(ctx)
	if err != nil || n == 0 {
		return err
	}
	const page = 500
	from := max(0, n-p.dups.index.Window())
	for off := from; off < n; off += page {
		arts, err := p.store.Articles(ctx, news.ArticleFilter{Limit: page, Offset: off})
		if err != nil {
			return err
		}
		sigs := make([][]byte, len(arts))
		parallel(len(arts), func(i int) {
			_, keys := dedup.Fingerprint(arts[i].Body())
			sigs[i] = dedup.EncodeBands(keys)
		})
		if err := p.store.Update(ctx, func(tx news.Tx) error {
			for i, a := range arts {
				if err := tx.PutSignature(ctx, a.ID, sigs[i]); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		p.log.Info("near-duplicate signatures filled in", "articles", off+len(arts)-from)
	}
	return nil
}
