package stance

import (
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/crosscheck/crosscheck/internal/text"
)

// IDF holds document frequencies of stemmed terms over a collection.
type IDF struct {
	df map[string]int
	n  int
}

// NewIDF counts in how many of docs each term occurs.
func NewIDF(docs []string) *IDF {
	d := &IDF{df: map[string]int{}}
	for _, doc := range docs {
		d.Add(doc)
	}
	return d
}

// Add counts one more document.
func (d *IDF) Add(doc string) {
	seen := map[string]bool{}
	for _, t := range text.Terms(doc) {
		if !seen[t] {
			seen[t] = true
			d.df[t]++
		}
	}
	d.n++
}

// Weight is the smoothed inverse document frequency of a term; unseen terms
// weigh most, as the rarest evidence.
func (d *IDF) Weight(term string) float64 {
	if d == nil {
		return 1
	}
	return math.Log(float64(d.n+1)/float64(d.df[term]+1)) + 1
}

// span is one analysed piece of text: its folded words and, aligned with
// them, their stems ("" for stop words).
type span struct {
	text  string
	words []string
	stems []string
	set   map[string]bool
	cues  [numCues]int
}

func analyse(s string) span {
	toks := text.Tokens(s)
	sp := span{text: s, words: make([]string, len(toks)), stems: make([]string, len(toks)), set: map[string]bool{}}
	for i, t := range toks {
		w := strings.ReplaceAll(text.Fold(t.Text), "’", "'")
		sp.words[i] = w
		if k := CueOf(w); k >= 0 {
			sp.cues[k]++
		}
		base := w
		if j := strings.Index(base, "'"); j > 0 {
			base = base[:j]
		}
		if text.IsStopword(base) || IsNegation(w) {
			continue
		}
		st := text.Stem(base)
		sp.stems[i] = st
		sp.set[st] = true
	}
	return sp
}

// Body is a text prepared once for comparison with many claims.
type Body struct {
	bow   []Sparse
	all   span
	sents []span
	tf    map[string]float64
	norm  float64
}

// Prepare analyses body for Features. idf may be nil (all terms weigh 1).
func Prepare(body string, idf *IDF) *Body {
	b := &Body{all: analyse(body), tf: map[string]float64{}}
	for _, s := range text.Sentences(body) {
		b.sents = append(b.sents, analyse(s.Text))
	}
	if len(b.sents) == 0 {
		b.sents = []span{b.all}
	}
	for _, st := range b.all.stems {
		if st != "" {
			b.tf[st]++
		}
	}
	for t, c := range b.tf {
		w := (1 + math.Log(c)) * idf.Weight(t)
		b.tf[t] = w
		b.norm += w * w
	}
	b.norm = math.Sqrt(b.norm)
	b.bow = bagOfWords("b:", b.all)
	return b
}

// HashDim is the size of the hashed lexical part of a Row.
const HashDim = 1 << 12

// SparseL2 is the ridge penalty on hashed lexical weights, chosen by grouped
// cross-validation on FNC-1.
const SparseL2 = 1e-4

// bagOfWords hashes the words of s (cue words and content stems) into
// HashDim buckets, log-scaled and L2-normalised. prefix keeps the claim's
// words apart from the text's.
func bagOfWords(prefix string, s span) []Sparse {
	tf := map[int]float64{}
	for i, w := range s.words {
		key := s.stems[i]
		if CueOf(w) >= 0 {
			key = w
		}
		if key == "" {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(prefix))
		h.Write([]byte(key))
		tf[int(h.Sum32()%HashDim)]++
	}
	out := make([]Sparse, 0, len(tf))
	var norm float64
	for i, c := range tf {
		v := 1 + math.Log(c)
		out = append(out, Sparse{i, v})
		norm += v * v
	}
	norm = math.Sqrt(norm)
	for i := range out {
		out[i].V /= norm
	}
	sort.Slice(out, func(a, b int) bool { return out[a].I < out[b].I })
	return out
}

