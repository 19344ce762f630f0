package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// AddBatch stores several articles in one write transaction (group
// commit): a commit, its write-ahead-log frames and the full-text index
// flush cost about as much for a handful of articles as for one. Each
// article and everything it causes still land together, in the order
// given, with the outcome Add would give in that order: every article is
// placed inside the transaction, seeing the ones before it. If the
// transaction fails, nothing of it is kept and the articles are retried one
// by one with Add, so one bad article fails alone. outs[i] and errs[i]
// answer for arts[i].
//
// AddBatch is Commit(Analyse(arts)); a caller with a stream of groups can
// analyse the next group while one is committed (see Overlap).
func (p *Pipeline) AddBatch(ctx context.Context, arts []*news.Article) (outs []Outcome, errs []error) {
	return p.Commit(ctx, p.Analyse(ctx, arts))
}

// Batch is a group of articles analysed for Commit.
type Batch struct {
	arts []*news.Article
	docs []*Doc // nil where not analysed (invalid, or stored unchanged)
	errs []error
}

// Analyse runs the analyses of arts that depend on nothing stored —
// sentences, entity mentions, time expressions, shingles, term counts —
// in parallel. It writes nothing, so the next group can be analysed while
// one is committed. Articles already stored with the same text are not
// analysed (Commit checks again).
func (p *Pipeline) Analyse(ctx context.Context, arts []*news.Article) *Batch {
	b := &Batch{arts: arts, docs: make([]*Doc, len(arts)), errs: make([]error, len(arts))}
	var todo []int
	for i, a := range arts {
		if a.ID == "" {
			b.errs[i] = news.Errorf(news.EInvalid, "article has no id")
			continue
		}
		if a.Hash == "" {
			a.Hash = news.TextHash(a.Text)
		}
		if a.CitedOutlets == nil {
			a.CitedOutlets = []string{}
		}
		if old, err := p.store.Article(ctx, a.ID); err == nil && old.Hash == a.Hash {
			continue
		}
		todo = append(todo, i)
	}
	parallel(len(todo), func(k int) {
		a := arts[todo[k]]
		inferPublished(a)
		b.docs[todo[k]] = p.count(a)
	})
	return b
}

