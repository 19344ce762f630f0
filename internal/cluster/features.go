// Package cluster places each new article into a story on arrival.
//
// An article becomes Features: an L2-normalised TF-IDF vector over stemmed
// content terms, a separate vector of named-entity keys (capitalised
// phrases, or resolved names when the caller has them), and a date when one
// is known. Candidate stories come from an index over a few keys per article
// (Keys: its highest-weighted terms and entities), never a scan of every
// story. Place scores each candidate's Profile (a pruned centroid) and joins
// the best one if its score clears Config.Threshold, else starts a new story.
// Recluster repairs early mistakes afterwards by merging and splitting.
//
// Everything here is pure: plain structs in, plain structs out. Memory is an
// in-memory index and story table for the eval and the bench; the pipeline
// backs the same calls with the store.
package cluster

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck/crosscheck/internal/text"
)

// Doc is one article as the clusterer sees it.
type Doc struct {
	ID        string
	Title     string
	Text      string
	Published time.Time // zero = unknown; a date line at the top of Text is used then
	// Entities are resolved entity names, if the caller has them; when empty
	// Extract derives capitalised-phrase keys itself.
	Entities []string
}

// Features is what the clusterer keeps of one article. JSON-serialisable so
// the pipeline can store it beside the article for later reclustering.
type Features struct {
	// Terms maps stemmed content terms to L2-normalised TF-IDF weights.
	Terms map[string]float64 `json:"t"`
	// Entities maps folded entity keys to L2-normalised TF-IDF weights.
	Entities map[string]float64 `json:"e,omitempty"`
	// Lead maps the terms ("t:") and entities ("e:") of the headline and
	// first sentences to L2-normalised TF-IDF weights: what the report is
	// about, as opposed to what it recalls further down.
	Lead map[string]float64 `json:"l,omitempty"`
	// Date is the publication date (or the date line), zero when unknown.
	Date time.Time `json:"d,omitzero"`
}

// Key prefixes keep term, entity and date keys apart in one index space.
const (
	termPrefix   = "t:"
	entityPrefix = "e:"
)

// maxDocTerms bounds one article's vector: a long article's tail terms add
// cost but hardly any similarity.
const maxDocTerms = 250

// maxStemCache bounds a stem cache: the frequent words arrive first.
const maxStemCache = 200_000

// maxDocEntities bounds one article's entity vector.
const maxDocEntities = 60

// Extract turns a document into Features, weighting terms by the document
// frequencies df has seen so far. It does not update df; call Observe after.
func Extract(d Doc, df DocFreq) Features { return extract(d, df, nil, nil) }

// StemCache memoises word -> stem for Count, bounded by
// maxStemCache words (the frequent words arrive first). Safe for concurrent use.
type StemCache struct {
	mu sync.RWMutex
	m  map[string]string // word -> stem, both copies owned by the cache
}

// NewStemCache returns an empty stem cache.
func NewStemCache() *StemCache { return &StemCache{m: map[string]string{}} }

// stem returns text.Stem(w), from the cache when it has it. The result
// never shares memory with w.
func (c *StemCache) stem(w string) string {
	c.mu.RLock()
	st, ok := c.m[w]
	c.mu.RUnlock()
	if ok {
		return st
	}
	st = strings.Clone(text.Stem(w))
	c.mu.Lock()
	if len(c.m) < maxStemCache {
		c.m[strings.Clone(w)] = st
	}
	c.mu.Unlock()
	return st
}

// addStems adds the counts of words to terms under their stems, reading
// the cache under one read lock: a lock a word cost more than the lookup
// itself while other goroutines read the cache too.
func (c *StemCache) addStems(words, terms map[string]int) {
	var missed []string
	c.mu.RLock()
	for w, n := range words {
		if st, ok := c.m[w]; ok {
			terms[st] += n
		} else {
			missed = append(missed, w)
		}
	}
	c.mu.RUnlock()
	for _, w := range missed {
		terms[c.stem(w)] += words[w]
	}
}

// extract is Extract with an optional stem cache (word -> stem) that the
// caller owns; Memory keeps one because stemming dominates the cost.
// shared, when not nil, is used instead of stems.
func extract(d Doc, df DocFreq, stems map[string]string, shared *StemCache) Features {
	return count(d, stems, shared).Weigh(df)
}

