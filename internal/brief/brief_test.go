package brief

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func at(d int) time.Time { return time.Date(2024, 2, d, 9, 30, 0, 0, time.UTC) }

// sample is a small hand-built brief that uses every section.
func sample() *Brief {
	return &Brief{
		Story: Story{ID: "s000042", Title: "City approves the new river bridge", Articles: []Article{
			{ID: "a1", Title: "Council approves bridge", Outlet: "Wire Service", Published: at(1), URL: "https://wire.example/bridge"},
			{ID: "a2", Title: "Bridge approved | costs rise", Outlet: "Daily Post", Published: at(2), URL: "http://daily.example/b?id=2&x=1"},
			{ID: "a3", Title: "Opponents fault bridge vote", Outlet: "Evening Gazette", Published: at(4)},
			{ID: "a4", Title: "", Outlet: "", Published: time.Time{}},
		}},
		Summary: []Sentence{
			{Text: "The city council approved a new bridge over the river on Tuesday.", Citations: []string{"a1", "a2", "a3"},
				Evidence: []Support{{Article: "a1", Text: "The city council approved a new bridge over the river on Tuesday.", Score: 1}}},
			{Text: "Opponents said the vote ignored repair costs.", Citations: []string{"a3"}},
		},
		Entities: []Entity{
			{Name: "Anna Berg", Type: "PERSON", Variants: []string{"Ana Berg", "Berg"}, Roles: []string{"mayor"}, Articles: []string{"a1", "a3"}},
			{Name: "City Council", Type: "ORG", Articles: []string{"a1", "a2", "a3"}},
		},
		Claims: []Claim{
			{Text: "The council approved the bridge.", Status: Agreed, Articles: []string{"a1", "a2", "a3"}, IndependentSources: 2},
			{Text: "The bridge costs 40 million euros.", Status: Disputed, Articles: []string{"a1", "a2"}, IndependentSources: 1},
			{Text: "Construction starts in spring.", Status: SingleSource, Articles: []string{"a1"}, IndependentSources: 1},
		},
		Conflicts: []Conflict{{Topic: "Cost of the bridge", Kind: "incompatible-quantity", Sides: []Side{
			{Text: "The bridge will cost 40 million euros.", Articles: []string{"a1", "a2"}, Published: at(1)},
			{Text: "The bridge will cost 55 million euros, opponents say.", Articles: []string{"a3"}, Published: at(4)},
		}}},
		Stances: []Stance{
			{Actor: "Green Party", Target: "bridge", Stance: StanceOppose, Evidence: []Evidence{{Article: "a3", Text: "The Green Party voted against.", Published: at(4)}}},
			{Actor: "Mayor Anna Berg", Target: "bridge", Stance: StanceSupport, Evidence: []Evidence{
				{Article: "a1", Text: "The mayor backed the plan.", Published: at(1)}, {Article: "a1", Text: "She praised it.", Published: at(1)}}},
		},
		Rules: []Rule{{Text: "The plan needs a majority of the 31 council members.", Kind: "majority", Members: 31, Needed: 16,
			Articles: []string{"a2"}, Tally: Tally{Support: 18, Against: 9, Disputed: 1, Unknown: 3}, Satisfied: true}},
		Timeline: []Event{
			{Date: "2024-02-01", Granularity: "day", Text: "the council voted", Articles: []string{"a1", "a2"}},
			{Date: "2027", Granularity: "year", Text: "the bridge is due to open", Articles: []string{"a1"}},
		},
		Provenance: []Relation{
			{From: "a1", To: "a2", Kind: KindNearDuplicate, Passages: []Passage{{FromText: "The city council approved a new bridge.", ToText: "The city council approved the new bridge.", Match: "near-exact"}}},
			{From: "external:Reuters", To: "a3", Kind: KindCites},
			{From: "a1", To: "a3", Kind: KindDerived, Passages: []Passage{{FromText: "It will open in 2027.", ToText: "Opening is planned for 2027.", Match: "paraphrase"}}},
		},
		Novelty: []Novelty{
			{Article: "a1", Adds: []string{"The city council approved a new bridge over the river on Tuesday."}},
			{Article: "a2", Adds: nil},
			{Article: "a3", Adds: []string{"Opponents said the vote ignored repair costs."}},
		},
		Coverage: []Coverage{
			{Outlet: "Daily Post", Articles: []string{"a2"}, Reports: []string{"The council approved the bridge."}, Omits: []string{"Construction starts in spring."}},
		},
		Generated: time.Date(2024, 2, 5, 8, 0, 0, 0, time.UTC),
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		render func(*bytes.Buffer, *Brief) error
	}{
		{"brief.md", func(b *bytes.Buffer, br *Brief) error { return Markdown(b, br) }},
		{"brief.html", func(b *bytes.Buffer, br *Brief) error { return HTML(b, br) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.render(&buf, sample()); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from %s; run go test ./internal/brief -update and review the diff", tt.name, path)
			}
		})
	}
}

func TestMarkdownContent(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# City approves the new river bridge",
		"- The city council approved a new bridge over the river on Tuesday. [1][2][3]",
		"| A | [1] Wire Service, 2024-02-01; [2] Daily Post, 2024-02-02 | The bridge will cost 40 million euros. |",
		"| Mayor Anna Berg | support | bridge | [1] |",
		"tally: 18 support, 9 against, 1 disputed, 3 unknown; 16 of 31 needed (met)",
		"- **2027** (year) the bridge is due to open [1]",
		"- **Anna Berg** (PERSON) — also: Ana Berg, Berg — roles: mayor [1][3]",
		"2. **Bridge approved | costs rise** — Daily Post, 2024-02-02 <http://daily.example/b?id=2&x=1>",
		"   - nearly duplicates [1] Wire Service, 2024-02-01: “The city council approved the new bridge.” (near-exact)",
		"   - cites Reuters",
		"4. **(untitled)** — a4",
		"- [2] Daily Post, 2024-02-02: nothing new",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "| Bridge approved | costs") {
		t.Errorf("unescaped pipe in a table cell")
	}
}

