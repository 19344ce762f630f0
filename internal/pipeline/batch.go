package pipeline

import (
	"context"
	"fmt"

	"github.com/crosscheck/crosscheck/internal/news"
)

// AddBatch stores several articles in one write transaction (group
// commit): a commit, its write-ahead-log frames and the full-text index
// flush cost about as much for a handful of articles as for one, and each
// was a sixth of an article's cost. Each article and everything it causes
// still land together, in the order given, with the outcome Add would give
// in that order: every article is placed and related inside the
// transaction, seeing the ones before it. If the transaction fails, nothing
// of it is kept and the articles are retried one by one with Add, so one
// bad article fails alone. outs[i] and errs[i] answer for arts[i].
//
// Placement runs under the store's write lock, where Add runs most of it
// before; with several workers sharing a store, small batches keep the lock
// short.
func (p *Pipeline) AddBatch(ctx context.Context, arts []*news.Article) (outs []Outcome, errs []error) {
	outs, errs = make([]Outcome, len(arts)), make([]error, len(arts))
	var todo []int
	ids := make(map[string]bool, len(arts))
	repeated := false
	for i, a := range arts {
		if a.ID == "" {
			errs[i] = news.Errorf(news.EInvalid, "article has no id")
			continue
		}
		if a.Hash == "" {
			a.Hash = news.TextHash(a.Text)
		}
		if a.CitedOutlets == nil {
			a.CitedOutlets = []string{}
		}
		if old, err := p.store.Article(ctx, a.ID); err == nil && old.Hash == a.Hash {
			outs[i] = Outcome{ArticleID: a.ID, StoryID: old.StoryID, DuplicateOf: old.DuplicateOf, Unchanged: true}
			continue
		} else if err != nil && news.ErrorCode(err) != news.ENotFound {
			errs[i] = err
			continue
		}
		repeated = repeated || ids[a.ID]
		ids[a.ID] = true
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return outs, errs
	}
	if len(todo) == 1 || repeated {
		// One article gains nothing; an id given twice is Add's case.
		p.addEach(ctx, arts, todo, outs, errs)
		return outs, errs
	}

	// Analyse in order, observing each article's terms before the next is
	// weighed, as Add does after each commit. Exact copies (by hash) are
	// not observed; the guess made here is checked after the commit.
	docs := make([]*Doc, len(arts))
	observed := make([]bool, len(arts))
	dupOf := make([]string, len(arts)) // as given, restored for a retry
	hashes := map[string]bool{}
	for _, i := range todo {
		a := arts[i]
		dupOf[i] = a.DuplicateOf
		inferPublished(a)
		doc := p.analyse(a)
		if err := doc.encode(); err != nil {
			errs[i] = fmt.Errorf("pipeline: add %s: %w", a.ID, err)
			p.forget(docs, observed)
			return outs, errs
		}
		p.links.put(a.ID, doc.linkBlob, doc.link)
		docs[i] = doc
		copied := hashes[a.Hash]
		if !copied {
			if first, err := p.store.ArticleByHash(ctx, a.Hash); err == nil && first.ID != a.ID {
				copied = true
			}
		}
		hashes[a.Hash] = true
		if !copied {
			p.mu.Lock()
			p.df.Observe(doc.Features)
			p.mu.Unlock()
			observed[i] = true
		}
	}

	placed := make([]Outcome, len(arts))
	err := p.store.Update(ctx, func(tx news.Tx) error {
		for _, i := range todo {
			out, err := p.place(ctx, tx, arts[i], docs[i], nil)
			if err != nil {
				return fmt.Errorf("pipeline: add %s: %w", arts[i].ID, err)
			}
			placed[i] = out
		}
		return nil
	})
	if err != nil {
		p.log.Warn("group commit failed; adding its articles one by one", "articles", len(todo), "err", err)
		p.forget(docs, observed)
		for _, i := range todo {
			arts[i].DuplicateOf = dupOf[i]
		}
		p.addEach(ctx, arts, todo, outs, errs)
		return outs, errs
	}
	p.mu.Lock()
	for _, i := range todo {
		outs[i] = placed[i]
		switch copied := placed[i].DuplicateOf != ""; {
		case copied && observed[i]:
			p.df.Forget(docs[i].Features)
		case !copied && !observed[i]:
			p.df.Observe(docs[i].Features)
		}
		if placed[i].DuplicateOf == "" {
			p.unsaved++
		}
	}
	p.mu.Unlock()
	if err := p.saveDocFreq(ctx, false); err != nil {
		p.log.Warn("saving term statistics failed", "err", err)
	}
	return outs, errs
}

// addEach adds arts[i] for each i in todo with Add.
func (p *Pipeline) addEach(ctx context.Context, arts []*news.Article, todo []int, outs []Outcome, errs []error) {
	for _, i := range todo {
		outs[i], errs[i] = p.Add(ctx, arts[i])
	}
}

// forget takes back the observations AddBatch made ahead of its commit.
func (p *Pipeline) forget(docs []*Doc, observed []bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, ok := range observed {
		if ok {
			p.df.Forget(docs[i].Features)
			observed[i] = false
		}
	}
}
