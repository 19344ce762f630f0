package timex

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// monthAt reports the month named at token i and the tokens it takes (an
// abbreviation may carry its period: "Sept."). Month names that are also
// common words count only with a capital and a date-like neighbour.
func (m *matcher) monthAt(i int) (int, int) {
	t := m.w(i)
	mo, ok := months[t]
	if !ok || m.tk[i].kind != 'w' {
		return 0, 0
	}
	n := 1
	abbrev := len(t) <= 4 && t != "june" && t != "july" && t != "may"
	if abbrev && m.is(i+1, ".") && m.attached(i+1) {
		n = 2
	}
	if !m.tk[i].capital {
		return 0, 0
	}
	if abbrev && n == 1 && !(m.tk[i+n-1].kind == 'w' && i+1 < len(m.tk) && m.tk[i+1].kind == 'd') {
		return 0, 0
	}
	if ambiguousMonths[t] && !abbrev {
		next, prev := m.w(i+n), m.w(i-1)
		dateish := i+n < len(m.tk) && m.tk[i+n].kind == 'd' || next == "'s" ||
			prev == "in" || prev == "since" || prev == "by" || prev == "until" || prev == "of" || prev == "last" ||
			prev == "next" || prev == "this" || prev == "early" || prev == "late" || prev == "mid" || prev == "from" ||
			prev == "through" || prev == "during" || prev == "till" || prev == "before" || prev == "after" ||
			prev == "to" && !m.tk[i].sp
		if !dateish {
			return 0, 0
		}
		if t == "may" && (next == "be" || next == "have" || next == "not") {
			return 0, 0
		}
	}
	return mo, n
}

// dayNumber parses a day of the month at i: "7", "7th", "eighth".
func (m *matcher) dayNumber(i int) (int, int) {
	if i >= len(m.tk) {
		return 0, 0
	}
	if m.tk[i].kind == 'd' && len(m.tk[i].s) <= 2 {
		d, _ := strconv.Atoi(m.tk[i].s)
		if d < 1 || d > 31 {
			return 0, 0
		}
		if m.is(i+1, "st", "nd", "rd", "th") && m.attached(i+1) {
			return d, 2
		}
		return d, 1
	}
	if d, ok := ordinals[m.w(i)]; ok && d > 0 && d <= 31 {
		return d, 1
	}
	return 0, 0
}

// yearAt parses a year at i: four digits, or spoken ("nineteen ninety-six").
func (m *matcher) yearAt(i int) (int, int) {
	if i >= len(m.tk) {
		return 0, 0
	}
	t := m.tk[i]
	if t.kind == 'd' && len(t.s) == 4 {
		y, _ := strconv.Atoi(t.s)
		if y >= 1000 && y <= 2199 && !(m.is(i+1, "s") && m.attached(i+1)) {
			return y, 1
		}
		return 0, 0
	}
	if c, ok := smallNumbers[t.s]; ok && c >= 10 {
		if d, ok := tens[m.w(i+1)]; ok {
			if e, ok := smallNumbers[m.w(i+2)]; ok && e < 10 {
				return c*100 + d + e, 3
			}
			return c*100 + d, 2
		}
	}
	return 0, 0
}

// yearPhrase parses what may name a year after a month or a season:
// "1998", "this year", "last year", "next year", "of 2024".
func (m *matcher) yearPhrase(i int) (y, n int, ok bool) {
	k := i
	if m.is(k, "of") {
		k++
	}
	if yy, n := m.yearAt(k); n > 0 {
		return yy, k + n - i, true
	}
	if m.is(k, "this", "last", "next") && m.is(k+1, "year") && m.has {
		d := relYear[m.w(k)]
		return m.ref.Year() + d, k + 2 - i, true
	}
	if m.is(k, "this", "last", "next") && m.is(k+1, "calendar", "fiscal") && m.is(k+2, "year") && m.has {
		d := relYear[m.w(k)]
		return m.ref.Year() + d, k + 3 - i, true
	}
	return 0, 0, false
}

