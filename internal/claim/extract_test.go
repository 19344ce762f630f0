package claim

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

func TestQuantities(t *testing.T) {
	tests := []struct {
		name, s  string
		text     string
		approx   string
		value    float64
		of       float64
		unit     string
		lo, hi   float64
		wantNone bool
	}{
		{name: "over", s: "over 20 NATO allies are prepared to support him", text: "over 20", approx: "over", value: 20, unit: "allies", lo: 20, hi: math.Inf(1)},
		{name: "fraction", s: "the support of two-thirds of NATO countries", text: "two-thirds", approx: "fraction", value: 2.0 / 3, unit: "countries", lo: 2.0/3 - 0.05, hi: 2.0/3 + 0.05},
		{name: "about", s: "around 10 were still holding back", text: "around 10", approx: "about", value: 10, lo: 8, hi: 12},
		{name: "of whole", s: "18 of the 31 NATO countries will meet the target", text: "18 of the 31", approx: "exact", value: 18, of: 31, unit: "countries", lo: 18, hi: 18},
		{name: "percent", s: "the target of 2 percent of GDP", text: "2 percent", approx: "exact", value: 2, unit: "percent", lo: 2, hi: 2},
		{name: "more than", s: "more than 300 people were evacuated", text: "more than 300", approx: "over", value: 300, unit: "people", lo: 300, hi: math.Inf(1)},
		{name: "age is not a count", s: "Rutte, 56, has support from many members", wantNone: true},
		{name: "year is not a count", s: "He has led the alliance since 2014", wantNone: true},
		{name: "duration is not a count", s: "He is wrapping up 13 years as premier", wantNone: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := quantities(tt.s)
			if tt.wantNone {
				if len(qs) != 0 {
					t.Fatalf("quantities(%q) = %+v, want none", tt.s, qs)
				}
				return
			}
			if len(qs) == 0 {
				t.Fatalf("quantities(%q) found none", tt.s)
			}
			q := qs[0]
			if q.Text != tt.text || q.Approx != tt.approx || math.Abs(q.Value-tt.value) > 1e-9 || q.Of != tt.of || q.Unit != tt.unit {
				t.Errorf("got %+v", q)
			}
			if math.Abs(q.Low-tt.lo) > 1e-9 || (q.High != tt.hi && math.Abs(q.High-tt.hi) > 1e-9) {
				t.Errorf("range [%v, %v], want [%v, %v]", q.Low, q.High, tt.lo, tt.hi)
			}
		})
	}
}

