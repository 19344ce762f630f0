package stance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/format"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The shipped models of the stance eval are fitted here on the dev files
// and written as generated code:
//
//	go test ./internal/stance -run 'TestShipped(FNC|Emergent)$' -update
//
// Without -update the tests refit and check that the shipped weights are
// what the refit gives (FNC-1 only without -short: the full file takes a
// while), and that the shipped models still make the predictions recorded
// when they were written.

// stanceDev locates a file of ../shared/eval/stance beside the repository,
// or skips.
func stanceDev(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "eval", "stance", name)
	if _, err := os.Stat(p); err != nil {
		t.Skip("shared eval data absent")
	}
	return p
}

func readShipJSONL[T any](t *testing.T, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var r T
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

type fncRecord struct {
	Headline string `json:"headline"`
	Body     string `json:"body"`
	Label    string `json:"label"`
	BodyID   int    `json:"body_id"`
}

// fncDev reads the FNC-1 dev pairs, their labels, and the pairs of the
// fifth of the bodies whose body_id is divisible by 5 (the fast check).
func fncDev(t *testing.T) (pairs []FNCPair, gold []string, fifth []FNCPair, fifthGold []string) {
	for _, r := range readShipJSONL[fncRecord](t, stanceDev(t, "fnc1-dev.jsonl")) {
		p := FNCPair{Headline: r.Headline, Body: r.Body, Group: strconv.Itoa(r.BodyID)}
		pairs = append(pairs, p)
		gold = append(gold, r.Label)
		if r.BodyID%5 == 0 {
			fifth = append(fifth, p)
			fifthGold = append(fifthGold, r.Label)
		}
	}
	return pairs, gold, fifth, fifthGold
}

// fncTable counts the unlabeled FNC-1 training bodies, each distinct text
// once: the fixed part of FNCIDF.
func fncTable(t *testing.T) (*IDF, []uint64) {
	type rec struct {
		Body string `json:"body"`
	}
	d := NewIDF(nil)
	seen := map[uint64]bool{}
	var hs []uint64
	for _, r := range readShipJSONL[rec](t, stanceDev(t, "fnc1-train-bodies-unlabeled-dev.jsonl")) {
		h := BodyHash(r.Body)
		if seen[h] {
			continue
		}
		seen[h] = true
		hs = append(hs, h)
		d.Add(r.Body)
	}
	slices.Sort(hs)
	return d, hs
}

func bodiesOf(pairs []FNCPair) []string {
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p.Body
	}
	return out
}

// roundModel is m as the generated code holds it.
func roundModel(m *Model) modelData {
	f := func(v []float64) []float32 {
		out := make([]float32, len(v))
		for i, x := range v {
			out[i] = float32(x)
		}
		return out
	}
	d := modelData{labels: m.Labels, nSparse: m.NSparse, mean: f(m.Mean), scale: f(m.Scale)}
	for _, w := range m.W {
		d.w = append(d.w, f(w))
	}
	return d
}

// sameModel reports where a refit differs from the shipped weights beyond
// what floating-point contraction on another CPU could explain.
func sameModel(name string, got, want modelData) error {
	if !slices.Equal(got.labels, want.labels) || got.nSparse != want.nSparse || len(got.w) != len(want.w) {
		return fmt.Errorf("%s: shape differs", name)
	}
	near := func(what string, a, b []float32) error {
		if len(a) != len(b) {
			return fmt.Errorf("%s %s: %d values, shipped %d", name, what, len(a), len(b))
		}
		for i := range a {
			if d := math.Abs(float64(a[i] - b[i])); d > 1e-4+1e-3*math.Abs(float64(b[i])) {
				return fmt.Errorf("%s %s[%d]: refit %v, shipped %v", name, what, i, a[i], b[i])
			}
		}
		return nil
	}
	if err := near("mean", got.mean, want.mean); err != nil {
		return err
	}
	if err := near("scale", got.scale, want.scale); err != nil {
		return err
	}
	for c := range got.w {
		if err := near("w"+strconv.Itoa(c), got.w[c], want.w[c]); err != nil {
			return err
		}
	}
	return nil
}

// closeCount holds a recorded number of correct predictions to within a
// thousandth of the pairs: exact on the CPU that wrote it, a few borderline
// pairs may flip elsewhere.
func closeCount(t *testing.T, what string, got, want, n int) {
	t.Helper()
	if d := math.Abs(float64(got - want)); d > math.Max(1, float64(n)/1000) {
		t.Errorf("%s: %d of %d correct, recorded %d; refit with -update if the features changed", what, got, n, want)
	}
}

func correctFNC(c *Classifier, rows []Row, gold []string) int {
	n := 0
	for i, r := range rows {
		if c.Classify(r) == gold[i] {
			n++
		}
	}
	return n
}

