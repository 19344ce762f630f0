package claim

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/stance"
	"github.com/crosscheck/crosscheck/internal/text"
)

// hedgeWords mark a claim the writer does not assert outright. This is
// narrower than the stance package's hedge cues, which also count topic
// words such as "report" that say nothing about one sentence's modality.
var hedgeWords = map[string]bool{
	"reportedly": true, "allegedly": true, "alleged": true, "purportedly": true, "apparently": true,
	"likely": true, "unlikely": true, "probably": true, "possibly": true, "perhaps": true, "may": true,
	"might": true, "could": true, "rumoured": true, "rumored": true, "unconfirmed": true, "expected": true,
	"believed": true, "seems": true, "appears": true, "supposedly": true, "reported": true, "unclear": true,
}

// reportVerbs introduce an attribution ("a NATO official said").
var reportVerbs = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "revealed": true, "confirmed": true,
	"added": true, "noted": true, "claimed": true, "claims": true, "writes": true, "wrote": true,
	"stated": true, "insisted": true, "announced": true, "reported": true, "reports": true, "explained": true,
}

// sentence is a sentence made ready for the frame rules: tokens with
// offsets relative to the sentence, folded words, stems.
type sentence struct {
	c     *Claim
	toks  []text.Token
	words []string
	stems []string
	al    *align.Sentence // prepared for similarity on first use

	cuesRead bool        // hits holds the stance cues
	hits     []cueHit    // the stance cues, read once
	shared   *textShared // what sentences repeating this text share, if any

	// set by story.number for the pairwise stages
	idx   int32       // position among the story's sentences
	class int32       // position of its text among the story's distinct texts
	art   int32       // its article, numbered
	canon int32       // the first sentence with its claim ID (IDs name claims)
	anch  []anchorRef // anchors, by id
	neg   []string    // negated content stems (negDone)
	dated []TimeRef   // explicit dates (datedDone)

	negDone, datedDone bool
}

// aligned returns the sentence prepared for align.SimilarityPrepared.
func (s *sentence) aligned() align.Sentence {
	if s.al == nil {
		a := align.PrepareSentence(s.c.Text)
		s.al = &a
	}
	return *s.al
}

func prepareSentence(c *Claim) *sentence {
	s := &sentence{c: c, toks: text.Tokens(c.Text)}
	s.words = make([]string, len(s.toks))
	s.stems = make([]string, len(s.toks))
	for i, t := range s.toks {
		w := strings.ReplaceAll(strings.ToLower(text.Fold(t.Text)), "’", "'")
		s.words[i] = w
		base := w
		if j := strings.Index(base, "'"); j > 0 {
			base = base[:j]
		}
		if !text.IsStopword(base) {
			s.stems[i] = text.Stem(base)
		}
	}
	return s
}

// tokenCache shares what depends on a sentence's text alone among the
// sentences that repeat it (copies and rewrites repeat many word for
// word): tokens, words and stems, whether it is a navigation or dateline
// line, the numbers it states. All are read-only once made. A nil cache
// computes everything afresh.
type tokenCache struct {
	sents  map[string]*sentence
	skip   map[string]bool
	quants map[string][]Quantity
}

func newTokenCache() *tokenCache {
	return &tokenCache{sents: map[string]*sentence{}, skip: map[string]bool{}, quants: map[string][]Quantity{}}
}

// prepare is prepareSentence(c), its tokens taken from tc when c's text
// was seen before.
func (tc *tokenCache) prepare(c *Claim) *sentence {
	if tc == nil {
		return prepareSentence(c)
	}
	if p, ok := tc.sents[c.Text]; ok {
		return &sentence{c: c, toks: p.toks, words: p.words, stems: p.stems, shared: p.shared}
	}
	s := prepareSentence(c)
	s.shared = &textShared{}
	tc.sents[c.Text] = s
	return s
}

