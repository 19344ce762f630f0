package cluster

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// sharedDir locates ../shared beside the repository, skipping if absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared is absent")
	}
	return dir
}

func TestExtractEntities(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    []string
		notWant []string
	}{
		{"person and place", "Perennial party girl Tara Reid checked into Promises Treatment Center, her rep said.",
			[]string{"tara reid", "reid", "promises treatment center"}, []string{"perennial"}},
		{"connector inside", "Officials at the Bank of England raised rates.", []string{"bank of england"}, []string{"officials"}},
		{"sentence opener dropped", "However, the vote failed. The Senate met on Monday.", []string{"senate", "monday"}, []string{"however", "the senate"}},
		{"opener kept when seen mid-sentence", "Klitschko won. The champion Klitschko retired.", []string{"klitschko"}, nil},
		{"numbers", "The 32-year-old won 52-3 in 2012.", []string{"#32-year-old", "#52-3", "#2012"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ents := analyse(tt.text, nil)
			for _, w := range tt.want {
				if ents[w] == 0 {
					t.Errorf("entity %q missing from %v", w, ents)
				}
			}
			for _, w := range tt.notWant {
				if ents[w] != 0 {
					t.Errorf("unexpected entity %q in %v", w, ents)
				}
			}
		})
	}
}

func TestDateLine(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"month day year", "Lohan checks in\nMay 03, 2013\nBody.", "2013-05-03"},
		{"day month year", "4 August 2013 Last updated at 19:47 GMT\nDoctor Who", "2013-08-04"},
		{"iso", "Posted 2024-02-21 by staff\ntext", "2024-02-21"},
		{"abbrev with period", "Headline\nUpdated: Sept. 7, 2012, 10:04 PM ET", "2012-09-07"},
		{"too deep", "one\ntwo\nthree\nfour May 3, 2013", ""},
		{"none", "No date here at all.", ""},
		{"invalid day", "Feb 31, 2013", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := dateLine(tt.text)
			s := ""
			if !got.IsZero() {
				s = got.Format("2006-01-02")
			}
			if s != tt.want {
				t.Errorf("dateLine = %q, want %q", s, tt.want)
			}
		})
	}
}

func unitNorm(m map[string]float64) float64 {
	ss := 0.0
	for _, w := range m {
		ss += w * w
	}
	return math.Sqrt(ss)
}

func TestExtractVectors(t *testing.T) {
	tests := []struct {
		name string
		doc  Doc
	}{
		{"title prepended", Doc{Title: "Quake hits Chile", Text: "A strong earthquake struck northern Chile on Tuesday."}},
		{"given entities", Doc{Text: "The minister spoke.", Entities: []string{"Jane Doe", "NATO"}}},
		{"long", Doc{Text: strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa ", 200)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Extract(tt.doc, NewSketch(10))
			if n := unitNorm(f.Terms); math.Abs(n-1) > 1e-9 {
				t.Errorf("term norm %v, want 1", n)
			}
			if len(f.Entities) > 0 && math.Abs(unitNorm(f.Entities)-1) > 1e-9 {
				t.Errorf("entity norm %v, want 1", unitNorm(f.Entities))
			}
			if len(f.Terms) > maxDocTerms {
				t.Errorf("%d terms, want at most %d", len(f.Terms), maxDocTerms)
			}
		})
	}
	f := Extract(Doc{Text: "The minister spoke.", Entities: []string{"Jane Doe", "NATO"}}, nil)
	if f.Entities["jane doe"] == 0 || f.Entities["nato"] == 0 || len(f.Entities) != 2 {
		t.Errorf("given entities not used: %v", f.Entities)
	}
	f = Extract(Doc{Title: "Quake hits Chile", Text: "A strong earthquake struck."}, nil)
	if f.Terms["quak"] == 0 && f.Terms["quake"] == 0 {
		t.Errorf("title terms missing: %v", f.Terms)
	}
}

