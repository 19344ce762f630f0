package summary

import "github.com/crosscheck/crosscheck/internal/align"

// Support decisions. align.Similarity is the judge of whether a passage
// states a sentence, but it costs about 0.1 ms a pair, so the cheap TF-IDF
// cosine decides the clear cases: a near-copy is aligned, a pair sharing
// little is not.
const (
	// DefaultMinSupport is align's threshold for an aligned pair.
	DefaultMinSupport = align.AlignThreshold
	// copyCosine is the content-term cosine from which a pair is taken as a
	// near-exact copy without asking align.
	copyCosine = 0.9
	// candidateCosine is the cosine below which a pair is not looked at.
	candidateCosine = 0.2
)

// support scores how well sentence b backs sentence a, from 0 to 1, given
// their TF-IDF cosine.
func support(a, b string, cos float64) float64 {
	if cos >= copyCosine {
		return cos
	}
	if cos < candidateCosine {
		return 0
	}
	return align.Similarity(a, b)
}
