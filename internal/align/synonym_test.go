package align

// WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
// THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY
// MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. The name of
// Princeton University or Princeton may not be used in advertising or
// publicity pertaining to distribution of the software and/or database.
// synonyms.txt is derived from WordNet's index files under that licence.

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck/crosscheck/internal/text"
)

// sensesPerWord is how many of a word's most frequent senses count.
const sensesPerWord = 3

// TestSynonymTable checks the synonym table and, with -update, rebuilds
// synonyms.txt from /usr/share/wordnet (Debian package wordnet-base).
func TestSynonymTable(t *testing.T) {
	if *update {
		stemSets := map[string]map[string]bool{} // stem -> synset keys
		members := map[string]map[string]bool{}  // synset key -> stems
		for _, pos := range []string{"noun", "verb", "adj", "adv"} {
			f, err := os.Open(filepath.Join("/usr/share/wordnet", "index."+pos))
			if err != nil {
				t.Fatalf("WordNet index (apt-get install wordnet-base): %v", err)
			}
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(line, " ") {
					continue // licence header
				}
				fs := strings.Fields(line)
				if len(fs) < 6 || strings.ContainsAny(fs[0], "_-.'0123456789") {
					continue
				}
				var pcnt int
				fmt.Sscan(fs[3], &pcnt)
				offsets := fs[4+pcnt+2:]
				stem := text.Stem(fs[0])
				if text.IsStopword(fs[0]) || len(stem) < 3 {
					continue
				}
				for _, off := range offsets[:min(sensesPerWord, len(offsets))] {
					key := fs[1][:1] + strings.TrimLeft(off, "0")
					if stemSets[stem] == nil {
						stemSets[stem] = map[string]bool{}
					}
					stemSets[stem][key] = true
					if members[key] == nil {
						members[key] = map[string]bool{}
					}
					members[key][stem] = true
				}
			}
			f.Close()
		}
		unknown := text.IDF("zzzznotaword")
		var lines []string
		for stem, keys := range stemSets {
			if text.IDF(stem) >= unknown {
				continue // outside the news vocabulary of text.IDF
			}
			var shared []string
			for k := range keys {
				n := 0
				for s := range members[k] {
					if text.IDF(s) < unknown {
						n++
					}
				}
				if n >= 2 {
					shared = append(shared, k)
				}
			}
			if len(shared) > 0 {
				slices.Sort(shared)
				lines = append(lines, stem+" "+strings.Join(shared, " "))
			}
		}
		slices.Sort(lines)
		if err := os.WriteFile("synonyms.txt", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %d stems", len(lines))
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{"back", "support", true},
		{"purchas", "buy", true},
		{"said", "said", true},
		{"buy", "sell", false},
		{"nato", "support", false},
	}
	for _, tt := range tests {
		if got := synonyms(tt.a, tt.b); got != tt.want {
			t.Errorf("synonyms(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
