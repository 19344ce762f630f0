package timex

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Window is an estimated span for an article's publication date. A zero
// bound is open.
type Window struct {
	Earliest time.Time // published on or after
	Latest   time.Time // published before
}

// Evidence is one statement of a text that bounds its publication date.
type Evidence struct {
	Expr    Expr      // the dated expression, resolved without an anchor
	Bound   string    // "earliest" (a past or present statement) or "latest" (a future one)
	At      time.Time // the bound it gives
	Binding bool      // it is the bound the window uses
}

// EstimatePublished estimates when a text was published from what it
// states, for articles whose metadata has no date: a date the text speaks
// of in the past or present tense ("was extended in 2022") was reached by
// publication, which bounds the window from below; one it speaks of in the
// future tense ("wants to appoint at a summit in the summer of 2024") had
// not ended yet, which bounds it from above. Only dates that need no
// anchor count. A future bound before the earliest one contradicts the
// rest and is not used. The caller must mark the result as inferred, with
// its evidence, never as a given date.
func EstimatePublished(text string) (Window, []Evidence) {
	var w Window
	var ev []Evidence
	for _, e := range Find(text, time.Time{}) {
		if e.Type != Date && e.Type != Time {
			continue
		}
		start, end, ok := Interval(e.Value)
		if !ok {
			continue
		}
		switch e.Tense {
		case Past, Present:
			ev = append(ev, Evidence{Expr: e, Bound: "earliest", At: start})
		case Future:
			ev = append(ev, Evidence{Expr: e, Bound: "latest", At: end})
		}
	}
	for _, x := range ev {
		if x.Bound == "earliest" && x.At.After(w.Earliest) {
			w.Earliest = x.At
		}
	}
	for _, x := range ev {
		if x.Bound == "latest" && !x.At.Before(w.Earliest) && (w.Latest.IsZero() || x.At.Before(w.Latest)) {
			w.Latest = x.At
		}
	}
	for i := range ev {
		ev[i].Binding = ev[i].Bound == "earliest" && ev[i].At.Equal(w.Earliest) || ev[i].Bound == "latest" && ev[i].At.Equal(w.Latest)
	}
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Binding && !ev[j].Binding })
	return w, ev
}

// Describe states the window and its binding evidence in words, for the
// caller to record as the evidence of an inferred field:
// `on or after 2022-01-01 ("2022", past tense); before 2024-09-01 ("the
// summer of 2024", future tense)`. It returns "" for an open window.
func (w Window) Describe(ev []Evidence) string {
	var parts []string
	for _, b := range []struct {
		bound, words string
		at           time.Time
	}{{"earliest", "on or after", w.Earliest}, {"latest", "before", w.Latest}} {
		if b.at.IsZero() {
			continue
		}
		for _, e := range ev {
			if e.Binding && e.Bound == b.bound {
				parts = append(parts, fmt.Sprintf("%s %s (%q, %s tense)", b.words, b.at.Format("2006-01-02"), e.Expr.Text, e.Expr.Tense))
				break
			}
		}
	}
	return strings.Join(parts, "; ")
}

// DocOf turns an article into a timeline Doc: its body with boilerplate
// blanked (offsets still match Text) and its publication date, which stays
// zero when unknown (EstimatePublished gives a window, not a date to
// resolve against).
func DocOf(a news.Article) Doc {
	return Doc{ID: a.ID, Published: a.Published, Text: a.Body()}
}
