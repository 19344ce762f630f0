// Package provenance finds how the articles of one story relate: exact and
// near duplicates, passages one article took from an earlier one (derived),
// pairs that both rewrite one unseen source (shared-source), citations of
// outlets, and restatements of an earlier article ("Earlier, it was reported
// that ..."). It groups articles into independent source lineages so that
// corroboration counts copies once.
//
// Pure functions over plain structs; the pipeline calls Pair (or
// PairPrepared) when an article joins a story and Analyze to rebuild a
// story's picture.
package provenance

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/align"
	"github.com/crosscheck/crosscheck/internal/dedup"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

// Doc is one article of a story as provenance needs it.
type Doc struct {
	ID        string
	Outlet    string
	Published time.Time // zero: unknown
	// Sentences of the article; when empty, Text is split with
	// text.Sentences.
	Sentences []string
	// Spans are the byte spans of Sentences in Text (optional; found by
	// searching Text when absent).
	Spans        []news.Span
	CitedOutlets []string
	Text         string
	Hash         string // content hash; equal non-empty hashes are duplicates
	// Shingles optionally holds dedup.Shingles(Text, dedup.ShingleSize)
	// when the caller has them already; Prepare computes them otherwise.
	Shingles []uint64
}

// FromArticle builds the Doc of an article: sentences of its body
// (boilerplate left out) with spans into its Text.
func FromArticle(a *news.Article) Doc {
	d := Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, CitedOutlets: a.CitedOutlets, Text: a.Text, Hash: a.Hash}
	for _, s := range text.Sentences(a.Body()) {
		d.Sentences = append(d.Sentences, s.Text)
		d.Spans = append(d.Spans, news.Span{Start: s.Start, End: s.End})
	}
	return d
}

// Result is the provenance picture of a story.
type Result struct {
	Relations []news.Relation
	// Lineages groups the doc ids into independent source lineages: the
	// connected components of duplicate, near-duplicate, derived and
	// shared-source links. Citing an outlet does not merge lineages.
	Lineages [][]string
}

// Thresholds of the decisions.
const (
	// NearDupJaccard and NearDupContainment make two articles
	// near-duplicates: most 5-word shingles shared, or nearly all of the
	// shorter article inside the longer one.
	NearDupJaccard     = 0.5
	NearDupContainment = 0.8
	// minContainShingles keeps a few-word text from being "contained".
	minContainShingles = 20
	// MinReusedSentences aligned sentences, one of them scoring at least
	// clearRewrite, make one article reuse another.
	MinReusedSentences = 2
	clearRewrite       = 0.5
	// A single aligned sentence is enough when it is a long, close copy:
	// at least longCopyWords words and a score of at least longCopyScore.
	longCopyWords = 20
	longCopyScore = 0.7
	// RestateCoverage is the least align.Coverage of a restated clause by a
	// sentence of the earlier article.
	RestateCoverage = 0.5
	// minRestateTerms is the fewest content terms a restated clause needs to
	// be matched at all.
	minRestateTerms = 3
)

// Evidence strings of relations.
const (
	EvidenceReportedEarlier = "reported earlier"
	EvidenceSameHash        = "same content hash"
	// EvidenceNoOrder marks a shared-source link inferred only because
	// neither article is known to be earlier (no common cited outlet).
	EvidenceNoOrder = "both share passages and neither is known to be earlier"
)

// Prepared is a Doc made ready for comparison (sentences split, spans found,
// shingles and alignment index built), so an article compared with many is
// prepared once.
type Prepared struct {
	Doc
	shingles []uint64
	aligned  *align.Prepared
	restated []restatement // "it was reported that ..." sentences
}

type restatement struct {
	sentence int
	clause   string
}

// Prepare readies d for PairPrepared.
func Prepare(d Doc) *Prepared { return PrepareWith(d, nil) }