// monthRule: "Aug. 7, 1998", "March 12", "7 August", "August 1988",
// "January this year", "last October", "October".
func (m *matcher) monthRule(i int) (hit, bool) {
	k := i
	lead := ""
	if m.is(k, "last", "next", "this", "past", "coming") {
		lead = m.w(k)
		k++
		if lead == "this" && m.is(k, "past", "coming") {
			lead = m.w(k)
			k++
		}
	}
	// day-first: "7 August 1998", "the 16th of June"
	if lead == "" {
		kk := k
		if m.is(kk, "the") {
			kk++
		}
		if d, n := m.dayNumber(kk); n > 0 {
			kk += n
			if m.is(kk, "of") {
				kk++
			}
			if mo, n2 := m.monthAt(kk); n2 > 0 && (kk > k+n || m.tk[k].kind == 'd' || m.is(k, "the")) {
				kk += n2
				if y, n3 := m.yearAt(kk); n3 > 0 {
					return hit{i: i, j: kk + n3, typ: Date, val: fmt.Sprintf("%04d-%02d-%02d", y, mo, d)}, true
				}
				return m.monthDay(i, kk, mo, d, ""), true
			}
		}
	}
	mo, n := m.monthAt(k)
	if n == 0 {
		return hit{}, false
	}
	j := k + n
	if lead == "last" || lead == "next" || lead == "this" {
		// "last Oct. 23": the day is the expression, "last" its direction
		if d, n2 := m.dayNumber(j); n2 > 0 && m.tk[j].kind == 'd' {
			md := map[string]string{"last": Past, "next": Future, "this": ""}[lead]
			h := m.monthDay(k, j+n2, mo, d, md)
			return h, true
		}
	}
	if lead == "" {
		if d, n2 := m.dayNumber(j); n2 > 0 && (m.tk[j].kind == 'd' || !m.tk[j].capital) {
			j += n2
			if m.is(j, ",") && !m.tk[j].sp {
				if y, n3 := m.yearAt(j + 1); n3 > 0 {
					return hit{i: i, j: j + 1 + n3, typ: Date, val: fmt.Sprintf("%04d-%02d-%02d", y, mo, d)}, true
				}
			}
			if y, n3 := m.yearAt(j); n3 > 0 {
				return hit{i: i, j: j + n3, typ: Date, val: fmt.Sprintf("%04d-%02d-%02d", y, mo, d)}, true
			}
			return m.monthDay(i, j, mo, d, ""), true
		}
		if y, n2, ok := m.yearPhrase(j); ok {
			rel := !isDigits(m.w(j)) && !isDigits(m.w(j+1))
			return hit{i: i, j: j + n2, typ: Date, val: fmtMonth(y, mo), rel: rel}, true
		}
	}
	if !m.has {
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("XXXX-%02d", mo), rel: true}, true
	}
	md := lead
	tense := m.tense(i, j)
	switch lead {
	case "past":
		md = "last"
	case "coming":
		md = "next"
	case "":
		md = tense
	}
	if md == "" && (m.deadlineBefore(i) || m.is(i-1, "through")) {
		md = Future
	}
	y := m.ref.Year()
	if md != "this" {
		y = resolveMonthYear(m.ref, mo, md)
	}
	return hit{i: i, j: j, typ: Date, val: fmtMonth(y, mo), rel: true, tense: tense}, true
}

func (m *matcher) monthDay(i, j, mo, d int, mode string) hit {
	if !m.has {
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("XXXX-%02d-%02d", mo, d), rel: true}
	}
	tense := m.tense(i, j)
	if mode == "" {
		mode = tense
	}
	if mode == Present {
		mode = ""
	}
	t := resolveMonthDay(m.ref, mo, d, mode)
	return hit{i: i, j: j, typ: Date, val: fmtDay(t), rel: true, tense: tense}
}

// countNouns after a four-digit number mean it is a quantity, not a year.
var countNouns = map[string]bool{
	"people": true, "shares": true, "troops": true, "soldiers": true, "miles": true, "feet": true, "yards": true,
	"meters": true, "metres": true, "km": true, "tons": true, "tonnes": true, "barrels": true, "points": true,
	"votes": true, "jobs": true, "workers": true, "employees": true, "members": true, "cars": true, "units": true,
	"acres": true, "percent": true, "%": true, "pounds": true, "dollars": true, "residents": true, "times": true,
	"kilometers": true, "kilometres": true, "students": true, "cases": true, "deaths": true, "refugees": true,
	"homes": true, "houses": true, "copies": true, "rounds": true, "guns": true, "flights": true, "hours": true,
	"days": true, "men": true, "women": true, "children": true, "ft": true, "lb": true, "mph": true,
}

// yearRule: "1998", "fiscal 1989", "the 1980s", "nineteen ninety-six",
// "the year two thousand", "the 20th century".
func (m *matcher) yearRule(i int) (hit, bool) {
	k := i
	fiscal := false
	if m.is(k, "fiscal") {
		fiscal = true
		k++
		if m.is(k, "year") {
			k++
		}
	}
	if m.is(k, "the") && m.is(k+1, "year") {
		if y, n := m.yearAt(k + 2); n > 0 {
			return hit{i: i, j: k + 2 + n, typ: Date, val: fmtYear(y)}, true
		}
		if m.is(k+2, "two") && m.is(k+3, "thousand") {
			return hit{i: i, j: k + 4, typ: Date, val: "2000"}, true
		}
	}
	// decades: "1980s", "the 1990s", "the '90s", "the nineties"
	the := m.is(k, "the")
	if the {
		k++
	}
	if k < len(m.tk) && m.tk[k].kind == 'd' && len(m.tk[k].s) == 4 && m.is(k+1, "s") && m.attached(k+1) {
		d := m.tk[k].s[:3]
		if the || m.is(i-1, "early", "late", "mid") {
			return hit{i: i, j: k + 2, typ: Date, val: d}, true
		}
		return hit{i: i, j: k + 2, typ: Date, val: d + "X"}, true
	}
	if the {
		if dec, ok := decadeWords[m.w(k)]; ok {
			c := 19
			if m.has && m.ref.Year() >= 2030 {
				c = 20
			}
			return hit{i: i, j: k + 1, typ: Date, val: fmt.Sprintf("%02d%d", c, dec)}, true
		}
	}
	// centuries: "the 20th century", "this century"
	if c, n := m.dayNumber(k); n > 0 && m.is(k+n, "century") {
		return hit{i: i, j: k + n + 1, typ: Date, val: fmt.Sprintf("%02d", c-1)}, true
	}
	if the {
		k--
	}
	y, n := m.yearAt(k)
	if n == 0 {
		return hit{}, false
	}
	if n == 1 {
		prev, next := m.w(i-1), m.w(k+1)
		if prev == "$" || prev == "#" || prev == "£" || prev == "€" || prev == "no" || prev == "number" || prev == "." && m.attached(i) ||
			prev == ":" || prev == "," && i >= 2 && m.tk[i-2].kind == 'd' && !m.tk[i].sp {
			return hit{}, false
		}
		if countNouns[next] || next == "," && m.attached(k+2) && m.tk[k+2].kind == 'd' || next == "." && m.attached(k+1) && k+2 < len(m.tk) && m.tk[k+2].kind == 'd' {
			return hit{}, false
		}
		if y < 1800 && !(prev == "in" || prev == "since" || prev == "of" || prev == "from" || prev == "until" || prev == "year" || fiscal) {
			return hit{}, false
		}
	}
	return hit{i: i, j: k + n, typ: Date, val: fmtYear(y)}, true
}