func TestSketch(t *testing.T) {
	s := NewSketch(12)
	for i := range 50 {
		s.Observe(Features{Terms: map[string]float64{"common": 1, fmt.Sprint("rare", i): 1}, Entities: map[string]float64{"x": 1}})
	}
	if s.Docs() != 50 || s.Freq("t:common") != 50 || s.Freq("e:x") != 50 || s.Freq("t:rare7") != 1 || s.Freq("t:absent") != 0 {
		t.Fatalf("counts: docs %v common %v x %v rare7 %v absent %v", s.Docs(), s.Freq("t:common"), s.Freq("e:x"), s.Freq("t:rare7"), s.Freq("t:absent"))
	}
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var r Sketch
	if err := r.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if r.Docs() != 50 || r.Freq("t:common") != 50 || r.Freq("t:rare7") != 1 {
		t.Errorf("round trip lost counts")
	}
	for _, bad := range [][]byte{nil, b[:20], append(slices.Clone(b), 0)} {
		if err := new(Sketch).UnmarshalBinary(bad); err == nil {
			t.Errorf("blob of %d bytes: want error", len(bad))
		}
	}
	p := Prior{Stream: NewSketch(10), Weight: 1000}
	if p.Freq("t:the") <= p.Freq("t:zzyzxq") || p.Docs() != 1000 {
		t.Errorf("prior: common word should be more frequent than an unknown one")
	}
}

func TestProfile(t *testing.T) {
	var p Profile
	d0 := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	for i := range 50 {
		terms := map[string]float64{}
		for k := range 30 {
			terms[fmt.Sprint("w", i*10+k)] = 1 / math.Sqrt(30)
		}
		p.Add(Features{Terms: terms, Entities: map[string]float64{fmt.Sprint("e", i): 1}, Date: d0.AddDate(0, 0, i%7)})
	}
	if len(p.Terms) > MaxProfileTerms || len(p.Entities) > MaxProfileEntities {
		t.Errorf("profile not pruned: %d terms, %d entities", len(p.Terms), len(p.Entities))
	}
	if p.Size != 50 || !p.First.Equal(d0) || !p.Last.Equal(d0.AddDate(0, 0, 6)) {
		t.Errorf("size %d first %v last %v", p.Size, p.First, p.Last)
	}
	if !sort.SliceIsSorted(p.Terms, func(i, j int) bool { return p.Terms[i].W > p.Terms[j].W }) {
		t.Errorf("terms not heaviest first")
	}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	q, err := UnmarshalProfile(b)
	if err != nil {
		t.Fatal(err)
	}
	if q.Size != p.Size || len(q.Terms) != len(p.Terms) || q.Terms[0] != p.Terms[0] || !q.Last.Equal(p.Last) {
		t.Errorf("round trip differs")
	}
	if _, err := UnmarshalProfile([]byte("{")); err == nil {
		t.Errorf("bad JSON: want error")
	}
	other := prof(feat("w0 zz", "e0", d0.AddDate(0, 1, 0)))
	q.Merge(other)
	if q.Size != 51 || !q.Last.Equal(d0.AddDate(0, 1, 0)) || !q.First.Equal(d0) || len(q.Terms) > MaxProfileTerms {
		t.Errorf("merge: size %d first %v last %v terms %d", q.Size, q.First, q.Last, len(q.Terms))
	}
	if k := StoryKeys(&p); len(k) == 0 || len(k) > 2*(keyTerms+keyEntities) {
		t.Errorf("StoryKeys gave %d keys", len(k))
	}
}

func feat(terms, ents string, date time.Time) Features {
	mk := func(s string) map[string]float64 {
		ws := strings.Fields(s)
		if len(ws) == 0 {
			return nil
		}
		m := map[string]float64{}
		for _, w := range ws {
			m[w] = 1 / math.Sqrt(float64(len(ws)))
		}
		return m
	}
	return Features{Terms: mk(terms), Entities: mk(ents), Date: date}
}

func prof(fs ...Features) *Profile {
	p := &Profile{}
	for _, f := range fs {
		p.Add(f)
	}
	return p
}

