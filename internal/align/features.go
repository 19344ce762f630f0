package align

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/adrg/strutil/metrics"

	"github.com/crosscheck/crosscheck/internal/text"
)

// sent is one sentence prepared for comparison; prepare it once, compare it
// with many. A word is its token (see token), shared by the word's every
// occurrence and, through a Memo, by every text: the pipeline caches
// prepared articles by the thousand, so a sentence holds a pointer a word
// and the few sorted lists that alignment's bounds read, and a pair that is
// scored exactly copies the hashes it compares into scratch (stemHashes,
// wordHashes).
type sent struct {
	toks []*token // each word's token, all of them
	nums []string // normalised numbers
	// bound holds the sorted low 32 bits of the hashes of the word
	// unigrams (uni) and then of the word bigrams (bi): the count of
	// values two sentences share bounds their common word subsequence and
	// their common bigrams from above (a collision can only add to it), so
	// that most pairs are ruled out before they are scored (see mayAlign).
	bound []uint32
	// counts[i] is how often the stem of word i occurs in the sentence
	// when word i is its first occurrence (MaxUint8: that many or more,
	// see occurrences), else 0: the distinct content stems in order of
	// first occurrence, which alignment's bounds visit once each (see
	// AlignPrepared), at a byte a word.
	counts  []uint8
	content int     // number of content (non-stop) words
	idfSum  float64 // total IDF of the content words
	capsN   int     // content words that are names (may match fuzzily)
	capsIDF float64 // their IDF mass
	modals  uint16  // bit set of the modal verbs used
	neg     bool    // contains a negation
	// *fullSent is nil for the sentences of an article prepared for
	// alignment, which are cached by the thousand; a sentence prepared on
	// its own keeps its bigrams there, and one prepared in full the rest.
	*fullSent
}

// uni returns the sorted unigram bounds of p (see sent.bound).
func (p *sent) uni() []uint32 { return p.bound[:len(p.toks)] }

// bi returns the sorted bigram bounds of p (see sent.bound).
func (p *sent) bi() []uint32 { return p.bound[len(p.toks):] }

// occurrences returns how often the stem of word i, its first occurrence,
// occurs in p.
func (p *sent) occurrences(i int) int {
	if c := p.counts[i]; c < math.MaxUint8 {
		return int(c)
	}
	x, n := p.toks[i], 0
	for _, y := range p.toks[i:] {
		if y.stemH == x.stemH && y.stem == x.stem {
			n++
		}
	}
	return n
}

// fullSent is what only the paraphrase features read, and the bigrams
// that alignment otherwise counts from the words when it scores a pair
// (see bigramOverlap).
type fullSent struct {
	// sbigrams holds the sorted hashes of stem bigrams (stop words kept as
	// words), which match across inflection ("cut rates" ~ "cutting rates").
	sbigrams []uint64
	// chars and contentChars hold the sorted character 4-gram hashes of
	// all words and of the content words (see charGrams).
	chars, contentChars []uint64
	// grams[n-1] holds the sorted hashes of the word n-grams, n = 1..4
	// (only n = 2 for a sentence prepared on its own for alignment).
	grams [4][]uint64
}

// negations flip a sentence's meaning; a mismatch lowers the score.
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nobody": true, "nothing": true, "neither": true,
	"nor": true, "without": true, "cannot": true, "n't": true, "didn't": true, "don't": true, "doesn't": true,
	"isn't": true, "wasn't": true, "aren't": true, "weren't": true, "won't": true, "wouldn't": true,
	"couldn't": true, "shouldn't": true, "hasn't": true, "haven't": true, "hadn't": true, "can't": true,
}

// prepare tokenises, folds and stems s, with everything the paraphrase
// features need.
func prepare(s string) *sent { return prepareFor(s, true, nil) }

