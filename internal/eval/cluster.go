package eval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"github.com/crosscheck/crosscheck/internal/cluster"
	"github.com/crosscheck/crosscheck/internal/text"
)

// clusterRecord is one line of ../shared/eval/cluster/*.jsonl.
type clusterRecord struct {
	ID       string  `json:"id"`
	Text     string  `json:"text"`
	Title    *string `json:"title"`
	URL      *string `json:"url"`
	Event    string  `json:"event"`
	Topic    string  `json:"topic"`
	Subtopic *string `json:"subtopic"`
	Outlet   *string `json:"outlet"`
	Dataset  string  `json:"dataset"`
}

// baselineThreshold is the single-pass TF-IDF baseline's threshold per
// dataset, as ../shared/eval/README.md tuned it on dev.
func baselineThreshold(dataset string) float64 {
	if dataset == "newswcl50" {
		return 0.27
	}
	return 0.26
}

// Cluster clusters each file on its own with the incremental clusterer
// (articles in file order, then the re-clustering pass) and, in the same run,
// the single-pass TF-IDF baseline. Metrics: BCubed and pairwise P/R/F1
// against the gold `event`. Overall metrics are the macro average over files.
// Extra metrics: online_* before Recluster, shuffled_* the mean over five
// shuffled orders (robustness to arrival order), half0_* and half1_* each
// half of the file's topics (alternate topics in order of first
// appearance) clustered on its own, so that a rule tuned on one half can be
// checked on the other. Topic ids split the file for this report only; the
// clusterer never sees them.
func Cluster(ctx context.Context, paths []string) (*Report, error) {
	return clusterWith(ctx, paths, cluster.DefaultConfig())
}

func clusterWith(ctx context.Context, paths []string, cfg cluster.Config) (*Report, error) {
	out := &Report{Task: "cluster", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{}}
	if len(paths) > 1 {
		out.Datasets = map[string]*Report{}
	}
	for _, path := range paths {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval: cluster: %w", err)
		}
		recs, err := ReadJSONL[clusterRecord](path)
		if err != nil {
			return nil, fmt.Errorf("eval: cluster: %w", err)
		}
		r := clusterFile(recs, cfg)
		if len(paths) == 1 {
			return r, nil
		}
		out.Datasets[strings.TrimSuffix(filepath.Base(path), ".jsonl")] = r
		out.N += r.N
	}
	clusterMacro(out)
	out.Notes = append(out.Notes, "overall metrics are the macro average over files; shuffled_* = mean over 5 random arrival orders; online_* = before the re-clustering pass")
	return out, nil
}

func clusterMacro(out *Report) {
	k := float64(len(out.Datasets))
	for _, d := range out.Datasets {
		for m, v := range d.Metrics {
			out.Metrics[m] += v / k
		}
		for b, ms := range d.Baselines {
			if out.Baselines[b] == nil {
				out.Baselines[b] = map[string]float64{}
			}
			for m, v := range ms {
				out.Baselines[b][m] += v / k
			}
		}
	}
}

func clusterFile(recs []clusterRecord, cfg cluster.Config) *Report {
	gold := make([]string, len(recs))
	for i, r := range recs {
		gold[i] = r.Event
	}
	r := &Report{Task: "cluster", N: len(recs), Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{}}
	online, final := runIncremental(recs, clusterIdentity(len(recs)), cfg)
	addClusterMetrics(r.Metrics, "", final, gold)
	addClusterMetrics(r.Metrics, "online_", online, gold)
	const shuffles = 5
	sh := map[string]float64{}
	for s := range shuffles {
		order := clusterIdentity(len(recs))
		rng := rand.New(rand.NewPCG(uint64(s)+1, 7))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		_, fin := runIncremental(recs, order, cfg)
		m := map[string]float64{}
		addClusterMetrics(m, "shuffled_", fin, gold)
		for k, v := range m {
			sh[k] += v / shuffles
		}
	}
	for k, v := range sh {
		r.Metrics[k] = v
	}
	base := map[string]float64{}
	ds := ""
	if len(recs) > 0 {
		ds = recs[0].Dataset
	}
	addClusterMetrics(base, "", clusterSinglePass(recs, baselineThreshold(ds)), gold)
	for h, half := range clusterHalves(recs) {
		if len(half) == 0 || len(half) == len(recs) {
			continue
		}
		hg := make([]string, len(half))
		for i, x := range half {
			hg[i] = x.Event
		}
		prefix := fmt.Sprintf("half%d_", h)
		_, fin := runIncremental(half, clusterIdentity(len(half)), cfg)
		addClusterMetrics(r.Metrics, prefix, fin, hg)
		addClusterMetrics(base, prefix, clusterSinglePass(half, baselineThreshold(ds)), hg)
	}
	r.Baselines["tfidf-single-pass"] = base
	return r
}

// clusterHalves splits records by topic: alternate topics, in order of
// first appearance, go to either half.
func clusterHalves(recs []clusterRecord) [2][]clusterRecord {
	var out [2][]clusterRecord
	idx := map[string]int{}
	for _, r := range recs {
		if _, ok := idx[r.Topic]; !ok {
			idx[r.Topic] = len(idx)
		}
		h := idx[r.Topic] % 2
		out[h] = append(out[h], r)
	}
	return out
}

