package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/crosscheck/crosscheck/internal/entity"
)

// entityRecord is one article of ../shared/eval/entities/*.jsonl.
type entityRecord struct {
	ID       string          `json:"id"`
	Event    string          `json:"event"`
	Text     string          `json:"text"`
	Mentions []entityMention `json:"mentions"`
}

type entityMention struct {
	StartByte int    `json:"start_byte"`
	EndByte   int    `json:"end_byte"`
	Text      string `json:"text"`
	Chain     string `json:"chain"`
	Type      string `json:"type"`
}

// goldType maps a gold mention type to the type our resolver is given, and
// recallTypes lists the recognised types that count as finding it.
// NewsWCL50 types are concept classes, not span types: a COUNTRY chain holds
// "White House" and "FBI" as well as "Iran"; ACTOR-I and GROUP hold parties,
// nationalities and their members. So they accept the span types such
// concepts are written with. PER/ACTOR need a PERSON, ORG an ORG, LOC a place.
var (
	goldType = map[string]string{
		"ACTOR": entity.Person, "ACTOR-I": entity.Person, "PER": entity.Person,
		"GROUP": entity.Org, "ORG": entity.Org,
		"COUNTRY": entity.GPE, "LOC": entity.Loc,
	}
	recallTypes = map[string][]string{
		"ACTOR": {entity.Person}, "PER": {entity.Person},
		"ACTOR-I": {entity.Person, entity.Org, entity.GPE}, "GROUP": {entity.Person, entity.Org, entity.GPE},
		"ORG":     {entity.Org},
		"LOC":     {entity.GPE, entity.Loc},
		"COUNTRY": {entity.GPE, entity.Loc, entity.Org},
	}
)

// entityNamed reports whether a gold mention is a named mention: a person,
// organisation, group or place whose text starts with an upper-case letter
// once leading quotes and brackets are stripped.
func entityNamed(m entityMention) bool {
	if _, ok := goldType[m.Type]; !ok {
		return false
	}
	t := strings.TrimLeft(m.Text, "\"'“‘([«")
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

// Entities measures named-mention recall of entity.Recognize and
// cross-document coreference of entity.Resolve over the named gold mentions
// (resolved within each event), beside an exact lower-cased string baseline.
func Entities(ctx context.Context, paths []string) (*Report, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("eval: entities: no data files")
	}
	rep := &Report{Task: "entities", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{"exact-string": {}},
		Datasets: map[string]*Report{}}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		recs, err := ReadJSONL[entityRecord](p)
		if err != nil {
			return nil, fmt.Errorf("eval: entities: %w", err)
		}
		d := entitiesDataset(recs)
		name := strings.TrimSuffix(filepath.Base(p), ".jsonl")
		rep.Datasets[name] = d
		rep.N += d.N
	}
	for _, d := range rep.Datasets {
		for k, v := range d.Metrics {
			rep.Metrics[k] += v / float64(len(rep.Datasets))
		}
		for k, v := range d.Baselines["exact-string"] {
			rep.Baselines["exact-string"][k] += v / float64(len(rep.Datasets))
		}
	}
	rep.Notes = append(rep.Notes,
		"overall metrics are the macro average over the files",
		"named mention: gold type ACTOR, ACTOR-I, GROUP, COUNTRY (NewsWCL50) or PER, ORG, LOC (MEANTIME), text upper-case initial",
		"named_recall: an overlapping recognised mention of a compatible type (PER/ACTOR->PERSON; ORG->ORG; LOC->GPE/LOC; COUNTRY->GPE/LOC/ORG; ACTOR-I/GROUP->PERSON/ORG/GPE); named_recall_any ignores the type",
		"coref: Resolve gets the gold spans (types mapped, names and roles parsed from the span and its recognised context), per event",
		"*_unsplit: scored against chains with the converter's cross_/intra_/cross_intra_ prefixes removed. MEANTIME's converted ids split one real entity into chains that share the number: within an article by position (Boeing: cross_intra_ in the first sentences, cross_ after) and across articles (Apple, Steve Jobs: intra_ in some articles, cross_ or cross_intra_ in others). Linking every mention of each real entity therefore caps coref_pairwise_f1 on the chains as given (the file's note); the resolver never sees chain ids",
	)
	return rep, nil
}

