package pipeline

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// analysedDoc returns the analysis of a short report, encoded.
func analysedDoc(t *testing.T) *Doc {
	t.Helper()
	_, p := openPipeline(t, Options{})
	a := &news.Article{ID: "a", Title: "Harbour vote", Published: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Text: strings.Repeat("Mayor Anna Kowal of Brightport said the council will vote on the harbour plan next Tuesday, according to Reuters. ", 20), CitedOutlets: []string{}}
	a.Hash = news.TextHash(a.Text)
	d := p.analyse(a)
	if err := d.encode(); err != nil {
		t.Fatal(err)
	}
	if len(d.Sentences) == 0 || len(d.Features.Terms) == 0 || len(d.Features.Lead) == 0 || len(d.Mentions) == 0 || len(d.Times) == 0 || d.Features.Date.IsZero() {
		t.Fatalf("the report's analysis lacks a part, so the test would check nothing: %d sentences, %d terms, %d lead, %d mentions, %d times, date %v",
			len(d.Sentences), len(d.Features.Terms), len(d.Features.Lead), len(d.Mentions), len(d.Times), d.Features.Date)
	}
	return d
}

// TestStoredAnalysesBinary checks the stored form of analyses: binary,
// smaller than the S2-packed JSON it replaces, read back exactly; the JSON
// forms stores written before hold (plain and packed) still read to the
// same; the brief's reading the same but the features.
func TestStoredAnalysesBinary(t *testing.T) {
	d := analysedDoc(t)
	plain, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	packed := pack(plain)
	if d.blob[0] != blobBinary || len(d.blob) >= len(packed) {
		t.Errorf("stored analysis: %d bytes against %d packed JSON, first byte %#x", len(d.blob), len(packed), d.blob[0])
	}
	// what JSON keeps of d (not the mentions' unexported flags)
	want, err := DecodeDoc(plain)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(want.Features, d.Features) || !reflect.DeepEqual(want.Sentences, d.Sentences) || !reflect.DeepEqual(want.Times, d.Times) || len(want.Mentions) != len(d.Mentions) {
		t.Fatal("plain JSON decodes differently from what was encoded")
	}
	for name, blob := range map[string][]byte{"binary": d.blob, "packed JSON": packed} {
		got, err := DecodeDoc(blob)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodes differently from plain JSON", name)
		}
	}
	for name, blob := range map[string][]byte{"binary": d.blob, "packed JSON": packed, "plain JSON": plain} {
		text, err := DecodeDocText(blob)
		if err != nil {
			t.Fatalf("%s text: %v", name, err)
		}
		if !reflect.DeepEqual(text, &Doc{Sentences: want.Sentences, Mentions: want.Mentions, Times: want.Times}) {
			t.Errorf("%s: the text analyses decode differently", name)
		}
	}
	linkJSON, _ := json.Marshal(d.link)
	for name, blob := range map[string][]byte{"binary": d.linkBlob, "packed JSON": pack(linkJSON), "plain JSON": linkJSON} {
		if l, err := decodeLink(blob); err != nil || !reflect.DeepEqual(l, d.link) {
			t.Errorf("%s link analysis: %v", name, err)
		}
	}
	again := *d
	if err := again.encode(); err != nil || string(again.blob) != string(d.blob) || string(again.linkBlob) != string(d.linkBlob) {
		t.Error("one analysis encodes to different bytes twice")
	}
}

// TestBinaryAnalysisDamaged checks that every cut of a binary analysis
// and a few damaged ones fail to decode, without a panic, and that a
// weight that is not a number is refused both ways.
func TestBinaryAnalysisDamaged(t *testing.T) {
	d := analysedDoc(t)
	for n := range len(d.blob) {
		if _, err := DecodeDoc(d.blob[:n]); err == nil && n > 0 {
			t.Fatalf("an analysis cut to %d of %d bytes decoded", n, len(d.blob))
		}
		DecodeDocText(d.blob[:n])
	}
	for n := 1; n < len(d.linkBlob); n++ {
		if _, err := decodeLink(d.linkBlob[:n]); err == nil {
			t.Fatalf("a link analysis cut to %d of %d bytes decoded", n, len(d.linkBlob))
		}
	}
	body, _ := appendDoc(nil, d)
	if _, err := DecodeDoc(packBinary(append(body, 0))); err == nil {
		t.Error("an analysis with a trailing byte decoded")
	}
	if _, err := DecodeDoc(packBinary([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})); err == nil {
		t.Error("a list of 2^56 sentences decoded")
	}
	bad := &link{Terms: map[string]float64{"x": math.NaN()}}
	if _, err := encodeLink(bad); err == nil {
		t.Error("a NaN weight encoded")
	}
	nan, _ := appendLink(nil, &link{Terms: map[string]float64{"x": 1}})
	copy(nan[len(nan)-9:], []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f}) // the weight's bytes: NaN
	if _, err := decodeLink(packBinary(nan)); err == nil {
		t.Error("a NaN weight decoded")
	}
}

