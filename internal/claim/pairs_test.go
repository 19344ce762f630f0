package claim

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/crosscheck/crosscheck/internal/align"
)

// refSimilarPairs is the plain definition similarPairs computes faster:
// every cross-article pair of sentences sharing at least two content
// stems of enough rarity, whose stems overlap enough or that share an
// anchor, in the order of their sentences.
func refSimilarPairs(st *story) []pair {
	var all []*sentence
	for _, ss := range st.sents {
		all = append(all, ss...)
	}
	sets := make([]map[string]bool, len(all))
	df := map[string]int{}
	for i, s := range all {
		sets[i] = map[string]bool{}
		for _, t := range s.stems {
			if t != "" && !sets[i][t] {
				sets[i][t] = true
				df[t]++
			}
		}
	}
	n := float64(len(all))
	var out []pair
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if all[i].c.Article == all[j].c.Article {
				continue
			}
			count, mass := 0, 0.0
			for t := range sets[i] {
				if sets[j][t] {
					count++
					mass += math.Log(1 + n/float64(df[t]))
				}
			}
			if count < 2 || mass < minPairMass-1e-9 {
				continue
			}
			dice := 2 * float64(count) / float64(len(sets[i])+len(sets[j]))
			shared := false
			aj := anchors(all[j])
			for k := range anchors(all[i]) {
				if _, ok := aj[k]; ok {
					shared = true
				}
			}
			if dice < minDice && !shared {
				continue
			}
			out = append(out, pair{int32(i), int32(j), align.SimilarityPrepared(all[i].aligned(), all[j].aligned())})
		}
	}
	return out
}

// newStory prepares a story the way Analyze does, up to the pairwise stages.
func newStory(in Input) *story {
	st := &story{docs: in.Docs, lineage: map[string]int{}, byID: map[string]*Doc{}, countries: map[string]string{}}
	tc := newTokenCache()
	for i := range in.Docs {
		cs := extract(in.Docs[i], tc)
		ptrs := make([]*Claim, len(cs))
		ss := make([]*sentence, len(cs))
		for k := range cs {
			ptrs[k] = &cs[k]
			ss[k] = tc.prepare(ptrs[k])
		}
		st.claims = append(st.claims, ptrs)
		st.sents = append(st.sents, ss)
	}
	return st
}

// TestSimilarPairs checks the candidate pairs, in order and with their
// similarity, against their plain definition, on a story of near-copies
// and on the example story. The reference sums the stems' rarity in map
// order, so its threshold has a hair of slack for rounding.
func TestSimilarPairs(t *testing.T) {
	ex, _ := exampleInput(t)
	for _, tt := range []struct {
		name string
		in   Input
	}{
		{"near-copies", storyInput(t, 24)},
		{"examples", ex},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := newStory(tt.in)
			got := st.similarPairs()
			want := refSimilarPairs(newStory(tt.in))
			if len(got) == 0 {
				t.Fatal("no pairs")
			}
			if len(got) != len(want) {
				t.Fatalf("%d pairs, want %d", len(got), len(want))
			}
			for k := range got {
				if got[k].a != want[k].a || got[k].b != want[k].b || math.Abs(got[k].sim-want[k].sim) > 1e-12 {
					t.Fatalf("pair %d = %+v, want %+v", k, got[k], want[k])
				}
			}
		})
	}
}

// TestCandidacyCuePositions checks the one-pass cue scan against hasSeq.
func TestCandidacyCuePositions(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"rivals", "Her rivals are Ana Lopez and Marta Ruiz, who is running for the post."},
		{"not", "He is not in the mix and has not declared, nor is he running for office."},
		{"exclusive", "She is the only name on the list and the only candidate so far, unopposed."},
		{"repeat", "The same goes for him: the same goes for her."},
		{"none", "Nothing here."},
		{"empty", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Claim{Text: tt.text}
			s := prepareSentence(&c)
			pos := candidacyCuePositions(s.words)
			f := 0
			for _, list := range candidacyCues {
				for _, seq := range list {
					i, ok := hasSeq(s.words, seq)
					if !ok {
						i = -1
					}
					if pos[f] != i {
						t.Errorf("cue %q at %d, want %d", seq, pos[f], i)
					}
					f++
				}
			}
		})
	}
}

// TestAnalyzeDeterministic: the same story gives the same result every
// time (map order once decided ties between candidate groups).
func TestAnalyzeDeterministic(t *testing.T) {
	in := storyInput(t, 30)
	first, err := json.Marshal(Analyze(in))
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		again, _ := json.Marshal(Analyze(in))
		if string(again) != string(first) {
			t.Fatalf("run %d differs from the first", k+2)
		}
	}
}
