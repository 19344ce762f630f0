package timex

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"
)

func day0(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestFind checks spans, types and values against publication dates: tense
// direction, year roll-over near January, weekdays relative to the
// publication date, seasons, quarters and expressions with no anchor.
func TestFind(t *testing.T) {
	tests := []struct {
		name string
		pub  string // YYYY-MM-DD, "" for unknown
		text string
		want string // expression text
		typ  string
		val  string
		gran string
	}{
		// tense direction (2024-02-21 is a Wednesday)
		{"past month", "2024-02-21", "Rutte said in October that he was open to it.", "October", Date, "2023-10", GranMonth},
		{"future month", "2024-02-21", "The summit will take place in July.", "July", Date, "2024-07", GranMonth},
		{"present schedule", "2024-01-19", "Stoltenberg's term ends in October.", "October", Date, "2024-10", GranMonth},
		{"past with since", "2024-02-14", "Rutte has been campaigning for the job since November.", "November", Date, "2023-11", GranMonth},
		{"to be agreed", "2024-01-19", "Most allies expect the decision to be agreed in time for the summit in July.", "July", Date, "2024-07", GranMonth},
		{"said weekday same day", "2024-02-21", "Rutte said Wednesday in an interview.", "Wednesday", Date, "2024-02-21", GranDay},
		{"said weekday before", "2024-02-21", "Rutte said Tuesday in an interview.", "Tuesday", Date, "2024-02-20", GranDay},
		{"will meet weekday", "2024-02-21", "The ministers will meet on Friday.", "Friday", Date, "2024-02-23", GranDay},
		{"met weekday", "2024-02-21", "The ministers met on Friday.", "Friday", Date, "2024-02-16", GranDay},
		{"last weekday", "2024-02-21", "He spoke last Friday.", "last Friday", Date, "2024-02-16", GranDay},
		{"next weekday", "2024-02-21", "He speaks next Friday.", "next Friday", Date, "2024-02-23", GranDay},
		// year roll-over near January
		{"december from january", "2024-01-05", "Prices rose in December.", "December", Date, "2023-12", GranMonth},
		{"february from january", "2024-01-05", "Parliament will vote in February.", "February", Date, "2024-02", GranMonth},
		{"last month in january", "2024-01-05", "Sales fell last month.", "last month", Date, "2023-12", GranMonth},
		{"last week in january", "2024-01-05", "He resigned last week.", "last week", Date, "2023-W52", GranWeek},
		{"date across new year", "2023-12-28", "The store will open on Jan. 3.", "Jan. 3", Date, "2024-01-03", GranDay},
		{"nearest date without tense", "2024-01-02", "The deadline of Dec. 30 passed.", "Dec. 30", Date, "2023-12-30", GranDay},
		{"next year in december", "2023-12-28", "Elections are due next year.", "next year", Date, "2024", GranYear},
		// seasons
		{"this summer", "2024-02-21", "The race should be over by this summer.", "this summer", Date, "2024-SU", GranSeason},
		{"summer of year", "2023-07-15", "NATO wants to appoint him at the summit in the summer of 2024.", "the summer of 2024", Date, "2024-SU", GranSeason},
		{"last fall", "1998-02-06", "A surge began last fall.", "last fall", Date, "1997-FA", GranSeason},
		{"future spring", "2024-02-21", "Allies are aiming to finish in the spring.", "the spring", Date, "2024-SP", GranSeason},
		{"this spring", "2024-01-19", "Allies aim to finalize the process this spring.", "this spring", Date, "2024-SP", GranSeason},
		{"this past weekend", "2024-02-21", "Leaders met this past weekend.", "this past weekend", Date, "2024-W07-WE", GranWeek},
		{"over the weekend", "2024-02-21", "He spoke to Dutch television over the weekend.", "the weekend", Date, "2024-W07-WE", GranWeek},
		// quarters
		{"quarter of this calendar year", "2024-02-14", "Allies should finish in the first quarter of this calendar year.", "the first quarter of this calendar year", Date, "2024-Q1", GranQuarter},
		{"fourth quarter from january", "1998-01-26", "Profits fell in the fourth quarter.", "the fourth quarter", Date, "1997-Q4", GranQuarter},
		{"hyphenated quarter", "1989-10-25", "It expects to report a third-quarter loss.", "third-quarter", Date, "1989-Q3", GranQuarter},
		{"fiscal year's quarter", "1989-11-01", "Net fell in fiscal 1990's first quarter.", "fiscal 1990's first quarter", Date, "1990-Q1", GranQuarter},
		{"next quarter", "2024-02-14", "Margins should improve next quarter.", "next quarter", Date, "2024-Q2", GranQuarter},
		{"Q with year", "2024-02-14", "Revenue in Q3 2023 rose.", "Q3 2023", Date, "2023-Q3", GranQuarter},
		// relative units
		{"earlier this month", "2024-01-19", "Rutte backed the attacks earlier this month.", "earlier this month", Date, "2024-01", GranMonth},
		{"this week", "2024-01-19", "He was in Davos this week.", "this week", Date, "2024-W03", GranWeek},
		{"later this year", "2024-02-14", "He is to lead the alliance later this year.", "later this year", Date, "2024", GranYear},
		{"years ago", "1998-02-27", "The killings began nearly four years ago.", "nearly four years ago", Date, "1994", GranYear},
		{"yesterday", "1989-11-02", "Shares closed yesterday at $20.", "yesterday", Date, "1989-11-01", GranDay},
		{"full date", "2024-02-21", "The treaty was signed on Aug. 7, 1998, in Nairobi.", "Aug. 7, 1998", Date, "1998-08-07", GranDay},
		{"day month year", "2024-02-21", "He was born on 16 June 1959.", "16 June 1959", Date, "1959-06-16", GranDay},
		{"bare year", "2024-02-21", "In 2014, Jens Stoltenberg became the NATO chief.", "2014", Date, "2014", GranYear},
		{"decade", "1998-02-19", "The group held power in the late 1970s.", "the late 1970s", Date, "197", GranDecade},
		{"clock time", "1998-02-13", "He was kidnapped at 10 p.m. Wednesday.", "10 p.m. Wednesday", Time, "1998-02-11T22:00", GranTime},
		// references, durations, sets
		{"now", "2024-02-21", "The alliance now has 31 members.", "now", Date, "PRESENT_REF", ""},
		{"the past", "2024-02-21", "That is a thing of the past.", "the past", Date, "PAST_REF", ""},
		{"duration", "2024-02-21", "In the past three months, stocks have plunged.", "the past three months", Duration, "P3M", ""},
		{"adjectival duration", "2024-02-21", "Stocks hit a five-year low.", "five-year", Duration, "P5Y", ""},
		{"approximate duration", "2024-02-21", "It lasted for more than four hours.", "more than four hours", Duration, "PT4H", ""},
		{"set", "2024-02-21", "Rallies are held daily.", "daily", Set, "P1D", ""},
		{"rate is a set", "2024-02-21", "It earns about $33 million a year.", "a year", Set, "P1Y", ""},
		{"year ago in quarter text", "1989-10-26", "Third-quarter profit rose 19% from a year ago.", "a year ago", Date, "1988-Q3", GranQuarter},
		{"approximate time", "1998-02-12", "The store was robbed around 7:15 p.m., police said.", "around 7:15 p.m.", Time, "1998-02-12T19:15", GranTime},
		{"range", "1989-10-30", "Shipments resume within two to three weeks.", "two to three weeks", Duration, "P2W", ""},
		{"or so", "1989-10-30", "Rates should stay low for the next year or so.", "the next year or so", Date, "1990", GranYear},
		{"last half", "1989-10-30", "Sales slowed in the last half of 1989.", "the last half of 1989", Date, "1989-H2", GranHalf},
		{"right now", "1998-01-26", "But I think right now, prices are fair.", "right now", Date, "PRESENT_REF", ""},
		{"corresponding period", "1989-11-01", "Third-quarter net fell from $1.8 million for the corresponding period last year.", "the corresponding period last year", Date, "1988-Q3", GranQuarter},
		// no anchor
		{"no anchor month", "", "Rutte said in October that he was open to it.", "October", Date, "XXXX-10", GranUnresolved},
		{"no anchor weekday", "", "Rutte said Wednesday in an interview.", "Wednesday", Date, "XXXX-WXX-3", GranUnresolved},
		{"no anchor yesterday", "", "Shares closed yesterday at $20.", "yesterday", Date, "XXXX-XX-XX", GranUnresolved},
		{"no anchor last week", "", "He resigned last week.", "last week", Date, "XXXX-WXX", GranUnresolved},
		{"no anchor season", "", "The summit is this summer.", "this summer", Date, "XXXX-SU", GranUnresolved},
		{"no anchor absolute year", "", "In 2014, Stoltenberg became the NATO chief.", "2014", Date, "2014", GranYear},
		{"no anchor absolute season", "", "A summit in the summer of 2024.", "the summer of 2024", Date, "2024-SU", GranSeason},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(tc.text, day0(tc.pub))
			var e *Expr
			for i := range got {
				if got[i].Text == tc.want {
					e = &got[i]
				}
			}
			if e == nil {
				t.Fatalf("Find(%q) = %+v, want an expression %q", tc.text, got, tc.want)
			}
			if e.Type != tc.typ || e.Value != tc.val || e.Granularity != tc.gran {
				t.Errorf("Find(%q): %q = %s %s %q, want %s %s %q", tc.text, e.Text, e.Type, e.Value, e.Granularity, tc.typ, tc.val, tc.gran)
			}
			if tc.text[e.Start:e.End] != e.Text {
				t.Errorf("offsets %d:%d give %q, not %q", e.Start, e.End, tc.text[e.Start:e.End], e.Text)
			}
		})
	}
}

