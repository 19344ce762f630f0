package timex

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// loadSeeds reads the seed articles of testdata/seeds with their
// approximate publication dates (a "YYYY-MM" date is read as the 15th).
func loadSeeds(t testing.TB) []Doc {
	t.Helper()
	var meta struct {
		Published map[string]string `json:"published"`
	}
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", "published.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(meta.Published))
	for id := range meta.Published {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var docs []Doc
	for _, id := range ids {
		txt, err := os.ReadFile(filepath.Join("testdata", "seeds", id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		p := meta.Published[id]
		if len(p) == 7 {
			p += "-15"
		}
		pub, err := time.Parse("2006-01-02", p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Doc{ID: id, Published: pub, Text: string(txt)})
	}
	return docs
}

type goldEntry struct {
	When  string   `json:"when"`
	Event string   `json:"event"`
	Docs  []string `json:"docs"`
}

// goldValue turns the annotation's "when" into a TIMEX3 value:
// "2024-01 (Davos week)" is 2024-01, "2024-spring" is 2024-SP.
func goldValue(when string) string {
	v, _, _ := strings.Cut(when, " ")
	for name, code := range map[string]string{"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"} {
		v = strings.Replace(v, name, code, 1)
	}
	return v
}

// matches is the matching rule of the seed timeline test: an entry matches
// a gold item when its date lies within the gold date at the gold
// granularity (2024-W03 is within 2024-01; the year 2024 is not within
// 2024-07) and it is told by at least one of the gold item's articles.
func matches(e Entry, g goldEntry) bool {
	gs, ge, ok := Interval(goldValue(g.When))
	if !ok {
		return false
	}
	es, ee, ok := Interval(e.Date)
	if !ok || es.Before(gs) || ee.After(ge) {
		return false
	}
	for _, a := range e.Articles {
		for _, d := range g.Docs {
			if strings.HasPrefix(a, d+"_") || a == d {
				return true
			}
		}
	}
	return false
}

// TestSeedTimeline checks the timeline of the five seed articles against the
// hand-annotated one: at least 14 of its 17 items are matched by distinct
// entries, 2014 carries articles 001-004 and the July 2024 summit all five.
func TestSeedTimeline(t *testing.T) {
	docs := loadSeeds(t)
	var gold struct {
		Timeline []goldEntry `json:"timeline"`
	}
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", "timeline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatal(err)
	}
	tl := Timeline(docs)
	for _, e := range tl {
		c := ""
		if e.Conflict != nil {
			c = " CONFLICT"
		}
		t.Logf("%-12s %-8s %v%s  %.90s", e.Date, e.Granularity, short(e.Articles), c, e.Text)
	}
	// maximum bipartite matching of gold items to distinct entries
	owner := make([]int, len(tl))
	for i := range owner {
		owner[i] = -1
	}
	var try func(g int, seen []bool) bool
	try = func(g int, seen []bool) bool {
		for ei, e := range tl {
			if seen[ei] || !matches(e, gold.Timeline[g]) {
				continue
			}
			seen[ei] = true
			if owner[ei] < 0 || try(owner[ei], seen) {
				owner[ei] = g
				return true
			}
		}
		return false
	}
	matched := 0
	for g := range gold.Timeline {
		if try(g, make([]bool, len(tl))) {
			matched++
		} else {
			t.Logf("unmatched gold: %s %v %s", gold.Timeline[g].When, gold.Timeline[g].Docs, gold.Timeline[g].Event)
		}
	}
	t.Logf("matched %d of %d gold timeline items", matched, len(gold.Timeline))
	if matched < 14 {
		t.Errorf("matched %d of %d gold timeline items, want at least 14", matched, len(gold.Timeline))
	}
	hasAll := func(value string, want []string) bool {
		for _, e := range tl {
			if !Compatible(e.Date, value) {
				continue
			}
			got := short(e.Articles)
			ok := true
			for _, w := range want {
				ok = ok && slices.Contains(got, w)
			}
			if ok {
				return true
			}
		}
		return false
	}
	if !hasAll("2014", []string{"001", "002", "003", "004"}) {
		t.Error("no 2014 entry told by 001, 002, 003 and 004")
	}
	if !hasAll("2024-07", []string{"000", "001", "002", "003", "004"}) {
		t.Error("no July 2024 summit entry told by all five articles")
	}
}

func short(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i], _, _ = strings.Cut(id, "_")
	}
	return out
}