// token is what prepareFor learns of one token text; an article repeats
// most of its words, so Prepare looks each up once (see memo). A prepared
// sentence points at its words' tokens; a token is never changed once
// derived.
type token struct {
	word   string   // folded
	stem   string   // "" for a stop word
	wordH  uint64   // fnv64 of word
	stemH  uint64   // fnv64 of stem (0 for a stop word)
	idf    float64  // of the stem
	syn    []uint32 // synsets of the stem (full preparation only)
	number bool
	name   bool // starts with a capital and is no number: a name unless it starts the sentence
	neg    bool // a negation
	modal  int  // index in modalList, or -1
}

// key returns the matching key of a word: its stem, or the folded word for
// a stop word.
func (x *token) key() string {
	if x.stem != "" {
		return x.stem
	}
	return x.word
}

// isName reports whether word i of p is capitalised and not
// sentence-initial (a name, which may match fuzzily).
func (p *sent) isName(i int) bool { return i > 0 && p.toks[i].name }

// stemHashes returns the stem hash of each word of p (0 for a stop word),
// in buf when it is long enough: a pair's quadratic comparisons read these
// rather than each word's token.
func (p *sent) stemHashes(buf []uint64) []uint64 {
	h := buf[:0]
	for _, x := range p.toks {
		h = append(h, x.stemH)
	}
	return h
}

// wordHashes returns the hash of each word of p, in buf when it is long
// enough (see stemHashes).
func (p *sent) wordHashes(buf []uint64) []uint64 {
	h := buf[:0]
	for _, x := range p.toks {
		h = append(h, x.wordH)
	}
	return h
}

// memo maps token texts to what prepareFor derived from them: across texts
// through shared when set, else within one text.
type memo struct {
	local  map[string]*token
	shared *Memo
}

// lookup returns what t derives to, from the memo when it holds it.
func (m *memo) lookup(t string, senses map[string][]uint32) *token {
	if m == nil {
		return derive(t, senses)
	}
	if m.shared != nil && senses == nil {
		return m.shared.get(t)
	}
	if x, ok := m.local[t]; ok {
		return x
	}
	x := derive(t, senses)
	m.local[t] = x
	return x
}

// lookupAll sets xs[i] to what toks[i] derives to (synonyms included when
// full).
func (m *memo) lookupAll(toks []text.Token, xs []*token, full bool) {
	var senses map[string][]uint32
	if full {
		senses = synsetsOf()
	}
	if m != nil && m.shared != nil && senses == nil {
		m.shared.getAll(toks, xs)
		return
	}
	for i, t := range toks {
		xs[i] = m.lookup(t.Text, senses)
	}
}

// Memo remembers what token texts derive to (folded word, stem, IDF)
// across the texts prepared with it: stemming is most of the cost of
// preparing a text, and the texts of one stream share most of their words.
// Safe for concurrent use; it forgets everything when it holds max tokens
// (the tokens that prepared texts point at stay with them).
type Memo struct {
	mu  sync.RWMutex
	m   map[string]*token
	max int
}

// NewMemo returns a Memo of at most max tokens.
func NewMemo(max int) *Memo {
	return &Memo{m: map[string]*token{}, max: max}
}

func (m *Memo) get(t string) *token {
	m.mu.RLock()
	x, ok := m.m[t]
	m.mu.RUnlock()
	if ok {
		return x
	}
	x = derive(t, nil)
	// copies: the word and stem may be substrings pinning a whole article
	x.word, x.stem = strings.Clone(x.word), strings.Clone(x.stem)
	m.mu.Lock()
	if len(m.m) >= m.max {
		m.m = map[string]*token{}
	}
	m.m[strings.Clone(t)] = x
	m.mu.Unlock()
	return x
}

// getAll sets xs[i] to what toks[i] derives to, under one read lock for
// the tokens the memo holds (a lock per token costs as much as the
// lookup).
func (m *Memo) getAll(toks []text.Token, xs []*token) {
	xs = xs[:len(toks)]
	missing := false
	m.mu.RLock()
	for i, t := range toks {
		x, ok := m.m[t.Text]
		xs[i] = x
		missing = missing || !ok
	}
	m.mu.RUnlock()
	if missing {
		for i, t := range toks {
			if xs[i] == nil {
				xs[i] = m.get(t.Text)
			}
		}
	}
}

