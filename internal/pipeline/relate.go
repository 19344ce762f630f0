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
	if len(b) > 0 && b[0] == blobBinary {
		return decodeBinaryLink(b)
	}
	var l link
	js, err := analysisJSON(b)
	if err != nil {
		return l, err
	}
	err = json.Unmarshal(js, &l)
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

// mergeRelations merges the relations of one new member it into a story's
// relations rels, for the story's members as they were once it had joined:
// its own relations are replaced, relations to articles no longer members
// dropped.
func mergeRelations(rels []news.Relation, members []string, it *item) []news.Relation {
	in := make(map[string]bool, len(members))
	for _, id := range members {
		in[id] = true
	}
	a := it.a
	out := make([]news.Relation, 0, len(rels)+len(it.sources)+len(a.CitedOutlets))
	for _, r := range rels {
		if r.From != a.ID && r.To != a.ID && in[r.To] && (in[r.From] || isExternal(r.From)) {
			out = append(out, r)
		}
	}
	out = append(out, provenance.Cites(provenance.Doc{ID: a.ID, Outlet: a.Outlet, CitedOutlets: a.CitedOutlets})...)
	out = append(out, it.sources...)
	sortRelations(out)
	return out
}

// sourceCandidates picks the likeliest sources of it.a among the members of
// its story that joined before it, leaving out those in skip: of the most
// recent members, the closest in content, and the near-duplicate. r is the
// transaction, or the store for a snapshot; ov holds the articles placed
// earlier in the transaction, not yet written.
func (p *Pipeline) sourceCandidates(ctx context.Context, r news.Reader, ov *overlay, it *item, skip map[string]bool) error {
	a, near := it.a, it.near
	ids := it.story.s.ArticleIDs[:it.members]
	var recent, stored []string
	written := map[string]memberInfo{}
	for i := len(ids) - 1; i >= 0 && len(recent) < relateRecent; i-- {
		id := ids[i]
		if id == a.ID || skip[id] {
			continue
		}
		recent = append(recent, id)
		if _, ok := ov.arts[id]; ok {
			continue
		}
		if ov.trusted {
			if info, ok := p.written.member(id); ok {
				written[id] = info
				continue
			}
		}
		stored = append(stored, id)
	}
	if len(recent) == 0 {
		return nil
	}
	var blobs map[string][]byte
	if len(stored) > 0 {
		var err error
		if blobs, err = r.Analyses(ctx, stageLink, stored); err != nil {
			p.log.Warn("provenance: reading candidates failed", "article", a.ID, "err", err)
			return nil
		}
	}
	mine := it.doc.link.Terms
	type cand struct {
		id  string
		sim float64
		l   link
	}
	var cands []cand
	for _, id := range recent {
		var l link
		if m, ok := ov.arts[id]; ok {
			l = m.doc.link
		} else if info, ok := written[id]; ok {
			l = info.link
		} else {
			var err error
			if l, err = p.links.get(id, blobs[id], decodeLink); err != nil {
				continue
			}
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
		return nil
	}
	// A source whose prepared form is cached needs no text: what was
	// written of it, or the article placed earlier here, says the rest.
	spans := make(map[string][]news.Span, len(cands))
	ready := map[string]source{}
	stored = stored[:0]
	for _, c := range cands {
		spans[c.id] = c.l.Sentences
		var m *news.Article
		if x, ok := ov.arts[c.id]; ok {
			m = x.a
		} else if info, ok := written[c.id]; ok {
			m = &news.Article{ID: c.id, Hash: info.hash, Outlet: info.outlet, Published: info.published, CitedOutlets: info.cited}
		}
		if m != nil {
			if pr, ok := p.prepared.get(preparedKey{m.ID, m.Hash}); ok {
				cp := *pr
				cp.Outlet, cp.Published, cp.CitedOutlets = m.Outlet, m.Published, m.CitedOutlets
				ready[c.id] = source{prepared: &cp}
				continue
			}
			if x, ok := ov.arts[c.id]; ok {
				ready[c.id] = source{doc: docOf(x.a, spans[c.id])}
				continue
			}
		}
		stored = append(stored, c.id)
	}
	if len(stored) > 0 {
		arts, err := r.Articles(ctx, news.ArticleFilter{IDs: stored})
		if err != nil {
			p.log.Warn("provenance: reading candidates failed", "article", a.ID, "err", err)
			return nil
		}
		for _, m := range arts {
			ready[m.ID] = source{doc: docOf(m, spans[m.ID])}
		}
	}
	// oldest first (the order only matters before relations are sorted)
	for i := len(recent) - 1; i >= 0; i-- {
		if src, ok := ready[recent[i]]; ok {
			it.cands = append(it.cands, src)
		}
	}
	return nil
}

// docOf is the provenance view of a stored member, with its sentence spans
// (from its link analysis) when known.
func docOf(m *news.Article, spans []news.Span) provenance.Doc {
	d := provenance.Doc{ID: m.ID, Outlet: m.Outlet, Published: m.Published, CitedOutlets: m.CitedOutlets, Text: m.Body(), Hash: m.Hash}
	if len(spans) > 0 {
		setSentences(&d, spans)
	}
	return d
}

// align computes the relations between it.a and its candidate sources.
// It reads no store, so the articles of a transaction align in parallel.
func (p *Pipeline) align(it *item) {
	if len(it.cands) == 0 {
		return
	}
	pa := it.doc.prepared
	if pa == nil {
		pa = p.prepare(selfDoc(it.a, it.a.Body(), it.doc.shingles), it.doc.Sentences)
	} else {
		cp := *pa
		cp.Outlet, cp.Published, cp.CitedOutlets = it.a.Outlet, it.a.Published, it.a.CitedOutlets
		pa = &cp
	}
	for _, src := range it.cands {
		pb := src.prepared
		if pb == nil {
			pb = p.prepare(src.doc, nil)
		}
		it.sources = append(it.sources, provenance.PairPrepared(pa, pb)...)
	}
	it.cands = nil
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
	if spans != nil && d.Sentences == nil {
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
			var err error
			if l, err = decodeLink(b); err != nil {
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