// textShared holds what is read lazily from a sentence's words and shared
// by the sentences repeating its text. Read-only once made; filled only by
// Analyze's own goroutine (extraction, stances), never by the one finding
// similar pairs.
type textShared struct {
	cuesRead bool
	hits     []cueHit // the stance cues (findCues)

	spoRead         bool
	subj, pred, obj string // the rough subject-predicate-object reading (spo)

	polarityRead bool
	negated      bool     // an odd number of negations
	hedges       []string // the hedge words, as written

	quotesRead bool
	quotes     []Span // the quoted spans (quotes)

	cuePosRead bool
	cuePos     []int // where each candidacy cue first occurs (candidacyCuePositions), read only

	exclusiveRead bool
	only          int  // readExclusiveCues
	rival, contra bool // readExclusiveCues

	ruleRead       bool
	rule           ruleReading // readRuleWords
	explicit, need bool        // readRuleWords
}

// ruleWordReading is readRuleWords(s), read once per sentence text.
func (s *sentence) ruleWordReading() (r ruleReading, explicit, need bool) {
	sh := s.shared
	if sh == nil {
		return readRuleWords(s)
	}
	if !sh.ruleRead {
		sh.ruleRead = true
		sh.rule, sh.explicit, sh.need = readRuleWords(s)
	}
	return sh.rule, sh.explicit, sh.need
}

// exclusiveCues is readExclusiveCues(s), read once per sentence text.
func (s *sentence) exclusiveCues() (only int, rival, contra bool) {
	sh := s.shared
	if sh == nil {
		return readExclusiveCues(s)
	}
	if !sh.exclusiveRead {
		sh.exclusiveRead = true
		sh.only, sh.rival, sh.contra = readExclusiveCues(s)
	}
	return sh.only, sh.rival, sh.contra
}

// readExclusiveCues finds "the only ..." (the word's index, or -1) and
// whether the sentence has rival or contradiction words: what
// exclusiveConflicts reads of its words.
func readExclusiveCues(s *sentence) (only int, rival, contra bool) {
	only = -1
	for i, w := range s.words {
		if exclusiveWords[w] && i+1 < len(s.words) && i > 0 && (s.words[i-1] == "the" || s.words[i-1] == "a" || s.words[i-1] == "not") {
			only = i
			break
		}
	}
	for _, w := range s.words {
		rival = rival || rivalWords[w]
		contra = contra || contradictWords[w]
	}
	return only, rival, contra
}

// candidacyCues is candidacyCuePositions(s.words), read once per sentence
// text.
func (s *sentence) candidacyCues() []int {
	sh := s.shared
	if sh == nil {
		return candidacyCuePositions(s.words)
	}
	if !sh.cuePosRead {
		sh.cuePosRead = true
		sh.cuePos = candidacyCuePositions(s.words)
	}
	return sh.cuePos
}

// polarity is readPolarity(s), read once per sentence text.
func (s *sentence) polarity() (negated bool, hedges []string) {
	sh := s.shared
	if sh == nil {
		return readPolarity(s)
	}
	if !sh.polarityRead {
		sh.polarityRead = true
		sh.negated, sh.hedges = readPolarity(s)
	}
	return sh.negated, sh.hedges
}

// readPolarity counts the negations of a sentence ("have yet to declare"
// is one) and lists its hedges; both depend on its words alone.
func readPolarity(s *sentence) (negated bool, hedges []string) {
	neg := 0
	for i, w := range s.words {
		if stance.IsNegation(w) {
			neg++
		}
		if w == "yet" && i+1 < len(s.words) && s.words[i+1] == "to" {
			neg++ // "have yet to declare": not declared
		}
		if hedgeWords[w] {
			hedges = append(hedges, s.toks[i].Text)
		}
		if w == "according" && i+1 < len(s.words) && s.words[i+1] == "to" {
			hedges = append(hedges, "according to")
		}
	}
	return neg%2 == 1, hedges
}

