// Package summary writes the extractive, cited summary of a story, says what
// each report adds to the ones before it, and lists which claim groups each
// outlet reports or leaves out.
//
// Sentences are chosen for the words a summary of the story is likely to
// need: each use of a word is worth the chance that a summary uses the word
// that often, which grows with its uses per article and with the share of
// independent source lineages that use it; a sentence gains the worth of its
// words per length, counting only the words before the budget's end for the
// last sentence. Redundancy is held down by maximal marginal relevance (MMR), by covering a
// claim group once, and by align's judgement of repeats. Every summary
// sentence cites every article that states it, and only where an aligned
// sentence of that article supports it. Pure functions, no I/O.
package summary

import (
	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/text"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Doc is one article of the story as the summariser sees it.
type Doc struct {
	ID     string
	Outlet string
	// Title is the headline, a candidate sentence too (Position -1):
	// headline words mark what the outlet thinks the story is about.
	Title     string
	Published time.Time // zero when unknown; undated docs keep their input order
	Sentences []string
	// Groups optionally gives the claim group id of each sentence ("" for
	// none); nil or shorter than Sentences is allowed.
	Groups []string
}

// Options controls the length and selection of a summary.
type Options struct {
	// MaxSentences caps the number of sentences (0: no cap by count).
	MaxSentences int
	// MaxWords caps the length in words; the last sentence chosen may run
	// over it, so a caller needing an exact length cuts the text (0: no cap).
	// With both caps zero the summary has DefaultSentences sentences.
	MaxWords int
	// Lineages groups article ids into independent source lineages; an
	// article in no lineage is its own. Corroboration counts lineages.
	Lineages [][]string
	// Lambda is the MMR trade-off between relevance (1) and novelty (0);
	// 0 means DefaultLambda.
	Lambda float64
	// MinSupport is the least similarity between a summary sentence and an
	// article's sentence for the article to be cited; 0 means DefaultMinSupport.
	MinSupport float64
}

// Defaults for Options.
const (
	DefaultSentences = 5
	DefaultLambda    = 0.9
)

// Support is the passage of one article that backs a summary sentence.
type Support struct {
	Article string  `json:"article"`
	Text    string  `json:"text"`
	Score   float64 `json:"score"`
}

// Sentence is one sentence of the summary with its sources.
type Sentence struct {
	Text string `json:"text"`
	// Citations lists every article that states the sentence, in
	// publication order; each has one entry in Evidence.
	Citations []string  `json:"citations"`
	Evidence  []Support `json:"evidence"`
	// Article and Position locate the sentence the text was taken from:
	// an index into the article's Sentences, -1 for its title.
	Article  string `json:"article"`
	Position int    `json:"position"`
	// Lineages counts the independent source lineages among Citations.
	Lineages int `json:"lineages"`
}

// unit is one candidate sentence.
type unit struct {
	doc, pos int
	orig     string // the sentence as written
	text     string // trimmed for the summary
	group    string
	words    int   // length in words, for the budget: len(seq)
	toks     []int // distinct word ids (stop words included)
	// seq holds the ids of the sentence's words in order, with repeats,
	// one per run of letters or digits: the words a length budget (and
	// ROUGE) counts, so "U.S." is worth two words as it costs two.
	seq       []int
	opinion   bool // speaks to or as the reader, asks or exclaims
	anaphoric bool
}

// story holds the analysed sentences of a story.
type story struct {
	docs    []Doc
	units   []unit
	vecs    []vector // content-term TF-IDF vector per unit
	lineage []int    // per doc
	nLin    int
	stop    []bool    // per word id
	weight  []float64 // per word id: how likely a summary needs it
	idx     *index
	acc     []float64
	touched []int32
	prep    []*align.Prepared // per unit, made on demand
	keys    []uint64          // per unit: hash of its content terms
	scratch []int             // per word id, zero between uses
	first   []int             // per unit: the first unit of the same sentence text
}

func analyse(docs []Doc, lineages [][]string) *story {
	st := &story{docs: docs}
	st.assignLineages(lineages)
	a := newAnalyzer()
	var content [][]int
	// A story's reports repeat sentences word for word: each distinct
	// sentence is read once (its word ids are the same every time, as ids
	// are given per word), and its copies share the reading, never changed.
	type reading struct {
		unit    unit
		content []int
		first   int // the first unit read so
	}
	read := map[string]*reading{}
	var first []int // per unit
	addUnit := func(d, pos int, s, group string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		r := read[s]
		if r == nil {
			t := Trim(s)
			toks := text.Tokens(t)
			seq := a.runs(t)
			r = &reading{unit: unit{orig: s, text: t, words: len(seq), toks: distinct(seq), seq: seq,
				opinion: opinionated(t, toks), anaphoric: anaphoric(toks)}, content: a.content(toks), first: len(st.units)}
			read[s] = r
		}
		un := r.unit
		un.doc, un.pos, un.group = d, pos, group
		st.units = append(st.units, un)
		content = append(content, r.content)
		first = append(first, r.first)
	}
	for d, doc := range docs {
		addUnit(d, -1, doc.Title, "")
		for i, s := range doc.Sentences {
			g := ""
			if i < len(doc.Groups) {
				g = doc.Groups[i]
			}
			addUnit(d, i, s, g)
		}
	}
	st.stop = a.stop

	// IDF over sentences: with a handful of articles, document frequency
	// cannot tell a story's topic words from its details.
	df := make([]int, len(a.stop))
	for _, list := range content {
		for _, id := range distinct(list) {
			df[id]++
		}
	}
	idf := make([]float64, len(df))
	n := float64(len(content))
	for id, f := range df {
		if f > 0 {
			idf[id] = max(math.Log((n+1)/float64(f)), 0.1)
		}
	}
	st.vecs = make([]vector, len(content))
	st.keys = make([]uint64, len(content))
	for u, list := range content {
		if f := first[u]; f < u {
			st.vecs[u], st.keys[u] = st.vecs[f], st.keys[f] // a copy's vector, shared (vectors are never changed)
			continue
		}
		st.vecs[u] = weigh(list, idf)
		st.keys[u] = vecKey(st.vecs[u])
	}
	st.idx = newIndex(len(df))
	for u, v := range st.vecs {
		st.idx.add(u, v)
	}
	st.acc = make([]float64, len(st.units))
	st.scratch = make([]int, len(a.stop))
	st.prep = make([]*align.Prepared, len(st.units))
	st.first = first
	st.weigh()
	return st
}

// assignLineages maps every doc to a lineage; docs in none get their own.
func (st *story) assignLineages(lineages [][]string) {
	byID := make(map[string]int, len(st.docs))
	for d, doc := range st.docs {
		byID[doc.ID] = d
	}
	st.lineage = make([]int, len(st.docs))
	for d := range st.lineage {
		st.lineage[d] = -1
	}
	for _, l := range lineages {
		used := false
		for _, id := range l {
			if d, ok := byID[id]; ok && st.lineage[d] < 0 {
				st.lineage[d] = st.nLin
				used = true
			}
		}
		if used {
			st.nLin++
		}
	}
	for d := range st.lineage {
		if st.lineage[d] < 0 {
			st.lineage[d] = st.nLin
			st.nLin++
		}
	}
}

// Word weights. Few and round on purpose: they were set on NeuS dev and
// must hold on unseen stories.
const (
	// perUse and perUseShared give the expected count of a word in a
	// summary per use of it per article: perUse for a word one lineage
	// uses, perUse+perUseShared for one every lineage uses.
	perUse       = 0.45
	perUseShared = 0.48
	// maxRepeat caps the uses of one word that can add to a summary.
	maxRepeat = 8
	// repeatDamping scales each further use of a word after its first:
	// a summary says a thing once, so its words repeat less than a
	// Poisson count with the same mean.
	repeatDamping = 0.5
	// lengthPower divides a sentence's gain by its length to this power:
	// below 1, so that a long sentence full of shared words beats a short
	// headline (the expected overlap per word overrates short sentences).
	lengthPower = 0.4
	// repeatCosine is the cosine with a chosen sentence from which a
	// candidate is a repeat, never chosen whatever its gain.
	repeatCosine = 0.5
	// opinionFactor and anaphoricFactor scale the gain of a sentence that
	// reads as comment, or that leans on the sentence before it: a neutral
	// summary reports, and each of its sentences must stand alone.
	opinionFactor   = 0.7
	anaphoricFactor = 0.7
	// leadSentences is how many sentences of an article count as its lead,
	// undamped; later ones lose gain with distance, halved leadDecay
	// sentences after the lead.
	leadSentences = 3
	leadDecay     = 4.0
)

// weigh sets what each use of each word is worth to a summary: the chance
// that a summary of the story uses the word that many times. A word that
// several independent sources use is central to the story; one used by a
// single source is a detail or that source's framing.
func (st *story) weigh() {
	nw := len(st.stop)
	lins := make([]int, nw)  // lineages using the word
	lastL := make([]int, nw) // last lineage counted, +1
	order := make([]int, len(st.units))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return st.lineage[st.units[order[i]].doc] < st.lineage[st.units[order[j]].doc]
	})
	for _, u := range order {
		un := st.units[u]
		l := st.lineage[un.doc] + 1
		for _, w := range un.toks {
			if lastL[w] != l {
				lastL[w] = l
				lins[w]++
			}
		}
	}
	uses := make([]int, nw) // occurrences in all the docs
	for _, un := range st.units {
		for _, w := range un.seq {
			uses[w]++
		}
	}
	// A word's expected count in a summary grows with its uses per
	// article, faster when many lineages use it (a shared fact, not one
	// outlet's wording). The k-th use of a word in
	// the summary is worth the chance that a summary needs it k times,
	// Poisson with that mean (damped, see repeatDamping): repeating a
	// common word pays, and repeating a rare one does not. On NeuS dev
	// this expected overlap per word is what ROUGE-1 measures.
	st.weight = make([]float64, nw*maxRepeat)
	nd := float64(max(len(st.docs), 1))
	for w := 0; w < nw; w++ {
		share := 0.0
		if st.nLin > 1 && lins[w] > 0 {
			share = float64(lins[w]-1) / float64(st.nLin-1)
		}
		mean := float64(uses[w]) / nd * (perUse + perUseShared*share)
		p, cdf := math.Exp(-mean), 0.0
		for k := 0; k < maxRepeat; k++ {
			cdf += p
			st.weight[w*maxRepeat+k] = max(1-cdf, 0) * math.Pow(repeatDamping, float64(k))
			p *= mean / float64(k+1)
		}
	}
}

