package stance

import "math"

// FNC-1 labels, in the order the two-stage classifier uses them.
const (
	Agree     = "agree"
	Disagree  = "disagree"
	Discuss   = "discuss"
	Unrelated = "unrelated"
)

// StanceLabels are the classes of the second stage, for related pairs.
var StanceLabels = []string{Agree, Disagree, Discuss}

// Classifier is the two-stage headline/body stance classifier: first related
// versus unrelated, then agree/disagree/discuss among related pairs. Splitting
// the stages lets the rare stance classes be weighted without disturbing the
// relatedness decision, which is nearly all about word overlap.
type Classifier struct {
	Related *Model // classes: unrelated, related
	Stance  *Model // classes: StanceLabels
}

// Example is one labelled pair's feature row.
type Example struct {
	Row   Row
	Label string
}

// TrainClassifier fits both stages on labelled examples.
func TrainClassifier(ex []Example) *Classifier {
	var rx, sx []Row
	var ry, sy []int
	counts := make([]float64, len(StanceLabels))
	for _, e := range ex {
		rx = append(rx, Row{Dense: e.Row.Dense})
		if e.Label == Unrelated {
			ry = append(ry, 0)
			continue
		}
		ry = append(ry, 1)
		for i, l := range StanceLabels {
			if l == e.Label {
				sx = append(sx, e.Row)
				sy = append(sy, i)
				counts[i]++
			}
		}
	}
	// Weight the stance classes halfway (square root) between raw counts and
	// equal weight: full balancing over-predicts disagree, none never
	// predicts it.
	cw := make([]float64, len(counts))
	var n float64
	for _, c := range counts {
		n += c
	}
	for i, c := range counts {
		cw[i] = 1
		if c > 0 {
			cw[i] = math.Pow(n/(float64(len(counts))*c), 0.25)
		}
	}
	return &Classifier{
		Related: Train([]string{Unrelated, "related"}, rx, ry, TrainOptions{L2: 1e-3, Epochs: 300}),
		Stance:  Train(StanceLabels, sx, sy, TrainOptions{L2: 1e-3, SparseL2: SparseL2, ClassWeight: cw, Epochs: 300, NSparse: HashDim}),
	}
}

// Classify returns the label of a row made by Features.
func (c *Classifier) Classify(r Row) string {
	if c.Related.Predict(Row{Dense: r.Dense}) == 0 {
		return Unrelated
	}
	return StanceLabels[c.Stance.Predict(r)]
}