func TestCompatible(t *testing.T) {
	q := func(s string) Quantity { return quantities(s)[0] }
	tests := []struct {
		name  string
		a, b  string
		whole float64
		want  bool
	}{
		{"over 20 and two-thirds of 31", "over 20 allies", "two-thirds of the 31 allies", 0, true},
		{"over 20 and two-thirds with known whole", "over 20 allies", "two-thirds of allies", 31, true},
		{"over 20 and half of 31", "over 20 allies", "half of the 31 allies", 0, false},
		{"12 and 40 dead", "12 people died", "40 people died", 0, false},
		{"around 10 and 11", "around 10 countries", "11 countries", 0, true},
		{"fraction without whole", "over 20 allies", "two-thirds of allies", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compatible(q(tt.a), q(tt.b), tt.whole); got != tt.want {
				t.Errorf("Compatible(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestExtract(t *testing.T) {
	body := `Turkey has reportedly sought assurances, according to Bloomberg. "We will continue to hear their questions," the first official said. Hungary has not backed the plan. Over 20 allies support him, a NATO official said.`
	d := Doc{ID: "x", Text: body, Published: time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC)}
	cs := Extract(d)
	if len(cs) != 4 {
		t.Fatalf("%d claims, want 4", len(cs))
	}
	tests := []struct {
		name    string
		c       Claim
		hedged  bool
		negated bool
		source  string
		quotes  int
		qty     int
	}{
		{"hedged and attributed", cs[0], true, false, "Bloomberg", 0, 0},
		{"quote", cs[1], false, false, "the first official", 1, 0},
		{"negated", cs[2], false, true, "", 0, 0},
		{"quantity and trailing source", cs[3], false, false, "a NATO official", 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			if (c.Modality == "hedged") != tt.hedged || c.Negated != tt.negated || len(c.Quotes) != tt.quotes || len(c.Quantities) != tt.qty {
				t.Errorf("claim %q: modality %s negated %v quotes %d quantities %d", c.Text, c.Modality, c.Negated, len(c.Quotes), len(c.Quantities))
			}
			src := ""
			if c.Attribution != nil {
				src = c.Attribution.Source
			}
			if src != tt.source {
				t.Errorf("claim %q: source %q, want %q", c.Text, src, tt.source)
			}
			if body[c.Start:c.End] != c.Text {
				t.Errorf("offsets [%d,%d) do not give the sentence", c.Start, c.End)
			}
		})
	}
}

// FuzzExtract feeds arbitrary text (untrusted article input) through
// extraction and analysis: no panics, offsets inside the text.
func FuzzExtract(f *testing.F) {
	f.Add("Over 20 allies support him, a NATO official said. \"Not final,\" he added.")
	f.Add("According to")
	f.Add("“unclosed quote and 2/3 of 31 and around")
	f.Add("said, said, said.")
	f.Fuzz(func(t *testing.T, s string) {
		d := Doc{ID: "f", Text: s, Sentences: text.Sentences(s)}
		for _, c := range Extract(d) {
			if c.Start < 0 || c.End > len(s) || c.Start > c.End {
				t.Fatalf("bad offsets %d..%d in %d bytes", c.Start, c.End, len(s))
			}
			for _, q := range c.Quotes {
				if q.Start < 0 || q.End > len(c.Text) {
					t.Fatalf("bad quote span %+v", q)
				}
			}
		}
		Analyze(Input{Docs: []Doc{d, {ID: "g", Text: strings.ToUpper(s)}}})
	})
}

func BenchmarkAnalyze(b *testing.B) {
	in, _ := seedInput(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(in)
	}
}

// TestQuantityJSON checks that an unbounded range marshals (JSON has no
// infinity) and a bounded one keeps its upper end.
func TestQuantityJSON(t *testing.T) {
	for _, tt := range []struct{ s, want string }{
		{"over 20 allies", `"high":null`},
		{"around 10 countries", `"high":12`},
	} {
		b, err := json.Marshal(quantities(tt.s)[0])
		if err != nil {
			t.Fatalf("%s: %v", tt.s, err)
		}
		if !strings.Contains(string(b), tt.want) {
			t.Errorf("%s: %s lacks %s", tt.s, b, tt.want)
		}
	}
}

// FuzzAnalyze runs whole stories built from arbitrary text through entity
// and time recognition and the analysis: no panics, sides well formed.
func FuzzAnalyze(f *testing.F) {
	f.Add("Spain backs Maria Lopez's bid. Over 20 allies support her, a diplomat said.", "Spain opposes Maria Lopez's candidacy. Maria Lopez's rivals are Tom Hale and Ann Park.")
	f.Add("The vote will be held in March.", "The vote will be held in June, officials said.")
	f.Add("", "No.")
	f.Add("The People's Union, whose 11 seats matter, said it would back the plan only if a study is done. The Harbour Workers' Union backs the plan, and the Green Party, which is opposed.",
		"Acme Shipping pledged €120 million to the project. Acme is the only bidder. The ministry would not support the plan without guarantees. The decision requires a two-thirds majority of the 45-member council, or 30 votes.")
	f.Add("Acme Shipping promised 210 million euros for the project, a rival said.", "Acme is not the only bidder: two companies besides Acme Shipping bid for the plan.")
	f.Fuzz(func(t *testing.T, a, b string) {
		day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		r := Analyze(BuildInput([]news.Article{{ID: "a", Text: a, Published: day}, {ID: "b", Text: b, Published: day.AddDate(0, 1, 0)}}, [][]string{{"a"}}))
		for _, c := range r.Conflicts {
			for _, s := range c.Sides {
				if len(s.Articles) != len(s.Published) || len(s.Articles) != len(s.Outlets) || len(s.Evidence) == 0 {
					t.Fatalf("malformed side %+v", s)
				}
			}
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatal(err)
		}
	})
}
