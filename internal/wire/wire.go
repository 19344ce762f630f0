// Package wire reads the varint-framed binary forms the store keeps
// (story profiles, article analyses): lengths and integers as varints,
// floats as their IEEE bits, little-endian. A Reader's first error sticks
// and every read after it returns a zero value, so a decoder reads a whole
// form and checks once, at the end (Done).
package wire

import (
	"encoding/binary"
	"math"
)

// Reader reads a binary form from a byte slice.
type Reader struct {
	b   []byte
	err error
	bad error // what damage is reported as
}

// NewReader reads b; bad is the error any damage is reported as.
func NewReader(b []byte, bad error) *Reader { return &Reader{b: b, bad: bad} }

// Fail marks the form damaged; the reads after it return zero values.
func (r *Reader) Fail() {
	if r.err == nil {
		r.err = r.bad
	}
	r.b = nil
}

// Err is the first error, nil while the form reads well.
func (r *Reader) Err() error { return r.err }

// Done is Err, failing first when bytes are left over: a whole form was read.
func (r *Reader) Done() error {
	if r.err == nil && len(r.b) > 0 {
		r.Fail()
	}
	return r.err
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Int reads a signed varint that fits an int.
func (r *Reader) Int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v != int64(int(v)) {
		r.Fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.b) < 1 {
		r.Fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// Bytes reads the next n bytes (nil when fewer are left). The result
// shares the form's memory and cannot be appended to.
func (r *Reader) Bytes(n uint64) []byte {
	if n > uint64(len(r.b)) {
		r.Fail()
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// String reads a length-prefixed string.
func (r *Reader) String() string { return string(r.Bytes(r.Uvarint())) }

// Len reads a list's length written as the count plus one, 0 for a nil
// list (-1 then). Each element takes at least minSize bytes, which bounds
// what a damaged length can make the caller allocate.
func (r *Reader) Len(minSize int) int {
	v := r.Uvarint()
	if v == 0 {
		return -1
	}
	if v-1 > uint64(len(r.b)/max(minSize, 1)) {
		r.Fail()
		return -1
	}
	return int(v - 1)
}

// Float32 reads a float32's bits; NaN and infinities are damage (no
// stored weight is either, and one would poison every sum it enters).
func (r *Reader) Float32() float32 {
	b := r.Bytes(4)
	if b == nil {
		return 0
	}
	w := math.Float32frombits(binary.LittleEndian.Uint32(b))
	if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
		r.Fail()
		return 0
	}
	return w
}

// Float64 reads a float64's bits; NaN and infinities are damage.
func (r *Reader) Float64() float64 {
	b := r.Bytes(8)
	if b == nil {
		return 0
	}
	w := math.Float64frombits(binary.LittleEndian.Uint64(b))
	if math.IsNaN(w) || math.IsInf(w, 0) {
		r.Fail()
		return 0
	}
	return w
}
