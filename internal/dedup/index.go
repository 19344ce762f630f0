package dedup

import (
	"cmp"
	"slices"
	"sync"
)

// Index finds near-duplicate candidates by band keys among the most recent
// articles added: at least Window of them, in segments of SegmentSize. The
// newest segment is a map; a full one is sealed into one sorted array of
// (key, article) entries, 8 bytes a band key, and the oldest sealed segment
// is dropped once the rest hold Window articles. A lookup is a map probe and
// one binary search per sealed segment for each key. Safe for concurrent use.
type Index struct {
	mu      sync.RWMutex
	window  int
	segment int
	sealed  []*segment // oldest first
	open    *segment
	kept    int // articles in sealed
}

// Default window and segment size: a quarter of a million articles, about
// 88 MB of entries, in 16 segments.
const (
	DefaultWindow  = 1 << 18
	DefaultSegment = 1 << 14
)

type segment struct {
	ids []string
	// entries holds key<<32 | position in ids, sorted, once sealed;
	// keys maps a key to its positions while the segment is open.
	entries []uint64
	keys    map[Band][]int32
}

// NewIndex returns an empty index keeping at least window articles (0:
// DefaultWindow) in segments of segment articles (0: DefaultSegment).
func NewIndex(window, segmentSize int) *Index {
	if window <= 0 {
		window = DefaultWindow
	}
	if segmentSize <= 0 {
		segmentSize = DefaultSegment
	}
	return &Index{window: window, segment: segmentSize, open: newSegment()}
}

func newSegment() *segment { return &segment{keys: map[Band][]int32{}} }

// Window returns how many of the most recent articles the index keeps at least.
func (ix *Index) Window() int { return ix.window }

// Len returns how many articles the index holds.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.kept + len(ix.open.ids)
}

// Add indexes an article's band keys. An article added again (with new
// text) is found by both its old and its new keys until the old ones leave
// the window; candidates are verified on their current text anyway.
func (ix *Index) Add(id string, keys []Band) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	o := ix.open
	at := int32(len(o.ids))
	o.ids = append(o.ids, id)
	for _, k := range keys {
		o.keys[k] = append(o.keys[k], at)
	}
	if len(o.ids) < ix.segment {
		return
	}
	ix.seal()
	for len(ix.sealed) > 1 && ix.kept-len(ix.sealed[0].ids) >= ix.window {
		ix.kept -= len(ix.sealed[0].ids)
		ix.sealed[0] = nil
		ix.sealed = ix.sealed[1:]
	}
}

// seal turns the open segment into a sorted array and opens a new one.
func (ix *Index) seal() {
	o := ix.open
	n := 0
	for _, at := range o.keys {
		n += len(at)
	}
	o.entries = make([]uint64, 0, n)
	for k, ats := range o.keys {
		for _, at := range ats {
			o.entries = append(o.entries, uint64(k)<<32|uint64(uint32(at)))
		}
	}
	slices.Sort(o.entries)
	o.keys = nil
	ix.sealed = append(ix.sealed, o)
	ix.kept += len(o.ids)
	ix.open = newSegment()
}

// Hit is one candidate: an article and how many of the looked-up keys it has.
type Hit struct {
	ID   string
	Hits int
}

// Candidates returns the articles sharing at least one of keys, most shared
// keys first, then by id; at most limit (0: all). An article indexed twice
// counts the better of its two key sets.
func (ix *Index) Candidates(keys []Band, limit int) []Hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	type ref struct {
		seg *segment
		at  int32
	}
	counts := map[ref]int{}
	for _, s := range ix.sealed {
		for _, k := range keys {
			lo, _ := slices.BinarySearch(s.entries, uint64(k)<<32)
			for i := lo; i < len(s.entries) && Band(s.entries[i]>>32) == k; i++ {
				counts[ref{s, int32(uint32(s.entries[i]))}]++
			}
		}
	}
	for _, k := range keys {
		for _, at := range ix.open.keys[k] {
			counts[ref{ix.open, at}]++
		}
	}
	best := make(map[string]int, len(counts))
	for r, n := range counts {
		id := r.seg.ids[r.at]
		best[id] = max(best[id], n)
	}
	hits := make([]Hit, 0, len(best))
	for id, n := range best {
		hits = append(hits, Hit{id, n})
	}
	slices.SortFunc(hits, func(a, b Hit) int { return cmp.Or(cmp.Compare(b.Hits, a.Hits), cmp.Compare(a.ID, b.ID)) })
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}