// derive works out what token text t gives (synonyms when senses is set).
func derive(t string, senses map[string][]uint32) *token {
	w := text.Fold(t)
	w = strings.ReplaceAll(w, "’", "'")
	x := &token{word: w, wordH: fnv64(w), modal: slices.Index(modalList, w)}
	x.neg = negations[w] || strings.HasSuffix(w, "n't")
	x.number = text.IsNumber(w)
	x.name = text.IsCapitalised(t) && !x.number
	if k := text.TermKey(t); k != "" {
		x.stem = text.Stem(k)
		x.stemH = fnv64(x.stem)
		x.idf = text.IDF(x.stem)
		x.syn = senses[x.stem]
	}
	return x
}

// prepareFor tokenises, folds and stems s; full adds what only the
// paraphrase features read (synonyms, stem bigrams, character and other
// word n-grams), which alignment does without. m (may be nil) remembers
// tokens across the sentences of one text.
func prepareFor(s string, full bool, m *memo) *sent {
	toks := text.Tokens(s)
	b := newSlab(len(toks), max(len(toks)-1, 0))
	xs := b.tokens(len(toks))
	m.lookupAll(toks, xs, full)
	p := &sent{}
	prepareInto(p, xs, full, b)
	if !full {
		// a sentence prepared on its own is compared with many (claims
		// compare each with hundreds) and cached by none: it keeps its
		// bigrams rather than count them for every pair
		p.fullSent = &fullSent{}
		p.grams[1] = ngrams(p.wordHashes(nil), 2)
	}
	return p
}

// slab hands out the per-word slices of a text's sentences from one array
// of each type: a prepared article is then a handful of allocations
// instead of several per sentence, which is cheaper to build, to collect,
// and smaller to cache (no per-slice size-class slack).
type slab struct {
	toks     []*token
	u32      []uint32
	u8       []uint8
	distinct int // distinct content stems of the sentences so far
}

// newSlab returns a slab for sentences of n tokens in all, pairs adjacent
// pairs of tokens within sentences.
func newSlab(n, pairs int) *slab {
	return &slab{
		toks: make([]*token, n),
		u32:  make([]uint32, n+pairs),
		u8:   make([]uint8, n),
	}
}

func (b *slab) tokens(n int) []*token {
	x := b.toks[:n:n]
	b.toks = b.toks[n:]
	return x
}

func (b *slab) uint32s(n int) []uint32 {
	x := b.u32[:n:n]
	b.u32 = b.u32[n:]
	return x
}

func (b *slab) uint8s(n int) []uint8 {
	x := b.u8[:n:n]
	b.u8 = b.u8[n:]
	return x
}

// mix adds word hash x to the hash h of an n-gram: an n-gram's hash is
// that of its words mixed into n in turn.
func mix(h, x uint64) uint64 {
	h = (h ^ x) * 0x100000001b3
	return h ^ h>>29
}

// bigram is the hash of the bigram of words hashed x and y.
func bigram(x, y uint64) uint64 { return mix(mix(2, x), y) }

