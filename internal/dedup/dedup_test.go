package dedup

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

const base = `The city council of Portvale voted on Tuesday to spend 4.5 million dollars rebuilding the historic Mill Street pier, which was badly damaged by a winter storm in January. Mayor Ana Sorensen said work could begin as early as May and would take about a year. Opponents argued the money should go to flood defences instead, saying the water keeps rising every winter. The pier was built in 1903 and last renovated in 1987, and about 31,000 visitors walked it each summer before the storm.`

func TestShingles(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		k    int
		want float64 // Jaccard
	}{
		{"identical", base, base, 5, 1},
		{"case diacritics punctuation ignored", "Kariņš met Kallas in Riga today.", "KARINS met kallas, in riga today", 3, 1},
		{"disjoint", "alpha beta gamma delta", "one two three four", 2, 0},
		{"short text one shingle", "two words", "two words", 5, 1},
		{"empty", "", "", 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := Shingles(tt.a, tt.k), Shingles(tt.b, tt.k)
			if got := Jaccard(a, b); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Jaccard = %v, want %v", got, tt.want)
			}
			for i := 1; i < len(a); i++ {
				if a[i-1] >= a[i] {
					t.Fatalf("shingles not sorted unique at %d", i)
				}
			}
		})
	}
}

func TestJaccardContainment(t *testing.T) {
	a := []uint64{1, 2, 3, 4}
	b := []uint64{3, 4, 5, 6, 7, 8, 9, 10}
	if got := Jaccard(a, b); math.Abs(got-0.2) > 1e-9 {
		t.Errorf("Jaccard = %v, want 0.2", got)
	}
	if got := Containment(a, b); got != 0.5 {
		t.Errorf("Containment(a,b) = %v, want 0.5", got)
	}
	if got := Containment(b, a); got != 0.25 {
		t.Errorf("Containment(b,a) = %v, want 0.25", got)
	}
	if Containment(nil, b) != 0 || Jaccard(nil, nil) != 0 {
		t.Error("empty sets must give 0")
	}
	// a short piece copied whole into a longer article
	short := Shingles(base[:200], ShingleSize)
	long := Shingles(base+" A second part adds much more text about other matters entirely, with many new words.", ShingleSize)
	if c := Containment(short, long); c != 1 {
		t.Errorf("containment of a copied lead = %v, want 1", c)
	}
}

func TestBandKeys(t *testing.T) {
	edited := strings.Replace(base, "Tuesday", "Wednesday", 1)
	edited = strings.Replace(edited, "about a year", "roughly twelve months", 1)
	other := "Shares in the chip maker fell sharply after it warned that demand for its processors would weaken in the second half of the year, citing high inventories at its biggest customers."
	tests := []struct {
		name      string
		a, b      string
		minShared int
		maxShared int
	}{
		{"copy shares all", base, base, Bands, Bands},
		{"light edit shares some", base, edited, 1, Bands},
		{"unrelated shares none", base, other, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka := BandKeys(Sign(Shingles(tt.a, ShingleSize)))
			kb := BandKeys(Sign(Shingles(tt.b, ShingleSize)))
			if len(ka) != Bands {
				t.Fatalf("got %d keys", len(ka))
			}
			shared := 0
			for i := range ka {
				if ka[i] == kb[i] {
					shared++
				}
			}
			if shared < tt.minShared || shared > tt.maxShared {
				t.Errorf("shared %d band keys, want %d..%d", shared, tt.minShared, tt.maxShared)
			}
		})
	}
	if BandKeys(Signature{1, 2}) != nil {
		t.Error("short signature must give no keys")
	}
	// the same three values in two bands give two keys
	sig := make(Signature, NumHashes)
	if k := BandKeys(sig); k[0] == k[1] {
		t.Error("equal bands share a key across band numbers")
	}
}

