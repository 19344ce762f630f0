// Package pipeline turns an ingested article into stored knowledge: it
// checks for exact copies, runs the per-article analyses (pure functions),
// places the article into a story through indexed candidate lookups, relates
// it to the story's other reports, and writes all of it in one transaction.
package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/provenance"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// Stage names of the per-article analyses kept in the store: the whole
// analysis, and the small part provenance reads for every candidate source.
const (
	stageDoc  = "doc"
	stageLink = "link"
)

// metaDocFreq is the Meta key of the persisted document-frequency sketch;
// metaDocFreqSeen, of how many stored articles (in ingest order) it covers.
const (
	metaDocFreq     = "cluster.docfreq"
	metaDocFreqSeen = "cluster.docfreq.seen"
)

// Options configure a Pipeline.
type Options struct {
	Now     news.Clock
	Log     *slog.Logger
	Cluster cluster.Config
	// SaveEvery persists the term statistics after this many new articles.
	SaveEvery int
	// PreparedCache is how many articles' prepared provenance forms are
	// kept in memory (0: DefaultPreparedCache; negative: none).
	PreparedCache int
	// NearDupWindow is how many of the most recent articles near-duplicate
	// search looks among (0: dedup.DefaultWindow).
	NearDupWindow int
}

// DefaultPreparedCache keeps the prepared forms of the articles most
// recently compared: a new report is compared with the recent members of
// its story, which are mostly recent articles. A form takes about 24 KB
// (provenance TestPreparedSize), so 6,144 take about 150 MB; against 2,048,
// the 100k-article bench ran 7% faster (395 against 369 articles/s) for
// 230 MiB more peak memory.
const DefaultPreparedCache = 6144

// memoTokens bounds the token memo of provenance preparation (a few
// hundred bytes a token).
const memoTokens = 200_000

// decodedCache is how many story profiles, and how many articles' link
// analyses, are kept decoded (a few KiB each).
const decodedCache = 4096

// Pipeline adds articles to a store. Safe for concurrent use: analysis runs
// in parallel, the store serialises placement.
type Pipeline struct {
	store news.Store
	opt   Options
	log   *slog.Logger

	mu      sync.RWMutex // guards df and unsaved
	df      *cluster.Sketch
	unsaved int

	prepared *lru[preparedKey, *provenance.Prepared]
	tokens   *align.Memo
	stems    *cluster.StemCache
	profiles decoded[*cluster.Profile] // by story id
	links    decoded[link]             // by article id
	dups     nearDups
	written  *written
	timing   timing
}

