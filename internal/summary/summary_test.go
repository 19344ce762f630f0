package summary

import (
	"fmt"
	"reflect"

	"github.com/crosscheck/crosscheck/internal/text"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
)

func day(d int) time.Time { return time.Date(2024, 2, d, 12, 0, 0, 0, time.UTC) }

// story3 is a small story: a wire report, a rewrite of it and an outlet
// with its own angle.
func story3() []Doc {
	return []Doc{
		{ID: "c", Outlet: "Gazette", Published: day(3), Sentences: []string{
			"The city council approved the new bridge over the river on Tuesday.",
			"Opponents said the vote ignored the cost of repairs to the old bridge.",
			"The bridge will cost 40 million euros, the mayor said.",
		}},
		{ID: "a", Outlet: "Wire", Published: day(1), Sentences: []string{
			"The city council approved a new bridge over the river on Tuesday.",
			"The bridge will cost 40 million euros and open in 2027.",
			"Construction starts in the spring.",
		}},
		{ID: "b", Outlet: "Daily", Published: day(2), Sentences: []string{
			"On Tuesday the city council approved a new bridge across the river.",
			"The new bridge will cost 40 million euros and is due to open in 2027.",
			"A local bakery celebrated its hundredth birthday with free bread.",
		}},
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name      string
		opt       Options
		wantN     int
		wantFirst string // the first sentence must contain this
		minCites  int    // the first sentence cites at least this many articles
	}{
		{"two sentences", Options{MaxSentences: 2}, 2, "approved", 3},
		{"word budget", Options{MaxWords: 10}, 1, "approved", 3},
		{"default length", Options{}, 5, "approved", 3},
		{"runs out of new content", Options{MaxSentences: 9}, 5, "approved", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize(story3(), tt.opt)
			if len(got) != tt.wantN {
				t.Fatalf("got %d sentences, want %d: %+v", len(got), tt.wantN, got)
			}
			if !strings.Contains(got[0].Text, tt.wantFirst) {
				t.Errorf("first sentence %q lacks %q", got[0].Text, tt.wantFirst)
			}
			if len(got[0].Citations) < tt.minCites {
				t.Errorf("first sentence cites %v, want at least %d articles", got[0].Citations, tt.minCites)
			}
			used := map[Support]string{}
			for _, s := range got {
				for _, e := range s.Evidence {
					e.Score = 0
					if prev, ok := used[e]; ok {
						t.Errorf("%q and %q both rest on %s: %q (a repeat)", prev, s.Text, e.Article, e.Text)
					}
					used[e] = s.Text
				}
				if len(s.Citations) != len(s.Evidence) {
					t.Errorf("%q: %d citations but %d evidence", s.Text, len(s.Citations), len(s.Evidence))
				}
				if !slices.Contains(s.Citations, s.Article) {
					t.Errorf("%q does not cite its own article %s", s.Text, s.Article)
				}
				for _, e := range s.Evidence {
					if e.Score < DefaultMinSupport {
						t.Errorf("%q cites %s with support %.2f below threshold", s.Text, e.Article, e.Score)
					}
				}
			}
		})
	}
}

func TestSummarizeCitesOnlySupportingArticles(t *testing.T) {
	got := Summarize(story3(), Options{MaxSentences: 5})
	for _, s := range got {
		if strings.Contains(s.Text, "bakery") {
			if !reflect.DeepEqual(s.Citations, []string{"b"}) {
				t.Errorf("bakery sentence cites %v, want only b", s.Citations)
			}
			if s.Lineages != 1 {
				t.Errorf("bakery sentence has %d lineages, want 1", s.Lineages)
			}
		}
		if strings.Contains(s.Text, "approved") {
			// publication order: a (day 1), b (day 2), c (day 3)
			if !reflect.DeepEqual(s.Citations, []string{"a", "b", "c"}) {
				t.Errorf("approval sentence cites %v, want [a b c]", s.Citations)
			}
		}
	}
}

func TestSummarizeOrderAndLineages(t *testing.T) {
	docs := story3()
	// b copied a: one lineage, so the approval has two independent sources.
	got := Summarize(docs, Options{MaxSentences: 3, Lineages: [][]string{{"a", "b"}}})
	// A fact dates from its first report: the first article citing it.
	first := func(s Sentence) time.Time { return pub(docs, s.Citations[0]) }
	for i := 1; i < len(got); i++ {
		if first(got[i]).Before(first(got[i-1])) {
			t.Errorf("sentence %d (first in %s) reported before sentence %d (first in %s)", i, got[i].Citations[0], i-1, got[i-1].Citations[0])
		}
	}
	for _, s := range got {
		if strings.Contains(s.Text, "approved") && s.Lineages != 2 {
			t.Errorf("approval sentence: %d lineages, want 2 (a+b are one)", s.Lineages)
		}
	}
}

