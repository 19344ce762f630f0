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