// TestShippedFNC refits the two-stage FNC-1 classifier on all the dev
// pairs and checks the shipped one against it; with -update it rewrites
// fnc_weights.go. Skipped with -short (it reads and featurises the whole
// 30 MB file): TestShippedFNCFifth then checks the shipped predictions.
func TestShippedFNC(t *testing.T) {
	if testing.Short() && !*update {
		t.Skip("refit on the full FNC-1 dev file takes a while")
	}
	pairs, gold, fifth, fifthGold := fncDev(t)
	table, hashes := fncTable(t)
	fresh, _ := fncTable(t)
	var tb strings.Builder
	writeTable(&tb, table, hashes)
	idf := extendIDF(table, hashes, bodiesOf(pairs))
	rows := FNCRows(pairs, idf)
	ex := make([]Example, len(rows))
	for i := range rows {
		ex[i] = Example{Row: rows[i], Label: gold[i]}
	}
	c := TrainClassifier(ex)
	rel, st := roundModel(c.Related), roundModel(c.Stance)
	shipped := &Classifier{Related: rel.model(), Stance: st.model()}
	if !*update {
		if err := sameModel("related", rel, fncRelated); err != nil {
			t.Fatalf("%v: run go test ./internal/stance -run TestShippedFNC -update", err)
		}
		if err := sameModel("stance", st, fncStance); err != nil {
			t.Fatalf("%v: run go test ./internal/stance -run TestShippedFNC -update", err)
		}
		if got := shippedFNCIDF(); got.n != fresh.n || !maps.Equal(got.df, fresh.df) || !slices.Equal(fncIDFBodies, hashes) {
			t.Errorf("shipped IDF table (%d bodies) is not the unlabeled bodies' (%d): run with -update", got.n, fresh.n)
		}
		shipped = ShippedFNC()
	}
	ok := correctFNC(shipped, rows, gold)
	fifthRows := FNCRows(fifth, FNCIDF(bodiesOf(fifth)))
	if *update {
		fifthRows = FNCRows(fifth, extendIDF(fresh, hashes, bodiesOf(fifth)))
	}
	ok5 := correctFNC(shipped, fifthRows, fifthGold)
	t.Logf("shipped FNC-1 classifier on the dev pairs it was fitted on: %d of %d correct (%.4f); on the fifth: %d of %d", ok, len(rows), float64(ok)/float64(len(rows)), ok5, len(fifthRows))
	if !*update {
		closeCount(t, "full dev", ok, fncDevCorrect, len(rows))
		closeCount(t, "fifth", ok5, fncFifthCorrect, len(fifthRows))
		if got := FNCFingerprint(pairs, gold); got != fncDevFingerprint {
			t.Errorf("dev fingerprint %d, shipped %d", got, fncDevFingerprint)
		}
		return
	}
	var b strings.Builder
	b.WriteString("// Code generated by TestShippedFNC (go test ./internal/stance -run TestShippedFNC -update); DO NOT EDIT.\n\npackage stance\n\n")
	fmt.Fprintf(&b, "// fncRelated and fncStance are the two stages of the FNC-1 classifier fitted\n// on all %d FNC-1 dev pairs (TrainClassifier over FNCRows).\n", len(pairs))
	writeModelData(&b, "fncRelated", rel)
	writeModelData(&b, "fncStance", st)
	fmt.Fprintf(&b, "// fncDevCorrect and fncFifthCorrect are the shipped classifier's correct\n// predictions on the dev pairs (of %d) and on those of the bodies whose\n// body_id is divisible by 5 (of %d), recorded to catch drift.\nconst (\n\tfncDevCorrect = %d\n\tfncFifthCorrect = %d\n)\n\n", len(rows), len(fifthRows), ok, ok5)
	fmt.Fprintf(&b, "// fncDevFingerprint identifies the file the classifier was fitted on\n// (FNCFingerprint).\nconst fncDevFingerprint uint64 = %d\n\n", FNCFingerprint(pairs, gold))
	b.WriteString(tb.String())
	writeGenerated(t, "fnc_weights.go", b.String())
}

// TestShippedFNCFifth applies the shipped FNC-1 classifier to the pairs of
// the bodies whose body_id is divisible by 5 and checks it makes the
// predictions recorded when it was written: the fast guard against features
// drifting from the shipped weights.
func TestShippedFNCFifth(t *testing.T) {
	if *update {
		t.Skip("TestShippedFNC rewrites the figures")
	}
	_, _, fifth, gold := fncDev(t)
	rows := FNCRows(fifth, FNCIDF(bodiesOf(fifth)))
	ok := correctFNC(ShippedFNC(), rows, gold)
	t.Logf("shipped FNC-1 classifier on the fifth: %d of %d correct (%.4f)", ok, len(rows), float64(ok)/float64(len(rows)))
	closeCount(t, "fifth", ok, fncFifthCorrect, len(rows))
}

