package wire

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

var errBad = errors.New("bad form")

func TestReaderReadsWhatWasWritten(t *testing.T) {
	var b []byte
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -7)
	b = append(b, 9)
	b = binary.AppendUvarint(b, 3)
	b = append(b, "abc"...)
	b = binary.AppendUvarint(b, 2+1) // a list of two
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(1.5))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(-0.25))
	b = binary.AppendUvarint(b, 0) // a nil list
	r := NewReader(b, errBad)
	if got := r.Uvarint(); got != 300 {
		t.Fatalf("Uvarint = %d", got)
	}
	if got := r.Int(); got != -7 {
		t.Fatalf("Int = %d", got)
	}
	if got := r.Byte(); got != 9 {
		t.Fatalf("Byte = %d", got)
	}
	if got := r.String(); got != "abc" {
		t.Fatalf("String = %q", got)
	}
	if got := r.Len(1); got != 2 {
		t.Fatalf("Len = %d", got)
	}
	if f32, f64 := r.Float32(), r.Float64(); f32 != 1.5 || f64 != -0.25 {
		t.Fatalf("floats = %v, %v", f32, f64)
	}
	if got := r.Len(1); got != -1 {
		t.Fatalf("Len of a nil list = %d", got)
	}
	if err := r.Done(); err != nil {
		t.Fatal(err)
	}
}

func TestReaderRefusesDamage(t *testing.T) {
	nan32 := binary.LittleEndian.AppendUint32(nil, math.Float32bits(float32(math.NaN())))
	inf64 := binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.Inf(1)))
	tests := []struct {
		name string
		b    []byte
		read func(r *Reader)
	}{
		{"empty uvarint", nil, func(r *Reader) { r.Uvarint() }},
		{"cut varint", []byte{0x80}, func(r *Reader) { r.Int() }},
		{"varint too long", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, func(r *Reader) { r.Uvarint() }},
		{"no byte", nil, func(r *Reader) { r.Byte() }},
		{"string longer than the form", []byte{5, 'a', 'b'}, func(r *Reader) { _ = r.String() }},
		{"list longer than its elements can be", []byte{101, 0, 0, 0}, func(r *Reader) { r.Len(1) }},
		{"list of wide elements", []byte{3, 0, 0, 0, 0}, func(r *Reader) { r.Len(4) }},
		{"NaN weight", nan32, func(r *Reader) { r.Float32() }},
		{"infinite weight", inf64, func(r *Reader) { r.Float64() }},
		{"short float", []byte{1, 2, 3}, func(r *Reader) { r.Float32() }},
		{"bytes left over", []byte{1, 2}, func(r *Reader) { r.Byte() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.b, errBad)
			tt.read(r)
			if err := r.Done(); !errors.Is(err, errBad) {
				t.Fatalf("Done = %v, want %v", err, errBad)
			}
		})
	}
}

func TestReaderErrorSticks(t *testing.T) {
	r := NewReader([]byte{0x80}, errBad)
	r.Uvarint()
	if r.Err() == nil {
		t.Fatal("no error after a cut varint")
	}
	// the reads after the first error give zero values, whatever is there
	if v, s, n := r.Uvarint(), r.String(), r.Len(1); v != 0 || s != "" || n != -1 {
		t.Fatalf("after an error: %d %q %d", v, s, n)
	}
	if !errors.Is(r.Done(), errBad) {
		t.Fatal("the error did not stick")
	}
}
