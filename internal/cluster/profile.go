package cluster

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/wire"
)

// Profile bounds: a story's centroid keeps its heaviest terms and entities
// only, so a story's size in memory and in the store is flat however many
// articles it gathers. The tail carries little of the cosine.
const (
	MaxProfileTerms    = 200
	MaxProfileEntities = 60
)

// Weight is one sparse vector entry.
type Weight struct {
	K string  `json:"k"`
	W float32 `json:"w"`
}

// Profile summarises a story for placement: the sum of its articles' term
// and entity vectors (pruned to the heaviest entries, heaviest first), its
// date range and its size. It is what the store keeps in news.Story.Profile.
type Profile struct {
	Terms    []Weight  `json:"t"`
	Entities []Weight  `json:"e,omitempty"`
	First    time.Time `json:"first,omitzero"`
	Last     time.Time `json:"last,omitzero"`
	Size     int       `json:"n"`

	termNorm, entNorm float64 // cached L2 norms; zero means not computed
}

// Add folds one article into the profile.
func (p *Profile) Add(f Features) {
	p.Terms = addVec(p.Terms, f.Terms, 1, MaxProfileTerms)
	p.Entities = addVec(p.Entities, f.Entities, 1, MaxProfileEntities)
	if !f.Date.IsZero() {
		if p.First.IsZero() || f.Date.Before(p.First) {
			p.First = f.Date
		}
		if p.Last.IsZero() || f.Date.After(p.Last) {
			p.Last = f.Date
		}
	}
	p.Size++
	p.termNorm, p.entNorm = 0, 0
}

// Merge folds another story's profile into p.
func (p *Profile) Merge(q *Profile) {
	p.Terms = addVec(p.Terms, toMap(q.Terms), 1, MaxProfileTerms)
	p.Entities = addVec(p.Entities, toMap(q.Entities), 1, MaxProfileEntities)
	if !q.First.IsZero() && (p.First.IsZero() || q.First.Before(p.First)) {
		p.First = q.First
	}
	if !q.Last.IsZero() && (p.Last.IsZero() || q.Last.After(p.Last)) {
		p.Last = q.Last
	}
	p.Size += q.Size
	p.termNorm, p.entNorm = 0, 0
}

func toMap(v []Weight) map[string]float64 {
	m := make(map[string]float64, len(v))
	for _, e := range v {
		m[e.K] = float64(e.W)
	}
	return m
}

// addVec returns the heaviest max entries of v + scale·add, heaviest first
// (ties by key). v is a profile vector, so usually in that order already:
// then the entries add leaves alone keep their order, and only those it
// changes or brings are sorted and merged in.
func addVec(v []Weight, add map[string]float64, scale float64, max int) []Weight {
	if len(add) == 0 {
		return v
	}
	kept := make([]Weight, 0, len(v))
	changed := make([]Weight, 0, len(add))
	inV := 0 // keys of add found in v
	ordered := true
	for _, e := range v {
		if w, ok := add[e.K]; ok {
			changed = append(changed, Weight{K: e.K, W: float32(float64(e.W) + scale*w)})
			inV++
			continue
		}
		if n := len(kept); n > 0 && heavierFirst(kept[n-1], e) > 0 {
			ordered = false
		}
		kept = append(kept, e)
	}
	if inV < len(add) {
		seen := make(map[string]bool, inV)
		for _, e := range changed {
			seen[e.K] = true
		}
		for k, w := range add {
			if !seen[k] {
				changed = append(changed, Weight{K: k, W: float32(scale * w)})
			}
		}
	}
	slices.SortFunc(changed, heavierFirst)
	var out []Weight
	if ordered {
		out = make([]Weight, 0, min(len(kept)+len(changed), max))
		i, j := 0, 0
		for len(out) < max && (i < len(kept) || j < len(changed)) {
			if j == len(changed) || i < len(kept) && heavierFirst(kept[i], changed[j]) < 0 {
				out = append(out, kept[i])
				i++
			} else {
				out = append(out, changed[j])
				j++
			}
		}
	} else {
		out = append(kept, changed...)
		slices.SortFunc(out, heavierFirst)
		if len(out) > max {
			out = append([]Weight(nil), out[:max]...)
		}
	}
	return out
}

// heavierFirst orders weights heaviest first, ties by key.
func heavierFirst(a, b Weight) int {
	if c := cmp.Compare(b.W, a.W); c != 0 {
		return c
	}
	return strings.Compare(a.K, b.K)
}

