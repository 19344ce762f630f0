package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/crosscheck/crosscheck/internal/align"
)

// paraphraseRecord is one MSRP-format line: two sentences and a 0/1 label.
type paraphraseRecord struct {
	ID    string `json:"id"`
	A     string `json:"a"`
	B     string `json:"b"`
	Label int    `json:"label"`
}

// paraphraseFolds is the number of cross-validation folds for cv_accuracy.
const paraphraseFolds = 10

// jaccardBaseline is the README's word-overlap baseline threshold.
const jaccardBaseline = 0.37

// Paraphrase evaluates align.IsParaphrase on MSRP-format files: accuracy and
// F1 of the positive class (the MSRP convention), beside the majority-class
// and word-Jaccard (>= 0.37) baselines. The shipped model was fitted on the
// dev file, so on dev "accuracy"/"f1" are training figures; "cv_accuracy" and
// "cv_f1" refit the same features with 10-fold cross-validation inside each
// file and are what to expect on unseen pairs. With several files, overall
// metrics are the macro average of the per-file reports in Datasets.
func Paraphrase(ctx context.Context, paths []string) (*Report, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("eval: paraphrase: no data file")
	}
	out := &Report{Task: "paraphrase", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{}}
	var reps []*Report
	for _, p := range paths {
		recs, err := ReadJSONL[paraphraseRecord](p)
		if err != nil {
			return nil, fmt.Errorf("eval: paraphrase: %w", err)
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("eval: paraphrase: %s has no records", p)
		}
		r, err := paraphraseFile(ctx, recs)
		if err != nil {
			return nil, fmt.Errorf("eval: paraphrase %s: %w", p, err)
		}
		reps = append(reps, r)
		if len(paths) > 1 {
			if out.Datasets == nil {
				out.Datasets = map[string]*Report{}
			}
			out.Datasets[strings.TrimSuffix(filepath.Base(p), ".jsonl")] = r
		}
	}
	if len(reps) == 1 {
		return reps[0], nil
	}
	for _, r := range reps {
		out.N += r.N
		for k, v := range r.Metrics {
			out.Metrics[k] += v / float64(len(reps))
		}
		for b, m := range r.Baselines {
			if out.Baselines[b] == nil {
				out.Baselines[b] = map[string]float64{}
			}
			for k, v := range m {
				out.Baselines[b][k] += v / float64(len(reps))
			}
		}
	}
	out.Notes = append(out.Notes, "overall metrics are the macro average over the files in datasets", reps[0].Notes[0])
	return out, nil
}

func paraphraseFile(ctx context.Context, recs []paraphraseRecord) (*Report, error) {
	model := align.ShippedModel()
	x := make([][]float64, len(recs))
	gold := make([]bool, len(recs))
	pred := make([]bool, len(recs))
	jac := make([]bool, len(recs))
	major := make([]bool, len(recs))
	for i, r := range recs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		x[i] = align.PairFeatures(r.A, r.B)
		gold[i] = r.Label == 1
		pred[i] = model.Prob(x[i]) >= align.ParaphraseThreshold
		jac[i] = wordJaccard(r.A, r.B) >= jaccardBaseline
		major[i] = true
	}
	probs := align.CrossValidate(x, gold, paraphraseFolds, align.DefaultL2)
	cv := make([]bool, len(recs))
	for i, p := range probs {
		cv[i] = p >= align.ParaphraseThreshold
	}
	acc, f1 := binaryScores(pred, gold)
	cvAcc, cvF1 := binaryScores(cv, gold)
	mAcc, mF1 := binaryScores(major, gold)
	jAcc, jF1 := binaryScores(jac, gold)
	return &Report{
		Task:    "paraphrase",
		N:       len(recs),
		Metrics: map[string]float64{"accuracy": acc, "f1": f1, "cv_accuracy": cvAcc, "cv_f1": cvF1},
		Baselines: map[string]map[string]float64{
			"majority": {"accuracy": mAcc, "f1": mF1},
			"jaccard":  {"accuracy": jAcc, "f1": jF1},
		},
		Notes: []string{fmt.Sprintf("accuracy/f1: shipped model (fitted on the MSRP dev file, so training figures there); cv_accuracy/cv_f1: the same features refitted by %d-fold cross-validation within this file (held-out predictions)", paraphraseFolds)},
	}, nil
}

// binaryScores returns accuracy and the F1 of the positive class.
func binaryScores(pred, gold []bool) (acc, f1 float64) {
	tp, fp, fn, ok := 0, 0, 0, 0
	for i := range pred {
		if pred[i] == gold[i] {
			ok++
		}
		switch {
		case pred[i] && gold[i]:
			tp++
		case pred[i] && !gold[i]:
			fp++
		case !pred[i] && gold[i]:
			fn++
		}
	}
	if len(pred) > 0 {
		acc = float64(ok) / float64(len(pred))
	}
	if tp > 0 {
		f1 = 2 * float64(tp) / float64(2*tp+fp+fn)
	}
	return acc, f1
}

// wordJaccard is the README baseline: lower-cased words split on
// non-alphanumerics, Jaccard of the two word sets.
func wordJaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			m[w] = true
		}
		return m
	}
	x, y := set(a), set(b)
	inter := 0
	for w := range x {
		if y[w] {
			inter++
		}
	}
	union := len(x) + len(y) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}
