package pipeline

import (
	"slices"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Placement reads, for every article, the stored forms of its story and of
// the story's recent members, to check what it has cached against them.
// When nothing but this pipeline has placed articles since its last
// placement, what it cached from its own writes is what the store holds,
// and those reads can be skipped. The placement generation (bumped by every
// transaction that places or re-clusters, in any process) tells: if it is
// the one this pipeline's last placement left, nobody else wrote.
//
// written holds what this pipeline's placements wrote, valid for the
// generation gen. A placement transaction compares the stored generation
// with gen first (begin): unequal, everything is forgotten. After its
// commit, the placement records what it wrote under the generation it
// left (commit); if another placement of this pipeline moved the
// generation in between, everything is forgotten instead.
type written struct {
	mu      sync.Mutex
	off     bool // record nothing (tests compare placement with and without)
	gen     int  // -1: nothing is known
	members *lru[string, memberInfo]
	stories *lru[string, *news.Story]
}

// memberInfo is what provenance reads of an article as a candidate source.
type memberInfo struct {
	hash      string
	outlet    string
	published time.Time
	cited     []string
	link      link
}

// How many articles and stories written records: the stories placement
// touches most (a story's profile is about 6 KB) and their recent members
// (a link analysis is about 3 KB in memory).
const (
	writtenStories  = 4096
	writtenArticles = 16384
)

func newWritten() *written {
	return &written{gen: -1, members: newLRU[string, memberInfo](writtenArticles), stories: newLRU[string, *news.Story](writtenStories)}
}

// begin is called inside a placement transaction with the stored
// generation before it: it forgets everything unless that generation is
// the one recorded.
func (w *written) begin(stored int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if stored != w.gen {
		w.forget()
		w.gen = stored // nothing is known, which is true of any generation
	}
}

func (w *written) forget() {
	w.members.clear()
	w.stories.clear()
}

// commit records what a committed placement wrote, which left the stored
// generation at gen.
func (w *written) commit(gen int, items []*item, stories []*staged) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if gen != w.gen+1 || w.off {
		// another placement of this pipeline committed in between, and
		// its record may be older or newer than this one
		w.forget()
		w.gen = -1
		return
	}
	for _, it := range items {
		a := it.a
		w.members.put(a.ID, memberInfo{hash: a.Hash, outlet: a.Outlet, published: a.Published, cited: a.CitedOutlets, link: it.doc.link})
	}
	for _, st := range stories {
		w.stories.put(st.s.ID, copyStory(st.s))
	}
	w.gen = gen
}

// member returns what was written of an article.
func (w *written) member(id string) (memberInfo, bool) { return w.members.get(id) }

// story returns a copy of what was written of a story.
func (w *written) story(id string) (*news.Story, bool) {
	s, ok := w.stories.get(id)
	if !ok {
		return nil, false
	}
	return copyStory(s), true
}

// profile returns the profile blob written of a story.
func (w *written) profile(id string) ([]byte, bool) {
	s, ok := w.stories.get(id)
	if !ok {
		return nil, false
	}
	return s.Profile, true
}

// copyStory copies s deeply enough for the copy to be changed: the lists
// placement appends to. Lineages and Profile are replaced, never changed
// in place, so the copy shares them.
func copyStory(s *news.Story) *news.Story {
	cp := *s
	cp.ArticleIDs = slices.Clone(s.ArticleIDs)
	cp.Outlets = slices.Clone(s.Outlets)
	return &cp
}
