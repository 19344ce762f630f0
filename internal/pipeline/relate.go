package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/provenance"
)

// Provenance of a new article is computed against its likeliest sources
// only: among the story's most recent members, those whose content is
// closest to it (term cosine), plus its near-duplicate. Copies, rewrites and
// translations share far more content than independent reports, so they are
// found there; the bound keeps one placement's cost flat as a story grows.
const (
	relateRecent  = 30   // most recent members considered
	relateSources = 6    // of which the closest are aligned
	relateMinSim  = 0.15 // below this term cosine nothing is copied
	linkTerms     = 40   // terms kept in the link analysis
)

// link is the small per-article analysis provenance reads for candidates.
type link struct {
	Terms     map[string]float64 `json:"t"`
	Sentences []news.Span        `json:"s"`
}

// linkOf keeps the article's strongest terms and its sentence spans.
func linkOf(d *Doc) link {
	type tw struct {
		t string
		w float64
	}
	all := make([]tw, 0, len(d.Features.Terms))
	for t, w := range d.Features.Terms {
		all = append(all, tw{t, w})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].w > all[j].w || all[i].w == all[j].w && all[i].t < all[j].t })
	l := link{Terms: make(map[string]float64, min(len(all), linkTerms)), Sentences: d.Sentences}
	for _, x := range all[:min(len(all), linkTerms)] {
		l.Terms[x.t] = x.w
	}
	return l
}

func decodeLink(b []byte) (link, error) {
	var l link
	err := json.Unmarshal(b, &l)
	return l, err
}

func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot, na, nb float64
	for t, w := range a {
		dot += w * b[t]
		na += w * w
	}
	for _, w := range b {
		nb += w * w
	}
	if na == 0 || nb == 0 {
		return 0
	}
	// Rounded: sums over maps run in random order, and two runs must rank
	// equal candidates (exact copies) alike.
	return math.Round(dot/(math.Sqrt(na)*math.Sqrt(nb))*1e9) / 1e9
}

// relateNew merges the new article's relations into the story's stored ones
// and recomputes the lineages.
func (p *Pipeline) relateNew(ctx context.Context, tx news.Tx, s *news.Story, a *news.Article, doc *Doc, near *news.Article, snap *snapshot) ([]news.Relation, error) {
	old, err := tx.Relations(ctx, s.ID)
	if err != nil {
		return nil, err
	}
	members := map[string]bool{}
	for _, id := range s.ArticleIDs {
		members[id] = true
	}
	var rels []news.Relation
	for _, r := range old {
		if r.From != a.ID && r.To != a.ID && members[r.To] && (members[r.From] || isExternal(r.From)) {
			rels = append(rels, r)
		}
	}
	self := provenance.Doc{ID: a.ID, Outlet: a.Outlet, CitedOutlets: a.CitedOutlets}
	rels = append(rels, provenance.Cites(self)...)
	if snap != nil && snap.storyID == s.ID {
		// Aligned before the lock: redo only members that arrived since.
		rels = append(rels, snap.sources...)
		rels = append(rels, p.sourcesOf(ctx, tx, s, a, doc, near, snap.members)...)
	} else {
		rels = append(rels, p.sourcesOf(ctx, tx, s, a, doc, near, nil)...)
	}
	sortRelations(rels)
	s.Lineages = provenance.Lineages(s.ArticleIDs, rels)
	return rels, nil
}

