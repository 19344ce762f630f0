// Package claim extracts the claims each sentence of a story makes, groups
// the same claim restated across articles, finds where the articles
// contradict each other, and builds the stance board: who backs, opposes or
// hesitates over the story's target, with every piece of evidence cited.
//
// Inputs are plain structs filled from the other analysis stages (resolved
// entity mentions, temporal expressions, provenance lineages); Input can be
// built from articles with BuildInput. Everything is a pure function of its
// inputs: no I/O, no package state but read-only lexicons.
package claim

import (
	"encoding/json"
	"math"
	"time"

	"github.com/crosscheck/crosscheck/internal/text"
)

// Mention is one resolved entity mention in an article.
type Mention struct {
	Text  string `json:"text"`            // surface text, role phrase included
	Start int    `json:"start"`           // byte offset in Doc.Text
	End   int    `json:"end"`             // byte offset, exclusive
	Type  string `json:"type"`            // PERSON, ORG, GPE, LOC, EVENT
	Name  string `json:"name"`            // the resolved entity's name, the same in every article
	Role  string `json:"role,omitempty"`  // role or title given in the mention ("US President")
	Place string `json:"place,omitempty"` // the place a demonym, metonym or role stands for
}

// TimeRef is one temporal expression in an article (see package timex).
type TimeRef struct {
	Text        string `json:"text"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Type        string `json:"type"`  // DATE, TIME, DURATION, SET
	Value       string `json:"value"` // TIMEX3 value: 2024-07, 2024-Q1, 2024-SU ...
	Granularity string `json:"granularity,omitempty"`
	Tense       string `json:"tense,omitempty"`
}

// Doc is one article as claim analysis needs it.
type Doc struct {
	ID        string
	Outlet    string
	Published time.Time
	Text      string
	Sentences []text.Sentence // optional: computed from Text when nil
	Entities  []Mention       // resolved mentions, any order
	Times     []TimeRef       // temporal expressions, any order
}

// Input is one story: its articles and their provenance lineages (groups of
// article ids that copy or rewrite one another and so count as one source).
type Input struct {
	Docs     []Doc
	Lineages [][]string
}

// Quantity is a number as a claim states it, with its approximation.
type Quantity struct {
	Text   string  `json:"text"`             // as written: "over 20", "two-thirds of 31"
	Value  float64 `json:"value"`            // the number, or the fraction (0.667) when Ratio
	Approx string  `json:"approx"`           // exact, over, under, about, fraction
	Of     float64 `json:"of,omitempty"`     // the whole a fraction or "18 of 31" refers to, when stated
	Unit   string  `json:"unit,omitempty"`   // percent, or the counted noun ("allies")
	Low    float64 `json:"low"`              // the range the statement allows
	High   float64 `json:"-"`                // +Inf for "over 20"; in JSON "high", null when unbounded
	Ratio  bool    `json:"ratio,omitempty"`  // a fraction whose whole is unknown
	Head   string  `json:"head,omitempty"`   // stem of the counted noun
	Offset int     `json:"offset,omitempty"` // byte offset in the sentence
}

// MarshalJSON writes High as "high", null when the range is unbounded
// (JSON has no infinity).
func (q Quantity) MarshalJSON() ([]byte, error) {
	type plain Quantity
	var high *float64
	if !math.IsInf(q.High, 0) && !math.IsNaN(q.High) {
		high = &q.High
	}
	return json.Marshal(struct {
		plain
		High *float64 `json:"high"`
	}{plain(q), high})
}

// Attribution says who a claim is credited to.
type Attribution struct {
	Source string `json:"source"`           // "a NATO official", "Bloomberg", "people familiar with the matter"
	Cue    string `json:"cue"`              // the reporting phrase: said, according to, told
	Entity string `json:"entity,omitempty"` // resolved entity name of the source, if any
}

// Span is a byte range of a claim's sentence.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Claim is what one sentence asserts.
type Claim struct {
	ID          string       `json:"id"` // article id + "#" + sentence index
	Article     string       `json:"article"`
	Sentence    int          `json:"sentence"`
	Text        string       `json:"text"`
	Start       int          `json:"start"` // byte offsets of the sentence in Doc.Text
	End         int          `json:"end"`
	Subject     string       `json:"subject,omitempty"`
	Predicate   string       `json:"predicate,omitempty"`
	Object      string       `json:"object,omitempty"`
	Negated     bool         `json:"negated"`
	Modality    string       `json:"modality"` // asserted or hedged
	Hedges      []string     `json:"hedges,omitempty"`
	Quantities  []Quantity   `json:"quantities,omitempty"`
	Times       []TimeRef    `json:"times,omitempty"`
	Attribution *Attribution `json:"attribution,omitempty"`
	Quotes      []Span       `json:"quotes,omitempty"` // quoted spans, offsets in Text
	Entities    []string     `json:"entities,omitempty"`

	mentions []Mention // the sentence's mentions, offsets relative to the sentence
	outlet   string
	pub      time.Time
}

// Claim group statuses.
const (
	Agreed       = "agreed"        // two or more independent lineages
	SingleSource = "single-source" // one lineage, however many copies
	Disputed     = "disputed"      // contradicted by another group
)

// Support is one sentence that backs a claim group.
type Support struct {
	Article   string    `json:"article"`
	Outlet    string    `json:"outlet,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Text      string    `json:"text"`
	Hedged    bool      `json:"hedged,omitempty"`
	Source    string    `json:"source,omitempty"` // who the sentence credits: "Bloomberg", "a NATO official"
}