// TestFindNegatives lists words that look temporal but are not.
func TestFindNegatives(t *testing.T) {
	tests := []struct{ name, text string }{
		{"modal may", "He may resign."},
		{"verb march", "Protesters march to the square."},
		{"age", "Mr. Schwarz, 52 years old, will succeed him."},
		{"hyphenated age", "The 6-year-old boy was returned."},
		{"quantity", "The company employs 2000 workers."},
		{"money", "It costs $1998 in total."},
		{"fall verb", "Prices fall when demand drops."},
	}
	pub := day0("2024-02-21")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Find(tc.text, pub); len(got) != 0 {
				t.Errorf("Find(%q) = %+v, want nothing", tc.text, got)
			}
		})
	}
}

// TestFindNonASCII checks byte offsets around multi-byte text.
func TestFindNonASCII(t *testing.T) {
	s := "Krišjānis Kariņš — who spoke on Friday — met Zelenskyy’s envoy in “early March”."
	got := Find(s, day0("2024-03-20"))
	if len(got) != 2 {
		t.Fatalf("Find = %+v, want 2 expressions", got)
	}
	for _, e := range got {
		if s[e.Start:e.End] != e.Text {
			t.Errorf("offsets %d:%d give %q, not %q", e.Start, e.End, s[e.Start:e.End], e.Text)
		}
	}
	if got[0].Text != "Friday" || got[0].Value != "2024-03-15" || got[1].Text != "early March" || got[1].Value != "2024-03" {
		t.Errorf("Find = %+v", got)
	}
}