// TestShippedEmergent refits the Emergent model of the eval on all the dev
// pairs and checks the shipped one against it; with -update it rewrites
// emergent_weights.go.
func TestShippedEmergent(t *testing.T) {
	rs := readEmergent(t)
	pairs := make([]EmergentPair, len(rs))
	gold := make([]string, len(rs))
	y := make([]int, len(rs))
	for i, r := range rs {
		g := r.ClaimID
		if g == "" {
			g = r.Claim
		}
		pairs[i] = EmergentPair{Claim: r.Claim, Headline: r.Headline, Group: g}
		gold[i] = r.Label
		y[i] = slices.Index(EmergentLabels, r.Label)
	}
	rows := EmergentRows(pairs)
	d := roundModel(Train(EmergentLabels, rows, y, EmergentOptions))
	m := d.model()
	if !*update {
		if err := sameModel("emergent", d, emergentModel); err != nil {
			t.Fatalf("%v: run go test ./internal/stance -run TestShippedEmergent -update", err)
		}
		m = ShippedEmergent()
	}
	ok := 0
	for i, r := range rows {
		if m.Predict(r) == y[i] {
			ok++
		}
	}
	t.Logf("shipped Emergent model on the dev pairs it was fitted on: %d of %d correct (%.4f)", ok, len(rows), float64(ok)/float64(len(rows)))
	if !*update {
		closeCount(t, "emergent dev", ok, emergentDevCorrect, len(rows))
		if got := EmergentFingerprint(pairs, gold); got != emergentDevFingerprint {
			t.Errorf("dev fingerprint %d, shipped %d", got, emergentDevFingerprint)
		}
		return
	}
	var b strings.Builder
	b.WriteString("// Code generated by TestShippedEmergent (go test ./internal/stance -run TestShippedEmergent -update); DO NOT EDIT.\n\npackage stance\n\n")
	fmt.Fprintf(&b, "// emergentModel is the claim-versus-headline model fitted with\n// EmergentOptions on all %d Emergent dev pairs (EmergentRows).\n", len(rows))
	writeModelData(&b, "emergentModel", d)
	fmt.Fprintf(&b, "// emergentDevCorrect is the shipped model's correct predictions on the dev\n// pairs (of %d), recorded to catch drift.\nconst emergentDevCorrect = %d\n\n", len(rows), ok)
	fmt.Fprintf(&b, "// emergentDevFingerprint identifies the file the model was fitted on\n// (EmergentFingerprint).\nconst emergentDevFingerprint uint64 = %d\n", EmergentFingerprint(pairs, gold))
	writeGenerated(t, "emergent_weights.go", b.String())
}

func writeModelData(b *strings.Builder, name string, d modelData) {
	fmt.Fprintf(b, "var %s = modelData{\n\tlabels: %#v,\n\tnSparse: %d,\n\tmean: %s,\n\tscale: %s,\n\tw: [][]float32{\n", name, d.labels, d.nSparse, float32s(d.mean), float32s(d.scale))
	for _, w := range d.w {
		fmt.Fprintf(b, "%s,\n", float32s(w))
	}
	b.WriteString("\t},\n}\n\n")
}

// float32s writes v as a literal, ten values a line.
func float32s(v []float32) string {
	var b strings.Builder
	b.WriteString("{\n")
	for i, x := range v {
		b.WriteString(strconv.FormatFloat(float64(x), 'g', -1, 32))
		b.WriteString(",")
		if i%10 == 9 || i == len(v)-1 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
	b.WriteString("}")
	return "[]float32" + b.String()
}

// writeTable writes the fixed IDF table: the terms, sorted, one string, and
// their document frequencies; the hashes of the bodies counted.
func writeTable(b *strings.Builder, d *IDF, hashes []uint64) {
	terms := make([]string, 0, len(d.df))
	for t := range d.df {
		terms = append(terms, t)
	}
	slices.Sort(terms)
	fmt.Fprintf(b, "// fncIDFDocs, fncIDFTerms (newline-separated) and fncIDFCounts are the\n// document frequencies of the %d unlabeled FNC-1 training bodies\n// (FNCIDF); fncIDFBodies are their BodyHash.\nconst fncIDFDocs = %d\n\nconst fncIDFTerms = \"\" +\n", d.n, d.n)
	for i := 0; i < len(terms); i += 12 {
		chunk := terms[i:min(i+12, len(terms))]
		s := strings.Join(chunk, "\n")
		if i+12 < len(terms) {
			s += "\n"
			fmt.Fprintf(b, "\t%s +\n", strconv.Quote(s))
		} else {
			fmt.Fprintf(b, "\t%s\n\n", strconv.Quote(s))
		}
	}
	b.WriteString("var fncIDFCounts = []uint16{\n")
	for i, t := range terms {
		fmt.Fprintf(b, "%d,", d.df[t])
		if i%20 == 19 || i == len(terms)-1 {
			b.WriteString("\n")
		}
	}
	b.WriteString("}\n\nvar fncIDFBodies = []uint64{\n")
	for i, h := range hashes {
		fmt.Fprintf(b, "%#x,", h)
		if i%6 == 5 || i == len(hashes)-1 {
			b.WriteString("\n")
		}
	}
	b.WriteString("}\n")
}

func writeGenerated(t *testing.T, name, src string) {
	t.Helper()
	out, err := format.Source([]byte(src))
	if err != nil {
		t.Fatalf("format %s: %v", name, err)
	}
	if err := os.WriteFile(name, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
