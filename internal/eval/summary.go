package eval

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/summary"
	"github.com/crosscheck/crosscheck/internal/text"
)

// neusRecord is one NeuS story: three articles (title and lead) and the
// AllSides editors' neutral roundup.
type neusRecord struct {
	ID   string `json:"id"`
	Docs []struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"docs"`
	Reference      string `json:"reference"`
	ReferenceTitle string `json:"reference_title"`
}

// Summary scores crosscheck's summariser on NeuS files against two
// baselines, all cut to the reference's word count: "lead" (the first
// document, continuing into the second and third) and "lexrank" (TF-IDF
// sentence graph with a redundancy check). Metrics: ROUGE-1/2/L F1 and
// citation_precision, the share of (summary sentence, cited article) pairs
// whose article really contains the sentence's content, checked
// independently of the summariser's own similarity.
func Summary(ctx context.Context, paths []string) (*Report, error) {
	return summaryEval(ctx, paths, 1)
}

// summaryEval scores every step-th story (step 1: all).
func summaryEval(ctx context.Context, paths []string, step int) (*Report, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("eval: summary: no data files")
	}
	overall := &Report{Task: "summary", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{}}
	if len(paths) > 1 {
		overall.Datasets = map[string]*Report{}
	}
	for _, p := range paths {
		recs, err := ReadJSONL[neusRecord](p)
		if err != nil {
			return nil, fmt.Errorf("eval: summary: %w", err)
		}
		r, err := scoreSummaries(ctx, recs, step)
		if err != nil {
			return nil, fmt.Errorf("eval: summary %s: %w", p, err)
		}
		if len(paths) == 1 {
			return r, nil
		}
		overall.Datasets[filepath.Base(p)] = r
		overall.N += r.N
		for k, v := range r.Metrics {
			overall.Metrics[k] += v / float64(len(paths))
		}
		for b, m := range r.Baselines {
			if overall.Baselines[b] == nil {
				overall.Baselines[b] = map[string]float64{}
			}
			for k, v := range m {
				overall.Baselines[b][k] += v / float64(len(paths))
			}
		}
	}
	overall.Notes = append(overall.Notes, "overall metrics are the macro average over files")
	return overall, nil
}

// rougeScores sums ROUGE F1 values over stories.
type rougeScores struct{ r1, r2, rl float64 }

func (s *rougeScores) add(sys, ref []string) {
	s.r1 += rougeN(sys, ref, 1)
	s.r2 += rougeN(sys, ref, 2)
	s.rl += rougeL(sys, ref)
}

func (s rougeScores) metrics(n int) map[string]float64 {
	d := float64(max(n, 1))
	return map[string]float64{"rouge1_f1": s.r1 / d, "rouge2_f1": s.r2 / d, "rougeL_f1": s.rl / d}
}

func scoreSummaries(ctx context.Context, recs []neusRecord, step int) (*Report, error) {
	var sys, lead, lex rougeScores
	var cited, supported, sentences int
	n := 0
	for i := 0; i < len(recs); i += max(step, 1) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec := recs[i]
		ref := rougeTokens(rec.Reference)
		budget := len(ref)
		if budget == 0 {
			continue
		}
		n++
		docs := neusDocs(rec)

		sents := summary.Summarize(docs, summary.Options{MaxWords: budget})
		var b strings.Builder
		for _, s := range sents {
			b.WriteString(s.Text)
			b.WriteString(" ")
			sentences++
			for _, c := range s.Citations {
				cited++
				if containsContent(docText(rec, c), s.Text) {
					supported++
				}
			}
		}
		sys.add(cut(rougeTokens(b.String()), budget), ref)
		lead.add(cut(rougeTokens(leadText(rec)), budget), ref)
		lex.add(cut(rougeTokens(lexRank(docs, budget)), budget), ref)
	}
	r := &Report{Task: "summary", N: n, Metrics: sys.metrics(n), Baselines: map[string]map[string]float64{
		"lead":    lead.metrics(n),
		"lexrank": lex.metrics(n),
	}}
	if cited > 0 {
		r.Metrics["citation_precision"] = float64(supported) / float64(cited)
	}
	if sentences > 0 {
		r.Metrics["citations_per_sentence"] = float64(cited) / float64(sentences) / 3
	}
	r.Notes = append(r.Notes,
		"all systems cut to the reference's word count; ROUGE on lower-cased alphanumeric tokens, no stemming, no stop-word removal",
		"citation_precision: a citation counts as supported when one sentence of the cited article (title or text) holds at least 60% of the summary sentence's distinct non-stop words, unstemmed",
		"citations_per_sentence is a fraction of the 3 articles (1 = every sentence cites all three)")
	if step > 1 {
		r.Notes = append(r.Notes, fmt.Sprintf("every %d-th story only", step))
	}
	return r, nil
}

// neusDocs turns a record into summariser input: the title is the first
// sentence of each document. NeuS has no dates, so the docs are undated.
func neusDocs(rec neusRecord) []summary.Doc {
	docs := make([]summary.Doc, 0, len(rec.Docs))
	for i, d := range rec.Docs {
		sd := summary.Doc{ID: fmt.Sprintf("doc%d", i+1), Title: strings.TrimSpace(d.Title)}
		for _, s := range text.Sentences(d.Text) {
			sd.Sentences = append(sd.Sentences, s.Text)
		}
		docs = append(docs, sd)
	}
	return docs
}

func docText(rec neusRecord, id string) []string {
	var i int
	if _, err := fmt.Sscanf(id, "doc%d", &i); err != nil || i < 1 || i > len(rec.Docs) {
		return nil
	}
	d := rec.Docs[i-1]
	out := []string{d.Title}
	for _, s := range text.Sentences(d.Text) {
		out = append(out, s.Text)
	}
	return out
}

// containsContent reports whether one of sents holds at least 60% of the
// distinct non-stop words of s. It deliberately shares nothing with the
// summariser's similarity (no stemming, no IDF, no alignment).
func containsContent(sents []string, s string) bool {
	want := contentSet(s)
	if len(want) == 0 {
		return true
	}
	for _, t := range sents {
		have := contentSet(t)
		n := 0
		for w := range want {
			if have[w] {
				n++
			}
		}
		if float64(n) >= 0.6*float64(len(want)) {
			return true
		}
	}
	return false
}

func contentSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range rougeTokens(s) {
		if !text.IsStopword(w) {
			m[w] = true
		}
	}
	return m
}

// leadText is the lead baseline: the documents' texts one after another,
// without titles (as the README's baseline, which it reproduces).
func leadText(rec neusRecord) string {
	var b strings.Builder
	for _, d := range rec.Docs {
		b.WriteString(d.Text)
		b.WriteString(" ")
	}
	return b.String()
}

// lexRank is the LexRank baseline (Erkan & Radev 2004): PageRank on the
// graph of sentences whose TF-IDF cosine reaches 0.1, then sentences in
// score order, skipping any with cosine above 0.5 to one already taken,
// until the word budget is filled.
func lexRank(docs []summary.Doc, budget int) string {
	var sents []string
	for _, d := range docs {
		if d.Title != "" {
			sents = append(sents, d.Title)
		}
		sents = append(sents, d.Sentences...)
	}
	n := len(sents)
	if n == 0 {
		return ""
	}
	df := map[string]int{}
	tfs := make([]map[string]float64, n)
	for i, s := range sents {
		tfs[i] = map[string]float64{}
		for _, w := range rougeTokens(s) {
			tfs[i][w]++
		}
		for w := range tfs[i] {
			df[w]++
		}
	}
	vecs := make([]map[string]float64, n)
	for i, tf := range tfs {
		v := map[string]float64{}
		var norm float64
		for w, c := range tf {
			x := c * math.Log(float64(n+1)/float64(df[w]))
			v[w] = x
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for w := range v {
			if norm > 0 {
				v[w] /= norm
			}
		}
		vecs[i] = v
	}
	cos := func(a, b map[string]float64) float64 {
		var s float64
		for w, x := range a {
			s += x * b[w]
		}
		return s
	}
	adj := make([][]float64, n)
	for i := range adj {
		adj[i] = make([]float64, n)
		for j := range adj[i] {
			if c := cos(vecs[i], vecs[j]); c >= 0.1 {
				adj[i][j] = 1
			}
		}
	}
	deg := make([]float64, n)
	for i := range adj {
		for j := range adj[i] {
			deg[i] += adj[i][j]
		}
	}
	score := make([]float64, n)
	for i := range score {
		score[i] = 1 / float64(n)
	}
	const damping = 0.85
	for it := 0; it < 50; it++ {
		next := make([]float64, n)
		for i := range next {
			next[i] = (1 - damping) / float64(n)
			for j := range adj {
				if adj[j][i] > 0 && deg[j] > 0 {
					next[i] += damping * score[j] / deg[j]
				}
			}
		}
		score = next
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	var picked []int
	words := 0
	for _, i := range order {
		if words >= budget {
			break
		}
		dup := false
		for _, j := range picked {
			if cos(vecs[i], vecs[j]) > 0.5 {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		picked = append(picked, i)
		words += len(rougeTokens(sents[i]))
	}
	var b strings.Builder
	for _, i := range picked {
		b.WriteString(sents[i])
		b.WriteString(" ")
	}
	return b.String()
}

// rougeTokens lower-cases s and splits it on non-alphanumerics.
func rougeTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func cut(toks []string, n int) []string {
	if len(toks) > n {
		return toks[:n]
	}
	return toks
}

// rougeN is the F1 of clipped n-gram overlap.
func rougeN(sys, ref []string, n int) float64 {
	grams := func(t []string) map[string]int {
		m := map[string]int{}
		for i := 0; i+n <= len(t); i++ {
			m[strings.Join(t[i:i+n], " ")]++
		}
		return m
	}
	s, r := grams(sys), grams(ref)
	var overlap, ns, nr int
	for g, c := range s {
		ns += c
		overlap += min(c, r[g])
	}
	for _, c := range r {
		nr += c
	}
	return f1(overlap, ns, nr)
}

// rougeL is the F1 of the longest common subsequence of the whole texts.
func rougeL(sys, ref []string) float64 {
	if len(sys) == 0 || len(ref) == 0 {
		return 0
	}
	prev := make([]int, len(ref)+1)
	cur := make([]int, len(ref)+1)
	for i := 1; i <= len(sys); i++ {
		for j := 1; j <= len(ref); j++ {
			if sys[i-1] == ref[j-1] {
				cur[j] = prev[j-1] + 1
			} else {
				cur[j] = max(prev[j], cur[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return f1(prev[len(ref)], len(sys), len(ref))
}

func f1(overlap, ns, nr int) float64 {
	if overlap == 0 || ns == 0 || nr == 0 {
		return 0
	}
	p := float64(overlap) / float64(ns)
	r := float64(overlap) / float64(nr)
	return 2 * p * r / (p + r)
}

// CitationPrecision is the share of a brief's (summary sentence, cited
// article) pairs that the cited article supports, by the same independent
// check as the summary eval: one of the article's sentences holds at least
// 60% of the summary sentence's distinct content words. texts maps article
// ids to their text. A brief without citations scores 0.
func CitationPrecision(b *brief.Brief, texts map[string]string) float64 {
	cited, supported := 0, 0
	for _, s := range b.Summary {
		for _, id := range s.Citations {
			cited++
			var sents []string
			for _, x := range text.Sentences(texts[id]) {
				sents = append(sents, x.Text)
			}
			if containsContent(sents, s.Text) {
				supported++
			}
		}
	}
	if cited == 0 {
		return 0
	}
	return float64(supported) / float64(cited)
}