// Outcome says what Add did with one article.
type Outcome struct {
	ArticleID   string `json:"article_id"`
	StoryID     string `json:"story_id,omitempty"`
	NewStory    bool   `json:"new_story,omitempty"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Unchanged   bool   `json:"unchanged,omitempty"` // already stored with the same text
}

// New returns a pipeline over store, loading its persisted term statistics.
func New(ctx context.Context, store news.Store, opt Options) (*Pipeline, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Cluster == (cluster.Config{}) {
		opt.Cluster = cluster.DefaultConfig()
	}
	if opt.SaveEvery <= 0 {
		opt.SaveEvery = 500
	}
	if opt.PreparedCache == 0 {
		opt.PreparedCache = DefaultPreparedCache
	}
	p := &Pipeline{store: store, opt: opt, log: opt.Log, df: cluster.NewSketch(docFreqBits),
		prepared: newLRU[preparedKey, *provenance.Prepared](opt.PreparedCache),
		tokens:   align.NewMemo(memoTokens),
		stems:    cluster.NewStemCache(),
		profiles: newDecoded[*cluster.Profile](decodedCache),
		links:    newDecoded[link](decodedCache),
		written:  newWritten(),
		dups:     nearDups{index: dedup.NewIndex(opt.NearDupWindow, 0)}}
	blob, err := store.Meta(ctx, metaDocFreq)
	if err != nil {
		return nil, fmt.Errorf("pipeline: load term statistics: %w", err)
	}
	seen := 0
	if blob != nil {
		if err := p.df.UnmarshalBinary(blob); err != nil {
			p.log.Warn("term statistics unreadable; starting afresh", "err", err)
			p.df = cluster.NewSketch(docFreqBits)
		} else if seen, err = p.docFreqSeen(ctx); err != nil {
			return nil, err
		}
	}
	if err := p.catchUp(ctx, seen); err != nil {
		return nil, fmt.Errorf("pipeline: catch up term statistics: %w", err)
	}
	if err := p.backfillSignatures(ctx); err != nil {
		return nil, fmt.Errorf("pipeline: near-duplicate signatures: %w", err)
	}
	return p, nil
}

// docFreqSeen reads how many stored articles the persisted sketch covers;
// a store saved before this was recorded counts as fully covered.
func (p *Pipeline) docFreqSeen(ctx context.Context) (int, error) {
	b, err := p.store.Meta(ctx, metaDocFreqSeen)
	if err != nil {
		return 0, fmt.Errorf("pipeline: load term statistics: %w", err)
	}
	if b == nil {
		return p.store.CountArticles(ctx)
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		return 0, fmt.Errorf("pipeline: term statistics coverage %q: %w", b, err)
	}
	return n, nil
}

// catchUp observes the articles stored after the sketch was last saved,
// from their stored analyses. The sketch is saved every SaveEvery articles,
// outside the article transactions, so a process killed in between leaves
// committed articles unobserved; without this, a resumed ingest would weigh
// every later article's terms differently from an uninterrupted one.
func (p *Pipeline) catchUp(ctx context.Context, seen int) error {
	const page = 500
	for off := seen; ; off += page {
		arts, err := p.store.Articles(ctx, news.ArticleFilter{Limit: page, Offset: off})
		if err != nil {
			return err
		}
		var ids []string
		for _, a := range arts {
			if a.DuplicateOf == "" { // exact copies are not observed (see Add)
				ids = append(ids, a.ID)
			}
		}
		docs, err := p.store.Analyses(ctx, stageDoc, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if docs[id] == nil {
				continue
			}
			d, err := DecodeDoc(docs[id])
			if err != nil {
				return err
			}
			p.df.Observe(d.Features)
			p.unsaved++
		}
		if len(arts) < page {
			return nil
		}
	}
}

// docFreqBits sizes the sketch: 2^18 counters a row, 2 MiB in all.
const docFreqBits = 18

// Close persists the term statistics.
func (p *Pipeline) Close(ctx context.Context) error {
	return p.saveDocFreq(ctx, true)
}

func (p *Pipeline) saveDocFreq(ctx context.Context, force bool) error {
	p.mu.Lock()
	if !force && p.unsaved < p.opt.SaveEvery || p.unsaved == 0 {
		p.mu.Unlock()
		return nil
	}
	blob, err := p.df.MarshalBinary()
	p.unsaved = 0
	p.mu.Unlock()
	if err != nil {
		return fmt.Errorf("pipeline: save term statistics: %w", err)
	}
	return p.store.Update(ctx, func(tx news.Tx) error {
		// The articles stored now are the ones the sketch has observed
		// (ingest observes each article right after its commit).
		n, err := tx.CountArticles(ctx)
		if err != nil {
			return err
		}
		if err := tx.PutMeta(ctx, metaDocFreq, blob); err != nil {
			return err
		}
		return tx.PutMeta(ctx, metaDocFreqSeen, []byte(strconv.Itoa(n)))
	})
}

// Add stores one article and everything it causes, atomically. Adding an
// article already stored with the same text changes nothing.
func (p *Pipeline) Add(ctx context.Context, a *news.Article) (Outcome, error) {
	if a.ID == "" {
		return Outcome{}, news.Errorf(news.EInvalid, "article has no id")
	}
	if a.Hash == "" {
		a.Hash = news.TextHash(a.Text)
	}
	if a.CitedOutlets == nil {
		a.CitedOutlets = []string{}
	}
	if old, err := p.store.Article(ctx, a.ID); err == nil && old.Hash == a.Hash {
		return Outcome{ArticleID: a.ID, StoryID: old.StoryID, DuplicateOf: old.DuplicateOf, Unchanged: true}, nil
	} else if err != nil && news.ErrorCode(err) != news.ENotFound {
		return Outcome{}, err
	}

	inferPublished(a)
	return p.addCounted(ctx, a, p.count(a))
}

// addCounted is Add after the checks and analyses that need no store.
func (p *Pipeline) addCounted(ctx context.Context, a *news.Article, doc *Doc) (Outcome, error) {
	p.weigh(doc)
	// Encoded here, outside the write lock that other workers wait on.
	if err := doc.encode(); err != nil {
		return Outcome{}, fmt.Errorf("pipeline: add %s: %w", a.ID, err)
	}
	p.links.put(a.ID, doc.linkBlob, doc.link)
	// The costly part of relating the article to its story runs here, on a
	// snapshot, before the write lock; inside it only what changed since is redone.
	snap, err := p.snapshot(ctx, a, doc)
	if err != nil {
		return Outcome{}, fmt.Errorf("pipeline: add %s: %w", a.ID, err)
	}
	it := &item{a: a, doc: doc, snap: snap}
	var ov *overlay
	start := time.Now()
	err = p.store.Update(ctx, func(tx news.Tx) error {
		var err error
		ov, err = p.placeAll(ctx, tx, []*item{it})
		return err
	})
	since(&p.timing.transaction, start)
	if err != nil {
		return Outcome{}, err
	}
	p.written.commit(ov.gen, []*item{it}, ov.order)
	out := it.out
	if out.DuplicateOf == "" {
		p.mu.Lock()
		p.df.Observe(doc.Features)
		p.unsaved++
		p.mu.Unlock()
		if err := p.saveDocFreq(ctx, false); err != nil {
			p.log.Warn("saving term statistics failed", "err", err)
		}
	}
	return out, nil
}

// profile returns the decoded profile of s, a copy the caller may change:
// a story is a placement candidate for many articles, and its profile is
// decoded once per version instead of once per candidate lookup.
func (p *Pipeline) profile(s *news.Story) (*cluster.Profile, error) {
	prof, err := p.profiles.get(s.ID, s.Profile, cluster.UnmarshalProfile)
	if err != nil {
		return nil, fmt.Errorf("story %s profile: %w", s.ID, err)
	}
	// Profile methods replace its slices rather than write into them, so a
	// shallow copy keeps the cached one intact.
	cp := *prof
	return &cp, nil
}

// addToStory updates a story's outlets, date range and title for one new
// member, by the same rules as summariseStory.
func addToStory(s *news.Story, a *news.Article) {
	if a.Outlet != "" && !slices.Contains(s.Outlets, a.Outlet) {
		s.Outlets = append(s.Outlets, a.Outlet)
	}
	earliest := !a.Published.IsZero() && (s.First.IsZero() || a.Published.Before(s.First))
	if a.DuplicateOf == "" && a.Title != "" && (s.Title == "" || earliest) {
		s.Title = a.Title
	}
	if !a.Published.IsZero() {
		if s.First.IsZero() || a.Published.Before(s.First) {
			s.First = a.Published
		}
		if a.Published.After(s.Last) {
			s.Last = a.Published
		}
	}
}

// summariseStory sets a story's title, outlets and date range from its members.
func summariseStory(s *news.Story, members []*news.Article) {
	sort.SliceStable(members, func(i, j int) bool { return news.PublishedBefore(members[i], members[j]) })
	outlets := map[string]bool{}
	s.Outlets = s.Outlets[:0]
	s.First, s.Last = members[0].Published, members[0].Published
	for _, m := range members {
		if m.Outlet != "" && !outlets[m.Outlet] {
			outlets[m.Outlet] = true
			s.Outlets = append(s.Outlets, m.Outlet)
		}
		if m.Published.IsZero() {
			continue
		}
		if s.First.IsZero() || m.Published.Before(s.First) {
			s.First = m.Published
		}
		if m.Published.After(s.Last) {
			s.Last = m.Published
		}
	}
	// The title of the earliest dated original report names the story.
	for _, m := range members {
		if m.DuplicateOf == "" && m.Title != "" {
			s.Title = m.Title
			break
		}
	}
}

// inferPublished records, for an article without a publication date, the
// window its text implies (past statements bound it from below, future ones
// from above). The window is an inferred field with its evidence; Published
// stays unknown, so relative dates are never resolved against a guess.
func inferPublished(a *news.Article) {
	if !a.Published.IsZero() {
		return
	}
	if _, ok := a.Fields["published"]; ok {
		return
	}
	w, ev := timex.EstimatePublished(a.Body())
	if w.Earliest.IsZero() && w.Latest.IsZero() {
		return
	}
	a.SetField("published", news.Inferred, "window from the text: "+w.Describe(ev))
}