// TestSCurve checks the documented candidate probabilities on random sets of
// known Jaccard similarity.
func TestSCurve(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		j        float64
		min, max float64
	}{
		{0.1, 0.0, 0.12},
		{0.5, 0.97, 1.0},
		{0.7, 0.99, 1.0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.j), func(t *testing.T) {
			const trials, n = 300, 400
			hits := 0
			for range trials {
				// |A∩B| = c, |A∪B| = c + 2(n-c), J = c/(2n-c)
				c := int(math.Round(2 * float64(n) * tt.j / (1 + tt.j)))
				a := make([]uint64, 0, n)
				b := make([]uint64, 0, n)
				for range c {
					x := splitmix(rng.Uint64())
					a, b = append(a, x), append(b, x)
				}
				for range n - c {
					a = append(a, splitmix(rng.Uint64()))
					b = append(b, splitmix(rng.Uint64()))
				}
				ka, kb := BandKeys(Sign(a)), BandKeys(Sign(b))
				for i := range ka {
					if ka[i] == kb[i] {
						hits++
						break
					}
				}
			}
			p := float64(hits) / trials
			if p < tt.min || p > tt.max {
				t.Errorf("J=%.1f: candidate rate %.3f, want %.2f..%.2f", tt.j, p, tt.min, tt.max)
			}
		})
	}
}

func TestEstimateJaccard(t *testing.T) {
	a := Shingles(base, ShingleSize)
	b := Shingles(strings.Replace(base, "Mayor Ana Sorensen said work", "The mayor said construction", 1), ShingleSize)
	exact := Jaccard(a, b)
	est := EstimateJaccard(Sign(a), Sign(b))
	if math.Abs(exact-est) > 0.15 {
		t.Errorf("estimate %.3f far from exact %.3f", est, exact)
	}
}

func FuzzShingles(f *testing.F) {
	f.Add("one two three four five six", 3)
	f.Add("Kariņš\xff x", 5)
	f.Fuzz(func(t *testing.T, s string, k int) {
		k = k%8 + 1
		if k < 1 {
			k = -k + 1
		}
		sh := Shingles(s, k)
		if Jaccard(sh, sh) != 1 && len(sh) > 0 {
			t.Fatal("set not similar to itself")
		}
		if keys := BandKeys(Sign(sh)); len(keys) != Bands {
			t.Fatalf("got %d keys", len(keys))
		}
	})
}

func benchArticle() string { return strings.Repeat(base+" ", 4) } // ~2 KB

func BenchmarkShingles(b *testing.B) {
	s := benchArticle()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Shingles(s, ShingleSize)
	}
}

func BenchmarkSign(b *testing.B) {
	s := benchArticle()
	sh := Shingles(s, ShingleSize)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Sign(sh)
	}
}

func BenchmarkBandKeys(b *testing.B) {
	sig := Sign(Shingles(benchArticle(), ShingleSize))
	for b.Loop() {
		BandKeys(sig)
	}
}

func BenchmarkJaccard(b *testing.B) {
	x := Shingles(base, ShingleSize)
	y := Shingles(strings.Replace(base, "Tuesday", "Monday", 1), ShingleSize)
	for b.Loop() {
		Jaccard(x, y)
	}
}

func TestFingerprint(t *testing.T) {
	sh, keys := Fingerprint(base)
	if len(keys) != Bands || Jaccard(sh, Shingles(base, ShingleSize)) != 1 {
		t.Errorf("Fingerprint gave %d keys", len(keys))
	}
	_, k2 := Fingerprint(strings.ToUpper(base))
	if !slices.Equal(keys, k2) {
		t.Error("case changed the band keys")
	}
}

func TestEncodeBands(t *testing.T) {
	keys := BandKeys(Sign(Shingles(base, ShingleSize)))
	got, err := DecodeBands(EncodeBands(keys))
	if err != nil || !slices.Equal(got, keys) {
		t.Fatalf("round trip: %v, %v", got, err)
	}
	if _, err := DecodeBands([]byte{1, 2, 3}); err == nil {
		t.Error("3 bytes decoded without an error")
	}
	if got, err := DecodeBands(nil); err != nil || len(got) != 0 {
		t.Errorf("empty: %v, %v", got, err)
	}
}
