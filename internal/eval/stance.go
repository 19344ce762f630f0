package eval

import (
	"context"
	"fmt"
	"hash/fnv"
	"path/filepath"
	"slices"
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

// stanceFolds is the number of cross-validation folds of the cv_ figures.
// Groups (bodies or claims) never straddle folds, so every such figure is
// measured on bodies or claims the model did not see.
const stanceFolds = 5

// Stance evaluates the shipped stance classifiers, fitted once on the dev
// files and applied unchanged to whatever file is given. FNC-1 files
// (records with a body) are scored with the official relative score,
// accuracy and per-class F1; Emergent files (records with a claim) with
// accuracy and per-class and macro F1. A file of unlabeled bodies only feeds
// the IDF statistics. On the very file a shipped model was fitted on, those
// are training figures, so the eval adds the honest estimate: cv_fnc_score,
// cv_accuracy and cv_macro_f1 of the same configuration refitted by 5-fold
// cross-validation grouped by body or claim.
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
		if len(recs) == 0 {
			return nil, fmt.Errorf("eval: stance: %s has no records", p)
		}
		if recs[0].Label == "" {
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
			pairs, gold := stanceFNCPairs(s.recs)
			r = stanceFNC(s.recs, extraBodies, stance.FittedOnFNC(pairs, gold))
		} else {
			pairs, gold := stanceEmergentPairs(s.recs)
			r = stanceEmergent(s.recs, stance.FittedOnEmergent(pairs, gold))
		}
		out.Datasets[s.name] = r
		out.N += r.N
	}
	stanceMacroAverage(out)
	out.Notes = append(out.Notes, "overall metrics are the macro average over datasets of the keys they share; see datasets for each")
	out.Notes = append(out.Notes, "fnc_score, accuracy, macro_f1, f1_<label>: the shipped models (internal/stance fnc_weights.go, emergent_weights.go), fitted once on the dev files and applied unchanged; cv_*: grouped 5-fold cross-validation, only on the file a model was fitted on")
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

// stanceFNCPairs turns FNC-1 records into classifier pairs grouped by body
// (body_id, or the text when there is none) and their gold labels.
func stanceFNCPairs(recs []stanceRecord) ([]stance.FNCPair, []string) {
	pairs := make([]stance.FNCPair, len(recs))
	gold := make([]string, len(recs))
	for i, r := range recs {
		g := r.Body
		if r.BodyID != nil {
			g = strconv.Itoa(*r.BodyID)
		}
		pairs[i] = stance.FNCPair{Headline: r.Headline, Body: r.Body, Group: g}
		gold[i] = r.Label
	}
	return pairs, gold
}

// stanceFNC scores the shipped FNC-1 classifier on headline/body pairs and,
// with cv, the same configuration refitted by grouped cross-validation.
func stanceFNC(recs []stanceRecord, extra []string, cv bool) *Report {
	pairs, gold := stanceFNCPairs(recs)
	bodies := make([]string, 0, len(pairs)+len(extra))
	seen := map[string]bool{}
	for _, p := range pairs {
		if !seen[p.Group] {
			seen[p.Group] = true
			bodies = append(bodies, p.Body)
		}
	}
	bodies = append(bodies, extra...)
	idf := stance.FNCIDF(bodies)
	rows := stance.FNCRows(pairs, idf)
	c := stance.ShippedFNC()
	pred := make([]string, len(recs))
	for i, r := range rows {
		pred[i] = c.Classify(r)
	}
	labels := []string{stance.Agree, stance.Disagree, stance.Discuss, stance.Unrelated}
	score := func(p []string) map[string]float64 {
		m := stanceClassMetrics(gold, p, labels)
		m["fnc_score"] = stanceFNCScore(gold, p)
		return m
	}
	r := &Report{Task: "stance/fnc1", N: len(recs), Metrics: score(pred), Baselines: map[string]map[string]float64{}}
	if cv {
		folds := make([]int, len(recs))
		for i, p := range pairs {
			folds[i] = stanceFold(p.Group)
		}
		oof := make([]string, len(recs))
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
					oof[i] = c.Classify(rows[i])
				}
			}
		}
		m := score(oof)
		for _, k := range []string{"fnc_score", "accuracy", "macro_f1"} {
			r.Metrics["cv_"+k] = m[k]
		}
	}
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
	r.Notes = append(r.Notes, fmt.Sprintf("crosscheck: the shipped two-stage logistic regression (related?, then agree/disagree/discuss) on %d lexical features plus hashed body and headline words, fitted on the FNC-1 dev pairs and applied unchanged; IDF from the shipped table of the unlabeled FNC-1 training bodies plus this file's %d bodies; the other headlines paired with a body are used as unlabeled context", len(stance.FeatureNames)+len(stance.PeerFeatureNames), len(seen)))
	r.Notes = append(r.Notes, stanceCVNote(cv, "body_id"))
	return r
}

