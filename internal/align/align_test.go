package align

import (
	"strings"
	"testing"
)

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		min, max float64
		kind     string
	}{
		{"exact", "The council voted to rebuild the pier on Tuesday.", "The council voted to rebuild the pier on Tuesday.", 0.95, 1, KindExact},
		{"exact up to case and punctuation", "The council voted to rebuild the pier on Tuesday.", "the council voted, to rebuild the pier on tuesday", 0.95, 1, KindExact},
		{"near exact", "Mayor Ana Sorensen said work on the pier could begin as early as May.", "Mayor Ana Sorensen said work on the old pier could begin as soon as May.", 0.6, 1, KindNearExact},
		{"translated names", "The same goes for Latvia's Foreign Minister Krišjānis Kariņš, who went on a media tour last year.", "The same goes for Latvia's foreign minister, Kristianis Karinish, who last year went on a media tour.", 0.55, 1, KindTranslation},
		{"misspelt name", "Prime Minister Kaja Kallas expressed interest in the post during an event in Tallinn.", "Prime Minister Kaja Kalas expressed interest in the leadership post during an event.", 0.5, 1, KindTranslation},
		{"paraphrase", "Mayor Ana Sorensen said construction on the historic pier could start in May.", "Construction on the historic pier may start in May, Mayor Ana Sorensen said.", 0.4, 1, KindParaphrase},
		{"same topic only", "The council voted to rebuild the pier on Tuesday.", "Opponents of the pier say flood defences matter more to the council.", 0, 0.35, ""},
		{"unrelated", "Shares in the chip maker fell sharply.", "The council voted to rebuild the pier on Tuesday.", 0, 0.1, ""},
		{"empty", "", "The council voted.", 0, 0.01, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Similarity(tt.a, tt.b)
			if got < tt.min || got > tt.max {
				t.Errorf("Similarity = %.3f, want %.2f..%.2f", got, tt.min, tt.max)
			}
			if rev := Similarity(tt.b, tt.a); rev-got > 1e-9 || got-rev > 1e-9 {
				t.Errorf("not symmetric: %.4f vs %.4f", got, rev)
			}
			if tt.kind != "" {
				if k := Kind(tt.a, tt.b); k != tt.kind {
					t.Errorf("Kind = %q, want %q", k, tt.kind)
				}
			}
		})
	}
}

func TestNumbersLowerScore(t *testing.T) {
	a := "The council voted 7-2 to spend 4.5 million dollars on the pier."
	same := "The council voted 7-2 to spend 4.5 million dollars on the old pier."
	diff := "The council voted 5-4 to spend 9.5 million dollars on the old pier."
	if s1, s2 := Similarity(a, same), Similarity(a, diff); s2 >= s1 {
		t.Errorf("different numbers scored %.3f, same numbers %.3f; want lower", s2, s1)
	}
	if p1, p2 := ParaphraseProb(a, same), ParaphraseProb(a, diff); p2 >= p1 {
		t.Errorf("paraphrase prob with different numbers %.3f >= %.3f", p2, p1)
	}
}

func TestIsParaphrase(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"reordered", "Amrozi accused his brother, whom he called the witness, of deliberately distorting his evidence.", "Referring to him as only the witness, Amrozi accused his brother of deliberately distorting his evidence.", true},
		{"different facts", "Yucaipa owned Dominick's before selling the chain to Safeway in 1998 for $2.5 billion.", "Yucaipa bought Dominick's in 1995 for $693 million and sold it to Safeway for $1.8 billion in 1998.", false},
		{"unrelated", "The pier was built in 1903.", "Shares in the chip maker fell sharply after a profit warning.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsParaphrase(tt.a, tt.b); got != tt.want {
				t.Errorf("IsParaphrase = %v (p=%.3f), want %v", got, ParaphraseProb(tt.a, tt.b), tt.want)
			}
		})
	}
}

func TestAlign(t *testing.T) {
	a := []string{
		"Portvale's council voted on Tuesday to rebuild the Mill Street pier.",
		"The pier was badly damaged by a winter storm in January.",
		"Mayor Ana Sørensen said work could begin as early as May.",
		"Opponents wanted the money spent on flood defences.",
	}
	b := []string{
		"A spokesman for the harbour authority welcomed the decision.",
		"Mayor Ana Sorensen said work on it could begin as early as May.",
		"The Mill Street pier was badly damaged by a winter storm in January.",
		"Tourism officials expect visitors to return next summer.",
	}
	got := Align(a, b)
	want := []Match{{A: 1, B: 2}, {A: 2, B: 1}}
	if len(got) != len(want) {
		t.Fatalf("Align = %+v, want pairs %+v", got, want)
	}
	for i := range want {
		if got[i].A != want[i].A || got[i].B != want[i].B {
			t.Errorf("match %d = %+v, want %d-%d", i, got[i], want[i].A, want[i].B)
		}
		if got[i].Score < AlignThreshold || got[i].Kind == "" {
			t.Errorf("match %d has score %.3f kind %q", i, got[i].Score, got[i].Kind)
		}
	}
	if Align(nil, b) != nil {
		t.Error("empty side must align nothing")
	}
	// one-to-one: a duplicated sentence in a aligns once
	dup := Align([]string{b[1], b[1]}, b)
	if len(dup) != 1 {
		t.Errorf("duplicate sentence aligned %d times, want 1", len(dup))
	}
}

