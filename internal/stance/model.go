package stance

import (
	"math"
)

// Row is one example's features: a dense part, standardised by the model,
// and an optional sparse part of hashed lexical features used as they are.
type Row struct {
	Dense  []float64
	Sparse []Sparse
}

// Sparse is one non-zero entry of a row's sparse part.
type Sparse struct {
	I int
	V float64
}

// Model is a multinomial logistic regression. It is small on purpose: a few
// dozen dense weights per class (plus hashed lexical weights when asked),
// fitted in well under a second, inspectable by eye.
type Model struct {
	Labels  []string    // class names, index = class
	Mean    []float64   // per dense feature mean used to standardise
	Scale   []float64   // per dense feature standard deviation (1 when constant)
	NSparse int         // size of the sparse part
	W       [][]float64 // W[class]: dense weights, sparse weights, then the bias
}

// TrainOptions tune Train.
type TrainOptions struct {
	L2          float64   // ridge penalty on dense weights
	SparseL2    float64   // ridge penalty on sparse weights
	ClassWeight []float64 // per-class example weight (nil: all 1)
	Epochs      int       // full-batch Adam steps
	NSparse     int       // size of the sparse part of every row
}

// Train fits a Model on rows x with class indexes y.
func Train(labels []string, x []Row, y []int, o TrainOptions) *Model {
	nf := 0
	if len(x) > 0 {
		nf = len(x[0].Dense)
	}
	m := &Model{Labels: labels, Mean: make([]float64, nf), Scale: make([]float64, nf), NSparse: o.NSparse}
	n := math.Max(float64(len(x)), 1)
	for _, r := range x {
		for j, v := range r.Dense {
			m.Mean[j] += v
		}
	}
	for j := range m.Mean {
		m.Mean[j] /= n
	}
	for _, r := range x {
		for j, v := range r.Dense {
			d := v - m.Mean[j]
			m.Scale[j] += d * d
		}
	}
	for j := range m.Scale {
		m.Scale[j] = math.Sqrt(m.Scale[j] / n)
		if m.Scale[j] < 1e-9 {
			m.Scale[j] = 1
		}
	}
	k := len(labels)
	dim := nf + o.NSparse + 1
	m.W = make([][]float64, k)
	grad := make([][]float64, k)
	mom := make([][]float64, k)
	vel := make([][]float64, k)
	for c := range m.W {
		m.W[c] = make([]float64, dim)
		grad[c] = make([]float64, dim)
		mom[c] = make([]float64, dim)
		vel[c] = make([]float64, dim)
	}
	z := make([]Row, len(x))
	for i, r := range x {
		z[i] = Row{Dense: m.standardise(r.Dense), Sparse: r.Sparse}
	}
	cw := func(c int) float64 {
		if o.ClassWeight == nil {
			return 1
		}
		return o.ClassWeight[c]
	}
	var wsum float64
	for i := range z {
		wsum += cw(y[i])
	}
	// Full-batch Adam: deterministic, and fast enough for tens of thousands
	// of rows.
	p := make([]float64, k)
	const lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
	for ep := 1; ep <= o.Epochs; ep++ {
		for c := range grad {
			clear(grad[c])
		}
		for i, r := range z {
			m.probs(r, p)
			w := cw(y[i])
			for c := 0; c < k; c++ {
				g := p[c]
				if c == y[i] {
					g--
				}
				g *= w
				gc := grad[c]
				for j, v := range r.Dense {
					gc[j] += g * v
				}
				for _, s := range r.Sparse {
					gc[nf+s.I] += g * s.V
				}
				gc[dim-1] += g
			}
		}
		c1 := 1 - math.Pow(b1, float64(ep))
		c2 := 1 - math.Pow(b2, float64(ep))
		for c := 0; c < k; c++ {
			wc, gc, mc, vc := m.W[c], grad[c], mom[c], vel[c]
			for j := 0; j < dim; j++ {
				g := gc[j] / wsum
				switch {
				case j < nf:
					g += o.L2 * wc[j]
				case j < dim-1:
					g += o.SparseL2 * wc[j]
				}
				mc[j] = b1*mc[j] + (1-b1)*g
				vc[j] = b2*vc[j] + (1-b2)*g*g
				wc[j] -= lr * (mc[j] / c1) / (math.Sqrt(vc[j]/c2) + eps)
			}
		}
	}
	return m
}

func (m *Model) standardise(r []float64) []float64 {
	z := make([]float64, len(m.Mean))
	for j := range z {
		if j < len(r) {
			z[j] = (r[j] - m.Mean[j]) / m.Scale[j]
		}
	}
	return z
}

// probs writes the class probabilities of the standardised row z into p.
func (m *Model) probs(z Row, p []float64) {
	nf := len(m.Mean)
	best := math.Inf(-1)
	for c, w := range m.W {
		s := w[len(w)-1]
		for j, v := range z.Dense {
			s += w[j] * v
		}
		for _, e := range z.Sparse {
			if e.I >= 0 && e.I < m.NSparse {
				s += w[nf+e.I] * e.V
			}
		}
		p[c] = s
		if s > best {
			best = s
		}
	}
	var sum float64
	for c := range p {
		p[c] = math.Exp(p[c] - best)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
}

// Probs returns the class probabilities of a raw row.
func (m *Model) Probs(r Row) []float64 {
	p := make([]float64, len(m.W))
	m.probs(Row{Dense: m.standardise(r.Dense), Sparse: r.Sparse}, p)
	return p
}

// Predict returns the most probable class index of a raw row.
func (m *Model) Predict(r Row) int {
	p := m.Probs(r)
	best := 0
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
	}
	return best
}
