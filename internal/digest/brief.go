package digest

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/claim"
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/summary"
	"github.com/crosscheck/crosscheck/internal/text"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// Options configure the brief.
type Options struct {
	// SummarySentences is the summary's length in sentences (default 6).
	SummarySentences int
	// CacheSize is how many briefs are kept, keyed by story version (default 256).
	CacheSize int
	// Persist keeps each built brief in the store (its meta, keyed by story
	// version and build), so that another process — the next CLI call, a
	// second server — answers an unchanged story without rebuilding it.
	Persist bool
	// Log receives warnings when a brief could not be stored (optional).
	Log *slog.Logger
	Now news.Clock
}

// Builder builds briefs from a store. It caches each brief under its story's
// version, so a brief is rebuilt only after the story changed. Safe for
// concurrent use.
type Builder struct {
	store news.Reader
	opt   Options
	key   string // buildKey(opt)

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	version int64
	brief   *brief.Brief
}

// NewBuilder returns a Builder over store.
func NewBuilder(store news.Reader, opt Options) *Builder {
	if opt.SummarySentences <= 0 {
		opt.SummarySentences = 6
	}
	if opt.CacheSize <= 0 {
		opt.CacheSize = 256
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Builder{store: store, opt: opt, key: buildKey(opt), cache: map[string]cached{}}
}

// Brief returns the brief of a story.
func (b *Builder) Brief(ctx context.Context, storyID string) (*brief.Brief, error) {
	st, err := b.store.Story(ctx, storyID)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	c, ok := b.cache[storyID]
	b.mu.Unlock()
	if ok && c.version == st.Version {
		return c.brief, nil
	}
	if b.opt.Persist {
		if br := b.loadStored(ctx, st); br != nil {
			b.remember(st, br)
			return br, nil
		}
	}
	// The provenance is read while the story-level stages run: it is needed
	// only at the end, and a large story has thousands of relations.
	var (
		rels    []news.Relation
		relsErr error
		relsIn  = make(chan struct{})
	)
	go func() {
		defer close(relsIn)
		rels, relsErr = b.store.Relations(ctx, st.ID)
	}()
	relations := func() []news.Relation {
		<-relsIn
		return rels
	}
	arts, err := b.store.Articles(ctx, news.ArticleFilter{StoryID: st.ID})
	if err != nil {
		<-relsIn
		return nil, err
	}
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	blobs, err := b.store.Analyses(ctx, pipeline.StageDoc, ids)
	if err != nil {
		<-relsIn
		return nil, err
	}
	docs, err := decodeDocs(arts, blobs)
	if err != nil {
		<-relsIn
		return nil, err
	}
	br := build(st, arts, docs, relations, b.opt)
	<-relsIn
	if relsErr != nil {
		return nil, relsErr
	}
	br.Generated = b.opt.Now().UTC()
	b.remember(st, br)
	b.saveStored(ctx, st.Version, br)
	return br, nil
}

// remember caches br as the brief of st's current version.
func (b *Builder) remember(st *news.Story, br *brief.Brief) {
	b.mu.Lock()
	if len(b.cache) >= b.opt.CacheSize {
		for k := range b.cache { // drop an arbitrary entry: the cache is a bound, not an LRU
			delete(b.cache, k)
			break
		}
	}
	b.cache[st.ID] = cached{version: st.Version, brief: br}
	b.mu.Unlock()
}

// decodeDocs decodes the stored analyses of arts (nil where none is
// stored), in two halves at once: a large story has hundreds.
func decodeDocs(arts []*news.Article, blobs map[string][]byte) ([]*pipeline.Doc, error) {
	docs := make([]*pipeline.Doc, len(arts))
	errs := make([]error, len(arts))
	decode := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if blob, ok := blobs[arts[i].ID]; ok {
				if docs[i], errs[i] = pipeline.DecodeDocText(blob); errs[i] != nil {
					errs[i] = fmt.Errorf("digest: article %s: %w", arts[i].ID, errs[i])
				}
			}
		}
	}
	var wg sync.WaitGroup
	half := len(arts) / 2
	wg.Go(func() { decode(0, half) })
	decode(half, len(arts))
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// Build runs the story-level stages over a story's articles (in any order)
// and their stored analyses (docs[i] for arts[i]; nil: analysed here). Pure.
func Build(st *news.Story, arts []*news.Article, docs []*pipeline.Doc, rels []news.Relation, opt Options) *brief.Brief {
	return build(st, arts, docs, func() []news.Relation { return rels }, opt)
}