// weekdayRule: "Friday", "last Friday", "Friday night", "Saturday, April 25".
func (m *matcher) weekdayRule(i int) (hit, bool) {
	k := i
	lead := ""
	if m.is(k, "last", "next", "this", "past", "coming") {
		lead = m.w(k)
		k++
		if lead == "this" && m.is(k, "past", "coming") {
			lead = m.w(k)
			k++
		}
	}
	t := m.w(k)
	wd, ok := weekdays[t]
	if !ok || !m.tk[k].capital && lead == "" {
		return hit{}, false
	}
	j := k + 1
	if len(t) <= 4 {
		if !(m.is(j, ".") && m.attached(j)) {
			return hit{}, false
		}
		j++
	}
	// "Saturday, April 25": the calendar date decides.
	if lead == "" && m.is(j, ",") {
		if h, ok := m.monthRule(j + 1); ok && h.i == j+1 && (strings.Count(h.val, "-") == 2) {
			h.i = i
			return h, true
		}
	}
	// "Friday night": the span takes the part of the day, the value stays
	// the day (TimeBank's usual reading).
	if _, ok := partsOfDay[m.w(j)]; ok {
		j++
	}
	if !m.has {
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("XXXX-WXX-%d", wd), rel: true}, true
	}
	tense := m.tense(i, j)
	md := tense
	if lead == "" && m.deadlineBefore(i) && (tense != Past || !m.is(i-1, "by")) {
		md = Future // "until Tuesday"; but "had filed reports by Wednesday"
	}
	switch lead {
	case "last", "past":
		md = "last"
	case "next", "coming":
		md = "next"
	case "this":
		md = "this"
		if tense == Past {
			md = Past
		} else if tense == Future {
			md = Future
		}
	}
	d := resolveWeekday(m.ref, wd, md)
	v := fmtDay(d)
	return hit{i: i, j: j, typ: Date, val: v, rel: true, tense: tense}, true
}

// deadlineBefore reports whether the expression at i follows a word that
// sets a deadline or an earliest time ("until Tuesday", "by Friday", "as
// early as Monday"): the date lies ahead whatever the verb's tense.
func (m *matcher) deadlineBefore(i int) bool {
	return m.is(i-1, "until", "till", "by") || m.is(i-1, "as") && m.is(i-2, "early", "soon") && m.is(i-3, "as")
}

// relative: "this week", "last month", "next year", "the following year",
// "over the weekend", "this past weekend".
func (m *matcher) relative(i int) (hit, bool) {
	k := i
	the := false
	if m.is(k, "the") {
		the = true
		k++
	}
	lead := ""
	if m.is(k, "this", "last", "next", "coming", "past", "previous", "current", "following", "same", "that", "present") {
		lead = m.w(k)
		k++
		if lead == "this" && m.is(k, "past", "coming") {
			lead = "this" + m.w(k)
			k++
		}
	}
	if the && (lead == "this" || lead == "that") {
		return hit{}, false
	}
	if m.is(k, "calendar", "fiscal", "full") && m.is(k+1, "year") {
		k++
	}
	u := m.w(k)
	j := k + 1
	if the && u == "year" && (lead == "" || lead == "current") && !m.is(j, "'s", "before", "after", "earlier", "ago", "later", "in", "when") {
		// "for the year", "the fiscal year": a year-long period of a
		// report; with "ended"/"ending" it is a duration
		if m.is(j, "ended", "ending", "through", "to") {
			return hit{i: i, j: j, typ: Duration, val: "P1Y"}, true
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(0, "Y"), rel: true}, true
	}
	if u == "weekend" {
		if lead == "" && !the {
			return hit{}, false
		}
		return m.weekend(i, j, lead), true
	}
	if lead == "" {
		return hit{}, false
	}
	if lead == "that" && u != "year" && u != "month" && u != "week" && u != "day" {
		return hit{}, false
	}
	unit := calendarUnits[u]
	if unit == "" {
		return hit{}, false
	}
	switch lead {
	case "this", "current", "present":
		if unit == "D" {
			return hit{}, false
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(0, unit), rel: true}, true
	case "last", "past", "previous", "thispast":
		if the && lead != "previous" {
			return hit{}, false // "the last year" reads as a duration
		}
		if lead == "previous" && m.lastY > 0 && unit == "Y" {
			return hit{i: i, j: j, typ: Date, val: fmtYear(m.lastY - 1)}, true
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(-1, unit), rel: true}, true
	case "next", "coming", "thiscoming":
		if the && lead == "next" && m.lastY > 0 && unit == "Y" {
			return hit{i: i, j: j, typ: Date, val: fmtYear(m.lastY + 1)}, true
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(1, unit), rel: true}, true
	case "following":
		if m.lastY > 0 && unit == "Y" {
			return hit{i: i, j: j, typ: Date, val: fmtYear(m.lastY + 1)}, true
		}
		if unit == "M" && len(m.lastVal) >= 7 && m.lastVal[4] == '-' && isDigits(m.lastVal[5:7]) {
			mo, _ := strconv.Atoi(m.lastVal[5:7])
			return hit{i: i, j: j, typ: Date, val: fmtMonth(m.lastY, mo+1)}, true
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(1, unit), rel: true}, true
	case "same", "that":
		if unit == "Y" && m.lastY > 0 {
			return hit{i: i, j: j, typ: Date, val: fmtYear(m.lastY)}, true
		}
		if unit == "D" && m.lastVal != "" && len(m.lastVal) == 10 {
			return hit{i: i, j: j, typ: Date, val: m.lastVal}, true
		}
	}
	return hit{}, false
}