// prepareInto fills p from the tokens of one sentence (see prepareFor),
// taking its slices from b.
func prepareInto(p *sent, xs []*token, full bool, b *slab) {
	p.toks = xs
	for _, x := range xs {
		if x.neg {
			p.neg = true
		}
		if x.modal >= 0 {
			p.modals |= 1 << x.modal
		}
		if x.number {
			p.nums = append(p.nums, strings.ReplaceAll(x.word, ",", ""))
		}
		if x.stem != "" {
			p.idfSum += x.idf
			p.content++
		}
	}
	p.counts = b.uint8s(len(xs))
	var hbuf [64]uint64
	var fbuf [64]int
	h, first := hbuf[:0], fbuf[:0] // the distinct stems so far: hash, first word
	for i, x := range xs {
		if x.stem == "" {
			continue
		}
		if i > 0 && x.name {
			p.capsN++
			p.capsIDF += x.idf
		}
		k := 0
		for k < len(h) && (h[k] != x.stemH || xs[first[k]].stem != x.stem) {
			k++
		}
		if k == len(h) {
			h, first = append(h, x.stemH), append(first, i)
		}
		if c := &p.counts[first[k]]; *c < math.MaxUint8 {
			*c++
		}
	}
	b.distinct += len(h)
	p.bound = b.uint32s(len(xs) + max(len(xs)-1, 0))
	uni, bi := p.uni(), p.bi()
	for i, x := range xs {
		uni[i] = uint32(mix(1, x.wordH))
	}
	for i := range bi {
		bi[i] = uint32(bigram(xs[i].wordH, xs[i+1].wordH))
	}
	slices.Sort(uni)
	slices.Sort(bi)
	if full {
		f := &fullSent{}
		p.fullSent = f
		wh := p.wordHashes(nil)
		sh := make([]uint64, len(xs))
		for i, x := range xs {
			if x.stem != "" {
				sh[i] = x.stemH
			} else {
				sh[i] = x.wordH
			}
		}
		for i := 0; i+1 < len(sh); i++ {
			f.sbigrams = append(f.sbigrams, (sh[i]*0x100000001b3)^sh[i+1])
		}
		slices.Sort(f.sbigrams)
		f.chars = charGrams(p, false)
		f.contentChars = charGrams(p, true)
		for n := range f.grams {
			f.grams[n] = ngrams(wh, n+1)
		}
	}
}

// ngrams returns the sorted hashes of the word n-grams of word hashes wh
// (nil when there are fewer than n words).
func ngrams(wh []uint64, n int) []uint64 {
	if len(wh) < n {
		return nil
	}
	g := make([]uint64, 0, len(wh)-n+1)
	for i := 0; i+n <= len(wh); i++ {
		h := uint64(n)
		for _, x := range wh[i : i+n] {
			h = mix(h, x)
		}
		g = append(g, h)
	}
	slices.Sort(g)
	return g
}

// modalList are the modal verbs whose difference changes what a sentence
// asserts ("was" vs "may have been").
var modalList = []string{"may", "might", "could", "would", "will", "should", "must", "can", "shall"}

// fnv64 is FNV-1a over a string.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Feature names, in the order features returns them; the fitted weights
// follow the same order.
var featureNames = []string{
	"content_f1", "content_min", "fuzzy_f1", "bigram_f1", "trigram_f1", "lcs_max", "lcs_min",
	"bleu", "num_agree", "num_mismatch", "caps_f1", "caps_unmatched", "len_ratio", "neg_mismatch",
	"unmatched_log", "unmatched_max_log", "exact_seq",
	"idf_min", "idf_max", "idf_unmatched_log", "idf_unmatched_max_log", "content_f1_sq", "bleu_sq", "fuzzy_x_len",
	"syn_f1", "syn_idf_min", "syn_unmatched_log", "run_max", "run_min", "nums_only_log",
	"modal_mismatch", "stem_bigram_f1", "run_x_f1", "len_min_log", "len_max_log",
	"meteor", "edit_ratio", "content_lcs_min", "content_lcs_max", "char_dice", "char_dice_content",
}

// numFeatures is len(featureNames).
const numFeatures = 41

var jaroWinkler = metrics.JaroWinkler{CaseSensitive: true}

// fuzzyName reports whether two folded capitalised words are the same name
// spelt differently (Jansen/Janssen, Zelenskiy/Zelensky): same first letter, both
// at least four letters, Jaro-Winkler at least 0.9.
func fuzzyName(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < 4 || len(b) < 4 || a[0] != b[0] {
		return false
	}
	return jaroWinkler.Compare(a, b) >= 0.9
}

