package cluster

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// An article's features are encoded once, in its stored analysis, and
// encoding/json sorts their map keys through reflect. The appenders below
// write the same bytes as encoding/json would (TestJSONMatchesEncodingJSON),
// faster.

// MarshalJSON encodes f as encoding/json encodes its fields.
func (f Features) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64+24*(len(f.Terms)+len(f.Entities)+len(f.Lead)))
	b = append(b, `{"t":`...)
	var err error
	if b, err = appendMap(b, f.Terms); err != nil {
		return nil, err
	}
	if len(f.Entities) > 0 {
		b = append(b, `,"e":`...)
		if b, err = appendMap(b, f.Entities); err != nil {
			return nil, err
		}
	}
	if len(f.Lead) > 0 {
		b = append(b, `,"l":`...)
		if b, err = appendMap(b, f.Lead); err != nil {
			return nil, err
		}
	}
	if b, err = appendTime(b, `,"d":`, f.Date); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendMap writes m with its keys sorted, as encoding/json does.
func appendMap(b []byte, m map[string]float64) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		if b, err = appendFloat(b, m[k], 64); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendTime writes field and t unless t is zero (omitzero).
func appendTime(b []byte, field string, t time.Time) ([]byte, error) {
	if t.IsZero() {
		return b, nil
	}
	js, err := t.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return append(append(b, field...), js...), nil
}

// appendFloat formats f as encoding/json does for a float of bits bits.
func appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("cluster: unsupported weight %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// e-09 to e-9, as encoding/json writes it
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendString writes s quoted. Keys are folded words that need no
// escaping; any that does goes through encoding/json for its rules (HTML
// characters, control characters, invalid UTF-8, U+2028 and U+2029).
func appendString(b []byte, s string) []byte {
	plain := true
	ascii := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		ascii = ascii && c < utf8.RuneSelf
		plain = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	if !plain || !ascii && (!utf8.ValidString(s) || strings.ContainsAny(s, "\u2028\u2029")) {
		js, _ := json.Marshal(s) // a string always encodes
		return append(b, js...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