// weekend resolves "the weekend" (by tense), "last weekend", "this past
// weekend", "next weekend" to the ISO week of its Saturday plus "-WE".
func (m *matcher) weekend(i, j int, lead string) hit {
	if !m.has {
		return hit{i: i, j: j, typ: Date, val: "XXXX-WXX-WE", rel: true}
	}
	tense := m.tense(i, j)
	cur := weekday(m.ref)
	var sat time.Time
	switch {
	case lead == "next" || lead == "coming" || lead == "thiscoming" || lead == "" && tense == Future:
		sat = m.ref.AddDate(0, 0, 6-cur)
		if cur >= 6 && lead != "" {
			sat = sat.AddDate(0, 0, 7)
		}
	case lead == "this" && tense != Past:
		sat = m.ref.AddDate(0, 0, 6-cur)
	default:
		// the most recent weekend: this week's when today is Saturday or
		// Sunday, otherwise last week's.
		if cur >= 6 && lead != "last" {
			sat = m.ref.AddDate(0, 0, 6-cur)
		} else {
			sat = m.ref.AddDate(0, 0, -cur-1)
		}
	}
	return hit{i: i, j: j, typ: Date, val: fmtWeek(sat) + "-WE", rel: true, tense: tense}
}

// quarterRule: "the third quarter", "third-quarter", "the fiscal first
// quarter", "the first quarter of this calendar year", "Q1 2024",
// "the year-ago quarter", "the latest quarter".
func (m *matcher) quarterRule(i int) (hit, bool) {
	k := i
	if m.is(k, "the") {
		k++
	}
	year := 0
	yearRel := false
	lead := ""
	yearAgo := false
	for steps := 0; steps < 4; steps++ {
		switch {
		case m.is(k, "this", "last", "next") && m.is(k+1, "year") && m.is(k+2, "'s"):
			if m.has {
				year = m.ref.Year() + relYear[m.w(k)]
				yearRel = true
			}
			k += 3
			continue
		case m.is(k, "year") && m.is(k+1, "ago", "earlier") && m.tk[k+1].hy:
			yearAgo = true
			k += 2
			continue
		case m.is(k, "fiscal", "calendar", "comparable", "corresponding", "same", "flat", "strong", "weak", "disappointing", "record"):
			k++
			continue
		case m.is(k, "latest", "current", "recent", "past", "previous", "last", "next", "coming", "this", "most", "prior") && lead == "" && !m.is(k+1, "half"):
			lead = m.w(k)
			if lead == "most" && m.is(k+1, "recent") {
				k++
				lead = "latest"
			}
			k++
			continue
		}
		if y, n := m.yearAt(k); n == 1 && year == 0 {
			year = y
			k++
			if m.is(k, "'s") {
				k++ // "fiscal 1990's first quarter"
			}
			continue
		}
		break
	}
	q := 0
	if m.is(k, "last", "latter") && m.is(k+1, "half") {
		q = 2
		k++
	} else if o, ok := ordinals[m.w(k)]; ok && o >= 1 && o <= 4 {
		q = o
		k++
		if m.is(k, "fiscal") {
			k++
		}
	} else if m.is(k, "q") && k+1 < len(m.tk) && m.attached(k+1) && len(m.w(k+1)) == 1 && m.w(k+1) >= "1" && m.w(k+1) <= "4" {
		q = int(m.w(k + 1)[0] - '0')
		j := k + 2
		if y, n := m.yearAt(j); n > 0 {
			return hit{i: i, j: j + n, typ: Date, val: fmt.Sprintf("%04d-Q%d", y, q)}, true
		}
		return m.quarterHit(i, j, q, "", year), true
	}
	if q == 0 && m.is(k, "quarter", "period") && m.lastQ[0] > 0 {
		// "the corresponding period last year", "the quarter a year ago"
		if m.is(k+1, "last") && m.is(k+2, "year") {
			return hit{i: i, j: k + 3, typ: Date, val: fmt.Sprintf("%04d-Q%d", m.lastQ[0]-1, m.lastQ[1]), shift: true}, true
		}
		if m.is(k+1, "a") && m.is(k+2, "year") && m.is(k+3, "ago", "earlier") {
			return hit{i: i, j: k + 4, typ: Date, val: fmt.Sprintf("%04d-Q%d", m.lastQ[0]-1, m.lastQ[1]), shift: true}, true
		}
	}
	if year > 0 && q == 0 && m.is(k, "quarter", "period") && (m.is(i, "the") || yearRel) {
		// "the 1988 quarter", "the 1989 period": the quarter under discussion, in that year
		if m.lastQ[0] > 0 {
			return hit{i: i, j: k + 1, typ: Date, val: fmt.Sprintf("%04d-Q%d", year, m.lastQ[1]), shift: true}, true
		}
		return hit{i: i, j: k + 1, typ: Date, val: fmtYear(year)}, true
	}
	if q == 0 && lead == "latest" && m.is(k, "period") {
		k-- // "the latest period" reads as "the latest quarter"
		if m.lastQ[0] > 0 {
			return hit{i: i, j: k + 2, typ: Date, val: fmt.Sprintf("%04d-Q%d", m.lastQ[0], m.lastQ[1])}, true
		}
		return hit{}, false
	}
	if !m.is(k, "quarter") && !(yearAgo && m.is(k, "period")) && !(m.is(k, "half") && q >= 1 && q <= 2) {
		if yearAgo && !m.is(i, "the", "a") {
			return hit{i: i, j: k, typ: Date, val: m.yearAgo(i, 1), rel: true, shift: true}, true
		}
		return hit{}, false
	}
	half := m.is(k, "half")
	j := k + 1
	if m.tk[k].hy && q > 0 && i < k-1 && m.is(i, "the") && !m.is(i+1, "fiscal", "year", "latest", "current", "comparable", "same") && year == 0 {
		// "the third-quarter loss": the determiner belongs to the noun
		i++
	}
	if y, n, ok := m.yearPhrase(j); ok && m.is(j, "of") {
		year, j = y, j+n
		yearRel = !isDigits(m.w(j - 1))
	}
	if half {
		if year == 0 {
			if !m.has {
				return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("XXXX-H%d", q), rel: true}, true
			}
			year = m.ref.Year()
			if q == 2 && m.ref.Month() <= 6 && m.tense(i, j) != Future {
				year--
			}
		}
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-H%d", year, q), rel: yearRel}, true
	}
	if yearAgo {
		if q > 0 && m.has {
			y := year
			if y == 0 {
				y = resolveQuarterYear(m.ref, q, "")
			}
			return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-Q%d", y-1, q), rel: true, shift: true}, true
		}
		if m.lastQ[0] > 0 {
			return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-Q%d", m.lastQ[0]-1, m.lastQ[1]), shift: true}, true
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(-4, "Q"), rel: true, shift: true}, true
	}
	if q == 0 {
		// "the quarter", "the latest quarter", "this quarter", "last quarter"
		if !m.is(i, "the") && lead == "" {
			return hit{}, false
		}
		switch lead {
		case "this", "current":
			return hit{i: i, j: j, typ: Date, val: m.shifted(0, "Q"), rel: true}, true
		case "next", "coming":
			return hit{i: i, j: j, typ: Date, val: m.shifted(1, "Q"), rel: true}, true
		case "last", "previous", "past", "prior":
			if m.is(i, "the") && lead == "past" {
				return hit{}, false
			}
		}
		if m.lastQ[0] > 0 && lead == "" {
			return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-Q%d", m.lastQ[0], m.lastQ[1])}, true
		}
		return hit{i: i, j: j, typ: Date, val: m.shifted(-1, "Q"), rel: true}, true
	}
	return m.quarterHit(i, j, q, lead, year), true
}