// Commit stores an analysed batch in one write transaction (see AddBatch).
// Batches must be committed in the order they are to be added.
func (p *Pipeline) Commit(ctx context.Context, b *Batch) (outs []Outcome, errs []error) {
	defer since(&p.timing.transaction, time.Now())
	arts := b.arts
	outs, errs = make([]Outcome, len(arts)), append([]error(nil), b.errs...)
	var todo []int
	ids := make(map[string]bool, len(arts))
	repeated := false
	for i, a := range arts {
		if errs[i] != nil {
			continue
		}
		repeated = repeated || ids[a.ID]
		ids[a.ID] = true
		todo = append(todo, i)
	}
	switch {
	case len(todo) == 0:
		return outs, errs
	case repeated: // an id given twice is Add's case
		p.addEach(ctx, arts, todo, outs, errs)
		return outs, errs
	}

	docs := b.docs
	observed := make([]bool, len(arts))
	dupOf := make([]string, len(arts)) // as given, restored for a retry
	for _, i := range todo {
		dupOf[i] = arts[i].DuplicateOf
	}
	var items []*item
	var at []int // index in arts of each item
	var ov *overlay
	err := p.store.Update(ctx, func(tx news.Tx) error {
		// A store may run this again after a conflict: start afresh.
		p.forget(docs, observed)
		items, at = items[:0], at[:0]
		for _, i := range todo {
			outs[i] = Outcome{}
			arts[i].DuplicateOf = dupOf[i]
		}
		// Inside the transaction, on the writer's warm cache: which
		// articles are stored unchanged, and which are exact copies. Each
		// article is weighed after the terms of those before it are
		// observed, as Add does after each commit; exact copies are not
		// observed.
		firstOf := map[string]string{} // text hash -> its first article, stored or placed earlier here
		for _, i := range todo {
			a := arts[i]
			old, err := tx.Article(ctx, a.ID)
			if err == nil && old.Hash == a.Hash {
				outs[i] = Outcome{ArticleID: a.ID, StoryID: old.StoryID, DuplicateOf: old.DuplicateOf, Unchanged: true}
				continue
			} else if err != nil && news.ErrorCode(err) != news.ENotFound {
				return err
			}
			if docs[i] == nil { // stored unchanged when analysed, changed since
				inferPublished(a)
				docs[i] = p.count(a)
			}
			p.weigh(docs[i])
			copyOf, seen := firstOf[a.Hash]
			if !seen {
				if first, err := tx.ArticleByHash(ctx, a.Hash); err == nil && first.ID != a.ID {
					copyOf = first.ID
				} else if err != nil && news.ErrorCode(err) != news.ENotFound {
					return err
				}
				firstOf[a.Hash] = cmp.Or(copyOf, a.ID)
			}
			if copyOf == "" {
				p.mu.Lock()
				p.df.Observe(docs[i].Features)
				p.mu.Unlock()
				observed[i] = true
			}
			items = append(items, &item{a: a, doc: docs[i], fresh: old == nil, copyChecked: true, copyOf: copyOf})
			at = append(at, i)
		}
		encErrs := make([]error, len(items))
		parallel(len(items), func(k int) {
			if err := items[k].doc.encode(); err != nil {
				encErrs[k] = fmt.Errorf("pipeline: add %s: %w", items[k].a.ID, err)
			}
		})
		if err := errors.Join(encErrs...); err != nil {
			return err
		}
		if len(items) == 0 {
			return nil // all stored unchanged: nothing to write
		}
		var err error
		ov, err = p.placeAll(ctx, tx, items)
		return err
	})
	if err != nil {
		p.log.Warn("group commit failed; adding its articles one by one", "articles", len(todo), "err", err)
		p.forget(docs, observed)
		for _, i := range todo {
			outs[i] = Outcome{}
			arts[i].DuplicateOf = dupOf[i]
		}
		p.addEach(ctx, arts, todo, outs, errs)
		return outs, errs
	}
	if ov != nil {
		p.written.commit(ov.gen, items, ov.order)
	}
	p.mu.Lock()
	for k, it := range items {
		i := at[k]
		outs[i] = it.out
		p.links.put(it.a.ID, it.doc.linkBlob, it.doc.link)
		if it.out.DuplicateOf == "" {
			p.unsaved++
		}
	}
	p.mu.Unlock()
	if err := p.saveDocFreq(ctx, false); err != nil {
		p.log.Warn("saving term statistics failed", "err", err)
	}
	return outs, errs
}

// Overlap adds the articles of a stream in groups, each stored in one
// transaction (Commit), while the next group is analysed (Analyse): one core
// analyses while the other stores. A group is what is waiting in in when
// the previous one has been handed over, up to max items, so a slow source
// is never held back. article returns an item's article, or nil for an
// item that failed before (it is passed to done with no outcome). done
// receives each group's items with their outcomes, in order, on one
// goroutine.
func Overlap[T any](ctx context.Context, p *Pipeline, in <-chan T, max int, article func(T) *news.Article, done func([]T, []Outcome, []error)) {
	type analysed struct {
		group []T
		at    []int // index in group of each article of b
		b     *Batch
	}
	ready := make(chan analysed)
	go func() {
		defer close(ready)
		for first := range in {
			group := []T{first}
		gather:
			for len(group) < max {
				select {
				case x, ok := <-in:
					if !ok {
						break gather
					}
					group = append(group, x)
				default:
					break gather
				}
			}
			var arts []*news.Article
			var at []int
			for i, x := range group {
				if a := article(x); a != nil {
					arts = append(arts, a)
					at = append(at, i)
				}
			}
			start := time.Now()
			b := p.Analyse(ctx, arts)
			since(&p.timing.analyse, start)
			start = time.Now()
			ready <- analysed{group, at, b}
			since(&p.timing.handover, start)
		}
	}()
	for x := range ready {
		outs, errs := make([]Outcome, len(x.group)), make([]error, len(x.group))
		if len(x.at) > 0 {
			o, e := p.Commit(ctx, x.b)
			for j, i := range x.at {
				outs[i], errs[i] = o[j], e[j]
			}
		}
		done(x.group, outs, errs)
	}
}

// addEach adds arts[i] for each i in todo with Add.
func (p *Pipeline) addEach(ctx context.Context, arts []*news.Article, todo []int, outs []Outcome, errs []error) {
	for _, i := range todo {
		outs[i], errs[i] = p.Add(ctx, arts[i])
	}
}

// forget takes back the observations made ahead of a commit.
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
