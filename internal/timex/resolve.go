package timex

import (
	"fmt"
	"time"
)

// Tense values carried by Expr.Tense.
const (
	Past    = "past"
	Present = "present"
	Future  = "future"
)

// day truncates t to its calendar date in its own location, as UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func fmtDay(t time.Time) string { return t.Format("2006-01-02") }

func fmtMonth(y, m int) string {
	for m < 1 {
		m += 12
		y--
	}
	for m > 12 {
		m -= 12
		y++
	}
	return fmt.Sprintf("%04d-%02d", y, m)
}

func fmtYear(y int) string { return fmt.Sprintf("%04d", y) }

func fmtWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// weekday returns t's ISO weekday, Monday 1 to Sunday 7.
func weekday(t time.Time) int {
	w := int(t.Weekday())
	if w == 0 {
		return 7
	}
	return w
}

// resolveWeekday finds the date of weekday wd relative to ref. mode is
// "last" or "next" (strictly before or after), "this" (same ISO week) or
// a tense: past (on or before ref), future (on or after ref).
func resolveWeekday(ref time.Time, wd int, mode string) time.Time {
	cur := weekday(ref)
	switch mode {
	case "last":
		back := (cur - wd + 7) % 7
		if back == 0 {
			back = 7
		}
		return ref.AddDate(0, 0, -back)
	case "next":
		fwd := (wd - cur + 7) % 7
		if fwd == 0 {
			fwd = 7
		}
		return ref.AddDate(0, 0, fwd)
	case "this":
		return ref.AddDate(0, 0, wd-cur)
	case Future:
		return ref.AddDate(0, 0, (wd-cur+7)%7)
	default:
		return ref.AddDate(0, 0, -((cur - wd + 7) % 7))
	}
}

// resolveMonthYear picks the year of month mon. A past statement means the
// latest such month not after ref, a future one the earliest not before it;
// "last"/"next" are strict.
func resolveMonthYear(ref time.Time, mon int, mode string) int {
	y, cm := ref.Year(), int(ref.Month())
	switch mode {
	case "last":
		if mon < cm {
			return y
		}
		return y - 1
	case "next":
		if mon > cm {
			return y
		}
		return y + 1
	case Past:
		if mon <= cm {
			return y
		}
		return y - 1
	case Future, Present:
		if mon >= cm {
			return y
		}
		return y + 1
	}
	// Without a cue, the past: news mostly reports what happened.
	if mon <= cm {
		return y
	}
	return y - 1
}

// resolveMonthDay picks the year of a month and day. A calendar date is
// nearly always the nearest one: the tense only decides between a past and
// a future candidate when neither is far off ("said it will pay on Dec. 7"
// is told in the past tense about a date weeks ahead).
func resolveMonthDay(ref time.Time, mon, d int, mode string) time.Time {
	var past, fut time.Time
	for y := ref.Year() + 1; y >= ref.Year()-1; y-- {
		c := time.Date(y, time.Month(mon), d, 0, 0, 0, 0, time.UTC)
		if !c.After(ref) && past.IsZero() {
			past = c
		}
		if !c.Before(ref) {
			fut = c
		}
	}
	dp, df := ref.Sub(past).Hours()/24, fut.Sub(ref).Hours()/24
	switch mode {
	case Past:
		if dp > 200 && df < 60 {
			return fut
		}
		return past
	case Future:
		if df > 200 && dp < 60 {
			return past
		}
		return fut
	}
	if dp <= df*1.2 {
		return past
	}
	return fut
}

// seasonStart is the month index (year*12+month-1) where season s of year y
// starts.
func seasonStart(y int, s string) int { return y*12 + seasonMonths[s][0] - 1 }
func seasonEnd(y int, s string) int   { return y*12 + seasonMonths[s][1] - 1 }

// resolveSeasonYear picks the year of season s (same modes as months).
func resolveSeasonYear(ref time.Time, s, mode string) int {
	y := ref.Year()
	now := y*12 + int(ref.Month()) - 1
	switch mode {
	case "this":
		return y
	case "last":
		for yy := y; yy > y-3; yy-- {
			if seasonEnd(yy, s) < now {
				return yy
			}
		}
	case "next":
		for yy := y - 1; yy < y+3; yy++ {
			if seasonStart(yy, s) > now {
				return yy
			}
		}
	case Past, "thispast":
		for yy := y; yy > y-3; yy-- {
			if seasonStart(yy, s) <= now {
				return yy
			}
		}
	case Future, Present:
		for yy := y - 1; yy < y+3; yy++ {
			if seasonEnd(yy, s) >= now {
				return yy
			}
		}
	}
	return y
}

// resolveQuarterYear picks the year of quarter q.
func resolveQuarterYear(ref time.Time, q int, mode string) int {
	y := ref.Year()
	cq := (int(ref.Month())-1)/3 + 1
	switch mode {
	case "last":
		if q < cq {
			return y
		}
		return y - 1
	case "next":
		if q > cq {
			return y
		}
		return y + 1
	case Future:
		if q >= cq {
			return y
		}
		return y + 1
	}
	if q <= cq {
		return y
	}
	return y - 1
}

// Granularity names carried by Expr.Granularity.
const (
	GranCentury    = "century"
	GranDecade     = "decade"
	GranYear       = "year"
	GranSeason     = "season"
	GranHalf       = "half"
	GranQuarter    = "quarter"
	GranMonth      = "month"
	GranWeek       = "week"
	GranDay        = "day"
	GranTime       = "time"
	GranUnresolved = "unresolved"
)

// granularityOf reads the granularity off a TIMEX3 DATE or TIME value.
func granularityOf(v string) string {
	switch {
	case v == "" || v == "PRESENT_REF" || v == "PAST_REF" || v == "FUTURE_REF":
		return ""
	case v[0] == 'P':
		return ""
	}
	if len(v) >= 4 && v[:4] == "XXXX" {
		return GranUnresolved
	}
	switch {
	case len(v) == 2:
		return GranCentury
	case len(v) == 3 || len(v) == 4 && v[3] == 'X':
		return GranDecade
	case len(v) == 4:
		return GranYear
	}
	rest := v[4:]
	switch {
	case len(rest) >= 3 && (rest[1:3] == "SP" || rest[1:3] == "SU" || rest[1:3] == "FA" || rest[1:3] == "WI"):
		return GranSeason
	case len(rest) >= 2 && rest[1] == 'Q':
		return GranQuarter
	case len(rest) >= 2 && rest[1] == 'H':
		return GranHalf
	case len(rest) >= 2 && rest[1] == 'W':
		return GranWeek
	case len(rest) == 3:
		return GranMonth
	case len(rest) == 6:
		return GranDay
	case len(rest) > 6:
		return GranTime
	}
	return ""
}