// FeatureNames names the columns of Features, in order.
var FeatureNames = []string{
	"cosine", "coverage", "max_sent_cov", "top3_sent_cov", "lead_cov", "bigram_cov",
	"refute_body", "refute_top", "refute_lead", "hedge_body", "hedge_top", "neg_top", "neg_near_top",
	"support_top", "report_body", "report_top",
	"refute_claim", "hedge_claim", "neg_claim", "question_claim", "log_len", "n_matched_sents",
	"refute_top1", "neg_near_top1", "hedge_top1", "colon_claim",
	"shared_idf", "max_shared_idf", "n_shared", "sqrt_cosine", "sqrt_max_sent_cov",
	"x_refute_refute", "x_refute_norefute", "x_refute_reftop", "x_norefute_reftop",
	"x_neg_negnear", "x_noneg_negnear", "x_hedge_hedgetop", "x_nohedge_hedgetop",
}

// PeerFeatureNames name the two columns PeerClaims adds after FeatureNames.
var PeerFeatureNames = []string{
	"peer_claim_cosine", "peer_sure_share",
}

// Features describes how text relates to claim: how much of the claim it
// covers (overall and in its best-matching sentences) and which denial,
// hedging, negation and confirmation cues stand in those sentences.
func Features(claim string, b *Body, idf *IDF) Row {
	h := analyse(claim)
	var total float64
	terms := make([]string, 0, len(h.set))
	for t := range h.set {
		terms = append(terms, t)
		total += idf.Weight(t)
	}
	sort.Strings(terms)
	if total == 0 {
		total = 1
	}
	// cosine of TF-IDF vectors
	var dot, hn float64
	for _, t := range terms {
		w := idf.Weight(t)
		hn += w * w
		dot += w * b.tf[t]
	}
	cos := 0.0
	if hn > 0 && b.norm > 0 {
		cos = dot / (math.Sqrt(hn) * b.norm)
	}
	cover := func(s span) float64 {
		var c float64
		for _, t := range terms {
			if s.set[t] {
				c += idf.Weight(t)
			}
		}
		return c / total
	}
	covAll := cover(b.all)
	var shared, maxShared, nShared float64
	for _, t := range terms {
		if b.all.set[t] {
			w := idf.Weight(t)
			shared += w
			nShared++
			maxShared = math.Max(maxShared, w)
		}
	}
	type scored struct {
		i   int
		cov float64
	}
	sc := make([]scored, len(b.sents))
	matched := 0
	for i, s := range b.sents {
		sc[i] = scored{i, cover(s)}
		if sc[i].cov >= 0.3 {
			matched++
		}
	}
	lead := 0.0
	for i := 0; i < len(sc) && i < 3; i++ {
		lead = math.Max(lead, sc[i].cov)
	}
	sort.SliceStable(sc, func(a, c int) bool { return sc[a].cov > sc[c].cov })
	top := sc
	if len(top) > 3 {
		top = top[:3]
	}
	var topCov float64
	var refTop, hedTop, negTop, negNear, supTop, repTop float64
	for _, s := range top {
		topCov += s.cov
		sp := b.sents[s.i]
		refTop += float64(sp.cues[Refute])
		hedTop += float64(sp.cues[Hedge])
		negTop += float64(sp.cues[Negation])
		supTop += float64(sp.cues[Support])
		repTop += float64(sp.cues[Report])
		negNear += negationNear(sp, h.set)
	}
	topCov /= float64(len(top))
	// bigrams of the claim found in the text
	var bg, bgHit float64
	for i := 0; i+1 < len(h.stems); i++ {
		if h.stems[i] == "" || h.stems[i+1] == "" {
			continue
		}
		bg++
		if hasBigram(b.all, h.stems[i], h.stems[i+1]) {
			bgHit++
		}
	}
	if bg > 0 {
		bgHit /= bg
	}
	refLead := 0.0
	for i := 0; i < len(b.sents) && i < 3; i++ {
		refLead += float64(b.sents[i].cues[Refute])
	}
	nw := float64(len(b.all.words)) + 1
	ns := float64(len(b.sents))
	q := 0.0
	if strings.Contains(claim, "?") {
		q = 1
	}
	colon := 0.0
	if strings.Contains(claim, ":") {
		colon = 1
	}
	t1 := b.sents[sc[0].i]
	dense := []float64{
		cos, covAll, sc[0].cov, topCov, lead, bgHit,
		float64(b.all.cues[Refute]) / ns, refTop, refLead, float64(b.all.cues[Hedge]) / ns, hedTop, negTop, negNear,
		supTop, float64(b.all.cues[Report]) / ns, repTop,
		float64(h.cues[Refute]), float64(h.cues[Hedge]), float64(h.cues[Negation]), q, math.Log(nw), math.Log1p(float64(matched)),
		float64(t1.cues[Refute]), negationNear(t1, h.set), float64(t1.cues[Hedge]), colon,
		shared, maxShared, math.Log1p(nShared), math.Sqrt(cos), math.Sqrt(sc[0].cov),
	}
	// Interactions: a headline that itself says "hoax" agrees with a body
	// that debunks, and disagrees with one that does not; a linear model
	// cannot see that without the product.
	hr := math.Min(float64(h.cues[Refute]), 1)
	hneg := math.Min(float64(h.cues[Negation]), 1)
	hh := math.Min(float64(h.cues[Hedge])+q, 1)
	br := math.Min(float64(b.all.cues[Refute])/ns*5, 1)
	dense = append(dense,
		hr*br, hr*(1-br), hr*math.Min(refTop, 1), (1-hr)*math.Min(refTop, 1),
		hneg*math.Min(negNear, 1), (1-hneg)*math.Min(negNear, 1), hh*math.Min(hedTop, 1), (1-hh)*math.Min(hedTop, 1),
	)
	sp := append(append([]Sparse(nil), b.bow...), bagOfWords("h:", h)...)
	return Row{Dense: dense, Sparse: sp}
}

