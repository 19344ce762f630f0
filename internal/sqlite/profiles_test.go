package sqlite_test

import (
	"context"
	"testing"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

func TestStoryProfiles(t *testing.T) {
	ctx := context.Background()
	s := open(t).(*sqlite.DB)
	if err := s.Update(ctx, func(tx news.Tx) error {
		for _, st := range []*news.Story{{ID: "s1", Profile: []byte("p1")}, {ID: "s2"}} {
			if err := tx.PutStory(ctx, st); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ids  []string
		want map[string]string
	}{
		{"none asked", nil, map[string]string{}},
		{"one with a profile", []string{"s1"}, map[string]string{"s1": "p1"}},
		{"unknown ids left out", []string{"s1", "nope", "s2"}, map[string]string{"s1": "p1", "s2": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.StoryProfiles(ctx, tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("StoryProfiles(%v) = %q, want %q", tt.ids, got, tt.want)
			}
			for id, p := range tt.want {
				if b, ok := got[id]; !ok || string(b) != p {
					t.Errorf("StoryProfiles(%v)[%s] = %q, %v; want %q", tt.ids, id, b, ok, p)
				}
			}
		})
	}
}
