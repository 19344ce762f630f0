package claim

import (
	"sort"
	"strings"

	"github.com/crosscheck/crosscheck/internal/text"
)

// clashEdge is two sentences that cannot both be true.
type clashEdge struct {
	kind, topic string
	a, b        *Claim
}

// moneyVerbLemmas are the verbs of giving money, by form.
var moneyVerbLemmas = map[string]string{"pledged": "pledge", "pledges": "pledge", "pledge": "pledge",
	"promised": "promise", "promises": "promise", "committed": "commit", "commits": "commit", "invested": "invest",
	"invests": "invest", "offered": "offer", "offers": "offer", "paid": "pay", "pays": "pay", "raised": "raise",
	"raises": "raise", "donated": "donate", "spent": "spend", "costs": "cost", "cost": "cost"}

// moneyFact is one amount of money a sentence gives, with who it concerns
// and the words around it.
type moneyFact struct {
	c       *Claim
	q       Quantity
	actors  []string        // organisations and people named, not places
	context map[string]bool // content stems within five words of the amount
	verb    string          // lemma of a giving verb near the amount
}

// moneyEdges finds amounts of money that two articles give for the same
// thing and that cannot both hold: the same organisation or person, the
// same currency, shared words around the amounts (what the money is for,
// or a verb of giving), and neither sentence giving the other's figure.
// Translations and rewrites score low as wholes, so this does not wait for
// the sentences to be similar ("pledged €120 million towards the terminal"
// against "promised 210 million euros for the terminal").
func (st *story) moneyEdges() []clashEdge {
	var facts []moneyFact
	places := map[string]bool{}
	for _, d := range st.docs {
		for _, m := range d.Entities {
			if m.Type == "GPE" || m.Type == "LOC" {
				places[m.Name] = true
			}
		}
	}
	for _, ss := range st.sents {
		for _, s := range ss {
			for _, q := range s.c.Quantities {
				if !strings.HasPrefix(q.Head, "money:") || q.Approx != "exact" {
					continue
				}
				f := moneyFact{c: s.c, q: q, context: map[string]bool{}}
				for _, m := range s.c.mentions {
					if (m.Type == "ORG" || m.Type == "PERSON") && m.Name != "" && !places[m.Name] && m.Name != st.target {
						f.actors = appendNew(f.actors, m.Name)
					}
				}
				if len(f.actors) == 0 {
					continue
				}
				k := s.tokenAt(q.Offset)
				e := s.tokenAt(q.Offset + len(q.Text) - 1)
				for j := max(0, k-5); j < len(s.words) && j <= e+5; j++ {
					if j >= k && j <= e {
						continue
					}
					if v := moneyVerbLemmas[s.words[j]]; v != "" && f.verb == "" {
						f.verb = v
					}
					if s.stems[j] != "" && !isCapital(s.toks[j].Text) && !isNumberWord(s.words[j]) {
						f.context[s.stems[j]] = true
					}
				}
				facts = append(facts, f)
			}
		}
	}
	if len(facts) < 2 {
		return nil
	}
	sameActor := func(a, b []string) string {
		for _, x := range a {
			for _, y := range b {
				if x == y || strings.HasPrefix(x, y+" ") || strings.HasPrefix(y, x+" ") {
					if len(y) > len(x) {
						return y
					}
					return x
				}
			}
		}
		return ""
	}
	var out []clashEdge
	seen := map[[2]string]bool{}
	for i := range facts {
		for j := i + 1; j < len(facts); j++ {
			a, b := facts[i], facts[j]
			if a.c.Article == b.c.Article || a.q.Head != b.q.Head || Compatible(a.q, b.q, 0) {
				continue
			}
			who := sameActor(a.actors, b.actors)
			if who == "" {
				continue
			}
			shared := a.verb != "" && b.verb != ""
			for w := range a.context {
				if b.context[w] {
					shared = true
					break
				}
			}
			if !shared || hasCompatible(b.c.Quantities, a.q, 0) || hasCompatible(a.c.Quantities, b.q, 0) {
				continue
			}
			k := [2]string{a.c.ID, b.c.ID}
			if seen[k] {
				continue
			}
			seen[k] = true
			verb := a.verb
			if verb == "" {
				verb = b.verb
			}
			topic := "How much money: " + who + "?"
			if verb != "" {
				topic = "How much did " + who + " " + verb + "?"
			}
			out = append(out, clashEdge{IncompatibleQuantity, topic, a.c, b.c})
		}
	}
	return out
}

