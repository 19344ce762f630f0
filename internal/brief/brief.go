// Package brief defines the brief: the one document that tells a story's
// cited picture (summary, entities, claims, disputes, stances, timeline,
// provenance, what each report adds), and renders it as terminal Markdown and
// as a standalone HTML page with the provenance graph drawn in SVG.
//
// The JSON form of Brief is the API's and the export's format: field names
// are stable. The brief is filled by the pipeline from the analysis packages'
// outputs; this package only holds and renders it.
package brief

import "time"

// Brief is the cited picture of one story.
type Brief struct {
	// Story names the story and lists its articles; citations elsewhere
	// are article ids from Story.Articles.
	Story Story `json:"story"`
	// Summary is the extractive summary, in publication order.
	Summary []Sentence `json:"summary"`
	// Entities are the people, places and organisations, merged across
	// spelling variants.
	Entities []Entity `json:"entities"`
	// Claims are the claim groups: statements restated across articles.
	Claims []Claim `json:"claims"`
	// Conflicts are the points on which the articles disagree.
	Conflicts []Conflict `json:"conflicts"`
	// Stances is the stance board: who is for or against what.
	Stances []Stance `json:"stances"`
	// Rules are decision rules the reports state, with the stance tally.
	Rules []Rule `json:"rules"`
	// Timeline lists the dated events, earliest first.
	Timeline []Event `json:"timeline"`
	// Provenance lists who copied, derived from or cites whom.
	Provenance []Relation `json:"provenance"`
	// Novelty says what each article adds to those published before it.
	Novelty []Novelty `json:"novelty"`
	// Coverage says, per outlet, which claims it reports and leaves out.
	Coverage []Coverage `json:"coverage"`
	// Generated is when the brief was made.
	Generated time.Time `json:"generated"`
}

// Story identifies the story and its articles.
type Story struct {
	// ID is the story id ("s000001").
	ID string `json:"id"`
	// Title is the story's headline.
	Title string `json:"title"`
	// Articles are the story's reports in publication order; a citation
	// [n] in the renderings is the n-th of them.
	Articles []Article `json:"articles"`
}

// Article is one report of the story.
type Article struct {
	// ID is the article id used by every citation.
	ID string `json:"id"`
	// Title is the article's headline.
	Title string `json:"title"`
	// Outlet is the publisher's name, empty when unknown.
	Outlet string `json:"outlet"`
	// Published is the publication time, omitted when unknown.
	Published time.Time `json:"published,omitzero"`
	// URL is where the article was read, empty for local files.
	URL string `json:"url,omitempty"`
}

// Sentence is one summary sentence with the articles that state it.
type Sentence struct {
	// Text is the sentence as the summary shows it.
	Text string `json:"text"`
	// Citations are the ids of every article that states the sentence.
	Citations []string `json:"citations"`
	// Evidence gives, per cited article, the passage that supports it.
	Evidence []Support `json:"evidence,omitempty"`
}

// Support is the passage of one article that backs a summary sentence.
type Support struct {
	// Article is the cited article's id.
	Article string `json:"article"`
	// Text is the article's sentence aligned with the summary sentence.
	Text string `json:"text"`
	// Score is the alignment score, 0 to 1.
	Score float64 `json:"score"`
}

// Entity is one person, place, organisation or group of the story.
type Entity struct {
	// Name is the canonical (most complete, most frequent) name.
	Name string `json:"name"`
	// Type is PERSON, ORG, GPE, GROUP or MISC.
	Type string `json:"type"`
	// Variants are the other spellings found (transliterations, misspellings, short forms).
	Variants []string `json:"variants"`
	// Roles are the titles and roles the reports give ("prime minister").
	Roles []string `json:"roles"`
	// Articles are the ids of the articles that mention the entity.
	Articles []string `json:"articles"`
}

// Claim statuses.
const (
	Agreed       = "agreed"        // stated by two or more independent lineages
	SingleSource = "single-source" // one lineage, however many copies
	Disputed     = "disputed"      // contradicted by another claim
)

// Claim is one statement restated across articles.
type Claim struct {
	// Text is the claim in the words of its first report.
	Text string `json:"text"`
	// Status is agreed, single-source or disputed.
	Status string `json:"status"`
	// Articles are the ids of the articles that state it.
	Articles []string `json:"articles"`
	// IndependentSources counts the independent lineages among Articles:
	// copies of one report count once.
	IndependentSources int `json:"independent_sources"`
}

// Conflict is one point on which the articles disagree.
type Conflict struct {
	// Topic names what is disputed ("Turkey's position").
	Topic string `json:"topic"`
	// Kind says how the sides clash (opposite-polarity,
	// incompatible-quantity, incompatible-date ...), empty when unknown.
	Kind string `json:"kind,omitempty"`
	// Sides are the competing versions, each with its sources.
	Sides []Side `json:"sides"`
	// PossibleChange is set when the sides were published far apart: the
	// later reports may record a change rather than a dispute.
	PossibleChange bool `json:"possible_change,omitempty"`
}