func (m *matcher) quarterHit(i, j, q int, lead string, year int) hit {
	if year > 0 {
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-Q%d", year, q)}
	}
	if !m.has {
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("XXXX-Q%d", q), rel: true}
	}
	tense := m.tense(i, j)
	md := ""
	switch lead {
	case "last", "previous", "past", "prior":
		md = "last"
	case "next", "coming":
		md = "next"
	}
	// Quarters are reported after they end ("expects to report
	// third-quarter earnings"), so the tense is not used: without "next"
	// a quarter is the latest one with that number.
	return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-Q%d", resolveQuarterYear(m.ref, q, md), q), rel: true, tense: tense}
}

// seasonRule: "this summer", "last fall", "the summer of 2024",
// "summer 2024", "this past spring", "in the winter".
func (m *matcher) seasonRule(i int) (hit, bool) {
	k := i
	the := false
	if m.is(k, "the") {
		the = true
		k++
	}
	lead := ""
	if m.is(k, "this", "last", "next", "past", "coming") && !the {
		lead = m.w(k)
		k++
		if lead == "this" && m.is(k, "past", "coming") {
			lead = "this" + m.w(k)
			k++
		}
	}
	s, ok := seasons[m.w(k)]
	if !ok {
		return hit{}, false
	}
	j := k + 1
	if y, n, ok := m.yearPhrase(j); ok && (m.is(j, "of") || n == 1 || !the) {
		return hit{i: i, j: j + n, typ: Date, val: fmt.Sprintf("%04d-%s", y, s), rel: !isDigits(m.w(j + n - 1))}, true
	}
	if lead == "" && !the {
		prev := m.w(i - 1)
		if s == "FA" || !(prev == "in" || prev == "by" || prev == "until" || prev == "since" || prev == "during" || prev == "early" || prev == "late" || prev == "mid") {
			return hit{}, false
		}
	}
	if the && s == "FA" && m.w(j) == "of" {
		return hit{}, false // "the fall of the Berlin Wall"
	}
	if !m.has {
		return hit{i: i, j: j, typ: Date, val: "XXXX-" + s, rel: true}, true
	}
	tense := m.tense(i, j)
	md := lead
	switch lead {
	case "last", "past":
		// TimeBank reads "last spring" as the previous year's spring
		return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-%s", m.ref.Year()-1, s), rel: true, tense: tense}, true
	case "thispast":
		md = "thispast"
	case "coming", "thiscoming":
		md = Future
	case "":
		md = tense
		if md == "" {
			md = "this"
		}
	}
	y := resolveSeasonYear(m.ref, s, md)
	return hit{i: i, j: j, typ: Date, val: fmt.Sprintf("%04d-%s", y, s), rel: true, tense: tense}, true
}

