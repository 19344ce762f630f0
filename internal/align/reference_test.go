package align

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck/crosscheck/internal/text"
)

// refAlign is alignment as first written: every pair sharing enough IDF
// mass scored in full, with plain string comparisons. The bounded, hashed
// AlignPrepared must return exactly what it returns.
func refAlign(as, bs []string) []Match {
	a := make([]*sent, len(as))
	for i, s := range as {
		a[i] = prepare(s)
	}
	b := make([]*sent, len(bs))
	index := map[string][]int{}
	for j, s := range bs {
		b[j] = prepare(s)
		seen := map[string]bool{}
		for _, st := range refOf(b[j]).stems {
			if st != "" && !seen[st] {
				seen[st] = true
				index[st] = append(index[st], j)
			}
		}
	}
	mass := map[[2]int]float64{}
	for i, s := range a {
		seen := map[string]bool{}
		r := refOf(s)
		for k, st := range r.stems {
			if st == "" || seen[st] {
				continue
			}
			seen[st] = true
			for _, j := range index[st] {
				mass[[2]int{i, j}] += r.idf[k]
			}
		}
	}
	var ms []Match
	for ij, m := range mass {
		if m < minSharedIDF {
			continue
		}
		st := refStats(a[ij[0]], b[ij[1]])
		if st.score < AlignThreshold || st.shared < minShared {
			continue
		}
		ms = append(ms, Match{A: ij[0], B: ij[1], Score: st.score, Kind: st.kind()})
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
	usedA, usedB := map[int]bool{}, map[int]bool{}
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

func refStats(a, b *sent) pairStats {
	ma, fa, ia := refMatchContent(a, b)
	mb, fb, ib := refMatchContent(b, a)
	st := pairStats{fuzzy: max(fa, fb), shared: min(ma, mb)}
	idfF1 := 0.0
	if a.idfSum > 0 && b.idfSum > 0 && ia+ib > 0 {
		pa, pb := ia/a.idfSum, ib/b.idfSum
		idfF1 = 2 * pa * pb / (pa + pb)
	}
	ra, rb := refOf(a), refOf(b)
	l := refLCS(ra.words, rb.words)
	if n := max(len(ra.words), len(rb.words)); n > 0 {
		st.lcsMax = float64(l) / float64(n)
	}
	st.exact = l > 0 && len(ra.words) == len(rb.words) && l == len(ra.words)
	bm, bna, bnb := ngramOverlap(a, b, 2)
	_, numMismatch := numbers(a, b)
	neg := 0.0
	if a.neg != b.neg {
		neg = 1
	}
	s := 0.5*idfF1 + 0.3*st.lcsMax + 0.2*f1(bm, bna, bnb) - 0.2*numMismatch - 0.1*neg
	st.score = min(max(s, 0), 1)
	return st
}

// refSent is a prepared sentence as plain lists, one entry a word.
type refSent struct {
	words, stems []string
	caps         []bool // capitalised, not sentence-initial
	idf          []float64
}

func refOf(p *sent) refSent {
	var r refSent
	for i, x := range p.toks {
		r.words = append(r.words, x.word)
		r.stems = append(r.stems, x.stem)
		r.caps = append(r.caps, p.isName(i))
		r.idf = append(r.idf, x.idf)
	}
	return r
}

func refMatchContent(as, bs *sent) (matched, fuzzy int, idf float64) {
	a, b := refOf(as), refOf(bs)
	used := make([]bool, len(b.stems))
	for i, st := range a.stems {
		if st == "" {
			continue
		}
		found := -1
		for j, st2 := range b.stems {
			if !used[j] && st2 == st {
				found = j
				break
			}
		}
		if found < 0 && a.caps[i] {
			for j, st2 := range b.stems {
				if !used[j] && st2 != "" && b.caps[j] && fuzzyName(a.words[i], b.words[j]) {
					found = j
					fuzzy++
					break
				}
			}
		}
		if found >= 0 {
			used[found] = true
			matched++
			idf += a.idf[i]
		}
	}
	return matched, fuzzy, idf
}

func refLCS(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(cur[j-1], prev[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// referenceCorpora returns sentence lists to align pairwise: the seed
// reports, MSRP sentence pairs grouped into "articles", and generated
// articles with rewritten, reordered, misspelt and copied sentences.
func referenceCorpora(t *testing.T) [][]string {
	t.Helper()
	var docs [][]string
	shared := filepath.Join("..", "..", "..", "shared")
	if files, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt")); len(files) > 0 {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var ss []string
			for _, s := range text.Sentences(string(b)) {
				ss = append(ss, s.Text)
			}
			docs = append(docs, ss)
		}
	}
	if f, err := os.Open(filepath.Join(shared, "eval", "paraphrase", "msrp-dev.jsonl")); err == nil {
		defer f.Close()
		var left, right []string
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() && len(left) < 360 {
			var p struct {
				A string `json:"a"`
				B string `json:"b"`
			}
			if json.Unmarshal(sc.Bytes(), &p) == nil && p.A != "" {
				left, right = append(left, p.A), append(right, p.B)
			}
		}
		for i := 0; i+30 <= len(left); i += 30 {
			docs = append(docs, left[i:i+30], right[i:i+30])
		}
	}
	rng := rand.New(rand.NewPCG(7, 11))
	words := strings.Fields("the council voted on Tuesday to rebuild Mill Street pier after a winter storm in January Mayor Ana Sorensen said work could begin as early as May opponents wanted money spent flood defences 1903 31,000 visitors not never Jansen Janssen Zelensky Zelenskiy minister")
	base := make([]string, 40)
	for i := range base {
		n := 6 + rng.IntN(18)
		ws := make([]string, n)
		for k := range ws {
			ws[k] = words[rng.IntN(len(words))]
		}
		base[i] = strings.Join(ws, " ") + "."
	}
	for range 4 {
		var d []string
		for _, s := range base {
			ws := strings.Fields(s)
			switch rng.IntN(4) {
			case 0: // copy
			case 1: // drop a word
				k := rng.IntN(len(ws))
				ws = append(ws[:k:k], ws[k+1:]...)
			case 2: // swap two words
				i, j := rng.IntN(len(ws)), rng.IntN(len(ws))
				ws[i], ws[j] = ws[j], ws[i]
			case 3: // replace a word
				ws[rng.IntN(len(ws))] = words[rng.IntN(len(words))]
			}
			if rng.IntN(3) > 0 {
				d = append(d, strings.Join(ws, " "))
			}
		}
		rng.Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
		docs = append(docs, d)
	}
	return docs
}

// TestAlignMatchesReference checks that the bounds and hashing of
// AlignPrepared change no alignment: same pairs, bit-equal scores, same kinds.
func TestAlignMatchesReference(t *testing.T) {
	docs := referenceCorpora(t)
	prepared := make([]*Prepared, len(docs))
	shared := make([]*Prepared, len(docs)) // through a memo small enough to be reset
	memo := NewMemo(500)
	for i, d := range docs {
		prepared[i] = Prepare(d)
		shared[i] = PrepareWith(d, memo)
	}
	pairs := 0
	matched := 0
	for i := range docs {
		for j := range docs {
			if i == j || testing.Short() && (i+j)%3 != 0 {
				continue
			}
			t.Run(fmt.Sprintf("%d-%d", i, j), func(t *testing.T) {
				want := refAlign(docs[i], docs[j])
				got := AlignPrepared(prepared[i], prepared[j])
				pairs++
				matched += len(want)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("AlignPrepared = %v\nreference    = %v", got, want)
				}
				if got := AlignPrepared(shared[i], shared[j]); !reflect.DeepEqual(got, want) {
					t.Errorf("AlignPrepared with a shared memo = %v\nreference    = %v", got, want)
				}
			})
		}
	}
	if matched == 0 {
		t.Fatalf("no aligned sentences in %d document pairs: the comparison proves nothing", pairs)
	}
	t.Logf("%d document pairs, %d aligned sentence pairs", pairs, matched)
}

// TestMemoConcurrent prepares texts through one memo from several
// goroutines (run with -race): every result must match a memo-free one.
func TestMemoConcurrent(t *testing.T) {
	docs := referenceCorpora(t)
	memo := NewMemo(300)
	want := make([][]Match, len(docs))
	for i := range docs {
		want[i] = AlignPrepared(Prepare(docs[i]), Prepare(docs[(i+1)%len(docs)]))
	}
	errs := make(chan string, len(docs)*4)
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for i := range docs {
				k := (i + g) % len(docs)
				got := AlignPrepared(PrepareWith(docs[k], memo), PrepareWith(docs[(k+1)%len(docs)], memo))
				if !reflect.DeepEqual(got, want[k]) {
					errs <- fmt.Sprintf("doc %d: %v, want %v", k, got, want[k])
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func BenchmarkPrepare(b *testing.B) {
	var doc []string
	for i := range 40 {
		doc = append(doc, fmt.Sprintf("Mayor Ana Sorensen said on Tuesday that the council would vote on the %d million pier plan in May.", i))
	}
	b.Run("alone", func(b *testing.B) {
		for b.Loop() {
			Prepare(doc)
		}
	})
	b.Run("memo", func(b *testing.B) {
		m := NewMemo(10000)
		for b.Loop() {
			PrepareWith(doc, m)
		}
	})
}

// TestSortPostings checks the radix sort against a comparison sort by
// (hash, sentence), on lists of both sort paths' lengths.
func TestSortPostings(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		mod  uint32 // hashes modulo mod, so that many repeat
	}{
		{"empty", 0, 1 << 31}, {"one", 1, 1 << 31}, {"short", 30, 7}, {"long", 500, 1 << 31},
		{"long repeats", 700, 13}, {"high digits only", 300, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := make([]posting, tc.n)
			h := uint64(1)
			for i := range ps {
				h = h*6364136223846793005 + 1442695040888963407
				x := uint32(h >> 32)
				if tc.mod > 0 {
					x %= tc.mod
				} else {
					x &^= 1<<16 - 1
				}
				ps[i] = posting{hash: x, sent: int32(i)}
			}
			want := slices.Clone(ps)
			slices.SortFunc(want, func(x, y posting) int {
				return cmp.Or(cmp.Compare(x.hash, y.hash), cmp.Compare(x.sent, y.sent))
			})
			sortPostings(ps)
			if !slices.Equal(ps, want) {
				t.Fatalf("sortPostings differs from the comparison sort")
			}
		})
	}
}

// TestLCS checks the bit-parallel longest common subsequence against the
// dynamic programme, on sentences of few distinct words (so that many
// repeat) on both sides of 64 words, the length of a machine word.
func TestLCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	vocab := strings.Fields("pier council The the storm May vote Vote")
	memo := NewMemo(100)
	for _, n := range [][2]int{{0, 5}, {1, 1}, {7, 12}, {30, 63}, {64, 64}, {65, 20}, {20, 65}, {64, 70}, {90, 100}} {
		for k := range 20 {
			var s [2]string
			for side := range s {
				ws := make([]string, n[side])
				for i := range ws {
					ws[i] = vocab[rng.IntN(len(vocab)-k%5)]
				}
				s[side] = strings.Join(ws, " ")
			}
			for _, shared := range []bool{false, true} {
				var a, b *sent
				if shared {
					p := PrepareWith(s[:], memo)
					a, b = &p.sents[0], &p.sents[1]
				} else {
					a, b = prepareFor(s[0], false, nil), prepareFor(s[1], false, nil)
				}
				want := refLCS(refOf(a).words, refOf(b).words)
				if got := lcs(a, b, a.wordHashes(nil), b.wordHashes(nil)); got != want {
					t.Errorf("lcs of %d and %d words (memo %v) = %d, want %d:\n%s\n%s", len(a.toks), len(b.toks), shared, got, want, s[0], s[1])
				}
			}
		}
	}
}

// TestBigramOverlap checks alignment's count of shared bigrams, from the
// word hashes, against the merge of the sorted bigram hashes that the
// paraphrase features count, on both sides of 64 bigrams.
func TestBigramOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	vocab := strings.Fields("pier council The the storm May vote Vote")
	for _, n := range [][2]int{{0, 3}, {1, 2}, {2, 2}, {9, 14}, {65, 65}, {66, 30}, {30, 66}, {100, 90}} {
		for k := range 20 {
			var s [2]*sent
			for side := range s {
				ws := make([]string, n[side])
				for i := range ws {
					ws[i] = vocab[rng.IntN(len(vocab)-k%6)]
				}
				s[side] = prepare(strings.Join(ws, " "))
			}
			want, _, _ := ngramOverlap(s[0], s[1], 2)
			if got := bigramOverlap(s[0].wordHashes(nil), s[1].wordHashes(nil)); got != want {
				t.Errorf("bigramOverlap of %d and %d words = %d, want %d", len(s[0].toks), len(s[1].toks), got, want)
			}
		}
	}
}

// TestStemCounts checks the count of a stem repeated past what a byte
// holds, in the sentence and in the stem index, and that alignment with
// such sentences still matches the reference.
func TestStemCounts(t *testing.T) {
	long := strings.Repeat("pier ", 300) + "council Piers voted on the Mill Street storm in January."
	docs := [][]string{
		{long, "The council voted on Tuesday to rebuild the Mill Street pier after the January storm."},
		{"The council voted to rebuild the Mill Street pier after a storm in January, pier by pier.", long},
	}
	p := Prepare(docs[0])
	s := &p.sents[0]
	if s.counts[0] != math.MaxUint8 {
		t.Fatalf("count of the first pier = %d, want %d (at least)", s.counts[0], math.MaxUint8)
	}
	if got := s.occurrences(0); got != 301 {
		t.Errorf("occurrences of pier = %d, want 301 (300 and Piers)", got)
	}
	for _, x := range p.postings(uint32(s.toks[0].stemH)) {
		if x.sent == 0 && x.n != 301 {
			t.Errorf("posting of pier in sentence 0 counts %d, want 301", x.n)
		}
	}
	if got, want := AlignPrepared(p, Prepare(docs[1])), refAlign(docs[0], docs[1]); !reflect.DeepEqual(got, want) || len(want) == 0 {
		t.Errorf("AlignPrepared = %v\nreference    = %v", got, want)
	}
}
