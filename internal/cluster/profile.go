package cluster

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
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

// addVec returns the heaviest max entries of v + scale·add, heaviest first.
func addVec(v []Weight, add map[string]float64, scale float64, max int) []Weight {
	if len(add) == 0 {
		return v
	}
	m := make(map[string]float64, len(v)+len(add))
	for _, e := range v {
		m[e.K] = float64(e.W)
	}
	for k, w := range add {
		m[k] += scale * w
	}
	out := make([]Weight, 0, len(m))
	for k, w := range m {
		out = append(out, Weight{K: k, W: float32(w)})
	}
	slices.SortFunc(out, func(a, b Weight) int {
		if c := cmp.Compare(b.W, a.W); c != 0 {
			return c
		}
		return strings.Compare(a.K, b.K)
	})
	if len(out) > max {
		out = append([]Weight(nil), out[:max]...)
	}
	return out
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

// Marshal encodes the profile as JSON for news.Story.Profile.
func (p *Profile) Marshal() ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("cluster: marshal profile: %w", err)
	}
	return b, nil
}

// UnmarshalProfile decodes a profile written by Marshal.
func UnmarshalProfile(b []byte) (*Profile, error) {
	p := &Profile{}
	if len(b) == 0 {
		return p, nil
	}
	if err := json.Unmarshal(b, p); err != nil {
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