// quotes is quotes(s.c.Text), read once per sentence text.
func (s *sentence) quotes() []Span {
	sh := s.shared
	if sh == nil {
		return quotes(s.c.Text)
	}
	if !sh.quotesRead {
		sh.quotesRead = true
		sh.quotes = quotes(s.c.Text)
	}
	return sh.quotes
}

// spo is spo(s), read once per sentence text.
func (s *sentence) spo() (subj, pred, obj string) {
	sh := s.shared
	if sh == nil {
		return spo(s)
	}
	if !sh.spoRead {
		sh.spoRead = true
		sh.subj, sh.pred, sh.obj = spo(s)
	}
	return sh.subj, sh.pred, sh.obj
}

// skipped reports whether a line makes no claim: navigation or a dateline.
func (tc *tokenCache) skipped(t string) bool {
	if tc == nil {
		return isNavigation(t) || isDateline(t)
	}
	v, ok := tc.skip[t]
	if !ok {
		v = isNavigation(t) || isDateline(t)
		tc.skip[t] = v
	}
	return v
}

// quantities is quantities(t); callers copy what they keep.
func (tc *tokenCache) quantities(t string) []Quantity {
	if tc == nil {
		return quantities(t)
	}
	v, ok := tc.quants[t]
	if !ok {
		v = quantities(t)
		tc.quants[t] = v
	}
	return v
}

// tokenAt returns the index of the token that starts at or after byte off.
func (s *sentence) tokenAt(off int) int {
	return sort.Search(len(s.toks), func(i int) bool { return s.toks[i].End > off })
}

// inMention reports whether byte offset off lies in an entity mention.
func (s *sentence) inMention(off int) bool {
	for _, m := range s.c.mentions {
		if m.Start <= off && off < m.End {
			return true
		}
	}
	return false
}

// mentions reports whether the sentence names the entity.
func (s *sentence) mentions(name string) bool {
	for _, m := range s.c.mentions {
		if m.Name == name {
			return true
		}
	}
	return false
}

// gap returns the text between tokens i and i+1.
func (s *sentence) gap(i int) string {
	if i < 0 || i+1 >= len(s.toks) {
		return ""
	}
	return s.c.Text[s.toks[i].End:s.toks[i+1].Start]
}

// Extract returns the claims of every sentence of d: polarity, hedging,
// quantities, times, attribution, quoted spans and the entities named.
// It needs nothing from the rest of the story, so it can run at ingest.
func Extract(d Doc) []Claim { return extract(d, nil) }

// extract is Extract with the tokens of texts seen before taken from tc.
func extract(d Doc, tc *tokenCache) []Claim {
	sents := d.Sentences
	if sents == nil {
		sents = text.Sentences(d.Text)
	}
	ents := append([]Mention(nil), d.Entities...)
	sort.Slice(ents, func(i, j int) bool { return ents[i].Start < ents[j].Start })
	out := make([]Claim, 0, len(sents))
	for i, st := range sents {
		if tc.skipped(st.Text) {
			continue
		}
		c := Claim{ID: d.ID + "#" + strconv.Itoa(i), Article: d.ID, Sentence: i, Text: st.Text,
			Start: st.Start, End: st.End, outlet: d.Outlet, pub: d.Published, Modality: "asserted"}
		for _, m := range ents {
			if m.Start >= st.Start && m.End <= st.End {
				r := m
				r.Start -= st.Start
				r.End -= st.Start
				c.mentions = append(c.mentions, r)
				// a sentence names a few entities: a scan beats a set
				if m.Name != "" && !slices.Contains(c.Entities, m.Name) {
					c.Entities = append(c.Entities, m.Name)
				}
			}
		}
		for _, t := range d.Times {
			if t.Start >= st.Start && t.End <= st.End {
				r := t
				r.Start -= st.Start
				r.End -= st.Start
				c.Times = append(c.Times, r)
			}
		}
		s := tc.prepare(&c)
		annotate(s, tc)
		out = append(out, c)
	}
	return out
}