func TestPlace(t *testing.T) {
	cfg := DefaultConfig()
	d := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	quake := prof(feat("earthquak chile magnitud tsunami", "chile santiago", d))
	rehab := prof(feat("rehab actress clinic", "lohan betty ford", d))
	tests := []struct {
		name  string
		f     Features
		cands []Candidate
		want  string
	}{
		{"no candidates", feat("earthquak chile", "", d), nil, ""},
		{"joins the close story", feat("earthquak chile magnitud aftershock", "chile", d),
			[]Candidate{{StoryID: "r", Profile: rehab}, {StoryID: "q", Profile: quake}}, "q"},
		{"unrelated starts a new story", feat("budget vote parliament", "senate", d),
			[]Candidate{{StoryID: "r", Profile: rehab}, {StoryID: "q", Profile: quake}}, ""},
		{"undated article is judged on text", feat("earthquak chile magnitud tsunami", "chile santiago", time.Time{}),
			[]Candidate{{StoryID: "q", Profile: quake}}, "q"},
		{"years apart starts a new story", feat("earthquak chile magnitud", "chile", d.AddDate(3, 0, 0)),
			[]Candidate{{StoryID: "q", Profile: quake}}, ""},
		{"nil profile ignored", feat("earthquak chile", "", d), []Candidate{{StoryID: "x"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Place(tt.f, tt.cands, cfg)
			if got.StoryID != tt.want {
				t.Errorf("Place = %q (%s), want %q", got.StoryID, got.Reason, tt.want)
			}
			if got.Reason == "" {
				t.Errorf("empty reason")
			}
		})
	}
}

func TestRecluster(t *testing.T) {
	cfg := DefaultConfig()
	a := func(id string) Member {
		return Member{ID: id, Features: feat("earthquak chile magnitud tsunami coast", "chile santiago", time.Time{})}
	}
	b := func(id string) Member {
		return Member{ID: id, Features: feat("rehab actress clinic court probat", "lohan betty ford", time.Time{})}
	}
	tests := []struct {
		name string
		in   []Group
		want map[string][]string // story id -> member ids ("" for new)
	}{
		{"fragments merge into the larger story",
			[]Group{{ID: "s1", Members: []Member{a("a1")}}, {ID: "s2", Members: []Member{a("a2"), a("a3")}}, {ID: "s3", Members: []Member{b("b1")}}},
			map[string][]string{"s2": {"a1", "a2", "a3"}, "s3": {"b1"}}},
		{"misplaced article moves",
			[]Group{{ID: "s1", Members: []Member{a("a1"), a("a2"), b("b1")}}, {ID: "s2", Members: []Member{b("b2"), b("b3")}}},
			map[string][]string{"s1": {"a1", "a2"}, "s2": {"b1", "b2", "b3"}}},
		{"outlier with nowhere to go starts a story",
			[]Group{{ID: "s1", Members: []Member{a("a1"), a("a2"), {ID: "x", Features: feat("budget vote parliament", "senate", time.Time{})}}}},
			map[string][]string{"s1": {"a1", "a2"}, "": {"x"}}},
		{"nothing to do", []Group{{ID: "s1", Members: []Member{a("a1")}}, {ID: "s2", Members: []Member{b("b1")}}},
			map[string][]string{"s1": {"a1"}, "s2": {"b1"}}},
	}
	older := cfg
	older.CoarseCut = 0 // the merge-and-reassign rule
	for _, rule := range []struct {
		name string
		cfg  Config
	}{{"linkage", cfg}, {"merge-reassign", older}} {
		for _, tt := range tests {
			t.Run(rule.name+"/"+tt.name, func(t *testing.T) {
				got := map[string][]string{}
				for _, g := range Recluster(tt.in, rule.cfg) {
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
}

func TestMemorySynth(t *testing.T) {
	cfg := DefaultConfig()
	res, err := Bench(t.Context(), 7, 600, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.BCubedF1 < 0.98 {
		t.Errorf("synthetic BCubed F1 %.3f, want >= 0.98 (%d stories, gold %d)", res.BCubedF1, res.Stories, res.GoldStories)
	}
	// same seed, same stream
	var a, b []string
	for d := range Synth(3, 20) {
		a = append(a, d.Text)
	}
	for d := range Synth(3, 20) {
		b = append(b, d.Text)
	}
	if !slices.Equal(a, b) {
		t.Errorf("Synth is not deterministic")
	}
	if w := len(strings.Fields(a[0])); w < 300 || w > 620 {
		t.Errorf("article of %d words, want 300-600", w)
	}
}

func TestMemoryBounded(t *testing.T) {
	m := NewMemory(DefaultConfig())
	m.MaxActive = 20
	m.MaxPosting = 8
	for d := range Synth(5, 600) {
		m.Add(d.Doc)
	}
	live := 0
	for _, s := range m.stories {
		if !s.evicted {
			live++
		}
	}
	if live > 22 {
		t.Errorf("%d live stories, want at most 22", live)
	}
	for k, p := range m.post {
		if len(p) > 8 {
			t.Fatalf("posting %q has %d stories, want at most 8", k, len(p))
		}
		for _, idx := range p {
			if m.stories[idx].evicted {
				t.Fatalf("posting %q lists an evicted story", k)
			}
		}
	}
}

type ecbRec struct {
	ID, Text, Event string
	Title           *string
}

func readJSONL(t *testing.T, path string) []ecbRec {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []ecbRec
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r ecbRec
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestSeeds: the five seed reports form exactly one story, and 30 unrelated
// ECB+ articles ingested between them join none of it.
func TestSeeds(t *testing.T) {
	dir := sharedDir(t)
	paths, _ := filepath.Glob(filepath.Join(dir, "seeds", "*.txt"))
	if len(paths) != 5 {
		t.Skipf("want 5 seeds, found %d", len(paths))
	}
	sort.Strings(paths)
	recs := readJSONL(t, filepath.Join(dir, "eval", "cluster", "ecbplus-dev.jsonl"))
	var others []Doc
	for i := 0; i < len(recs) && len(others) < 30; i += len(recs) / 30 {
		others = append(others, Doc{ID: recs[i].ID, Text: recs[i].Text})
	}
	m := NewMemory(DefaultConfig())
	seedStory := map[string]bool{}
	story := map[string]string{}
	o := 0
	for i, p := range paths {
		for range 6 {
			story[others[o].ID] = m.Add(others[o])
			o++
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		res := m.Ingest(Doc{ID: filepath.Base(p), Text: string(b)})
		seedStory[res.StoryID] = true
		t.Logf("seed %d: %s", i, res.Decision.Reason)
	}
	if len(seedStory) != 1 {
		t.Fatalf("seeds fell into %d stories, want 1", len(seedStory))
	}
	for id, s := range story {
		if seedStory[s] {
			t.Errorf("unrelated article %s joined the seed story", id)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\nAfter skipping out, Lohan has checked in.")
	f.Add("")
	f.Add("... \n\n ’s “Quoted” U.S. A.B.C. 2.5 -- — 12 Jan. 2024")
	f.Add("\xff\xfe bad utf8 Ünïcödé Kariņš Зеленский")
	f.Fuzz(func(t *testing.T, s string) {
		ft := Extract(Doc{Text: s}, NewSketch(10))
		for _, m := range []map[string]float64{ft.Terms, ft.Entities, ft.Lead} {
			if len(m) == 0 {
				continue
			}
			if n := unitNorm(m); math.IsNaN(n) || math.Abs(n-1) > 1e-6 {
				t.Fatalf("norm %v for %q", n, s)
			}
		}
		_ = Keys(ft)
		p := prof(ft)
		if got := Place(ft, []Candidate{{StoryID: "s", Profile: p}}, DefaultConfig()); math.IsNaN(got.Score) {
			t.Fatalf("NaN score for %q", s)
		}
	})
}

func BenchmarkPlace(b *testing.B) {
	var docs []Doc
	for d := range Synth(11, 2000) {
		docs = append(docs, d.Doc)
	}
	m := NewMemory(DefaultConfig())
	for _, d := range docs[:1000] {
		m.Add(d)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Add(docs[1000+i%1000])
	}
}
