package claim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// seedsDir locates ../shared/seeds beside the repository, or skips.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "gold", "seeds.json")); err != nil {
		t.Skip("shared seeds absent")
	}
	return dir
}

type seedGold struct {
	Documents map[string]struct {
		Outlet          *string `json:"outlet"`
		PublishedApprox string  `json:"published_approx"`
	} `json:"documents"`
	Conflicts []struct {
		ID    string `json:"id"`
		SideA struct {
			Docs []string `json:"docs"`
		} `json:"side_a"`
		SideB struct {
			Docs []string `json:"docs"`
		} `json:"side_b"`
	} `json:"conflicts"`
	Agreements []struct {
		Claim string   `json:"claim"`
		Docs  []string `json:"docs"`
	} `json:"agreements"`
	Stances struct {
		Actors []struct {
			Actor  string `json:"actor"`
			Stance string `json:"stance"`
		} `json:"actors"`
	} `json:"stances"`
}

// seedInput builds the analysis input from the seed texts; outlets and
// dates come from the gold annotation, as ingest would supply them.
func seedInput(t testing.TB) (Input, seedGold) {
	dir := sharedDir(t)
	var g seedGold
	b, err := os.ReadFile(filepath.Join(dir, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "seeds", "*.txt"))
	sort.Strings(files)
	var arts []news.Article
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		short := id[:3]
		a := news.Article{ID: short, Text: string(body)}
		if d, ok := g.Documents[id]; ok {
			if d.Outlet != nil {
				a.Outlet = *d.Outlet
			}
			p := d.PublishedApprox
			if len(p) == 7 {
				p += "-15"
			}
			a.Published, _ = time.Parse("2006-01-02", p)
		}
		arts = append(arts, a)
	}
	return BuildInput(arts, [][]string{{"000"}, {"001"}, {"002", "003"}, {"004"}}), g
}

func TestSeedsDump(t *testing.T) {
	if os.Getenv("CLAIM_DUMP") == "" {
		t.Skip("set CLAIM_DUMP=1 to print the seed analysis")
	}
	in, _ := seedInput(t)
	r := Analyze(in)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(r)
}

