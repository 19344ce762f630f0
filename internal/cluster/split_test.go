package cluster

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// leadOf builds a unit lead vector over the given words (as terms).
func leadOf(words string) map[string]float64 {
	ws := strings.Fields(words)
	m := map[string]float64{}
	for _, w := range ws {
		m[termPrefix+w] = 1 / math.Sqrt(float64(len(ws)))
	}
	return m
}

// event returns n members of one event of a shared kind: all share the
// topic words, each event has its own names and lead, and each article a
// word of its own.
func event(prefix string, n int, own, ents string) []Member {
	var out []Member
	for i := range n {
		id := fmt.Sprintf("%s%d", prefix, i)
		f := feat("arrest dui charger polic suspicion drive team "+own+" w"+id, "chargers san diego "+ents, time.Time{})
		f.Lead = leadOf(own + " arrest")
		out = append(out, Member{ID: id, Features: f})
	}
	return out
}

func TestReclusterSplitsEventsOfOneKind(t *testing.T) {
	jackson := event("j", 6, "receiv freeway tuesday probat", "vincent jackson")
	williams := event("w", 5, "lineman tackl sunday nose", "jamal williams")
	tests := []struct {
		name string
		in   []Group
		want map[string][]string
	}{
		{"one story holding two events is split; the larger keeps the id",
			[]Group{{ID: "s1", Members: append(slices.Clone(jackson), williams...)}},
			map[string][]string{"s1": ids(jackson), "": ids(williams)}},
		{"two events already apart stay apart",
			[]Group{{ID: "s1", Members: jackson}, {ID: "s2", Members: williams}},
			map[string][]string{"s1": ids(jackson), "s2": ids(williams)}},
		{"fragments of each event come together under the ids of their largest pieces",
			[]Group{{ID: "s1", Members: jackson[:2]}, {ID: "s2", Members: append(slices.Clone(jackson[2:]), williams[:1]...)}, {ID: "s3", Members: williams[1:]}},
			map[string][]string{"s2": ids(jackson), "s3": ids(williams)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string][]string{}
			for _, g := range Recluster(tt.in, DefaultConfig()) {
				for _, m := range g.Members {
					got[g.ID] = append(got[g.ID], m.ID)
				}
				slices.Sort(got[g.ID])
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Recluster = %v, want %v", got, tt.want)
			}
		})
	}
}

func ids(ms []Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	slices.Sort(out)
	return out
}

func TestAssignIDs(t *testing.T) {
	m := func(id string) Member { return Member{ID: id} }
	groups := []Group{{ID: "s1", Members: []Member{m("a"), m("b"), m("c")}}, {ID: "s2", Members: []Member{m("d"), m("e")}}}
	origin := map[string]int{"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}
	tests := []struct {
		name  string
		parts [][]Member
		want  string
	}{
		{"unchanged", [][]Member{{m("a"), m("b"), m("c")}, {m("d"), m("e")}}, "s1:abc s2:de"},
		{"merged story keeps the larger id", [][]Member{{m("a"), m("b"), m("c"), m("d"), m("e")}}, "s1:abcde"},
		{"split story: the larger part keeps the id", [][]Member{{m("a")}, {m("b"), m("c")}, {m("d"), m("e")}}, "s1:bc s2:de :a"},
		{"a part takes the id it overlaps most", [][]Member{{m("a"), m("d"), m("e")}, {m("b"), m("c")}}, "s1:bc s2:ade"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, g := range assignIDs(groups, tt.parts, origin) {
				var b strings.Builder
				for _, x := range g.Members {
					b.WriteString(x.ID)
				}
				got = append(got, g.ID+":"+b.String())
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("assignIDs = %q, want %q", s, tt.want)
			}
		})
	}
}

func TestAverageLink(t *testing.T) {
	sim := [][]float64{
		{1, 0.9, 0.1, 0.0},
		{0.9, 1, 0.2, 0.1},
		{0.1, 0.2, 1, 0.8},
		{0.0, 0.1, 0.8, 1},
	}
	tests := []struct {
		name string
		cut  float64
		k    int
		want string
	}{
		{"cut keeps two clusters", 0.5, 1, "[0 0 2 2]"},
		{"low cut joins all", 0.05, 1, "[0 0 0 0]"},
		{"k stops at two", math.Inf(-1), 2, "[0 0 2 2]"},
		{"high cut joins nothing", 0.95, 1, "[0 1 2 3]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(averageLink(sim, tt.cut, tt.k)); got != tt.want {
				t.Errorf("averageLink = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestLead(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"headline, date line and two sentences",
			"Quake hits the coast\nMay 3, 2013\nA strong quake hit the coast on Friday. Ten people died in the town. Rescue teams arrived later.",
			"Quake hits the coast\nMay 3, 2013\nA strong quake hit the coast on Friday. Ten people died in the town."},
		{"short kicker does not count", "Breaking\nThe council voted to close the mine. Workers protested at the gate. The union will appeal the ruling. More later.",
			"Breaking\nThe council voted to close the mine. Workers protested at the gate. The union will appeal the ruling."},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lead(tt.in); got != tt.want {
				t.Errorf("lead = %q, want %q", got, tt.want)
			}
		})
	}
}

func BenchmarkRecluster(b *testing.B) {
	m := NewMemory(DefaultConfig())
	by := map[string][]Member{}
	var order []string
	for d := range Synth(5, 2000) {
		r := m.Ingest(d.Doc)
		if _, ok := by[r.StoryID]; !ok {
			order = append(order, r.StoryID)
		}
		by[r.StoryID] = append(by[r.StoryID], Member{ID: d.ID, Features: r.Features})
	}
	gs := make([]Group, 0, len(order))
	for _, id := range order {
		gs = append(gs, Group{ID: id, Members: by[id]})
	}
	for b.Loop() {
		Recluster(gs, DefaultConfig())
	}
}