func TestFitDeterministic(t *testing.T) {
	x := [][]float64{{0, 1}, {1, 0}, {0.2, 0.9}, {0.9, 0.1}, {0.5, 0.5}, {0.6, 0.3}}
	y := []bool{false, true, false, true, true, false}
	m1, m2 := Fit(x, y, 1), Fit(x, y, 1)
	if m1.Bias != m2.Bias || m1.Weights[0] != m2.Weights[0] {
		t.Fatal("fit not deterministic")
	}
	if m1.Prob([]float64{1, 0}) <= m1.Prob([]float64{0, 1}) {
		t.Error("fit does not separate the obvious classes")
	}
	if len(FeatureNames()) != len(PairFeatures("a b", "a c")) {
		t.Error("feature names and features disagree")
	}
}

func BenchmarkSimilarity(b *testing.B) {
	x := "The same goes for Latvia's Foreign Minister Krišjānis Kariņš, who did a mini media tour last year to test the waters."
	y := "The same goes for Latvia's foreign minister, Kristianis Karinish, who last year went on a mini media tour to test the waters."
	for b.Loop() {
		Similarity(x, y)
	}
}

func BenchmarkAlign(b *testing.B) {
	// two 30-sentence articles, a third of the sentences rewritten from one to the other
	base := []string{
		"Portvale's council voted on Tuesday to rebuild the Mill Street pier.",
		"The pier was badly damaged by a winter storm in January.",
		"Mayor Ana Sørensen said work could begin as early as May.",
		"Opponents wanted the money spent on flood defences.",
		"The pier was built in 1903 and last renovated in 1987.",
		"About 31,000 visitors walked it each summer before the storm.",
	}
	var a, c []string
	for i := range 5 {
		for _, s := range base {
			a = append(a, s+" Item "+strings.Repeat("x", i+1)+".")
			c = append(c, "Reportedly, "+strings.ToLower(s[:1])+s[1:]+" Note "+strings.Repeat("y", i+1)+".")
		}
	}
	pa, pc := Prepare(a), Prepare(c)
	b.ResetTimer()
	for b.Loop() {
		AlignPrepared(pa, pc)
	}
}

func TestCoverage(t *testing.T) {
	whole := "Dutch Prime Minister Jan Smit has secured the support of two-thirds of the member states to lead the body, two officials said on Wednesday."
	tests := []struct {
		name     string
		part     string
		min, max float64
	}{
		{"restated", "two-thirds of member states backed Smit's nomination", 0.5, 1},
		{"unrelated", "the harbour pier was damaged by a storm", 0, 0.1},
		{"different number", "one-third of member states backed Smit in 2019", 0, 0.5},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Coverage(tt.part, whole); got < tt.min || got > tt.max {
				t.Errorf("Coverage = %.3f, want %.2f..%.2f", got, tt.min, tt.max)
			}
		})
	}
	p := Prepare([]string{"The harbour pier opened in 1903.", whole})
	if i, c := p.BestCoverage(tests[0].part); i != 1 || c != Coverage(tests[0].part, whole) {
		t.Errorf("BestCoverage = %d, %.3f", i, c)
	}
}

func FuzzSimilarity(f *testing.F) {
	f.Add("The council voted 7-2 on Tuesday.", "On Tuesday the council voted 7-2.")
	f.Add("Kariņš said no.", "Karinish didn't say it")
	f.Add("", "\xff\xfe")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := Similarity(a, b)
		if s < 0 || s > 1 || s != s {
			t.Fatalf("Similarity = %v", s)
		}
		if p := ParaphraseProb(a, b); p < 0 || p > 1 || p != p {
			t.Fatalf("ParaphraseProb = %v", p)
		}
		if c := Coverage(a, b); c < 0 || c > 1 {
			t.Fatalf("Coverage = %v", c)
		}
		for _, m := range Align([]string{a, b}, []string{b, a}) {
			if m.A < 0 || m.A > 1 || m.B < 0 || m.B > 1 {
				t.Fatalf("bad match %+v", m)
			}
		}
	})
}

// TestConcurrent runs the analysis from several goroutines: the lazily
// parsed tables must be safe to share (run with -race).
func TestConcurrent(t *testing.T) {
	done := make(chan float64)
	for range 4 {
		go func() {
			done <- Similarity("Kaja Kallas backed the plan on Tuesday.", "Kaja Kalas supported the plan on Tuesday.")
		}()
	}
	first := <-done
	for range 3 {
		if s := <-done; s != first {
			t.Errorf("concurrent scores differ: %v vs %v", s, first)
		}
	}
}
