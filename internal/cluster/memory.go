package cluster

import (
	"slices"
	"sort"
	"strconv"
)

// Index finds candidate stories for an article's keys.
type Index interface {
	// Candidates returns at most limit stories indexed under any of keys,
	// most keys matched first.
	Candidates(keys []string, limit int) []Candidate
}

// Memory is an in-memory story table and key index: the clusterer the eval
// and the bench run, on the same code path as the pipeline (Extract, Keys,
// Candidates, Place, Profile.Add, StoryKeys). Not safe for concurrent use.
//
// Memory stays flat as history grows: a key's posting list keeps its
// MaxPosting most recently updated stories, and at most MaxActive stories
// are kept at all (the least recently updated are forgotten; news stories
// go cold). The document-frequency sketch has a fixed size.
type Memory struct {
	cfg Config
	df  *Sketch
	// stems caches word -> stem (bounded by maxStemCache).
	stems map[string]string
	// MaxActive is how many stories stay placeable; 0 means unbounded.
	MaxActive int
	// MaxPosting is how many stories one key lists, most recent last.
	MaxPosting int

	stories []*memStory
	byID    map[string]int32
	post    map[string][]int32
	active  int
	tick    int64
	next    int
}

type memStory struct {
	id      string
	p       Profile
	keys    []string
	last    int64
	evicted bool
}

var _ Index = (*Memory)(nil)

// NewMemory returns an empty in-memory clusterer.
func NewMemory(cfg Config) *Memory {
	return &Memory{
		cfg:        cfg,
		df:         NewSketch(20),
		stems:      map[string]string{},
		MaxActive:  20000,
		MaxPosting: 256,
		byID:       map[string]int32{},
		post:       map[string][]int32{},
	}
}

// Result is what Memory.Ingest did with one article.
type Result struct {
	StoryID  string
	New      bool
	Decision Decision
	Features Features
}

// Add places d and returns its story id.
func (m *Memory) Add(d Doc) string { return m.Ingest(d).StoryID }

// Ingest places d and reports the decision and the article's features.
func (m *Memory) Ingest(d Doc) Result {
	f := extract(d, Prior{Stream: m.df, Weight: m.cfg.PriorDocs}, m.stems, nil)
	cands := m.Candidates(Keys(f), m.cfg.Candidates)
	dec := Place(f, cands, m.cfg)
	m.df.Observe(f)
	m.tick++
	res := Result{Decision: dec, Features: f}
	if dec.StoryID == "" {
		m.next++
		s := &memStory{id: "s" + strconv.Itoa(m.next)}
		m.byID[s.id] = int32(len(m.stories))
		m.stories = append(m.stories, s)
		m.active++
		res.New = true
		dec.StoryID = s.id
	}
	idx := m.byID[dec.StoryID]
	s := m.stories[idx]
	s.p.Add(f)
	s.last = m.tick
	m.reindex(idx, s)
	m.evict()
	res.StoryID = s.id
	return res
}

// reindex replaces the story's keys by StoryKeys, like Tx.PutKeys.
func (m *Memory) reindex(idx int32, s *memStory) {
	keys := StoryKeys(&s.p)
	for _, k := range s.keys {
		if !slices.Contains(keys, k) {
			m.post[k] = remove(m.post[k], idx)
			if len(m.post[k]) == 0 {
				delete(m.post, k)
			}
		}
	}
	for _, k := range keys {
		p := remove(m.post[k], idx) // move to the recent end
		if m.MaxPosting > 0 && len(p) >= m.MaxPosting {
			old := p[0]
			p = p[1:]
			// the dropped story no longer lists this key
			if os := m.stories[old]; !os.evicted {
				os.keys = removeKey(os.keys, k)
			}
		}
		m.post[k] = append(p, idx)
	}
	s.keys = keys
}

func remove(p []int32, idx int32) []int32 {
	for i, v := range p {
		if v == idx {
			return append(p[:i], p[i+1:]...)
		}
	}
	return p
}

func removeKey(keys []string, k string) []string {
	for i, v := range keys {
		if v == k {
			return append(keys[:i:i], keys[i+1:]...)
		}
	}
	return keys
}

// evict forgets the least recently updated stories once there are more
// than MaxActive (in batches of a tenth, so the sort is amortised).
func (m *Memory) evict() {
	if m.MaxActive <= 0 || m.active <= m.MaxActive+m.MaxActive/10 {
		return
	}
	live := make([]int32, 0, m.active)
	for i, s := range m.stories {
		if !s.evicted {
			live = append(live, int32(i))
		}
	}
	sort.Slice(live, func(a, b int) bool { return m.stories[live[a]].last < m.stories[live[b]].last })
	for _, idx := range live[:len(live)-m.MaxActive] {
		s := m.stories[idx]
		for _, k := range s.keys {
			m.post[k] = remove(m.post[k], idx)
			if len(m.post[k]) == 0 {
				delete(m.post, k)
			}
		}
		s.keys = nil
		s.p = Profile{}
		s.evicted = true
		m.active--
	}
}

// Candidates implements Index: stories sharing the most keys, then the most
// recently updated.
func (m *Memory) Candidates(keys []string, limit int) []Candidate {
	hits := map[int32]int{}
	for _, k := range keys {
		for _, idx := range m.post[k] {
			hits[idx]++
		}
	}
	type h struct {
		idx int32
		n   int
	}
	hs := make([]h, 0, len(hits))
	for idx, n := range hits {
		hs = append(hs, h{idx, n})
	}
	sort.Slice(hs, func(i, j int) bool {
		if hs[i].n != hs[j].n {
			return hs[i].n > hs[j].n
		}
		return m.stories[hs[i].idx].last > m.stories[hs[j].idx].last
	})
	if limit > 0 && len(hs) > limit {
		hs = hs[:limit]
	}
	out := make([]Candidate, len(hs))
	for i, e := range hs {
		s := m.stories[e.idx]
		out[i] = Candidate{StoryID: s.id, Profile: &s.p, Hits: e.n}
	}
	return out
}

// Profile returns a story's profile, nil if unknown or forgotten.
func (m *Memory) Profile(id string) *Profile {
	idx, ok := m.byID[id]
	if !ok || m.stories[idx].evicted {
		return nil
	}
	return &m.stories[idx].p
}

// Stories is how many stories were started.
func (m *Memory) Stories() int { return len(m.stories) }
