package dedup

import (
	"cmp"
	"slices"
	"sync"
)

// Index finds near-duplicate candidates by band keys among the most recent
// articles added: at least Window of them. New articles go into an open
// segment, a map; a full one (SegmentSize articles) is sealed into a sorted
// array of (key, article) entries, 8 bytes a band key, with a directory on
// the keys' leading bits, so that finding a key in it costs two memory reads
// rather than a binary search's twenty. Like a binary counter, two sealed
// segments of the same size merge into one of twice the size, up to a
// quarter of the window, so a lookup visits a handful of segments however
// many articles the window holds; the oldest segment is dropped once the
// rest hold Window articles. Safe for concurrent use.
type Index struct {
	mu      sync.RWMutex
	window  int
	segment int
	merged  int        // the largest size merging makes, in articles
	sealed  []*segment // oldest first
	open    *segment
	kept    int // articles in sealed
}

// Default window and open segment size: a quarter of a million articles,
// about 88 MB of entries, in at most eight sealed segments (four of 65,536
// articles and up to four smaller ones) and the open one.
const (
	DefaultWindow  = 1 << 18
	DefaultSegment = 1 << 12
)

type segment struct {
	ids []string
	// entries holds key<<32 | position in ids, sorted, once sealed; dir[b]
	// is the first entry whose key's leading bits (key>>shift) are at least b.
	entries []uint64
	dir     []uint32
	shift   uint
	// keys maps a key to its positions while the segment is open.
	keys map[Band][]int32
}

// NewIndex returns an empty index keeping at least window articles (0:
// DefaultWindow), sealing segments of segment articles (0: DefaultSegment).
func NewIndex(window, segmentSize int) *Index {
	if window <= 0 {
		window = DefaultWindow
	}
	if segmentSize <= 0 {
		segmentSize = DefaultSegment
	}
	return &Index{window: window, segment: segmentSize, merged: max(segmentSize, window/4), open: newSegment()}
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

// Segments returns how many segments a lookup visits, the open one included.
func (ix *Index) Segments() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.sealed) + 1
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
	for n := len(ix.sealed); n >= 2; n = len(ix.sealed) {
		a, b := ix.sealed[n-2], ix.sealed[n-1]
		if len(a.ids) != len(b.ids) || len(a.ids)+len(b.ids) > ix.merged {
			break
		}
		ix.sealed[n-2] = merge(a, b)
		ix.sealed[n-1] = nil
		ix.sealed = ix.sealed[:n-1]
	}
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
	o.index()
	ix.sealed = append(ix.sealed, o)
	ix.kept += len(o.ids)
	ix.open = newSegment()
}

// merge returns one sealed segment holding a's articles, then b's.
func merge(a, b *segment) *segment {
	m := &segment{ids: make([]string, 0, len(a.ids)+len(b.ids))}
	m.ids = append(append(m.ids, a.ids...), b.ids...)
	off := uint64(len(a.ids)) // b's positions follow a's; adding it keeps b sorted
	m.entries = make([]uint64, 0, len(a.entries)+len(b.entries))
	i, j := 0, 0
	for i < len(a.entries) && j < len(b.entries) {
		if x, y := a.entries[i], b.entries[j]+off; x < y {
			m.entries = append(m.entries, x)
			i++
		} else {
			m.entries = append(m.entries, y)
			j++
		}
	}
	m.entries = append(m.entries, a.entries[i:]...)
	for _, y := range b.entries[j:] {
		m.entries = append(m.entries, y+off)
	}
	m.index()
	return m
}

// index builds the directory of sorted entries: about eight entries, one
// cache line, a bucket.
func (s *segment) index() {
	bits := uint(1)
	for bits < 24 && len(s.entries)>>(bits+3) > 0 {
		bits++
	}
	s.shift = 32 - bits
	s.dir = make([]uint32, 1<<bits+1)
	b := 0
	for i, e := range s.entries {
		for top := int(uint32(e>>32) >> s.shift); b <= top; b++ {
			s.dir[b] = uint32(i)
		}
	}
	for ; b < len(s.dir); b++ {
		s.dir[b] = uint32(len(s.entries))
	}
}

// find calls f with the position of every article holding key k.
func (s *segment) find(k Band, f func(at int32)) {
	b := uint32(k) >> s.shift
	for _, e := range s.entries[s.dir[b]:s.dir[b+1]] {
		if key := Band(e >> 32); key == k {
			f(int32(uint32(e)))
		} else if key > k {
			return
		}
	}
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
			s.find(k, func(at int32) { counts[ref{s, at}]++ })
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