// Counts is the part of an article's Features that term statistics do not
// change: its term and entity counts, in the whole text and in the lead, and
// its date. Counting is most of Extract's cost and needs no term
// statistics, so many articles can be counted in parallel and then weighed
// one after another, each against the statistics its predecessors left.
type Counts struct {
	terms, ents         []keyCount
	leadTerms, leadEnts []keyCount
	date                time.Time
}

// keyCount is one counted key with what weighing it needs that the term
// statistics do not change, worked out while counting (in parallel) so
// that the weighing, which runs one article after another, only reads
// counters: the key's sketch hash and, for a term, its background share.
type keyCount struct {
	k  string
	n  int
	h  uint64  // fnv64a(prefix, k): its sketch slots
	bg float64 // terms: math.Exp(-text.IDF(k)), the general corpus' share (see Prior)
}

// keyCounts turns counts of keys under prefix into keyCounts.
func keyCounts(counts map[string]int, prefix string) []keyCount {
	if len(counts) == 0 {
		return nil
	}
	out := make([]keyCount, 0, len(counts))
	for k, n := range counts {
		kc := keyCount{k: k, n: n, h: fnv64a(prefix, k)}
		if prefix == termPrefix {
			kc.bg = math.Exp(-text.IDF(k))
		}
		out = append(out, kc)
	}
	return out
}

// Count counts d's terms and entities, stemming through a cache shared by
// concurrent callers (stemming is most of the cost, and a stream's words
// repeat): Count(d, stems).Weigh(df) equals Extract(d, df).
func Count(d Doc, stems *StemCache) Counts { return count(d, nil, stems) }

func count(d Doc, stems map[string]string, shared *StemCache) Counts {
	body := d.Text
	if d.Title != "" && !strings.HasPrefix(strings.TrimSpace(body), strings.TrimSpace(d.Title)) {
		body = d.Title + "\n" + body
	}
	terms, ents := analyseWith(body, stems, shared)
	leadTerms, leadEnts := analyseWith(lead(body), stems, shared)
	if len(d.Entities) > 0 {
		ents = map[string]int{}
		for _, e := range d.Entities {
			if k := text.Fold(strings.TrimSpace(e)); k != "" {
				ents[k]++
			}
		}
	}
	c := Counts{
		terms: keyCounts(terms, termPrefix), ents: keyCounts(ents, entityPrefix),
		leadTerms: keyCounts(leadTerms, termPrefix), leadEnts: keyCounts(leadEnts, entityPrefix),
	}
	c.date = d.Published
	if c.date.IsZero() {
		c.date = dateLine(body)
	}
	return c
}

// Weigh turns counts into Features under the document frequencies df has
// seen so far. It does not change c.
func (c Counts) Weigh(df DocFreq) Features {
	return Features{
		Terms:    weigh(c.terms, df, termPrefix, maxDocTerms),
		Entities: weigh(c.ents, df, entityPrefix, maxDocEntities),
		Lead:     weighLead(c.leadTerms, c.leadEnts, df),
		Date:     c.date,
	}
}

// leadSentences is how many sentences (the headline included) make the
// lead. A report says what its event is in its lead; deeper down it recalls
// earlier events of the same kind ("the second arrest in four weeks"),
// which pulls whole-text vectors of two such events together.
const leadSentences = 3

// lead returns the head of body up to the end of its leadSentences-th
// sentence. Date lines and lines too short to be sentences (bylines, kickers)
// do not count towards the sentences but stay in: the date a report carries
// is part of what tells two events of one kind apart.
func lead(body string) string {
	head := body
	if len(head) > 2000 {
		cut := strings.LastIndexAny(head[:2000], " \n")
		if cut < 0 {
			cut = 0
		}
		head = head[:cut]
	}
	end, k := 0, 0
	for _, s := range text.Sentences(head) {
		if len(s.Text) < 80 && !dateLine(s.Text).IsZero() {
			continue
		}
		if strings.Count(s.Text, " ") < 3 {
			continue
		}
		end = s.End
		k++
		if k == leadSentences {
			break
		}
	}
	return head[:end]
}

// maxLeadKeys bounds the lead vector.
const maxLeadKeys = 60

