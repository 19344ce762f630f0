package timex

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TIMEX3 types.
const (
	Date     = "DATE"
	Time     = "TIME"
	Duration = "DURATION"
	Set      = "SET"
)

// Expr is one temporal expression found in a text.
type Expr struct {
	Text       string // the expression as written
	Start, End int    // byte offsets: text[Start:End] == Text
	Type       string // DATE, TIME, DURATION or SET
	Value      string // TIMEX3 value: 2023-10, 2024-07-15, 2024-W07, 2024-SU, 2024-Q1, P2Y, PAST_REF, XXXX-10 ...
	// Granularity of a DATE or TIME value: century, decade, year, season,
	// quarter, month, week, day, time; "unresolved" when the expression
	// needed a publication date and there was none; empty for durations,
	// sets and PAST_REF/PRESENT_REF/FUTURE_REF.
	Granularity string
	Tense       string // past, present or future: the governing verb's tense when one was found
}

// Find returns the temporal expressions of text in order, resolved against
// published (the zero time means unknown: relative expressions then get
// underspecified values such as XXXX-10 and granularity "unresolved").
func Find(text string, published time.Time) []Expr {
	m := matcher{text: text, tk: tokenize(text)}
	if !published.IsZero() {
		m.ref, m.has = day(published), true
	}
	var out []Expr
	for i := 0; i < len(m.tk); {
		h, ok := m.best(i)
		if !ok || h.j <= i || h.i < i || h.i >= h.j {
			i++
			continue
		}
		if h.tense == "" && (h.typ == Date || h.typ == Time) {
			h.tense = m.tense(h.i, h.j)
		}
		if m.is(h.j, "or") && m.is(h.j+1, "so") && (h.typ == Duration || h.typ == Date) {
			h.j += 2 // "the next year or so"
		}
		start, end := m.tk[h.i].start, m.tk[h.j-1].end
		gran := ""
		if h.typ == Date || h.typ == Time {
			gran = granularityOf(h.val)
			if h.rel && !m.has {
				gran = GranUnresolved
			}
		}
		out = append(out, Expr{Text: text[start:end], Start: start, End: end, Type: h.typ, Value: h.val, Granularity: gran, Tense: h.tense})
		m.remember(h)
		i = h.j
	}
	return out
}

// hit is one match of the grammar over tokens [i, j).
type hit struct {
	i, j  int
	typ   string
	val   string
	tense string
	rel   bool // resolved against the publication date
	shift bool // derived from another date of the text ("a year earlier")
}

// matcher holds one text's tokens, its anchor and what the text has dated
// so far ("the year-earlier quarter" needs the quarter under discussion,
// "the following year" the last year mentioned).
type matcher struct {
	text    string
	tk      []tok
	ref     time.Time
	has     bool
	lastQ   [2]int // year, quarter of the last quarter mentioned; 0 when none
	lastQAt int    // byte offset where it was mentioned
	lastY   int    // year of the last absolute date mentioned
	lastVal string
}

