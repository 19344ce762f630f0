package brief

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/cputime"
	"github.com/crosscheck/crosscheck/internal/summary"
)

// syntheticStory makes a story of n articles of about 15 sentences each:
// shared facts restated with light edits (as outlets rewrite the wire),
// copies, and sentences of each article's own.
func syntheticStory(n int) []summary.Doc {
	r := rand.New(rand.NewPCG(7, 11))
	subjects := []string{"The city council", "The transport minister", "Opposition leaders", "The regional governor", "Local residents", "The construction firm", "Environmental groups", "The finance committee"}
	verbs := []string{"approved", "criticised", "delayed", "welcomed", "questioned", "funded", "rejected", "reviewed"}
	objects := []string{"the new river bridge", "the budget for the bridge", "the tender for the works", "the environmental report", "the plan to close the old bridge", "the cost estimate of 40 million euros", "the timetable for 2027", "the toll proposal"}
	whens := []string{"on Tuesday", "last week", "in March", "after a long debate", "late on Friday", "earlier this month"}
	var facts []string
	for i := 0; i < 80; i++ {
		facts = append(facts, fmt.Sprintf("%s %s %s %s.", subjects[r.IntN(len(subjects))], verbs[r.IntN(len(verbs))], objects[r.IntN(len(objects))], whens[r.IntN(len(whens))]))
	}
	outlets := []string{"Wire Service", "Daily Post", "Evening Gazette", "Morning Herald", "City Times", "Radio One", "Metro", "The Observer"}
	start := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	docs := make([]summary.Doc, n)
	for i := range docs {
		d := summary.Doc{ID: fmt.Sprintf("a%03d", i), Outlet: outlets[i%len(outlets)], Published: start.Add(time.Duration(i) * 47 * time.Minute)}
		d.Title = strings.TrimSuffix(facts[r.IntN(20)], ".")
		for k := 0; k < 15; k++ {
			f := r.IntN(len(facts))
			switch r.IntN(4) {
			case 0: // an article's own detail
				d.Sentences = append(d.Sentences, fmt.Sprintf("A spokesperson for %s told reporters that item %d of the plan was unchanged.", d.Outlet, r.IntN(1000)))
				d.Groups = append(d.Groups, "")
			case 1: // light edit
				s := strings.Replace(facts[f], "The ", "On Monday the ", 1)
				d.Sentences = append(d.Sentences, s)
				d.Groups = append(d.Groups, fmt.Sprintf("g%d", f))
			default: // copy
				d.Sentences = append(d.Sentences, facts[f])
				d.Groups = append(d.Groups, fmt.Sprintf("g%d", f))
			}
		}
		docs[i] = d
	}
	return docs
}

// assemble fills a brief from the summary package's outputs the way the
// pipeline does, with synthetic provenance.
func assemble(docs []summary.Doc, lineages [][]string) *Brief {
	b := &Brief{Story: Story{ID: "s1", Title: docs[0].Title}, Generated: time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)}
	for _, d := range docs {
		b.Story.Articles = append(b.Story.Articles, Article{ID: d.ID, Title: d.Title, Outlet: d.Outlet, Published: d.Published, URL: "https://news.example/" + d.ID})
	}
	an := summary.Analyse(docs, lineages)
	for _, s := range an.Summary(summary.Options{MaxSentences: 8}) {
		sent := Sentence{Text: s.Text, Citations: s.Citations}
		for _, e := range s.Evidence {
			sent.Evidence = append(sent.Evidence, Support{Article: e.Article, Text: e.Text, Score: e.Score})
		}
		b.Summary = append(b.Summary, sent)
	}
	for _, nv := range an.Novelty() {
		b.Novelty = append(b.Novelty, Novelty{Article: nv.Article, Adds: nv.Adds})
	}
	for _, c := range summary.Coverage(docs, nil) {
		b.Coverage = append(b.Coverage, Coverage{Outlet: c.Outlet, Articles: c.Articles, Reports: c.Reports, Omits: c.Omits})
	}
	for i := 1; i < len(docs); i++ {
		b.Provenance = append(b.Provenance, Relation{From: docs[i/2].ID, To: docs[i].ID, Kind: []string{KindNearDuplicate, KindDerived, KindCites}[i%3],
			Passages: []Passage{{FromText: docs[i/2].Sentences[0], ToText: docs[i].Sentences[0], Match: "near-exact"}}})
	}
	return b
}

func TestSyntheticStoryBrief(t *testing.T) {
	docs := syntheticStory(30)
	b := assemble(docs, nil)
	if len(b.Summary) == 0 || len(b.Novelty) != 30 {
		t.Fatalf("summary %d sentences, novelty %d articles", len(b.Summary), len(b.Novelty))
	}
	// Later articles mostly repeat earlier facts: they must add little.
	last := b.Novelty[len(b.Novelty)-1]
	if len(last.Adds) > 8 {
		t.Errorf("the 30th article adds %d of 15 sentences; copies should not count as new", len(last.Adds))
	}
	if err := Markdown(io.Discard, b); err != nil {
		t.Fatal(err)
	}
	if err := HTML(io.Discard, b); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSummarize200 summarises a 200-article story (about 3,000
// sentences), works out what each article adds and the outlet coverage,
// and renders the brief as Markdown and HTML.
func BenchmarkSummarize200(b *testing.B) {
	docs := syntheticStory(200)
	var lineages [][]string
	for i := 0; i < len(docs); i += 10 {
		var l []string
		for _, d := range docs[i:min(i+10, len(docs))] {
			l = append(l, d.ID)
		}
		lineages = append(lineages, l)
	}
	b.ReportAllocs()
	start := cputime.Used()
	for b.Loop() {
		br := assemble(docs, lineages)
		if err := Markdown(io.Discard, br); err != nil {
			b.Fatal(err)
		}
		if err := HTML(io.Discard, br); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(cputime.MsPerOp(start, b.N), "cpu-ms/op")
}

// BenchmarkRender200 renders an already assembled 200-article brief.
func BenchmarkRender200(b *testing.B) {
	br := assemble(syntheticStory(200), nil)
	b.ReportAllocs()
	start := cputime.Used()
	for b.Loop() {
		if err := Markdown(io.Discard, br); err != nil {
			b.Fatal(err)
		}
		if err := HTML(io.Discard, br); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(cputime.MsPerOp(start, b.N), "cpu-ms/op")
}
