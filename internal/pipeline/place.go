package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/provenance"
)

// item is one article on its way into the store: its analysis, what was
// worked out before the write lock (snap, may be nil), and what placement
// decides for it.
type item struct {
	a     *news.Article
	doc   *Doc
	snap  *snapshot
	fresh bool // a is known not to be stored (no earlier version)
	// copyChecked: copyOf is the first article with a's text (""
	// when a is the first), found by the caller inside the transaction
	copyChecked bool
	copyOf      string

	out     Outcome
	story   *staged
	near    *news.Article
	members int             // len(story's ArticleIDs) once a had joined
	cands   []source        // its likeliest sources among them, to align
	sources []news.Relation // relations with cands (align) and with those the snapshot aligned
}

// source is a candidate source of an article: the doc to prepare, or its
// prepared form when the cache had it.
type source struct {
	doc      provenance.Doc
	prepared *provenance.Prepared
}

// staged is a story changed by the current transaction: written once, at
// the end, whatever number of its articles the transaction placed.
type staged struct {
	s     *news.Story
	prof  *cluster.Profile
	isNew bool
	items []*item // placed in it, in order
}

// overlay is what a transaction has placed but not yet written: the
// stories it changed and the story of each article it placed. Reads of
// the transaction go through it, so each article sees the ones before it
// exactly as if each had been written at once.
type overlay struct {
	// trusted: the pipeline's record of what it wrote (written) holds for
	// the store this transaction sees, so it may stand in for reads.
	trusted bool
	gen     int // the placement generation the transaction leaves
	stories map[string]*staged
	order   []*staged
	storyOf map[string]string // article id -> story id, for articles placed here
	arts    map[string]*item  // article id -> its item, for articles placed here
	// dupsSynced: the near-duplicate index has caught up with the log in
	// this transaction. No other writer can add to the log before it ends,
	// and the entries it adds itself are in arts, so once is enough.
	dupsSynced bool
}

func newOverlay() *overlay {
	return &overlay{stories: map[string]*staged{}, storyOf: map[string]string{}, arts: map[string]*item{}}
}

// patch sets the story of articles placed in this transaction.
func (ov *overlay) patch(arts ...*news.Article) {
	for _, a := range arts {
		if a == nil {
			continue
		}
		if id, ok := ov.storyOf[a.ID]; ok {
			a.StoryID = id
		}
	}
}

// article reads one article through the overlay.
func (ov *overlay) article(ctx context.Context, r news.Reader, id string) (*news.Article, error) {
	a, err := r.Article(ctx, id)
	if err == nil {
		ov.patch(a)
	}
	return a, err
}

// story returns the staged story with this id, reading it from r on first use.
func (p *Pipeline) stagedStory(ctx context.Context, r news.Reader, ov *overlay, id string) (*staged, error) {
	if st, ok := ov.stories[id]; ok {
		return st, nil
	}
	s, ok := (*news.Story)(nil), false
	if ov.trusted {
		s, ok = p.written.story(id)
	}
	if !ok {
		var err error
		if s, err = r.Story(ctx, id); err != nil {
			return nil, err
		}
	}
	prof, err := p.profile(s)
	if err != nil {
		return nil, err
	}
	st := &staged{s: s, prof: prof}
	ov.stories[id] = st
	ov.order = append(ov.order, st)
	return st, nil
}

// placeAll places items in order inside tx and writes everything they
// cause. Placement runs one article after another, each seeing those
// before it; the provenance alignments, most of the cost, then run in
// parallel; each changed story is written once.
func (p *Pipeline) placeAll(ctx context.Context, tx news.Tx, items []*item) (*overlay, error) {
	var snap *snapshot
	if len(items) == 1 {
		snap = items[0].snap
	}
	current, gen, err := p.bumpGeneration(ctx, tx, snap)
	if err != nil {
		return nil, err
	}
	p.written.begin(gen - 1)
	ov := newOverlay()
	ov.trusted, ov.gen = true, gen
	// Each article is aligned with its sources as soon as it is placed,
	// by other goroutines, while the next is placed: alignment reads no
	// store, placement needs the transaction.
	placed := make(chan *item, len(items))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range placed {
				p.align(it)
			}
		}()
	}
	start := time.Now()
	for _, it := range items {
		if err = p.placeOne(ctx, tx, ov, it, current); err != nil {
			err = fmt.Errorf("pipeline: add %s: %w", it.a.ID, err)
			break
		}
		placed <- it
	}
	close(placed)
	since(&p.timing.place, start)
	start = time.Now()
	wg.Wait()
	since(&p.timing.alignWait, start)
	if err != nil {
		return nil, err
	}
	for _, st := range ov.order {
		if err := p.writeStory(ctx, tx, st); err != nil {
			return nil, err
		}
	}
	return ov, nil
}

