package meta

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func citedNames(a Attribution) []string {
	out := []string{}
	for _, c := range a.Cited {
		out = append(out, c.Outlet)
	}
	return out
}

func TestAttribute(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		outlet   string
		dateline string
		cited    []string
	}{
		{"bloomberg credit", "(Bloomberg) -- Oil rose on Monday.\n\nTraders said so.", "Bloomberg", "", nil},
		{"reuters dateline credit", "LONDON, Feb 21 (Reuters) - Shares fell, the Financial Times reported.", "Reuters", "LONDON", []string{"Financial Times"}},
		{"ap dateline", "WASHINGTON (AP) — Congress passed the bill.", "AP", "WASHINGTON", nil},
		{"ap place with state", "KYIV, Ukraine (AP) — Drones hit the city overnight.", "AP", "KYIV", nil},
		{"afp closing paren", "The summit ended without a deal.\n\nTalks resume next week. (AFP)", "AFP", "", nil},
		{"unknown agency slash tag", "The parliament approved the budget.\n\nThe vote was 120 to 80. /NOVA", "NOVA", "", nil},
		{"known agency slash tag", "Prices rose.\n\nInflation hit 3 percent. /ANSA", "ANSA", "", nil},
		{"byline with outlet", "By Jane Doe, Reuters\n\nMarkets were calm.", "Reuters", "", nil},
		{"bare dateline is not an outlet", "PARIS — The minister resigned on Tuesday.\n\nHe gave no reason.", "", "PARIS", nil},
		{"datelined own report", "BERLIN — Three officials told Der Spiegel on Monday that the plan was dead.\n\nA minister later told Der Spiegel the same.", "Der Spiegel", "BERLIN", nil},
		{"datelined own report, event", "ROME — Two diplomats told the Financial Times that talks stalled.\n\nThe minister spoke at a conference hosted by the Financial Times.", "Financial Times", "ROME", nil},
		{"datelined rewrite citing once", "KYIV — Officials told Reuters on Monday that drones hit the port.\n\nThe mayor said repairs would take weeks.", "", "KYIV", []string{"Reuters"}},
		{"citations only", "The deal is off, according to the Wall Street Journal. Officials told CNN the talks failed. Reuters reported a delay.", "", "", []string{"The Wall Street Journal", "CNN", "Reuters"}},
		{"case-insensitive dedupe", "Officials told Politico on Monday. Later POLITICO reported more.", "", "", []string{"POLITICO"}},
		{"own channel not cited", "(Bloomberg) -- Markets fell.\n\nShe said in an interview with Bloomberg TV on Tuesday.", "Bloomberg", "", nil},
		{"unknown outlet by pattern", "The ministry confirmed it, according to the Kathmandu Post.", "", "", []string{"Kathmandu Post"}},
		{"unknown outlet after", "The Lagos Daily Tribune reported that the fuel price rose.", "", "", []string{"Lagos Daily Tribune"}},
		{"possessive place", "He said so, Britain’s Telegraph reported, and as The Mirror reported too.", "", "", []string{"The Telegraph", "Daily Mirror"}},
		{"person after outlet", "He told Northern Star News’ Jane Roe about it, according to Pentagon Press Secretary John Doe.", "", "", []string{"Northern Star News"}},
		{"possessive country", "South Korea’s Yonhap News Agency reported the launch; South Korea’s JoongAng Daily reported it too.", "", "", []string{"Yonhap", "JoongAng Daily"}},
		{"weekday after unknown", "A witness told the Harbour Daily News Tuesday that the youth ran.", "", "", []string{"Harbour Daily News"}},
		{"not outlets", "NATO said it would respond. Liam Fox said no. Officials told reporters and according to people familiar with the matter, the Defence Ministry said yes.", "", "", nil},
		{"report from", "Rates may rise, according to a report from Bloomberg, which cites officials.", "", "", []string{"Bloomberg"}},
		{"writes", "But Bloomberg writes that the talks may fail.", "", "", []string{"Bloomberg"}},
		{"photo caption before credit", "Flooded streets (Photo: EPA/Someone)\n\n(Reuters) - Rivers rose.", "Reuters", "", nil},
		{"weekday after name", "Two diplomats told Reuters Wednesday that the vote was delayed.", "", "", []string{"Reuters"}},
		{"longer name is someone else", "Researchers at the Reuters Institute said trust fell.", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Attribute(Normalize(tt.text))
			if a.Outlet != tt.outlet {
				t.Errorf("outlet %q (%s), want %q", a.Outlet, a.OutletEvidence, tt.outlet)
			}
			if tt.outlet != "" && a.OutletEvidence == "" {
				t.Errorf("outlet without evidence")
			}
			if a.Dateline != tt.dateline {
				t.Errorf("dateline %q, want %q", a.Dateline, tt.dateline)
			}
			want := tt.cited
			if want == nil {
				want = []string{}
			}
			if got := citedNames(a); !slices.Equal(got, want) {
				t.Errorf("cited %q, want %q", got, want)
			}
			for _, c := range a.Cited {
				if c.Evidence == "" {
					t.Errorf("citation %s without evidence", c.Outlet)
				}
			}
		})
	}
}

