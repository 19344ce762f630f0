package claim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

type testCase struct {
	Name string `json:"name"`
	Docs []struct {
		ID        string `json:"id"`
		Outlet    string `json:"outlet"`
		Published string `json:"published"`
		Text      string `json:"text"`
	} `json:"docs"`
	Want    []string          `json:"want"`
	Sides   [][]string        `json:"sides"`
	Stances map[string]string `json:"stances"`
	// Rows is the number of stance rows expected, when given (-1: any)
	Rows   *int `json:"rows"`
	Change bool `json:"change"`
}

func loadCases(t testing.TB) []testCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cs []testCase
	if err := json.Unmarshal(b, &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

func (tc testCase) input() Input {
	var arts []news.Article
	for _, d := range tc.Docs {
		p, _ := time.Parse("2006-01-02", d.Published)
		arts = append(arts, news.Article{ID: d.ID, Outlet: d.Outlet, Published: p, Text: d.Text})
	}
	return BuildInput(arts, nil)
}

// TestConflictKinds runs the hand-written stories of testdata/cases.json:
// one per contradiction kind, and the cases that must not be flagged.
func TestConflictKinds(t *testing.T) {
	for _, tc := range loadCases(t) {
		t.Run(tc.Name, func(t *testing.T) {
			r := Analyze(tc.input())
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("marshal result: %v", err)
			}
			var kinds []string
			for _, c := range r.Conflicts {
				kinds = append(kinds, c.Kind)
			}
			if strings.Join(kinds, ",") != strings.Join(tc.Want, ",") {
				b, _ := json.MarshalIndent(r.Conflicts, "", "  ")
				t.Fatalf("conflict kinds %v, want %v\n%s", kinds, tc.Want, b)
			}
			if len(tc.Sides) == 2 {
				c := r.Conflicts[0]
				for i, want := range tc.Sides {
					if strings.Join(c.Sides[i].Articles, ",") != strings.Join(want, ",") {
						t.Errorf("side %d articles %v, want %v", i, c.Sides[i].Articles, want)
					}
					if len(c.Sides[i].Outlets) != len(want) || c.Sides[i].Outlets[0] == "" || len(c.Sides[i].Published) == 0 || c.Sides[i].Text == "" {
						t.Errorf("side %d lacks outlet, date or text: %+v", i, c.Sides[i])
					}
				}
				if c.PossibleChange != tc.Change {
					t.Errorf("possible change = %v, want %v", c.PossibleChange, tc.Change)
				}
			}
			if tc.Rows != nil && len(r.Stances) != *tc.Rows {
				t.Errorf("%d stance rows, want %d: %+v", len(r.Stances), *tc.Rows, r.Stances)
			}
			got := map[string]string{}
			for _, s := range r.Stances {
				got[s.Actor] = s.Stance
			}
			for actor, want := range tc.Stances {
				if got[actor] != want {
					t.Errorf("stance of %s = %q, want %q (board %v)", actor, got[actor], want, got)
				}
			}
		})
	}
}

// TestFewConflictsOnOtherStories runs the analysis on the five NewsWCL50
// events (five US outlets on one story each, written by others): outlets of
// different leaning word things differently but rarely contradict each
// other's facts, so a flood of conflicts there means false alarms.
func TestFewConflictsOnOtherStories(t *testing.T) {
	path := filepath.Join(sharedDir(t), "eval", "cluster", "newswcl50-dev.jsonl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skip("NewsWCL50 absent")
	}
	events := map[string][]news.Article{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var r struct{ ID, Text, Event string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		events[r.Event] = append(events[r.Event], news.Article{ID: r.ID, Text: r.Text})
	}
	total, agreed := 0, 0
	for ev, arts := range events {
		r := Analyze(BuildInput(arts, nil))
		total += len(r.Conflicts)
		for _, g := range r.Claims {
			if g.Status == Agreed {
				agreed++
			}
		}
		if len(r.Conflicts) > 2 {
			t.Errorf("event %s: %d conflicts", ev, len(r.Conflicts))
		}
	}
	if total > 3 {
		t.Errorf("%d conflicts over %d events", total, len(events))
	}
	if agreed < 3*len(events) {
		t.Errorf("only %d agreed claims over %d events", agreed, len(events))
	}
}

// TestIndependentSources checks that copies count once: a claim made by an
// article and its rewrite stands on one source, the same claim in an
// unrelated report on two.
func TestIndependentSources(t *testing.T) {
	day := time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)
	arts := []news.Article{
		{ID: "a", Outlet: "Daily Ledger", Published: day, Text: "The bridge over the Varna river will reopen on June 3 after repairs costing 40 million euros, the transport ministry said. Engineers found cracks in two pillars."},
		{ID: "b", Outlet: "Copy Wire", Published: day, Text: "The bridge over the Varna river will reopen on June 3 after repairs costing 40 million euros, the transport ministry said. Traffic will be diverted until then."},
		{ID: "c", Outlet: "Evening Post", Published: day, Text: "Engineers found cracks in two pillars of the bridge over the Varna river, according to the transport ministry."},
	}
	r := Analyze(BuildInput(arts, [][]string{{"a", "b"}, {"c"}}))
	find := func(word string) *Group {
		for i, g := range r.Claims {
			if strings.Contains(g.Text, word) {
				return &r.Claims[i]
			}
		}
		return nil
	}
	reopen, cracks := find("reopen"), find("cracks")
	if reopen == nil || cracks == nil {
		t.Fatalf("groups missing: %+v", r.Claims)
	}
	if len(reopen.Articles) != 2 || reopen.IndependentSources != 1 || reopen.Status != SingleSource {
		t.Errorf("reopening: %d articles, %d sources, %s; want 2, 1, single-source", len(reopen.Articles), reopen.IndependentSources, reopen.Status)
	}
	if cracks.IndependentSources != 2 || cracks.Status != Agreed {
		t.Errorf("cracks: %d sources, %s; want 2, agreed", cracks.IndependentSources, cracks.Status)
	}
}
