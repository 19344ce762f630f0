package eval

import (
	"context"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/crosscheck/crosscheck/internal/stance"
)

// stanceRecord is one line of either stance file: FNC-1 (headline, body,
// body_id) or Emergent (claim, headline, claim_id). The unlabeled FNC-1
// training bodies have only id, body_id and body.
type stanceRecord struct {
	ID       string `json:"id"`
	Headline string `json:"headline"`
	Body     string `json:"body"`
	Label    string `json:"label"`
	BodyID   *int   `json:"body_id"`
	Claim    string `json:"claim"`
	ClaimID  string `json:"claim_id"`
}

// stanceFolds is the number of cross-validation folds. Groups (bodies or
// claims) never straddle folds, so every figure is measured on bodies or
// claims the model did not see, as on the unseen check data.
const stanceFolds = 5

// Stance evaluates the stance classifiers. FNC-1 files (records with a body)
// are scored with the official relative score, accuracy and per-class F1;
// Emergent files (records with a claim) with accuracy and macro-F1. A file of
// unlabeled bodies only feeds the IDF statistics. The learned weights are
// fitted by grouped cross-validation inside each file: the reported figures
// are out-of-fold predictions.
func Stance(ctx context.Context, paths []string) (*Report, error) {
	type labelled struct {
		name string
		recs []stanceRecord
	}
	var sets []labelled
	var extraBodies []string
	for _, p := range paths {
		recs, err := ReadJSONL[stanceRecord](p)
		if err != nil {
			return nil, fmt.Errorf("eval: stance: %w", err)
		}
		if len(recs) > 0 && recs[0].Label == "" {
			for _, r := range recs {
				extraBodies = append(extraBodies, r.Body)
			}
			continue
		}
		sets = append(sets, labelled{strings.TrimSuffix(filepath.Base(p), ".jsonl"), recs})
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("eval: stance: no labelled file among %v", paths)
	}
	out := &Report{Task: "stance", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{}, Datasets: map[string]*Report{}}
	for _, s := range sets {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval: stance: %w", err)
		}
		var r *Report
		if s.recs[0].Body != "" || s.recs[0].BodyID != nil {
			r = stanceFNC(s.recs, extraBodies)
		} else {
			r = stanceEmergent(s.recs)
		}
		out.Datasets[s.name] = r
		out.N += r.N
	}
	stanceMacroAverage(out)
	out.Notes = append(out.Notes, "overall metrics are the macro average over datasets of the keys they share; see datasets for each")
	return out, nil
}

// macroAverage fills r's metrics and baselines with the mean over datasets of
// every key that all datasets report.
func stanceMacroAverage(r *Report) {
	avg := func(get func(*Report) map[string]float64) map[string]float64 {
		sum := map[string]float64{}
		cnt := map[string]int{}
		for _, d := range r.Datasets {
			for k, v := range get(d) {
				sum[k] += v
				cnt[k]++
			}
		}
		m := map[string]float64{}
		for k, v := range sum {
			if cnt[k] == len(r.Datasets) {
				m[k] = v / float64(cnt[k])
			}
		}
		return m
	}
	r.Metrics = avg(func(d *Report) map[string]float64 { return d.Metrics })
	names := map[string]bool{}
	for _, d := range r.Datasets {
		for n := range d.Baselines {
			names[n] = true
		}
	}
	for n := range names {
		m := avg(func(d *Report) map[string]float64 { return d.Baselines[n] })
		if len(m) > 0 {
			r.Baselines[n] = m
		}
	}
}

func stanceFold(group string) int {
	h := fnv.New32a()
	h.Write([]byte(group))
	return int(h.Sum32() % stanceFolds)
}