// PrepareWith is Prepare with a token memo (may be nil) shared across the
// docs a caller prepares (see align.Memo); the result is the same.
func PrepareWith(d Doc, tokens *align.Memo) *Prepared {
	p := &Prepared{Doc: d}
	if len(p.Sentences) == 0 && p.Text != "" {
		for _, s := range text.Sentences(p.Text) {
			p.Sentences = append(p.Sentences, s.Text)
			p.Spans = append(p.Spans, news.Span{Start: s.Start, End: s.End})
		}
	}
	if len(p.Spans) != len(p.Sentences) {
		p.Spans = locate(p.Text, p.Sentences)
	}
	body := p.Text
	if body == "" {
		body = strings.Join(p.Sentences, "\n")
	}
	p.shingles = d.Shingles
	if p.shingles == nil || p.Text == "" {
		p.shingles = dedup.Shingles(body, dedup.ShingleSize)
	}
	p.aligned = align.PrepareWith(p.Sentences, tokens)
	for i, s := range p.Sentences {
		if c, ok := restatedClause(s); ok {
			p.restated = append(p.restated, restatement{sentence: i, clause: c})
		}
	}
	return p
}

// locate finds each sentence in text, in order; a sentence not found gets
// a zero span.
func locate(txt string, sentences []string) []news.Span {
	spans := make([]news.Span, len(sentences))
	at := 0
	for i, s := range sentences {
		if s == "" || txt == "" {
			continue
		}
		if k := strings.Index(txt[at:], s); k >= 0 {
			spans[i] = news.Span{Start: at + k, End: at + k + len(s)}
			at += k + len(s)
		} else if k := strings.Index(txt, s); k >= 0 {
			spans[i] = news.Span{Start: k, End: k + len(s)}
		}
	}
	return spans
}

