package digest

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/crosscheck/crosscheck/internal/brief"
)

// sameDecode reports whether the stored-brief decoder reads blob as
// encoding/json does: the same error or lack of one, the same values.
func sameDecode(t *testing.T, blob []byte) {
	t.Helper()
	var want, got storedBrief
	errWant := json.Unmarshal(blob, &want)
	errGot := jsonv1.Unmarshal(blob, &got)
	if (errWant == nil) != (errGot == nil) {
		t.Fatalf("decoding %q: encoding/json error %v, stored-brief decoder error %v", blob, errWant, errGot)
	}
	if errWant == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("decoding %q:\nencoding/json  %+v\nstored decoder %+v", blob, want, got)
	}
}

// TestStoredDecodeMatchesEncodingJSON checks that a stored brief reads back
// as encoding/json reads it, on briefs with the awkward parts of JSON.
func TestStoredDecodeMatchesEncodingJSON(t *testing.T) {
	full := &brief.Brief{
		Story:     brief.Story{ID: "s1", Title: "Zürich <b>&</b> \"quotes\" \u2028 \xff", Articles: []brief.Article{{ID: "a", Published: time.Date(2026, 2, 3, 4, 5, 6, 7, time.FixedZone("x", 3600))}, {ID: "b"}}},
		Summary:   []brief.Sentence{{Text: "One.", Citations: []string{}}, {Text: "Two.", Citations: nil}},
		Claims:    []brief.Claim{{Text: "c", Articles: []string{"a", "b"}, IndependentSources: 2}},
		Conflicts: []brief.Conflict{{Topic: "t", Sides: []brief.Side{{Text: "x", Evidence: []brief.Evidence{{Article: "a", Text: "e"}}}}}},
		Provenance: []brief.Relation{{From: "a", To: "b", Score: math.Pi / 3, Passages: []brief.Passage{}},
			{From: "b", To: "a", Score: 1e-300}},
		Generated: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, tt := range []struct {
		name string
		b    *brief.Brief
	}{
		{"full", full},
		{"empty", &brief.Brief{}},
		{"nil", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			blob, err := json.Marshal(storedBrief{Version: 3, Key: "e1/dev/s6", Brief: tt.b})
			if err != nil {
				t.Fatal(err)
			}
			sameDecode(t, blob)
		})
	}
}

func FuzzStoredDecode(f *testing.F) {
	for _, s := range []string{
		`{"version":1,"key":"k","brief":{"story":{"id":"s","title":"t"},"summary":[]}}`,
		`{"version":1,"brief":null}`,
		`{"version":"1"}`,
		`{"brief":{"generated":"2026-01-01T00:00:00Z"}}`,
		`{"brief":{"claims":[{"text":"\ud800"}]}}`,
		`[]`, `{`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, blob []byte) {
		sameDecode(t, blob)
	})
}