// similar calls fn for every unit whose cosine with v is at least min,
// found through v's queryTerms rarest terms.
func (st *story) similar(v vector, min float64, fn func(u int, cos float64)) {
	st.touched = st.idx.scores(v, st.vecs, st.acc, st.touched, min, queryTerms, fn)
}

// queryTerms is how many of a sentence's rarest terms find its similar
// sentences.
const queryTerms = 6

// Analysis is a story analysed once, for several of this package's
// outputs. It caches work between calls and is not safe for concurrent use.
type Analysis struct {
	st *story
}

// Analyse prepares docs for Summary and Novelty. lineages groups article
// ids into independent source lineages (see Options.Lineages).
func Analyse(docs []Doc, lineages [][]string) *Analysis {
	return &Analysis{st: analyse(docs, lineages)}
}

// Summarize returns the summary sentences of the story in docs in the order
// their facts were first reported (the earliest cited article); sentences of
// the same (or no) date come most important first, but one article's
// sentences keep their order in it. With MaxWords, a last sentence that runs
// over the budget stays last, for the caller to cut.
func Summarize(docs []Doc, opt Options) []Sentence {
	return Analyse(docs, opt.Lineages).Summary(opt)
}

// Summary is Summarize on an analysed story; opt.Lineages is not used (the
// lineages given to Analyse are).
func (a *Analysis) Summary(opt Options) []Sentence {
	st := a.st
	if opt.MaxSentences == 0 && opt.MaxWords == 0 {
		opt.MaxSentences = DefaultSentences
	}
	if opt.Lambda == 0 {
		opt.Lambda = DefaultLambda
	}
	if opt.MinSupport == 0 {
		opt.MinSupport = DefaultMinSupport
	}
	if len(st.units) == 0 {
		return nil
	}
	chosen := st.choose(opt)
	sents := make(map[int]Sentence, len(chosen))
	when := make(map[int]time.Time, len(chosen))
	for _, c := range chosen {
		s := st.cite(c, opt.MinSupport)
		sents[c] = s
		// A fact dates from its first report, whichever wording of it
		// was chosen; citations come in publication order.
		when[c] = st.docs[st.units[c].doc].Published
		for _, id := range s.Citations {
			// an unknown date (zero) is not early: a dated report replaces it
			if t := st.published(id); !t.IsZero() && (when[c].IsZero() || t.Before(when[c])) {
				when[c] = t
			}
		}
	}
	if n := len(chosen); n > 0 && opt.MaxWords > 0 && st.length(chosen) > opt.MaxWords {
		// The last sentence runs over the budget and was chosen for the
		// words before the cut: it stays last, where a caller cuts.
		st.order(chosen[:n-1], when)
	} else {
		st.order(chosen, when)
	}
	out := make([]Sentence, 0, len(chosen))
	for _, c := range chosen {
		out = append(out, sents[c])
	}
	return out
}

