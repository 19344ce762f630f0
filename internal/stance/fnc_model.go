package stance

import (
	"hash/fnv"
	"strings"
)

// FNCPair is one headline/body pair of an FNC-1 style file. Group names the
// body (its body_id, or the text itself): the pairs that share a body give
// each other unlabeled context (PeerClaims).
type FNCPair struct {
	Headline string
	Body     string
	Group    string
}

// FNCIDF is the IDF table the shipped FNC-1 classifier was fitted with: the
// document frequencies of the unlabeled FNC-1 training bodies, shipped in
// fnc_weights.go, plus the given bodies (those of the file being classified).
// Bodies already counted in the shipped table are not counted twice, so on
// the file the model was fitted on the features are exactly those it was
// fitted with. Starting from a fixed collection keeps the IDF scale (which
// the features standardised by the model depend on) close to the one of the
// fit whatever the size of the file.
func FNCIDF(bodies []string) *IDF {
	return extendIDF(shippedFNCIDF(), fncIDFBodies, bodies)
}

// extendIDF adds to base (which counted the bodies hashed in counted) the
// bodies it has not counted yet.
func extendIDF(base *IDF, counted []uint64, bodies []string) *IDF {
	seen := make(map[uint64]bool, len(counted))
	for _, h := range counted {
		seen[h] = true
	}
	for _, b := range bodies {
		h := BodyHash(b)
		if seen[h] {
			continue
		}
		seen[h] = true
		base.Add(b)
	}
	return base
}

// BodyHash identifies a body text in the shipped IDF table.
func BodyHash(body string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(body))
	return h.Sum64()
}

// shippedFNCIDF decodes the shipped document frequencies.
func shippedFNCIDF() *IDF {
	d := &IDF{df: make(map[string]int, len(fncIDFCounts)), n: fncIDFDocs}
	for i, t := range strings.Split(fncIDFTerms, "\n") {
		if i < len(fncIDFCounts) {
			d.df[t] = int(fncIDFCounts[i])
		}
	}
	return d
}

// FNCRows computes the rows the FNC-1 classifier reads: Features of each
// headline against its body, then the PeerClaims context of the other
// headlines paired with the same body. Each body is prepared once.
func FNCRows(pairs []FNCPair, idf *IDF) []Row {
	prepared := map[string]*Body{}
	rows := make([]Row, len(pairs))
	var groups []string
	byBody := map[string][]int{}
	for i, p := range pairs {
		b := prepared[p.Group]
		if b == nil {
			b = Prepare(p.Body, idf)
			prepared[p.Group] = b
			groups = append(groups, p.Group)
		}
		rows[i] = Features(p.Headline, b, idf)
		byBody[p.Group] = append(byBody[p.Group], i)
	}
	for _, g := range groups {
		idx := byBody[g]
		hs := make([]string, len(idx))
		cs := make([]float64, len(idx))
		for k, i := range idx {
			hs[k], cs[k] = pairs[i].Headline, rows[i].Dense[0]
		}
		for k, p := range PeerClaims(hs, cs, idf) {
			rows[idx[k]].Dense = append(rows[idx[k]].Dense, p...)
		}
	}
	return rows
}

// ShippedFNC returns the two-stage FNC-1 classifier fitted (TrainClassifier)
// on all the FNC-1 dev pairs with FNCRows and FNCIDF, as shipped in
// fnc_weights.go (go test ./internal/stance -run TestShippedFNC -update).
func ShippedFNC() *Classifier {
	return &Classifier{Related: fncRelated.model(), Stance: fncStance.model()}
}

// modelData is a Model as generated code holds it: float32 halves the size
// of the shipped weights and changes no prediction that matters.
type modelData struct {
	labels  []string
	nSparse int
	mean    []float32
	scale   []float32
	w       [][]float32
}

func (d modelData) model() *Model {
	f := func(v []float32) []float64 {
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = float64(x)
		}
		return out
	}
	m := &Model{Labels: append([]string(nil), d.labels...), NSparse: d.nSparse, Mean: f(d.mean), Scale: f(d.scale)}
	for _, w := range d.w {
		m.W = append(m.W, f(w))
	}
	return m
}

// FNCFingerprint identifies a labelled FNC-1 file by its pairs and labels,
// in order: the eval tells with it the file the shipped classifier was
// fitted on (FittedOnFNC).
func FNCFingerprint(pairs []FNCPair, labels []string) uint64 {
	h := fnv.New64a()
	for i, p := range pairs {
		h.Write([]byte(p.Headline))
		h.Write([]byte{0})
		h.Write([]byte(p.Body))
		h.Write([]byte{0})
		if i < len(labels) {
			h.Write([]byte(labels[i]))
		}
		h.Write([]byte{'\n'})
	}
	return h.Sum64()
}

// FittedOnFNC reports whether pairs and labels are the file the shipped
// FNC-1 classifier was fitted on, whose figures are then training figures.
func FittedOnFNC(pairs []FNCPair, labels []string) bool {
	return FNCFingerprint(pairs, labels) == fncDevFingerprint
}