func TestOutletFromURL(t *testing.T) {
	tests := []struct {
		url, name string
		known     bool
	}{
		{"https://www.reuters.com/world/x", "Reuters", true},
		{"https://www.politico.eu/article/y/", "POLITICO", true},
		{"https://apnews.com/article/z", "AP", true},
		{"https://www.bbc.co.uk/news/world-1", "BBC", true},
		{"https://edition.cnn.com/2024/01/01/x", "CNN", true},
		{"https://news.example.co.uk/a", "example.co.uk", false},
		{"not a url", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			name, ev, known := OutletFromURL(tt.url)
			if name != tt.name || known != tt.known || (name != "" && ev == "") {
				t.Errorf("OutletFromURL = %q %q %v, want %q %v", name, ev, known, tt.name, tt.known)
			}
		})
	}
}

func TestOutletTable(t *testing.T) {
	if len(outlets) < 100 {
		t.Errorf("outlet table has %d entries, want 100+", len(outlets))
	}
	agencies := 0
	for _, o := range outlets {
		if o.Agency {
			agencies++
		}
		if got := CanonicalOutlet(strings.ToUpper(o.Name)); isShortCaps(o.Name) && got != o.Name {
			t.Errorf("CanonicalOutlet(%q) = %q", strings.ToUpper(o.Name), got)
		}
	}
	if agencies < 40 {
		t.Errorf("%d agencies, want 40+", agencies)
	}
	for in, want := range map[string]string{"Politico": "POLITICO", "politico": "POLITICO", "Associated Press": "AP", "Ap": "Ap", "Unknown Gazette": "Unknown Gazette"} {
		if got := CanonicalOutlet(in); got != want {
			t.Errorf("CanonicalOutlet(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Example.com/a/b/?utm_source=x&utm_medium=y#frag", "https://example.com/a/b"},
		{"http://example.com:80/", "http://example.com/"},
		{"https://example.com", "https://example.com/"},
		{"https://example.com/p?b=2&a=1&fbclid=z", "https://example.com/p?a=1&b=2"},
		{"https://user:pw@example.com:8443/x//", "https://example.com:8443/x"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"ftp://x/y", "/relative", "mailto:a@b", "http://"} {
		if _, err := CanonicalURL(bad); err == nil {
			t.Errorf("CanonicalURL(%q) should fail", bad)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2024, 2, 21, 0, 0, 0, 0, time.UTC)
	for _, s := range []string{"2024-02-21", "February 21, 2024", "Feb 21, 2024", "21 February 2024", "21.02.2024", "Wednesday, February 21, 2024", "21st February 2024", "2024/02/21", "21 february 2024"} {
		t.Run(s, func(t *testing.T) {
			got, err := ParseDate(s)
			if err != nil || !got.Equal(want) {
				t.Errorf("ParseDate(%q) = %v, %v", s, got, err)
			}
		})
	}
	wantT := time.Date(2024, 2, 21, 13, 4, 5, 0, time.UTC)
	for _, s := range []string{"2024-02-21T14:04:05+01:00", "Wed, 21 Feb 2024 13:04:05 GMT", "Wed, 21 Feb 2024 14:04:05 +0100", "2024-02-21 13:04:05", "1708520645"} {
		t.Run(s, func(t *testing.T) {
			got, err := ParseDate(s)
			if err != nil || !got.Equal(wantT) {
				t.Errorf("ParseDate(%q) = %v, %v", s, got, err)
			}
		})
	}
	for _, bad := range []string{"", "yesterday", "32.13.2024"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) should fail", bad)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"crlf and blank runs", "Title\r\n\r\n\r\nBody  one.\r\nBody two.", "Title\n\nBody one.\n\nBody two."},
		{"nbsp and zero width", "A\u00a0B\u200bC\ufeff D\t\tE", "A BC D E"},
		{"nfc", "Karin\u0303s", "Kariñs"},
		{"hard wrapped block joined", "This is a paragraph that has been wrapped at a\nfixed width by an old mail program so that\nevery line is short and none ends a sentence.\n\nNext.", "This is a paragraph that has been wrapped at a fixed width by an old mail program so that every line is short and none ends a sentence.\n\nNext."},
		{"controls dropped", "a\x00b\x07c", "abc"},
		{"trim", "\n\n  x  \n\n", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("not idempotent: %q -> %q", got, again)
			}
		})
	}
}

func TestBoilerplate(t *testing.T) {
	text := Normalize("Donald and Mark (Photo: EPA/SOMEONE)\nReal copy starts here, with a sentence that says things.\nRead also: Another story\nShare this article\nFollow us on Twitter\nSubscribe to our newsletter\nAdvertisement\n© 2024 Example Media. All rights reserved.\nThe minister said the plan (Photo credit: Jane Roe) would work.\nRead more about the unrelated history of the question, which is a long paragraph of real copy that happens to start with two words that look like a prompt but runs on for well over two hundred characters so it is kept as copy and not marked.")
	spans := Boilerplate(text)
	var reasons []string
	for _, s := range spans {
		reasons = append(reasons, s.Reason+": "+text[s.Start:s.End])
	}
	want := []string{
		"photo credit: Donald and Mark (Photo: EPA/SOMEONE)",
		"related link: Read also: Another story",
		"share prompt: Share this article",
		"share prompt: Follow us on Twitter",
		"subscription prompt: Subscribe to our newsletter",
		"advertisement: Advertisement",
		"copyright: © 2024 Example Media. All rights reserved.",
		"photo credit: (Photo credit: Jane Roe)",
	}
	if !slices.Equal(reasons, want) {
		t.Errorf("spans:\n%s\nwant:\n%s", strings.Join(reasons, "\n"), strings.Join(want, "\n"))
	}
}