// placeOne is the part of an article's placement that must see the
// articles placed before it: copy check, story choice, the story's profile
// and keys, and the choice of sources to align with.
func (p *Pipeline) placeOne(ctx context.Context, tx news.Tx, ov *overlay, it *item, current bool) error {
	a, doc, snap := it.a, it.doc, it.snap
	// a store may run a transaction again: nothing of an earlier run stays
	it.out, it.story, it.near, it.members, it.cands, it.sources = Outcome{ArticleID: a.ID}, nil, nil, 0, nil, nil
	copyOf := it.copyOf
	if !it.copyChecked {
		if first, err := tx.ArticleByHash(ctx, a.Hash); err == nil && first.ID != a.ID {
			copyOf = first.ID
		} else if err != nil && news.ErrorCode(err) != news.ENotFound {
			return err
		}
	}
	if copyOf != "" {
		// An exact copy: linked to its first copy, kept, placed in its story.
		a.DuplicateOf = copyOf
		it.out.DuplicateOf = copyOf
	}
	if err := tx.PutArticle(ctx, a); err != nil {
		return err
	}
	if doc.blob == nil {
		if err := doc.encode(); err != nil {
			return err
		}
	}
	if err := tx.PutAnalysis(ctx, stageDoc, a.ID, doc.blob); err != nil {
		return err
	}
	if err := tx.PutAnalysis(ctx, stageLink, a.ID, doc.linkBlob); err != nil {
		return err
	}
	if err := tx.PutSignature(ctx, a.ID, dedup.EncodeBands(doc.bands)); err != nil {
		return err
	}
	var near *news.Article
	var storyID string
	if current && snap != nil && snap.chosen && a.DuplicateOf == "" {
		// Nothing was placed since the snapshot: its choices stand.
		near, storyID = snap.near, snap.storyID
	} else {
		var checked map[string]bool
		if snap != nil {
			checked = snap.checked
		}
		var err error
		if near, _, err = p.nearDuplicate(ctx, tx, ov, a, doc, checked); err != nil {
			return err
		}
		if near == nil && snap != nil {
			near = snap.near
		}
		if storyID, err = p.chooseStory(ctx, tx, ov, a, doc, near, !it.fresh); err != nil {
			return err
		}
	}
	var st *staged
	if storyID == "" {
		id, err := tx.NextID(ctx, "s")
		if err != nil {
			return err
		}
		st = &staged{s: &news.Story{ID: id}, prof: &cluster.Profile{}, isNew: true}
		ov.stories[id] = st
		ov.order = append(ov.order, st)
		it.out.NewStory = true
	} else {
		var err error
		if st, err = p.stagedStory(ctx, tx, ov, storyID); err != nil {
			return err
		}
	}
	s := st.s
	it.out.StoryID = s.ID
	if !slices.Contains(s.ArticleIDs, a.ID) {
		s.ArticleIDs = append(s.ArticleIDs, a.ID)
	}
	if a.DuplicateOf == "" {
		st.prof.Add(doc.Features)
	}
	addToStory(s, a)
	ov.storyOf[a.ID] = s.ID
	ov.arts[a.ID] = it
	it.story, it.near, it.members = st, near, len(s.ArticleIDs)
	st.items = append(st.items, it)
	if err := tx.PutKeys(ctx, news.SpaceStory, s.ID, cluster.StoryKeys(st.prof)); err != nil {
		return err
	}
	var skip map[string]bool
	if snap != nil && snap.storyID == s.ID {
		// Aligned before the lock: redo only members that arrived since.
		it.sources, skip = slices.Clone(snap.sources), snap.members
	}
	return p.sourceCandidates(ctx, tx, ov, it, skip)
}

