// Package stance decides whether a text agrees with, disagrees with, discusses
// or ignores a claim. It is used by the stance evaluations (FNC-1 headline
// versus body, Emergent claim versus headline) and by claim agreement inside a
// story. Everything here is a pure function of its inputs; the only trained
// parts are small logistic-regression weight tables embedded as Go literals.
package stance

import (
	"strings"

	"github.com/crosscheck/crosscheck/internal/text"
)

// Cue classes: words that signal how a text relates to what it reports.
const (
	Refute   = iota // denial, debunking: fake, hoax, denied, false
	Hedge           // distance from the claim: reportedly, allegedly, may
	Negation        // not, no, never
	Support         // confirmation: confirmed, officially, true
	Report          // attribution: said, according, told
	numCues
)

// refuteWords mark denial or debunking. Stems would over-match ("false" vs
// "falsely" is fine, "fake" vs "faked" is fine), so both forms are listed.
var refuteWords = map[string]bool{
	"fake": true, "fakes": true, "faked": true, "fraud": true, "fraudulent": true, "hoax": true, "hoaxes": true,
	"false": true, "falsely": true, "deny": true, "denies": true, "denied": true, "denial": true, "denying": true,
	"debunk": true, "debunked": true, "debunks": true, "debunking": true, "refute": true, "refuted": true, "refutes": true,
	"dismiss": true, "dismissed": true, "dismisses": true, "reject": true, "rejected": true, "rejects": true,
	"fabricated": true, "fabrication": true, "satire": true, "satirical": true, "parody": true, "myth": true,
	"untrue": true, "bogus": true, "baseless": true, "unfounded": true, "misleading": true, "doctored": true,
	"photoshopped": true, "prank": true, "rumour": false, "nonsense": true, "lie": true, "lies": true, "lied": true,
	"wrong": true, "incorrect": true, "retract": true, "retracted": true, "retraction": true, "scam": true,
	"doubt": true, "doubts": true, "edited": true, "trolled": true, "fiction": true, "figment": true, "debunked.": true,
	"contrary": true, "disputed": true, "disputes": true, "dispute": true, "contradict": true, "contradicts": true,
	"refusing": false, "misreported": true, "misinformation": true, "disinformation": true, "erroneous": true,
}

// hedgeWords mark a report kept at a distance: the writer repeats, does not assert.
var hedgeWords = map[string]bool{
	"reportedly": true, "allegedly": true, "alleged": true, "allegation": true, "allegations": true, "purportedly": true,
	"purported": true, "apparently": true, "claim": true, "claims": true, "claimed": true, "claiming": true,
	"rumor": true, "rumors": true, "rumour": true, "rumours": true, "rumored": true, "rumoured": true,
	"unconfirmed": true, "unverified": true, "may": true, "might": true, "could": true, "possibly": true,
	"possible": true, "perhaps": true, "likely": true, "unlikely": true, "suggest": true, "suggests": true,
	"suggested": true, "appears": true, "appear": true, "seems": true, "seem": true, "supposedly": true,
	"speculation": true, "speculate": true, "speculated": true, "believed": true, "thought": true, "expected": true,
	"report": true, "reports": true, "reported": true, "according": true, "sources": true, "whether": true,
	"purports": true, "purport": true, "predicts": true, "predicted": true, "predict": true, "suspected": true,
	"suspect": true, "sparks": true, "debate": true, "plans": true, "planning": true, "talks": true, "discussions": true, "fear": true, "fears": true, "feared": true, "unknown": true, "unclear": true,
	"if": true, "probe": true, "probing": true, "investigate": true, "investigating": true, "investigation": true,
}

// negationWords flip the polarity of the clause they stand in.
var negationWords = map[string]bool{
	"not": true, "no": true, "never": true, "none": true, "nobody": true, "nothing": true, "neither": true,
	"nor": true, "without": true, "cannot": true, "isn't": true, "wasn't": true, "aren't": true, "weren't": true,
	"don't": true, "doesn't": true, "didn't": true, "won't": true, "can't": true, "couldn't": true, "hasn't": true,
	"haven't": true, "hadn't": true, "wouldn't": true, "shouldn't": true, "isnt": true, "wasnt": true, "dont": true,
	"doesnt": true, "didnt": true, "wont": true, "cant": true, "n't": true,
}

// supportWords mark confirmation of what is reported.
var supportWords = map[string]bool{
	"confirmed": true, "confirms": true, "confirm": true, "confirmation": true, "officially": true, "official": true,
	"true": true, "real": true, "genuine": true, "authentic": true, "verified": true, "announced": true,
	"announces": true, "proved": true, "proves": true, "proven": true, "indeed": true, "actually": true,
	"revealed": true, "reveals": true, "admitted": true, "admits": true, "shows": true, "showed": true,
}

// reportWords mark attribution to a source.
var reportWords = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "according": true, "stated": true,
	"statement": true, "spokesman": true, "spokeswoman": true, "spokesperson": true, "source": true,
	"sources": true, "insisted": true, "added": true, "explained": true, "wrote": true, "tweeted": true,
}

// CueOf returns the cue class of a folded word, or -1.
func CueOf(w string) int {
	w = strings.ReplaceAll(w, "’", "'")
	switch {
	case refuteWords[w]:
		return Refute
	case negationWords[w] || strings.HasSuffix(w, "n't"):
		return Negation
	case hedgeWords[w]:
		return Hedge
	case supportWords[w]:
		return Support
	case reportWords[w]:
		return Report
	}
	return -1
}

// Cues counts the cue words of each class in s.
func Cues(s string) [numCues]int {
	var c [numCues]int
	for _, w := range text.Words(s) {
		if k := CueOf(w); k >= 0 {
			c[k]++
		}
	}
	return c
}

// IsHedge reports whether the folded word w keeps a report at a distance.
func IsHedge(w string) bool { return hedgeWords[w] }

// IsRefute reports whether the folded word w denies or debunks.
func IsRefute(w string) bool { return refuteWords[w] }

// IsNegation reports whether the folded word w negates its clause.
func IsNegation(w string) bool {
	w = strings.ReplaceAll(w, "’", "'")
	return negationWords[w] || strings.HasSuffix(w, "n't")
}
