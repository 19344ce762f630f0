package meta

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// dateLayouts are the timestamp spellings found in feeds, HTML metadata,
// JSON Lines and sidecars, most specific first.
var dateLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
	"2006-01-02",
	"2006/01/02",
	"20060102",
	"January 2, 2006 15:04 MST",
	"January 2, 2006, 15:04",
	"January 2, 2006 3:04 PM",
	"January 2, 2006, 3:04 PM",
	"January 2, 2006",
	"Jan 2, 2006",
	"Jan. 2, 2006",
	"Monday, January 2, 2006",
	"Mon, January 2, 2006",
	"2 January 2006 15:04",
	"2 January 2006",
	"2 Jan 2006",
	"Monday 2 January 2006",
	"Mon 2 Jan 2006",
	"02.01.2006 15:04",
	"02.01.2006",
	"2.1.2006",
	"January 2006",
}

var ordinalRe = regexp.MustCompile(`(\d)(st|nd|rd|th)\b`)

// ParseDate reads a publication timestamp in any common spelling: RFC 3339,
// RFC 1123, "2024-02-21", "February 21, 2024", "21 February 2024",
// "21.02.2024" (day first, as written outside the US), Unix seconds.
// Times without a zone are taken as UTC.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("meta: parse date: empty")
	}
	c := ordinalRe.ReplaceAllString(s, "$1")
	c = strings.Join(strings.Fields(c), " ")
	c = strings.ReplaceAll(c, "Sept ", "Sep ")
	c = strings.ReplaceAll(c, "Sept. ", "Sep. ")
	c = strings.ReplaceAll(c, " at ", " ")
	for _, variant := range []string{c, strings.ToUpper(c[:1]) + c[1:], titleMonth(c)} {
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, variant); err == nil {
				return t.UTC(), nil
			}
		}
	}
	if n, ok := unixSeconds(c); ok {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("meta: parse date %q: unknown format", s)
}

// titleMonth capitalises words so "21 february 2024" parses.
func titleMonth(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		if len(x) > 1 {
			w[i] = strings.ToUpper(x[:1]) + strings.ToLower(x[1:])
		}
	}
	return strings.Join(w, " ")
}

func unixSeconds(s string) (int64, bool) {
	if len(s) < 9 || len(s) > 11 {
		return 0, false
	}
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return n, true
}
