package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/crosscheck/crosscheck/internal/news"
)

// TestSeeds is the acceptance case of issue 2: the five seed reports get
// their file names as ids, the outlets their credit lines, datelines and
// agency tags name, and the outlets they only cite.
func TestSeeds(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared seeds not present:", err)
	}
	r := newTestReader(t, Options{})
	items := collect(t, r, dir)
	tests := []struct {
		id, outlet string
		cited      []string
		dateline   bool
	}{
		{"000_ef62664cc318b2d4", "Bloomberg", nil, false},
		{"001_dd5a7372479611be", "POLITICO", []string{"Bloomberg"}, true},
		{"002_e755d2a454e6f7da", "BGNES", []string{"POLITICO"}, false},
		{"003_2b5b05226f46a5ab", "", []string{"POLITICO"}, false},
		{"004_28977a452bfcdb81", "", []string{"Bloomberg"}, false},
	}
	if len(items) != len(tests) {
		t.Fatalf("%d items, want %d", len(items), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			it := items[i]
			if it.Err != nil {
				t.Fatal(it.Err)
			}
			a := it.Article
			if a.ID != tt.id {
				t.Errorf("id %q, want %q", a.ID, tt.id)
			}
			if a.Outlet != tt.outlet {
				t.Errorf("outlet %q (%+v), want %q", a.Outlet, a.Fields["outlet"], tt.outlet)
			}
			if tt.outlet != "" && (a.Fields["outlet"].How != news.Inferred || a.Fields["outlet"].Evidence == "") {
				t.Errorf("outlet provenance %+v", a.Fields["outlet"])
			}
			cited := tt.cited
			if cited == nil {
				cited = []string{}
			}
			if !slices.Equal(a.CitedOutlets, cited) {
				t.Errorf("cited %q, want %q", a.CitedOutlets, cited)
			}
			if _, ok := a.Fields["dateline"]; ok != tt.dateline {
				t.Errorf("dateline recorded %v, want %v (%+v)", ok, tt.dateline, a.Fields["dateline"])
			}
			if a.Language != "en" || a.Fields["language"].How != news.Inferred {
				t.Errorf("language %q %+v", a.Language, a.Fields["language"])
			}
			if a.Title == "" || strings.HasPrefix(a.Title, "(") {
				t.Errorf("title %q", a.Title)
			}
			for f, fs := range a.Fields {
				if fs.Evidence == "" {
					t.Errorf("field %s without evidence", f)
				}
			}
		})
	}
	// The photo caption of 004 is marked, not removed.
	a := items[4].Article
	if len(a.Boilerplate) == 0 || a.Boilerplate[0].Reason != "photo credit" || !strings.Contains(a.Text[a.Boilerplate[0].Start:a.Boilerplate[0].End], "(Photo: EPA") {
		t.Errorf("004 photo credit not marked: %+v", a.Boilerplate)
	}
}