// sourcesOf returns the relations between a and its likeliest sources among
// the members of s, leaving out those in skip. tx is the transaction, or the
// store for a snapshot.
func (p *Pipeline) sourcesOf(ctx context.Context, tx news.Reader, s *news.Story, a *news.Article, doc *Doc, near *news.Article, skip map[string]bool) []news.Relation {
	var recent []string
	for i := len(s.ArticleIDs) - 1; i >= 0 && len(recent) < relateRecent; i-- {
		if id := s.ArticleIDs[i]; id != a.ID && !skip[id] {
			recent = append(recent, id)
		}
	}
	var rels []news.Relation
	if len(recent) == 0 {
		return rels
	}
	self := provenance.Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, CitedOutlets: a.CitedOutlets, Text: a.Body(), Hash: a.Hash, Shingles: doc.shingles}
	blobs, err := tx.Analyses(ctx, stageLink, recent)
	if err != nil {
		p.log.Warn("provenance: reading candidates failed", "article", a.ID, "err", err)
		return rels
	}
	mine := doc.link.Terms
	type cand struct {
		id  string
		sim float64
		l   link
	}
	var cands []cand
	for _, id := range recent {
		l, err := p.links.get(id, blobs[id], decodeLink)
		if err != nil {
			continue
		}
		sim := cosine(mine, l.Terms)
		if near != nil && id == near.ID {
			sim = 2 // always align with the near-duplicate
		}
		if sim >= relateMinSim {
			cands = append(cands, cand{id, sim, l})
		}
	}
	sort.Slice(cands, func(i, j int) bool { // ties (exact copies) by id, so runs agree
		if cands[i].sim != cands[j].sim {
			return cands[i].sim > cands[j].sim
		}
		return cands[i].id < cands[j].id
	})
	cands = cands[:min(len(cands), relateSources)]
	if len(cands) == 0 {
		return rels
	}
	ids := make([]string, len(cands))
	spans := map[string][]news.Span{}
	for i, c := range cands {
		ids[i] = c.id
		spans[c.id] = c.l.Sentences
	}
	arts, err := tx.Articles(ctx, news.ArticleFilter{IDs: ids})
	if err != nil {
		p.log.Warn("provenance: reading candidates failed", "article", a.ID, "err", err)
		return rels
	}
	pa := p.prepare(self, doc.Sentences)
	for _, m := range arts {
		d := provenance.Doc{ID: m.ID, Outlet: m.Outlet, Published: m.Published, CitedOutlets: m.CitedOutlets, Text: m.Body(), Hash: m.Hash}
		rels = append(rels, provenance.PairPrepared(pa, p.prepare(d, spans[m.ID]))...)
	}
	return rels
}

// preparedKey names an article's prepared form: its id and content hash,
// so a re-ingested article with new text is prepared afresh.
type preparedKey struct{ id, hash string }

// prepare returns d prepared for provenance, with spans (when not nil) as
// its sentences. An article is compared with each later report that finds
// it among its likeliest sources, so its prepared form is cached rather
// than rebuilt for every comparison; the cached form depends only on the
// text, and the metadata (outlet, date, citations) is taken from d.
func (p *Pipeline) prepare(d provenance.Doc, spans []news.Span) *provenance.Prepared {
	k := preparedKey{d.ID, d.Hash}
	if d.Hash != "" {
		if pr, ok := p.prepared.get(k); ok {
			cp := *pr
			cp.Outlet, cp.Published, cp.CitedOutlets = d.Outlet, d.Published, d.CitedOutlets
			return &cp
		}
	}
	if spans != nil {
		setSentences(&d, spans)
	}
	pr := provenance.PrepareWith(d, p.tokens)
	if d.Hash != "" {
		p.prepared.put(k, pr)
	}
	return pr
}

func setSentences(d *provenance.Doc, spans []news.Span) {
	for _, sp := range spans {
		if sp.Start >= 0 && sp.End <= len(d.Text) && sp.Start < sp.End {
			d.Sentences = append(d.Sentences, d.Text[sp.Start:sp.End])
			d.Spans = append(d.Spans, sp)
		}
	}
}

func sortRelations(rels []news.Relation) {
	sort.SliceStable(rels, func(i, j int) bool {
		if rels[i].To != rels[j].To {
			return rels[i].To < rels[j].To
		}
		return rels[i].From < rels[j].From
	})
}

func isExternal(id string) bool { return len(id) > 9 && id[:9] == "external:" }

// relateAll analyses the provenance of a whole story afresh (after a
// recluster) and sets its lineages.
func (p *Pipeline) relateAll(ctx context.Context, tx news.Tx, s *news.Story, members []*news.Article) ([]news.Relation, error) {
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	blobs, err := tx.Analyses(ctx, stageLink, ids)
	if err != nil {
		return nil, err
	}
	docs := make([]provenance.Doc, len(members))
	for i, m := range members {
		d := provenance.Doc{ID: m.ID, Outlet: m.Outlet, Published: m.Published, CitedOutlets: m.CitedOutlets, Text: m.Body(), Hash: m.Hash}
		var l link
		if b, ok := blobs[m.ID]; ok {
			if err := json.Unmarshal(b, &l); err != nil {
				return nil, fmt.Errorf("link analysis of %s: %w", m.ID, err)
			}
		}
		setSentences(&d, l.Sentences)
		docs[i] = d
	}
	res := provenance.Analyze(docs)
	s.Lineages = provenance.Lineages(s.ArticleIDs, res.Relations)
	return res.Relations, nil
}