// setRule: "daily", "annually", "every day", "each Thursday", "a year"
// after an amount.
func (m *matcher) setRule(i int) (hit, bool) {
	switch m.w(i) {
	case "daily", "nightly":
		if m.is(i+1, "basis") || m.tk[i].capital && !m.tk[i].nl {
			return hit{}, false
		}
		return hit{i: i, j: i + 1, typ: Set, val: "P1D"}, true
	case "weekly":
		return hit{i: i, j: i + 1, typ: Set, val: "P1W"}, true
	case "monthly":
		return hit{i: i, j: i + 1, typ: Set, val: "P1M"}, true
	case "yearly":
		return hit{i: i, j: i + 1, typ: Set, val: "P1Y"}, true
	case "hourly":
		return hit{i: i, j: i + 1, typ: Set, val: "PT1H"}, true
	case "every", "each":
		k := i + 1
		if m.is(k, "other") {
			k++
		}
		if u, ok := units[m.w(k)]; ok && !strings.HasSuffix(m.w(k), "s") && u != "WE" {
			return hit{i: i, j: k + 1, typ: Set, val: durationValue(1, u)}, true
		}
		if wd, ok := weekdays[m.w(k)]; ok && len(m.w(k)) > 4 {
			return hit{i: i, j: k + 1, typ: Set, val: fmt.Sprintf("XXXX-WXX-%d", wd)}, true
		}
		if mo, ok := months[m.w(k)]; ok && len(m.w(k)) > 4 && m.tk[k].capital {
			return hit{i: i, j: k + 1, typ: Set, val: fmt.Sprintf("XXXX-%02d", mo)}, true
		}
		if s, ok := seasons[m.w(k)]; ok {
			return hit{i: i, j: k + 1, typ: Set, val: "XXXX-" + s}, true
		}
	case "a", "per":
		if u, ok := units[m.w(i+1)]; ok && !strings.HasSuffix(m.w(i+1), "s") && (m.is(i, "per") || m.rateContext(i)) && u != "WE" && u != "E" && u != "C" && !m.is(i+2, "ago", "earlier", "before", "later", "after") {
			return hit{i: i, j: i + 2, typ: Set, val: durationValue(1, u)}, true
		}
	}
	return hit{}, false
}

// clock: "10 p.m.", "7:15 p.m. EST Nov. 9", "noon Thursday", "midnight
// Friday", "4 in the morning".
func (m *matcher) clock(i int) (hit, bool) {
	k := i
	hh, mm := -1, 0
	special := ""
	switch {
	case m.is(k, "noon", "midday"):
		hh, special = 12, "12:00"
		k++
	case m.is(k, "midnight"):
		hh, special = 24, "24"
		k++
	case k < len(m.tk) && m.tk[k].kind == 'd' && len(m.tk[k].s) <= 2:
		hh, _ = strconv.Atoi(m.tk[k].s)
		k++
		if m.is(k, ":") && m.attached(k) && k+1 < len(m.tk) && m.tk[k+1].kind == 'd' && len(m.tk[k+1].s) == 2 {
			mm, _ = strconv.Atoi(m.tk[k+1].s)
			k += 2
		}
		ampm := ""
		switch {
		case m.is(k, "a", "p") && m.is(k+1, ".") && m.is(k+2, "m"):
			ampm = m.w(k)
			k += 3
			if m.is(k, ".") && m.attached(k) {
				k++
			}
		case m.is(k, "am", "pm"):
			ampm = m.w(k)[:1]
			k++
		case m.is(k, "o") && m.is(k+1, "'") && m.is(k+2, "clock"):
			k += 3
		case m.is(k, "in") && m.is(k+1, "the") && m.is(k+2, "morning", "afternoon", "evening"):
			if m.is(k+2, "afternoon", "evening") && hh < 12 {
				hh += 12
			}
			k += 3
		default:
			if mm == 0 || m.tk[i].kind != 'd' {
				return hit{}, false
			}
			if !(m.is(k, "gmt", "est", "edt", "utc", "cet", "bst", "pst", "pdt", "cst", "cdt") && m.tk[k].capital) {
				return hit{}, false
			}
		}
		if hh > 24 || mm > 59 {
			return hit{}, false
		}
		if ampm == "p" && hh < 12 {
			hh += 12
		}
		if ampm == "a" && hh == 12 {
			hh = 0
		}
	default:
		return hit{}, false
	}
	if m.is(k, "gmt", "est", "edt", "utc", "cet", "bst", "pst", "pdt", "cst", "cdt") {
		k++
	}
	// a following date: "Wednesday", "Nov. 9", "today", "yesterday"
	dayVal := ""
	j := k
	kk := k
	if m.is(kk, ",") {
		kk++
	}
	if h, ok := m.weekdayRule(kk); ok && h.i == kk && len(h.val) >= 10 {
		dayVal, j = h.val[:10], h.j
		if m.has && m.deadlineBefore(i) {
			if t, err := time.Parse("2006-01-02", dayVal); err == nil && t.Before(m.ref) {
				dayVal = fmtDay(t.AddDate(0, 0, 7))
			}
		}
	} else if h, ok := m.monthRule(kk); ok && h.i == kk && strings.Count(h.val, "-") == 2 {
		dayVal, j = h.val, h.j
	} else if h, ok := m.deictic(kk); ok && h.i == kk && m.is(kk, "today", "yesterday", "tomorrow") {
		dayVal, j = h.val, h.j
	} else if m.has {
		dayVal = fmtDay(m.ref)
	} else {
		dayVal = "XXXX-XX-XX"
	}
	tm := special
	if tm == "" {
		tm = fmt.Sprintf("%02d:%02d", hh, mm)
	}
	return hit{i: i, j: j, typ: Time, val: dayVal + "T" + tm, rel: true}, true
}