// weighLead is one L2-normalised vector over the lead's terms and entities.
func weighLead(terms, ents []keyCount, df DocFreq) map[string]float64 {
	t := weigh(terms, df, termPrefix, maxLeadKeys)
	e := weigh(ents, df, entityPrefix, maxLeadKeys/2)
	if len(t)+len(e) == 0 {
		return nil
	}
	out := make(map[string]float64, len(t)+len(e))
	s := math.Sqrt(0.5)
	if len(t) == 0 || len(e) == 0 {
		s = 1
	}
	for k, w := range t {
		out[termPrefix+k] = w * s
	}
	for k, w := range e {
		out[entityPrefix+k] = w * s
	}
	return out
}

// weigh turns counts into an L2-normalised (1+log tf)·idf vector keeping the
// top max entries.
func weigh(counts []keyCount, df DocFreq, prefix string, max int) map[string]float64 {
	if len(counts) == 0 {
		return nil
	}
	n := float64(0)
	if df != nil {
		n = df.Docs()
	}
	type kv struct {
		k string
		w float64
	}
	freq := freqOf(df, prefix)
	v := make([]kv, 0, len(counts))
	for i := range counts {
		c := &counts[i]
		f := freq(c)
		idf := math.Log((n+1)/(f+1)) + 1
		v = append(v, kv{c.k, (1 + math.Log(float64(c.n))) * idf})
	}
	if len(v) > max {
		slices.SortFunc(v, func(a, b kv) int {
			if c := cmp.Compare(b.w, a.w); c != 0 {
				return c
			}
			return strings.Compare(a.k, b.k)
		})
		v = v[:max]
	}
	ss := 0.0
	for _, e := range v {
		ss += e.w * e.w
	}
	norm := math.Sqrt(ss)
	out := make(map[string]float64, len(v))
	for _, e := range v {
		out[e.k] = e.w / norm
	}
	return out
}

// analyse counts content terms and capitalised phrases in one pass over the
// tokens.
//
// A capitalised phrase is a run of upper-case-initial tokens, allowing
// lower-case connectors inside ("Bank of England"). A phrase that starts a
// sentence or line counts only if its first word also appears capitalised
// mid-sentence somewhere in the article, which drops "However" and "Police"
// openers without a word list.
func analyse(s string, stems map[string]string) (terms map[string]int, ents map[string]int) {
	return analyseWith(s, stems, nil)
}

// analyseWith is analyse stemming through shared when it is not nil.
func analyseWith(s string, stems map[string]string, shared *StemCache) (terms map[string]int, ents map[string]int) {
	toks := text.Tokens(s)
	words := make(map[string]int, len(toks)/2)
	type phrase struct {
		words   []string
		initial bool
	}
	var phrases []phrase
	var cur []string
	curInitial := false
	midCaps := map[string]bool{}
	var numbers []string
	flush := func() {
		// trim trailing connectors
		for len(cur) > 0 && isConnector(cur[len(cur)-1]) {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			phrases = append(phrases, phrase{words: cur, initial: curInitial})
		}
		cur = nil
	}
	prevEnd := 0
	for _, t := range toks {
		w := fold(t.Text)
		if i := strings.IndexAny(w, "'’"); i > 0 {
			w = w[:i]
		}
		initial := sentenceStart(s[prevEnd:t.Start], prevEnd == 0)
		gap := s[prevEnd:t.Start]
		prevEnd = t.End
		if !text.IsStopword(w) && w != "" {
			words[w]++
		}
		if strings.ContainsAny(w, "0123456789") {
			// numbers (scores, ages, tolls, years) tell apart two events
			// of one kind; they share the entity vector
			numbers = append(numbers, "#"+w)
		}
		r, _ := utf8.DecodeRuneInString(t.Text)
		capital := unicode.IsUpper(r)
		if capital && !initial {
			midCaps[w] = true
		}
		breaks := initial || strings.ContainsAny(gap, ",;:()\"“”—–") || strings.Contains(gap, "--")
		switch {
		case capital && len(cur) > 0 && !breaks:
			cur = append(cur, w)
		case capital:
			flush()
			cur = []string{w}
			curInitial = initial
		case len(cur) > 0 && !breaks && isConnector(w):
			cur = append(cur, w)
		default:
			flush()
		}
	}
	flush()
	// stem each distinct word once
	terms = make(map[string]int, len(words))
	if shared != nil {
		shared.addStems(words, terms)
		words = nil
	}
	for w, c := range words {
		st, ok := stems[w]
		if !ok {
			// a copy: w, and so maybe st, is a substring of the article
			// text, which a feature key must not pin in memory
			st = strings.Clone(text.Stem(w))
			if stems != nil && len(stems) < maxStemCache {
				stems[strings.Clone(w)] = st
			}
		}
		terms[st] += c
	}
	ents = map[string]int{}
	for _, p := range phrases {
		words := p.words
		if p.initial && !midCaps[words[0]] {
			words = words[1:]
			for len(words) > 0 && isConnector(words[0]) {
				words = words[1:]
			}
		}
		if len(words) == 0 {
			continue
		}
		if len(words) == 1 && (text.IsStopword(words[0]) || len(words[0]) < 2) {
			continue
		}
		if len(words) == 1 {
			ents[strings.Clone(words[0])]++ // not a substring of the text
			continue
		}
		ents[strings.Join(words, " ")]++
		{
			// later mentions use part of a name ("Tara Reid" ... "Reid")
			for _, w := range words {
				if !isConnector(w) && !text.IsStopword(w) {
					ents[strings.Clone(w)]++
				}
			}
		}
	}
	for _, n := range numbers {
		ents[n]++
	}
	return terms, ents
}

