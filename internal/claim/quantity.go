package claim

import (
	"math"
	"strconv"
	"strings"

	"github.com/crosscheck/crosscheck/internal/text"
)

// numberWords are the spelled-out numbers news text uses for counts.
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
}

// fractionWords are fractions stated in words.
var fractionWords = map[string]float64{
	"half": 0.5, "one-half": 0.5, "third": 1.0 / 3, "one-third": 1.0 / 3, "two-thirds": 2.0 / 3,
	"quarter": 0.25, "one-quarter": 0.25, "three-quarters": 0.75, "three-fourths": 0.75, "majority": 0.5,
	"one-fifth": 0.2, "two-fifths": 0.4, "three-fifths": 0.6, "four-fifths": 0.8,
}

// approxWords qualify the number that follows them.
var approxWords = map[string]string{
	"over": "over", "more": "over", "above": "over", "least": "over", "exceeding": "over",
	"under": "under", "fewer": "under", "less": "under", "below": "under", "nearly": "under", "almost": "under",
	"most": "under", "up": "under",
	"around": "about", "about": "about", "approximately": "about", "roughly": "about", "some": "about",
	"circa": "about", "estimated": "about", "nearly-about": "about",
}

// notCounts are nouns after a number that make it a date, age or ordinal
// rather than a count of something claimed.
var notCounts = map[string]bool{
	"years": true, "year": true, "months": true, "month": true, "weeks": true, "week": true, "days": true,
	"day": true, "hours": true, "minutes": true, "am": true, "pm": true, "th": true,
}

// quantities finds the counts and proportions in a sentence.
func quantities(s string) []Quantity {
	toks := text.Tokens(s)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = strings.ToLower(text.Fold(t.Text))
	}
	var out []Quantity
	for i := 0; i < len(toks); i++ {
		w := words[i]
		var q Quantity
		start := i
		if f, ok := fractionWords[w]; ok && w != "majority" && isFraction(words, i) {
			q = Quantity{Value: f, Approx: "fraction", Ratio: true}
		} else if v, ok := parseNumber(w); ok {
			q = Quantity{Value: v, Approx: "exact"}
			if isYear(w) || (i+1 < len(words) && notCounts[words[i+1]]) || (i > 0 && (months[words[i-1]] || words[i-1] == "since" || words[i-1] == "in")) && v >= 1900 {
				continue
			}
			if i > 0 && toks[i-1].End == toks[i].Start-2 && s[toks[i-1].End:toks[i].Start] == ", " && isPersonAge(s, toks, i) {
				continue // "Lopez, 56, has": an age
			}
		} else {
			continue
		}
		// qualifier before: "over 20", "more than 20", "at least 20", "around 10"
		if i > 0 {
			p := words[i-1]
			if p == "than" && i > 1 {
				if a, ok := approxWords[words[i-2]]; ok {
					q.Approx, start = a, i-2
				}
			} else if a, ok := approxWords[p]; ok && q.Approx == "exact" {
				q.Approx, start = a, i-1
				if (p == "least" || p == "most" || p == "up") && i > 1 {
					start = i - 2
				}
			}
		}
		end := i
		// "18 of the 31 NATO countries", "two-thirds of 31 allies"
		j := i + 1
		if j < len(words) && words[j] == "of" {
			k := j + 1
			if k < len(words) && words[k] == "the" {
				k++
			}
			if k < len(words) {
				if v, ok := parseNumber(words[k]); ok && !isYear(words[k]) {
					q.Of = v
					end = k
					j = k + 1
				}
			}
		}
		cur := currencyBefore(s, toks[start].Start)
		if j < len(words) && scaleWords[words[j]] > 0 {
			// "€120 million", "210 million euros": one amount of money
			q.Value *= scaleWords[words[j]]
			end = j
			j++
		}
		if c := currencyWords[wordAt(words, j)]; c != "" && cur == "" {
			cur, end = c, j
		}
		if cur != "" {
			q.Unit, q.Head = cur, "money:"+cur
		} else if j < len(words) && (words[j] == "percent" || words[j] == "per") {
			q.Unit = "percent"
			end = j
			if words[j] == "per" && j+1 < len(words) {
				end = j + 1
			}
		} else if i+1 < len(toks) && toks[i].End < len(s) && s[toks[i].End] == '%' {
			q.Unit = "percent"
		} else {
			// the counted noun: the next content word (skipping one modifier
			// such as "NATO"), so "over 20 NATO allies" counts allies
			for k := j; k < len(words) && k < j+3; k++ {
				if auxiliaryOrVerb(words[k]) {
					break
				}
				if text.IsStopword(words[k]) {
					continue
				}
				q.Unit = words[k]
				q.Head = text.Stem(words[k])
				if k+1 < len(words) && !text.IsStopword(words[k+1]) && isNoun(words[k+1]) {
					q.Unit = words[k+1]
					q.Head = text.Stem(words[k+1])
				}
				break
			}
		}
		q.Text = s[toks[start].Start:toks[end].End]
		q.Offset = toks[start].Start
		q.Low, q.High = bounds(q)
		out = append(out, q)
		i = end
	}
	return out
}