func clusterIdentity(n int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	return o
}

// runIncremental feeds records in order to a cluster.Memory, then applies
// cluster.Recluster; it returns the story label of every record before and
// after.
func runIncremental(recs []clusterRecord, order []int, cfg cluster.Config) (online, final []string) {
	m := cluster.NewMemory(cfg)
	online = make([]string, len(recs))
	members := map[string][]cluster.Member{}
	var ids []string
	for _, i := range order {
		rec := recs[i]
		d := cluster.Doc{ID: rec.ID, Text: rec.Text}
		if rec.Title != nil {
			d.Title = *rec.Title
		}
		res := m.Ingest(d)
		online[i] = res.StoryID
		if _, ok := members[res.StoryID]; !ok {
			ids = append(ids, res.StoryID)
		}
		members[res.StoryID] = append(members[res.StoryID], cluster.Member{ID: rec.ID, Features: res.Features})
	}
	groups := make([]cluster.Group, 0, len(ids))
	for _, id := range ids {
		groups = append(groups, cluster.Group{ID: id, Members: members[id]})
	}
	byDoc := map[string]int{}
	for i, r := range recs {
		byDoc[r.ID] = i
	}
	final = make([]string, len(recs))
	for gi, g := range cluster.Recluster(groups, cfg) {
		label := g.ID
		if label == "" {
			label = fmt.Sprintf("new%d", gi)
		}
		for _, mb := range g.Members {
			final[byDoc[mb.ID]] = label
		}
	}
	return online, final
}

// singlePass is the README baseline: TF-IDF (IDF over the whole file) cosine
// to each cluster's centroid, join the best if at least t, else start a new
// cluster. Every cluster is compared (a baseline may scan).
func clusterSinglePass(recs []clusterRecord, t float64) []string {
	docs := make([]map[string]float64, len(recs))
	df := map[string]int{}
	for i, r := range recs {
		tf := map[string]float64{}
		for _, w := range text.Terms(r.Text) {
			tf[w]++
		}
		docs[i] = tf
		for w := range tf {
			df[w]++
		}
	}
	n := float64(len(recs))
	for _, tf := range docs {
		ss := 0.0
		for w, c := range tf {
			v := c * (math.Log((n+1)/(float64(df[w])+1)) + 1)
			tf[w] = v
			ss += v * v
		}
		for w := range tf {
			tf[w] /= math.Sqrt(ss)
		}
	}
	var cents []map[string]float64
	labels := make([]string, len(recs))
	for i, d := range docs {
		best, bs := -1, 0.0
		for c, cent := range cents {
			dot, ss := 0.0, 0.0
			for w, v := range cent {
				ss += v * v
				dot += v * d[w]
			}
			if s := dot / math.Sqrt(ss); best < 0 || s > bs {
				best, bs = c, s
			}
		}
		if best < 0 || bs < t {
			cents = append(cents, map[string]float64{})
			best = len(cents) - 1
		}
		for w, v := range d {
			cents[best][w] += v
		}
		labels[i] = fmt.Sprint(best)
	}
	return labels
}

// addMetrics adds BCubed and pairwise precision, recall and F1 of pred
// against gold under prefix.
func addClusterMetrics(m map[string]float64, prefix string, pred, gold []string) {
	bp, br, pp, pr := clusterScores(pred, gold)
	m[prefix+"bcubed_p"] = bp
	m[prefix+"bcubed_r"] = br
	m[prefix+"bcubed_f1"] = clusterF1(bp, br)
	m[prefix+"pairwise_p"] = pp
	m[prefix+"pairwise_r"] = pr
	m[prefix+"pairwise_f1"] = clusterF1(pp, pr)
}

func clusterF1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// scores computes BCubed P/R (averaged over items) and pairwise P/R (over
// item pairs) from the contingency table of pred × gold.
func clusterScores(pred, gold []string) (bp, br, pp, pr float64) {
	n := len(pred)
	if n == 0 {
		return 0, 0, 0, 0
	}
	cell := map[[2]string]int{}
	ps := map[string]int{}
	gs := map[string]int{}
	for i := range pred {
		cell[[2]string{pred[i], gold[i]}]++
		ps[pred[i]]++
		gs[gold[i]]++
	}
	var tp, predPairs, goldPairs float64
	for k, c := range cell {
		fc := float64(c)
		bp += fc * fc / float64(ps[k[0]])
		br += fc * fc / float64(gs[k[1]])
		tp += fc * (fc - 1) / 2
	}
	for _, c := range ps {
		predPairs += float64(c) * float64(c-1) / 2
	}
	for _, c := range gs {
		goldPairs += float64(c) * float64(c-1) / 2
	}
	bp /= float64(n)
	br /= float64(n)
	pp, pr = 1, 1
	if predPairs > 0 {
		pp = tp / predPairs
	}
	if goldPairs > 0 {
		pr = tp / goldPairs
	}
	return bp, br, pp, pr
}
