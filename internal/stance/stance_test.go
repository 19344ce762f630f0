package stance

import (
	"strings"
	"testing"
)

func TestCues(t *testing.T) {
	tests := []struct {
		name string
		text string
		want [numCues]int
	}{
		{"refute", "Police say the photo is a hoax and deny the story", [numCues]int{Refute: 2, Report: 1}},
		{"hedge", "The singer reportedly may retire", [numCues]int{Hedge: 2}},
		{"negation", "He didn't go and never will", [numCues]int{Negation: 2}},
		{"none", "The cat sat on the mat", [numCues]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Cues(tt.text); got != tt.want {
				t.Errorf("Cues(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestCueRule(t *testing.T) {
	tests := []struct{ headline, want string }{
		{"No, the burger is not 20 years old: it's a hoax", Against},
		{"Apple reportedly preparing a 12-inch MacBook", Observing},
		{"Is this the world's oldest burger?", Observing},
		{"Man keeps burger for 20 years", For},
	}
	for _, tt := range tests {
		t.Run(tt.headline, func(t *testing.T) {
			if got := CueRule(tt.headline); got != tt.want {
				t.Errorf("CueRule = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestTrain checks that the logistic regression separates a toy problem in
// both its dense and sparse parts.
func TestTrain(t *testing.T) {
	var x []Row
	var y []int
	for i := 0; i < 200; i++ {
		v := float64(i%20) / 20
		c := 0
		if v > 0.5 {
			c = 1
		}
		sp := []Sparse{{I: i % 2, V: 1}}
		if i%2 == 1 && c == 0 {
			c = 2 // class 2: low value with sparse feature 1
		}
		x = append(x, Row{Dense: []float64{v}, Sparse: sp})
		y = append(y, c)
	}
	m := Train([]string{"a", "b", "c"}, x, y, TrainOptions{L2: 1e-4, SparseL2: 1e-4, Epochs: 400, NSparse: 2})
	wrong := 0
	for i := range x {
		if m.Predict(x[i]) != y[i] {
			wrong++
		}
	}
	if wrong > 10 {
		t.Errorf("%d of %d training rows misclassified", wrong, len(x))
	}
	p := m.Probs(x[0])
	var sum float64
	for _, v := range p {
		sum += v
	}
	if sum < 0.999 || sum > 1.001 {
		t.Errorf("probabilities sum to %v", sum)
	}
}

func TestFeatures(t *testing.T) {
	body := "The video was a hoax, police said. Officials denied that the shark swam in the street. No shark was found."
	idf := NewIDF([]string{body, "Another story about elections and votes."})
	b := Prepare(body, idf)
	related := Features("Shark swims in flooded street", b, idf)
	unrelated := Features("Elections postponed in the capital", b, idf)
	if len(related.Dense) != len(FeatureNames) {
		t.Fatalf("%d features, %d names", len(related.Dense), len(FeatureNames))
	}
	if related.Dense[0] <= unrelated.Dense[0] {
		t.Errorf("cosine related %.3f <= unrelated %.3f", related.Dense[0], unrelated.Dense[0])
	}
	if related.Dense[7] == 0 { // refute_top: "hoax", "denied" in the best sentences
		t.Errorf("no refuting cue found in the best-matching sentences")
	}
	for _, s := range related.Sparse {
		if s.I < 0 || s.I >= HashDim {
			t.Fatalf("hashed index %d out of range", s.I)
		}
	}
	row := HeadlineFeatures("A shark swam in the street", "No, a shark did not swim in the street", idf)
	if len(row) == 0 || row[0] != 0 || row[2] == 0 {
		t.Errorf("headline features %v: want a negation and no refuting word", row[:5])
	}
}

// FuzzFeatures feeds arbitrary claim and body text (untrusted input) to the
// feature extractors: they must not panic and must keep their shape.
func FuzzFeatures(f *testing.F) {
	f.Add("Shark swims in street", "Police said it was a hoax.\n\nNo shark was found.")
	f.Add("", "")
	f.Add("?", "«»\u200b\n\n\n")
	f.Add("Ümlaut über alles", "Ça n'est pas vrai. It isn't true!")
	f.Fuzz(func(t *testing.T, claim, body string) {
		idf := NewIDF([]string{body})
		r := Features(claim, Prepare(body, idf), idf)
		if len(r.Dense) != len(FeatureNames) {
			t.Fatalf("%d features", len(r.Dense))
		}
		if h := HeadlineFeatures(claim, body, idf); len(h) != len(HeadlineFeatures("a", "b", idf)) {
			t.Fatalf("headline features change shape")
		}
		_ = PeerFeatures([]string{claim, body})
	})
}

func BenchmarkFeatures(b *testing.B) {
	body := strings.Repeat("Officials denied reports that the shark swam in the flooded street on Sunday. ", 30)
	idf := NewIDF([]string{body})
	pb := Prepare(body, idf)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Features("Shark swims in flooded street after storm", pb, idf)
	}
}
