package text

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
)

var update = flag.Bool("update", false, "regenerate stems.txt from the unlabeled FNC-1 bodies in ../shared/eval")

// TestStemTable checks that every precomputed stem equals the Snowball stem,
// and with -update rebuilds stems.txt from the words that occur at least
// twice in the unlabeled FNC-1 training bodies (vocabulary only; no labels).
func TestStemTable(t *testing.T) {
	if *update {
		path := filepath.Join("..", "..", "..", "shared", "eval", "stance", "fnc1-train-bodies-unlabeled-dev.jsonl")
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("open vocabulary source: %v", err)
		}
		defer f.Close()
		counts := map[string]int{}
		df := map[string]int{}
		docs := 0
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
		for sc.Scan() {
			var rec struct{ Body string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			docs++
			seen := map[string]bool{}
			for _, st := range Terms(rec.Body) {
				if !seen[st] {
					seen[st] = true
					df[st]++
				}
			}
			for _, w := range Words(rec.Body) {
				if len(w) > 3 && strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") == "" && !IsStopword(w) {
					counts[w]++
				}
			}
		}
		var words []string
		for w, c := range counts {
			if c >= 2 {
				words = append(words, w)
			}
		}
		sort.Strings(words)
		var b strings.Builder
		for _, w := range words {
			st := english.Stem(w, false)
			if st == w {
				b.WriteString(w + "\n")
			} else {
				b.WriteString(w + " " + st + "\n")
			}
		}
		if err := os.WriteFile("stems.txt", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d words", len(words))
		var stems []string
		for st, c := range df {
			if c >= 2 && strings.Trim(st, "abcdefghijklmnopqrstuvwxyz") == "" {
				stems = append(stems, st)
			}
		}
		sort.Strings(stems)
		b.Reset()
		fmt.Fprintf(&b, "%d\n", docs)
		for _, st := range stems {
			fmt.Fprintf(&b, "%s %d\n", st, df[st])
		}
		if err := os.WriteFile("df.txt", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d stem document frequencies over %d documents", len(stems), docs)
	}
	if got := IDF("the"); got != 0 {
		t.Errorf("IDF of a stop word = %v, want 0", got)
	}
	if common, rare := IDF(Stem("government")), IDF("zzzunknown"); !(common > 0 && rare > common) {
		t.Errorf("IDF(govern) = %v, IDF(unknown) = %v; want 0 < common < rare", common, rare)
	}
	m := stemTable()
	if len(m) < 1000 {
		t.Fatalf("stem table has %d words", len(m))
	}
	for w, st := range m {
		if want := english.Stem(w, false); st != want {
			t.Fatalf("table stem of %q = %q, Snowball says %q", w, st, want)
		}
	}
}