func pub(docs []Doc, id string) time.Time {
	for _, d := range docs {
		if d.ID == id {
			return d.Published
		}
	}
	return time.Time{}
}

func TestSummarizeClaimGroups(t *testing.T) {
	docs := []Doc{
		{ID: "a", Sentences: []string{"Officials said the dam held after the storm.", "The storm flooded the lower town overnight."}, Groups: []string{"g1", "g2"}},
		{ID: "b", Sentences: []string{"Officials said the dam held after the heavy storm.", "Rescuers searched the flooded lower town."}, Groups: []string{"g1", "g2"}},
	}
	got := Summarize(docs, Options{MaxSentences: 2})
	if len(got) != 2 {
		t.Fatalf("got %d sentences", len(got))
	}
	dam := 0
	for _, s := range got {
		if strings.Contains(s.Text, "dam") {
			dam++
		}
	}
	if dam != 1 {
		t.Errorf("summary repeats claim group g1 (%d dam sentences): %+v", dam, got)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	if got := Summarize(nil, Options{}); got != nil {
		t.Errorf("Summarize(nil) = %v", got)
	}
	if got := Summarize([]Doc{{ID: "x", Sentences: []string{"  ", ""}}}, Options{}); got != nil {
		t.Errorf("Summarize(blank) = %v", got)
	}
}

func TestWhatEachAdds(t *testing.T) {
	docs := story3()
	docs[2].Groups = []string{"approve", "cost", "bakery"}
	docs[0].Groups = []string{"approve", "opponents", "cost"}
	got := WhatEachAdds(docs)
	wantOrder := []string{"a", "b", "c"}
	for i, nv := range got {
		if nv.Article != wantOrder[i] {
			t.Fatalf("order %v, want %v", got, wantOrder)
		}
	}
	if len(got[0].Adds) != 3 {
		t.Errorf("first article adds %q, want all 3 sentences", got[0].Adds)
	}
	if !reflect.DeepEqual(got[1].Adds, []string{"A local bakery celebrated its hundredth birthday with free bread."}) {
		t.Errorf("b adds %q, want only the bakery", got[1].Adds)
	}
	if !reflect.DeepEqual(got[2].Adds, []string{"Opponents said the vote ignored the cost of repairs to the old bridge."}) {
		t.Errorf("c adds %q, want only the opponents", got[2].Adds)
	}
	if !reflect.DeepEqual(got[2].Claims, []string{"opponents"}) {
		t.Errorf("c first reports claims %v, want [opponents]", got[2].Claims)
	}
}

func TestCoverage(t *testing.T) {
	docs := story3()
	groups := []Group{
		{ID: "approve", Articles: []string{"a", "b", "c"}},
		{ID: "cost", Articles: []string{"a", "b"}},
		{ID: "opponents", Articles: []string{"c"}},
	}
	got := Coverage(docs, groups)
	want := []OutletCoverage{
		{Outlet: "Daily", Articles: []string{"b"}, Reports: []string{"approve", "cost"}, Omits: []string{"opponents"}},
		{Outlet: "Gazette", Articles: []string{"c"}, Reports: []string{"approve", "opponents"}, Omits: []string{"cost"}},
		{Outlet: "Wire", Articles: []string{"a"}, Reports: []string{"approve", "cost"}, Omits: []string{"opponents"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Coverage =\n%+v\nwant\n%+v", got, want)
	}
	// Groups read from the docs when none are given.
	docs[0].Groups = []string{"approve", "opponents"}
	docs[1].Groups = []string{"approve"}
	got = Coverage(docs, nil)
	if !reflect.DeepEqual(got[2].Omits, []string{"opponents"}) {
		t.Errorf("Wire omits %v, want [opponents]", got[2].Omits)
	}
}

func TestTrim(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"wire credit", "(Bloomberg) -- Countries backed the bid on Monday.", "Countries backed the bid on Monday."},
		{"dateline", "BRUSSELS — Allies met on Monday to discuss the bid.", "Allies met on Monday to discuss the bid."},
		{"dateline with agency", "WASHINGTON (Reuters) - The Senate passed the bill late on Friday.", "The Senate passed the bill late on Friday."},
		{"aside", "Senator Jane Doe (pictured) voted against the measure.", "Senator Jane Doe voted against the measure."},
		{"label", "BREAKING: The president has resigned from office.", "The president has resigned from office."},
		{"untouched", "Nothing to trim in this plain sentence.", "Nothing to trim in this plain sentence."},
		{"too short after", "(AP) -- Yes.", "(AP) -- Yes."},
		{"hyphenated start", "Well-known figures attended the summit.", "Well-known figures attended the summit."},
		{"dateline without spaces", "WASHINGTON—The House voted on the bill late Friday.", "The House voted on the bill late Friday."},
		{"capitals before a dash", "ISIS—the group behind the attack—claimed it on Sunday.", "ISIS—the group behind the attack—claimed it on Sunday."},
		{"party tag kept", "Sen. Rand Paul (R-Ky.) blocked the vote (pictured) on Monday.", "Sen. Rand Paul (R-Ky.) blocked the vote on Monday."},
		{"section label", "Why it matters: The trip is the president's first abroad.", "The trip is the president's first abroad."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Trim(tt.in); got != tt.want {
				t.Errorf("Trim(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzTrim(f *testing.F) {
	for _, s := range []string{"(Bloomberg) -- X y z.", "BRUSSELS — a b c", "a (b) c d", "", "((((", "Ünïcode (ç) — ok fine here"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Trim(s)
		if len(got) > len(strings.TrimSpace(s))+1 {
			t.Errorf("Trim grew %q to %q", s, got)
		}
	})
}

func FuzzSummarize(f *testing.F) {
	f.Add("The council approved the bridge. It costs a lot.", "The council approved a bridge on Tuesday. Nobody objected.", 2)
	f.Add("", "x", 0)
	f.Fuzz(func(t *testing.T, a, b string, n int) {
		docs := []Doc{{ID: "a", Sentences: strings.Split(a, ". ")}, {ID: "b", Title: b, Sentences: strings.Split(b, ". ")}}
		limit := (n%8+8)%8 + 1
		got := Summarize(docs, Options{MaxSentences: limit})
		if len(got) > limit {
			t.Errorf("%d sentences, cap %d", len(got), limit)
		}
		for _, s := range got {
			if len(s.Citations) == 0 {
				t.Errorf("uncited sentence %q", s.Text)
			}
		}
		_ = WhatEachAdds(docs)
	})
}

func TestSentenceFlags(t *testing.T) {
	tests := []struct {
		s                    string
		opinion, anaphoricOK bool
	}{
		{"The council approved the bridge on Tuesday.", false, false},
		{"Is the bridge worth it?", true, false},
		{"We must build it now, the mayor said.", true, false},
		{"“It is a great day,” the mayor said.", true, false},
		{"He said the vote was close.", false, true},
		{"But opponents objected.", false, true},
		{"Hebrew schools were closed.", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.s, func(t *testing.T) {
			toks := text.Tokens(tt.s)
			if got := opinionated(tt.s, toks); got != tt.opinion {
				t.Errorf("opinionated = %v, want %v", got, tt.opinion)
			}
			if got := anaphoric(toks); got != tt.anaphoricOK {
				t.Errorf("anaphoric = %v, want %v", got, tt.anaphoricOK)
			}
		})
	}
}

func TestOrderUndated(t *testing.T) {
	// Undated: the most important sentence first, but one article's
	// sentences in their article order.
	docs := []Doc{
		{ID: "x", Sentences: []string{"A bakery opened in the old town square.", "The council approved the new river bridge on Tuesday after a long debate."}},
		{ID: "y", Sentences: []string{"The council approved a new river bridge on Tuesday.", "The new river bridge will cost 40 million euros."}},
		{ID: "z", Sentences: []string{"The new river bridge, approved by the council on Tuesday, will cost 40 million euros."}},
	}
	st := analyse(docs, nil)
	find := func(doc, pos int) int {
		for u, un := range st.units {
			if un.doc == doc && un.pos == pos {
				return u
			}
		}
		t.Fatalf("no unit %d/%d", doc, pos)
		return -1
	}
	ownDate := func(chosen []int) map[int]time.Time {
		m := map[int]time.Time{}
		for _, u := range chosen {
			m[u] = st.docs[st.units[u].doc].Published
		}
		return m
	}
	chosen := []int{find(2, 0), find(0, 1), find(1, 0), find(0, 0)}
	st.order(chosen, ownDate(chosen))
	want := []int{find(2, 0), find(0, 0), find(1, 0), find(0, 1)}
	if !reflect.DeepEqual(chosen, want) {
		t.Errorf("order = %v, want %v", chosen, want)
	}
	// Dated: time first.
	docs[0].Published, docs[1].Published, docs[2].Published = day(3), day(1), day(2)
	st = analyse(docs, nil)
	chosen = []int{find(2, 0), find(0, 1), find(1, 0), find(0, 0)}
	st.order(chosen, ownDate(chosen))
	want = []int{find(1, 0), find(2, 0), find(0, 0), find(0, 1)}
	if !reflect.DeepEqual(chosen, want) {
		t.Errorf("dated order = %v, want %v", chosen, want)
	}
}

func TestWordRuns(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"plain", "bridge", 1},
		{"abbreviation and hyphen", "U.S.-Mexico", 3},
		{"possessive", "Harris's", 2},
		{"number", "40", 1},
		{"punctuation only", "—", 0},
		{"accents", "Kraków", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(wordRuns(tt.s)); got != tt.want {
				t.Errorf("len(wordRuns(%q)) = %d, want %d", tt.s, got, tt.want)
			}
		})
	}
}

// TestWordValues checks the shape of the expected-overlap model: a word
// every lineage uses is worth more than one a single lineage uses, and each
// further use of a word is worth less than the one before.
func TestWordValues(t *testing.T) {
	st := analyse(story3(), nil)
	id := func(w string) int {
		for u := range st.units {
			for i, r := range wordRuns(st.units[u].text) {
				if text.Fold(r) == w {
					return st.units[u].seq[i]
				}
			}
		}
		t.Fatalf("no word %q", w)
		return -1
	}
	value := func(w, k int) float64 { return st.weight[w*maxRepeat+k] }
	shared, single := id("approved"), id("bakery")
	if value(shared, 0) <= value(single, 0) {
		t.Errorf("approved (3 lineages) worth %.3f, bakery (1) %.3f: want more", value(shared, 0), value(single, 0))
	}
	for _, w := range []int{shared, single, id("the"), id("bridge")} {
		for k := 1; k < maxRepeat; k++ {
			if value(w, k) > value(w, k-1) || value(w, k) < 0 || value(w, 0) > 1 {
				t.Errorf("word %d: use %d worth %.3f after %.3f", w, k, value(w, k), value(w, k-1))
			}
		}
	}
}

// TestBudgetLastSentence checks that with a word budget the sentence that
// runs over it comes last, where a caller cuts, and that the summary
// reaches the budget.
func TestBudgetLastSentence(t *testing.T) {
	tests := []struct {
		name  string
		words int
	}{
		{"one sentence", 5},
		{"two sentences", 16},
		{"three sentences", 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := story3()
			for i := range docs {
				docs[i].Published = time.Time{} // undated: importance order
			}
			got := Summarize(docs, Options{MaxWords: tt.words})
			n := 0
			for i, s := range got {
				if n >= tt.words {
					t.Errorf("sentence %d %q starts after the budget of %d words", i, s.Text, tt.words)
				}
				n += len(strings.FieldsFunc(s.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
			}
			if n < tt.words {
				t.Errorf("summary has %d words, budget %d", n, tt.words)
			}
		})
	}
}

// BenchmarkAnalyse200 analyses a 200-article story and writes its summary
// and what each report adds: the summary package's share of a brief, whose
// whole target is under 100 ms.
func BenchmarkAnalyse200(b *testing.B) {
	subjects := []string{"The council", "The mayor", "Opponents", "The ministry", "A court", "The port authority", "Residents", "The shipping line"}
	verbs := []string{"approved", "criticised", "delayed", "questioned", "backed", "challenged", "reviewed", "funded"}
	objects := []string{"the harbour plan", "the new bridge", "the dredging permit", "the budget", "the water study", "the terminal contract"}
	docs := make([]Doc, 200)
	for d := range docs {
		doc := Doc{ID: fmt.Sprintf("a%03d", d), Outlet: fmt.Sprintf("Outlet %d", d%40), Published: day(d % 9),
			Title: fmt.Sprintf("%s %s %s", subjects[d%len(subjects)], verbs[d%len(verbs)], objects[d%len(objects)])}
		for i := 0; i < 15; i++ {
			k := d*7 + i*3
			// pseudo-words (a story's details) from a fixed hash of k
			h := uint32(k)*2654435761 + 12345
			doc.Sentences = append(doc.Sentences, fmt.Sprintf("%s %s %s near Zor%d and the Vel%d quay on day %d, costing %d million euros, officials at Kel%d said.",
				subjects[k%len(subjects)], verbs[(k/3)%len(verbs)], objects[(k/5)%len(objects)], h%1500, (h>>11)%900, k%28+1, k%90+10, (h>>21)%400))
		}
		docs[d] = doc
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := Analyse(docs, nil)
		a.Summary(Options{MaxSentences: 6})
		a.Novelty()
	}
}
