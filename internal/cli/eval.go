package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/crosscheck/crosscheck/internal/eval"
)

// evalTasks maps a task name to its measurement.
var evalTasks = map[string]func(context.Context, []string) (*eval.Report, error){
	"cluster":    eval.Cluster,
	"entities":   eval.Entities,
	"paraphrase": eval.Paraphrase,
	"stance":     eval.Stance,
	"summary":    eval.Summary,
	"timex":      eval.Timex,
}

type evalCmd struct {
	m   *Main
	cfg Config
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (f *multiFlag) String() string     { return strings.Join(*f, ",") }
func (f *multiFlag) Set(v string) error { *f = append(*f, v); return nil }

func (c *evalCmd) Run(ctx context.Context, args []string) error {
	names := make([]string, 0, len(evalTasks))
	for n := range evalTasks {
		names = append(names, n)
	}
	sort.Strings(names)
	fs := c.m.newFlagSet("eval TASK [--data FILE ...] (TASK: "+strings.Join(names, ", ")+")", "eval")
	c.m.flags(fs, &c.cfg)
	var data multiFlag
	fs.Var(&data, "data", "a JSON Lines file of labelled data (repeatable); default: every file in --eval-dir/TASK")
	dir := fs.String("eval-dir", c.defaultEvalDir(), "folder of the shared evaluation data ($CROSSCHECK_EVAL_DIR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("eval takes one task: %s", strings.Join(names, ", "))
	}
	task := fs.Arg(0)
	run, ok := evalTasks[task]
	if !ok {
		return usagef("unknown eval task %q (tasks: %s)", task, strings.Join(names, ", "))
	}
	paths := []string(data)
	if len(paths) == 0 {
		m, _ := filepath.Glob(filepath.Join(*dir, task, "*.jsonl"))
		for _, p := range m {
			if !strings.Contains(filepath.Base(p), "unlabeled") {
				paths = append(paths, p)
			}
		}
		if len(paths) == 0 {
			return usagef("eval %s: no --data given and no data in %s", task, filepath.Join(*dir, task))
		}
	}
	rep, err := run(ctx, paths)
	if err != nil {
		return err
	}
	if c.cfg.JSON {
		return writeJSON(c.m.Stdout, rep)
	}
	rep.WriteText(c.m.Stdout)
	return nil
}

func (c *evalCmd) defaultEvalDir() string {
	if v := c.m.Getenv("CROSSCHECK_EVAL_DIR"); v != "" {
		return v
	}
	for _, d := range []string{"../shared/eval", "shared/eval"} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return fmt.Sprintf("..%cshared%ceval", os.PathSeparator, os.PathSeparator)
}