// TestBinaryAnalysisCoversEveryField fills every field of a Doc's stored
// parts, through reflection, and checks the binary form keeps each: a
// field added to Mention, Expr or Features without the codec fails here.
func TestBinaryAnalysisCoversEveryField(t *testing.T) {
	n := 0
	var fill func(v reflect.Value)
	fill = func(v reflect.Value) {
		n++
		switch v.Kind() {
		case reflect.String:
			v.SetString("s" + strings.Repeat("x", n%5))
		case reflect.Int:
			v.SetInt(int64(n * 7))
		case reflect.Bool: // unexported flags are not stored
		case reflect.Float64:
			v.SetFloat(float64(n) / 3)
		case reflect.Map:
			m := reflect.MakeMap(v.Type())
			for i := range 3 {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(k)
				k.SetString(k.String() + string(rune('a'+i)))
				fill(e)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		case reflect.Slice:
			s := reflect.MakeSlice(v.Type(), 2, 2)
			for i := range 2 {
				fill(s.Index(i))
			}
			v.Set(s)
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() {
				v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)))
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					fill(v.Field(i))
				}
			}
		default:
			t.Fatalf("field of kind %s: teach the codec and this test", v.Kind())
		}
	}
	d := &Doc{}
	fill(reflect.ValueOf(d).Elem())
	blob, err := encodeDoc(d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeDoc(blob)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("binary round trip lost a field:\n got %+v\nwant %+v", got, d)
	}
	// nil and empty stay apart, as in JSON
	empty := &Doc{Sentences: []news.Span{}, Features: cluster.Features{Terms: map[string]float64{}}, Mentions: []entity.Mention{}, Times: []timex.Expr{}}
	for name, want := range map[string]*Doc{"empty lists": empty, "nil lists": {}} {
		blob, _ := encodeDoc(want)
		if got, err := DecodeDoc(blob); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, %v", name, got, err)
		}
	}
}

// FuzzDecodeAnalysis checks that any stored blob decodes or fails without
// a panic, that a binary one that decodes encodes to what decodes the same,
// and that packing JSON then unpacking it gives it back.
func FuzzDecodeAnalysis(f *testing.F) {
	f.Add([]byte(`{"sentences":[]}`))
	f.Add(pack([]byte(`{"sentences":[{"start":0,"end":3}]}`)))
	f.Add([]byte{blobS2, 0xff, 0xff, 0x01})
	f.Add(packBinary([]byte{2, 0, 6, 0, 9, 1, 2, 'a', 'b', 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 1, 1}))
	f.Add([]byte{blobBinary, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := DecodeDoc(b)
		DecodeDocText(b)
		decodeLink(b)
		if err == nil && len(b) > 0 && b[0] == blobBinary {
			again, err := encodeDoc(d)
			if err != nil {
				t.Fatalf("a decoded analysis does not encode: %v", err)
			}
			back, err := DecodeDoc(again)
			if err != nil || !reflect.DeepEqual(back, d) {
				t.Fatalf("re-encoded analysis decodes differently: %v", err)
			}
		}
		if len(b) > 0 && b[0] != blobS2 && b[0] != blobBinary {
			back, err := analysisJSON(pack(b))
			if err != nil || string(back) != string(b) {
				t.Fatalf("pack round trip: %v", err)
			}
		}
	})
}

// BenchmarkEncodeAnalysis encodes one synthetic article's analysis and
// link analysis, in the binary form and in the S2-packed JSON it replaced.
func BenchmarkEncodeAnalysis(b *testing.B) {
	_, p := openPipeline(b, Options{})
	var a cluster.SynthDoc
	for a = range cluster.Synth(1, 1) {
	}
	d := p.analyse(&news.Article{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published})
	b.Run("binary", func(b *testing.B) {
		for b.Loop() {
			if err := d.encode(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(d.blob)+len(d.linkBlob)), "bytes")
	})
	b.Run("json", func(b *testing.B) {
		n := 0
		for b.Loop() {
			js, _ := json.Marshal(d)
			lj, _ := json.Marshal(d.link)
			n = len(pack(js)) + len(pack(lj))
		}
		b.ReportMetric(float64(n), "bytes")
	})
}
