package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/crosscheck/crosscheck/internal/timex"
)

// timexDoc is one record of timex/tbaq-dev.jsonl (eval/README.md §3).
type timexDoc struct {
	ID    string       `json:"id"`
	DCT   string       `json:"dct"`
	Text  string       `json:"text"`
	Timex []timexMatch `json:"timex"`
}

// timexMatch is one gold or system TIMEX3 with UTF-8 byte offsets.
type timexMatch struct {
	StartByte int    `json:"start_byte"`
	EndByte   int    `json:"end_byte"`
	Type      string `json:"type"`
	Value     string `json:"value"`
}

// The peer the timex eval runs beside ours, from the repository root:
// chrono-node 2.10.3 driven by tools/chrono/run.js.
const (
	chronoNode   = "node"
	chronoScript = "tools/chrono/run.js"
)

// chronoRecorded are the peer's figures on tbaq-dev.jsonl from
// ../shared/eval/README.md, shown when node or node_modules is missing.
var chronoRecorded = map[string]float64{"strict_f1": 0.504, "relaxed_f1": 0.752, "value_f1": 0.484, "type_accuracy": 0.851}

// Timex scores crosscheck's temporal expression finder (internal/timex) on
// TempEval-3-style files (timex/tbaq-dev.jsonl), anchor = each document's
// dct, with the TempEval-3 task A measures: strict and relaxed span P/R/F1,
// type accuracy over relaxed matches, and value P/R/F1 (a system timex
// counts when its span overlaps a gold one and the values are equal).
//
// Beside it, in the same run, chrono-node runs as Baselines["chrono-node"]
// through `node tools/chrono/run.js`. The repository root that holds tools/
// is found from CROSSCHECK_ROOT, else by walking up from the working
// directory and then from the data path to the directory with go.mod. If
// node or tools/chrono/node_modules is missing the peer's recorded figures
// are shown instead, with a note.
func Timex(ctx context.Context, paths []string) (*Report, error) {
	if len(paths) == 0 {
		return nil, errors.New("eval: timex: no data file")
	}
	root := repoRoot(paths[0])
	rep := &Report{Task: "timex", Metrics: map[string]float64{}, Baselines: map[string]map[string]float64{}}
	var per []*Report
	for _, p := range paths {
		r, err := timexFile(ctx, p, root)
		if err != nil {
			return nil, err
		}
		per = append(per, r)
		rep.N += r.N
	}
	if len(per) == 1 {
		return per[0], nil
	}
	rep.Datasets = map[string]*Report{}
	for i, r := range per {
		rep.Datasets[filepath.Base(paths[i])] = r
		for k, v := range r.Metrics {
			rep.Metrics[k] += v / float64(len(per))
		}
		for b, ms := range r.Baselines {
			if rep.Baselines[b] == nil {
				rep.Baselines[b] = map[string]float64{}
			}
			for k, v := range ms {
				rep.Baselines[b][k] += v / float64(len(per))
			}
		}
	}
	rep.Notes = append(rep.Notes, "overall metrics are the macro average over files")
	return rep, nil
}

func timexFile(ctx context.Context, path, root string) (*Report, error) {
	docs, err := ReadJSONL[timexDoc](path)
	if err != nil {
		return nil, err
	}
	rep := &Report{Task: "timex", N: len(docs), Baselines: map[string]map[string]float64{}}
	sys := make([][]timexMatch, len(docs))
	for i, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval: timex: %w", err)
		}
		dct, err := time.Parse("2006-01-02", d.DCT)
		if err != nil {
			return nil, fmt.Errorf("eval: timex: dct of %s: %w", d.ID, err)
		}
		for _, e := range timex.Find(d.Text, dct) {
			sys[i] = append(sys[i], timexMatch{StartByte: e.Start, EndByte: e.End, Type: e.Type, Value: e.Value})
		}
	}
	rep.Metrics = scoreTimex(docs, sys)
	chrono, note := runChrono(ctx, root, docs)
	if chrono != nil {
		rep.Baselines["chrono-node"] = scoreTimex(docs, chrono)
		rep.Notes = append(rep.Notes, "chrono-node 2.10.3 run in the same eval: "+chronoNode+" "+chronoScript+" (cwd "+root+", JSONL {id,text,dct} on stdin, reference date = dct)")
	} else {
		rep.Baselines["chrono-node (recorded)"] = chronoRecorded
		rep.Notes = append(rep.Notes, "chrono-node not run: "+note+"; shown instead: the figures recorded in ../shared/eval/README.md for chrono-node 2.10.3 on tbaq-dev.jsonl (reference date = dct); to run the peer: cd tools/chrono && npm ci (needs node), then rerun this eval from the repository root or with CROSSCHECK_ROOT set")
	}
	return rep, nil
}