func (m *matcher) remember(h hit) {
	v := h.val
	if h.shift {
		return
	}
	if len(v) >= 4 && isDigits(v[:4]) {
		y, _ := strconv.Atoi(v[:4])
		m.lastY = y
		m.lastVal = v
		if len(v) == 7 && v[5] == 'Q' {
			m.lastQ = [2]int{y, int(v[6] - '0')}
			m.lastQAt = m.tk[h.i].start
		}
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// w returns the lower-case text of token i, or "" past the end.
func (m *matcher) w(i int) string {
	if i < 0 || i >= len(m.tk) {
		return ""
	}
	return m.tk[i].s
}

func (m *matcher) is(i int, words ...string) bool {
	s := m.w(i)
	for _, w := range words {
		if s == w {
			return true
		}
	}
	return false
}

// attached reports whether token i follows token i-1 with no space.
func (m *matcher) attached(i int) bool { return i < len(m.tk) && !m.tk[i].sp }

// best tries every rule at token i and keeps the longest match.
func (m *matcher) best(i int) (hit, bool) {
	if t := m.tk[i]; t.kind == 'p' || t.kind == 'w' && !startsExpr(t.s) {
		return hit{}, false // most tokens cannot start an expression
	}
	var best hit
	found := false
	for _, r := range m.rules() {
		if h, ok := r(i); ok && (!found || h.j > best.j) {
			best, found = h, true
		}
	}
	return best, found
}

func (m *matcher) rules() []func(int) (hit, bool) {
	return []func(int) (hit, bool){m.modified, m.core}
}

// modified handles modifiers that belong to the span but leave the value:
// "early", "late", "mid", "earlier", "later", "the end of", "the middle of",
// and the approximators of durations ("nearly", "more than").
func (m *matcher) modified(i int) (hit, bool) {
	k := i
	switch {
	case m.is(k, "the") && m.is(k+1, "end", "beginning", "start", "middle", "turn") && m.is(k+2, "of"):
		k += 3
	case m.is(k, "end", "beginning", "start", "middle") && m.is(k+1, "of"):
		k += 2
	case m.is(k, "early", "late", "mid", "earlier", "later") || m.is(k, "the") && m.is(k+1, "early", "late", "mid"):
		if m.is(k, "the") {
			k++
		}
		k++
		if m.is(k, "in") && m.is(k+1, "the") { // "earlier in the year"
			if h, ok := m.core(k + 2); ok && h.val != "" && (m.is(k+2, "year", "month", "week", "day")) {
				h.i = i
				return h, true
			}
		}
	default:
		return m.approx(i)
	}
	h, ok := m.core(k)
	if !ok || h.typ == Duration || h.typ == Set || h.i != k {
		return hit{}, false
	}
	h.i = i
	return h, true
}

// approx matches an approximator before a duration or an "ago" date.
func (m *matcher) approx(i int) (hit, bool) {
	k := i
	if twoWordApproximators[[2]string{m.w(i), m.w(i + 1)}] {
		k = i + 2
		if m.is(i, "no") && m.is(k, "than") {
			k++
		}
	} else if approximators[m.w(i)] > 0 {
		k = i + 1
	} else {
		return hit{}, false
	}
	h, ok := m.duration(k)
	if !ok {
		// "around 7:15 p.m.", "about Nov. 1": an approximate point in time
		if m.is(i, "around", "about", "approximately", "roughly") {
			if c, ok := m.core(k); ok && c.i == k && (c.typ == Time || c.typ == Date && strings.Count(c.val, "-") == 2 && isDigits(c.val[:4])) {
				c.i = i
				return c, true
			}
		}
		return hit{}, false
	}
	if m.is(i, "over", "under", "some", "just") && !(m.tk[k].kind == 'd' || smallNumbers[m.w(k)] > 0 || tens[m.w(k)] > 0 || m.is(k, "a", "an")) {
		return hit{}, false
	}
	h.i = i
	return h, true
}

// core tries the grammar's rules at i without modifiers.
func (m *matcher) core(i int) (hit, bool) {
	var best hit
	found := false
	try := func(h hit, ok bool) {
		if ok && (!found || h.j > best.j) {
			best, found = h, true
		}
	}
	try(m.deictic(i))
	try(m.weekdayRule(i))
	try(m.monthRule(i))
	try(m.yearRule(i))
	try(m.relative(i))
	try(m.quarterRule(i))
	try(m.seasonRule(i))
	try(m.duration(i))
	try(m.setRule(i))
	try(m.clock(i))
	try(m.holiday(i))
	return best, found
}

// deictic: today, yesterday, now, recently, the future ...
func (m *matcher) deictic(i int) (hit, bool) {
	rel := func(j int, typ string, off int, suffix string) (hit, bool) {
		v := "XXXX-XX-XX"
		if m.has {
			v = fmtDay(m.ref.AddDate(0, 0, off))
		}
		return hit{i: i, j: j, typ: typ, val: v + suffix, rel: true}, true
	}
	switch m.w(i) {
	case "today":
		return rel(i+1, Date, 0, "")
	case "yesterday":
		return rel(i+1, Date, -1, "")
	case "tomorrow":
		return rel(i+1, Date, 1, "")
	case "tonight":
		return rel(i+1, Time, 0, "TNI")
	case "overnight":
		return rel(i+1, Time, 0, "TNI")
	case "now", "currently", "presently", "nowadays":
		if m.is(i, "now") && m.is(i+1, "that") {
			return hit{}, false
		}
		return hit{i: i, j: i + 1, typ: Date, val: "PRESENT_REF"}, true
	case "right":
		if m.is(i+1, "now") {
			return hit{i: i, j: i + 2, typ: Date, val: "PRESENT_REF"}, true
		}
	case "recently", "lately":
		return hit{i: i, j: i + 1, typ: Date, val: "PAST_REF"}, true
	case "more":
		if m.is(i+1, "recently") {
			return hit{i: i, j: i + 2, typ: Date, val: "PAST_REF"}, true
		}
	case "the":
		switch {
		case m.is(i+1, "future"):
			return hit{i: i, j: i + 2, typ: Date, val: "FUTURE_REF"}, true
		case m.is(i+1, "near", "distant", "foreseeable") && m.is(i+2, "future"):
			return hit{i: i, j: i + 3, typ: Date, val: "FUTURE_REF"}, true
		case m.is(i+1, "past") && !m.numberAhead(i+2):
			if _, ok := units[m.w(i+2)]; !ok && !vagueQuantities[m.w(i+2)] && !m.is(i+2, "few") {
				return hit{i: i, j: i + 2, typ: Date, val: "PAST_REF"}, true
			}
		}
	case "future":
		if m.is(i-1, "in", "for") || m.is(i+1, "quarters", "years", "months") {
			j := i + 1
			if m.is(i+1, "quarters", "years", "months") {
				j++
			}
			return hit{i: i, j: j, typ: Date, val: "FUTURE_REF"}, true
		}
	case "coming":
		if m.is(i+1, "months", "years", "weeks", "days") && !m.is(i-1, "the") {
			return hit{i: i, j: i + 2, typ: Date, val: "FUTURE_REF"}, true
		}
	case "recent":
		if m.is(i+1, "years") {
			return hit{i: i, j: i + 2, typ: Date, val: "PAST_REF"}, true
		}
		if u, ok := units[m.w(i+1)]; ok && strings.HasSuffix(m.w(i+1), "s") && u != "WE" {
			return hit{i: i, j: i + 2, typ: Duration, val: durationValue(-1, u)}, true
		}
	case "this":
		if m.is(i+1, "morning", "afternoon", "evening") {
			return rel(i+2, Time, 0, "T"+partsOfDay[m.w(i+1)])
		}
	case "last":
		if m.is(i+1, "night") {
			return rel(i+2, Time, -1, "TNI")
		}
	case "midday", "noon", "midnight":
		// handled by clock
	}
	return hit{}, false
}

// numberAhead reports whether token i starts a number.
func (m *matcher) numberAhead(i int) bool {
	_, n := m.number(i)
	return n > 0
}

// number parses a cardinal at i: digits ("30", "1,000"), words ("twenty
// four", "a hundred", "two thousand"), "a"/"an" (one), "a couple of" (two)
// or a vague quantity (-1). It returns the value and the tokens used.
func (m *matcher) number(i int) (int, int) {
	t := m.w(i)
	if t == "" {
		return 0, 0
	}
	if m.tk[i].kind == 'd' {
		v, err := strconv.Atoi(t)
		if err != nil || len(t) > 6 {
			return 0, 0
		}
		n := 1
		// "1,000" and "2 1/2" are left out: rare in time expressions.
		return v, n
	}
	switch {
	case t == "a" || t == "an" || t == "one":
		if m.is(i+1, "couple") && m.is(i+2, "of") {
			return 2, 3
		}
		if m.is(i+1, "few") {
			return -1, 2
		}
		if m.is(i+1, "hundred") {
			return 100, 2
		}
		if m.is(i+1, "thousand") {
			return 1000, 2
		}
		if t == "one" {
			return 1, 1
		}
		return 1, 1
	case vagueQuantities[t]:
		if t == "couple" && m.is(i+1, "of") {
			return 2, 2
		}
		return -1, 1
	}
	v, n := 0, 0
	if x, ok := tens[t]; ok {
		v, n = x, 1
		if y, ok := smallNumbers[m.w(i+1)]; ok && y < 10 {
			v, n = v+y, 2
		}
	} else if x, ok := smallNumbers[t]; ok {
		v, n = x, 1
	}
	if n == 0 {
		return 0, 0
	}
	if m.is(i+n, "hundred") {
		v, n = v*100, n+1
	} else if m.is(i+n, "thousand") {
		v, n = v*1000, n+1
	}
	return v, n
}

// durationValue formats n units as an ISO 8601 duration (n < 0: unknown).
func durationValue(n int, unit string) string {
	q := "X"
	if n >= 0 {
		q = strconv.Itoa(n)
	}
	switch unit {
	case "E":
		if n >= 0 {
			return "P" + strconv.Itoa(10*n) + "Y"
		}
		return "PXE"
	case "C":
		if n >= 0 {
			return "P" + strconv.Itoa(100*n) + "Y"
		}
		return "PXC"
	case "WE":
		return "P" + q + "WE"
	}
	if unit[0] == 'T' {
		return "PT" + q + unit[1:]
	}
	return "P" + q + unit
}

// duration: [the] [past|last|next|first|...] NUMBER UNIT [ago|earlier|later].
func (m *matcher) duration(i int) (hit, bool) {
	k := i
	the := false
	if m.is(k, "the") {
		the = true
		k++
	}
	lead := ""
	if m.is(k, "past", "last", "next", "first", "coming", "previous", "final", "following", "latest", "remaining", "same", "prior", "initial") {
		lead = m.w(k)
		k++
	}
	n, used := m.number(k)
	if used == 0 {
		if lead == "" {
			if !the {
				// bare plural: "for years", "within weeks"
				if u, ok := units[m.w(k)]; ok && strings.HasSuffix(m.w(k), "s") && u != "WE" && m.is(k-1, "for", "within") {
					return hit{i: i, j: k + 1, typ: Duration, val: durationValue(-1, u)}, true
				}
			}
			return hit{}, false
		}
		n = 1
	}
	k += used
	if used > 0 && n >= 0 && m.is(k, "to", "or") {
		if _, used2 := m.number(k + 1); used2 > 0 {
			if _, ok := units[m.w(k+1+used2)]; ok {
				k += 1 + used2 // "two to three weeks": the span covers the range, the value its first figure
			}
		}
	}
	unitWord := m.w(k)
	u, ok := units[unitWord]
	if !ok {
		return hit{}, false
	}
	plural := strings.HasSuffix(unitWord, "s") && unitWord != "hours" || unitWord == "hours" || unitWord == "centuries"
	if unitWord == "centuries" {
		plural = true
	}
	if u == "WE" || u == "Q" && (used == 0 || m.is(k+1, "of")) {
		return hit{}, false // "three-quarters of its food" is a fraction
	}
	j := k + 1
	// "a/an/one UNIT" without "the" directly after a quantity is a rate:
	// "$33 million a year" (handled by setRule).
	if used > 0 && n == 1 && m.is(i, "a", "an") && m.rateContext(i) && !m.is(j, "ago", "earlier", "before", "later", "after") {
		return hit{}, false
	}
	// An age is not a temporal expression in TimeBank: "52 years old",
	// "6-year-old".
	if m.is(j, "old") || m.is(j, "-") && m.is(j+1, "old") {
		return hit{}, false
	}
	if m.tk[k].hy && the && lead == "" && i+1 < len(m.tk) {
		// "the two-week crisis": the determiner belongs to the noun
		i++
	}
	// Numbers used alone must be plausible counts.
	if used > 0 && m.tk[k-1].kind == 'd' && n > 5000 {
		return hit{}, false
	}
	if used == 0 && plural {
		return hit{}, false
	}
	if u == "Y" && n == 1 && m.is(j, "earlier", "ago") && m.tk[j].hy {
		return hit{}, false // "a year-earlier profit": the quarter rule reads the adjective
	}
	switch {
	case m.is(j, "ago"):
		v := m.ago(n, u)
		if n == 1 && u == "Y" {
			v = m.yearAgo(i, 1)
		}
		return hit{i: i, j: j + 1, typ: Date, val: v, rel: true, tense: Past, shift: n == 1 && u == "Y"}, true
	case m.is(j, "earlier", "before") && u == "Y" && n == 1 || m.is(j, "earlier") && used > 0 && u == "Y" && n > 0 && !the && lead == "":
		if m.is(j, "before") {
			return hit{i: i, j: j, typ: Duration, val: durationValue(n, u)}, true
		}
		return hit{i: i, j: j + 1, typ: Date, val: m.yearAgo(i, n), rel: true, shift: true}, true
	case m.is(j, "earlier", "later") && used > 0 && n > 0:
		if m.is(j, "earlier") {
			return hit{i: i, j: j + 1, typ: Duration, val: durationValue(n, u)}, true
		}
	}
	if used == 0 {
		// "the past year", "the last week": the previous unit, a date.
		if (lead == "past" || lead == "last" || lead == "previous") && the || lead == "past" {
			switch u {
			case "Y", "M", "W", "D", "Q":
				return hit{i: i, j: j, typ: Date, val: m.shifted(-1, u), rel: true}, true
			case "E":
				return hit{i: i, j: j, typ: Duration, val: "P10Y"}, true
			}
		}
		if lead == "next" || lead == "coming" || lead == "following" {
			if !the {
				return hit{}, false
			}
			switch u {
			case "Y", "M", "W", "D":
				return hit{i: i, j: j, typ: Date, val: m.shifted(1, u), rel: true}, true
			}
		}
		return hit{}, false
	}
	if u == "Q" {
		if n < 0 {
			return hit{i: i, j: j, typ: Duration, val: "PXM"}, true
		}
		return hit{i: i, j: j, typ: Duration, val: "P" + strconv.Itoa(3*n) + "M"}, true
	}
	if the && lead == "" && !plural && n == 1 {
		return hit{}, false // "the one day"
	}
	if !the && lead == "" && used == 1 && m.is(i, "a", "an", "one") && (u == "TS" || u == "D" && m.is(i, "one")) {
		return hit{}, false // "a second", "one day"
	}
	return hit{i: i, j: j, typ: Duration, val: durationValue(n, u)}, true
}

// rateContext reports whether "a"/"an" at i reads as "per" after an amount.
func (m *matcher) rateContext(i int) bool {
	p := m.w(i - 1)
	if p == "" {
		return false
	}
	if m.tk[i-1].kind == 'd' || p == "%" || p == "percent" || p == "million" || p == "billion" || p == "thousand" ||
		p == "times" || p == "dollars" || p == "cents" || p == "once" || p == "twice" || p == "hundred" ||
		strings.HasSuffix(p, "s") && m.tk[i-1].kind == 'w' && (m.is(i-2, "million", "billion") || m.tk[max(i-2, 0)].kind == 'd') {
		return true
	}
	return false
}

// ago resolves "n units ago".
func (m *matcher) ago(n int, u string) string {
	if n < 0 {
		return "PAST_REF"
	}
	if !m.has {
		return "PAST_REF"
	}
	switch u {
	case "Y":
		return fmtYear(m.ref.Year() - n)
	case "E":
		return fmtYear(m.ref.Year() - 10*n)
	case "C":
		return fmtYear(m.ref.Year() - 100*n)
	case "M":
		return fmtMonth(m.ref.Year(), int(m.ref.Month())-n)
	case "W":
		return fmtWeek(m.ref.AddDate(0, 0, -7*n))
	case "D":
		return fmtDay(m.ref.AddDate(0, 0, -n))
	case "Q":
		q := (int(m.ref.Month())-1)/3 - n
		y := m.ref.Year()
		for q < 0 {
			q += 4
			y--
		}
		return fmt.Sprintf("%04d-Q%d", y, q+1)
	}
	return fmtDay(m.ref)
}

// quarterReach is how far (in bytes) a quarter mentioned earlier still
// sets the frame of "a year ago": a report's comparison follows its figure.
const quarterReach = 1000

// yearAgo resolves "a year ago"/"a year earlier": in a text about a
// quarter it is the same quarter a year before, otherwise the year before.
func (m *matcher) yearAgo(i, n int) string {
	if m.lastQ[0] > 0 && m.tk[i].start-m.lastQAt < quarterReach {
		return fmt.Sprintf("%04d-Q%d", m.lastQ[0]-n, m.lastQ[1])
	}
	if m.lastVal != "" && len(m.lastVal) == 10 && m.lastVal[4] == '-' && m.lastY > 0 {
		// "a year earlier" after a full date is the same day a year before
	}
	if !m.has {
		return "XXXX"
	}
	return fmtYear(m.ref.Year() - n)
}

// shifted is the unit u shifted by n from the anchor: "last month", "next year".
func (m *matcher) shifted(n int, u string) string {
	if !m.has {
		switch u {
		case "Y":
			return "XXXX"
		case "M":
			return "XXXX-XX"
		case "W":
			return "XXXX-WXX"
		case "Q":
			return "XXXX-QX"
		}
		return "XXXX-XX-XX"
	}
	switch u {
	case "Y":
		return fmtYear(m.ref.Year() + n)
	case "M":
		return fmtMonth(m.ref.Year(), int(m.ref.Month())+n)
	case "W":
		return fmtWeek(m.ref.AddDate(0, 0, 7*n))
	case "Q":
		q := (int(m.ref.Month())-1)/3 + n
		y := m.ref.Year()
		for q < 0 {
			q += 4
			y--
		}
		for q > 3 {
			q -= 4
			y++
		}
		return fmt.Sprintf("%04d-Q%d", y, q+1)
	case "E":
		return fmt.Sprintf("%03d", m.ref.Year()/10+n)
	case "C":
		return fmt.Sprintf("%02d", m.ref.Year()/100+n)
	}
	return fmtDay(m.ref.AddDate(0, 0, n))
}

// starters are the words a rule can start with, besides the words of the
// lexicon tables (months, weekdays, seasons, numbers, units).
var starters = map[string]bool{
	"the": true, "a": true, "an": true, "per": true, "every": true, "each": true, "last": true, "next": true,
	"this": true, "past": true, "coming": true, "previous": true, "current": true, "following": true,
	"same": true, "that": true, "present": true, "early": true, "late": true, "mid": true, "earlier": true,
	"later": true, "end": true, "beginning": true, "start": true, "middle": true, "more": true, "less": true,
	"at": true, "up": true, "fewer": true, "no": true, "fiscal": true, "today": true, "yesterday": true,
	"tomorrow": true, "tonight": true, "overnight": true, "now": true, "currently": true, "presently": true,
	"nowadays": true, "recently": true, "lately": true, "future": true, "recent": true, "thanksgiving": true,
	"christmas": true, "halloween": true, "noon": true, "midday": true, "midnight": true, "daily": true,
	"nightly": true, "weekly": true, "monthly": true, "yearly": true, "hourly": true, "q": true,
	"weekend": true, "couple": true, "latest": true, "first": true, "final": true, "remaining": true,
	"prior": true, "initial": true, "right": true, "easter": true, "election": true, "new": true,
}

// starterSet is the union of starters and the lexicon tables: one lookup
// per token on the hot path. Built once, read-only.
var starterSet = func() map[string]bool {
	set := map[string]bool{}
	for w := range starters {
		set[w] = true
	}
	for w := range approximators {
		set[w] = true
	}
	for w := range vagueQuantities {
		set[w] = true
	}
	for _, t := range []map[string]int{months, weekdays, smallNumbers, tens, ordinals} {
		for w := range t {
			set[w] = true
		}
	}
	for w := range seasons {
		set[w] = true
	}
	for w := range units {
		set[w] = true
	}
	return set
}()

func startsExpr(w string) bool { return starterSet[w] }