func TestInterval(t *testing.T) {
	tests := []struct{ v, start, end string }{
		{"2024", "2024-01-01", "2025-01-01"},
		{"2024-SU", "2024-06-01", "2024-09-01"},
		{"2023-WI", "2023-12-01", "2024-03-01"},
		{"2024-Q1", "2024-01-01", "2024-04-01"},
		{"2024-07", "2024-07-01", "2024-08-01"},
		{"2024-W07", "2024-02-12", "2024-02-19"},
		{"2024-W07-WE", "2024-02-17", "2024-02-19"},
		{"2024-02-21", "2024-02-21", "2024-02-22"},
		{"2024-02-21T10:00", "2024-02-21", "2024-02-22"},
		{"197", "1970-01-01", "1980-01-01"},
		{"P2Y", "", ""},
		{"XXXX-10", "", ""},
		{"PRESENT_REF", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.v, func(t *testing.T) {
			s, e, ok := Interval(tc.v)
			if tc.start == "" {
				if ok {
					t.Errorf("Interval(%q) = %v %v, want none", tc.v, s, e)
				}
				return
			}
			if !ok || !s.Equal(day0(tc.start)) || !e.Equal(day0(tc.end)) {
				t.Errorf("Interval(%q) = %v %v %v, want %s %s", tc.v, s, e, ok, tc.start, tc.end)
			}
		})
	}
	if !Compatible("2024-07", "2024-SU") || Compatible("2023-10", "2024-10") {
		t.Error("Compatible: 2024-07/2024-SU must be, 2023-10/2024-10 must not")
	}
}

