package stance

import (
	"sort"
	"strings"
)

// Emergent labels: the headline asserts, denies, or merely repeats the claim.
const (
	For       = "for"
	Against   = "against"
	Observing = "observing"
)

// EmergentLabels are the classes of the claim-versus-headline model.
var EmergentLabels = []string{For, Against, Observing}

// EmergentL2 and EmergentSparseL2 are the ridge penalties of the
// claim-versus-headline model of the Emergent eval (PairRow features),
// chosen by grouped cross-validation.
const (
	EmergentL2       = 0.03
	EmergentSparseL2 = 1e-2
)

// ClaimModelL2 is the ridge penalty of the shipped dense claim-stance model
// (ClaimStance).
const ClaimModelL2 = 0.1

// cueVocabulary lists every cue word, sorted, so that each can be its own
// feature: "claims" and "may" hedge differently, and a short headline gives
// little else to go on.
var cueVocabulary = func() []string {
	seen := map[string]bool{}
	for _, m := range []map[string]bool{refuteWords, hedgeWords, negationWords, supportWords, reportWords} {
		for w, ok := range m {
			if ok {
				seen[w] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}()

var cueIndex = func() map[string]int {
	m := map[string]int{}
	for i, w := range cueVocabulary {
		m[w] = i
	}
	return m
}()

// HeadlineFeatures describes a short text (a headline or a sentence) against
// a claim: cue classes, punctuation that signals distance ("?", a leading
// "Claim:" or "Report:"), how much of the claim it restates, and one
// indicator per cue word.
func HeadlineFeatures(claim, headline string, idf *IDF) []float64 {
	c := analyse(claim)
	h := analyse(headline)
	var total, hit float64
	for t := range c.set {
		w := idf.Weight(t)
		total += w
		if h.set[t] {
			hit += w
		}
	}
	cov := 0.0
	if total > 0 {
		cov = hit / total
	}
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	lower := strings.ToLower(headline)
	colon := strings.Index(headline, ":")
	row := []float64{
		float64(h.cues[Refute]), float64(h.cues[Hedge]), float64(h.cues[Negation]), float64(h.cues[Support]), float64(h.cues[Report]),
		b(strings.Contains(headline, "?")), b(colon >= 0 && colon < len(headline)/2), b(strings.ContainsAny(headline, "\"“”‘'")),
		cov, float64(c.cues[Negation]), b(h.cues[Negation] > 0 && c.cues[Negation] == 0),
		b(strings.HasPrefix(lower, "no ") || strings.HasPrefix(lower, "no,")), b(strings.HasSuffix(strings.TrimSpace(lower), "?")),
		negationNear(h, c.set), float64(len(h.words)) / 10,
	}
	ind := make([]float64, len(cueVocabulary))
	for _, w := range h.words {
		if i, ok := cueIndex[w]; ok {
			ind[i] = 1
		}
	}
	return append(row, ind...)
}

// CueRule is the README's simple Emergent baseline: refuting words mean
// "against", hedges or a question mark "observing", anything else "for".
func CueRule(headline string) string {
	c := Cues(headline)
	switch {
	case c[Refute] > 0:
		return Against
	case c[Hedge] > 0 || strings.Contains(headline, "?"):
		return Observing
	}
	return For
}

// HeadlineRow is HeadlineFeatures plus the hashed words of the headline.
func HeadlineRow(claim, headline string, idf *IDF) Row {
	return Row{Dense: HeadlineFeatures(claim, headline, idf), Sparse: bagOfWords("h:", analyse(headline))}
}

// PairRow is HeadlineRow plus the claim-versus-text features of Features
// with the headline as the text: overlap, bigram coverage, negation next to
// the claim's words.
func PairRow(claim, headline string, idf *IDF) Row {
	r := HeadlineRow(claim, headline, idf)
	r.Dense = append(r.Dense, Features(claim, Prepare(headline, idf), idf).Dense...)
	return r
}

// PeerFeatures summarises the other texts that report the same claim (the
// same rumour in other outlets, the same point in other articles of a
// story): the share of them that deny, hedge, negate or ask. An unresolved
// rumour is hedged everywhere; a debunked one is denied in many places, so a
// neutral-looking text among them most likely observes or denies too.
func PeerFeatures(peers []string) []float64 {
	out := make([]float64, 4)
	if len(peers) == 0 {
		return out
	}
	for _, p := range peers {
		c := Cues(p)
		if c[Refute] > 0 {
			out[0]++
		}
		if c[Hedge] > 0 {
			out[1]++
		}
		if c[Negation] > 0 {
			out[2]++
		}
		if strings.Contains(p, "?") {
			out[3]++
		}
	}
	for i := range out {
		out[i] /= float64(len(peers))
	}
	return out
}
