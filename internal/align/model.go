package align

import (
	"math"
)

// Model is a logistic regression over the sentence-pair features: the
// probability that two sentences say the same thing.
type Model struct {
	Weights []float64 // one per feature, in FeatureNames order, on raw feature values
	Bias    float64
}

// FeatureNames names the pair features in the order PairFeatures returns them.
func FeatureNames() []string { return append([]string(nil), featureNames...) }

// PairFeatures returns the hand features of a sentence pair (lexical overlap
// on stems, fuzzy name matches, n-gram and subsequence overlap, number,
// name and negation agreement, length ratio). They are the model's input;
// the eval uses them to cross-validate the fit.
func PairFeatures(a, b string) []float64 {
	f := features(prepare(a), prepare(b))
	return f[:]
}

// Prob returns the model's probability for a feature vector.
func (m Model) Prob(f []float64) float64 {
	z := m.Bias
	for i, w := range m.Weights {
		if i < len(f) {
			z += w * f[i]
		}
	}
	return sigmoid(z)
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// ShippedModel returns the weights fitted once on the MSRP dev pairs by
// TestFit (go test ./internal/align -run TestFit -update) and kept as
// constants in weights.go.
func ShippedModel() Model {
	return Model{Weights: append([]float64(nil), shippedWeights[:]...), Bias: shippedBias}
}

// DefaultL2 is the ridge penalty of the shipped fit, chosen by 10-fold
// cross-validation among 0.1, 1 and 10 on the MSRP dev pairs.
const DefaultL2 = 1.0

// Fit fits a logistic regression with an L2 penalty l2 by Newton's method
// (iteratively reweighted least squares) on standardised features, and
// returns weights on the raw scale. Deterministic: same data, same model.
func Fit(x [][]float64, y []bool, l2 float64) Model {
	n := len(x)
	if n == 0 {
		return Model{}
	}
	d := len(x[0])
	mean := make([]float64, d)
	sd := make([]float64, d)
	for _, row := range x {
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for _, row := range x {
		for j, v := range row {
			sd[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(n))
		if sd[j] < 1e-9 {
			sd[j] = 1
		}
	}
	// z[i] = [1, standardised features]
	z := make([][]float64, n)
	for i, row := range x {
		z[i] = make([]float64, d+1)
		z[i][0] = 1
		for j, v := range row {
			z[i][j+1] = (v - mean[j]) / sd[j]
		}
	}
	w := make([]float64, d+1)
	for range 50 {
		h := make([][]float64, d+1)
		for k := range h {
			h[k] = make([]float64, d+1)
		}
		g := make([]float64, d+1)
		for i, zi := range z {
			s := 0.0
			for k, v := range zi {
				s += w[k] * v
			}
			p := 1 / (1 + math.Exp(-s))
			t := 0.0
			if y[i] {
				t = 1
			}
			r := p * (1 - p)
			for k, v := range zi {
				g[k] += (p - t) * v
				for l := k; l < len(zi); l++ {
					h[k][l] += r * v * zi[l]
				}
			}
		}
		for k := 1; k <= d; k++ {
			g[k] += l2 * w[k]
			h[k][k] += l2
		}
		for k := range h {
			for l := 0; l < k; l++ {
				h[k][l] = h[l][k]
			}
		}
		step := solve(h, g)
		delta := 0.0
		for k := range w {
			w[k] -= step[k]
			delta = max(delta, math.Abs(step[k]))
		}
		if delta < 1e-8 {
			break
		}
	}
	m := Model{Weights: make([]float64, d), Bias: w[0]}
	for j := range d {
		m.Weights[j] = w[j+1] / sd[j]
		m.Bias -= w[j+1] * mean[j] / sd[j]
	}
	return m
}

// solve solves a·x = b by Gaussian elimination with partial pivoting; a and
// b are overwritten.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if math.Abs(a[c][c]) < 1e-12 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		if math.Abs(a[r][r]) < 1e-12 {
			continue
		}
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// CrossValidate fits on k-1 folds and predicts the held-out fold, for every
// fold (fold of item i is i mod k); it returns the held-out probabilities.
func CrossValidate(x [][]float64, y []bool, k int, l2 float64) []float64 {
	probs := make([]float64, len(x))
	for fold := range k {
		var tx [][]float64
		var ty []bool
		for i := range x {
			if i%k != fold {
				tx = append(tx, x[i])
				ty = append(ty, y[i])
			}
		}
		m := Fit(tx, ty, l2)
		for i := range x {
			if i%k == fold {
				probs[i] = m.Prob(x[i])
			}
		}
	}
	return probs
}