// tense finds the tense governing the expression over tokens [i, j): the
// nearest cue word in its sentence, looking back first (the governing verb
// usually comes before: "said Wednesday", "will meet on Friday") and then
// ahead ("In October, the minister said").
func (m *matcher) tense(i, j int) string {
	back := m.scanTense(i-1, -1, 15)
	fwd := m.scanTense(j, 1, 10)
	if back.t != "" && (fwd.t == "" || fwd.t == Present || back.d <= 6 || back.d <= fwd.d+2) {
		return back.t
	}
	return fwd.t
}

type cue struct {
	t string
	d int
}

func (m *matcher) scanTense(k, step, limit int) cue {
	for d := 1; d <= limit && k >= 0 && k < len(m.tk); d, k = d+1, k+step {
		t := m.tk[k]
		if t.kind == 'p' && (t.s == "." || t.s == "!" || t.s == "?" || t.s == ";" || t.s == "\"" || t.s == "“" || t.s == "”") {
			if !(t.s == "." && k > 0 && len(m.tk[k-1].s) <= 4 && m.tk[k-1].kind == 'w' && months[m.tk[k-1].s] > 0) {
				break
			}
		}
		if step < 0 && t.nl && d > 1 {
			break
		}
		if t.kind != 'w' {
			continue
		}
		if c := m.cueAt(k); c != "" {
			return cue{c, d}
		}
		if step > 0 && t.nl {
			break
		}
	}
	return cue{}
}

// cueAt classifies token k as a tense cue.
func (m *matcher) cueAt(k int) string {
	s := m.tk[k].s
	if futureCues[s] {
		if s == "going" && !m.is(k+1, "to") {
			return ""
		}
		if (s == "due" || s == "scheduled" || s == "planned" || s == "slated") && m.is(k+1, "for") {
			return Future
		}
		if (s == "plan" || s == "plans" || s == "planned") && !m.is(k+1, "to") {
			return ""
		}
		if (s == "due" || s == "expected" || s == "scheduled" || s == "planned" || s == "slated") && (m.is(k-1, "was", "were", "been", "had") || m.is(k-2, "was", "were", "been", "had")) {
			return Past
		}
		return Future
	}
	if s == "to" && k+1 < len(m.tk) && m.tk[k+1].kind == 'w' && (m.is(k+1, "be") || m.is(k-1, "is", "are") || m.is(k-1, "want", "wants", "plan", "plans", "aim", "aims", "need", "needs", "hope", "hopes", "intend", "intends", "likely", "able", "set", "ready", "seeks", "seek")) {
		return Future
	}
	if pastCues[s] && s != "last" && s != "earlier" && s != "former" && s != "yesterday" {
		if s == "been" {
			if m.is(k-1, "will", "would") {
				return Future
			}
			return Past
		}
		if t := m.participleTense(k); t != "" {
			return t
		}
		return Past
	}
	if presentCues[s] {
		return Present
	}
	if len(s) > 4 && strings.HasSuffix(s, "ed") && !notPastEd[s] {
		if t := m.participleTense(k); t != "" {
			return t
		}
		if m.is(k-1, "the", "a", "an", "still", "very", "more", "most", "less", "well", "newly", "so", "too", "its", "their", "his", "her") || strings.HasPrefix(s, "un") {
			return ""
		}
		return Past
	}
	// "ends in October", "begins on Monday": a present-tense verb of a
	// schedule
	if scheduleVerbs[s] {
		return Present
	}
	return ""
}

