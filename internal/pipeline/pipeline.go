// Package pipeline turns an ingested article into stored knowledge: it
// checks for exact copies, runs the per-article analyses (pure functions),
// places the article into a story through indexed candidate lookups, relates
// it to the story's other reports, and writes all of it in one transaction.
package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"sync"

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
}

// DefaultPreparedCache keeps the prepared forms of the articles most
// recently compared: a new report is compared with the recent members of
// its story, which are mostly recent articles.
const DefaultPreparedCache = 2048

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
		links:    newDecoded[link](decodedCache)}
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
	doc := p.analyse(a)
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
	var out Outcome
	err = p.store.Update(ctx, func(tx news.Tx) error {
		var err error
		out, err = p.place(ctx, tx, a, doc, snap)
		return err
	})
	if err != nil {
		return Outcome{}, fmt.Errorf("pipeline: add %s: %w", a.ID, err)
	}
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

// place runs inside the article's transaction: copy check, story placement,
// provenance, and every write. snap may be nil: then all of it is worked
// out here.
func (p *Pipeline) place(ctx context.Context, tx news.Tx, a *news.Article, doc *Doc, snap *snapshot) (Outcome, error) {
	out := Outcome{ArticleID: a.ID}
	if first, err := tx.ArticleByHash(ctx, a.Hash); err == nil && first.ID != a.ID {
		// An exact copy: linked to its first copy, kept, placed in its story.
		a.DuplicateOf = first.ID
		out.DuplicateOf = first.ID
	} else if err != nil && news.ErrorCode(err) != news.ENotFound {
		return out, err
	}
	if err := tx.PutArticle(ctx, a); err != nil {
		return out, err
	}
	if doc.blob == nil {
		if err := doc.encode(); err != nil {
			return out, err
		}
	}
	if err := tx.PutAnalysis(ctx, stageDoc, a.ID, doc.blob); err != nil {
		return out, err
	}
	if err := tx.PutAnalysis(ctx, stageLink, a.ID, doc.linkBlob); err != nil {
		return out, err
	}

	if err := tx.PutKeys(ctx, news.SpaceNearDup, a.ID, doc.bands); err != nil {
		return out, err
	}
	current, err := p.bumpGeneration(ctx, tx, snap)
	if err != nil {
		return out, err
	}
	var near *news.Article
	var story *news.Story
	if current && a.DuplicateOf == "" {
		// Nothing was placed since the snapshot: its choices stand.
		near, story = snap.near, snap.story
	} else {
		var checked map[string]bool
		if snap != nil {
			checked = snap.checked
		}
		if near, _, err = p.nearDuplicate(ctx, tx, a, doc, checked); err != nil {
			return out, err
		}
		if near == nil && snap != nil {
			near = snap.near
		}
		if story, err = p.chooseStory(ctx, tx, a, doc, near); err != nil {
			return out, err
		}
	}
	if story == nil {
		id, err := tx.NextID(ctx, "s")
		if err != nil {
			return out, err
		}
		story = &news.Story{ID: id}
		out.NewStory = true
	}
	out.StoryID = story.ID
	if !contains(story.ArticleIDs, a.ID) {
		story.ArticleIDs = append(story.ArticleIDs, a.ID)
	}
	if err := p.refreshStory(ctx, tx, story, a, doc, near, snap); err != nil {
		return out, err
	}
	return out, nil
}

// snapshot is what Add works out before taking the write lock: the near
// duplicate, the story the article would join, and its relations to that
// story's members as they were. place redoes only what changed since.
type snapshot struct {
	generation []byte // the placement generation the snapshot saw
	chosen     bool   // near and story were worked out
	story      *news.Story
	near       *news.Article
	checked    map[string]bool // near-duplicate candidates already compared
	storyID    string          // "" when the article would start a story
	members    map[string]bool // the story's members the relations cover
	sources    []news.Relation // relations between the article and those members
}