// matchContent counts a's content words that have a partner in b: the same
// stem, or for names a fuzzy spelling match. fuzzy counts the latter alone;
// idf is the IDF mass of a's matched words. bh holds b's stem hashes (see
// stemHashes).
func matchContent(a, b *sent, bh []uint64) (matched, fuzzy int, idf float64) {
	var buf [64]bool
	used := buf[:0]
	if len(b.toks) > len(buf) {
		used = make([]bool, len(b.toks))
	} else {
		used = buf[:len(b.toks)]
	}
	for i, x := range a.toks {
		st := x.stem
		if st == "" {
			continue
		}
		found := -1
		h := x.stemH
		for j, h2 := range bh {
			// the hash first: most words differ, and comparing two
			// integers is cheaper than two strings
			if h2 == h && !used[j] && b.toks[j].stem == st {
				found = j
				break
			}
		}
		if found < 0 && a.isName(i) {
			for j, y := range b.toks {
				if !used[j] && y.stem != "" && b.isName(j) && fuzzyName(x.word, y.word) {
					found = j
					fuzzy++
					break
				}
			}
		}
		if found >= 0 {
			used[found] = true
			matched++
			idf += x.idf
		}
	}
	return matched, fuzzy, idf
}

// matchSynonyms is matchContent that also accepts WordNet synonyms (a
// shared frequent sense) for words that have no exact partner.
func matchSynonyms(a, b *sent) (matched int, idf float64) {
	used := make([]bool, len(b.toks))
	for i, x := range a.toks {
		st := x.stem
		if st == "" {
			continue
		}
		found := -1
		for j, y := range b.toks {
			if !used[j] && y.stem == st {
				found = j
				break
			}
		}
		if found < 0 {
			for j, y := range b.toks {
				if used[j] || y.stem == "" {
					continue
				}
				if a.isName(i) && b.isName(j) && fuzzyName(x.word, y.word) || !a.isName(i) && !b.isName(j) && sharesSense(x.syn, y.syn) {
					found = j
					break
				}
			}
		}
		if found >= 0 {
			used[found] = true
			matched++
			idf += x.idf
		}
	}
	return matched, idf
}

// unmatchedRun returns the longest run of a's words (stop words included)
// holding at least one content word and no word found in b (the same word,
// or for content words the same stem, a synonym or a fuzzy name): an added
// clause, the usual mark of a sentence that says more than the other.
func unmatchedRun(a, b *sent) int {
	best, run, content := 0, 0, false
	for i, x := range a.toks {
		matched := false
		for j, y := range b.toks {
			if x.word == y.word || x.stem != "" && same(a, i, b, j) {
				matched = true
				break
			}
		}
		if matched {
			run, content = 0, false
			continue
		}
		run++
		if x.stem != "" {
			content = true
		}
		if content {
			best = max(best, run)
		}
	}
	return best
}

func f1(match, na, nb int) float64 {
	if na == 0 || nb == 0 {
		return 0
	}
	p, r := float64(match)/float64(na), float64(match)/float64(nb)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ngramOverlap counts the word n-grams of a (stop words included) also
// found in b, clipped by their counts in b, and the n-gram counts of both,
// for sentences prepared in full (alignment's bigramOverlap is the same
// count for n = 2).
func ngramOverlap(a, b *sent, n int) (match, na, nb int) {
	x, y := a.grams[n-1], b.grams[n-1]
	return sortedOverlap(x, y), len(x), len(y)
}

// bigramOverlap is ngramOverlap(a, b, 2) from the word hashes of two
// sentences (see wordHashes), which it overwrites: alignment's count for
// sentences that keep no bigrams.
func bigramOverlap(wa, wb []uint64) int {
	if len(wa) < 2 || len(wb) < 2 {
		return 0
	}
	// in place: bigram i reads words i and i+1, before either is overwritten
	for i := range len(wa) - 1 {
		wa[i] = bigram(wa[i], wa[i+1])
	}
	for j := range len(wb) - 1 {
		wb[j] = bigram(wb[j], wb[j+1])
	}
	wa, wb = wa[:len(wa)-1], wb[:len(wb)-1]
	if len(wb) > 64 {
		slices.Sort(wa)
		slices.Sort(wb)
		return sortedOverlap(wa, wb)
	}
	// each of a's bigrams takes the first free equal one of b's: the
	// common count of every value, as the merge of sorted lists counts,
	// without sorting the few bigrams of a sentence
	match := 0
	var used uint64
	for _, x := range wa {
		for j, y := range wb {
			if x == y && used&(1<<j) == 0 {
				used |= 1 << j
				match++
				break
			}
		}
	}
	return match
}

// sortedOverlap counts the common values of two sorted lists (as multisets).
func sortedOverlap[T uint32 | uint64](x, y []T) (match int) {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			match++
			i++
			j++
		}
	}
	return match
}