// stanceCVNote says what the top-level figures of a dataset are.
func stanceCVNote(cv bool, group string) string {
	if cv {
		return fmt.Sprintf("this is the file the shipped model was fitted on: fnc_score, accuracy, macro_f1 and f1_* are training-set figures; cv_* are the honest estimate, the same configuration refitted by %d-fold cross-validation grouped by %s (out-of-fold predictions)", stanceFolds, group)
	}
	return "the shipped model never saw this file: every figure is a held-out measurement (no cv_* figures: the eval does not learn from the labels it scores)"
}

// stanceEmergentPairs turns Emergent records into classifier pairs grouped
// by claim (claim_id, or the text when there is none) and their labels.
func stanceEmergentPairs(recs []stanceRecord) ([]stance.EmergentPair, []string) {
	pairs := make([]stance.EmergentPair, len(recs))
	gold := make([]string, len(recs))
	for i, r := range recs {
		g := r.ClaimID
		if g == "" {
			g = r.Claim
		}
		pairs[i] = stance.EmergentPair{Claim: r.Claim, Headline: r.Headline, Group: g}
		gold[i] = r.Label
	}
	return pairs, gold
}

// stanceEmergent scores the shipped Emergent model on claim/headline pairs
// (for, against, observing) and, with cv, the same configuration refitted
// by grouped cross-validation.
func stanceEmergent(recs []stanceRecord, cv bool) *Report {
	pairs, gold := stanceEmergentPairs(recs)
	rows := stance.EmergentRows(pairs)
	labels := stance.EmergentLabels
	m := stance.ShippedEmergent()
	pred := make([]string, len(recs))
	for i, row := range rows {
		pred[i] = m.Labels[m.Predict(row)]
	}
	r := &Report{Task: "stance/emergent", N: len(recs), Metrics: stanceClassMetrics(gold, pred, labels), Baselines: map[string]map[string]float64{}}
	if cv {
		oof := make([]string, len(recs))
		for f := 0; f < stanceFolds; f++ {
			var x []stance.Row
			var y []int
			for i, p := range pairs {
				if c := slices.Index(labels, gold[i]); stanceFold(p.Group) != f && c >= 0 {
					x = append(x, rows[i])
					y = append(y, c)
				}
			}
			m := stance.Train(labels, x, y, stance.EmergentOptions)
			for i, p := range pairs {
				if stanceFold(p.Group) == f {
					oof[i] = labels[m.Predict(rows[i])]
				}
			}
		}
		cm := stanceClassMetrics(gold, oof, labels)
		for _, k := range []string{"accuracy", "macro_f1"} {
			r.Metrics["cv_"+k] = cm[k]
		}
	}
	r.Baselines["majority"] = stanceClassMetrics(gold, stanceConstant(len(recs), stanceMajority(gold)), labels)
	cue := make([]string, len(recs))
	for i, rec := range recs {
		cue[i] = stance.CueRule(rec.Headline)
	}
	r.Baselines["cue-words"] = stanceClassMetrics(gold, cue, labels)
	r.Notes = append(r.Notes, "cue-words is the README's rule with crosscheck's cue lexicon (the README's own word list scored 0.743 accuracy)")
	r.Notes = append(r.Notes, fmt.Sprintf("crosscheck: the shipped logistic regression on %d features (cue words, claim-headline overlap and negation, cues of the other headlines on the same claim as unlabeled context) and hashed headline words, fitted on the Emergent dev pairs and applied unchanged; IDF over this file's headlines", len(rows[0].Dense)))
	r.Notes = append(r.Notes, stanceCVNote(cv, "claim_id"))
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