// stanceFNC scores FNC-1 headline/body pairs.
func stanceFNC(recs []stanceRecord, extra []string) *Report {
	bodies := map[int]string{}
	group := func(r stanceRecord) string {
		if r.BodyID != nil {
			return strconv.Itoa(*r.BodyID)
		}
		return r.Body
	}
	var docs []string
	seen := map[string]bool{}
	for _, r := range recs {
		g := group(r)
		if !seen[g] {
			seen[g] = true
			docs = append(docs, r.Body)
		}
		if r.BodyID != nil {
			bodies[*r.BodyID] = r.Body
		}
	}
	docs = append(docs, extra...)
	idf := stance.NewIDF(docs)
	prepared := map[string]*stance.Body{}
	rows := make([]stance.Row, len(recs))
	gold := make([]string, len(recs))
	folds := make([]int, len(recs))
	for i, r := range recs {
		g := group(r)
		b := prepared[g]
		if b == nil {
			b = stance.Prepare(r.Body, idf)
			prepared[g] = b
		}
		rows[i] = stance.Features(r.Headline, b, idf)
		gold[i] = r.Label
		folds[i] = stanceFold(g)
	}
	// the other headlines paired with each body: unlabeled context
	byBody := map[string][]int{}
	for i, r := range recs {
		byBody[group(r)] = append(byBody[group(r)], i)
	}
	for _, idx := range byBody {
		hs := make([]string, len(idx))
		cs := make([]float64, len(idx))
		for k, i := range idx {
			hs[k], cs[k] = recs[i].Headline, rows[i].Dense[0]
		}
		for k, p := range stance.PeerClaims(hs, cs, idf) {
			rows[idx[k]].Dense = append(rows[idx[k]].Dense, p...)
		}
	}
	pred := make([]string, len(recs))
	for f := 0; f < stanceFolds; f++ {
		var train []stance.Example
		for i := range recs {
			if folds[i] != f {
				train = append(train, stance.Example{Row: rows[i], Label: gold[i]})
			}
		}
		c := stance.TrainClassifier(train)
		for i := range recs {
			if folds[i] == f {
				pred[i] = c.Classify(rows[i])
			}
		}
	}
	labels := []string{stance.Agree, stance.Disagree, stance.Discuss, stance.Unrelated}
	score := func(p []string) map[string]float64 {
		m := stanceClassMetrics(gold, p, labels)
		m["fnc_score"] = stanceFNCScore(gold, p)
		return m
	}
	r := &Report{Task: "stance/fnc1", N: len(recs), Metrics: score(pred), Baselines: map[string]map[string]float64{}}
	r.Baselines["majority"] = score(stanceConstant(len(recs), stanceMajority(gold)))
	// the README's rule: TF-IDF cosine below 0.055 is unrelated, else discuss
	tf := make([]string, len(recs))
	for i := range recs {
		if rows[i].Dense[0] < 0.055 {
			tf[i] = stance.Unrelated
		} else {
			tf[i] = stance.Discuss
		}
	}
	r.Baselines["tfidf-discuss"] = score(tf)
	r.Notes = append(r.Notes, fmt.Sprintf("crosscheck: two-stage logistic regression (related?, then agree/disagree/discuss) on %d lexical features plus hashed body and headline words; %d-fold cross-validation grouped by body_id (out-of-fold predictions); IDF from %d bodies; the other headlines paired with a body are used as unlabeled context", len(stance.FeatureNames)+len(stance.PeerFeatureNames), stanceFolds, len(docs)))
	return r
}

