// Package align aligns the sentences of two articles (exact copies,
// near-exact edits, paraphrases and translation-mangled rewrites) and decides
// whether two sentences are paraphrases.
//
// The sentence-pair score is a logistic regression over hand features
// (features.go): content-word overlap on stems, fuzzy matching of names with
// Jaro-Winkler ("Zelenskiy" ≈ "Zelensky", "Jansen" ≈ "Janssen"), IDF-weighted
// overlap, n-gram, BLEU-like and longest-common-subsequence overlap, and
// agreement of numbers, names and negation (different numbers lower the
// score). Its weights are constants fitted once on the MSRP dev pairs
// (weights.go, see TestFit); the fit's 10-fold cross-validated accuracy is
// what to expect on unseen pairs.
package align

import (
	"cmp"
	"math"
	"slices"

	"github.com/crosscheck/crosscheck/internal/text"
)

// Match kinds, from the closest to the loosest copy.
const (
	KindExact       = "exact"       // the same words (case, accents and punctuation aside)
	KindNearExact   = "near-exact"  // a light edit: most words in the same order
	KindParaphrase  = "paraphrase"  // the same statement in other words
	KindTranslation = "translation" // a rewrite with names spelt differently, as translation leaves them
)

// Match is one aligned sentence pair: indices into the two sentence lists.
type Match struct {
	A, B  int
	Score float64
	Kind  string
}

// Thresholds of the decisions.
const (
	// ParaphraseThreshold is the model probability from which two
	// sentences are called paraphrases (IsParaphrase).
	ParaphraseThreshold = 0.5
	// AlignThreshold is the lowest Similarity of an aligned pair. Sentences
	// of two reports on one story that merely share a topic score about
	// 0.2–0.35; rewrites of one sentence 0.4 and up.
	AlignThreshold = 0.4
	// minShared is the fewest content words two aligned sentences must share
	// (exactly or as fuzzy name matches).
	minShared = 3
	// minSharedIDF is the least IDF mass of the stems two sentences share
	// to be scored at all: the prefilter that keeps alignment cheap (about
	// two uncommon words).
	minSharedIDF = 5.0
)

// Similarity returns the alignment score of a sentence pair in [0,1]: how
// much of one is a rewrite of the other. It mixes IDF-weighted overlap of
// content stems (names matched fuzzily, so "Jansen" matches "Janssen"), the
// longest common word subsequence and bigram overlap, and subtracts for
// numbers found on one side only and for a negation on one side only.
// Unlike the paraphrase model it stays low for sentences that only share a
// topic, which is what alignment of whole articles needs.
func Similarity(a, b string) float64 {
	return alignScore(prepareFor(a, false, nil), prepareFor(b, false, nil))
}

// Sentence is one sentence prepared once, for callers that compare it with
// many others: Similarity re-prepares both sides on every call.
type Sentence struct{ s *sent }

// PrepareSentence prepares s for SimilarityPrepared.
func PrepareSentence(s string) Sentence { return Sentence{prepareFor(s, false, nil)} }

// SimilarityPrepared is Similarity on prepared sentences.
func SimilarityPrepared(a, b Sentence) float64 { return alignScore(a.s, b.s) }

// ParaphraseProb returns the paraphrase model's probability that a and b
// say the same thing.
func ParaphraseProb(a, b string) float64 {
	return probOf(features(prepare(a), prepare(b)))
}

// IsParaphrase reports whether a and b are paraphrases: the tuned decision
// that the paraphrase eval measures (ParaphraseProb >= ParaphraseThreshold).
func IsParaphrase(a, b string) bool {
	return ParaphraseProb(a, b) >= ParaphraseThreshold
}

// Prepared is a list of sentences made ready for alignment (tokenised,
// folded, stemmed, indexed by stem), so that an article compared with many
// others is prepared once.
type Prepared struct {
	sents []sent
	// index lists (stem hash, sentence) postings sorted by hash: the
	// sentences holding each content stem. A sorted slice rather than a
	// map keeps a prepared article small enough to cache by the thousand.
	index []posting
}

// posting is one sentence holding a stem: where it first occurs there,
// and how often. hash is the low half of the stem's hash: the stems of
// the postings found by hash are compared anyway, for the rare stems
// that share a hash.
type posting struct {
	hash  uint32
	sent  int32
	at, n int16
}