// writeStory writes a story the transaction changed: its profile, metadata
// and lineages, membership, and provenance relations, merged article by
// article in placement order as if each had been written at once.
func (p *Pipeline) writeStory(ctx context.Context, tx news.Tx, st *staged) error {
	s := st.s
	blob, err := st.prof.Marshal()
	if err != nil {
		return fmt.Errorf("story %s profile: %w", s.ID, err)
	}
	s.Profile = blob
	var rels []news.Relation
	if !st.isNew {
		if rels, err = tx.Relations(ctx, s.ID); err != nil {
			return err
		}
	}
	for _, it := range st.items {
		rels = mergeRelations(rels, s.ArticleIDs[:it.members], it)
	}
	s.Lineages = provenance.Lineages(s.ArticleIDs, rels)
	if err := tx.PutStory(ctx, s); err != nil {
		return err
	}
	// cached only now: a profile read back is then decoded once
	cp := *st.prof
	p.profiles.put(s.ID, blob, &cp)
	return tx.SetRelations(ctx, s.ID, rels)
}

// snapshot is what Add works out before taking the write lock: the near
// duplicate, the story the article would join, and its relations to that
// story's members as they were. place redoes only what changed since.
type snapshot struct {
	generation []byte // the placement generation the snapshot saw
	chosen     bool   // near and story were worked out
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
	ov := newOverlay()
	near, checked, err := p.nearDuplicate(ctx, p.store, ov, a, doc, nil)
	if err != nil {
		return nil, err
	}
	snap.near, snap.checked = near, checked
	storyID, err := p.chooseStory(ctx, p.store, ov, a, doc, near, true)
	if err != nil {
		return nil, err
	}
	snap.chosen = true
	if storyID == "" {
		return snap, nil
	}
	st, err := p.stagedStory(ctx, p.store, ov, storyID)
	if err != nil {
		return nil, err
	}
	snap.storyID = storyID
	snap.members = make(map[string]bool, len(st.s.ArticleIDs))
	for _, id := range st.s.ArticleIDs {
		snap.members[id] = true
	}
	it := &item{a: a, doc: doc, story: st, near: near, members: len(st.s.ArticleIDs)}
	if err := p.sourceCandidates(ctx, p.store, ov, it, nil); err != nil {
		return nil, err
	}
	p.align(it)
	snap.sources = it.sources
	return snap, nil
}

// metaGeneration is the Meta key of the placement generation: a counter
// every transaction that changes stories, their members or their index
// keys bumps (placements here, reclustering).
const metaGeneration = "pipeline.generation"

// bumpGeneration advances the placement generation inside tx and reports
// whether it was still the one snap saw: then no story changed since the
// snapshot, and its near duplicate and story choice need no second look.
// It returns the new generation.
func (p *Pipeline) bumpGeneration(ctx context.Context, tx news.Tx, snap *snapshot) (bool, int, error) {
	old, err := tx.Meta(ctx, metaGeneration)
	if err != nil {
		return false, 0, err
	}
	n := 0
	if old != nil {
		if n, err = strconv.Atoi(string(old)); err != nil {
			return false, 0, fmt.Errorf("placement generation %q: %w", old, err)
		}
	}
	if err := tx.PutMeta(ctx, metaGeneration, []byte(strconv.Itoa(n+1))); err != nil {
		return false, 0, err
	}
	return snap != nil && snap.chosen && bytes.Equal(old, snap.generation), n + 1, nil
}

