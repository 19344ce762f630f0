package summary

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/crosscheck/crosscheck/internal/text"
)

// analyzer turns sentences into word ids: every word (stop words too, as a
// summary's reader and ROUGE see them) and the content terms used for
// similarity. It memoises per call: a story repeats its vocabulary a lot,
// and Snowball stemming dominates the cost of tokenising otherwise.
type analyzer struct {
	ids  map[string]int // folded word -> word id
	stop []bool         // per word id
}

func newAnalyzer() *analyzer {
	return &analyzer{ids: make(map[string]int, 1024)}
}

// content returns the ids of the content terms of toks, in order, with
// repeats: what similarity between sentences is computed on.
func (a *analyzer) content(toks []text.Token) []int {
	content := make([]int, 0, len(toks))
	for _, t := range toks {
		if id := a.id(t.Text); !a.stop[id] {
			content = append(content, id)
		}
	}
	return content
}

// runs returns the word ids of the runs of letters and digits in s, in
// order, with repeats: the words a summary's length is counted in.
func (a *analyzer) runs(s string) []int {
	rs := wordRuns(s)
	ids := make([]int, len(rs))
	for i, r := range rs {
		ids[i] = a.id(r)
	}
	return ids
}

// id returns the id of word w.
func (a *analyzer) id(w string) int {
	w = text.Fold(w)
	id, ok := a.ids[w]
	if !ok {
		id = a.add(w)
		a.ids[w] = id
	}
	return id
}

// add returns the id of the stem of folded word w, creating it.
func (a *analyzer) add(w string) int {
	key := strings.ReplaceAll(w, "’", "'")
	if i := strings.Index(key, "'"); i > 0 {
		key = key[:i] // possessive or contraction: "nato's" -> "nato"
	}
	stop := text.IsStopword(key) || !hasAlnum(key)
	stem := "\x00" + key
	if !stop {
		stem = "\x00" + text.Stem(key)
	}
	id, ok := a.ids[stem]
	if !ok {
		id = len(a.stop)
		a.stop = append(a.stop, stop)
		a.ids[stem] = id
	}
	return id
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f {
			return true
		}
	}
	return false
}

// entry is one weighted term of a sparse vector.
type entry struct {
	id int
	w  float64
}

// vector is a sparse vector sorted by term id, L2-normalised.
type vector []entry

// dot returns the inner product of two sorted sparse vectors.
func dot(a, b vector) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id == b[j].id:
			s += a[i].w * b[j].w
			i++
			j++
		case a[i].id < b[j].id:
			i++
		default:
			j++
		}
	}
	return s
}

// weigh builds the normalised TF-IDF vector of a term list.
func weigh(ids []int, idf []float64) vector {
	if len(ids) == 0 {
		return nil
	}
	// Term frequencies by sorting a copy: no map per sentence, and the norm
	// is summed in term order, the same on every run.
	sorted := make([]int, len(ids))
	copy(sorted, ids)
	slices.Sort(sorted)
	v := make(vector, 0, len(sorted))
	var norm float64
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		id := sorted[i]
		w := (1 + math.Log(float64(j-i))) * idf[id]
		v = append(v, entry{id, w})
		norm += w * w
		i = j
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for i := range v {
			v[i].w /= norm
		}
	}
	return v
}

// posting is one unit holding a term, with the term's weight there.
type posting struct {
	u int32
	w float32
}

// index is an inverted index from term id to the units containing it, used
// to find a sentence's similar sentences without comparing every pair.
type index struct {
	post [][]posting
}

func newIndex(terms int) *index {
	return &index{post: make([][]posting, terms)}
}

// add indexes unit u with vector v.
func (ix *index) add(u int, v vector) {
	for _, e := range v {
		ix.post[e.id] = append(ix.post[e.id], posting{int32(u), float32(e.w)})
	}
}

// scores accumulates the cosine of q with every indexed unit sharing a
// term and calls fn for each unit whose cosine reaches min. acc must have
// one slot per unit and be all zero; it is left all zero.
//
// Only the query's rarest terms (at most maxTerms, by weight) generate
// candidates; their exact cosine is then computed from the vectors. A
// sentence that shares none of another's rarest words does not restate it,
// and skipping the story's most common words keeps a query on a
// 3,000-sentence story from touching every sentence.
func (ix *index) scores(q vector, vecs []vector, acc []float64, touched []int32, min float64, maxTerms int, fn func(u int, cos float64)) []int32 {
	touched = touched[:0]
	top := q
	if maxTerms > 0 && len(q) > maxTerms {
		top = make(vector, len(q))
		copy(top, q)
		sort.Slice(top, func(i, j int) bool { return top[i].w > top[j].w })
		top = top[:maxTerms]
	}
	for _, e := range top {
		for _, p := range ix.post[e.id] {
			if acc[p.u] == 0 {
				touched = append(touched, p.u)
			}
			acc[p.u] += e.w * float64(p.w)
		}
	}
	exact := len(top) == len(q)
	for _, u := range touched {
		cos := acc[u]
		acc[u] = 0
		if !exact {
			cos = dot(q, vecs[u])
		}
		if cos >= min {
			fn(int(u), cos)
		}
	}
	return touched
}