// fold is text.Fold with a fast path for ASCII tokens (most of them):
// lower-casing needs no table, and skipping text.Fold's memo keeps its
// process-wide cache from growing with every new word of the stream.
func fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return text.Fold(s)
		}
	}
	return strings.ToLower(s)
}

// isConnector reports whether w may sit inside a name ("Bank of England").
func isConnector(w string) bool {
	switch w {
	case "of", "de", "la", "van", "von", "der", "del", "da", "di", "du", "le", "al", "bin", "and", "for", "the":
		return true
	}
	return false
}

// sentenceStart reports whether a token preceded by gap starts a sentence or line.
func sentenceStart(gap string, first bool) bool {
	if first {
		return true
	}
	g := strings.TrimRightFunc(gap, func(r rune) bool {
		return unicode.IsSpace(r) && r != '\n' || r == '"' || r == '“' || r == '\'' || r == '‘' || r == '(' || r == '['
	})
	if g == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(g)
	return r == '.' || r == '!' || r == '?' || r == '\n' || r == ':' || r == '—' || r == '-'
}

var (
	monthDate = regexp.MustCompile(`\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`)
	dayMonth  = regexp.MustCompile(`\b(\d{1,2}) (Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,? (\d{4})\b`)
	isoDate   = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
)

// dateLine finds a publication date in the first lines of an article (a
// dateline such as "May 03, 2013" or "2013-05-03"), zero if there is none.
// Only the head is read: dates deeper in the text are about events, not
// about when the report was written.
func dateLine(s string) time.Time {
	head := s
	lines := 0
	for i := 0; i < len(head); i++ {
		if head[i] == '\n' {
			lines++
			if lines == 3 {
				head = head[:i]
				break
			}
		}
	}
	if len(head) > 400 {
		head = head[:400]
	}
	if m := monthDate.FindStringSubmatch(head); m != nil {
		if t, ok := mkDate(m[3], m[1], m[2]); ok {
			return t
		}
	}
	if m := dayMonth.FindStringSubmatch(head); m != nil {
		if t, ok := mkDate(m[3], m[2], m[1]); ok {
			return t
		}
	}
	if m := isoDate.FindStringSubmatch(head); m != nil {
		t, err := time.Parse("2006-01-02", m[0])
		if err == nil {
			return t
		}
	}
	return time.Time{}
}

func mkDate(year, month, day string) (time.Time, bool) {
	mo := strings.ToLower(month)
	if len(mo) > 3 {
		mo = mo[:3]
	}
	m, ok := months[mo]
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-1-2", year+"-"+strconv.Itoa(int(m))+"-"+day)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, false
	}
	return t, true
}

// months maps three-letter month abbreviations to months (read-only).
var months = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
