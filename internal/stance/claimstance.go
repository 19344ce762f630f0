package stance

// ClaimStance says how a short text (a headline or one sentence) relates to
// a claim: For (asserts it), Against (denies or debunks it) or Observing
// (repeats it at a distance), with the class probabilities in
// EmergentLabels order. It uses the shipped model (headline_weights.go),
// fitted on the Emergent dev pairs with HeadlineFeatures and no IDF table
// (every word weighs 1), so that it needs nothing but the two texts; its
// grouped cross-validated accuracy is in TestShippedModel.
func ClaimStance(claim, text string) (string, []float64) {
	m := shippedHeadlineModel()
	p := m.Probs(Row{Dense: HeadlineFeatures(claim, text, nil)})
	best := 0
	for c := range p {
		if p[c] > p[best] {
			best = c
		}
	}
	return m.Labels[best], p
}