// stanceEmergent scores Emergent claim/headline pairs: for, against, observing.
func stanceEmergent(recs []stanceRecord) *Report {
	var docs []string
	for _, r := range recs {
		docs = append(docs, r.Headline)
	}
	idf := stance.NewIDF(docs)
	rows := make([]stance.Row, len(recs))
	gold := make([]string, len(recs))
	folds := make([]int, len(recs))
	group := func(r stanceRecord) string {
		if r.ClaimID != "" {
			return r.ClaimID
		}
		return r.Claim
	}
	byClaim := map[string][]int{}
	for i, r := range recs {
		byClaim[group(r)] = append(byClaim[group(r)], i)
	}
	for i, r := range recs {
		rows[i] = stance.PairRow(r.Claim, r.Headline, idf)
		// the other headlines on the same claim: unlabeled context, as the
		// other articles of a story are for claim agreement
		var peers []string
		for _, j := range byClaim[group(r)] {
			if j != i {
				peers = append(peers, recs[j].Headline)
			}
		}
		rows[i].Dense = append(rows[i].Dense, stance.PeerFeatures(peers)...)
		gold[i] = r.Label
		folds[i] = stanceFold(group(r))
	}
	labels := stance.EmergentLabels
	pred := make([]string, len(recs))
	for f := 0; f < stanceFolds; f++ {
		var x []stance.Row
		var y []int
		for i := range recs {
			if folds[i] == f {
				continue
			}
			for c, l := range labels {
				if l == gold[i] {
					x = append(x, rows[i])
					y = append(y, c)
				}
			}
		}
		m := stance.Train(labels, x, y, stance.TrainOptions{L2: stance.EmergentL2, SparseL2: stance.EmergentSparseL2, NSparse: stance.HashDim, Epochs: 300})
		for i := range recs {
			if folds[i] == f {
				pred[i] = labels[m.Predict(rows[i])]
			}
		}
	}
	r := &Report{Task: "stance/emergent", N: len(recs), Metrics: stanceClassMetrics(gold, pred, labels), Baselines: map[string]map[string]float64{}}
	r.Baselines["majority"] = stanceClassMetrics(gold, stanceConstant(len(recs), stanceMajority(gold)), labels)
	cue := make([]string, len(recs))
	for i, rec := range recs {
		cue[i] = stance.CueRule(rec.Headline)
	}
	r.Baselines["cue-words"] = stanceClassMetrics(gold, cue, labels)
	r.Notes = append(r.Notes, "cue-words is the README's rule with crosscheck's cue lexicon (the README's own word list scored 0.743 accuracy)")
	r.Notes = append(r.Notes, fmt.Sprintf("crosscheck: logistic regression on %d features (cue words, claim-headline overlap and negation, cues of the other headlines on the same claim as unlabeled context) and hashed headline words, %d-fold cross-validation grouped by claim_id (out-of-fold predictions)", len(rows[0].Dense), stanceFolds))
	return r
}

func stanceConstant(n int, l string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = l
	}
	return out
}

func stanceMajority(gold []string) string {
	c := map[string]int{}
	for _, g := range gold {
		c[g]++
	}
	best := ""
	for l, n := range c {
		if n > c[best] || (n == c[best] && l < best) {
			best = l
		}
	}
	return best
}

// classMetrics gives accuracy, per-class F1 (f1_<label>) and macro-F1.
func stanceClassMetrics(gold, pred, labels []string) map[string]float64 {
	m := map[string]float64{}
	correct := 0
	for i := range gold {
		if gold[i] == pred[i] {
			correct++
		}
	}
	if len(gold) > 0 {
		m["accuracy"] = float64(correct) / float64(len(gold))
	}
	ls := append([]string(nil), labels...)
	sort.Strings(ls)
	var macro float64
	for _, l := range ls {
		var tp, fp, fn float64
		for i := range gold {
			switch {
			case gold[i] == l && pred[i] == l:
				tp++
			case pred[i] == l:
				fp++
			case gold[i] == l:
				fn++
			}
		}
		f1 := 0.0
		if tp > 0 {
			f1 = 2 * tp / (2*tp + fp + fn)
		}
		m["f1_"+l] = f1
		macro += f1
	}
	m["macro_f1"] = macro / float64(len(ls))
	return m
}

// fncScore is the official FNC-1 score relative to the gold labels' score:
// 0.25 for a correct related/unrelated decision, 0.75 more for the right
// label among agree, disagree and discuss.
func stanceFNCScore(gold, pred []string) float64 {
	var got, best float64
	for i := range gold {
		g, p := gold[i], pred[i]
		if g == stance.Unrelated {
			best += 0.25
		} else {
			best += 1
		}
		if g == p {
			got += 0.25
			if g != stance.Unrelated {
				got += 0.75
			}
			continue
		}
		if g != stance.Unrelated && p != stance.Unrelated {
			got += 0.25
		}
	}
	if best == 0 {
		return 0
	}
	return got / best
}