// navigationPrefixes start lines that link to other articles; they make
// no claim of their own.
var navigationPrefixes = []string{"read also", "read more", "see also", "related:", "also read", "watch:", "more:"}

// isDateline reports whether a line is metadata rather than a sentence:
// fewer than three words that are not numbers ("Published: April 16, 2013
// 9:09 AM", "UPDATED: THURSDAY, MARCH 14, 2013").
func isDateline(s string) bool {
	n := 0
	for _, w := range text.Words(s) {
		if _, ok := parseNumber(w); ok || months[w] || weekdays[w] || len(w) <= 2 {
			continue
		}
		n++
	}
	return n < 3
}

var weekdays = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "published": true, "updated": true, "posted": true, "gmt": true, "et": true, "pm": true, "am": true}

func isNavigation(s string) bool {
	l := strings.ToLower(s)
	for _, p := range navigationPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// annotate fills polarity, modality, quantities, quotes, attribution and a
// rough subject-predicate-object reading of one sentence.
func annotate(s *sentence, tc *tokenCache) {
	c := s.c
	negated, hedges := s.polarity()
	c.Negated = negated
	c.Hedges = slices.Clone(hedges) // each claim owns its list
	if len(c.Hedges) > 0 {
		c.Modality = "hedged"
	}
	// numbers inside dates and times ("April 16, 2013", "3:16 PM") are not counts
	for _, q := range tc.quantities(c.Text) {
		inTime := false
		for _, t := range c.Times {
			if q.Offset < t.End && q.Offset+len(q.Text) > t.Start {
				inTime = true
			}
		}
		if !inTime && !isNumberWord(q.Unit) {
			c.Quantities = append(c.Quantities, q)
		}
	}
	c.Quotes = slices.Clone(s.quotes())
	c.Attribution = attribution(s)
	c.Subject, c.Predicate, c.Object = s.spo()
}

// quotes returns the spans between matching quotation marks.
func quotes(s string) []Span {
	var out []Span
	open := -1
	for i, r := range s {
		switch r {
		case '“':
			open = i
		case '”':
			if open >= 0 {
				out = append(out, Span{open, i + len("”")})
				open = -1
			}
		case '"':
			if open < 0 {
				open = i
			} else {
				out = append(out, Span{open, i + 1})
				open = -1
			}
		}
	}
	return out
}

// inQuote reports whether byte offset off lies inside a quoted span.
func (c *Claim) inQuote(off int) bool {
	for _, q := range c.Quotes {
		if off > q.Start && off < q.End {
			return true
		}
	}
	return false
}

// attribution finds who the sentence credits: "according to Reuters",
// "..., said a senior official", "two diplomats told Reuters".
func attribution(s *sentence) *Attribution {
	c := s.c
	n := len(s.words)
	for i := 0; i+1 < n; i++ {
		if s.words[i] == "according" && s.words[i+1] == "to" {
			j := i + 2
			k := j
			for k < n && k < j+8 && !strings.ContainsAny(s.gap(k-1), ",;") || k == j {
				if k >= n {
					break
				}
				k++
				if k < n && strings.ContainsAny(s.gap(k-1), ",;.") {
					break
				}
			}
			if j < n {
				src := c.Text[s.toks[j].Start:s.toks[min(k, n)-1].End]
				return &Attribution{Source: trimArticle(src), Cue: "according to", Entity: entityIn(c, s.toks[j].Start, s.toks[min(k, n)-1].End)}
			}
		}
	}
	for i, w := range s.words {
		if !reportVerbs[w] || c.inQuote(s.toks[i].Start) {
			continue
		}
		g := ""
		if i > 0 {
			g = s.gap(i - 1)
		}
		if strings.ContainsAny(g, ",\"”") && i+1 < n {
			// ", said a NATO official, who ..." : the source follows
			j := i + 1
			k := j
			for k < n && k < j+7 {
				k++
				if k < n && strings.ContainsAny(s.gap(k-1), ",;.") {
					break
				}
			}
			src := c.Text[s.toks[j].Start:s.toks[k-1].End]
			return &Attribution{Source: trimArticle(src), Cue: s.toks[i].Text, Entity: entityIn(c, s.toks[j].Start, s.toks[k-1].End)}
		}
		// "two diplomats told Reuters", "the officials said": the
		// source is the noun phrase before the verb, back to a clause break
		j := i
		for j > 0 && i-j < 7 && !strings.ContainsAny(s.gap(j-1), ",;:\"”“") {
			j--
		}
		if j == i {
			continue
		}
		// skip auxiliaries between the phrase and the verb
		k := i
		for k > j && (s.words[k-1] == "has" || s.words[k-1] == "have" || s.words[k-1] == "had" || s.words[k-1] == "also") {
			k--
		}
		if k == j {
			continue
		}
		src := c.Text[s.toks[j].Start:s.toks[k-1].End]
		return &Attribution{Source: trimArticle(src), Cue: s.toks[i].Text, Entity: entityIn(c, s.toks[j].Start, s.toks[k-1].End)}
	}
	return nil
}

func trimArticle(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

// entityIn returns the resolved name of the first mention inside [start, end).
func entityIn(c *Claim, start, end int) string {
	for _, m := range c.mentions {
		if m.Start >= start && m.End <= end {
			return m.Name
		}
	}
	return ""
}

// auxiliaries and copulas that begin a predicate.
var auxiliaries = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true, "will": true,
	"would": true, "can": true, "could": true, "may": true, "might": true, "must": true, "should": true,
	"does": true, "did": true, "do": true, "needs": true, "need": true, "remains": true,
}

// spo is a shallow reading: the subject is what precedes the first verb-like
// word, the predicate that verb (with its auxiliaries and negation), the
// object what follows up to the next clause break. Good enough to label a
// claim for a reader; the frame rules do not depend on it.
func spo(s *sentence) (subj, pred, obj string) {
	n := len(s.words)
	v := -1
	for i := 1; i < n; i++ {
		w := s.words[i]
		if auxiliaries[w] || stance.IsNegation(w) {
			v = i
			break
		}
		if isVerbLike(s, i) {
			v = i
			break
		}
	}
	if v <= 0 {
		return "", "", ""
	}
	subjStart := 0
	for j := v - 1; j > 0; j-- {
		if strings.ContainsAny(s.gap(j-1), ",;:—") {
			subjStart = j
			break
		}
	}
	subj = s.c.Text[s.toks[subjStart].Start:s.toks[v-1].End]
	e := v
	for e+1 < n && (auxiliaries[s.words[e+1]] || stance.IsNegation(s.words[e+1]) || s.words[e] == "to" || auxiliaries[s.words[e]] && !isVerbLike(s, e) && e-v < 3 || hedgeWords[s.words[e+1]]) {
		e++
	}
	if e+1 < n && auxiliaries[s.words[e]] {
		e++
	}
	pred = s.c.Text[s.toks[v].Start:s.toks[e].End]
	o := e + 1
	k := o
	for k < n && k < o+10 && !strings.ContainsAny(s.gap(k-1), ",;.") || k == o {
		if k >= n {
			break
		}
		k++
	}
	if o < n {
		obj = s.c.Text[s.toks[o].Start:s.toks[min(k, n)-1].End]
	}
	return subj, pred, obj
}

func isVerbLike(s *sentence, i int) bool {
	t := s.toks[i].Text
	if t == "" || unicode.IsUpper([]rune(t)[0]) {
		return false
	}
	w := s.words[i]
	if text.IsStopword(w) || len(w) < 4 {
		return false
	}
	return strings.HasSuffix(w, "ed") || (strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && i > 0 && !text.IsStopword(s.words[i-1]) && !isNumberWord(s.words[i-1]))
}

func isNumberWord(w string) bool {
	_, ok := parseNumber(w)
	return ok
}