// published is the publication time of the article with id.
func (st *story) published(id string) time.Time {
	for _, d := range st.docs {
		if d.ID == id {
			return d.Published
		}
	}
	return time.Time{}
}

// length is the length in words of units.
func (st *story) length(units []int) int {
	n := 0
	for _, u := range units {
		n += st.units[u].words
	}
	return n
}

// order puts chosen units in the time order of when. Units of the same
// time (or of undated articles) keep the order of choice, most important
// first, except that one article's sentences keep their order in the
// article.
func (st *story) order(chosen []int, when map[int]time.Time) {
	sort.SliceStable(chosen, func(i, j int) bool { // undated facts after the dated ones
		a, b := when[chosen[i]], when[chosen[j]]
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
	for lo := 0; lo < len(chosen); {
		hi := lo + 1
		t := when[chosen[lo]]
		for hi < len(chosen) && when[chosen[hi]].Equal(t) {
			hi++
		}
		slots := map[int][]int{} // doc -> slot indices in chosen[lo:hi]
		for k := lo; k < hi; k++ {
			d := st.units[chosen[k]].doc
			slots[d] = append(slots[d], k)
		}
		for _, ks := range slots {
			us := make([]int, len(ks))
			for i, k := range ks {
				us[i] = chosen[k]
			}
			sort.Slice(us, func(a, b int) bool { return st.units[us[a]].pos < st.units[us[b]].pos })
			for i, k := range ks {
				chosen[k] = us[i]
			}
		}
		lo = hi
	}
}

// gain is what unit u adds: the weights of its words not yet covered
// (stop words always count: every sentence needs them), per length.
//
// room is the words left in the budget (0: no budget). A sentence longer
// than that is cut where the budget ends, by the caller or by a reader who
// stops there, so only the words before the cut count: the last sentence
// of a summary is chosen for what it says early.
func (st *story) gain(u int, covered []int, room int) float64 {
	un := st.units[u]
	if un.words == 0 {
		return 0
	}
	n := len(un.seq)
	if room > 0 && room < n {
		n = room
	}
	// local counts the uses so far in this sentence; reset before return.
	local := st.scratch
	var g float64
	for _, w := range un.seq[:n] {
		if k := covered[w] + local[w]; k < maxRepeat {
			g += st.weight[w*maxRepeat+k]
		}
		local[w]++
	}
	for _, w := range un.seq[:n] {
		local[w] = 0
	}
	g /= math.Pow(float64(n), lengthPower)
	if un.opinion {
		g *= opinionFactor
	}
	if un.anaphoric {
		g *= anaphoricFactor
	}
	if un.pos >= leadSentences {
		// News puts the essentials first; deep in a long article the
		// corroborated words are background, not news.
		g /= 1 + float64(un.pos-leadSentences+1)/leadDecay
	}
	return g
}

// choose picks units by maximal marginal relevance within the budget: the
// relevance is the gain of corroborated words not yet covered, the penalty
// the highest cosine with a sentence already chosen, or 1 when the unit's
// claim group is already in the summary.
func (st *story) choose(opt Options) []int {
	var chosen []int
	taken := make([]bool, len(st.units))
	maxSim := make([]float64, len(st.units))
	covered := make([]int, len(st.stop))
	groups := map[string]bool{}
	words := 0
	norm := 0.0
	for u := range st.units {
		norm = max(norm, st.gain(u, covered, 0))
	}
	if norm == 0 {
		norm = 1
	}
	for {
		if opt.MaxSentences > 0 && len(chosen) >= opt.MaxSentences {
			break
		}
		if opt.MaxWords > 0 && words >= opt.MaxWords {
			break
		}
		room := 0
		if opt.MaxWords > 0 {
			room = opt.MaxWords - words
		}
		bestU, bestS := -1, math.Inf(-1)
		for u := range st.units {
			if taken[u] || maxSim[u] >= repeatCosine {
				continue
			}
			red := maxSim[u]
			if g := st.units[u].group; g != "" && groups[g] {
				red = 1
			}
			if s := opt.Lambda*st.gain(u, covered, room)/norm - (1-opt.Lambda)*red; s > bestS {
				bestU, bestS = u, s
			}
		}
		if bestU < 0 {
			break
		}
		taken[bestU] = true
		if st.repeats(bestU, chosen) {
			continue
		}
		chosen = append(chosen, bestU)
		words += st.units[bestU].words
		for _, w := range st.units[bestU].seq {
			covered[w]++
		}
		if g := st.units[bestU].group; g != "" {
			groups[g] = true
		}
		st.similar(st.vecs[bestU], 0.01, func(v int, cos float64) {
			maxSim[v] = max(maxSim[v], cos)
		})
	}
	return chosen
}

// repeats reports whether unit u states what a chosen unit states: align
// judges the pairs that share enough words to be worth asking.
func (st *story) repeats(u int, chosen []int) bool {
	for _, c := range chosen {
		cos := dot(st.vecs[u], st.vecs[c])
		if cos >= candidateCosine && st.support(u, c, cos) >= align.AlignThreshold {
			return true
		}
	}
	return false
}

// cite finds, in every article, the sentence that best supports unit c and
// cites the article when the support reaches min.
func (st *story) cite(c int, min float64) Sentence {
	un := st.units[c]
	s := Sentence{Text: un.text, Article: st.docs[un.doc].ID, Position: un.pos}
	// Candidates by cosine first; the support check runs on the best two
	// per article only.
	type cand struct {
		u   int
		cos float64
	}
	perDoc := map[int][]cand{}
	st.similar(st.vecs[c], candidateCosine, func(v int, cos float64) {
		d := st.units[v].doc
		perDoc[d] = append(perDoc[d], cand{v, cos})
	})
	if _, ok := perDoc[un.doc]; !ok {
		perDoc[un.doc] = []cand{{c, 1}}
	}
	docs := make([]int, 0, len(perDoc))
	for d := range perDoc {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool {
		a, b := st.docs[docs[i]].Published, st.docs[docs[j]].Published
		if !a.Equal(b) {
			return a.Before(b)
		}
		return docs[i] < docs[j]
	})
	lins := map[int]bool{}
	// Copies recur in many articles: judge each distinct text once.
	judged := map[uint64]float64{}
	for _, d := range docs {
		cs := perDoc[d]
		sort.Slice(cs, func(i, j int) bool { return cs[i].cos > cs[j].cos })
		if len(cs) > 2 && len(st.docs) > 20 {
			cs = cs[:1] // many articles: the closest sentence of each only
		} else if len(cs) > 2 {
			cs = cs[:2]
		}
		bestScore, bestText := 0.0, ""
		for _, cd := range cs {
			sc, ok := judged[st.keys[cd.u]]
			if !ok {
				sc = st.support(c, cd.u, cd.cos)
				judged[st.keys[cd.u]] = sc
			}
			if sc > bestScore {
				bestScore, bestText = sc, st.units[cd.u].orig
			}
			if bestScore >= copyCosine {
				break
			}
		}
		if d == un.doc && bestScore < min {
			// The sentence was taken from this article: it supports itself
			// even when trimming moved the score below the threshold.
			bestScore, bestText = math.Max(bestScore, min), un.orig
		}
		if bestScore >= min {
			s.Citations = append(s.Citations, st.docs[d].ID)
			s.Evidence = append(s.Evidence, Support{Article: st.docs[d].ID, Text: bestText, Score: round3(bestScore)})
			lins[st.lineage[d]] = true
		}
	}
	s.Lineages = len(lins)
	return s
}

func distinct(ids []int) []int {
	out := make([]int, 0, len(ids))
	for i, id := range ids {
		dup := false
		for _, p := range ids[:i] {
			if p == id {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out
}

// wordRuns splits s into its runs of letters and digits: "U.S.-Mexico" is
// three words, as summary lengths are usually counted (ROUGE's tokens).
func wordRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// opinionated reports whether s reads as comment rather than report: it
// opens with a quotation, addresses the reader or speaks in the first
// person, asks, or exclaims.
func opinionated(s string, toks []text.Token) bool {
	if strings.ContainsAny(s, "?!") {
		return true
	}
	if strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "“") {
		return true
	}
	for _, t := range toks {
		switch t.Text {
		case "I", "we", "We", "our", "Our", "you", "You", "your", "Your", "my", "My", "us":
			return true
		}
	}
	return false
}

// anaphoric reports whether s opens with a word that points back to an
// earlier sentence ("He", "But", "This"): out of its article it lacks context.
func anaphoric(toks []text.Token) bool {
	if len(toks) == 0 || toks[0].Start > 0 {
		return false // a quotation's own pronouns point inside it
	}
	switch toks[0].Text {
	case "He", "She", "It", "They", "His", "Her", "Its", "Their", "This", "That", "These", "Those", "But", "And", "So", "Also", "Yet", "Still", "Then":
		return true
	}
	return false
}
