package align

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// synonymsFile lists, for English word stems, the WordNet 3.0 synsets of
// their most frequent senses ("stem n1234 v5678"), keeping only synsets that
// two or more stems share: "backed" and "supported" share one, so a
// paraphrase that swaps them still matches. Generated from Debian's
// wordnet-base index files by TestSynonymTable -update (synonym_test.go).
// WordNet 3.0 licence: Princeton University, free to use, copy and
// distribute with its copyright notice (see synonym_test.go).
//
//go:embed synonyms.txt
var synonymsFile string

// synsetsOf maps a stem to its sorted synset keys; read-only after parsing.
var synsetsOf = sync.OnceValue(func() map[string][]uint32 {
	m := make(map[string][]uint32, strings.Count(synonymsFile, "\n"))
	for line := range strings.Lines(synonymsFile) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		keys := make([]uint32, 0, len(f)-1)
		for _, k := range f[1:] {
			if len(k) < 2 {
				continue
			}
			off, err := strconv.ParseUint(k[1:], 10, 28)
			if err != nil {
				continue
			}
			keys = append(keys, uint32(strings.IndexByte("nvar", k[0]))<<28|uint32(off))
		}
		slices.Sort(keys)
		m[f[0]] = keys
	}
	return m
})

// synonyms reports whether two stems share a frequent WordNet sense.
func synonyms(a, b string) bool {
	if a == b {
		return true
	}
	t := synsetsOf()
	return sharesSense(t[a], t[b])
}

// sharesSense reports whether two sorted synset key lists intersect.
func sharesSense(x, y []uint32) bool {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			return true
		}
	}
	return false
}
