package entity

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// find returns the first mention with the given name (or text, when the
// name is empty).
func find(ms []Mention, name string) *Mention {
	for i := range ms {
		if ms[i].Name == name || ms[i].Name == "" && ms[i].Text == name {
			return &ms[i]
		}
	}
	return nil
}

func TestRecognize(t *testing.T) {
	tests := []struct {
		name, text           string
		want                 string // Name of the mention to check
		typ, role, place, lo string
	}{
		{"role before name", "Estonian Prime Minister Kaja Kallas expressed interest.", "Kaja Kallas", Person, "Estonian Prime Minister", "", "Kaja Kallas"},
		{"role with to-phrase", "U.S. Ambassador to NATO Julianne Smith said so.", "Julianne Smith", Person, "U.S. Ambassador to NATO", "", "Julianne Smith"},
		{"honorific kept in role", "Speaking on TV, Dutch defense chief General Ohno Eichelsheim said it was likely.", "Ohno Eichelsheim", Person, "Dutch defense chief General", "", "Ohno Eichelsheim"},
		{"abbreviated honorific", "Dutch Chief of Defense Staff Gen. Onno Eichelsheim said Rutte would win.", "Onno Eichelsheim", Person, "Dutch Chief of Defense Staff Gen.", "", "Onno Eichelsheim"},
		{"courtesy title kept in role", "Then Mr. Trump left the room.", "Trump", Person, "Mr.", "", "Trump"},
		{"demonym links to place", "The Dutch government collapsed.", "Dutch", GPE, "", "Netherlands", "Netherlands"},
		{"seat of government", "Support from Washington was strong.", "Washington", GPE, "", "United States", "United States"},
		{"state after a city", "It was built in Everett, Washington.", "Washington", GPE, "", "", "Washington"},
		{"acronym from gazetteer", "He leads NATO now.", "NATO", Org, "", "", "North Atlantic Treaty Organization"},
		{"lower-case appositive role", "Earlier, the former British defense secretary, Ben Wallace, applied.", "Ben Wallace", Person, "former British defense secretary", "", "Ben Wallace"},
		{"far-right politician", "Power went to the far-right politician Geert Wilders this year.", "Geert Wilders", Person, "far-right politician", "", "Geert Wilders"},
		{"named event", "He spoke at the Munich Security Conference on Friday.", "Munich Security Conference", Event, "", "", "Munich Security Conference"},
		{"outlet in two spellings", "A US official revealed to Politico that he would.", "Politico", Org, "", "", "POLITICO"},
		{"acronym needs capitals", "Kim Jong Un met him.", "Kim Jong Un", Person, "", "", "Kim Jong Un"},
		{"outlet channel", "He said so in an interview with Bloomberg TV on Tuesday.", "Bloomberg TV", Org, "", "", "Bloomberg"},
		{"company suffix", "Shares of Northrop Grumman Corp. rose.", "Northrop Grumman Corp.", Org, "", "", "Northrop Grumman"},
		{"hyphenated names", "The Trump-Russia inquiry went on.", "Russia", GPE, "", "Russia", "Russia"},
		{"unknown company by its cues", "Analysts expect Quorvat Kellis to grow. Quorvat Kellis said it would cut costs.", "Quorvat Kellis", Org, "", "", "Quorvat Kellis"},
		{"unknown person by an age", "Tomas Verhoeven, 56, said he would stay.", "Tomas Verhoeven", Person, "", "", "Tomas Verhoeven"},
		{"designator ends a company", "He met Apple Inc. Steve Jobs later.", "Steve Jobs", Person, "", "", "Steve Jobs"},
		{"-ing name seen mid-sentence", "Zorbing won the bid. Rivals said Zorbing had bid low.", "Zorbing", Org, "", "", "Zorbing"},
		{"someone else's role", "Roger Stone, a former campaign adviser to Mr. Trump, spoke.", "Trump", Person, "Mr.", "", "Trump"},
		{"appositive role with employer", "Officials met Jusman Djamal, minister of transport for Indonesia, on Monday.", "Jusman Djamal", Person, "minister of transport for Indonesia", "", "Jusman Djamal"},
		{"surname that is a function word", "Former prime minister Theresa May spoke.", "Theresa May", Person, "Former prime minister", "", "Theresa May"},
		{"council title", "City Councilman Jumaane Williams spoke.", "Jumaane Williams", Person, "City Councilman", "", "Jumaane Williams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Recognize(tt.text)
			m := find(ms, tt.want)
			if m == nil {
				t.Fatalf("no mention %q in %+v", tt.want, ms)
			}
			if m.Type != tt.typ || m.Role != tt.role || m.Place != tt.place || m.Local != tt.lo {
				t.Errorf("got type=%s role=%q place=%q local=%q, want %s %q %q %q", m.Type, m.Role, m.Place, m.Local, tt.typ, tt.role, tt.place, tt.lo)
			}
			if tt.text[m.Start:m.End] != m.Text {
				t.Errorf("offsets %d:%d give %q, text %q", m.Start, m.End, tt.text[m.Start:m.End], m.Text)
			}
		})
	}
}