// Group is one claim restated across articles.
type Group struct {
	Text               string    `json:"text"`
	Status             string    `json:"status"`
	Articles           []string  `json:"articles"`
	IndependentSources int       `json:"independent_sources"`
	Kind               string    `json:"kind,omitempty"` // what linked the sentences: paraphrase, anchor, stance, rule, candidacy, schedule
	Key                string    `json:"key,omitempty"`
	Supports           []Support `json:"supports"`

	claims []*Claim
}

// Conflict kinds.
const (
	OppositePolarity     = "opposite-polarity"
	OpposedPredicates    = "opposed-predicates"
	IncompatibleQuantity = "incompatible-quantity"
	IncompatibleDate     = "incompatible-date"
	MutuallyExclusive    = "mutually-exclusive"
)

// Side is one side of a conflict: the sentences that say it.
type Side struct {
	Claim     string      `json:"claim"` // what this side says, in short
	Text      string      `json:"text"`  // the first sentence, for one-line displays
	Articles  []string    `json:"articles"`
	Outlets   []string    `json:"outlets"`   // of each article, "" when unknown
	Published []time.Time `json:"published"` // of each article, zero when unknown
	Evidence  []Support   `json:"evidence"`
}

// Conflict is one point on which the articles disagree.
type Conflict struct {
	Topic string `json:"topic"`
	Kind  string `json:"kind"`
	Sides []Side `json:"sides"`
	// PossibleChange is set when the sides were published far apart: the
	// later reports may record a change over time rather than a dispute.
	PossibleChange bool `json:"possible_change"`
}

// Stance values.
const (
	StanceSupport     = "support"
	StanceOppose      = "oppose"
	StanceConditional = "conditional"
	StanceUndecided   = "undecided"
	StanceDisputed    = "disputed"
)

// Evidence is one sentence giving an actor's stance.
type Evidence struct {
	Article   string    `json:"article"`
	Outlet    string    `json:"outlet,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Text      string    `json:"text"`
	Stance    string    `json:"stance"` // what this sentence alone says
	Hedged    bool      `json:"hedged,omitempty"`
	Source    string    `json:"source,omitempty"` // who the sentence credits
	Cue       string    `json:"cue"`              // the words that carry the stance
}

// StanceRow is one actor's stance on one target.
type StanceRow struct {
	Actor     string     `json:"actor"`
	Aliases   []string   `json:"aliases,omitempty"` // other wordings merged into this row ("over 20 NATO allies")
	ActorType string     `json:"actor_type"`        // GPE, ORG, PERSON, GROUP
	Quantity  *Quantity  `json:"quantity,omitempty"`
	Target    string     `json:"target"`
	Stance    string     `json:"stance"`
	Evidence  []Evidence `json:"evidence"`
}

// Rule is a decision rule the text states ("must be unanimous among the 31
// allies"), with the tally the stance evidence supports.
type Rule struct {
	Text      string   `json:"text"`
	Kind      string   `json:"kind"` // unanimity, consensus, majority
	Members   int      `json:"members,omitempty"`
	Needed    int      `json:"needed,omitempty"`
	Articles  []string `json:"articles"`
	Tally     Tally    `json:"tally"`
	Satisfied bool     `json:"satisfied"`
}

// Tally counts the members whose stance the evidence gives.
type Tally struct {
	Support     int      `json:"support"`  // at least this many (quantified groups and named actors)
	Against     int      `json:"against"`  // opposed or holding back
	Disputed    int      `json:"disputed"` // named actors the sources disagree on
	Unknown     int      `json:"unknown"`  // members without evidence
	SupportFrom []string `json:"support_from,omitempty"`
	AgainstFrom []string `json:"against_from,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// Result is the claim analysis of one story.
type Result struct {
	Target    string      `json:"target,omitempty"`
	Claims    []Group     `json:"claims"`
	Conflicts []Conflict  `json:"conflicts"`
	Stances   []StanceRow `json:"stances"`
	Rules     []Rule      `json:"rules"`
}