func TestEstimatePublished(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", "004_28977a452bfcdb81.txt"))
	if err != nil {
		t.Fatal(err)
	}
	w, ev := EstimatePublished(string(b))
	// published about 2023-07: the window must hold it
	approx := day0("2023-07-15")
	if w.Earliest.After(approx) || !w.Latest.IsZero() && !w.Latest.After(approx) {
		t.Errorf("window %v..%v does not hold %v", w.Earliest, w.Latest, approx)
	}
	if w.Earliest.IsZero() || w.Latest.IsZero() {
		t.Errorf("window %v..%v: want both bounds", w.Earliest, w.Latest)
	}
	for _, e := range ev {
		if e.Binding && e.Expr.Text == "" {
			t.Errorf("binding evidence without its expression: %+v", e)
		}
	}
	want := `on or after 2022-01-01 ("2022", past tense); before 2024-09-01 ("the summer of 2024", future tense)`
	if got := w.Describe(ev); got != want {
		t.Errorf("Describe = %s, want %s", got, want)
	}
	tests := []struct {
		name, text       string
		earliest, latest string
	}{
		{"past bounds below", "The treaty was signed in 1998 and amended in 2003.", "2003-01-01", ""},
		{"future bounds above", "The company will list its shares in March 2025.", "", "2025-04-01"},
		{"both", "Sales rose in 2019. The plant will open in 2021.", "2019-01-01", "2022-01-01"},
		{"relative only", "He said on Friday he would resign next month.", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := EstimatePublished(tc.text)
			if !w.Earliest.Equal(day0(tc.earliest)) || !w.Latest.Equal(day0(tc.latest)) {
				t.Errorf("EstimatePublished(%q) = %v..%v, want %s..%s", tc.text, w.Earliest, w.Latest, tc.earliest, tc.latest)
			}
		})
	}
}

// FuzzFind checks that Find never panics and that every span is a valid,
// ordered, non-overlapping slice of the input on character boundaries.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Rutte said Wednesday that in October he was open to it.",
		"the first quarter of this calendar year", "Aug. 7, 1998", "10 p.m. EST, Nov. 6",
		"Kariņš met “early March” — 16 June 1959", "nineteen ninety-six", "Q3 2023", "a year-earlier",
		"", "-", "'s", "7:", "p.m.", "the", "in the summer of",
	} {
		f.Add(s, int64(0))
		f.Add(s, day0("2024-02-21").Unix())
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		var pub time.Time
		if unix != 0 {
			pub = time.Unix(unix%(1<<35), 0).UTC()
		}
		prev := 0
		for _, e := range Find(s, pub) {
			if e.Start < prev || e.End <= e.Start || e.End > len(s) {
				t.Fatalf("bad span %d:%d after %d in %q", e.Start, e.End, prev, s)
			}
			if s[e.Start:e.End] != e.Text {
				t.Fatalf("span %d:%d is %q, Text %q", e.Start, e.End, s[e.Start:e.End], e.Text)
			}
			if utf8.ValidString(s) && (!utf8.RuneStart(s[e.Start]) || e.End < len(s) && !utf8.RuneStart(s[e.End])) {
				t.Fatalf("span %d:%d splits a character in %q", e.Start, e.End, s)
			}
			if e.Type == "" || e.Value == "" {
				t.Fatalf("empty type or value: %+v", e)
			}
			prev = e.End
		}
	})
}

// BenchmarkFind measures Find on the seed articles (MB/s and expressions/s).
func BenchmarkFind(b *testing.B) {
	var texts []string
	total := 0
	paths, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.txt"))
	for _, p := range paths {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		total += len(t)
	}
	pub := day0("2024-02-21")
	b.SetBytes(int64(total))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, t := range texts {
			n += len(Find(t, pub))
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "exprs/s")
}

func TestHolidays(t *testing.T) {
	tests := []struct{ name, pub, text, want, val string }{
		{"thanksgiving past", "1999-12-10", "He was found at sea last Thanksgiving.", "last Thanksgiving", "1999-11-25"},
		{"christmas future", "2023-12-01", "The shops will open on Christmas Day.", "Christmas Day", "2023-12-25"},
		{"election day", "1998-10-26", "It will be a theme from now to Election Day.", "Election Day", "1998-11-03"},
		{"easter", "2024-02-21", "The pilgrims will arrive before Easter.", "Easter", "2024-03-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, e := range Find(tc.text, day0(tc.pub)) {
				if e.Text == tc.want {
					if e.Value != tc.val {
						t.Errorf("%q = %s, want %s", e.Text, e.Value, tc.val)
					}
					return
				}
			}
			t.Errorf("Find(%q): no %q", tc.text, tc.want)
		})
	}
}

func TestGranularityOf(t *testing.T) {
	for v, want := range map[string]string{
		"19": GranCentury, "197": GranDecade, "199X": GranDecade, "2024": GranYear, "2024-SU": GranSeason,
		"2024-H1": GranHalf, "2024-Q1": GranQuarter, "2024-07": GranMonth, "2024-W07": GranWeek,
		"2024-W07-WE": GranWeek, "2024-07-15": GranDay, "2024-07-15T10:00": GranTime, "XXXX-10": GranUnresolved,
		"P2Y": "", "PAST_REF": "",
	} {
		if got := granularityOf(v); got != want {
			t.Errorf("granularityOf(%q) = %q, want %q", v, got, want)
		}
	}
}
