package claim

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
)

// exampleGold is the part of examples/gold.json this test reads.
type exampleGold struct {
	Story struct {
		Docs []string `json:"docs"`
	} `json:"story"`
	Sources   map[string]json.RawMessage `json:"sources"`
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

var exampleOnce struct {
	sync.Once
	in   Input
	gold exampleGold
	err  error
	skip bool
}

// exampleInput reads the bundled example corpus the way the CLI does
// (package ingest: sidecars, HTML extraction, JSON Lines, boilerplate) and
// builds the analysis input of its story. Lineages come from the gold
// annotation's independent sources; the aggregator and the article of
// unknown origin stand alone.
func exampleInput(t testing.TB) (Input, exampleGold) {
	t.Helper()
	exampleOnce.Do(func() {
		root := filepath.Join("..", "..", "examples")
		b, err := os.ReadFile(filepath.Join(root, "gold.json"))
		if err != nil {
			exampleOnce.skip = true
			return
		}
		e := &exampleOnce
		if e.err = json.Unmarshal(b, &e.gold); e.err != nil {
			return
		}
		inStory := map[string]bool{}
		for _, d := range e.gold.Story.Docs {
			inStory[d] = true
		}
		var arts []news.Article
		r := ingest.NewReader(ingest.Options{})
		e.err = r.Read(context.Background(), filepath.Join(root, "corpus"), func(it ingest.Item) {
			if it.Article != nil && inStory[it.Article.ID] {
				arts = append(arts, *it.Article)
			}
		})
		if e.err != nil {
			return
		}
		sort.Slice(arts, func(i, j int) bool { return arts[i].ID < arts[j].ID })
		var lins [][]string
		for k, raw := range e.gold.Sources {
			var docs []string
			if k == "note" || k == "aggregator_or_unknown" || json.Unmarshal(raw, &docs) != nil {
				continue
			}
			if strings.HasPrefix(k, "derived_from_") {
				continue
			}
			if k == "Baltic Newswire" {
				var der []string
				json.Unmarshal(e.gold.Sources["derived_from_Baltic_Newswire"], &der)
				docs = append(docs, der...)
			}
			sort.Strings(docs)
			lins = append(lins, docs)
		}
		sort.Slice(lins, func(i, j int) bool { return lins[i][0] < lins[j][0] })
		e.in = BuildInput(arts, lins)
	})
	if exampleOnce.skip {
		t.Skip("examples absent")
	}
	if exampleOnce.err != nil {
		t.Fatal(exampleOnce.err)
	}
	if len(exampleOnce.in.Docs) != len(exampleOnce.gold.Story.Docs) {
		t.Fatalf("read %d story articles, want %d", len(exampleOnce.in.Docs), len(exampleOnce.gold.Story.Docs))
	}
	return exampleOnce.in, exampleOnce.gold
}

func TestExamplesDump(t *testing.T) {
	if os.Getenv("CLAIM_DUMP") == "" {
		t.Skip("set CLAIM_DUMP=1 to print the example analysis")
	}
	in, _ := exampleInput(t)
	r := Analyze(in)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(r)
}

// exampleActors says which stance rows stand for each gold actor: the
// recogniser may name an organisation by part of its name, or the person
// speaking for it.
var exampleActors = map[string]*regexp.Regexp{
	"Mateusz Borowiak":                regexp.MustCompile(`(?i)borowiak`),
	"Coastal Civic Party":             regexp.MustCompile(`(?i)coastal civic`),
	"Skarholm Shipping":               regexp.MustCompile(`(?i)skarholm`),
	"Zelwino Port Authority":          regexp.MustCompile(`(?i)port authority|aszewski`),
	"Zelwino Dockworkers' Union":      regexp.MustCompile(`(?i)dockworkers|dockers|kubiak`),
	"Alena Dvořáková":                 regexp.MustCompile(`(?i)^alena`),
	"People's Union":                  regexp.MustCompile(`(?i)people's union|nowicki`),
	"Northern Coast Water Authority":  regexp.MustCompile(`(?i)water authority|sadowska`),
	"Environment Ministry":            regexp.MustCompile(`(?i)environment|zieli`),
	"Blue Coast Alliance":             regexp.MustCompile(`(?i)blue coast|^zuzana`),
	"Green Alternative":               regexp.MustCompile(`(?i)green alternative`),
	"Zelwino Fishermen's Cooperative": regexp.MustCompile(`(?i)fishermen|wrona`),
	"Wydmino":                         regexp.MustCompile(`(?i)wydmino|pawlak`),
}

// TestExamples checks the analysis of the bundled example story (a second
// development case, unlike the seeds in every actor and wording) against
// its hand annotation: floors, not perfection.
func TestExamples(t *testing.T) {
	in, g := exampleInput(t)
	r := Analyze(in)
	sides := func(ids []string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	t.Run("conflicts", func(t *testing.T) {
		found := 0
		for _, gc := range g.Conflicts {
			a, b := sides(gc.SideA.Docs), sides(gc.SideB.Docs)
			ok := false
			for _, c := range r.Conflicts {
				if len(c.Sides) != 2 {
					continue
				}
				for _, flip := range []bool{false, true} {
					sa, sb := c.Sides[0], c.Sides[1]
					if flip {
						sa, sb = sb, sa
					}
					// each side holds some of its gold articles and none of
					// the other side's
					if overlaps(sa.Articles, a) && overlaps(sb.Articles, b) && disjoint(sa.Articles, b) && disjoint(sb.Articles, a) {
						ok = true
					}
				}
			}
			if ok {
				found++
			} else {
				t.Logf("conflict %s not found", gc.ID)
			}
		}
		if found < 2 {
			t.Errorf("found %d of %d gold conflicts, want at least 2", found, len(g.Conflicts))
		}
		if len(r.Conflicts) > len(g.Conflicts)+2 {
			t.Errorf("%d conflicts, want the %d of the gold and few others", len(r.Conflicts), len(g.Conflicts))
		}
		for _, c := range r.Conflicts {
			// a negation elsewhere in the sentence ("who have not said how
			// they will vote") does not deny the rule
			if c.Kind == OppositePolarity && strings.Contains(c.Topic, "requires") {
				t.Errorf("false polarity conflict: %s", c.Topic)
			}
		}
	})
	t.Run("rule", func(t *testing.T) {
		if len(r.Rules) != 1 {
			t.Fatalf("rules = %+v, want one", r.Rules)
		}
		if r.Rules[0].Members != 45 || r.Rules[0].Needed != 30 {
			t.Errorf("rule members %d, needed %d; want 45 and 30", r.Rules[0].Members, r.Rules[0].Needed)
		}
		// the mayor's party's 26 seats back the plan; 30 are needed
		if tl := r.Rules[0].Tally; tl.Support != 26 || r.Rules[0].Satisfied {
			t.Errorf("tally %+v, satisfied %v; want 26 in support, not satisfied", tl, r.Rules[0].Satisfied)
		}
	})
	t.Run("stances", func(t *testing.T) {
		right := 0
		for _, ga := range g.Stances.Actors {
			re := exampleActors[ga.Actor]
			got := ""
			for _, row := range r.Stances {
				if re.MatchString(row.Actor) {
					got = row.Stance
					break
				}
			}
			if got == ga.Stance {
				right++
			} else {
				t.Logf("%s: stance %q, want %q", ga.Actor, got, ga.Stance)
			}
		}
		if right < 11 {
			t.Errorf("%d of %d stance rows right, want at least 11", right, len(g.Stances.Actors))
		}
		for _, row := range r.Stances {
			for _, e := range row.Evidence {
				if e.Text == "" || e.Article == "" {
					t.Errorf("%s: evidence without text or article: %+v", row.Actor, e)
				}
			}
		}
	})
	t.Run("agreements", func(t *testing.T) {
		lineage := map[string]int{}
		for i, l := range in.Lineages {
			for _, d := range l {
				lineage[d] = i
			}
		}
		found := 0
		for i, ga := range g.Agreements {
			want := sides(ga.Docs)
			ok := false
			for _, grp := range r.Claims {
				hit := 0
				for _, a := range grp.Articles {
					if want[a] {
						hit++
					}
				}
				if hit < 2 || hit < len(grp.Articles)-1 || grp.IndependentSources < 2 {
					continue
				}
				lins := map[string]bool{}
				for _, a := range grp.Articles {
					if l, ok := lineage[a]; ok {
						lins[fmt.Sprint(l)] = true
					} else {
						lins[a] = true
					}
				}
				if grp.IndependentSources != len(lins) {
					t.Errorf("%q: independent_sources %d, want %d", grp.Text, grp.IndependentSources, len(lins))
				}
				if sameClaim(grp, exampleAgreementKeys[i]) {
					ok = true
					break
				}
			}
			if ok {
				found++
			} else {
				t.Logf("agreement not found: %s", ga.Claim)
			}
		}
		t.Logf("agreements found: %d of %d", found, len(g.Agreements))
		if found < 9 {
			t.Errorf("found %d of %d agreements, want at least 9", found, len(g.Agreements))
		}
	})
}

// exampleAgreementKeys say, for each gold agreement in order, the words
// a group's own sentence must hold to state it: every entry, one of its
// "|" alternatives.
var exampleAgreementKeys = [][]string{
	{"march 12|12 march"},
	{"45", "30|two-thirds|two thirds"},
	{"26"},
	{"court|lawsuit", "blue coast|group|association"},
	{"17 metres|17-metre"},
	{"water authority", "study"},
	{"skarholm", "copenhagen|30-year|30 years"},
	{"1,500"},
	{"ministry", "guarantee|conditions"},
	{"first quarter"},
	{"tender", "summer"},
	{"wydmino", "oppos|against"},
	{"dockworkers", "support|back"},
}

// sameClaim reports whether a group's own sentence holds the keys of a
// gold agreement.
func sameClaim(g Group, keys []string) bool {
	t := strings.ToLower(g.Text)
	for _, k := range keys {
		ok := false
		for _, alt := range strings.Split(k, "|") {
			if strings.Contains(t, alt) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return len(keys) > 0
}

func overlaps(have []string, want map[string]bool) bool {
	for _, h := range have {
		if want[h] {
			return true
		}
	}
	return false
}