func TestSplitTitle(t *testing.T) {
	tests := []struct {
		name, in, title string
		derived         bool
	}{
		{"headline", "Dock workers strike\n\nThe union said so.", "Dock workers strike", false},
		{"headline with question", "Will the bridge reopen?\nWork continues.", "Will the bridge reopen?", false},
		{"long sentence", "The city council voted on Thursday to expand the night bus network to six new routes from September, a move campaigners said was long overdue.\nMore.", "The city council voted on Thursday to expand the night bus network to six new routes from September, a move campaigners…", true},
		{"credit stripped", "(Reuters) - Oil rose. Prices fell later.", "Oil rose", true},
		{"dateline stripped", "BRUSSELS — Ministers met. Talks went on.", "Ministers met", true},
		{"caption skipped", "Two men talk (Photo: AFP/X)\n\nThe talks began on Monday. They ended late.", "The talks began on Monday", true},
		{"single line", "Just one line here", "Just one line here", true},
		{"markdown heading", "# Bridge reopens\n\nTraffic flows again.", "Bridge reopens", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, body, derived := SplitTitle(Normalize(tt.in))
			if title != tt.title || derived != tt.derived {
				t.Errorf("SplitTitle = %q, %v; want %q, %v", title, derived, tt.title, tt.derived)
			}
			if strings.TrimSpace(body) == "" {
				t.Errorf("empty body")
			}
		})
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The government announced on Tuesday that it would raise taxes on fuel to pay for new railway lines.", "en"},
		{"Die Regierung kündigte am Dienstag an, die Steuern auf Kraftstoff zu erhöhen, um neue Bahnstrecken zu bezahlen.", "de"},
		{"Le gouvernement a annoncé mardi qu'il augmenterait les taxes sur le carburant pour financer de nouvelles lignes.", "fr"},
		{"Правительство объявило во вторник, что повысит налоги на топливо, чтобы оплатить новые железные дороги.", "ru"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			l, ok := DetectLanguage(tt.text)
			if !ok || l.Code != tt.want || !strings.Contains(l.Evidence, "confidence") || l.Confidence <= 0 {
				t.Errorf("DetectLanguage = %+v %v, want %q", l, ok, tt.want)
			}
		})
	}
	if _, ok := DetectLanguage("ok"); ok {
		t.Errorf("too short text should not be detected")
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"a\r\nb", "x\u00a0\u200by", "line one\nline two\n\n\npara", "\xff\xfe", "Karin\u0303s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if Normalize(n) != n {
			t.Errorf("not idempotent on %q", s)
		}
		if strings.Contains(n, "\n\n\n") || strings.Contains(n, "  ") {
			t.Errorf("not normal: %q", n)
		}
		for _, sp := range Boilerplate(n) {
			if sp.Start < 0 || sp.End > len(n) || sp.Start >= sp.End {
				t.Errorf("bad span %+v", sp)
			}
		}
	})
}

func FuzzAttribute(f *testing.F) {
	for _, s := range []string{"(Bloomberg) -- x", "WASHINGTON (AP) — y", "z /BTA", "told POLITICO Monday", "By A B, Reuters\n\nx", "according to the Kyiv Post"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Attribute(s)
		for _, c := range a.Cited {
			if a.Outlet != "" && strings.EqualFold(c.Outlet, a.Outlet) {
				t.Errorf("outlet %q also cited", a.Outlet)
			}
		}
		_, _, _ = SplitTitle(s)
		_ = StripCredit(s)
	})
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{"https://a.com/x/?utm_x=1#f", "http://[::1]:80/", "https://a.com/%2F/", "http://a.com?b&a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := CanonicalURL(s)
		if err != nil {
			return
		}
		c2, err := CanonicalURL(c)
		if err != nil || c2 != c {
			t.Errorf("not idempotent: %q -> %q -> %q (%v)", s, c, c2, err)
		}
		_, _, _ = OutletFromURL(s)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-21", "February 21, 2024", "Wed, 21 Feb 2024 13:04:05 GMT", "1708520645"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tm, err := ParseDate(s); err == nil && tm.Location() != time.UTC {
			t.Errorf("ParseDate(%q) not UTC", s)
		}
	})
}

func BenchmarkAttribute(b *testing.B) {
	text := Normalize(strings.Repeat("WASHINGTON (AP) — Congress passed the bill on Tuesday, officials told reporters, according to people familiar with the matter. The Kathmandu Post reported that talks continued, and Bloomberg writes that markets rose.\n", 15))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Attribute(text)
	}
}