func (p *Pipeline) snapshot(ctx context.Context, a *news.Article, doc *Doc) (*snapshot, error) {
	gen, err := p.store.Meta(ctx, metaGeneration)
	if err != nil {
		return nil, err
	}
	snap := &snapshot{generation: gen}
	if first, err := p.store.ArticleByHash(ctx, a.Hash); err == nil && first.ID != a.ID {
		return snap, nil // an exact copy: nothing costly to prepare
	} else if err != nil && news.ErrorCode(err) != news.ENotFound {
		return nil, err
	}
	near, checked, err := p.nearDuplicate(ctx, p.store, a, doc, nil)
	if err != nil {
		return nil, err
	}
	snap.near, snap.checked = near, checked
	story, err := p.chooseStory(ctx, p.store, a, doc, near)
	if err != nil {
		return nil, err
	}
	snap.chosen, snap.story = true, story
	if story == nil {
		return snap, nil
	}
	snap.storyID = story.ID
	snap.members = make(map[string]bool, len(story.ArticleIDs))
	for _, id := range story.ArticleIDs {
		snap.members[id] = true
	}
	snap.sources = p.sourcesOf(ctx, p.store, story, a, doc, near, nil)
	return snap, nil
}

// metaGeneration is the Meta key of the placement generation: a counter
// every transaction that changes stories, their members or their index
// keys bumps (placements here, reclustering).
const metaGeneration = "pipeline.generation"

// bumpGeneration advances the placement generation inside tx and reports
// whether it was still the one snap saw: then no story changed since the
// snapshot, and its near duplicate and story choice need no second look.
func (p *Pipeline) bumpGeneration(ctx context.Context, tx news.Tx, snap *snapshot) (bool, error) {
	old, err := tx.Meta(ctx, metaGeneration)
	if err != nil {
		return false, err
	}
	n := 0
	if old != nil {
		if n, err = strconv.Atoi(string(old)); err != nil {
			return false, fmt.Errorf("placement generation %q: %w", old, err)
		}
	}
	if err := tx.PutMeta(ctx, metaGeneration, []byte(strconv.Itoa(n+1))); err != nil {
		return false, err
	}
	return snap != nil && snap.chosen && bytes.Equal(old, snap.generation), nil
}

// chooseStory finds the story the article belongs to, or starts one.
// chooseStory returns the story the article belongs to, or nil when it
// starts a new one. r is the transaction, or the store for a snapshot.
func (p *Pipeline) chooseStory(ctx context.Context, tx news.Reader, a *news.Article, doc *Doc, near *news.Article) (*news.Story, error) {
	if a.DuplicateOf != "" {
		first, err := tx.Article(ctx, a.DuplicateOf)
		if err != nil {
			return nil, err
		}
		if first.StoryID != "" {
			return tx.Story(ctx, first.StoryID)
		}
	}
	if old, err := tx.Article(ctx, a.ID); err == nil && old.StoryID != "" {
		// A re-ingested article whose text changed stays in its story.
		return tx.Story(ctx, old.StoryID)
	}
	// A near-duplicate of a stored article joins that article's story.
	if near != nil && near.StoryID != "" {
		p.log.Debug("near duplicate", "article", a.ID, "of", near.ID)
		return tx.Story(ctx, near.StoryID)
	}
	keys := cluster.Keys(doc.Features)
	hits, err := tx.Lookup(ctx, news.SpaceStory, keys, p.opt.Cluster.Candidates)
	if err != nil {
		return nil, err
	}
	if pr, ok := tx.(profileReader); ok {
		return p.chooseByProfiles(ctx, tx, pr, a, doc, hits)
	}
	stories := make(map[string]*news.Story, len(hits))
	cands := make([]cluster.Candidate, 0, len(hits))
	if len(hits) > 0 {
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.Owner
		}
		ss, err := tx.Stories(ctx, news.StoryFilter{IDs: ids})
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			stories[s.ID] = s
		}
		for _, h := range hits {
			s := stories[h.Owner]
			if s == nil {
				continue
			}
			prof, err := p.profile(s)
			if err != nil {
				return nil, err
			}
			cands = append(cands, cluster.Candidate{StoryID: s.ID, Profile: prof, Hits: h.Hits})
		}
	}
	d := cluster.Place(doc.Features, cands, p.opt.Cluster)
	p.log.Debug("placed", "article", a.ID, "story", d.StoryID, "score", d.Score, "reason", d.Reason)
	if d.StoryID != "" {
		return stories[d.StoryID], nil
	}
	return nil, nil
}

// profileReader is a store that reads candidate stories' profiles alone
// (sqlite): placement then decodes nothing else of the candidates, whose
// metadata and lineages grow with them, and reads only the chosen story.
type profileReader interface {
	StoryProfiles(ctx context.Context, ids []string) (map[string][]byte, error)
}

