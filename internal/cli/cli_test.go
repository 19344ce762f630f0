package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/eval"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// run runs the whole program in-process and returns its exit code and output.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Now: func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) },
		Getenv: func(k string) string { return env[k] }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func seedsDir(t *testing.T) string {
	d := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(d); err != nil {
		t.Skip("../shared/seeds not present")
	}
	return d
}

func TestSeedsIngestAcceptance(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	env := map[string]string{"CROSSCHECK_DB": db}
	code, out, errs := run(t, env, "ingest", seedsDir(t))
	if code != ExitOK || !strings.Contains(out, "ingested 5, duplicates 0, unchanged 0, failed 0") {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = run(t, env, "articles", "--json")
	if code != ExitOK {
		t.Fatalf("articles: exit %d", code)
	}
	var arts []struct {
		ID           string   `json:"id"`
		Outlet       *string  `json:"outlet"`
		CitedOutlets []string `json:"cited_outlets"`
		Title        string   `json:"title"`
		Published    *string  `json:"published"`
		URL          *string  `json:"url"`
		Language     *string  `json:"language"`
	}
	if err := json.Unmarshal([]byte(out), &arts); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"000_ef62664cc318b2d4": "Bloomberg", "001_dd5a7372479611be": "POLITICO", "002_e755d2a454e6f7da": "BGNES",
		"003_2b5b05226f46a5ab": "", "004_28977a452bfcdb81": ""}
	if len(arts) != 5 {
		t.Fatalf("%d articles, want 5", len(arts))
	}
	for _, a := range arts {
		w, ok := want[a.ID]
		if !ok {
			t.Errorf("unexpected id %q", a.ID)
			continue
		}
		got := ""
		if a.Outlet != nil {
			got = *a.Outlet
		}
		if got != w {
			t.Errorf("%s: outlet %q, want %q", a.ID, got, w)
		}
	}
	cited := func(id string) []string {
		for _, a := range arts {
			if a.ID == id {
				return a.CitedOutlets
			}
		}
		return nil
	}
	hasFold := func(xs []string, x string) bool {
		for _, v := range xs {
			if strings.EqualFold(v, x) {
				return true
			}
		}
		return false
	}
	if c := cited("003_2b5b05226f46a5ab"); !hasFold(c, "Politico") {
		t.Errorf("003 cited outlets %v, want Politico", c)
	}
	if c := cited("004_28977a452bfcdb81"); !hasFold(c, "Bloomberg") {
		t.Errorf("004 cited outlets %v, want Bloomberg", c)
	}
	// Every inferred field shows its evidence.
	code, out, _ = run(t, env, "article", "000_ef62664cc318b2d4", "--json")
	var one struct {
		Fields map[string]struct{ How, Evidence string } `json:"fields"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &one) != nil {
		t.Fatalf("article: exit %d %s", code, out)
	}
	if f := one.Fields["outlet"]; f.How != "inferred" || !strings.Contains(f.Evidence, "Bloomberg") {
		t.Errorf("outlet field = %+v, want inferred with evidence", f)
	}
	for name, f := range one.Fields {
		if f.How == "inferred" && f.Evidence == "" {
			t.Errorf("inferred field %s has no evidence", name)
		}
	}
	// One story of all five.
	code, out, _ = run(t, env, "stories", "--json")
	var stories []struct {
		ID       string `json:"id"`
		Articles []struct {
			ID string `json:"id"`
		} `json:"articles"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &stories) != nil || len(stories) != 1 || len(stories[0].Articles) != 5 {
		t.Fatalf("stories: exit %d %s", code, out)
	}
	// Ingesting the same input twice changes nothing.
	code, out, _ = run(t, env, "ingest", seedsDir(t))
	if code != ExitOK || !strings.Contains(out, "ingested 0, duplicates 0, unchanged 5, failed 0") {
		t.Errorf("re-ingest: exit %d %s", code, out)
	}
	if code, out, _ := run(t, env, "check"); code != ExitOK || strings.TrimSpace(out) != "ok" {
		t.Errorf("check: exit %d %s", code, out)
	}
	// The brief cites every summary sentence.
	code, out, _ = run(t, env, "brief", "--json")
	var b struct {
		Summary []struct {
			Text      string   `json:"text"`
			Citations []string `json:"citations"`
		} `json:"summary"`
		Conflicts []json.RawMessage `json:"conflicts"`
		Timeline  []json.RawMessage `json:"timeline"`
		Entities  []json.RawMessage `json:"entities"`
		Stances   []json.RawMessage `json:"stances"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &b) != nil {
		t.Fatalf("brief: exit %d", code)
	}
	if len(b.Summary) == 0 || len(b.Conflicts) == 0 || len(b.Timeline) == 0 || len(b.Entities) == 0 || len(b.Stances) == 0 {
		t.Errorf("brief sections: %d summary, %d conflicts, %d timeline, %d entities, %d stances",
			len(b.Summary), len(b.Conflicts), len(b.Timeline), len(b.Entities), len(b.Stances))
	}
	for _, s := range b.Summary {
		if len(s.Citations) == 0 {
			t.Errorf("summary sentence without citation: %q", s.Text)
		}
	}
	// Citation precision 1.0: every cited article really states the sentence.
	var full brief.Brief
	if err := json.Unmarshal([]byte(out), &full); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for _, a := range full.Story.Articles {
		_, body, _ := run(t, env, "article", a.ID, "--json")
		var rec struct{ Text string }
		json.Unmarshal([]byte(body), &rec)
		texts[a.ID] = rec.Text
	}
	if p := eval.CitationPrecision(&full, texts); p != 1 {
		t.Errorf("seed brief citation precision %.3f, want 1.0", p)
	}
}

func TestBadInputsAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	env := map[string]string{"CROSSCHECK_DB": db}
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "good.txt"), []byte("Floods hit the valley\nHeavy rain flooded the lower town of Eastmere on Sunday, forcing two hundred residents from their homes.\n"), 0o644)
	os.WriteFile(filepath.Join(in, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(in, "binary.txt"), []byte{0, 1, 2, 3, 0xff, 0, 0}, 0o644)
	os.WriteFile(filepath.Join(in, "broken.jsonl"), []byte("{\"id\":\"ok1\",\"text\":\"A fine report about the harbour vote in Brightport next week.\"}\n{broken\n"), 0o644)
	code, out, errs := run(t, env, "ingest", in, filepath.Join(dir, "missing.txt"))
	if code != ExitPartial {
		t.Errorf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"empty.txt", "binary.txt", "broken.jsonl:2", "missing.txt"} {
		if !strings.Contains(out, want) {
			t.Errorf("no failure line naming %s in:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "ingested 2") {
		t.Errorf("the rest of the batch did not go on:\n%s", out)
	}
	if code, _, _ := run(t, env, "nosuchcommand"); code != ExitUsage {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := run(t, env, "ingest"); code != ExitUsage {
		t.Errorf("ingest without inputs: exit %d, want 2", code)
	}
	if code, _, _ := run(t, env, "articles", "--nope"); code != ExitUsage {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
	if code, _, errs := run(t, env, "article", "nope"); code != ExitPartial || !strings.Contains(errs, "not found") {
		t.Errorf("missing article: exit %d %s", code, errs)
	}
}

// TestIngestStoresBriefs checks that ingest leaves the brief of each story it
// changed in the store, current for the story's version, and that --briefs=false
// leaves none.
func TestIngestStoresBriefs(t *testing.T) {
	corpus := filepath.Join("..", "..", "examples", "corpus")
	for _, tc := range []struct {
		name string
		args []string
		want bool
	}{
		{"default", []string{"ingest", corpus}, true},
		{"off", []string{"ingest", "--briefs=false", corpus}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "x.db")
			env := map[string]string{"CROSSCHECK_DB": db}
			if code, out, errs := run(t, env, tc.args...); code != ExitOK {
				t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errs)
			}
			ctx := context.Background()
			s, err := sqlite.Open(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stories, err := s.Stories(ctx, news.StoryFilter{})
			if err != nil || len(stories) == 0 {
				t.Fatalf("stories: %v", err)
			}
			for _, st := range stories {
				blob, err := s.Meta(ctx, "brief/"+st.ID)
				if err != nil {
					t.Fatal(err)
				}
				var stored struct {
					Version int64 `json:"version"`
				}
				json.Unmarshal(blob, &stored)
				if got := len(blob) > 0 && stored.Version == st.Version; got != tc.want {
					t.Errorf("story %s: current brief stored = %v, want %v", st.ID, got, tc.want)
				}
			}
		})
	}
}

// TestBenchJSON runs a small pipeline bench and checks its report: one
// point a checkpoint, rates, memory and where the wall time went, as
// shares that add up.
func TestBenchJSON(t *testing.T) {
	code, out, stderr := run(t, nil, "bench", "--sizes", "100,300", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Points []benchPoint `json:"points"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(res.Points) != 2 || res.Points[0].Articles < 100 || res.Points[1].Articles != 300 {
		t.Fatalf("points: %+v", res.Points)
	}
	for _, p := range res.Points {
		if p.PerSecond <= 0 || p.Overall <= 0 || p.PeakSysMiB <= 0 {
			t.Errorf("point %+v", p)
		}
		tm := p.Time
		if tm == nil || tm.Transaction <= 0 || tm.Transaction > 1.5 || tm.Place <= 0 || tm.Place+tm.AlignWait > tm.Transaction || tm.Analyse <= 0 {
			t.Errorf("wall time shares at %d articles: %+v", p.Articles, tm)
		}
	}
}
