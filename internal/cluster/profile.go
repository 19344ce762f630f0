package cluster

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
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
	// Cohesion is the sum, over every article after the first, of its
	// score against the story when it joined; Cohesion/(Size-1) is how
	// alike the story's own articles are, which Place uses to ask more of
	// an article joining a tight story.
	Cohesion float64 `json:"c,omitempty"`

	termNorm, entNorm float64 // cached L2 norms; zero means not computed
}

// Add folds one article into the profile.
func (p *Profile) Add(f Features) {
	if p.Size > 0 {
		p.Cohesion += rawScore(f, p, 0.5)
	}
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
	p.Cohesion += q.Cohesion
	if p.Size > 0 && q.Size > 0 {
		p.Cohesion += rawScore(centroidFeatures(q), p, 0.5)
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
	out := v[:0:0]
	out = make([]Weight, 0, len(m))
	for k, w := range m {
		out = append(out, Weight{K: k, W: float32(w)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].W != out[j].W {
			return out[i].W > out[j].W
		}
		return out[i].K < out[j].K
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

// meanCohesion is the mean join score of the story's articles, 0 for a
// story of one.
func (p *Profile) meanCohesion() float64 {
	if p.Size < 2 {
		return 0
	}
	return p.Cohesion / float64(p.Size-1)
}

// rawScore is Score without the time factor, with entity weight ew.
func rawScore(f Features, p *Profile, ew float64) float64 {
	tn, en := p.norms()
	s := cosine(f.Terms, p.Terms, tn)
	if len(f.Entities) > 0 && en > 0 {
		s = (1-ew)*s + ew*cosine(f.Entities, p.Entities, en)
	}
	return s
}

// centroidFeatures turns a profile into unit-length Features.
func centroidFeatures(p *Profile) Features {
	f := Features{Terms: toMap(p.Terms), Entities: toMap(p.Entities), Date: p.First}
	for _, m := range []map[string]float64{f.Terms, f.Entities} {
		ss := 0.0
		for _, w := range m {
			ss += w * w
		}
		for k := range m {
			m[k] /= math.Sqrt(ss)
		}
	}
	return f
}