// postings returns the postings of the stems whose hash is h.
func (p *Prepared) postings(h uint32) []posting {
	// sort.Search by hand: the closure of slices.BinarySearchFunc was a
	// fifth of aligning articles
	lo, hi := 0, len(p.index)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if p.index[m].hash < h {
			lo = m + 1
		} else {
			hi = m
		}
	}
	hi = lo
	for hi < len(p.index) && p.index[hi].hash == h {
		hi++
	}
	return p.index[lo:hi]
}

// Prepare readies sentences for AlignPrepared.
func Prepare(sentences []string) *Prepared { return PrepareWith(sentences, nil) }

// PrepareWith is Prepare looking tokens up in shared (may be nil) first.
func PrepareWith(sentences []string, shared *Memo) *Prepared {
	p := &Prepared{sents: make([]sent, len(sentences))}
	m := &memo{shared: shared}
	if shared == nil {
		m.local = map[string]*token{}
	}
	toks := make([][]text.Token, len(sentences))
	total, pairs := 0, 0
	for i, s := range sentences {
		toks[i] = text.Tokens(s)
		total += len(toks[i])
		pairs += max(len(toks[i])-1, 0)
	}
	b := newSlab(total, pairs)
	for i := range sentences {
		xs := b.tokens(len(toks[i]))
		m.lookupAll(toks[i], xs, false)
		prepareInto(&p.sents[i], xs, false, b)
	}
	p.index = make([]posting, 0, b.distinct)
	for i := range p.sents {
		ps := &p.sents[i]
		for at, c := range ps.counts {
			if c == 0 {
				continue
			}
			n := ps.occurrences(at)
			if at > math.MaxInt16 || n > math.MaxInt16 {
				continue // a "sentence" of 32,000 words: no prose to align
			}
			p.index = append(p.index, posting{uint32(ps.toks[at].stemH), int32(i), int16(at), int16(n)})
		}
	}
	// postings were added in sentence order, so a stable sort by hash
	// orders them by (hash, sentence)
	sortPostings(p.index)
	return p
}

