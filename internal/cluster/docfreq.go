package cluster

import (
	"math"
	"strings"

	"encoding/binary"
	"fmt"
	"github.com/crosscheck/crosscheck/internal/text"
)

// DocFreq gives document frequencies for IDF weighting.
type DocFreq interface {
	// Docs is how many documents have been observed.
	Docs() float64
	// Freq is how many observed documents contained key ("t:term" or "e:entity").
	Freq(key string) float64
}

// Sketch is an incremental DocFreq of fixed size: a count-min sketch with
// two rows of counters. Memory stays flat however many articles arrive
// (two rows of 2^20 uint32 = 8 MiB by default), and the whole table is one
// blob the pipeline can persist (MarshalBinary) every few thousand articles
// or at shutdown. A collision can only raise a count, so a rare term is at
// worst down-weighted; taking the minimum of two rows makes that rare.
//
// Why incremental rather than a fixed English frequency table: IDF that
// tracks the stream down-weights whatever is common right now (this week's
// big story), which is what separates two stories of the same kind. On the
// ECB+ dev file it is as good as IDF computed on the whole file in advance.
type Sketch struct {
	n    uint64
	bits uint
	rows [2][]uint32
}

// NewSketch returns an empty sketch with 2^bits counters per row (bits in
// 10..26; 20 is a good default for millions of articles).
func NewSketch(bits uint) *Sketch {
	if bits < 10 {
		bits = 10
	}
	if bits > 26 {
		bits = 26
	}
	s := &Sketch{bits: bits}
	for i := range s.rows {
		s.rows[i] = make([]uint32, 1<<bits)
	}
	return s
}

// fnv64a hashes a+b (the concatenation, without building it) with 64-bit
// FNV-1a and a final mix; stable across runs and processes, which a
// persisted sketch needs.
func fnv64a(a, b string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(a); i++ {
		h ^= uint64(a[i])
		h *= 1099511628211
	}
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= 1099511628211
	}
	// final avalanche (splitmix64) so low bits are well mixed
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func (s *Sketch) slots(prefix, key string) (uint64, uint64) {
	h := fnv64a(prefix, key)
	mask := uint64(1)<<s.bits - 1
	return h & mask, (h >> 32) & mask
}

// Docs implements DocFreq.
func (s *Sketch) Docs() float64 { return float64(s.n) }

// Freq implements DocFreq.
func (s *Sketch) Freq(key string) float64 { return s.freqParts("", key) }

// freqParts is Freq(prefix+key) without building the string.
func (s *Sketch) freqParts(prefix, key string) float64 {
	return s.freqHash(fnv64a(prefix, key))
}

// freqHash is the frequency of the key whose hash is h (fnv64a).
func (s *Sketch) freqHash(h uint64) float64 {
	mask := uint64(1)<<s.bits - 1
	return float64(min(s.rows[0][h&mask], s.rows[1][(h>>32)&mask]))
}

// Observe counts one document's features: every term and entity key once.
func (s *Sketch) Observe(f Features) {
	s.n++
	for k := range f.Terms {
		s.add(termPrefix, k)
	}
	for k := range f.Entities {
		s.add(entityPrefix, k)
	}
}

// Forget undoes one Observe of f: a caller that observes a document ahead
// of storing it (so the next document is weighed as if it were stored)
// takes the observation back when the store refuses it. Counters that
// saturated stay saturated.
func (s *Sketch) Forget(f Features) {
	if s.n > 0 {
		s.n--
	}
	for k := range f.Terms {
		s.sub(termPrefix, k)
	}
	for k := range f.Entities {
		s.sub(entityPrefix, k)
	}
}

func (s *Sketch) sub(prefix, key string) {
	a, b := s.slots(prefix, key)
	if c := s.rows[0][a]; c > 0 && c < ^uint32(0) {
		s.rows[0][a]--
	}
	if c := s.rows[1][b]; c > 0 && c < ^uint32(0) {
		s.rows[1][b]--
	}
}