// chooseStory returns the id of the story the article belongs to, or ""
// when it starts a new one. r is the transaction, or the store for a
// snapshot; ov holds what the transaction placed before a. mayBeStored
// is false when a is known not to be stored yet.
func (p *Pipeline) chooseStory(ctx context.Context, r news.Reader, ov *overlay, a *news.Article, doc *Doc, near *news.Article, mayBeStored bool) (string, error) {
	if a.DuplicateOf != "" {
		first, err := ov.article(ctx, r, a.DuplicateOf)
		if err != nil {
			return "", err
		}
		if first.StoryID != "" {
			return first.StoryID, nil
		}
	}
	if !mayBeStored {
		// known to be new: no earlier version to look up
	} else if old, err := ov.article(ctx, r, a.ID); err == nil && old.StoryID != "" {
		// A re-ingested article whose text changed stays in its story.
		return old.StoryID, nil
	}
	// A near-duplicate of a stored article joins that article's story.
	if near != nil && near.StoryID != "" {
		p.log.Debug("near duplicate", "article", a.ID, "of", near.ID)
		return near.StoryID, nil
	}
	// doc is encoded (Commit, addCounted and placeOne encode before placing)
	hits, err := r.Lookup(ctx, news.SpaceStory, doc.keys, p.opt.Cluster.Candidates)
	if err != nil {
		return "", err
	}
	cands := make([]cluster.Candidate, 0, len(hits))
	profiles := map[string]*cluster.Profile{}
	var stored []string // candidates to read from r
	for _, h := range hits {
		if _, ok := ov.stories[h.Owner]; ok {
			continue
		}
		if ov.trusted {
			if blob, ok := p.written.profile(h.Owner); ok {
				prof, err := p.profile(&news.Story{ID: h.Owner, Profile: blob})
				if err != nil {
					return "", err
				}
				profiles[h.Owner] = prof
				continue
			}
		}
		stored = append(stored, h.Owner)
	}
	if len(stored) > 0 {
		if pr, ok := r.(profileReader); ok {
			// the candidates' profiles alone: their metadata, lineages
			// and members, which grow with them, are not decoded
			blobs, err := pr.StoryProfiles(ctx, stored)
			if err != nil {
				return "", err
			}
			for id, blob := range blobs {
				if profiles[id], err = p.profile(&news.Story{ID: id, Profile: blob}); err != nil {
					return "", err
				}
			}
		} else {
			ss, err := r.Stories(ctx, news.StoryFilter{IDs: stored})
			if err != nil {
				return "", err
			}
			for _, s := range ss {
				if profiles[s.ID], err = p.profile(s); err != nil {
					return "", err
				}
			}
		}
	}
	for _, h := range hits {
		prof := profiles[h.Owner]
		if st, ok := ov.stories[h.Owner]; ok {
			prof = st.prof
		}
		if prof == nil {
			continue
		}
		cands = append(cands, cluster.Candidate{StoryID: h.Owner, Profile: prof, Hits: h.Hits})
	}
	d := cluster.Place(doc.Features, cands, p.opt.Cluster)
	p.log.Debug("placed", "article", a.ID, "story", d.StoryID, "score", d.Score, "reason", d.Reason)
	return d.StoryID, nil
}

// profileReader is a store that reads candidate stories' profiles alone
// (sqlite): placement then decodes nothing else of the candidates.
type profileReader interface {
	StoryProfiles(ctx context.Context, ids []string) (map[string][]byte, error)
}

// Near-duplicate thresholds, checked exactly on candidates from the LSH index.
const (
	nearDupJaccard     = 0.8
	nearDupContainment = 0.9
	nearDupCandidates  = 10
)

// nearDuplicate returns the stored article a nearly copies, if any: LSH band
// keys give candidates (nearDupCandidates), exact shingle
// Jaccard/containment decides.
// Candidates in skip were compared before and are not again; it returns
// the candidates it compared.
func (p *Pipeline) nearDuplicate(ctx context.Context, r news.Reader, ov *overlay, a *news.Article, doc *Doc, skip map[string]bool) (*news.Article, map[string]bool, error) {
	checked := map[string]bool{}
	if len(doc.shingles) < 8 {
		return nil, checked, nil // too short for shingles to mean copied text
	}
	hits, err := p.nearDupCandidates(ctx, r, ov, a, doc)
	if err != nil {
		return nil, nil, err
	}
	var ids []string
	for _, id := range hits {
		if !skip[id] {
			ids = append(ids, id)
			checked[id] = true
		}
	}
	if len(ids) == 0 {
		return nil, checked, nil
	}
	cands, err := r.Articles(ctx, news.ArticleFilter{IDs: ids})
	if err != nil {
		return nil, nil, err
	}
	ov.patch(cands...)
	var best *news.Article
	bestScore := 0.0
	for _, c := range cands {
		var sh []uint64
		if it, ok := ov.arts[c.ID]; ok {
			sh = it.doc.shingles
		} else {
			sh = dedup.Shingles(c.Body(), dedup.ShingleSize)
		}
		j := dedup.Jaccard(doc.shingles, sh)
		cont := max(dedup.Containment(doc.shingles, sh), dedup.Containment(sh, doc.shingles))
		if (j >= nearDupJaccard || cont >= nearDupContainment) && j+cont > bestScore {
			best, bestScore = c, j+cont
		}
	}
	return best, checked, nil
}