// restatePatterns find a sentence that restates an earlier report; the
// named group "c" is the restated content.
var restatePatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^(?:earlier|previously)[,;]?\s+(?:it\s+(?:was|had\s+been)\s+reported|(?:media|reports?|outlets|news\s+outlets|it)\s+(?:reported|said|suggested|indicated|claimed))\s+(?:that\s+)?(?P<c>.+)$`),
	regexp.MustCompile(`(?i)\bit\s+(?:was|had\s+been)\s+(?:earlier|previously|already|first)\s+reported\s+(?:that\s+)?(?P<c>.+)$`),
	regexp.MustCompile(`(?i)\bit\s+was\s+reported\s+(?:earlier|previously)\s+(?:that\s+)?(?P<c>.+)$`),
	regexp.MustCompile(`(?i)^as\s+(?:was\s+)?(?:previously|earlier|first)\s+reported(?:\s+by\s+[^,]+)?,\s*(?P<c>.+)$`),
	regexp.MustCompile(`(?i)\b(?:earlier|previous)\s+reports\s+(?:said|suggested|indicated|showed)\s+(?:that\s+)?(?P<c>.+)$`),
	regexp.MustCompile(`(?i)\b(?:had|has)\s+(?:earlier|previously)\s+reported\s+(?:that\s+)?(?P<c>.+)$`),
}

// restatedClause returns the restated content of a sentence such as
// "Earlier, it was reported that two-thirds of members backed him."
func restatedClause(s string) (string, bool) {
	// every pattern needs "report"; skip the regular expressions otherwise
	if !strings.Contains(s, "report") && !strings.Contains(s, "Report") && !strings.Contains(s, "REPORT") {
		return "", false
	}
	for _, re := range restatePatterns {
		if m := re.FindStringSubmatch(s); m != nil {
			c := strings.TrimSpace(m[re.SubexpIndex("c")])
			if len(text.Terms(c)) >= minRestateTerms {
				return c, true
			}
		}
	}
	return "", false
}

// Pair returns the relations between two docs (see PairPrepared).
func Pair(a, b Doc) []news.Relation {
	return PairPrepared(Prepare(a), Prepare(b))
}

// order returns the pair earlier first, and the direction: "forward" when
// both dates are known and differ, "unknown" otherwise (then by id).
func order(a, b *Prepared) (from, to *Prepared, dir string) {
	if !a.Published.IsZero() && !b.Published.IsZero() && !a.Published.Equal(b.Published) {
		if a.Published.Before(b.Published) {
			return a, b, "forward"
		}
		return b, a, "forward"
	}
	if a.ID <= b.ID {
		return a, b, "unknown"
	}
	return b, a, "unknown"
}

// PairPrepared returns the relations between two prepared docs: duplicate,
// or near-duplicate, or derived / shared-source from aligned sentences, plus
// "reported earlier" citations in either direction. Citations of outlets
// (external sources) are per doc; see Cites.
func PairPrepared(a, b *Prepared) []news.Relation {
	if a.ID == b.ID {
		return nil
	}
	from, to, dir := order(a, b)
	if a.Hash != "" && a.Hash == b.Hash {
		return []news.Relation{{From: from.ID, To: to.ID, Kind: news.KindDuplicate, Direction: dir, Score: 1, Evidence: EvidenceSameHash}}
	}
	var out []news.Relation
	// restatements first, so their sentences do not count as reuse
	skip := map[*Prepared]map[int]bool{a: {}, b: {}}
	for _, dir := range [2][2]*Prepared{{a, b}, {b, a}} {
		rel, used := restatedBy(dir[0], dir[1])
		if rel == nil {
			continue
		}
		out = append(out, *rel)
		// the restating sentence is a citation, not reuse; the restated
		// sentence of the earlier article may still be reused elsewhere.
		for _, u := range used {
			skip[dir[1]][u[1]] = true
		}
	}

	jac := dedup.Jaccard(from.shingles, to.shingles)
	small, large := from, to
	if len(small.shingles) > len(large.shingles) {
		small, large = large, small
	}
	contain := 0.0
	if len(small.shingles) >= minContainShingles {
		contain = dedup.Containment(small.shingles, large.shingles)
	}
	matches := align.AlignPrepared(from.aligned, to.aligned)
	var kept []align.Match
	for _, m := range matches {
		if skip[from][m.A] || skip[to][m.B] {
			continue
		}
		kept = append(kept, m)
	}
	passages := passagesOf(from, to, kept)
	if jac >= NearDupJaccard || contain >= NearDupContainment {
		return append(out, news.Relation{
			From: from.ID, To: to.ID, Kind: news.KindNearDuplicate, Direction: dir,
			Score: max(jac, contain), Evidence: nearDupEvidence(jac, contain), Passages: passages,
		})
	}
	if !reuses(from, to, kept) {
		return out
	}
	kind, evidence := reuseKind(from, to, dir)
	return append(out, news.Relation{
		From: from.ID, To: to.ID, Kind: kind, Direction: dir,
		Score: reuseScore(from, to, kept), Evidence: evidence, Passages: passages,
	})
}

func nearDupEvidence(jac, contain float64) string {
	if jac >= NearDupJaccard {
		return "most word shingles shared"
	}
	return "shorter article contained in the longer"
}

// reuses decides whether the aligned sentences show reuse of text: several
// aligned sentences, or one long close copy.
func reuses(from, to *Prepared, ms []align.Match) bool {
	best := 0.0
	for _, m := range ms {
		best = max(best, m.Score)
	}
	// several aligned sentences, one of them clearly a rewrite: two stock
	// phrases of the story's background ("X has led Y since 2014") are not
	// enough on their own.
	if len(ms) >= MinReusedSentences && best >= clearRewrite {
		return true
	}
	for _, m := range ms {
		long := len(text.Tokens(from.Sentences[m.A])) >= longCopyWords
		close := m.Kind == align.KindExact || m.Kind == align.KindNearExact || m.Kind == align.KindTranslation
		if long && close && m.Score >= longCopyScore {
			return true
		}
	}
	return false
}

// reuseKind tells derived from shared-source. The later article citing the
// earlier one's outlet, or a known earlier date with no common cited source,
// make it derived; both citing one outlet that neither is, or no order in
// time, make it a shared (unseen) source.
func reuseKind(from, to *Prepared, dir string) (kind, evidence string) {
	if from.Outlet != "" && citesOutlet(to, from.Outlet) {
		return news.KindDerived, "later article cites the earlier one's outlet and reuses its passages"
	}
	if common := commonCited(from, to); common != "" {
		return news.KindSharedSource, "both rewrite passages and cite " + common
	}
	if dir == "forward" {
		return news.KindDerived, "later article reuses passages of the earlier one"
	}
	return news.KindSharedSource, EvidenceNoOrder
}

func sameOutlet(a, b string) bool {
	return a != "" && text.Fold(strings.TrimSpace(a)) == text.Fold(strings.TrimSpace(b))
}

func citesOutlet(d *Prepared, outlet string) bool {
	for _, c := range d.CitedOutlets {
		if sameOutlet(c, outlet) {
			return true
		}
	}
	return false
}

// commonCited returns an outlet both docs cite that is neither's own.
func commonCited(a, b *Prepared) string {
	for _, c := range a.CitedOutlets {
		if citesOutlet(b, c) && !sameOutlet(c, a.Outlet) && !sameOutlet(c, b.Outlet) {
			return c
		}
	}
	return ""
}

// reuseScore is the score-weighted share of the shorter article's sentences
// that are aligned.
func reuseScore(from, to *Prepared, ms []align.Match) float64 {
	n := min(len(from.Sentences), len(to.Sentences))
	if n == 0 {
		return 0
	}
	s := 0.0
	for _, m := range ms {
		s += m.Score
	}
	return min(s/float64(n), 1)
}

func passagesOf(from, to *Prepared, ms []align.Match) []news.Passage {
	var ps []news.Passage
	for _, m := range ms {
		ps = append(ps, news.Passage{
			FromText: from.Sentences[m.A], ToText: to.Sentences[m.B],
			FromSpan: from.Spans[m.A], ToSpan: to.Spans[m.B],
			Match: m.Kind, Score: m.Score,
		})
	}
	return ps
}

// restatedBy finds sentences of later that restate a sentence of earlier
// ("Earlier, it was reported that ..."), and returns one cites relation from
// earlier to later carrying the passages, with the sentence index pairs
// (earlier, later) used. earlier must not be published after later.
func restatedBy(earlier, later *Prepared) (*news.Relation, [][2]int) {
	if len(later.restated) == 0 {
		return nil, nil
	}
	dir := "unknown"
	if !earlier.Published.IsZero() && !later.Published.IsZero() {
		if earlier.Published.After(later.Published) {
			return nil, nil
		}
		if earlier.Published.Before(later.Published) {
			dir = "forward"
		}
	}
	var ps []news.Passage
	var used [][2]int
	best := 0.0
	for _, r := range later.restated {
		bi, bs := earlier.aligned.BestCoverage(r.clause)
		if bi < 0 || bs < RestateCoverage {
			continue
		}
		best = max(best, bs)
		used = append(used, [2]int{bi, r.sentence})
		ps = append(ps, news.Passage{
			FromText: earlier.Sentences[bi], ToText: later.Sentences[r.sentence],
			FromSpan: earlier.Spans[bi], ToSpan: later.Spans[r.sentence],
			Match: align.KindParaphrase, Score: bs,
		})
	}
	if len(ps) == 0 {
		return nil, nil
	}
	return &news.Relation{From: earlier.ID, To: later.ID, Kind: news.KindCites, Direction: dir, Score: best, Evidence: EvidenceReportedEarlier, Passages: ps}, used
}

// Cites returns one cites relation per outlet d attributes information to,
// from "external:<Outlet>" to d. A doc does not cite its own outlet.
func Cites(d Doc) []news.Relation {
	var out []news.Relation
	seen := map[string]bool{}
	for _, c := range d.CitedOutlets {
		c = strings.TrimSpace(c)
		k := text.Fold(c)
		if c == "" || seen[k] || sameOutlet(c, d.Outlet) {
			continue
		}
		seen[k] = true
		out = append(out, news.Relation{From: "external:" + c, To: d.ID, Kind: news.KindCites, Direction: "unknown", Score: 1, Evidence: "attributes information to " + c})
	}
	return out
}

// Analyze returns the relations among a story's docs and its source
// lineages. Each pair is compared once; a restated sentence is credited to
// the single earlier article that covers it best.
func Analyze(docs []Doc) Result {
	ps := make([]*Prepared, len(docs))
	for i, d := range docs {
		ps[i] = Prepare(d)
	}
	var rels []news.Relation
	for _, d := range docs {
		rels = append(rels, Cites(d)...)
	}
	for i := range ps {
		for j := i + 1; j < len(ps); j++ {
			rels = append(rels, PairPrepared(ps[i], ps[j])...)
		}
	}
	rels = bestRestatements(rels)
	slices.SortStableFunc(rels, func(x, y news.Relation) int {
		return cmp.Or(cmp.Compare(x.To, y.To), cmp.Compare(x.From, y.From), cmp.Compare(x.Kind, y.Kind))
	})
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return Result{Relations: rels, Lineages: Lineages(ids, rels)}
}

// bestRestatements keeps, for each restating sentence, only the passage
// from the earlier article that covers it best, and drops reported-earlier
// relations left without passages.
func bestRestatements(rels []news.Relation) []news.Relation {
	type key struct {
		to   string
		span news.Span
		text string
	}
	best := map[key]float64{}
	for _, r := range rels {
		if r.Evidence != EvidenceReportedEarlier {
			continue
		}
		for _, p := range r.Passages {
			k := key{r.To, p.ToSpan, p.ToText}
			best[k] = max(best[k], p.Score)
		}
	}
	out := rels[:0]
	for _, r := range rels {
		if r.Evidence == EvidenceReportedEarlier {
			var keep []news.Passage
			for _, p := range r.Passages {
				if p.Score >= best[key{r.To, p.ToSpan, p.ToText}] {
					keep = append(keep, p)
				}
			}
			if len(keep) == 0 {
				continue
			}
			r.Passages = keep
		}
		out = append(out, r)
	}
	return out
}

// Lineages groups ids into independent source lineages: connected
// components over duplicate and near-duplicate relations, and derived and
// shared-source relations with substantial reuse (see LineageDerived). Groups keep the order of ids; groups are ordered by their first
// member.
func Lineages(ids []string, rels []news.Relation) [][]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, id := range ids {
		find(id)
	}
	for _, r := range rels {
		if !mergesLineages(r) {
			continue
		}
		switch r.Kind {
		case news.KindDuplicate, news.KindNearDuplicate, news.KindDerived, news.KindSharedSource:
			if _, ok := parent[r.From]; !ok {
				continue
			}
			if _, ok := parent[r.To]; !ok {
				continue
			}
			ra, rb := find(r.From), find(r.To)
			if ra != rb {
				parent[rb] = ra
			}
		}
	}
	index := map[string]int{}
	var out [][]string
	for _, id := range ids {
		root := find(id)
		k, ok := index[root]
		if !ok {
			k = len(out)
			index[root] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], id)
	}
	return out
}

// Reuse needed for a link to merge two lineages, as a share of the shorter
// article's sentences (Relation.Score of derived and shared-source links).
// A report that takes one paragraph from another is still an independent
// source for everything else it says, so a passage-level derivation does not
// make it a copy. Shared-source links need less: both articles also cite the
// same outlet, which is itself evidence; a shared-source link that rests only
// on unknown dates needs as much reuse as a derivation.
const (
	LineageDerived      = 0.2
	LineageSharedSource = 0.1
)

// mergesLineages reports whether a relation makes its two articles one source.
func mergesLineages(r news.Relation) bool {
	switch r.Kind {
	case news.KindDuplicate, news.KindNearDuplicate:
		return true
	case news.KindDerived:
		return r.Score >= LineageDerived
	case news.KindSharedSource:
		if r.Evidence == EvidenceNoOrder {
			return r.Score >= LineageDerived
		}
		return r.Score >= LineageSharedSource
	}
	return false
}