// scoreTimex computes the TempEval-3 task A measures of sys against the gold
// annotations of docs (sys[i] belongs to docs[i]).
func scoreTimex(docs []timexDoc, sys [][]timexMatch) map[string]float64 {
	var nGold, nSys, strictS, strictG, relS, relG, valS, valG, typeOK, typeN int
	for i, d := range docs {
		gold := d.Timex
		var s []timexMatch
		if i < len(sys) {
			s = sys[i]
		}
		nGold += len(gold)
		nSys += len(s)
		overlap := func(a, b timexMatch) bool { return a.StartByte < b.EndByte && b.StartByte < a.EndByte }
		for _, x := range s {
			strict, rel, val := false, false, false
			for _, g := range gold {
				if overlap(x, g) {
					rel = true
					if x.Value == g.Value {
						val = true
					}
					if x.StartByte == g.StartByte && x.EndByte == g.EndByte {
						strict = true
					}
				}
			}
			strictS += b2i(strict)
			relS += b2i(rel)
			valS += b2i(val)
		}
		for _, g := range gold {
			strict, rel, val := false, false, false
			var first *timexMatch
			for k := range s {
				x := s[k]
				if overlap(x, g) {
					if first == nil {
						first = &s[k]
					}
					rel = true
					if x.Value == g.Value {
						val = true
					}
					if x.StartByte == g.StartByte && x.EndByte == g.EndByte {
						strict = true
					}
				}
			}
			strictG += b2i(strict)
			relG += b2i(rel)
			valG += b2i(val)
			if first != nil {
				typeN++
				typeOK += b2i(first.Type == g.Type)
			}
		}
	}
	m := map[string]float64{}
	prf := func(name string, s, g int) {
		p, r := ratio(s, nSys), ratio(g, nGold)
		m[name+"_p"], m[name+"_r"] = p, r
		if p+r > 0 {
			m[name+"_f1"] = 2 * p * r / (p + r)
		} else {
			m[name+"_f1"] = 0
		}
	}
	prf("strict", strictS, strictG)
	prf("relaxed", relS, relG)
	prf("value", valS, valG)
	m["type_accuracy"] = ratio(typeOK, typeN)
	return m
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// repoRoot finds the directory holding tools/chrono: $CROSSCHECK_ROOT, else
// the nearest ancestor with go.mod of the working directory, else of the
// data file (or its sibling "main", the layout ../shared beside main/).
func repoRoot(dataPath string) string {
	if r := os.Getenv("CROSSCHECK_ROOT"); r != "" {
		return r
	}
	up := func(dir string) string {
		for d := dir; ; {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				return d
			}
			if _, err := os.Stat(filepath.Join(d, "main", "go.mod")); err == nil {
				return filepath.Join(d, "main")
			}
			p := filepath.Dir(d)
			if p == d {
				return ""
			}
			d = p
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if r := up(wd); r != "" {
			return r
		}
	}
	if abs, err := filepath.Abs(dataPath); err == nil {
		if r := up(filepath.Dir(abs)); r != "" {
			return r
		}
	}
	return "."
}

// chronoSpan is one result line of tools/chrono/run.js. Offsets are UTF-16
// code units (JavaScript string indices); value and type come from chrono's
// parsed components.
type chronoSpan struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
	Len   int    `json:"length"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// runChrono runs the chrono-node peer on docs. It returns nil and the reason
// when node or the installed package is missing or the run fails.
func runChrono(ctx context.Context, root string, docs []timexDoc) ([][]timexMatch, string) {
	if _, err := exec.LookPath(chronoNode); err != nil {
		return nil, "node not found on PATH"
	}
	if _, err := os.Stat(filepath.Join(root, "tools", "chrono", "node_modules", "chrono-node")); err != nil {
		return nil, "tools/chrono/node_modules/chrono-node missing under " + root
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, d := range docs {
		if err := enc.Encode(map[string]string{"id": d.ID, "text": d.Text, "dct": d.DCT}); err != nil {
			return nil, err.Error()
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chronoNode, chronoScript)
	cmd.Dir = root
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Sprintf("%s %s failed: %v: %s", chronoNode, chronoScript, err, strings.TrimSpace(stderr.String()))
	}
	idx := map[string]int{}
	for i, d := range docs {
		idx[d.ID] = i
	}
	res := make([][]timexMatch, len(docs))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var s chronoSpan
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, "bad chrono output: " + err.Error()
		}
		i, ok := idx[s.ID]
		if !ok {
			continue
		}
		start, end, ok := UTF16ToByte(docs[i].Text, s.Index, s.Index+s.Len)
		if !ok {
			continue
		}
		res[i] = append(res[i], timexMatch{StartByte: start, EndByte: end, Type: s.Type, Value: s.Value})
	}
	return res, ""
}

// UTF16ToByte converts a [start, end) range of UTF-16 code units (JavaScript
// string indices) in s to UTF-8 byte offsets. ok is false when the range
// does not fall on character boundaries inside s.
func UTF16ToByte(s string, start, end int) (int, int, bool) {
	if start < 0 || end < start {
		return 0, 0, false
	}
	bs, be := -1, -1
	u := 0
	for i, r := range s {
		if u == start {
			bs = i
		}
		if u == end {
			be = i
		}
		if r == utf8.RuneError {
			u++
		} else {
			u += len(utf16.Encode([]rune{r}))
		}
	}
	if u == start {
		bs = len(s)
	}
	if u == end {
		be = len(s)
	}
	if bs < 0 || be < 0 {
		return 0, 0, false
	}
	return bs, be, true
}