// exclusiveWords make their noun the only one of its kind: "the only
// bidder", "a single bidder", "the sole supplier".
var exclusiveWords = map[string]bool{"only": true, "sole": true, "single": true, "lone": true}

// rivalWords say that others compete with an organisation or person.
var rivalWords = map[string]bool{"rival": true, "rivals": true, "competitor": true, "competitors": true,
	"competition": true, "besides": true, "challengers": true, "contenders": true}

// contradictWords report a claim in order to deny it.
var contradictWords = map[string]bool{"contradicts": true, "contradicted": true, "contradict": true,
	"disputes": true, "disputed": true, "denies": true, "denied": true, "refutes": true, "refuted": true}

// exclusiveConflicts finds an organisation or person one article calls
// the only one of its kind ("Acme, the only bidder") and another gives
// rivals or denies it ("Acme is not the only company", "faces two
// rivals"). The story's person target is left to the candidacy reading.
func (st *story) exclusiveConflicts() []Conflict {
	places := map[string]bool{}
	for _, d := range st.docs {
		for _, m := range d.Entities {
			if m.Type == "GPE" || m.Type == "LOC" {
				places[m.Name] = true
			}
		}
	}
	type side struct {
		noun string
		only []*Claim
		not  []*Claim
	}
	by := map[string]*side{}
	var order []string
	key := func(name string) string {
		// "Acme" and "Acme Shipping" are one
		for _, k := range order {
			if k == name || strings.HasPrefix(k, name+" ") {
				return k
			}
			if strings.HasPrefix(name, k+" ") {
				by[name] = by[k]
				delete(by, k)
				for i := range order {
					if order[i] == k {
						order[i] = name
					}
				}
				return name
			}
		}
		order = append(order, name)
		by[name] = &side{}
		return name
	}
	for _, ss := range st.sents {
		for _, s := range ss {
			only, rival, contra := s.exclusiveCues()
			if only < 0 && !rival {
				continue
			}
			negated := only > 1 && (s.words[only-2] == "not" || s.words[only-2] == "no" || s.words[only-1] == "not")
			// who is (or is not) the only one: the nearest organisation or
			// person named before the phrase, else any named
			who := ""
			for _, m := range s.c.mentions {
				if m.Type != "ORG" && m.Type != "PERSON" || m.Name == "" || places[m.Name] || m.Name == st.target {
					continue
				}
				k := s.tokenAt(m.Start)
				if only < 0 || k < only {
					who = m.Name
				}
			}
			if who == "" {
				continue
			}
			noun := ""
			if only >= 0 && only+1 < len(s.words) {
				noun = text.Stem(s.words[only+1])
			}
			sd := by[key(who)]
			switch {
			case contra && !rival && !negated:
				// "That contradicts X, who called Y the only bidder": neither side
			case rival || negated:
				sd.not = append(sd.not, s.c)
			default:
				sd.only = append(sd.only, s.c)
				if sd.noun == "" {
					sd.noun = noun
				}
			}
		}
	}
	var out []Conflict
	for _, who := range order {
		sd := by[who]
		if len(sd.only) == 0 || len(sd.not) == 0 {
			continue
		}
		// an article that reports both keeps only its denial
		deny := map[string]bool{}
		for _, c := range sd.not {
			deny[c.Article] = true
		}
		var only []*Claim
		for _, c := range sd.only {
			if !deny[c.Article] {
				only = append(only, c)
			}
		}
		if len(only) == 0 {
			continue
		}
		// the word after "only" names the kind: "bidder"
		kind := "one"
		for _, c := range only {
			s := prepareSentence(c)
			for i, w := range s.words {
				if exclusiveWords[w] && i+1 < len(s.words) {
					kind = s.words[i+1]
					break
				}
			}
			if kind != "one" {
				break
			}
		}
		sort.SliceStable(only, func(i, j int) bool { return only[i].ID < only[j].ID })
		c := Conflict{Topic: "Is " + who + " the only " + kind + "?", Kind: MutuallyExclusive, Sides: []Side{
			sideOf(who+" is the only "+kind, only), sideOf(who+" has rivals or is not the only "+kind, sd.not)}}
		c.PossibleChange = possibleChange(c.Sides)
		out = append(out, c)
	}
	return out
}