// TestSeeds checks the analysis of the five seed reports against the hand
// annotation: its three conflicts, its agreements, its stance board and
// its decision rule.
func TestSeeds(t *testing.T) {
	in, g := seedInput(t)
	r := Analyze(in)
	if r.Target != "Mark Rutte" {
		t.Errorf("target = %q", r.Target)
	}
	short := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id[:3]] = true
		}
		return m
	}
	t.Run("conflicts", func(t *testing.T) {
		if len(r.Conflicts) > 4 {
			t.Errorf("%d conflicts, want the 3 of the gold and few others", len(r.Conflicts))
		}
		for _, gc := range g.Conflicts {
			a, b := short(gc.SideA.Docs), short(gc.SideB.Docs)
			found := false
			for _, c := range r.Conflicts {
				if len(c.Sides) != 2 {
					continue
				}
				for _, flip := range []bool{false, true} {
					sa, sb := c.Sides[0], c.Sides[1]
					if flip {
						sa, sb = sb, sa
					}
					if covers(sa.Articles, a) && covers(sb.Articles, b) && disjoint(sa.Articles, b) && disjoint(sb.Articles, a) {
						found = true
						for _, s := range []Side{sa, sb} {
							if len(s.Evidence) == 0 || len(s.Published) != len(s.Articles) {
								t.Errorf("%s: side %q lacks evidence or dates", gc.ID, s.Claim)
							}
						}
					}
				}
			}
			if !found {
				t.Errorf("conflict %s not found with sides %v / %v", gc.ID, gc.SideA.Docs, gc.SideB.Docs)
			}
		}
	})
	t.Run("agreements", func(t *testing.T) {
		// words that identify each gold agreement in a group's sentences
		keys := map[int][]string{0: {"unanim", "consensus"}, 1: {"2014"}, 2: {"October"}, 3: {"support"},
			4: {"two-thirds", "over 20"}, 5: {"October"}, 6: {"very likely"}, 7: {"75th"}}
		lineage := map[string]string{"000": "a", "001": "b", "002": "c", "003": "c", "004": "d"}
		found := 0
		for i, ga := range g.Agreements {
			want := map[string]bool{}
			for _, d := range ga.Docs {
				want[d] = true
			}
			lins := map[string]bool{}
			for d := range want {
				lins[lineage[d]] = true
			}
			ok := false
			for _, grp := range r.Claims {
				hit := 0
				for _, a := range grp.Articles {
					if want[a] {
						hit++
					}
				}
				if hit < 2 || hit < len(grp.Articles)-1 || !mentionsAny(grp, keys[i]) {
					continue
				}
				gl := map[string]bool{}
				for _, a := range grp.Articles {
					gl[lineage[a]] = true
				}
				if grp.IndependentSources != len(gl) {
					t.Errorf("agreement %q: independent_sources %d, want %d", ga.Claim, grp.IndependentSources, len(gl))
				}
				if len(lins) >= 2 && grp.IndependentSources >= 2 && grp.Status != Agreed && grp.Status != Disputed {
					continue
				}
				ok = true
				break
			}
			if ok {
				found++
			} else {
				t.Logf("agreement not found: %s", ga.Claim)
			}
		}
		if found < 7 {
			t.Errorf("found %d of %d agreements, want at least 7", found, len(g.Agreements))
		}
	})
	t.Run("stances", func(t *testing.T) {
		want := map[string]string{"United States": StanceSupport, "France": StanceSupport, "Germany": StanceSupport,
			"Turkey": StanceDisputed, "Hungary": StanceDisputed, "Baltic states": StanceUndecided}
		got := map[string]StanceRow{}
		for _, s := range r.Stances {
			got[s.Actor] = s
		}
		for actor, st := range want {
			row, ok := got[actor]
			if !ok {
				t.Errorf("no stance row for %s", actor)
				continue
			}
			if row.Stance != st {
				t.Errorf("%s: stance %s, want %s", actor, row.Stance, st)
			}
			for _, e := range row.Evidence {
				if e.Text == "" || e.Article == "" || e.Published.IsZero() {
					t.Errorf("%s: evidence without text, article or date: %+v", actor, e)
				}
			}
		}
		if docs := articleSet(got["United States"].Evidence); !docs["002"] || !docs["003"] || !docs["004"] {
			t.Errorf("United States support evidence from %v, want 002, 003, 004", docs)
		}
	})
	t.Run("json", func(t *testing.T) {
		// the field names the claims command and the brief JSON use
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Claims    []map[string]any `json:"claims"`
			Conflicts []struct {
				Topic string           `json:"topic"`
				Sides []map[string]any `json:"sides"`
			} `json:"conflicts"`
			Stances []struct {
				Actor, Target, Stance string
				Evidence              []map[string]any `json:"evidence"`
			} `json:"stances"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		has := func(what string, obj map[string]any, keys ...string) {
			for _, k := range keys {
				if _, ok := obj[k]; !ok {
					t.Errorf("%s lacks %q: %v", what, k, obj)
				}
			}
		}
		if len(m.Claims) == 0 || len(m.Conflicts) == 0 || len(m.Stances) == 0 {
			t.Fatalf("empty result: %s", b)
		}
		has("claim", m.Claims[0], "text", "status", "articles", "independent_sources")
		has("side", m.Conflicts[0].Sides[0], "text", "articles", "published", "outlets")
		has("evidence", m.Stances[0].Evidence[0], "article", "text", "published")
		if m.Conflicts[0].Topic == "" || m.Stances[0].Actor == "" || m.Stances[0].Target == "" || m.Stances[0].Stance == "" {
			t.Errorf("empty topic, actor, target or stance")
		}
	})
	t.Run("rule", func(t *testing.T) {
		if len(r.Rules) != 1 || r.Rules[0].Kind != "unanimity" || r.Rules[0].Members != 31 {
			t.Fatalf("rules = %+v, want unanimity among 31", r.Rules)
		}
		if r.Rules[0].Tally.Support < 20 || r.Rules[0].Satisfied {
			t.Errorf("tally = %+v", r.Rules[0].Tally)
		}
	})
}

func covers(have []string, want map[string]bool) bool {
	n := 0
	for _, h := range have {
		if want[h] {
			n++
		}
	}
	return n == len(want)
}

func disjoint(have []string, other map[string]bool) bool {
	for _, h := range have {
		if other[h] {
			return false
		}
	}
	return true
}

func mentionsAny(g Group, words []string) bool {
	for _, s := range append([]Support{{Text: g.Text}}, g.Supports...) {
		for _, w := range words {
			if strings.Contains(s.Text, w) {
				return true
			}
		}
	}
	return false
}

func articleSet(ev []Evidence) map[string]bool {
	m := map[string]bool{}
	for _, e := range ev {
		m[e.Article] = true
	}
	return m
}