// entitiesDataset scores one file.
func entitiesDataset(recs []entityRecord) *Report {
	r := &Report{Task: "entities", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{"exact-string": {}}}
	var found, foundAny, total int
	type key struct {
		doc string
		i   int
	}
	gold := map[key]string{}
	unsplit := map[key]string{}
	pred := map[key]string{}
	base := map[key]string{}
	byEvent := map[string][]int{}
	var events []string
	for ri, rec := range recs {
		if _, ok := byEvent[rec.Event]; !ok {
			events = append(events, rec.Event)
		}
		byEvent[rec.Event] = append(byEvent[rec.Event], ri)
	}
	sort.Strings(events)
	for _, ev := range events {
		var docs []entity.Doc
		var idx [][]int // doc -> mention index in the record
		for _, ri := range byEvent[ev] {
			rec := recs[ri]
			rec.Text = strings.ToValidUTF8(rec.Text, " ")
			ms := entity.Recognize(rec.Text)
			var dm []entity.Mention
			var di []int
			for gi, g := range rec.Mentions {
				if !entityNamed(g) || g.StartByte < 0 || g.EndByte > len(rec.Text) || g.StartByte >= g.EndByte {
					continue
				}
				total++
				hitTyped, hitAny := false, false
				for _, m := range ms {
					if m.Start < g.EndByte && g.StartByte < m.End {
						hitAny = true
						for _, t := range recallTypes[g.Type] {
							if m.Type == t {
								hitTyped = true
							}
						}
					}
				}
				if hitTyped {
					found++
				}
				if hitAny {
					foundAny++
				}
				k := key{rec.ID, gi}
				gold[k] = ev + "|" + g.Chain
				unsplit[k] = ev + "|" + unsplitChain(g.Chain)
				base[k] = ev + "|" + strings.ToLower(g.Text)
				dm = append(dm, entity.SpanMention(rec.Text, g.StartByte, g.EndByte, goldType[g.Type], ms))
				di = append(di, gi)
			}
			docs = append(docs, entity.Doc{ID: rec.ID, Story: ev, Mentions: dm})
			idx = append(idx, di)
		}
		docIndex := map[string]int{}
		for i, d := range docs {
			docIndex[d.ID] = i
		}
		for ei, e := range entity.Resolve(docs) {
			for _, ref := range e.Mentions {
				gi := idx[docIndex[ref.Article]][ref.Index]
				pred[key{ref.Article, gi}] = fmt.Sprintf("%s|%d", ev, ei)
			}
		}
		// mentions Resolve left out are singletons
		for i, d := range docs {
			for mi := range d.Mentions {
				k := key{d.ID, idx[i][mi]}
				if _, ok := pred[k]; !ok {
					pred[k] = fmt.Sprintf("%s|solo|%s|%d", ev, d.ID, mi)
				}
			}
		}
	}
	r.N = total
	if total > 0 {
		r.Metrics["named_recall"] = float64(found) / float64(total)
		r.Metrics["named_recall_any"] = float64(foundAny) / float64(total)
	}
	keys := make([]key, 0, len(gold))
	for k := range gold {
		keys = append(keys, k)
	}
	g := make([]string, len(keys))
	u := make([]string, len(keys))
	p := make([]string, len(keys))
	b := make([]string, len(keys))
	for i, k := range keys {
		g[i], u[i], p[i], b[i] = gold[k], unsplit[k], pred[k], base[k]
	}
	if uf, up, ur := entityPairwiseF1(u, p); uf > 0 {
		r.Metrics["coref_pairwise_f1_unsplit"] = uf
		r.Metrics["coref_pairwise_precision_unsplit"], r.Metrics["coref_pairwise_recall_unsplit"] = up, ur
		r.Baselines["exact-string"]["coref_pairwise_f1_unsplit"], _, _ = entityPairwiseF1(u, b)
		if ceil, _, _ := entityPairwiseF1(g, u); ceil < 1 {
			r.Notes = append(r.Notes, fmt.Sprintf("linking every mention of each real entity (chains unsplit) scores coref_pairwise_f1 %.4f on these chains: the ceiling for a correct resolver", ceil))
		}
	}
	pf, pp, pr := entityPairwiseF1(g, p)
	bf, bp, br := entityBCubedF1(g, p)
	r.Metrics["coref_pairwise_f1"], r.Metrics["coref_pairwise_precision"], r.Metrics["coref_pairwise_recall"] = pf, pp, pr
	r.Metrics["coref_bcubed_f1"], r.Metrics["coref_bcubed_precision"], r.Metrics["coref_bcubed_recall"] = bf, bp, br
	pf, pp, pr = entityPairwiseF1(g, b)
	bf, bp, br = entityBCubedF1(g, b)
	bl := r.Baselines["exact-string"]
	bl["coref_pairwise_f1"], bl["coref_pairwise_precision"], bl["coref_pairwise_recall"] = pf, pp, pr
	bl["coref_bcubed_f1"], bl["coref_bcubed_precision"], bl["coref_bcubed_recall"] = bf, bp, br
	return r
}

// entityPairwiseF1 scores the predicted clustering p against gold g (labels per
// item) over all pairs of items in one cluster.
func entityPairwiseF1(g, p []string) (f1, precision, recall float64) {
	type pair struct{ g, p string }
	gc, pc := map[string]int{}, map[string]int{}
	both := map[pair]int{}
	for i := range g {
		gc[g[i]]++
		pc[p[i]]++
		both[pair{g[i], p[i]}]++
	}
	pairs := func(m map[string]int) (n int) {
		for _, c := range m {
			n += c * (c - 1) / 2
		}
		return n
	}
	tp := 0
	for _, c := range both {
		tp += c * (c - 1) / 2
	}
	gp, pp := pairs(gc), pairs(pc)
	if pp > 0 {
		precision = float64(tp) / float64(pp)
	}
	if gp > 0 {
		recall = float64(tp) / float64(gp)
	}
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return f1, precision, recall
}

// entityBCubedF1 is the B-cubed F1 of the clustering p against gold g.
func entityBCubedF1(g, p []string) (f1, precision, recall float64) {
	if len(g) == 0 {
		return 0, 0, 0
	}
	type pair struct{ g, p string }
	gc, pc := map[string]int{}, map[string]int{}
	both := map[pair]int{}
	for i := range g {
		gc[g[i]]++
		pc[p[i]]++
		both[pair{g[i], p[i]}]++
	}
	for i := range g {
		in := float64(both[pair{g[i], p[i]}])
		precision += in / float64(pc[p[i]])
		recall += in / float64(gc[g[i]])
	}
	precision /= float64(len(g))
	recall /= float64(len(g))
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return f1, precision, recall
}

// unsplitChain drops the MEANTIME converter's scope prefixes from a chain id,
// for the diagnostic *_unsplit metrics only.
func unsplitChain(c string) string {
	for _, p := range []string{"cross_intra_", "cross_", "intra_"} {
		if strings.HasPrefix(c, p) {
			return c[len(p):]
		}
	}
	return c
}
