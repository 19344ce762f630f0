package text

import (
	"reflect"
	"testing"
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
		{"quote closes", `He said "it is done." Then he left.`, []string{`He said "it is done."`, "Then he left."}},
		{"newline", "Headline here\nBody starts. Ends.", []string{"Headline here", "Body starts.", "Ends."}},
		{"initialism ends", "It was sent to the U.S. The next day it came back.", []string{"It was sent to the U.S.", "The next day it came back."}},
		{"decimal", "Growth was 2.5 percent. Good.", []string{"Growth was 2.5 percent.", "Good."}},
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
	for in, want := range map[string]string{"Kariņš": "karins", "Krišjānis": "krisjanis", "NATO": "nato", "Зеленский": "zelenskii"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTokensAndTerms(t *testing.T) {
	toks := Tokens("Rutte’s bid, U.S. support: 31,000 allies don't-care.")
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Text)
	}
	want := []string{"Rutte’s", "bid", "U.S", "support", "31,000", "allies", "don't-care"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
	terms := Terms("The allies are supporting Rutte’s bid")
	wantTerms := []string{"alli", "support", "rutt", "bid"}
	if !reflect.DeepEqual(terms, wantTerms) {
		t.Errorf("Terms = %q, want %q", terms, wantTerms)
	}
}
