package pipeline

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/klauspost/compress/s2"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/timex"
	"github.com/crosscheck/crosscheck/internal/wire"
)

// blobBinary starts a stored analysis in the binary form written since
// 2026-12-07: an S2 block of varint-framed fields, float64 weights as their
// eight bytes.
// Encoding an article's JSON took about 180 µs (encoding/json sorts every
// map's keys by reflection) and its floats twenty characters each; this
// form keeps every value exactly, JSON's nil-or-empty distinctions
// included, and stores written before (JSON, plain or S2-packed) still read.
//
// A Doc: the sentences, then the features prefixed by their length (so a
// reader that wants the text analyses alone skips them), then the
// mentions and the time expressions. A link: its terms, then its sentences.
// A list or map is written as its length plus one, 0 for nil.
const blobBinary = 0x01

// errBinary is the cause of every malformed binary analysis.
var errBinary = errors.New("malformed binary analysis")

// encodeDoc returns d's stored form: blobBinary, then an S2 block of
// appendDoc's bytes.
func encodeDoc(d *Doc) ([]byte, error) {
	body, err := appendDoc(make([]byte, 0, 8192), d)
	if err != nil {
		return nil, err
	}
	return packBinary(body), nil
}

// encodeLink returns l's stored form, as encodeDoc.
func encodeLink(l *link) ([]byte, error) {
	body, err := appendLink(make([]byte, 0, 2048), l)
	if err != nil {
		return nil, err
	}
	return packBinary(body), nil
}

func packBinary(body []byte) []byte {
	b := make([]byte, 1+s2.MaxEncodedLen(len(body)))
	b[0] = blobBinary
	return b[:1+len(s2.Encode(b[1:], body))]
}

// unpackBinary returns the body of a stored binary form.
func unpackBinary(blob []byte) ([]byte, error) {
	if len(blob) == 0 || blob[0] != blobBinary {
		return nil, errBinary
	}
	body, err := s2.Decode(nil, blob[1:])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBinary, err)
	}
	return body, nil
}

// appendDoc appends d's binary form to b.
func appendDoc(b []byte, d *Doc) ([]byte, error) {
	b = appendSpans(b, d.Sentences)
	feat, err := appendFeatures(nil, &d.Features)
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(feat)))
	b = append(b, feat...)
	b = appendLen(b, len(d.Mentions), d.Mentions == nil)
	for _, m := range d.Mentions {
		b = appendString(b, m.Text)
		b = binary.AppendVarint(b, int64(m.Start))
		b = binary.AppendVarint(b, int64(m.End))
		for _, s := range [...]string{m.Type, m.Name, m.Role, m.Place, m.Local} {
			b = appendString(b, s)
		}
	}
	b = appendLen(b, len(d.Times), d.Times == nil)
	for _, x := range d.Times {
		b = appendString(b, x.Text)
		b = binary.AppendVarint(b, int64(x.Start))
		b = binary.AppendVarint(b, int64(x.End))
		for _, s := range [...]string{x.Type, x.Value, x.Granularity, x.Tense} {
			b = appendString(b, s)
		}
	}
	return b, nil
}

// appendLink appends l's binary form to b.
func appendLink(b []byte, l *link) ([]byte, error) {
	b, err := appendWeights(b, l.Terms)
	if err != nil {
		return nil, err
	}
	return appendSpans(b, l.Sentences), nil
}

func appendFeatures(b []byte, f *cluster.Features) ([]byte, error) {
	var err error
	for _, m := range [...]map[string]float64{f.Terms, f.Entities, f.Lead} {
		if b, err = appendWeights(b, m); err != nil {
			return nil, err
		}
	}
	if f.Date.IsZero() {
		return append(b, 0), nil
	}
	t, err := f.Date.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("encode analysis date: %w", err)
	}
	b = binary.AppendUvarint(b, uint64(len(t)))
	return append(b, t...), nil
}

// appendWeights writes m's entries in key order, so that one analysis
// always gives the same bytes.
func appendWeights(b []byte, m map[string]float64) ([]byte, error) {
	b = appendLen(b, len(m), m == nil)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w := m[k]
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("encode analysis: weight %v of %q", w, k)
		}
		b = appendString(b, k)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w))
	}
	return b, nil
}

func appendSpans(b []byte, spans []news.Span) []byte {
	b = appendLen(b, len(spans), spans == nil)
	for _, s := range spans {
		b = binary.AppendVarint(b, int64(s.Start))
		b = binary.AppendVarint(b, int64(s.End))
		b = appendString(b, s.Reason)
	}
	return b
}

func appendLen(b []byte, n int, isNil bool) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func readWeights(r *wire.Reader) map[string]float64 {
	n := r.Len(9)
	if n < 0 {
		return nil
	}
	m := make(map[string]float64, n)
	for range n {
		k, w := r.String(), r.Float64()
		if r.Err() != nil {
			return nil
		}
		m[k] = w
	}
	return m
}

func readSpans(r *wire.Reader) []news.Span {
	n := r.Len(3)
	if n < 0 {
		return nil
	}
	s := make([]news.Span, n)
	for i := range s {
		s[i] = news.Span{Start: r.Int(), End: r.Int(), Reason: r.String()}
	}
	return s
}

func readFeatures(r *wire.Reader) cluster.Features {
	var f cluster.Features
	f.Terms, f.Entities, f.Lead = readWeights(r), readWeights(r), readWeights(r)
	if t := r.Bytes(r.Uvarint()); len(t) > 0 {
		if err := f.Date.UnmarshalBinary(t); err != nil {
			r.Fail()
		}
	}
	return f
}

// decodeBinaryDoc decodes a stored binary analysis; with features false
// it skips the clustering features.
func decodeBinaryDoc(blob []byte, features bool) (*Doc, error) {
	b, err := unpackBinary(blob)
	if err != nil {
		return nil, fmt.Errorf("pipeline: decode analysis: %w", err)
	}
	r := wire.NewReader(b, errBinary)
	d := &Doc{Sentences: readSpans(r)}
	feat := wire.NewReader(r.Bytes(r.Uvarint()), errBinary)
	if features {
		d.Features = readFeatures(feat)
		if feat.Done() != nil {
			r.Fail()
		}
	}
	if n := r.Len(9); n >= 0 {
		d.Mentions = make([]entity.Mention, n)
		for i := range d.Mentions {
			m := &d.Mentions[i]
			m.Text, m.Start, m.End = r.String(), r.Int(), r.Int()
			m.Type, m.Name, m.Role, m.Place, m.Local = r.String(), r.String(), r.String(), r.String(), r.String()
		}
	}
	if n := r.Len(8); n >= 0 {
		d.Times = make([]timex.Expr, n)
		for i := range d.Times {
			x := &d.Times[i]
			x.Text, x.Start, x.End = r.String(), r.Int(), r.Int()
			x.Type, x.Value, x.Granularity, x.Tense = r.String(), r.String(), r.String(), r.String()
		}
	}
	if err := r.Done(); err != nil {
		return nil, fmt.Errorf("pipeline: decode analysis: %w", err)
	}
	return d, nil
}

// decodeBinaryLink decodes a stored binary link analysis.
func decodeBinaryLink(blob []byte) (link, error) {
	b, err := unpackBinary(blob)
	if err != nil {
		return link{}, fmt.Errorf("pipeline: decode link analysis: %w", err)
	}
	r := wire.NewReader(b, errBinary)
	l := link{Terms: readWeights(r), Sentences: readSpans(r)}
	if err := r.Done(); err != nil {
		return link{}, fmt.Errorf("pipeline: decode link analysis: %w", err)
	}
	return l, nil
}
