package text

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "One here. Two there.", []string{"One here.", "Two there."}},
		{"initialism before title", "U.S. Ambassador to NATO Julianne Smith said so. Then more.", []string{"U.S. Ambassador to NATO Julianne Smith said so.", "Then more."}},
		{"honorific", "Meanwhile, Gen. Onno Smith said it. Next.", []string{"Meanwhile, Gen. Onno Smith said it.", "Next."}},
		{"doctor", "Council member Dr. José Álvarez objected. Others agreed.", []string{"Council member Dr. José Álvarez objected.", "Others agreed."}},
		{"initial", "The author J. R. Tolkien wrote it. Fine.", []string{"The author J. R. Tolkien wrote it.", "Fine."}},
		{"quote closes", `He said "it is done." Then he left.`, []string{`He said "it is done."`, "Then he left."}},
		{"curly quote closes", "He said “it is done.” Then he left.", []string{"He said “it is done.”", "Then he left."}},
		{"quotation spanning two sentences", `"We keep paying for the past. The water keeps rising," he said. Next one.`, []string{`"We keep paying for the past.`, `The water keeps rising," he said.`, "Next one."}},
		{"quote opens next sentence", `He left. "It was time," she said.`, []string{"He left.", `"It was time," she said.`}},
		{"question in quote then attribution", `"Why now?" he asked. Nobody knew.`, []string{`"Why now?" he asked.`, "Nobody knew."}},
		{"exclamation", "Stop! Go now.", []string{"Stop!", "Go now."}},
		{"newline", "Headline here\nBody starts. Ends.", []string{"Headline here", "Body starts.", "Ends."}},
		{"blank line", "Headline here\n\nBody starts.", []string{"Headline here", "Body starts."}},
		{"dateline headline", "Race for the Top Job\nRutte is not the only one.", []string{"Race for the Top Job", "Rutte is not the only one."}},
		{"hard wrapped", "The council voted on\nTuesday to spend\nmoney on the pier. It passed.", []string{"The council voted on\nTuesday to spend\nmoney on the pier.", "It passed."}},
		{"hard wrap stops at blank line", "ends here without period\n\nand lower case next", []string{"ends here without period", "and lower case next"}},
		{"initialism ends", "It was sent to the U.S. The next day it came back.", []string{"It was sent to the U.S.", "The next day it came back."}},
		{"time of day", "They meet at 6 p.m. The vote follows.", []string{"They meet at 6 p.m.", "The vote follows."}},
		{"decimal", "Growth was 2.5 percent. Good.", []string{"Growth was 2.5 percent.", "Good."}},
		{"number sign", "He lives at No. 10 Downing Street. Yes.", []string{"He lives at No. 10 Downing Street.", "Yes."}},
		{"said no", "She said no. Then she left.", []string{"She said no.", "Then she left."}},
		{"list number", "1. First point here.\n2. Second point.", []string{"1. First point here.", "2. Second point."}},
		{"year ends sentence", "It began in 2014. Russia invaded.", []string{"It began in 2014.", "Russia invaded."}},
		{"ellipsis lower", "we encourage ... the mission to answer.", []string{"we encourage ... the mission to answer."}},
		{"lower after period", "Use e.g. this one. Done.", []string{"Use e.g. this one.", "Done."}},
		{"credit line", "(Bloomberg) -- Countries back him. More.", []string{"(Bloomberg) -- Countries back him.", "More."}},
		{"chinese", "这是第一句。这是第二句！「第三句？」", []string{"这是第一句。", "这是第二句！", "「第三句？」"}},
		{"hindi danda", "यह पहला वाक्य है। यह दूसरा है।", []string{"यह पहला वाक्य है।", "यह दूसरा है।"}},
		{"empty", "", nil},
		{"spaces only", "  \n\n ", nil},
		{"no terminator", "just words", []string{"just words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				if tt.in[s.Start:s.End] != s.Text {
					t.Fatalf("offsets %d:%d give %q, want %q", s.Start, s.End, tt.in[s.Start:s.End], s.Text)
				}
				got = append(got, s.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kariņš", "karins"},
		{"Krišjānis", "krisjanis"},
		{"NATO", "nato"},
		{"Зеленский", "zelenskii"},
		{"already", "already"},
		{"Sørensen", "sorensen"},
		{"Álvarez", "alvarez"},
		{"中国", "zhong guo"},
		{"北", "bei"},
		{"Kari\u0146s\u030c", "karins"}, // n with cedilla precomposed, s + combining caron
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"mixed", "Rutte’s bid, U.S. support: 31,000 allies don't-care.", []string{"Rutte’s", "bid", "U.S", "support", "31,000", "allies", "don't-care"}},
		{"comma between words splits", "red,green", []string{"red", "green"}},
		{"decimal", "2.5 percent", []string{"2.5", "percent"}},
		{"diacritics", "Krišjānis Kariņš", []string{"Krišjānis", "Kariņš"}},
		{"combining mark", "Kari\u0146s\u030c", []string{"Kari\u0146s\u030c"}},
		{"cyrillic", "Зеленский сказал", []string{"Зеленский", "сказал"}},
		{"han per character", "在北京Beijing会谈", []string{"在", "北", "京", "Beijing", "会", "谈"}},
		{"trailing joiner", "end- and 'quoted'", []string{"end", "and", "quoted"}},
		{"dash", "Bloomberg -- Countries", []string{"Bloomberg", "Countries"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range Tokens(tt.in) {
				if tt.in[tk.Start:tk.End] != tk.Text {
					t.Fatalf("offsets %d:%d give %q, want %q", tk.Start, tk.End, tt.in[tk.Start:tk.End], tk.Text)
				}
				got = append(got, tk.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"stems and stop words", "The allies are supporting Rutte’s bid", []string{"alli", "support", "rutt", "bid"}},
		{"folded names", "Kariņš and Karins", []string{"karin", "karin"}},
		{"numbers kept", "In 2014 about 31,000 came", []string{"2014", "31,000", "came"}},
		{"possessive ascii", "NATO's chief", []string{"nato", "chief"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terms(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestStemAndStopwords(t *testing.T) {
	stems := []struct{ in, want string }{
		{"running", "run"}, {"allies", "alli"}, {"nominated", "nomin"}, {"nomination", "nomin"}, {"cat", "cat"}, {"2024s", "2024s"},
	}
	for _, tt := range stems {
		t.Run("stem "+tt.in, func(t *testing.T) {
			if got := Stem(tt.in); got != tt.want {
				t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	for w, want := range map[string]bool{"the": true, "said": true, "nato": false, "pier": false} {
		if got := IsStopword(w); got != want {
			t.Errorf("IsStopword(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestIsNumberIsCapitalised(t *testing.T) {
	for tok, want := range map[string]bool{"2014": true, "31,000": true, "2.5": true, "U.S": false, "": false, ".": false} {
		if got := IsNumber(tok); got != want {
			t.Errorf("IsNumber(%q) = %v, want %v", tok, got, want)
		}
	}
	for tok, want := range map[string]bool{"Kariņš": true, "Éire": true, "nato": false, "": false, "2014": false} {
		if got := IsCapitalised(tok); got != want {
			t.Errorf("IsCapitalised(%q) = %v, want %v", tok, got, want)
		}
	}
}

func TestArticleFixture(t *testing.T) {
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	ss := Sentences(string(b))
	want := []string{
		"Harbour city votes to rebuild old pier after storm damage",
		"PORTVALE — The city council of Portvale voted 7-2 on Tuesday to spend $4.5 million rebuilding the historic Mill Street pier, which was badly damaged by a winter storm in January.",
		`"This pier is part of who we are.`,
		`We are not going to let it fall into the sea," Mayor Ana Sørensen told reporters after the vote.`,
	}
	for i, w := range want {
		if ss[i].Text != w {
			t.Errorf("sentence %d = %q, want %q", i, ss[i].Text, w)
		}
	}
	if len(ss) != 15 {
		for _, s := range ss {
			t.Log(s.Text)
		}
		t.Errorf("got %d sentences, want 15", len(ss))
	}
}

func FuzzSentences(f *testing.F) {
	for _, s := range []string{"One. Two.", "U.S. Ambassador said.\nNext", `"A. B," he said. “C.”`, "1. x\n\n2. y", "a\nb", "…", "\xff. A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, x := range Sentences(s) {
			if x.Start < prev || x.End > len(s) || x.Start >= x.End || s[x.Start:x.End] != x.Text {
				t.Fatalf("bad sentence %+v in %q", x, s)
			}
			if strings.TrimSpace(x.Text) != x.Text {
				t.Fatalf("untrimmed sentence %q", x.Text)
			}
			prev = x.End
		}
	})
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Rutte’s bid, U.S. 31,000", "Kari\u0146s\u030c", "a-", "-a", "1,", "\xff\xfe", "x'y'z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, tk := range Tokens(s) {
			if tk.Start < prev || tk.End > len(s) || tk.Start >= tk.End || s[tk.Start:tk.End] != tk.Text {
				t.Fatalf("bad token %+v in %q", tk, s)
			}
			prev = tk.End
			if utf8.ValidString(tk.Text) {
				_ = Fold(tk.Text)
			}
		}
		_ = Terms(s)
	})
}

func benchText(b *testing.B) string {
	data, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

func BenchmarkSentences(b *testing.B) {
	s := benchText(b)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Sentences(s)
	}
}

func BenchmarkTokens(b *testing.B) {
	s := benchText(b)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Tokens(s)
	}
}

func BenchmarkTerms(b *testing.B) {
	s := benchText(b)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Terms(s)
	}
}
