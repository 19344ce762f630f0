package entity

import (
	"strings"
	"testing"
)

// TestSpanMentionHead checks which name, if any, a marked span stands for.
func TestSpanMentionHead(t *testing.T) {
	tests := []struct {
		name, text, span, typ string
		wantName, wantPlace   string // wantName "" means no name: links to nothing by name
	}{
		{"apposition: the head comes last", "Volkswagen parent Porsche SE posted a profit on Monday.", "Volkswagen parent Porsche SE", Org, "Porsche SE", ""},
		{"relational noun makes a modifier", "Volkswagen parent Porsche SE posted a profit on Monday.", "Volkswagen parent", Org, "Porsche SE", ""},
		{"possessor is not the referent", "Ford's American rival General Motors cut prices on Monday.", "Ford's American rival", Org, "General Motors", ""},
		{"place before an organisation's head", "A French carmaker said on Monday that it would cut jobs.", "French carmaker", Org, "", ""},
		{"place before a place's head stays the place", "South Korean officials said the talks went well.", "South Korean officials", GPE, "South Korean", "South Korea"},
		{"coordination is a group", "Microsoft and Google agreed to the rules on Monday.", "Microsoft and Google", Org, "", ""},
		{"a place in a place is the first", "The plant in Toulouse, France employs 500 people.", "Toulouse, France", Loc, "Toulouse", ""},
		{"US is no pronoun", "The US imposed new tariffs on Monday.", "US", GPE, "US", "United States"},
		{"pronoun without antecedent", "We will never give up, the crowd chanted.", "We", Org, "", ""},
		{"first person: the subject before the quote", "Siemens reported higher orders on Monday.\n\"We are confident,\" a spokesman said.", "We", Org, "Siemens", ""},
		{"definite description", "Nestle raised its prices again. The company said demand held up.", "The company", Org, "Nestle", ""},
		{"he: the subject of the sentence before", "Chancellor Olaf Scholz met the press in Berlin. He said the budget would pass.", "He", Person, "Olaf Scholz", ""},
		{"description, then the name", "Shares rose after the Norwegian airline, Wideroe, cut its fares.", "Norwegian airline, Wideroe", Org, "Wideroe", ""},
		{"examples are no apposition", "European carmakers, such as Renault, lost ground.", "European carmakers, such as Renault", Org, "", ""},
		{"role after a name", "Jane Roe, Chairman of Acme Corp, said so on Monday.", "Chairman of Acme Corp", Person, "Jane Roe", ""},
		{"role before a name", "The former chief financial officer, Jane Roe, said so on Monday.", "The former chief financial officer", Person, "Jane Roe", ""},
		{"a post is no person", "Anna Novak stepped down as CEO on Friday after ten years.", "CEO", Person, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Recognize(tt.text)
			at := strings.LastIndex(tt.text, tt.span)
			if at < 0 {
				t.Fatalf("span %q not in text", tt.span)
			}
			m := SpanMention(tt.text, at, at+len(tt.span), tt.typ, ms)
			if m.Name != tt.wantName || tt.wantPlace != "" && m.Place != tt.wantPlace {
				t.Errorf("got name %q place %q local %q role %q, want name %q place %q (found %+v)", m.Name, m.Place, m.Local, m.Role, tt.wantName, tt.wantPlace, ms)
			}
			if tt.wantName == "" && (m.Local != "" || m.Role != "") {
				t.Errorf("a span that names nothing got local %q role %q", m.Local, m.Role)
			}
		})
	}
}

func TestRoleWordsCompoundTitles(t *testing.T) {
	tests := []struct {
		role, head string
	}{
		{"former Chief Operating Officer", "coo"},
		{"the Acme Chief Executive Officer", "ceo"},
		{"chief executive", "ceo"},
		{"defence chief", "chief"},
		{"Foreign Minister", "minister"},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			if h, _ := headAndPlaces(tt.role); h != tt.head {
				t.Errorf("head %q, want %q", h, tt.head)
			}
		})
	}
}

func TestKeysAndAcronyms(t *testing.T) {
	if a, b := nameKey("Procter & Gamble"), nameKey("Procter and Gamble"); a != b {
		t.Errorf("nameKey: %q != %q", a, b)
	}
	tests := []struct {
		a, b string
		want bool
	}{
		{"IBM", "International Business Machines", true},
		{"IBM Corp.", "International Business Machines Corporation", true},
		{"IBM", "Intel", false},
		{"Acme Corp", "Acme Corporation", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := isAcronymOf(tt.a, tt.b); got != tt.want {
				t.Errorf("isAcronymOf(%q, %q) = %v", tt.a, tt.b, got)
			}
		})
	}
}

// TestResolveRoleOnlyNeedsOneHolder: a story's dominant chief executive may
// be "the chief executive" of another article, never "an executive".
func TestResolveRoleOnlyNeedsOneHolder(t *testing.T) {
	holder := Doc{ID: "a", Story: "s"}
	for i := 0; i < 3; i++ {
		holder.Mentions = append(holder.Mentions, Mention{Name: "John Doe", Type: Person, Role: "Acme chief executive", Local: "John Doe"})
	}
	tests := []struct {
		role string
		want bool
	}{
		{"chief executive", true},
		{"executive", false},
		{"chief operating officer", false},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			other := Doc{ID: "b", Story: "s", Mentions: []Mention{{Text: "The " + tt.role, Type: Person, Role: tt.role}}}
			linked := false
			for _, e := range Resolve([]Doc{holder, other}) {
				for _, r := range e.Mentions {
					if r.Article == "b" && e.Name == "John Doe" {
						linked = true
					}
				}
			}
			if linked != tt.want {
				t.Errorf("%q linked to John Doe: %v, want %v", tt.role, linked, tt.want)
			}
		})
	}
}

// FuzzSpanMention: any span of any text gives a mention of that span,
// without panicking on odd punctuation, quotes or bytes.
func FuzzSpanMention(f *testing.F) {
	f.Add("Volkswagen parent Porsche SE posted a profit.", 0, 28)
	f.Add("\"We are confident,\" a spokesman said.", 1, 3)
	f.Add("Toulouse, France, (and) & Co.'s as", 0, 34)
	f.Add("as \xff\xfe CEO", 3, 9)
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		if len(s) == 0 {
			return
		}
		a, b = int(uint(a)%uint(len(s))), int(uint(b)%uint(len(s)+1))
		if a >= b {
			return
		}
		m := SpanMention(s, a, b, Org, Recognize(s))
		if m.Start != a || m.End != b || m.Text != s[a:b] {
			t.Errorf("span %d-%d became %d-%d %q", a, b, m.Start, m.End, m.Text)
		}
	})
}
