package provenance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

type goldFile struct {
	Documents map[string]struct {
		Outlet          *string `json:"outlet"`
		PublishedApprox string  `json:"published_approx"`
	} `json:"documents"`
	Provenance []struct {
		From, To, Kind string
	} `json:"provenance"`
}

// seedDocs builds the seed Docs. Outlets, cited outlets and dates come from
// the gold file here, in the test only: the package never sees gold.
func seedDocs(t *testing.T) ([]Doc, goldFile) {
	shared := filepath.Join("..", "..", "..", "shared")
	b, err := os.ReadFile(filepath.Join(shared, "gold", "seeds.json"))
	if err != nil {
		t.Skipf("shared seeds absent: %v", err)
	}
	var g goldFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	cited := map[string][]string{}
	for _, p := range g.Provenance {
		if o, ok := strings.CutPrefix(p.From, "external:"); ok {
			cited[p.To] = append(cited[p.To], o)
		}
	}
	var docs []Doc
	for id, meta := range g.Documents {
		raw, err := os.ReadFile(filepath.Join(shared, "seeds", id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		d := Doc{ID: id, Text: string(raw), Hash: news.TextHash(string(raw)), CitedOutlets: cited[id]}
		if meta.Outlet != nil {
			d.Outlet = *meta.Outlet
		}
		for _, layout := range []string{"2006-01-02", "2006-01"} {
			if tm, err := time.Parse(layout, meta.PublishedApprox); err == nil {
				d.Published = tm
				break
			}
		}
		for _, s := range text.Sentences(d.Text) {
			d.Sentences = append(d.Sentences, s.Text)
			d.Spans = append(d.Spans, news.Span{Start: s.Start, End: s.End})
		}
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b Doc) int { return strings.Compare(a.ID, b.ID) })
	return docs, g
}

func short(id string) string { return id[:3] }

func TestSeeds(t *testing.T) {
	docs, gold := seedDocs(t)
	res := Analyze(docs)
	for _, r := range res.Relations {
		t.Logf("%s -> %s %s %s %.3f %q (%d passages)", r.From, r.To, r.Kind, r.Direction, r.Score, r.Evidence, len(r.Passages))
		for _, p := range r.Passages {
			t.Logf("    %s %.3f\n      %s\n      %s", p.Match, p.Score, p.FromText, p.ToText)
		}
	}
	texts := map[string]string{}
	for _, d := range docs {
		texts[d.ID] = d.Text
	}
	// every passage's spans point at its texts
	for _, r := range res.Relations {
		for _, p := range r.Passages {
			if texts[r.From][p.FromSpan.Start:p.FromSpan.End] != p.FromText || texts[r.To][p.ToSpan.Start:p.ToSpan.End] != p.ToText {
				t.Errorf("%s->%s: passage spans do not match texts", r.From, r.To)
			}
		}
	}

	// The relations between articles must be exactly the gold ones.
	type rel struct{ from, to, kind string }
	var got, want []rel
	for _, r := range res.Relations {
		k := r.Kind
		if r.Evidence == EvidenceReportedEarlier {
			k = "reported-earlier"
		}
		from, to := r.From, r.To
		if k == news.KindSharedSource && from > to {
			from, to = to, from
		}
		got = append(got, rel{from, to, k})
	}
	for _, p := range gold.Provenance {
		k := p.Kind
		if k == "derived-passage" {
			k = news.KindDerived
		}
		from, to := p.From, p.To
		if k == news.KindSharedSource && from > to {
			from, to = to, from
		}
		want = append(want, rel{from, to, k})
	}
	cmpRel := func(a, b rel) int { return strings.Compare(a.from+a.to+a.kind, b.from+b.to+b.kind) }
	slices.SortFunc(got, cmpRel)
	slices.SortFunc(want, cmpRel)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("relations:\n got %v\nwant %v", got, want)
	}

	find := func(from, to, kind string) *news.Relation {
		for i, r := range res.Relations {
			if strings.HasPrefix(r.From, from) && strings.HasPrefix(r.To, to) && r.Kind == kind {
				return &res.Relations[i]
			}
		}
		return nil
	}
	hasPassage := func(r *news.Relation, fromSub, toSub string) bool {
		if r == nil {
			return false
		}
		for _, p := range r.Passages {
			if strings.Contains(p.FromText, fromSub) && strings.Contains(p.ToText, toSub) {
				return true
			}
		}
		return false
	}
	checks := []struct {
		name           string
		from, to, kind string
		fromSub, toSub string
	}{
		{"shared source: Stoltenberg navigated", "002", "003", news.KindSharedSource, "steadily navigated", "steadily navigated"},
		{"shared source: Munich", "002", "003", news.KindSharedSource, "Munich Security Conference", "Munich Security Conference"},
		{"shared source: very likely", "002", "003", news.KindSharedSource, "very likely", "very likely"},
		{"derived: Kariņš paragraph", "001", "002", news.KindDerived, "Krišjānis Kariņš", "Kristianis Karinish"},
		{"derived: Kallas paragraph", "001", "002", news.KindDerived, "Kaja Kallas", "Kaja Kalas"},
		{"derived: not in the mix", "001", "002", news.KindDerived, "not in the mix", "not on the list"},
		{"reported earlier: two-thirds", "001", "003", news.KindCites, "two-thirds", "Earlier, it was reported that two-thirds"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !hasPassage(find(c.from, c.to, c.kind), c.fromSub, c.toSub) {
				t.Errorf("no %s %s->%s passage %q ~ %q", c.kind, c.from, c.to, c.fromSub, c.toSub)
			}
		})
	}
	if r := find("001", "002", news.KindDerived); r != nil && r.Direction != "forward" {
		t.Errorf("derived 001->002 direction %q, want forward", r.Direction)
	}

	var lin [][]string
	for _, l := range res.Lineages {
		var s []string
		for _, id := range l {
			s = append(s, short(id))
		}
		lin = append(lin, s)
	}
	// 002 and 003 rewrite one source; 002 takes only one paragraph from 001,
	// so 001 stays an independent source.
	if want := [][]string{{"000"}, {"001"}, {"002", "003"}, {"004"}}; !reflect.DeepEqual(lin, want) {
		t.Errorf("lineages = %v, want %v", lin, want)
	}
}

// TestSeedsWithoutMetadata checks that the article-to-article relations do
// not hinge on the outlets and citations from gold: with texts and dates
// alone the same pairs come out; with no dates at all, the same lineages.
func TestSeedsWithoutMetadata(t *testing.T) {
	docs, _ := seedDocs(t)
	for i := range docs {
		docs[i].Outlet, docs[i].CitedOutlets = "", nil
	}
	var got []string
	for _, r := range Analyze(docs).Relations {
		got = append(got, short(r.From)+">"+short(r.To)+":"+r.Kind)
	}
	want := []string{"001>002:derived", "001>003:cites", "002>003:shared-source"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("relations = %v, want %v", got, want)
	}
	for i := range docs {
		docs[i].Published = time.Time{}
	}
	// With no outlets, citations or dates the shared source of 002 and 003
	// is no longer evidenced, so they may stay apart; but no lineage may join
	// articles that are independent sources (never coarser than gold).
	gold := map[string]int{"000": 0, "001": 1, "002": 2, "003": 2, "004": 3}
	for _, l := range Analyze(docs).Lineages {
		for _, id := range l[1:] {
			if gold[short(id)] != gold[short(l[0])] {
				t.Errorf("undated lineage %v joins independent sources", l)
			}
		}
	}
}