// lcs is the length of the longest common subsequence of the words of two
// sentences; ah and bh hold their word hashes (see wordHashes).
func lcs(x, y *sent, ah, bh []uint64) int {
	a, b := x.toks, y.toks
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(b) > 64 && len(a) <= 64 {
		a, b, ah, bh = b, a, bh, ah // the length is symmetric
	}
	if len(b) <= 64 {
		// Hyyrö's bit-parallel form of the dynamic programme ("Bit-parallel
		// LCS-length computation revisited", 2004): one machine word a row
		// instead of a cell at a time. Bit j of match is set where word j
		// of b equals this word of a; the zero bits of v count the length.
		v := ^uint64(0)
		for i, h := range ah {
			var match uint64
			for j, h2 := range bh {
				if h2 == h && sameWord(a[i], b[j]) {
					match |= 1 << j
				}
			}
			u := v & match
			v = (v + u) | (v - u)
		}
		return len(b) - bits.OnesCount64(v&(1<<len(b)-1))
	}
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if ah[i-1] == bh[j-1] && sameWord(a[i-1], b[j-1]) {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(cur[j-1], prev[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// sameWord reports whether two tokens whose word hashes are equal are the
// same word: one token, or two (such as "The" and "the") folding to one.
func sameWord(x, y *token) bool { return x == y || x.word == y.word }

// bleu is a smoothed BLEU-like score: the geometric mean of 1..4-gram
// precisions, averaged over both directions (no brevity penalty; length
// ratio is a separate feature).
func bleu(a, b *sent) float64 {
	la, lb := 0.0, 0.0
	for n := 1; n <= 4; n++ {
		m, na, nb := ngramOverlap(a, b, n)
		la += math.Log((float64(m) + 1) / (float64(na) + 1))
		lb += math.Log((float64(m) + 1) / (float64(nb) + 1))
	}
	return (math.Exp(la/4) + math.Exp(lb/4)) / 2
}

// capsOverlap matches capitalised words (names) across the sentences, with
// fuzzy spelling.
func capsOverlap(a, b *sent) (match, na, nb int) {
	used := make([]bool, len(b.toks))
	for j := range b.toks {
		if b.isName(j) {
			nb++
		}
	}
	for i, x := range a.toks {
		if !a.isName(i) {
			continue
		}
		na++
		w := x.word
		for j, y := range b.toks {
			if w2 := y.word; !used[j] && b.isName(j) && (w == w2 || fuzzyName(w, w2)) {
				used[j] = true
				match++
				break
			}
		}
	}
	return match, na, nb
}

// numbers compares the number sets: agree is 1 when both have numbers and
// they are the same set; mismatch is the share of numbers found on one side
// only.
func numbers(a, b *sent) (agree, mismatch float64) {
	if len(a.nums) == 0 && len(b.nums) == 0 {
		return 0, 0
	}
	in := func(x string, set []string) bool {
		for _, y := range set {
			if x == y {
				return true
			}
		}
		return false
	}
	only := 0
	for _, x := range a.nums {
		if !in(x, b.nums) {
			only++
		}
	}
	for _, x := range b.nums {
		if !in(x, a.nums) {
			only++
		}
	}
	total := len(a.nums) + len(b.nums)
	if only == 0 {
		agree = 1
	}
	return agree, float64(only) / float64(total)
}

// features computes the hand features of a sentence pair, in the order of
// featureNames. They are symmetric in a and b.
func features(a, b *sent) [numFeatures]float64 {
	var f [numFeatures]float64
	ma, fa, ia := matchContent(a, b, b.stemHashes(nil))
	mb, fb, ib := matchContent(b, a, a.stemHashes(nil))
	m := min(ma, mb)
	exact := m - max(fa, fb)
	f[0] = f1(exact, a.content, b.content)
	if a.content > 0 && b.content > 0 {
		f[1] = min(float64(exact)/float64(a.content), float64(exact)/float64(b.content))
	}
	f[2] = f1(m, a.content, b.content)
	bm, bna, bnb := ngramOverlap(a, b, 2)
	f[3] = f1(bm, bna, bnb)
	tm, tna, tnb := ngramOverlap(a, b, 3)
	f[4] = f1(tm, tna, tnb)
	l := lcs(a, b, a.wordHashes(nil), b.wordHashes(nil))
	if l > 0 {
		f[5] = float64(l) / float64(max(len(a.toks), len(b.toks)))
		f[6] = float64(l) / float64(min(len(a.toks), len(b.toks)))
	}
	f[7] = bleu(a, b)
	f[8], f[9] = numbers(a, b)
	cm, cna, cnb := capsOverlap(a, b)
	f[10] = f1(cm, cna, cnb)
	f[11] = math.Log1p(float64(cna + cnb - 2*cm))
	if len(a.toks) > 0 && len(b.toks) > 0 {
		f[12] = float64(min(len(a.toks), len(b.toks))) / float64(max(len(a.toks), len(b.toks)))
	}
	if a.neg != b.neg {
		f[13] = 1
	}
	ua, ub := a.content-ma, b.content-mb
	f[14] = math.Log1p(float64(ua + ub))
	f[15] = math.Log1p(float64(max(ua, ub)))
	if len(a.toks) == len(b.toks) && l == len(a.toks) && l > 0 {
		f[16] = 1
	}
	pa, pb := 0.0, 0.0
	if a.idfSum > 0 {
		pa = ia / a.idfSum
	}
	if b.idfSum > 0 {
		pb = ib / b.idfSum
	}
	f[17], f[18] = min(pa, pb), max(pa, pb)
	f[19] = math.Log1p(a.idfSum - ia + b.idfSum - ib)
	f[20] = math.Log1p(max(a.idfSum-ia, b.idfSum-ib))
	f[21] = f[0] * f[0]
	f[22] = f[7] * f[7]
	f[23] = f[2] * f[12]
	sa, sia := matchSynonyms(a, b)
	sb, sib := matchSynonyms(b, a)
	f[24] = f1(min(sa, sb), a.content, b.content)
	qa, qb := 0.0, 0.0
	if a.idfSum > 0 {
		qa = sia / a.idfSum
	}
	if b.idfSum > 0 {
		qb = sib / b.idfSum
	}
	f[25] = min(qa, qb)
	f[26] = math.Log1p(a.idfSum - sia + b.idfSum - sib)
	ra, rb := unmatchedRun(a, b), unmatchedRun(b, a)
	f[27] = math.Log1p(float64(max(ra, rb)))
	f[28] = math.Log1p(float64(min(ra, rb)))
	f[29] = math.Log1p(f[9] * float64(len(a.nums)+len(b.nums)))
	if a.modals != b.modals {
		f[30] = 1
	}
	f[31] = f1(sortedOverlap(a.sbigrams, b.sbigrams), len(a.sbigrams), len(b.sbigrams))
	f[32] = f[27] * f[24]
	f[33] = math.Log1p(float64(min(a.content, b.content)))
	f[34] = math.Log1p(float64(max(a.content, b.content)))
	f[35] = (meteor(a, b) + meteor(b, a)) / 2
	f[36] = editRatio(a, b)
	if l := contentLCS(a, b); l > 0 {
		f[37] = float64(l) / float64(min(a.content, b.content))
		f[38] = float64(l) / float64(max(a.content, b.content))
	}
	f[39] = dice(a.chars, b.chars)
	f[40] = dice(a.contentChars, b.contentChars)
	return f
}

// same reports whether word i of a and word j of b match: equal keys, or
// content words that are synonyms or fuzzy spellings of one name.
func same(a *sent, i int, b *sent, j int) bool {
	x, y := a.toks[i], b.toks[j]
	if x.key() == y.key() {
		return true
	}
	if x.stem == "" || y.stem == "" {
		return false
	}
	ca, cb := a.isName(i), b.isName(j)
	if ca && cb {
		return fuzzyName(x.word, y.word)
	}
	return !ca && !cb && sharesSense(x.syn, y.syn)
}

// meteor is a METEOR-like score: a greedy one-to-one word alignment (stems,
// synonyms, fuzzy names), the recall-weighted F-mean of its precision and
// recall, less a fragmentation penalty for aligned words that are not in
// the same order (counted in chunks of adjacent aligned words).
func meteor(a, b *sent) float64 {
	if len(a.toks) == 0 || len(b.toks) == 0 {
		return 0
	}
	to := make([]int, len(a.toks))
	used := make([]bool, len(b.toks))
	m := 0
	for i := range a.toks {
		to[i] = -1
		for j := range b.toks {
			if !used[j] && same(a, i, b, j) {
				to[i], used[j] = j, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	chunks := 0
	prev := -2
	for i := range a.toks {
		if to[i] < 0 {
			prev = -2
			continue
		}
		if to[i] != prev+1 {
			chunks++
		}
		prev = to[i]
	}
	p, r := float64(m)/float64(len(a.toks)), float64(m)/float64(len(b.toks))
	fmean := 10 * p * r / (r + 9*p)
	frag := float64(chunks) / float64(m)
	return fmean * (1 - 0.5*frag*frag*frag)
}

// editRatio is the word-level edit distance (matching as in meteor, without
// shifts), divided by the longer sentence's length: a TER-like score.
func editRatio(a, b *sent) float64 {
	n, m := len(a.toks), len(b.toks)
	if n == 0 || m == 0 {
		return 1
	}
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		for j := 1; j <= m; j++ {
			sub := prev[j-1] + 1
			if same(a, i-1, b, j-1) {
				sub = prev[j-1]
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return float64(prev[m]) / float64(max(n, m))
}

// contentLCS is the longest common subsequence of the content words,
// matched as in meteor: how much of the content comes in the same order.
func contentLCS(a, b *sent) int {
	var ia, ib []int
	for i, x := range a.toks {
		if x.stem != "" {
			ia = append(ia, i)
		}
	}
	for j, y := range b.toks {
		if y.stem != "" {
			ib = append(ib, j)
		}
	}
	if len(ia) == 0 || len(ib) == 0 {
		return 0
	}
	prev := make([]int, len(ib)+1)
	cur := make([]int, len(ib)+1)
	for x := 1; x <= len(ia); x++ {
		for y := 1; y <= len(ib); y++ {
			if same(a, ia[x-1], b, ib[y-1]) {
				cur[y] = prev[y-1] + 1
			} else {
				cur[y] = max(cur[y-1], prev[y])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(ib)]
}

// charGrams returns the sorted hashes of the character 4-grams of the
// words (content words only, or all) joined without spaces, which match
// across compounds and typos ("cellphone" ~ "cell phone", "beachfront" ~
// "beach front").
func charGrams(p *sent, contentOnly bool) []uint64 {
	var b strings.Builder
	for _, x := range p.toks {
		if !contentOnly || x.stem != "" {
			b.WriteString(x.word)
		}
	}
	s := b.String()
	if len(s) < 4 {
		return nil
	}
	out := make([]uint64, 0, len(s)-3)
	for i := 0; i+4 <= len(s); i++ {
		out = append(out, fnv64(s[i:i+4]))
	}
	slices.Sort(out)
	return out
}

// dice is the Dice coefficient of two sorted hash multisets.
func dice(x, y []uint64) float64 {
	if len(x)+len(y) == 0 {
		return 0
	}
	return 2 * float64(sortedOverlap(x, y)) / float64(len(x)+len(y))
}