// negationNear counts negations within four words of a claim term.
func negationNear(s span, claim map[string]bool) float64 {
	var n float64
	for i, w := range s.words {
		if !IsNegation(w) && !refuteWords[w] {
			continue
		}
		for j := max(0, i-4); j < len(s.words) && j <= i+4; j++ {
			if s.stems[j] != "" && claim[s.stems[j]] {
				n++
				break
			}
		}
	}
	return n
}

func hasBigram(s span, a, b string) bool {
	prev := ""
	for _, st := range s.stems {
		if st == "" {
			continue
		}
		if prev == a && st == b {
			return true
		}
		prev = st
	}
	return false
}

// TermsOf returns the content stems of s as Features sees them.
func TermsOf(s string) []string {
	sp := analyse(s)
	var out []string
	for _, st := range sp.stems {
		if st != "" {
			out = append(out, st)
		}
	}
	return out
}

// ConfidentCosine is the TF-IDF cosine from which a claim is taken as surely
// about a text when judging the other claims paired with it (PeerClaims),
// chosen by grouped cross-validation on FNC-1.
const ConfidentCosine = 0.12

// PeerClaims describes each of several claims compared with one text by
// the others: its best cosine with the claims that surely concern the text
// (cosine to it at least ConfidentCosine), and the share of such claims.
// Claims on one story reuse its words ("three-boobed woman") even where the
// text uses others ("a third breast"), so a claim close to the sure ones is
// about the text too. cos[i] is claim i's cosine with the text
// (Features(...).Dense[0]).
func PeerClaims(claims []string, cos []float64, idf *IDF) [][]float64 {
	vecs := make([]map[string]float64, len(claims))
	for i, c := range claims {
		v := map[string]float64{}
		for _, t := range TermsOf(c) {
			v[t] = idf.Weight(t)
		}
		var n float64
		for _, w := range v {
			n += w * w
		}
		for k := range v {
			v[k] /= math.Sqrt(n)
		}
		vecs[i] = v
	}
	var sure []int
	for i, c := range cos {
		if c >= ConfidentCosine {
			sure = append(sure, i)
		}
	}
	out := make([][]float64, len(claims))
	for i := range claims {
		best := 0.0
		for _, j := range sure {
			if j == i || claims[j] == claims[i] {
				continue
			}
			var s float64
			for k, v := range vecs[i] {
				s += v * vecs[j][k]
			}
			best = math.Max(best, s)
		}
		out[i] = []float64{best, float64(len(sure)) / float64(len(claims))}
	}
	return out
}