// Side is one version of a disputed point.
type Side struct {
	// Text is a sentence that states this side.
	Text string `json:"text"`
	// Articles are the ids of the articles on this side.
	Articles []string `json:"articles"`
	// Published is when this side was first published, omitted when unknown.
	Published time.Time `json:"published,omitzero"`
	// Claim says in short what this side holds.
	Claim string `json:"claim,omitempty"`
	// Outlets are the outlets of Articles, where known.
	Outlets []string `json:"outlets,omitempty"`
	// Evidence holds every sentence on this side, with its article and date.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Stance values.
const (
	StanceSupport     = "support"
	StanceOppose      = "oppose"
	StanceConditional = "conditional"
	StanceUndecided   = "undecided"
	StanceDisputed    = "disputed" // the sources disagree on the actor's stance
)

// Stance is one actor's position on one target.
type Stance struct {
	// Actor is who holds the stance (a country, person, organisation).
	Actor string `json:"actor"`
	// Target is what the stance is about (a candidate, a proposal).
	Target string `json:"target"`
	// Stance is support, oppose, conditional, undecided or disputed.
	Stance string `json:"stance"`
	// Evidence are the sentences that give the stance.
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one sentence that gives a stance.
type Evidence struct {
	// Article is the id of the article the sentence is from.
	Article string `json:"article"`
	// Text is the sentence.
	Text string `json:"text"`
	// Published is the article's publication time, omitted when unknown.
	Published time.Time `json:"published,omitzero"`
}

// Rule is a decision rule a report states ("must be unanimous among the 31
// allies") with the tally that the stance evidence supports.
type Rule struct {
	// Text is the sentence stating the rule.
	Text string `json:"text"`
	// Kind is unanimity, consensus or majority.
	Kind string `json:"kind"`
	// Members is how many decide, 0 when not stated.
	Members int `json:"members,omitempty"`
	// Needed is how many must agree, 0 when not stated.
	Needed int `json:"needed,omitempty"`
	// Articles are the ids of the articles stating the rule.
	Articles []string `json:"articles"`
	// Tally counts the members by stance.
	Tally Tally `json:"tally"`
	// Satisfied is set when the tally meets the rule.
	Satisfied bool `json:"satisfied"`
}

// Tally counts the members of a rule by what the evidence says of them.
type Tally struct {
	Support  int `json:"support"`  // at least this many in favour
	Against  int `json:"against"`  // opposed or holding back
	Disputed int `json:"disputed"` // the sources disagree
	Unknown  int `json:"unknown"`  // no evidence either way
}

// Event is one dated entry of the timeline.
type Event struct {
	// Date is a TIMEX3 value: 2024-02-21, 2024-02, 2024-Q1, 2024-SU, 2024.
	Date string `json:"date"`
	// Granularity is the precision of Date: day, week, month, quarter,
	// season, year, decade.
	Granularity string `json:"granularity"`
	// Text is the statement about what happened then.
	Text string `json:"text"`
	// Articles are the ids of the articles that state it.
	Articles []string `json:"articles"`
	// Disagreement is set when sources give this event different dates:
	// each side with its date, statement and articles.
	Disagreement []DateSide `json:"disagreement,omitempty"`
}

// DateSide is one date a source gives for an event.
type DateSide struct {
	Date     string   `json:"date"`
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// Relation kinds, as in package news.
const (
	KindDuplicate     = "duplicate"
	KindNearDuplicate = "near-duplicate"
	KindDerived       = "derived"
	KindSharedSource  = "shared-source"
	KindCites         = "cites"
)

// Relation is one provenance link between two articles, or from an outlet
// the story's articles cite.
type Relation struct {
	// From is the earlier or cited side: an article id, or
	// "external:<Outlet>" for a cited outlet outside the story.
	From string `json:"from"`
	// To is the later side, an article id.
	To string `json:"to"`
	// Kind is duplicate, near-duplicate, derived, shared-source or cites.
	Kind string `json:"kind"`
	// Direction is "forward" when From was published before To, else "unknown".
	Direction string `json:"direction,omitempty"`
	// Score is the strength of the link: for derived and shared-source, the
	// share of the shorter article that is reused.
	Score float64 `json:"score,omitempty"`
	// Evidence says in words what the link rests on.
	Evidence string `json:"evidence,omitempty"`
	// Passages are aligned sentence pairs that show the link.
	Passages []Passage `json:"passages"`
}

// Passage is one pair of aligned sentences.
type Passage struct {
	// FromText is the sentence in From.
	FromText string `json:"from_text"`
	// ToText is the sentence in To.
	ToText string `json:"to_text"`
	// Match is exact, near-exact, paraphrase or translation.
	Match string `json:"match,omitempty"`
}

// Novelty is what one article adds to the articles published before it.
type Novelty struct {
	// Article is the article's id.
	Article string `json:"article"`
	// Adds are its sentences that no earlier article states.
	Adds []string `json:"adds"`
}

// Coverage is what one outlet reports of the story's claims. It rates
// nothing.
type Coverage struct {
	// Outlet is the outlet's name.
	Outlet string `json:"outlet"`
	// Articles are the ids of its articles in the story.
	Articles []string `json:"articles"`
	// Reports are the texts of the claims it reports.
	Reports []string `json:"reports"`
	// Omits are the texts of claims other outlets report and it does not.
	Omits []string `json:"omits"`
}