func (s *Sketch) add(prefix, key string) {
	a, b := s.slots(prefix, key)
	if s.rows[0][a] < ^uint32(0) {
		s.rows[0][a]++
	}
	if s.rows[1][b] < ^uint32(0) {
		s.rows[1][b]++
	}
}

// MarshalBinary encodes the sketch: bits, n, then both rows little-endian.
func (s *Sketch) MarshalBinary() ([]byte, error) {
	size := 1 << s.bits
	out := make([]byte, 16, 16+8*size)
	binary.LittleEndian.PutUint64(out[0:], uint64(s.bits))
	binary.LittleEndian.PutUint64(out[8:], s.n)
	for _, row := range s.rows {
		for _, c := range row {
			out = binary.LittleEndian.AppendUint32(out, c)
		}
	}
	return out, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	if len(b) < 16 {
		return fmt.Errorf("cluster: sketch blob of %d bytes is too short", len(b))
	}
	bits := uint(binary.LittleEndian.Uint64(b[0:]))
	if bits < 10 || bits > 26 {
		return fmt.Errorf("cluster: sketch blob has %d bits, want 10..26", bits)
	}
	size := 1 << bits
	if len(b) != 16+8*size {
		return fmt.Errorf("cluster: sketch blob of %d bytes, want %d", len(b), 16+8*size)
	}
	s.bits = bits
	s.n = binary.LittleEndian.Uint64(b[8:])
	p := 16
	for i := range s.rows {
		s.rows[i] = make([]uint32, size)
		for j := range s.rows[i] {
			s.rows[i][j] = binary.LittleEndian.Uint32(b[p:])
			p += 4
		}
	}
	return nil
}

// Prior adds to a stream's document frequencies those of a general news
// corpus (text.IDF), as Weight pseudo-documents, so that the first
// articles of a stream are already weighted sensibly; as the stream grows
// its own counts take over.
type Prior struct {
	Stream DocFreq
	Weight float64
}

// Docs implements DocFreq.
func (p Prior) Docs() float64 { return p.Stream.Docs() + p.Weight }

// Freq implements DocFreq.
func (p Prior) Freq(key string) float64 {
	if term, ok := strings.CutPrefix(key, termPrefix); ok {
		return p.freqParts(termPrefix, term)
	}
	return p.Stream.Freq(key)
}

func (p Prior) freqParts(prefix, key string) float64 {
	f := 0.0
	if pf, ok := p.Stream.(partsFreq); ok {
		f = pf.freqParts(prefix, key)
	} else {
		f = p.Stream.Freq(prefix + key)
	}
	if prefix == termPrefix && p.Weight > 0 {
		// text.IDF = log((N+1)/(df+1)): the background share is (df+1)/(N+1)
		f += p.Weight * math.Exp(-text.IDF(key))
	}
	return f
}

// freqOf returns how weigh looks up the frequency of a key counted under
// prefix in df: by its hash and background share, worked out in advance,
// when df is a Sketch or a Prior over one (no string is hashed while
// weighing); by Freq otherwise. Both give the same numbers.
func freqOf(df DocFreq, prefix string) func(c *keyCount) float64 {
	switch d := df.(type) {
	case nil:
		return func(*keyCount) float64 { return 0 }
	case *Sketch:
		return func(c *keyCount) float64 { return d.freqHash(c.h) }
	case Prior:
		if s, ok := d.Stream.(*Sketch); ok {
			if w := d.Weight; prefix == termPrefix && w > 0 {
				return func(c *keyCount) float64 { return s.freqHash(c.h) + w*c.bg }
			}
			return func(c *keyCount) float64 { return s.freqHash(c.h) }
		}
	}
	return func(c *keyCount) float64 { return df.Freq(prefix + c.k) }
}

// partsFreq is implemented by DocFreqs that can look prefix+key up without
// building the string (the hot path of Extract).
type partsFreq interface {
	freqParts(prefix, key string) float64
}
