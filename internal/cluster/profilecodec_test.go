package cluster

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// plainProfile is Profile as encoding/json writes it: what stores written
// before the binary form hold.
type plainProfile Profile

var oddKeys = []string{"", "plain", "t:rutt", "e:kariņš", `quo"te`, `back\slash`, "<b>&amp;", "tab\there", "nul\x00", "bad\xffutf8", "line\u2028sep", "para\u2029sep", "del\x7f", "日本"}

var oddFloats = []float64{0, -0.0, 1, -1, 0.5, 1e-7, -3.2e-9, 1e21, 1.5e22, 123456789.125, math.SmallestNonzeroFloat64, math.MaxFloat32, 0.1 + 0.2}

// Random profiles, odd keys and weights included, read back exactly from
// the binary form, and as encoding/json wrote them (older stores).
func TestProfileCodec(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	key := func() string {
		if rng.IntN(3) == 0 {
			return oddKeys[rng.IntN(len(oddKeys))]
		}
		return string(rune('a'+rng.IntN(26))) + string(rune('a'+rng.IntN(26)))
	}
	num := func() float64 {
		if rng.IntN(3) == 0 {
			return oddFloats[rng.IntN(len(oddFloats))]
		}
		return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(30)-15))
	}
	weights := func() []Weight {
		switch rng.IntN(4) {
		case 0:
			return nil
		case 1:
			return []Weight{}
		}
		var ws []Weight
		for range rng.IntN(40) {
			ws = append(ws, Weight{K: key(), W: float32(num())})
		}
		return ws
	}
	date := func() time.Time {
		if rng.IntN(2) == 0 {
			return time.Time{}
		}
		return time.Date(2020+rng.IntN(6), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), 0, 0, rng.IntN(1e9), time.FixedZone("", 3600*(rng.IntN(5)-2)))
	}
	for i := range 2000 {
		// profiles: the binary form reads back exactly, and the JSON that
		// older versions stored still reads
		p := Profile{Terms: weights(), Entities: weights(), First: date(), Last: date(), Size: rng.IntN(1000)}
		blob, err := p.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal((*plainProfile)(&p))
		if err != nil {
			t.Fatal(err)
		}
		for form, b := range map[string][]byte{"binary": blob, "json": js} {
			q, err := UnmarshalProfile(b)
			if err != nil {
				t.Fatalf("profile %d (%s): %v", i, form, err)
			}
			if form == "json" {
				// JSON has no invalid UTF-8, and omits empty entities
				p2, _ := UnmarshalProfile(blob)
				for _, ws := range [][]Weight{p2.Terms, p2.Entities} {
					for k := range ws {
						ws[k].K = strings.ToValidUTF8(ws[k].K, "\uFFFD")
					}
				}
				if len(p2.Entities) == 0 {
					p2.Entities = nil
				}
				if !sameProfile(q, p2) {
					t.Fatalf("profile %d: JSON reads as %+v, want %+v", i, q, p2)
				}
				continue
			}
			if !sameProfile(q, &p) {
				t.Fatalf("profile %d: reads back as %+v, want %+v", i, q, &p)
			}
		}
	}
}

func sameProfile(a, b *Profile) bool {
	return a.Size == b.Size && a.First.Equal(b.First) && a.Last.Equal(b.Last) &&
		reflect.DeepEqual(a.Terms, b.Terms) && reflect.DeepEqual(a.Entities, b.Entities)
}

// A damaged binary profile is an error, never a panic or a huge allocation.
func TestProfileDamaged(t *testing.T) {
	p := &Profile{Terms: []Weight{{"alpha", 0.5}, {"beta", 0.25}}, Entities: []Weight{{"e:x", 1}}, First: time.Unix(1e9, 0), Last: time.Unix(2e9, 0), Size: 3}
	blob, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n < len(blob); n++ {
		if _, err := UnmarshalProfile(blob[:n]); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", n, len(blob))
		}
	}
	if _, err := UnmarshalProfile(append(blob, 0)); err == nil {
		t.Error("trailing byte: no error")
	}
	if _, err := UnmarshalProfile([]byte{profileV1, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}); err == nil {
		t.Error("a count larger than the blob: no error")
	}
	if _, err := UnmarshalProfile([]byte{profileV1, 1, 0, 0, 2, 1, 'a', 0, 0, 0xc0, 0x7f, 0}); err == nil {
		t.Error("a NaN weight: no error")
	}
}

func FuzzUnmarshalProfile(f *testing.F) {
	p := &Profile{Terms: []Weight{{"alpha", 0.5}}, Entities: []Weight{{"e:x", 1}}, First: time.Unix(1e9, 0), Size: 1}
	blob, _ := p.Marshal()
	f.Add(blob)
	f.Add([]byte(`{"t":[{"k":"a","w":1}],"n":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		q, err := UnmarshalProfile(b)
		if err != nil || len(b) == 0 || b[0] != profileV1 {
			return
		}
		for _, ws := range [][]Weight{q.Terms, q.Entities} {
			for _, w := range ws {
				if math.IsNaN(float64(w.W)) || math.IsInf(float64(w.W), 0) {
					t.Fatalf("weight %v accepted", w.W)
				}
			}
		}
		again, err := q.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		r, err := UnmarshalProfile(again)
		if err != nil || !sameProfile(q, r) {
			t.Fatalf("re-encoded profile differs: %v", err)
		}
	})
}

func BenchmarkProfileMarshal(b *testing.B) {
	p := &Profile{Size: 12, First: time.Now(), Last: time.Now()}
	for i := range MaxProfileTerms {
		p.Terms = append(p.Terms, Weight{K: "term" + string(rune('a'+i%26)) + string(rune('a'+i/26)), W: 1 / float32(i+1)})
	}
	for i := range MaxProfileEntities {
		p.Entities = append(p.Entities, Weight{K: "e:entity" + string(rune('a'+i%26)), W: 1 / float32(i+1)})
	}
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.Marshal(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			if _, err := json.Marshal((*plainProfile)(p)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
