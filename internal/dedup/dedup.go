// Package dedup finds near-duplicate articles: MinHash signatures over hashed
// word shingles, LSH band keys that a store can index so candidate lookup
// does not grow with the number of stored articles, and exact Jaccard and
// containment on the shingle sets to verify candidates.
//
// # Parameters and the S-curve
//
// A signature has NumHashes = 126 MinHash values, cut into Bands = 42 bands of
// Rows = 3 values. Two articles whose shingle sets have Jaccard similarity J
// share at least one band key with probability 1-(1-J^3)^42:
//
//	J     0.1   0.2   0.3   0.4   0.5    0.6    0.8
//	P    0.04  0.29  0.68  0.93  0.996  0.9999 1.0
//
// The curve's midpoint, (1/42)^(1/3) ≈ 0.29, sits well below the
// near-duplicate threshold (≈0.5), so a near-duplicate is missed about once
// in 250 pairs, while unrelated reports of one story (J ≈ 0.0–0.1) rarely
// become candidates. Every candidate is verified with the exact Jaccard or
// containment of the shingle sets, so false candidates cost only a lookup.
// Containment (a short article copied whole into a longer one) can have low
// Jaccard; callers that need it compare within a story as well.
//
// # Index
//
// Index keeps the band keys of the most recent articles (a window) in
// memory, in sorted segments: a lookup costs a few binary searches per key
// whatever the history's size, and adding an article writes nothing to a
// store's index. Near-duplicates are re-publications, close in time, so a
// window of a quarter of a million articles covers them. The store keeps
// each article's band keys in an append-only log that an Index is loaded
// from and caught up with (see package pipeline).
//
// We write our own rather than use ekzhu/minhash-lsh: it is small, old and
// keeps whole string keys per band, several times the memory.
package dedup

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	"github.com/crosscheck/crosscheck/internal/text"
)

// Signature parameters; see the package comment for the S-curve they give.
const (
	Rows      = 3
	Bands     = 42
	NumHashes = Rows * Bands
	// ShingleSize is the number of words per shingle callers should use:
	// long enough that shared shingles mean copied text, short enough to
	// survive light edits.
	ShingleSize = 5
)

// Signature is a MinHash signature of NumHashes values.
type Signature []uint64

// seeds holds the odd multipliers and the offsets of the NumHashes hash
// functions h_i(x) = mix(x)*a_i + b_i (mod 2^64), a read-only table fixed at
// start-up from a constant generator so signatures are stable across runs.
var seeds = func() (s [NumHashes][2]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = splitmix(x)
		s[i][0] = x | 1
		x = splitmix(x)
		s[i][1] = x
	}
	return s
}()

// splitmix is the SplitMix64 finaliser: a fast, well-mixing 64-bit hash step.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// fnv64 is FNV-1a over a string.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// Shingles returns the sorted, unique 64-bit hashes of the k-word shingles
// of text's folded words (case, diacritics and punctuation ignored). A text
// with fewer than k words gives one shingle of all its words; an empty text
// gives none.
func Shingles(s string, k int) []uint64 {
	if k < 1 {
		k = 1
	}
	toks := text.Tokens(s)
	if len(toks) == 0 {
		return nil
	}
	wh := make([]uint64, len(toks))
	for i, t := range toks {
		wh[i] = fnv64(text.Fold(t.Text))
	}
	n := len(wh) - k + 1
	if n < 1 {
		n, k = 1, len(wh)
	}
	out := make([]uint64, n)
	for i := range n {
		h := uint64(k)
		for _, w := range wh[i : i+k] {
			h = bits.RotateLeft64(h, 23) ^ w
			h *= 0x100000001b3
		}
		out[i] = splitmix(h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Sign returns the MinHash signature of a shingle set. An empty set gives a
// signature of all ones (max uint64) that shares band keys only with other
// empty texts.
func Sign(shingles []uint64) Signature {
	sig := make(Signature, NumHashes)
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, x := range shingles {
		// x is already a splitmix output; one multiply-add per hash function
		// is a universal-enough permutation for MinHash.
		for i := range sig {
			v := x*seeds[i][0] + seeds[i][1]
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Band is an LSH band key: two signatures that agree on all Rows values of
// band b have the same key for b, and keys of different bands differ (each
// band's hash starts from its number). 32 bits: a key is looked up among a
// window of keys (see Index), where a chance match of two 32-bit keys is
// rare, and every candidate is verified on its shingles anyway.
type Band uint32

// BandKeys returns the Bands LSH band keys of sig, in band order; nil for a
// signature shorter than NumHashes.
func BandKeys(sig Signature) []Band {
	if len(sig) < NumHashes {
		return nil
	}
	keys := make([]Band, Bands)
	for b := range Bands {
		h := uint64(b + 1)
		for _, v := range sig[b*Rows : (b+1)*Rows] {
			h = splitmix(h ^ v)
		}
		keys[b] = Band(h >> 32)
	}
	return keys
}

// EncodeBands returns the stored form of band keys: 4 bytes each, little-endian.
func EncodeBands(keys []Band) []byte {
	b := make([]byte, 4*len(keys))
	for i, k := range keys {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(k))
	}
	return b
}

// DecodeBands reads what EncodeBands wrote.
func DecodeBands(b []byte) ([]Band, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("dedup: band keys of %d bytes, not a multiple of 4", len(b))
	}
	keys := make([]Band, len(b)/4)
	for i := range keys {
		keys[i] = Band(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return keys, nil
}

// EstimateJaccard returns the fraction of equal signature values, an
// unbiased estimate of the Jaccard similarity of the two shingle sets.
func EstimateJaccard(a, b Signature) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	eq := 0
	for i := range n {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(n)
}

// intersect counts the common values of two sorted unique slices.
func intersect(a, b []uint64) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Jaccard returns |a∩b|/|a∪b| of two sorted unique shingle sets (as
// Shingles returns them); 0 when both are empty.
func Jaccard(a, b []uint64) float64 {
	inter := intersect(a, b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Containment returns |a∩b|/|a|: the share of a's shingles found in b, so
// a short article copied whole into a longer one has Containment 1 against
// it. 0 when a is empty.
func Containment(a, b []uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(intersect(a, b)) / float64(len(a))
}

// Fingerprint returns what near-duplicate search keeps of an article: its
// shingle set (ShingleSize words) for exact verification, and its LSH band
// keys for candidate lookup.
func Fingerprint(s string) (shingles []uint64, keys []Band) {
	shingles = Shingles(s, ShingleSize)
	return shingles, BandKeys(Sign(shingles))
}