// scaleWords multiply the number before them.
var scaleWords = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mln": 1e6}

// currencyWords and currencySymbols name the currency of an amount.
var (
	currencyWords = map[string]string{"euros": "EUR", "euro": "EUR", "dollars": "USD", "dollar": "USD", "pounds": "GBP",
		"sterling": "GBP", "yen": "JPY", "francs": "CHF", "zlotys": "PLN", "zloty": "PLN", "kronor": "SEK", "kroner": "DKK",
		"rubles": "RUB", "roubles": "RUB", "yuan": "CNY", "rupees": "INR", "eur": "EUR", "usd": "USD", "gbp": "GBP", "pln": "PLN"}
	currencySymbols = map[rune]string{'€': "EUR", '$': "USD", '£': "GBP", '¥': "JPY"}
)

// currencyBefore returns the currency whose symbol stands just before byte
// offset off ("€120"), or "".
func currencyBefore(s string, off int) string {
	for i := off - 1; i >= 0 && i >= off-4; i-- {
		if s[i] == ' ' {
			return ""
		}
		for r, c := range currencySymbols {
			if strings.HasSuffix(s[:off], string(r)) || strings.HasSuffix(s[:i+1], string(r)) {
				return c
			}
		}
	}
	return ""
}

func wordAt(words []string, j int) string {
	if j < 0 || j >= len(words) {
		return ""
	}
	return words[j]
}

// isFraction tells "half of", "a third of", "two-thirds" (fractions) from
// "the first half of", "the first quarter of" (parts of a period).
func isFraction(words []string, i int) bool {
	switch words[i] {
	case "half", "third", "quarter":
		if i+1 >= len(words) || words[i+1] != "of" {
			return false
		}
		if words[i] == "half" {
			return i == 0 || !ordinalWords[words[i-1]]
		}
		return i > 0 && (words[i-1] == "a" || words[i-1] == "one")
	}
	return true
}

var ordinalWords = map[string]bool{"first": true, "second": true, "third": true, "fourth": true, "last": true, "latter": true, "former": true}

// auxiliaryOrVerb ends the search for a counted noun: "around 10 were
// still holding back" counts nothing named.
func auxiliaryOrVerb(w string) bool {
	return auxiliaries[w] || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ly")
}

// months guards "in 2014" and "October 2024" from being counts.
var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// isNoun is a crude test for a plural noun after a modifier ("NATO allies").
func isNoun(w string) bool {
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3
}

func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	v, err := strconv.Atoi(w)
	return err == nil && v >= 1800 && v <= 2200
}

func isPersonAge(s string, toks []text.Token, i int) bool {
	return i+1 < len(toks) && toks[i].End < len(s) && s[toks[i].End] == ','
}

func parseNumber(w string) (float64, bool) {
	if v, ok := numberWords[w]; ok {
		return v, true
	}
	c := strings.ReplaceAll(w, ",", "")
	if c == "" || c[0] < '0' || c[0] > '9' {
		return 0, false
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

// bounds turns a quantity into the range of values it allows. Rounded
// statements get slack: "around 10" is 8 to 12, "nearly 20" 16 to 20.
func bounds(q Quantity) (lo, hi float64) {
	v := q.Value
	if q.Ratio && q.Of > 0 {
		v = q.Value * q.Of
	}
	switch q.Approx {
	case "over":
		return v, math.Inf(1)
	case "under":
		return math.Max(0, v*0.8), v
	case "about":
		return v * 0.8, v * 1.2
	case "fraction":
		// "two-thirds" is itself rounded: about ±5 points of the whole
		if q.Of > 0 {
			return v - 0.05*q.Of, v + 0.05*q.Of
		}
		return q.Value - 0.05, q.Value + 0.05
	}
	return v, v
}

// Compatible reports whether two quantities of the same thing can both be
// true: their ranges overlap. A fraction with no stated whole is compared
// once the whole is known (whole > 0); otherwise it is taken as compatible.
func Compatible(a, b Quantity, whole float64) bool {
	resolve := func(q Quantity) (float64, float64, bool) {
		if q.Ratio && q.Of == 0 {
			if whole <= 0 {
				return 0, 0, false
			}
			q.Of = whole
			lo, hi := bounds(q)
			return lo, hi, true
		}
		lo, hi := q.Low, q.High
		return lo, hi, true
	}
	if (a.Unit == "percent") != (b.Unit == "percent") {
		return true // different measures
	}
	al, ah, ok1 := resolve(a)
	bl, bh, ok2 := resolve(b)
	if !ok1 || !ok2 {
		return true
	}
	if a.Approx == "over" {
		al += 1e-9
	}
	if b.Approx == "over" {
		bl += 1e-9
	}
	const eps = 1e-6
	return al <= bh+eps && bl <= ah+eps
}