func norm(v []Weight) float64 {
	ss := 0.0
	for _, e := range v {
		ss += float64(e.W) * float64(e.W)
	}
	return math.Sqrt(ss)
}

func (p *Profile) norms() (float64, float64) {
	if p.termNorm == 0 {
		p.termNorm = norm(p.Terms)
	}
	if p.entNorm == 0 {
		p.entNorm = norm(p.Entities)
	}
	return p.termNorm, p.entNorm
}

// cosine of a unit-length sparse map against a profile vector of norm n.
func cosine(f map[string]float64, v []Weight, n float64) float64 {
	if n == 0 || len(f) == 0 {
		return 0
	}
	dot := 0.0
	for _, e := range v {
		if w, ok := f[e.K]; ok {
			dot += w * float64(e.W)
		}
	}
	return dot / n
}

// Marshal encodes the profile for news.Story.Profile, in a compact binary
// form (profileV1): a story's profile is rewritten each time the story
// grows, and as JSON formatting its few hundred weights cost more than the
// rest of writing the story.
func (p *Profile) Marshal() ([]byte, error) {
	b := make([]byte, 0, 48+16*(len(p.Terms)+len(p.Entities)))
	b = append(b, profileV1)
	b = binary.AppendUvarint(b, uint64(p.Size))
	for _, t := range []time.Time{p.First, p.Last} {
		if t.IsZero() {
			b = append(b, 0)
			continue
		}
		tb, err := t.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("cluster: marshal profile: %w", err)
		}
		b = append(b, byte(len(tb)))
		b = append(b, tb...)
	}
	for _, ws := range [][]Weight{p.Terms, p.Entities} {
		if ws == nil {
			b = append(b, 0)
			continue
		}
		b = binary.AppendUvarint(b, uint64(len(ws))+1)
		for _, w := range ws {
			b = binary.AppendUvarint(b, uint64(len(w.K)))
			b = append(b, w.K...)
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(w.W))
		}
	}
	return b, nil
}

// profileV1 marks the binary profile form: the size, the first and last
// dates (length-prefixed time.MarshalBinary, 0 when unknown), then the
// terms and the entities, each as a count plus one (0: none) and that many
// (key length, key, float32 bits) triples. Earlier profiles are JSON and
// start with '{'.
const profileV1 = 0x01

// errProfile is the cause of every malformed binary profile.
var errProfile = errors.New("truncated or malformed binary profile")

// UnmarshalProfile decodes a profile written by Marshal, or the JSON that
// older versions wrote.
func UnmarshalProfile(b []byte) (*Profile, error) {
	p := &Profile{}
	if len(b) == 0 {
		return p, nil
	}
	if b[0] != profileV1 {
		if err := json.Unmarshal(b, p); err != nil {
			return nil, fmt.Errorf("cluster: unmarshal profile: %w", err)
		}
		return p, nil
	}
	d := wire.NewReader(b[1:], errProfile)
	p.Size = int(d.Uvarint())
	for _, t := range []*time.Time{&p.First, &p.Last} {
		if n := d.Byte(); n > 0 {
			if err := t.UnmarshalBinary(d.Bytes(uint64(n))); err != nil {
				d.Fail()
			}
		}
	}
	for _, ws := range []*[]Weight{&p.Terms, &p.Entities} {
		n := d.Len(5) // a key's length and a float32
		if n < 0 {
			continue // none
		}
		*ws = make([]Weight, n)
		for i := range *ws {
			k := d.Bytes(d.Uvarint())
			(*ws)[i] = Weight{K: string(k), W: d.Float32()}
		}
	}
	if err := d.Done(); err != nil {
		return nil, fmt.Errorf("cluster: unmarshal profile: %w", err)
	}
	return p, nil
}

// StoryKeys are the index keys a story is found under: its heaviest terms
// and entities. The pipeline passes them to news.Tx.PutKeys(SpaceStory).
func StoryKeys(p *Profile) []string {
	keys := make([]string, 0, keyTerms*2+keyEntities*2)
	for i, e := range p.Terms {
		if i == keyTerms*2 {
			break
		}
		keys = append(keys, termPrefix+e.K)
	}
	for i, e := range p.Entities {
		if i == keyEntities*2 {
			break
		}
		keys = append(keys, entityPrefix+e.K)
	}
	return keys
}