// chooseByProfiles is the last step of chooseStory through a profileReader:
// the same candidates in the same order, the same decision.
func (p *Pipeline) chooseByProfiles(ctx context.Context, tx news.Reader, pr profileReader, a *news.Article, doc *Doc, hits []news.KeyHit) (*news.Story, error) {
	cands := make([]cluster.Candidate, 0, len(hits))
	if len(hits) > 0 {
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.Owner
		}
		blobs, err := pr.StoryProfiles(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			blob, ok := blobs[h.Owner]
			if !ok {
				continue
			}
			prof, err := p.profile(&news.Story{ID: h.Owner, Profile: blob})
			if err != nil {
				return nil, err
			}
			cands = append(cands, cluster.Candidate{StoryID: h.Owner, Profile: prof, Hits: h.Hits})
		}
	}
	d := cluster.Place(doc.Features, cands, p.opt.Cluster)
	p.log.Debug("placed", "article", a.ID, "story", d.StoryID, "score", d.Score, "reason", d.Reason)
	if d.StoryID == "" {
		return nil, nil
	}
	return tx.Story(ctx, d.StoryID)
}

// refreshStory updates a story after article a joined it: its profile and
// index keys, its metadata, and its provenance. The work is incremental —
// it reads the new article's likeliest sources, not every member — so the
// cost of one placement stays flat however large the story grows.
func (p *Pipeline) refreshStory(ctx context.Context, tx news.Tx, s *news.Story, a *news.Article, doc *Doc, near *news.Article, snap *snapshot) error {
	prof, err := p.profile(s)
	if err != nil {
		return err
	}
	if a.DuplicateOf == "" {
		prof.Add(doc.Features)
	}
	blob, err := prof.Marshal()
	if err != nil {
		return fmt.Errorf("story %s profile: %w", s.ID, err)
	}
	s.Profile = blob
	p.profiles.put(s.ID, blob, prof)
	addToStory(s, a)
	rels, err := p.relateNew(ctx, tx, s, a, doc, near, snap)
	if err != nil {
		return err
	}
	if err := tx.PutStory(ctx, s); err != nil {
		return err
	}
	if err := tx.SetRelations(ctx, s.ID, rels); err != nil {
		return err
	}
	return tx.PutKeys(ctx, news.SpaceStory, s.ID, cluster.StoryKeys(prof))
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
	if a.Outlet != "" && !contains(s.Outlets, a.Outlet) {
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

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// Near-duplicate thresholds, checked exactly on candidates from the LSH index.
const (
	nearDupJaccard     = 0.8
	nearDupContainment = 0.9
	nearDupCandidates  = 10
)

// nearDuplicate returns the stored article a nearly copies, if any: LSH band
// keys give candidates, exact shingle Jaccard/containment decides.
// Candidates in skip were compared before and are not again; it returns
// the candidates it compared.
func (p *Pipeline) nearDuplicate(ctx context.Context, tx news.Reader, a *news.Article, doc *Doc, skip map[string]bool) (*news.Article, map[string]bool, error) {
	checked := map[string]bool{}
	if len(doc.shingles) < 8 {
		return nil, checked, nil // too short for shingles to mean copied text
	}
	hits, err := tx.Lookup(ctx, news.SpaceNearDup, doc.bands, nearDupCandidates+1)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	for _, h := range hits {
		if h.Owner != a.ID && !skip[h.Owner] {
			ids = append(ids, h.Owner)
			checked[h.Owner] = true
		}
	}
	if len(ids) == 0 {
		return nil, checked, nil
	}
	cands, err := tx.Articles(ctx, news.ArticleFilter{IDs: ids})
	if err != nil {
		return nil, nil, err
	}
	var best *news.Article
	bestScore := 0.0
	for _, c := range cands {
		sh := dedup.Shingles(c.Body(), dedup.ShingleSize)
		j := dedup.Jaccard(doc.shingles, sh)
		cont := max(dedup.Containment(doc.shingles, sh), dedup.Containment(sh, doc.shingles))
		if (j >= nearDupJaccard || cont >= nearDupContainment) && j+cont > bestScore {
			best, bestScore = c, j+cont
		}
	}
	return best, checked, nil
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
