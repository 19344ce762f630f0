package summary

import "github.com/crosscheck/crosscheck/internal/align"

// Support decisions. align.Similarity is the judge of whether a passage
// states a sentence, but it costs about 0.1 ms a pair, so the cheap TF-IDF
// cosine decides the clear cases: a near-copy is aligned, a pair sharing
// little is not.
const (
	// DefaultMinSupport is align's threshold for an aligned pair.
	DefaultMinSupport = align.AlignThreshold
	// copyCosine is the content-term cosine from which a pair is taken as
	// aligned without asking align: on NeuS dev sentence pairs, 98% of the
	// pairs at 0.7 or more were aligned by align.Similarity.
	copyCosine = 0.7
	// candidateCosine is the cosine below which a pair is not looked at:
	// under it, fewer than one pair in ten is aligned.
	candidateCosine = 0.2
)

// support scores how well unit v backs unit u, from 0 to 1, given their
// TF-IDF cosine: the cosine for a clear copy, 0 for a clear miss, else
// align's score when align aligns the pair and 0 when it does not.
func (st *story) support(u, v int, cos float64) float64 {
	switch {
	case cos >= copyCosine:
		return cos
	case cos < candidateCosine:
		return 0
	}
	ms := align.AlignPrepared(st.prepared(u), st.prepared(v))
	if len(ms) == 0 {
		return 0
	}
	return ms[0].Score
}

// prepared returns unit u readied for align, preparing it once per story
// and sentence text (copies share it: a prepared text is only read).
func (st *story) prepared(u int) *align.Prepared {
	if st.prep[u] == nil {
		f := st.first[u]
		if st.prep[f] == nil {
			st.prep[f] = align.Prepare([]string{st.units[f].text})
		}
		st.prep[u] = st.prep[f]
	}
	return st.prep[u]
}