func TestTimelineCases(t *testing.T) {
	pub := day0("2024-02-21")
	t.Run("undated article is unresolved, absolute dates kept", func(t *testing.T) {
		tl := Timeline([]Doc{{ID: "a", Text: "The minister resigned on Friday. The treaty was signed in 1998."}})
		if len(tl) != 2 || tl[0].Date != "1998" || tl[1].Date != GranUnresolved || tl[1].Granularity != GranUnresolved {
			t.Errorf("Timeline = %+v, want 1998 then unresolved", tl)
		}
	})
	t.Run("compatible dates merge, finer date kept", func(t *testing.T) {
		tl := Timeline([]Doc{
			{ID: "a", Published: pub, Text: "Leaders will meet at the alliance summit in Washington in July."},
			{ID: "b", Published: pub, Text: "The alliance summit in Washington takes place this summer."},
		})
		if len(tl) != 1 || tl[0].Date != "2024-07" || !slices.Equal(tl[0].Articles, []string{"a", "b"}) {
			t.Errorf("Timeline = %+v, want one 2024-07 entry from a and b", tl)
		}
	})
	t.Run("different events on compatible dates stay apart", func(t *testing.T) {
		tl := Timeline([]Doc{
			{ID: "a", Published: pub, Text: "Leaders will meet at the alliance summit in Washington in July."},
			{ID: "b", Published: pub, Text: "The central bank raised interest rates in July."},
		})
		if len(tl) != 2 {
			t.Errorf("Timeline = %+v, want two entries", tl)
		}
	})
	t.Run("disagreement on the date is flagged with both sides", func(t *testing.T) {
		tl := Timeline([]Doc{
			{ID: "a", Published: pub, Text: "The stadium construction contract was signed by the city council in 2019."},
			{ID: "b", Published: pub, Text: "The stadium construction contract was signed by the city council in 2021."},
		})
		if len(tl) != 2 || tl[0].Conflict == nil || tl[1].Conflict == nil || len(tl[0].Conflict.Sides) != 2 {
			t.Fatalf("Timeline = %+v, want two entries in conflict", tl)
		}
		if s := tl[0].Conflict.Sides; s[0].Date != "2019" || s[1].Date != "2021" || s[0].Articles[0] != "a" || s[1].Articles[0] != "b" {
			t.Errorf("sides = %+v", s)
		}
	})
	t.Run("durations and references are not events", func(t *testing.T) {
		tl := Timeline([]Doc{{ID: "a", Published: pub, Text: "The war has now lasted for two years, and fighting continues daily."}})
		if len(tl) != 0 {
			t.Errorf("Timeline = %+v, want none", tl)
		}
	})
	t.Run("years after an event dated in the article", func(t *testing.T) {
		tl := Timeline([]Doc{{ID: "a", Published: pub, Text: "Russia annexed Crimea in March 2014. Two years after the annexation of Crimea, sanctions remained."}})
		var dates []string
		for _, e := range tl {
			dates = append(dates, e.Date)
		}
		if !slices.Equal(dates, []string{"2014-03", "2016-03"}) {
			t.Errorf("dates = %v, want 2014-03 and 2016-03", dates)
		}
	})
	t.Run("an event not dated in the article gives no date", func(t *testing.T) {
		tl := Timeline([]Doc{{ID: "a", Published: pub, Text: "The initial invasion of Ukraine came in 2014. Two years after the full-scale invasion of Ukraine, the war goes on."}})
		for _, e := range tl {
			if e.Date != "2014" {
				t.Errorf("unexpected entry %+v", e)
			}
		}
	})
	t.Run("years after a date", func(t *testing.T) {
		tl := Timeline([]Doc{{ID: "a", Published: pub, Text: "The bridge reopened two years after 2014, when it had collapsed."}})
		if len(tl) != 1 || tl[0].Date != "2016" {
			t.Errorf("Timeline = %+v, want 2016", tl)
		}
	})
}

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestSeedTimelineGolden keeps the whole seed timeline in
// testdata/seeds/timeline.golden.json (refresh with -update), so a change
// in what the timeline says shows in review.
func TestSeedTimelineGolden(t *testing.T) {
	got, err := json.MarshalIndent(Timeline(loadSeeds(t)), "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "seeds", "timeline.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("seed timeline differs from %s; run go test ./internal/timex -run Golden -update and review the diff", path)
	}
}

// FuzzTimeline checks that Timeline never panics on any text, dated or not.
func FuzzTimeline(f *testing.F) {
	f.Add("Russia annexed Crimea in March 2014. Two years after the annexation of Crimea, sanctions remained.", true)
	f.Add("The summit is in July. Leaders met this past weekend.", false)
	f.Add("two years after", true)
	f.Fuzz(func(t *testing.T, s string, dated bool) {
		var pub time.Time
		if dated {
			pub = day0("2024-02-21")
		}
		for _, e := range Timeline([]Doc{{ID: "a", Published: pub, Text: s}, {ID: "b", Text: s}}) {
			if e.Date == "" || len(e.Articles) == 0 {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}

// BenchmarkTimeline builds the timeline of 100 articles (the seeds, 20 times).
func BenchmarkTimeline(b *testing.B) {
	seeds := loadSeeds(b)
	var docs []Doc
	for k := 0; k < 20; k++ {
		for _, d := range seeds {
			d.ID = d.ID + "-" + strconv.Itoa(k)
			d.Exprs = Find(d.Text, d.Published)
			docs = append(docs, d)
		}
	}
	for b.Loop() {
		Timeline(docs)
	}
}