func TestRecognizeSkipsCommonWords(t *testing.T) {
	tests := []struct{ name, text, not string }{
		{"sentence-initial word", "Countries supporting the plan met. Other countries did not.", "Countries"},
		{"month", "In October he said so.", "October"},
		{"headline words", "Read also: Government Collapse: Mark Rutte to Leave Politics\nThe government fell. He will leave politics.", "Government Collapse"},
		{"lone adjective", "The Western alliance met.", "Western"},
		{"shouted header", "PUBLISHED: THURSDAY, MAY 2, 2013\nThe court met.", "PUBLISHED"},
		{"title-case phrase", "The game Was Carried In Full On The network.", "In Full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, m := range Recognize(tt.text) {
				if strings.Contains(m.Text, tt.not) {
					t.Errorf("unexpected mention %+v", m)
				}
			}
		})
	}
}

func TestLocalize(t *testing.T) {
	tests := []struct {
		name, text, short, want string
	}{
		{"surname to full name", "Dutch Prime Minister Mark Rutte spoke. Rutte said no.", "Rutte", "Mark Rutte"},
		{"acronym defined in text", "The Reconnaissance General Bureau (RGB) said so. The RGB denied it.", "RGB", "Reconnaissance General Bureau"},
		{"ambiguous surname stays unresolved", "Prime Minister Kaja Kallas met former prime minister Siim Kallas. Kallas said yes.", "Kallas", ""},
		{"bare surname is not the wife", "President Emmanuel Macron and his wife, Brigitte Macron, arrived. Macron said yes.", "Macron", "Emmanuel Macron"},
		{"father, not junior", "Donald Trump and Donald Trump Jr. spoke. Trump said no.", "Trump", "Donald Trump"},
		{"only someone already named", "Kim Jong Un inspected the site on Monday. Kim said the test went well. The site was begun under Kim Il Sung.", "Kim", "Kim Jong Un"},
		{"title tells apart", "First lady Melania Trump smiled. President Trump said no.", "Trump", "Trump"},
		{"role-only mention", "President Donald Trump met Mr. Abe. Mr. Trump said so. Later the President left.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.short == "" {
				return
			}
			ms := Recognize(tt.text)
			var got *Mention
			for i := range ms {
				if ms[i].Name == tt.short {
					got = &ms[i]
				}
			}
			if got == nil {
				t.Fatalf("no mention %q in %+v", tt.short, ms)
			}
			if got.Local != tt.want {
				t.Errorf("Local = %q, want %q", got.Local, tt.want)
			}
		})
	}
}

func TestSpanMentionRoleOnly(t *testing.T) {
	text := "President Donald Trump met Prime Minister Shinzo Abe. Mr. Trump said so.\nThe president left early."
	ms := Recognize(text)
	start := strings.Index(text, "The president")
	m := SpanMention(text, start, start+len("The president"), Person, ms)
	if m.Local != "Donald Trump" || m.Name != "" {
		t.Errorf("role-only span: got %+v, want Local Donald Trump", m)
	}
}

func readDocs(t *testing.T, pattern, story string) []Doc {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files for %s: %v", pattern, err)
	}
	sort.Strings(files)
	var docs []Doc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		docs = append(docs, Doc{ID: id, Story: story, Mentions: Recognize(string(b))})
	}
	return docs
}

