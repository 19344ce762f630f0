package timex

import (
	"strconv"
	"strings"
	"time"
)

// Interval returns the calendar span [start, end) a DATE or TIME value
// covers: "2024" is the whole year, "2024-SU" June to August, "2024-W07"
// its Monday to the next Monday, "2024-W07-WE" that week's Saturday and
// Sunday. ok is false for values that name no span: durations, sets,
// PAST_REF/PRESENT_REF/FUTURE_REF and underspecified values (XXXX-10).
func Interval(v string) (start, end time.Time, ok bool) {
	if len(v) < 2 || v[0] == 'P' || strings.Contains(v, "X") || strings.HasSuffix(v, "_REF") {
		return time.Time{}, time.Time{}, false
	}
	date := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	if i := strings.IndexByte(v, 'T'); i == 10 {
		v = v[:10] // a time of day counts as its day
	}
	switch {
	case len(v) == 2 && isDigits(v):
		c, _ := strconv.Atoi(v)
		return date(c*100, 1, 1), date(c*100+100, 1, 1), true
	case len(v) == 3 && isDigits(v):
		d, _ := strconv.Atoi(v)
		return date(d*10, 1, 1), date(d*10+10, 1, 1), true
	case len(v) < 4 || !isDigits(v[:4]):
		return time.Time{}, time.Time{}, false
	}
	y, _ := strconv.Atoi(v[:4])
	rest := v[4:]
	switch {
	case rest == "":
		return date(y, 1, 1), date(y+1, 1, 1), true
	case len(rest) == 3 && rest[0] == '-' && isDigits(rest[1:]):
		m, _ := strconv.Atoi(rest[1:])
		if m < 1 || m > 12 {
			return time.Time{}, time.Time{}, false
		}
		return date(y, m, 1), date(y, m+1, 1), true
	case len(rest) == 6 && rest[0] == '-' && rest[3] == '-' && isDigits(rest[1:3]) && isDigits(rest[4:]):
		m, _ := strconv.Atoi(rest[1:3])
		d, _ := strconv.Atoi(rest[4:])
		t := date(y, m, d)
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return time.Time{}, time.Time{}, false
		}
		return t, t.AddDate(0, 0, 1), true
	case len(rest) == 3 && rest[1] == 'Q' && rest[2] >= '1' && rest[2] <= '4':
		q := int(rest[2] - '0')
		return date(y, 3*q-2, 1), date(y, 3*q+1, 1), true
	case len(rest) == 3 && rest[1] == 'H' && (rest[2] == '1' || rest[2] == '2'):
		h := int(rest[2] - '0')
		return date(y, 6*h-5, 1), date(y, 6*h+1, 1), true
	case len(rest) == 3:
		if sm, ok := seasonMonths[rest[1:]]; ok {
			return date(y, sm[0], 1), date(y, sm[1]+1, 1), true
		}
	case len(rest) >= 4 && rest[1] == 'W' && isDigits(rest[2:4]):
		w, _ := strconv.Atoi(rest[2:4])
		// ISO week 1 holds January 4th.
		jan4 := date(y, 1, 4)
		mon := jan4.AddDate(0, 0, 1-weekday(jan4)+7*(w-1))
		if rest[4:] == "-WE" {
			return mon.AddDate(0, 0, 5), mon.AddDate(0, 0, 7), true
		}
		if rest[4:] == "" {
			return mon, mon.AddDate(0, 0, 7), true
		}
	}
	return time.Time{}, time.Time{}, false
}

// Compatible reports whether two DATE values can name the same time: their
// spans overlap ("2024-07" and "2024-SU" do, "2023-10" and "2024-10" do not).
func Compatible(a, b string) bool {
	as, ae, ok1 := Interval(a)
	bs, be, ok2 := Interval(b)
	if !ok1 || !ok2 {
		return false
	}
	return as.Before(be) && bs.Before(ae)
}
