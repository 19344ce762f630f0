package provenance

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/news"
)

func fixture(t testing.TB, name string) string {
	b, err := os.ReadFile("testdata/" + name + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func day(d int) time.Time { return time.Date(2025, 3, d, 12, 0, 0, 0, time.UTC) }

func doc(t testing.TB, id, name string, published time.Time) Doc {
	txt := fixture(t, name)
	return Doc{ID: id, Text: txt, Hash: news.TextHash(txt), Published: published}
}

func kinds(rels []news.Relation) []string {
	var out []string
	for _, r := range rels {
		k := r.From + ">" + r.To + ":" + r.Kind
		if r.Evidence == EvidenceReportedEarlier {
			k += "(reported earlier)"
		}
		out = append(out, k+":"+r.Direction)
	}
	return out
}

func TestPair(t *testing.T) {
	orig := fixture(t, "original")
	edited := strings.Replace(orig, "as early as May", "in late May", 1)
	tests := []struct {
		name string
		a, b Doc
		want []string
	}{
		{"copy", doc(t, "a", "original", day(2)), doc(t, "b", "original", day(1)), []string{"b>a:duplicate:forward"}},
		{"light edit", doc(t, "a", "original", day(1)), Doc{ID: "b", Text: edited, Published: day(2)}, []string{"a>b:near-duplicate:forward"}},
		{"rewrite of an earlier article", doc(t, "a", "original", day(1)), doc(t, "b", "rewrite", day(2)),
			[]string{"a>b:cites(reported earlier):forward", "a>b:derived:forward"}},
		{"translation with mangled names", doc(t, "a", "original", day(1)), doc(t, "b", "translated", day(3)), []string{"a>b:derived:forward"}},
		{"unknown dates", doc(t, "b", "original", time.Time{}), doc(t, "a", "rewrite", time.Time{}),
			[]string{"b>a:cites(reported earlier):unknown", "a>b:shared-source:unknown"}},
		{"equal dates", doc(t, "a", "original", day(1)), doc(t, "b", "translated", day(1)), []string{"a>b:shared-source:unknown"}},
		{"later cannot be restated by earlier", doc(t, "a", "original", day(3)), doc(t, "b", "rewrite", day(1)), []string{"b>a:derived:forward"}},
		{"unrelated", doc(t, "a", "original", day(1)), doc(t, "b", "unrelated", day(2)), nil},
		{"same doc", doc(t, "a", "original", day(1)), doc(t, "a", "original", day(1)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rels := Pair(tt.a, tt.b)
			if got := kinds(rels); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Pair = %v, want %v", got, tt.want)
				for _, r := range rels {
					for _, p := range r.Passages {
						t.Logf("  %s %.3f %q ~ %q", p.Match, p.Score, p.FromText, p.ToText)
					}
				}
			}
			for _, r := range rels {
				if r.Score <= 0 || r.Score > 1 {
					t.Errorf("%s score %v out of (0,1]", r.Kind, r.Score)
				}
			}
		})
	}
}

func TestPassages(t *testing.T) {
	a, b := doc(t, "a", "original", day(1)), doc(t, "b", "translated", day(3))
	rels := Pair(a, b)
	if len(rels) != 1 {
		t.Fatalf("got %v", kinds(rels))
	}
	translation := false
	for _, p := range rels[0].Passages {
		if a.Text[p.FromSpan.Start:p.FromSpan.End] != p.FromText || b.Text[p.ToSpan.Start:p.ToSpan.End] != p.ToText {
			t.Errorf("spans do not match passage texts: %+v", p)
		}
		if p.Match == align.KindTranslation && strings.Contains(p.FromText, "Þórðarson") && strings.Contains(p.ToText, "Thordarsson") {
			translation = true
		}
	}
	if !translation {
		t.Errorf("no translation passage for the mangled engineer's name in %+v", rels[0].Passages)
	}
	// without spans or text, sentences alone still work (spans stay zero)
	a2 := Doc{ID: "a", Published: day(1), Sentences: Prepare(a).Sentences}
	b2 := Doc{ID: "b", Published: day(3), Sentences: Prepare(b).Sentences}
	if got := kinds(Pair(a2, b2)); !reflect.DeepEqual(got, []string{"a>b:derived:forward"}) {
		t.Errorf("sentences only: %v", got)
	}
}

func TestSharedCitedSource(t *testing.T) {
	// both cite the same outlet, neither is it: a shared source even though
	// the dates differ
	a := doc(t, "a", "original", day(1))
	b := doc(t, "b", "translated", day(2))
	a.Outlet, b.Outlet = "Portvale Post", "HNA"
	a.CitedOutlets, b.CitedOutlets = []string{"Harbour Herald"}, []string{"harbour herald"}
	if got := kinds(Pair(a, b)); !reflect.DeepEqual(got, []string{"a>b:shared-source:forward"}) {
		t.Errorf("common cited outlet: %v", got)
	}
	// the later one cites the earlier one's outlet: derived
	b.CitedOutlets = []string{"Portvale Post"}
	if got := kinds(Pair(a, b)); !reflect.DeepEqual(got, []string{"a>b:derived:forward"}) {
		t.Errorf("cites the earlier outlet: %v", got)
	}
}

func TestCites(t *testing.T) {
	d := Doc{ID: "x", Outlet: "HNA", CitedOutlets: []string{"Harbour Herald", "harbour herald", "HNA", " "}}
	got := Cites(d)
	if len(got) != 1 || got[0].From != "external:Harbour Herald" || got[0].To != "x" || got[0].Kind != news.KindCites {
		t.Errorf("Cites = %+v", got)
	}
}

func TestAnalyzeLineages(t *testing.T) {
	docs := []Doc{
		doc(t, "orig", "original", day(1)),
		doc(t, "other", "unrelated", day(1)),
		doc(t, "rw", "rewrite", day(2)),
		doc(t, "tr", "translated", day(3)),
		doc(t, "copy", "original", day(4)),
	}
	docs[2].CitedOutlets = []string{"Harbour Herald"}
	res := Analyze(docs)
	want := [][]string{{"orig", "rw", "tr", "copy"}, {"other"}}
	if !reflect.DeepEqual(res.Lineages, want) {
		t.Errorf("Lineages = %v, want %v; relations %v", res.Lineages, want, kinds(res.Relations))
	}
	// a citation of an outlet does not merge lineages
	if got := Lineages([]string{"a", "b"}, []news.Relation{{From: "a", To: "b", Kind: news.KindCites}, {From: "external:X", To: "a", Kind: news.KindCites}}); len(got) != 2 {
		t.Errorf("cites merged lineages: %v", got)
	}
	// the restatement is credited once, to the best earlier article
	n := 0
	for _, r := range res.Relations {
		if r.Evidence == EvidenceReportedEarlier && r.To == "rw" {
			n++
			if r.From != "orig" {
				t.Errorf("restatement credited to %s", r.From)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d reported-earlier relations to rw, want 1: %v", n, kinds(res.Relations))
	}
}

func TestRestatedClause(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Earlier, it was reported that two-thirds of members backed the plan.", "two-thirds of members backed the plan."},
		{"It was previously reported that the council had approved the budget in May.", "the council had approved the budget in May."},
		{"As previously reported, the mayor resigned after the vote on Tuesday.", "the mayor resigned after the vote on Tuesday."},
		{"Earlier reports said the bridge would close for repairs in June.", "the bridge would close for repairs in June."},
		{"The council reported a deficit.", ""},
		{"Earlier, it was reported that he left.", ""}, // too little content to match
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := restatedClause(tt.in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("restatedClause = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

func BenchmarkPair(b *testing.B) {
	x, y := doc(b, "a", "original", day(1)), doc(b, "b", "rewrite", day(2))
	for b.Loop() {
		Pair(x, y)
	}
}

func BenchmarkPairPrepared(b *testing.B) {
	x, y := Prepare(doc(b, "a", "original", day(1))), Prepare(doc(b, "b", "rewrite", day(2)))
	for b.Loop() {
		PairPrepared(x, y)
	}
}

func BenchmarkAnalyze(b *testing.B) {
	var docs []Doc
	for i, name := range []string{"original", "rewrite", "translated", "unrelated", "original", "rewrite", "translated", "unrelated"} {
		d := doc(b, string(rune('a'+i)), name, day(i+1))
		if i >= 4 {
			d.Text += " Updated."
			d.Hash = news.TextHash(d.Text)
		}
		docs = append(docs, d)
	}
	for b.Loop() {
		Analyze(docs)
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add("Earlier, it was reported that the council voted 7-2 to rebuild the pier.", "The council voted 7-2 on Tuesday to rebuild the pier. It was built in 1903.")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		docs := []Doc{{ID: "a", Text: a, Published: day(1)}, {ID: "b", Text: b}, {ID: "c", Text: a, Published: day(2)}}
		res := Analyze(docs)
		texts := map[string]string{"a": a, "b": b, "c": a}
		for _, r := range res.Relations {
			for _, p := range r.Passages {
				if texts[r.From][p.FromSpan.Start:p.FromSpan.End] != p.FromText || texts[r.To][p.ToSpan.Start:p.ToSpan.End] != p.ToText {
					t.Fatalf("passage spans do not match: %+v", p)
				}
			}
		}
		n := 0
		for _, l := range res.Lineages {
			n += len(l)
		}
		if n != len(docs) {
			t.Fatalf("lineages cover %d docs, want %d", n, len(docs))
		}
	})
}

func TestFromArticle(t *testing.T) {
	txt := "Menu Home News\nThe council voted on Tuesday. Work starts in May."
	a := &news.Article{ID: "x", Outlet: "Post", Text: txt, Published: day(1), Boilerplate: []news.Span{{Start: 0, End: 14}}}
	d := FromArticle(a)
	want := []string{"The council voted on Tuesday.", "Work starts in May."}
	if !reflect.DeepEqual(d.Sentences, want) {
		t.Fatalf("Sentences = %q, want %q", d.Sentences, want)
	}
	for i, sp := range d.Spans {
		if txt[sp.Start:sp.End] != d.Sentences[i] {
			t.Errorf("span %d gives %q", i, txt[sp.Start:sp.End])
		}
	}
	if d.ID != "x" || d.Outlet != "Post" || !d.Published.Equal(day(1)) {
		t.Errorf("metadata not copied: %+v", d)
	}
}

// BenchmarkPrepare is the per-article cost when an article joins a story.
func BenchmarkPrepare(b *testing.B) {
	d := doc(b, "a", "original", day(1))
	b.SetBytes(int64(len(d.Text)))
	for b.Loop() {
		Prepare(d)
	}
}