// build is Build with the relations asked for only when the provenance is
// filled, last.
func build(st *news.Story, arts []*news.Article, docs []*pipeline.Doc, relations func() []news.Relation, opt Options) *brief.Brief {
	if opt.SummarySentences <= 0 {
		opt.SummarySentences = 6
	}
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool { return news.PublishedBefore(arts[order[x]], arts[order[y]]) })

	br := &brief.Brief{Story: brief.Story{ID: st.ID, Title: st.Title}}
	var (
		edocs []entity.Doc
		tdocs []timex.Doc
		sdocs []summary.Doc
		cdocs []claim.Doc
		sents = make(map[string][]text.Sentence, len(arts))
	)
	for _, i := range order {
		a := arts[i]
		br.Story.Articles = append(br.Story.Articles, brief.Article{ID: a.ID, Title: a.Title, Outlet: a.Outlet, Published: a.Published, URL: a.URL})
		body := a.Body()
		d := docs[i]
		if d == nil {
			d = &pipeline.Doc{Mentions: entity.Recognize(body), Times: timex.Find(body, a.Published)}
			for _, s := range text.Sentences(body) {
				d.Sentences = append(d.Sentences, news.Span{Start: s.Start, End: s.End})
			}
		}
		ss := make([]text.Sentence, 0, len(d.Sentences))
		strs := make([]string, 0, len(d.Sentences))
		for _, sp := range d.Sentences {
			if sp.Start < 0 || sp.End > len(body) || sp.Start >= sp.End {
				continue
			}
			t := body[sp.Start:sp.End]
			ss = append(ss, text.Sentence{Text: t, Start: sp.Start, End: sp.End})
			strs = append(strs, t)
		}
		sents[a.ID] = ss
		edocs = append(edocs, entity.Doc{ID: a.ID, Story: st.ID, Mentions: d.Mentions})
		tdocs = append(tdocs, timex.Doc{ID: a.ID, Published: a.Published, Text: body, Exprs: d.Times})
		sdocs = append(sdocs, summary.Doc{ID: a.ID, Outlet: a.Outlet, Title: a.Title, Published: a.Published, Sentences: strs})
		cd := claim.Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, Text: body, Sentences: ss}
		for _, t := range d.Times {
			cd.Times = append(cd.Times, claim.TimeRef{Text: t.Text, Start: t.Start, End: t.End, Type: t.Type, Value: t.Value, Granularity: t.Granularity, Tense: t.Tense})
		}
		cdocs = append(cdocs, cd)
	}

	// The timeline needs nothing from the other stages: it is made while
	// they run.
	var timeline []timex.Entry
	timelineDone := make(chan struct{})
	go func() {
		defer close(timelineDone)
		timeline = timex.Timeline(tdocs)
	}()

	// Entities, resolved across the story; claims see every mention's entity name.
	ents := entity.Resolve(edocs)
	for _, e := range ents {
		be := brief.Entity{Name: e.Name, Type: e.Type, Articles: e.Articles, Variants: []string{}, Roles: []string{}}
		for _, v := range e.Variants {
			be.Variants = append(be.Variants, v.Name)
		}
		for _, r := range e.Roles {
			be.Roles = append(be.Roles, r.Role)
		}
		br.Entities = append(br.Entities, be)
	}
	for i, ms := range claim.ResolvedMentions(edocs, ents) {
		cdocs[i].Entities = ms
	}

	// Claims, conflicts, stances and decision rules.
	lineages := st.Lineages
	cr := claim.Analyze(claim.Input{Docs: cdocs, Lineages: lineages})
	groupOf := map[[2]string]string{} // {article, sentence text} -> group id (no key strings built)
	var sgroups []summary.Group
	for gi, g := range cr.Claims {
		br.Claims = append(br.Claims, brief.Claim{Text: g.Text, Status: g.Status, Articles: g.Articles, IndependentSources: g.IndependentSources})
		id := fmt.Sprintf("c%d", gi+1)
		sgroups = append(sgroups, summary.Group{ID: id, Text: g.Text, Articles: g.Articles})
		for _, s := range g.Supports {
			groupOf[[2]string{s.Article, s.Text}] = id
		}
	}
	for _, c := range cr.Conflicts {
		bc := brief.Conflict{Topic: c.Topic, Kind: c.Kind, PossibleChange: c.PossibleChange}
		for _, s := range c.Sides {
			side := brief.Side{Text: s.Text, Articles: s.Articles, Outlets: s.Outlets, Claim: s.Claim}
			for _, e := range s.Evidence {
				side.Evidence = append(side.Evidence, brief.Evidence{Article: e.Article, Text: e.Text, Published: e.Published})
			}
			for _, p := range s.Published {
				if !p.IsZero() && (side.Published.IsZero() || p.Before(side.Published)) {
					side.Published = p
				}
			}
			bc.Sides = append(bc.Sides, side)
		}
		br.Conflicts = append(br.Conflicts, bc)
	}
	for _, s := range cr.Stances {
		bs := brief.Stance{Actor: s.Actor, Target: s.Target, Stance: s.Stance, Evidence: []brief.Evidence{}}
		for _, e := range s.Evidence {
			bs.Evidence = append(bs.Evidence, brief.Evidence{Article: e.Article, Text: e.Text, Published: e.Published})
		}
		br.Stances = append(br.Stances, bs)
	}
	for _, r := range cr.Rules {
		br.Rules = append(br.Rules, brief.Rule{Text: r.Text, Kind: r.Kind, Members: r.Members, Needed: r.Needed, Articles: r.Articles,
			Tally: brief.Tally{Support: r.Tally.Support, Against: r.Tally.Against, Disputed: r.Tally.Disputed, Unknown: r.Tally.Unknown}, Satisfied: r.Satisfied})
	}

	// Timeline.
	<-timelineDone
	for _, e := range timeline {
		ev := brief.Event{Date: e.Date, Granularity: e.Granularity, Text: e.Text, Articles: e.Articles}
		if e.Conflict != nil {
			for _, s := range e.Conflict.Sides {
				ev.Disagreement = append(ev.Disagreement, brief.DateSide{Date: s.Date, Text: s.Text, Articles: s.Articles})
			}
		}
		br.Timeline = append(br.Timeline, ev)
	}

	// Summary, novelty and coverage, with claim groups per sentence.
	for i := range sdocs {
		gs := make([]string, len(sdocs[i].Sentences))
		for k, s := range sdocs[i].Sentences {
			gs[k] = groupOf[[2]string{sdocs[i].ID, s}]
		}
		sdocs[i].Groups = gs
	}
	an := summary.Analyse(sdocs, lineages) // one analysis for the summary and what each report adds
	for _, s := range an.Summary(summary.Options{MaxSentences: opt.SummarySentences}) {
		bs := brief.Sentence{Text: s.Text, Citations: s.Citations}
		for _, e := range s.Evidence {
			bs.Evidence = append(bs.Evidence, brief.Support{Article: e.Article, Text: e.Text, Score: e.Score})
		}
		br.Summary = append(br.Summary, bs)
	}
	for _, n := range an.Novelty() {
		adds := n.Adds
		if adds == nil {
			adds = []string{}
		}
		br.Novelty = append(br.Novelty, brief.Novelty{Article: n.Article, Adds: adds})
	}
	groupText := map[string]string{}
	for _, g := range sgroups {
		groupText[g.ID] = g.Text
	}
	for _, c := range summary.Coverage(sdocs, sgroups) {
		bc := brief.Coverage{Outlet: c.Outlet, Articles: c.Articles, Reports: []string{}, Omits: []string{}}
		for _, id := range c.Reports {
			bc.Reports = append(bc.Reports, groupText[id])
		}
		for _, id := range c.Omits {
			bc.Omits = append(bc.Omits, groupText[id])
		}
		br.Coverage = append(br.Coverage, bc)
	}

	// Provenance, as stored.
	rels := relations()
	br.Provenance = make([]brief.Relation, 0, len(rels))
	for _, r := range rels {
		rel := brief.Relation{From: r.From, To: r.To, Kind: r.Kind, Direction: r.Direction, Score: r.Score, Evidence: r.Evidence, Passages: make([]brief.Passage, 0, len(r.Passages))}
		for _, p := range r.Passages {
			rel.Passages = append(rel.Passages, brief.Passage{FromText: p.FromText, ToText: p.ToText, Match: p.Match})
		}
		br.Provenance = append(br.Provenance, rel)
	}
	normalise(br)
	return br
}

// normalise replaces nil lists by empty ones, so the JSON always has arrays.
func normalise(b *brief.Brief) {
	if b.Story.Articles == nil {
		b.Story.Articles = []brief.Article{}
	}
	if b.Summary == nil {
		b.Summary = []brief.Sentence{}
	}
	if b.Entities == nil {
		b.Entities = []brief.Entity{}
	}
	if b.Claims == nil {
		b.Claims = []brief.Claim{}
	}
	if b.Conflicts == nil {
		b.Conflicts = []brief.Conflict{}
	}
	if b.Stances == nil {
		b.Stances = []brief.Stance{}
	}
	if b.Rules == nil {
		b.Rules = []brief.Rule{}
	}
	if b.Timeline == nil {
		b.Timeline = []brief.Event{}
	}
	if b.Provenance == nil {
		b.Provenance = []brief.Relation{}
	}
	if b.Novelty == nil {
		b.Novelty = []brief.Novelty{}
	}
	if b.Coverage == nil {
		b.Coverage = []brief.Coverage{}
	}
	for i := range b.Claims {
		if b.Claims[i].Articles == nil {
			b.Claims[i].Articles = []string{}
		}
	}
}