// entityOf returns the indices of the entities that have a variant named v.
func entityOf(es []Entity, v string) []int {
	var out []int
	for i, e := range es {
		for _, x := range e.Variants {
			if x.Name == v {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func TestSiimKallasIsNotKajaKallas(t *testing.T) {
	docs := readDocs(t, "testdata/siim_kallas_*.txt", "estonia")
	es := Resolve(docs)
	kaja, siim := entityOf(es, "Kaja Kallas"), entityOf(es, "Siim Kallas")
	if len(kaja) != 1 || len(siim) != 1 {
		t.Fatalf("want one entity each, got Kaja %v Siim %v", kaja, siim)
	}
	if kaja[0] == siim[0] {
		t.Fatalf("Kaja Kallas and Siim Kallas merged: %+v", es[kaja[0]])
	}
	if n := len(es[siim[0]].Articles); n != 2 {
		t.Errorf("Siim Kallas in %d articles, want 2: %+v", n, es[siim[0]])
	}
	// the bare "Kallas" of the article naming both stays unresolved
	for _, m := range docs[0].Mentions {
		if m.Name == "Kallas" && m.Local != "" {
			t.Errorf("ambiguous Kallas resolved to %q", m.Local)
		}
	}
}

func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Skip("../shared is absent")
	}
	return shared
}

// headAndPlaces are the last head noun and the places of a role phrase.
func headAndPlaces(role string) (string, []string) {
	h, p := roleWords(role)
	if len(h) == 0 {
		return "", p
	}
	return h[len(h)-1], p
}

func TestSeeds(t *testing.T) {
	shared := sharedDir(t)
	docs := readDocs(t, filepath.Join(shared, "seeds", "*.txt"), "seed")
	es := Resolve(docs)
	b, err := os.ReadFile(filepath.Join(shared, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Entities []struct {
			Canonical string   `json:"canonical"`
			Type      string   `json:"type"`
			Variants  []string `json:"variants"`
			Roles     []string `json:"roles"`
		} `json:"entities"`
		MustNotMerge [][2]string `json:"must_not_merge"`
	}
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatal(err)
	}
	// a gold variant is looked up by the name the recogniser gives it
	// ("General Ohno Eichelsheim" -> "Ohno Eichelsheim")
	nameOf := func(v string) string {
		best := v
		for _, m := range Recognize("They met " + v + " there.") {
			if m.Type == Person && m.Name != "" {
				return m.Name
			}
			if m.Text == v {
				best = m.Name
			}
		}
		return best
	}
	byCanon := map[string]int{}
	for _, g := range gold.Entities {
		t.Run(g.Canonical, func(t *testing.T) {
			ent := -1
			for _, v := range g.Variants {
				ids := entityOf(es, nameOf(v))
				var typed []int
				for _, i := range ids {
					if class(es[i].Type) == class(g.Type) {
						typed = append(typed, i)
					}
				}
				if len(typed) != 1 {
					t.Fatalf("variant %q (%q): %d entities of type %s", v, nameOf(v), len(typed), g.Type)
				}
				if ent >= 0 && typed[0] != ent {
					t.Fatalf("variant %q is in %q, not with the other variants in %q", v, es[typed[0]].Name, es[ent].Name)
				}
				ent = typed[0]
			}
			byCanon[g.Canonical] = ent
			e := es[ent]
			for _, gr := range g.Roles {
				gh, gp := headAndPlaces(gr)
				ok := false
				for _, r := range e.Roles {
					h, p := roleWords(r.Role)
					if contains(h, gh) && (len(p) == 0 || containsAll(p, gp)) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("role %q missing from %q: %+v", gr, e.Name, e.Roles)
				}
			}
		})
	}
	for _, p := range gold.MustNotMerge {
		a, okA := byCanon[p[0]]
		b, okB := byCanon[p[1]]
		if okA && okB && a == b {
			t.Errorf("%q and %q merged", p[0], p[1])
		}
	}
	// every merge keeps its evidence and a confidence
	for _, e := range es {
		for _, m := range e.Merges {
			if m.Evidence == "" || m.Confidence <= 0 || m.Confidence > 1 {
				t.Errorf("merge without evidence or confidence in %q: %+v", e.Name, m)
			}
		}
	}
}

func TestResolveKeepsModelsApart(t *testing.T) {
	docs := []Doc{
		{ID: "a", Story: "s", Mentions: Recognize("The Zentra A320 flew first. Airlines like the Zentra A320.")},
		{ID: "b", Story: "s", Mentions: Recognize("The Zentra A380 flew later. Airlines like the Zentra A380.")},
	}
	es := Resolve(docs)
	a, b := entityOf(es, "Zentra A320"), entityOf(es, "Zentra A380")
	if len(a) != 1 || len(b) != 1 || a[0] == b[0] {
		t.Fatalf("models merged or missing: %v %v %+v", a, b, es)
	}
}

func TestResolveNamesOfOnePerson(t *testing.T) {
	tests := []struct {
		name, a, b, va, vb string
		same               bool
	}{
		{"nickname", "Representative Robert W. Goodlatte of Virginia spoke.", "House Judiciary Chairman Bob Goodlatte agreed.", "Robert W. Goodlatte", "Bob Goodlatte", true},
		{"ordinal dropped", "Special Counsel Robert S. Mueller III filed charges.", "Special Counsel Robert Mueller declined to comment.", "Robert S. Mueller III", "Robert Mueller", true},
		{"junior is another person", "Donald Trump Jr. met lawyers.", "President Donald Trump met lawyers.", "Donald Trump Jr.", "Donald Trump", false},
		{"another given name", "Former prime minister Siim Kallas spoke.", "Prime Minister Kaja Kallas spoke.", "Siim Kallas", "Kaja Kallas", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := Resolve([]Doc{{ID: "a", Story: "s", Mentions: Recognize(tt.a)}, {ID: "b", Story: "s", Mentions: Recognize(tt.b)}})
			a, b := entityOf(es, tt.va), entityOf(es, tt.vb)
			if len(a) != 1 || len(b) != 1 {
				t.Fatalf("variants not found: %v %v in %+v", a, b, es)
			}
			if (a[0] == b[0]) != tt.same {
				t.Errorf("same = %v, want %v: %+v", a[0] == b[0], tt.same, es[a[0]])
			}
		})
	}
}

func TestResolveDeterministic(t *testing.T) {
	docs := readDocs(t, "testdata/siim_kallas_*.txt", "estonia")
	a, _ := json.Marshal(Resolve(docs))
	for i := 0; i < 5; i++ {
		b, _ := json.Marshal(Resolve(docs))
		if string(a) != string(b) {
			t.Fatal("Resolve output differs between runs")
		}
	}
}

func FuzzRecognize(f *testing.F) {
	for _, s := range []string{
		"Dutch Prime Minister Mark Rutte met U.S. Ambassador to NATO Julianne Smith.",
		"North Atlantic Treaty Organization (NATO) — BRUSSELS, Gen. Onno Eichelsheim said.",
		"“Trump’s main issue,” Rutte said. Kim Jong-un and the Trump-Russia inquiry.",
		"a (B) -- C's D'E F-G ’s “ \" ( [ U.S. Mr.",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ms := Recognize(s)
		for _, m := range ms {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End || s[m.Start:m.End] != m.Text {
				t.Fatalf("bad offsets %+v in %q", m, s)
			}
		}
		Resolve([]Doc{{ID: "a", Mentions: ms}, {ID: "b", Mentions: ms}})
	})
}

func BenchmarkRecognize(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.txt")
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	if seeds, _ := filepath.Glob("../../../shared/seeds/*.txt"); len(seeds) > 0 {
		for _, f := range seeds {
			data, _ := os.ReadFile(f)
			texts = append(texts, string(data))
		}
	}
	b.ResetTimer()
	mentions, bytes := 0, 0
	for i := 0; i < b.N; i++ {
		s := texts[i%len(texts)]
		mentions += len(Recognize(s))
		bytes += len(s)
	}
	b.SetBytes(int64(bytes / max(b.N, 1)))
	b.ReportMetric(float64(mentions)/b.Elapsed().Seconds(), "mentions/s")
}

func BenchmarkResolve(b *testing.B) {
	files, _ := filepath.Glob("testdata/*.txt")
	var docs []Doc
	for i, f := range files {
		data, _ := os.ReadFile(f)
		docs = append(docs, Doc{ID: f, Story: string(rune('a' + i%2)), Mentions: Recognize(string(data))})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Resolve(docs)
	}
}