// participleTense gives the tense of a participle from its auxiliary: "to
// be agreed" and "will be paid" are future, "is expected" present.
func (m *matcher) participleTense(k int) string {
	if w := m.w(k - 1); w == "still" || w == "also" || w == "not" || w == "never" || w == "then" || w == "now" ||
		w == "soon" || w == "only" || w == "just" || w == "even" || len(w) > 4 && strings.HasSuffix(w, "ly") {
		k-- // "will still be held", "be formally approved"
	}
	if m.is(k+1, "for") && (m.is(k, "planned", "scheduled", "slated", "set", "due")) {
		return Future
	}
	switch {
	case m.is(k-1, "be") && m.is(k-2, "to", "will", "would", "could", "may", "might", "must", "should", "can", "ll"):
		return Future
	case m.is(k-1, "be") && m.is(k-2, "not") && m.is(k-3, "will", "would", "could", "may", "might", "must", "should", "can"):
		return Future
	case m.is(k-1, "is", "are", "am"):
		return Present
	}
	return ""
}

// scheduleVerbs in the present tense announce a scheduled event.
var scheduleVerbs = map[string]bool{
	"ends": true, "begins": true, "starts": true, "expires": true, "opens": true, "closes": true,
	"meets": true, "convenes": true, "concludes": true, "resumes": true, "arrives": true,
	"kicks": true, "finishes": true, "retires": true,
}

// relYear is the year offset of "this", "last" and "next".
var relYear = map[string]int{"this": 0, "last": -1, "next": 1}

var decadeWords = map[string]int{"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8, "nineties": 9}

// calendarUnits are the units "this/last/next" can shift.
var calendarUnits = map[string]string{"week": "W", "month": "M", "year": "Y", "decade": "E", "century": "C", "day": "D"}

// holidayDate returns the date of a named holiday in year y.
func holidayDate(name string, y int) (time.Time, bool) {
	date := func(m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	nth := func(m, wd, n int) time.Time { // n-th weekday wd of month m
		t := date(m, 1)
		for weekday(t) != wd {
			t = t.AddDate(0, 0, 1)
		}
		return t.AddDate(0, 0, 7*(n-1))
	}
	switch name {
	case "christmas", "christmas day":
		return date(12, 25), true
	case "christmas eve":
		return date(12, 24), true
	case "new year's day":
		return date(1, 1), true
	case "new year's eve":
		return date(12, 31), true
	case "halloween":
		return date(10, 31), true
	case "thanksgiving", "thanksgiving day":
		return nth(11, 4, 4), true
	case "election day":
		return nth(11, 1, 1).AddDate(0, 0, 1), true // the Tuesday after the first Monday
	case "easter", "easter sunday":
		// anonymous Gregorian algorithm
		a, b, c := y%19, y/100, y%100
		d, e := b/4, b%4
		f := (b + 8) / 25
		g := (b - f + 1) / 3
		h := (19*a + b - d - g + 15) % 30
		i, k := c/4, c%4
		l := (32 + 2*e + 2*i - h - k) % 7
		mm := (a + 11*h + 22*l) / 451
		return date((h+l-7*mm+114)/31, (h+l-7*mm+114)%31+1), true
	}
	return time.Time{}, false
}

// holiday: "Thanksgiving", "last Christmas", "Election Day", "Easter".
func (m *matcher) holiday(i int) (hit, bool) {
	k := i
	lead := ""
	if m.is(k, "last", "next", "this") {
		lead = m.w(k)
		k++
	}
	if k >= len(m.tk) || !m.tk[k].capital {
		return hit{}, false
	}
	name, j := m.w(k), k+1
	switch {
	case name == "new" && m.is(k+1, "year") && m.is(k+2, "'s") && m.is(k+3, "day", "eve"):
		name, j = "new year's "+m.w(k+3), k+4
	case name == "election" && m.is(k+1, "day") && m.tk[k+1].capital:
		name, j = "election day", k+2
	case (name == "christmas" || name == "thanksgiving") && m.is(k+1, "day", "eve") && m.tk[k+1].capital:
		name, j = name+" "+m.w(k+1), k+2
	case name == "easter" && m.is(k+1, "sunday"):
		name, j = "easter sunday", k+2
	}
	if _, ok := holidayDate(name, 2000); !ok {
		return hit{}, false
	}
	if !m.has {
		t, _ := holidayDate(name, 2000)
		return hit{i: i, j: j, typ: Date, val: "XXXX" + fmtDay(t)[4:], rel: true}, true
	}
	tense := m.tense(i, j)
	mode := tense
	switch lead {
	case "last":
		mode = "last"
	case "next":
		mode = "next"
	case "this":
		t, _ := holidayDate(name, m.ref.Year())
		return hit{i: i, j: j, typ: Date, val: fmtDay(t), rel: true, tense: tense}, true
	}
	var best time.Time
	bestDist := 1 << 30
	for y := m.ref.Year() - 1; y <= m.ref.Year()+1; y++ {
		t, _ := holidayDate(name, y)
		d := int(t.Sub(m.ref).Hours() / 24)
		ok := true
		switch mode {
		case "last":
			ok = d < 0
		case "next":
			ok = d > 0
		case Past:
			ok = d <= 0
		case Future:
			ok = d >= 0
		}
		if d < 0 {
			d = -d * 9 / 10 // a slight bias to the past
		}
		if ok && d < bestDist {
			best, bestDist = t, d
		}
	}
	return hit{i: i, j: j, typ: Date, val: fmtDay(best), rel: true, tense: tense}, true
}