// sortPostings sorts ps stably by hash: a least-significant-digit radix
// sort, several times faster than a comparison sort on an article's few
// hundred postings (sorting the index was a third of preparing one).
func sortPostings(ps []posting) {
	if len(ps) < 2 {
		return
	}
	if len(ps) < 48 {
		slices.SortStableFunc(ps, func(x, y posting) int { return cmp.Compare(x.hash, y.hash) })
		return
	}
	src, dst := ps, make([]posting, len(ps))
	for shift := uint(0); shift < 32; shift += 8 {
		var count [256]int
		for _, x := range src {
			count[byte(x.hash>>shift)]++
		}
		if count[byte(src[0].hash>>shift)] == len(src) {
			continue // every hash has this digit: the pass changes nothing
		}
		at := 0
		for d, c := range count {
			count[d] = at
			at += c
		}
		for _, x := range src {
			d := byte(x.hash >> shift)
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ps[0] {
		copy(ps, src)
	}
}

// Len returns the number of sentences.
func (p *Prepared) Len() int { return len(p.sents) }

// Align returns the one-to-one best matches between two sentence lists with
// Similarity at least AlignThreshold, sorted by A.
func Align(a, b []string) []Match {
	return AlignPrepared(Prepare(a), Prepare(b))
}

// overlap is what one pass over the stem index learns of a sentence pair:
// enough to bound its score (mayAlign) before any word-by-word comparison.
type overlap struct {
	mass   float64 // IDF of the distinct stems both hold (the prefilter)
	idfA   float64 // IDF of a's words whose stem b holds
	idfB   float64 // IDF of b's words whose stem a holds
	countA int     // a's words whose stem b holds
	countB int     // b's words whose stem a holds
}

// boundSlack absorbs float rounding between a bound and the exact score, so
// the bound never drops a pair whose exact score reaches the threshold.
const boundSlack = 1e-9

// mayAlign reports whether the pair can reach AlignThreshold with at least
// minShared matched words, from upper bounds on every part of the score:
// matched content words at most those whose stem the other side holds, plus
// names that might match fuzzily; the common subsequence at most the
// shared words; penalties at least zero. It only rules pairs out; the pairs
// it keeps are scored exactly, so alignment is unchanged.
func mayAlign(a, b *sent, o *overlap) bool {
	fuzzy := min(a.capsN, b.capsN)
	if min(o.countA+fuzzy, a.content) < minShared || min(o.countB+fuzzy, b.content) < minShared {
		return false
	}
	ia, ib := o.idfA, o.idfB
	if b.capsN > 0 {
		ia += a.capsIDF
	}
	if a.capsN > 0 {
		ib += b.capsIDF
	}
	idfF1 := 0.0
	if a.idfSum > 0 && b.idfSum > 0 && ia+ib > 0 {
		pa, pb := min(ia/a.idfSum, 1), min(ib/b.idfSum, 1)
		idfF1 = 2 * pa * pb / (pa + pb)
	}
	n := max(len(a.toks), len(b.toks))
	if n == 0 {
		return 0.5*idfF1 >= AlignThreshold-boundSlack
	}
	// First from counts alone: a word both sentences hold is a stop word or
	// a content word whose stem the other holds, so at most shared words
	// are in the common subsequence, and shared bigrams need two of them
	// side by side.
	shared := min(o.countA+len(a.toks)-a.content, o.countB+len(b.toks)-b.content)
	bna, bnb := len(a.bi()), len(b.bi())
	if 0.5*idfF1+0.3*float64(shared)/float64(n)+0.2*f1(min(max(shared-1, 0), bna, bnb), bna, bnb) < AlignThreshold-boundSlack {
		return false
	}
	// Then from the words themselves: the common subsequence is at most the
	// words both hold, the shared bigrams at most the bigram bounds both
	// hold (see sent.bound).
	lcsMax := float64(sortedOverlap(a.uni(), b.uni())) / float64(n)
	bm := sortedOverlap(a.bi(), b.bi())
	return 0.5*idfF1+0.3*lcsMax+0.2*f1(bm, bna, bnb) >= AlignThreshold-boundSlack
}

// AlignPrepared is Align on prepared sentence lists. Only sentence pairs
// that share enough rare stems, and whose score bound can reach the
// threshold, are scored; pairs are then taken greedily, best first, so each
// sentence is used at most once.
func AlignPrepared(a, b *Prepared) []Match {
	if len(a.sents) == 0 || len(b.sents) == 0 {
		return nil
	}
	ov := make([]overlap, len(b.sents))
	seen := make([]bool, len(b.sents))
	var touched []int32
	var ms []Match
	for i := range a.sents {
		s := &a.sents[i]
		touched = touched[:0]
		// stems in order of first occurrence, as the IDF mass always summed
		for at, c := range s.counts {
			if c == 0 {
				continue
			}
			x := s.toks[at]
			w := x.idf
			n := s.occurrences(at)
			st := x.stem
			for _, p := range b.postings(uint32(x.stemH)) {
				if y := b.sents[p.sent].toks[p.at]; y != x && y.stem != st {
					continue // another stem with the same hash
				}
				o := &ov[p.sent]
				if !seen[p.sent] {
					seen[p.sent] = true
					touched = append(touched, p.sent)
				}
				o.mass += w
				o.idfA += w * float64(n)
				o.idfB += w * float64(p.n)
				o.countA += int(n)
				o.countB += int(p.n)
			}
		}
		for _, j := range touched {
			o := &ov[j]
			if o.mass >= minSharedIDF && mayAlign(s, &b.sents[j], o) {
				st := alignStatsCut(s, &b.sents[j], AlignThreshold)
				if st.score >= AlignThreshold && st.shared >= minShared {
					ms = append(ms, Match{A: i, B: int(j), Score: st.score, Kind: st.kind()})
				}
			}
			*o = overlap{}
			seen[j] = false
		}
	}
	slices.SortFunc(ms, func(x, y Match) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		case x.A != y.A:
			return x.A - y.A
		}
		return x.B - y.B
	})
	usedA, usedB := make([]bool, len(a.sents)), make([]bool, len(b.sents))
	var out []Match
	for _, m := range ms {
		if usedA[m.A] || usedB[m.B] {
			continue
		}
		usedA[m.A], usedB[m.B] = true, true
		out = append(out, m)
	}
	slices.SortFunc(out, func(x, y Match) int { return x.A - y.A })
	return out
}

func probOf(f [numFeatures]float64) float64 {
	z := shippedBias
	for i, w := range shippedWeights {
		z += w * f[i]
	}
	return sigmoid(z)
}

// Kind classifies a sentence pair as exact, near-exact, translation or
// paraphrase (see the Kind constants), whatever its score.
func Kind(a, b string) string {
	return alignStats(prepareFor(a, false, nil), prepareFor(b, false, nil)).kind()
}

// pairStats holds what alignment needs of a sentence pair: a subset of the
// paraphrase features, cheap enough to compute for every candidate pair.
type pairStats struct {
	score  float64 // Similarity
	lcsMax float64 // longest common word subsequence / longer length
	exact  bool    // same words in the same order
	fuzzy  int     // names matched only by fuzzy spelling
	shared int     // content words matched both ways (the fewer)
}

