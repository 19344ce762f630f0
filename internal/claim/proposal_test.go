package claim

import (
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

func TestReadRule(t *testing.T) {
	for _, tt := range []struct {
		name, s         string
		members, needed int
	}{
		{"n-member and votes", "The decision requires a two-thirds majority of the 45-member council, or 30 votes, and the ruling party holds 26 seats.", 45, 30},
		{"n of its m", "The council votes in May, and approval needs 30 of its 45 members.", 45, 30},
		{"all n", "The decision must be unanimous among all 27 member states.", 27, 0},
		{"dash votes", "The motion requires a two-thirds majority of the 60-member assembly — 40 votes — and the coalition holds 35 seats.", 60, 40},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Claim{Text: tt.s}
			s := prepareSentence(&c)
			annotate(s, nil)
			r := readRule(s)
			if r.kind == "" || r.members != tt.members || r.needed != tt.needed {
				t.Errorf("readRule = %+v, want members %d needed %d", r, tt.members, tt.needed)
			}
		})
	}
}

func TestMoneyQuantity(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want float64
		unit string
	}{
		{"Acme pledged €120 million towards the terminal.", 120e6, "EUR"},
		{"Acme promised 210 million euros for the terminal.", 210e6, "EUR"},
		{"The fund raised $2.5 billion last year.", 2.5e9, "USD"},
		{"The club paid £40m for him.", 0, ""}, // "40m" is not read as money
	} {
		t.Run(tt.s, func(t *testing.T) {
			qs := quantities(tt.s)
			got := Quantity{}
			for _, q := range qs {
				if strings.HasPrefix(q.Head, "money:") {
					got = q
				}
			}
			if got.Value != tt.want || got.Unit != tt.unit {
				t.Errorf("money in %q = %v %q, want %v %q", tt.s, got.Value, got.Unit, tt.want, tt.unit)
			}
		})
	}
}

func TestNegationScope(t *testing.T) {
	for _, tt := range []struct {
		name, s string
		stem    string
		want    bool
	}{
		{"relative clause", "The party holds 26 seats, leaving it dependent on the 11 councillors of the union, who have not said how they will vote.", "vote", false},
		{"clause word", "The minister has not said whether the vote will go ahead.", "vote", false},
		{"main predicate", "The ministry has not confirmed the deal.", "confirm", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := Claim{Text: tt.s}
			s := prepareSentence(&c)
			if got := negatedStems(s)[tt.stem]; got != tt.want {
				t.Errorf("negated %q = %v, want %v (%v)", tt.stem, got, tt.want, negatedStems(s))
			}
		})
	}
}

// proposalStory is a small invented story about a vote on a proposal,
// in other words than the example corpus.
func proposalStory() Input {
	day := time.Date(2025, 5, 5, 9, 0, 0, 0, time.UTC)
	arts := []news.Article{
		{ID: "a", Outlet: "Daily One", Published: day, Text: "Governor Ruth Almeida wants the assembly to approve her bridge plan in June.\n\n" +
			"The Northern Farmers' Union backs the plan. The Riverside Party said on Monday it would back the plan only if an independent audit is finished first.\n\n" +
			"Halvorsen Construction pledged $40 million towards the bridge last week. Halvorsen is the only bidder for the contract.\n\n" +
			"The Transport Ministry will not support the project without binding safety guarantees."},
		{ID: "b", Outlet: "Evening Two", Published: day.AddDate(0, 0, 2), Text: "The Transport Ministry has given the project its blessing, a source said.\n\n" +
			"The Harbour Residents' Association, a local group, filed a lawsuit to stop the project.\n\n" +
			"Halvorsen Construction promised 90 million dollars for the bridge, in exchange for a toll concession.\n\n" +
			"Halvorsen is not the only company that wants to build the bridge: two rivals also submitted bids."},
	}
	return BuildInput(arts, nil)
}

func TestProposalStances(t *testing.T) {
	r := Analyze(proposalStory())
	if !strings.HasPrefix(r.Target, "the ") {
		t.Fatalf("target = %q, want a proposal", r.Target)
	}
	want := map[string]string{
		"Northern Farmers' Union":        StanceSupport,
		"Riverside Party":                StanceConditional,
		"Transport Ministry":             StanceDisputed,
		"Harbour Residents' Association": StanceOppose,
	}
	got := map[string]string{}
	for _, row := range r.Stances {
		got[row.Actor] = row.Stance
		if strings.HasPrefix(row.Actor, "Halvorsen") && row.Stance != StanceSupport {
			t.Errorf("%s: %s, want support (money pledged)", row.Actor, row.Stance)
		}
	}
	for a, v := range want {
		if got[a] != v {
			t.Errorf("%s: stance %q, want %q (board %v)", a, got[a], v, got)
		}
	}
	kinds := map[string]bool{}
	for _, c := range r.Conflicts {
		kinds[c.Kind] = true
		if len(c.Sides) != 2 || len(c.Sides[0].Articles) == 0 || len(c.Sides[1].Articles) == 0 {
			t.Errorf("malformed conflict %+v", c)
		}
	}
	for _, k := range []string{OpposedPredicates, IncompatibleQuantity, MutuallyExclusive} {
		if !kinds[k] {
			t.Errorf("no %s conflict among %+v", k, r.Conflicts)
		}
	}
}

func BenchmarkAnalyzeExamples(b *testing.B) {
	in, _ := exampleInput(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Analyze(in)
	}
}