func TestHTMLEscapes(t *testing.T) {
	const script = "<script>alert(1)</script>"
	b := sample()
	b.Story.Title = "Title " + script
	b.Story.Articles[0].Title = script
	b.Story.Articles[0].Outlet = `Out"let <b>`
	b.Story.Articles[1].URL = "javascript:alert(1)"
	b.Story.Articles[2].URL = "data:text/html,<script>alert(1)</script>"
	b.Summary[0].Text = "Sentence " + script
	b.Entities[0].Variants = []string{script}
	b.Conflicts[0].Sides[0].Text = script
	b.Stances[0].Actor = script
	b.Timeline[0].Text = script
	b.Provenance[1].From = "external:" + script
	b.Provenance[0].Passages[0].ToText = script
	b.Novelty[0].Adds = []string{script}
	b.Claims[0].Status = `agreed" onmouseover="alert(1)`
	b.Provenance[0].Kind = `x;}</style><script>alert(1)</script>`

	var buf bytes.Buffer
	if err := HTML(&buf, b); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script", "javascript:", "data:text/html", `<b>`, `onmouseover="`} {
		if strings.Contains(strings.ToLower(out), bad) {
			i := strings.Index(strings.ToLower(out), bad)
			t.Errorf("HTML contains %q unescaped: …%s…", bad, out[max(0, i-80):min(len(out), i+80)])
		}
	}
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("escaped script text missing: the text must still be shown")
	}
	if got := strings.Count(out, `href="http`); got != 1 {
		t.Errorf("%d http links, want 1 (only the https source URL)", got)
	}
	svg := string(ProvenanceSVG(b))
	if strings.Contains(svg, "<script") {
		t.Errorf("SVG contains an unescaped script")
	}
}

func TestHTMLStandalone(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<script", "<link", "src=\"http", "@import"} {
		if strings.Contains(out, bad) {
			t.Errorf("page is not standalone: contains %q", bad)
		}
	}
	for _, want := range []string{"<svg", "<style>", `id="src-3"`, `href="#src-1"`, "Coverage by outlet", "What each report adds"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestProvenanceSVG(t *testing.T) {
	tests := []struct {
		name      string
		brief     *Brief
		wantEdges int
		wantNodes int
	}{
		{"sample", sample(), 3, 5},
		{"no relations", &Brief{Story: Story{Articles: []Article{{ID: "x"}}}}, 0, 1},
		{"unknown endpoints become nodes", &Brief{Provenance: []Relation{{From: "p", To: "q", Kind: "odd"}}}, 1, 2},
		{"self loop skipped", &Brief{Story: Story{Articles: []Article{{ID: "x"}}}, Provenance: []Relation{{From: "x", To: "x", Kind: KindCites}}}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := string(ProvenanceSVG(tt.brief))
			if got := strings.Count(svg, `class="edge"`); got != tt.wantEdges {
				t.Errorf("%d edges, want %d", got, tt.wantEdges)
			}
			if got := strings.Count(svg, `<g class="node">`); got != tt.wantNodes {
				t.Errorf("%d nodes, want %d", got, tt.wantNodes)
			}
			if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
				t.Errorf("not one svg element")
			}
		})
	}
}

func TestJSONFieldNames(t *testing.T) {
	raw, err := json.Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"story", "summary", "entities", "claims", "conflicts", "stances", "rules", "timeline", "provenance", "novelty", "coverage", "generated"} {
		if _, ok := m[k]; !ok {
			t.Errorf("brief JSON lacks %q", k)
		}
	}
	s := string(raw)
	for _, want := range []string{`"independent_sources":2`, `"granularity":"day"`, `"from_text":`, `"citations":["a1","a2","a3"]`, `"sides":[{"text":`} {
		if !strings.Contains(s, want) {
			t.Errorf("brief JSON lacks %s", want)
		}
	}
	var back Brief
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	raw2, _ := json.Marshal(&back)
	if !bytes.Equal(raw, raw2) {
		t.Errorf("JSON does not round-trip")
	}
}

func TestHTTPURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://a.example/x?y=1", "https://a.example/x?y=1"},
		{"HTTP://a.example", "http://a.example"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"data:text/html,hi", ""},
		{"//a.example/x", ""},
		{"/local/path", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := httpURL(tt.in); got != tt.want {
				t.Errorf("httpURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzRender(f *testing.F) {
	f.Add("<script>alert(1)</script>", "javascript:alert(1)", "a|b\nc")
	f.Add("Title", "https://x.example/?q=<b>", "]]><svg onload=alert(1)>")
	f.Fuzz(func(t *testing.T, title, url, text string) {
		b := sample()
		b.Story.Title = title
		b.Story.Articles[0].Title = text
		b.Story.Articles[0].Outlet = title
		b.Story.Articles[0].URL = url
		b.Summary[0].Text = text
		b.Provenance[1].From = "external:" + text
		b.Conflicts[0].Topic = text
		var buf bytes.Buffer
		if err := HTML(&buf, b); err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(buf.String())
		if strings.Contains(low, "<script") || strings.Contains(low, "<svg onload") {
			t.Errorf("unescaped markup from input in HTML")
		}
		if strings.Contains(low, `href="javascript`) || strings.Contains(low, `href="data`) {
			t.Errorf("unsafe link in HTML")
		}
		buf.Reset()
		if err := Markdown(&buf, b); err != nil {
			t.Fatal(err)
		}
	})
}