func (st pairStats) kind() string {
	switch {
	case st.exact:
		return KindExact
	case st.lcsMax >= 0.8:
		return KindNearExact
	case st.fuzzy > 0:
		return KindTranslation
	}
	return KindParaphrase
}

// alignStats computes the alignment score: IDF-weighted F1 of the matched
// content words (0.5), longest common word subsequence (0.3) and bigram F1
// (0.2), less 0.2 × the share of numbers found on one side only and 0.1 for
// a negation on one side only.
func alignStats(a, b *sent) pairStats { return alignStatsCut(a, b, -1) }

// alignStatsCut is alignStats for a caller that discards pairs scoring
// below cut or sharing fewer than minShared words: for those it may stop
// before the longest common subsequence, with a score below cut.
func alignStatsCut(a, b *sent, cut float64) pairStats {
	var bufA, bufB [64]uint64
	ma, fa, ia := matchContent(a, b, b.stemHashes(bufB[:]))
	mb, fb, ib := matchContent(b, a, a.stemHashes(bufA[:]))
	st := pairStats{fuzzy: max(fa, fb), shared: min(ma, mb)}
	if cut >= 0 && st.shared < minShared {
		return st
	}
	idfF1 := 0.0
	if a.idfSum > 0 && b.idfSum > 0 && ia+ib > 0 {
		pa, pb := ia/a.idfSum, ib/b.idfSum
		idfF1 = 2 * pa * pb / (pa + pb)
	}
	bna, bnb := len(a.bi()), len(b.bi())
	_, numMismatch := numbers(a, b)
	neg := 0.0
	if a.neg != b.neg {
		neg = 1
	}
	n := max(len(a.toks), len(b.toks))
	bigrams := true // whether the pair may share bigrams
	if cut >= 0 && n > 0 {
		// the common subsequence is at most the words both hold, the
		// shared bigrams at most the bigram bounds both hold
		bound := float64(sortedOverlap(a.uni(), b.uni())) / float64(n)
		bm := sortedOverlap(a.bi(), b.bi())
		if 0.5*idfF1+0.3*bound+0.2*f1(bm, bna, bnb)-0.2*numMismatch-0.1*neg < cut-boundSlack {
			return st
		}
		bigrams = bm > 0
	}
	wa, wb := a.wordHashes(bufA[:]), b.wordHashes(bufB[:])
	l := lcs(a, b, wa, wb)
	bm := 0
	if bigrams && a.fullSent != nil && b.fullSent != nil {
		bm = sortedOverlap(a.grams[1], b.grams[1])
	} else if bigrams {
		bm = bigramOverlap(wa, wb)
	}
	if n > 0 {
		st.lcsMax = float64(l) / float64(n)
	}
	st.exact = l > 0 && len(a.toks) == len(b.toks) && l == len(a.toks)
	s := 0.5*idfF1 + 0.3*st.lcsMax + 0.2*f1(bm, bna, bnb) - 0.2*numMismatch - 0.1*neg
	st.score = min(max(s, 0), 1)
	return st
}

// alignScore is Similarity on prepared sentences.
func alignScore(a, b *sent) float64 { return alignStats(a, b).score }

// Coverage returns how much of part is found in whole: the IDF-weighted
// share of part's content words that whole holds (stems, or fuzzy name
// matches), less a penalty for numbers of part missing from whole. It is
// asymmetric, for a short restatement ("it was reported that ...") checked
// against a longer original sentence.
func Coverage(part, whole string) float64 {
	return coverage(prepareFor(part, false, nil), prepareFor(whole, false, nil))
}

// BestCoverage returns the sentence of p that covers part best (see
// Coverage) and its coverage; -1 and 0 when none covers any of it.
func (p *Prepared) BestCoverage(part string) (int, float64) {
	x := prepareFor(part, false, nil)
	best, score := -1, 0.0
	for i := range p.sents {
		if c := coverage(x, &p.sents[i]); c > score {
			best, score = i, c
		}
	}
	return best, score
}

func coverage(p, w *sent) float64 {
	if p.idfSum == 0 {
		return 0
	}
	var buf [64]uint64
	_, _, ip := matchContent(p, w, w.stemHashes(buf[:]))
	c := ip / p.idfSum
	missing := 0
	for _, x := range p.nums {
		if !slices.Contains(w.nums, x) {
			missing++
		}
	}
	if len(p.nums) > 0 {
		c -= 0.3 * float64(missing) / float64(len(p.nums))
	}
	return max(c, 0)
}
