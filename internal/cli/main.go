// Package cli is crosscheck's command line: a Main that parses flags and runs
// one subcommand, so an end-to-end test can run the whole program in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/news"
)

// Exit codes.
const (
	ExitOK      = 0 // all is well
	ExitPartial = 1 // some inputs failed, or the command failed
	ExitUsage   = 2 // usage error
)

// Main is the program: its streams, environment and clock are injectable.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    news.Clock
	// IsTerminal reports whether Stderr is a terminal (progress bars).
	IsTerminal bool
}

// NewMain returns a Main on the process's streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now, IsTerminal: isTerminal(os.Stderr)}
}

// command is one subcommand.
type command interface {
	// Run runs the command with its arguments (after the command name).
	Run(ctx context.Context, args []string) error
}

// commandInfo describes a subcommand for the usage text.
type commandInfo struct {
	usage string
	make  func(m *Main) command
}

func (m *Main) commands() map[string]commandInfo {
	return map[string]commandInfo{
		"ingest":    {"ingest PATH|URL|- ...   ingest files, folders, URLs, feeds, JSON Lines, stdin", func(m *Main) command { return &ingestCmd{m: m} }},
		"articles":  {"articles                list stored articles", func(m *Main) command { return &articlesCmd{m: m} }},
		"article":   {"article ID              show one article and where each field came from", func(m *Main) command { return &articleCmd{m: m} }},
		"stories":   {"stories                 list stories", func(m *Main) command { return &storiesCmd{m: m} }},
		"story":     {"story ID                show a story: articles, provenance, entities, claims, timeline", func(m *Main) command { return &storyCmd{m: m} }},
		"recluster": {"recluster               merge or split stories that early placements got wrong", func(m *Main) command { return &reclusterCmd{m: m} }},
		"search":    {"search QUERY            full-text search over articles", func(m *Main) command { return &searchCmd{m: m} }},
		"check":     {"check                   verify the store's integrity", func(m *Main) command { return &checkCmd{m: m} }},
		"brief":     {"brief [STORY]           the cited brief of a story (Markdown, --json, --html FILE)", func(m *Main) command { return &briefCmd{m: m} }},
		"entities":  {"entities [STORY]        people, organisations, places with variants and roles", func(m *Main) command { return &briefCmd{m: m, part: "entities"} }},
		"timeline":  {"timeline [STORY]        dated events resolved against each article's date", func(m *Main) command { return &briefCmd{m: m, part: "timeline"} }},
		"claims":    {"claims [STORY]          claim groups, conflicts, stance board", func(m *Main) command { return &briefCmd{m: m, part: "claims"} }},
		"serve":     {"serve [--addr A]        HTTP JSON API and web UI (127.0.0.1:8080)", func(m *Main) command { return &serveCmd{m: m} }},
		"eval":      {"eval TASK --data FILE   measure a stage on labelled data beside a baseline", func(m *Main) command { return &evalCmd{m: m} }},
		"bench":     {"bench                   measure throughput and peak memory on a synthetic corpus", func(m *Main) command { return &benchCmd{m: m} }},
		"worker":    {"worker [--once]         ingest articles queued with 'ingest --enqueue' (PostgreSQL)", func(m *Main) command { return &workerCmd{m: m} }},
		"migrate":   {"migrate --from FILE --to URL  copy a SQLite store into PostgreSQL, verifying counts", func(m *Main) command { return &migrateCmd{m: m} }},
	}
}

// Run runs the program and returns its exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	cmds := m.commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage(m.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	info, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "crosscheck: unknown command %q\n", args[0])
		m.usage(m.Stderr)
		return ExitUsage
	}
	// CROSSCHECK_CPUPROFILE=FILE profiles any command (for performance work).
	if path := m.Getenv("CROSSCHECK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer func() { pprof.StopCPUProfile(); f.Close() }()
			}
		}
	}
	err := info.make(m).Run(ctx, args[1:])
	return m.exitCode(err)
}

func (m *Main) exitCode(err error) int {
	var ue *usageError
	var pe *partialError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "crosscheck: %v\n", err)
		return ExitUsage
	case errors.As(err, &pe):
		fmt.Fprintf(m.Stderr, "crosscheck: %v\n", err)
		return ExitPartial
	default:
		fmt.Fprintf(m.Stderr, "crosscheck: %v\n", err)
		return ExitPartial
	}
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, "crosscheck: one trustworthy, cited picture of each news story.")
	fmt.Fprintln(w, "\nUsage: crosscheck COMMAND [flags] [args]\n\nCommands:")
	cmds := m.commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %s\n", cmds[n].usage)
	}
	fmt.Fprintln(w, "\nEvery command takes --db (default ./crosscheck.db, or $CROSSCHECK_DB) and --json.")
	fmt.Fprintln(w, "Run 'crosscheck COMMAND -h' for a command's flags.")
}

// usageError is a bad invocation: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// partialError means some inputs failed while others succeeded: exit code 1.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }

// Config is the configuration shared by commands: defaults, then
// environment (CROSSCHECK_*), then flags, validated once.
type Config struct {
	DB       string // SQLite file path or postgres:// URL
	JSON     bool
	LogLevel string
}

// flags registers the common flags on fs, with defaults from the environment.
func (m *Main) flags(fs *flag.FlagSet, c *Config) {
	c.DB = "crosscheck.db"
	if v := m.Getenv("CROSSCHECK_DB"); v != "" {
		c.DB = v
	}
	c.LogLevel = "warn"
	if v := m.Getenv("CROSSCHECK_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	fs.StringVar(&c.DB, "db", c.DB, "database: a SQLite file or a postgres:// URL ($CROSSCHECK_DB)")
	fs.BoolVar(&c.JSON, "json", false, "print JSON")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn, error ($CROSSCHECK_LOG_LEVEL)")
}

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func (m *Main) newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: crosscheck %s\n\nFlags:\n", usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	// Allow flags after positional arguments: "ingest DIR --json".
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") {
				if f := fs.Lookup(name); f != nil {
					if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !bf.IsBoolFlag() {
						if i+1 < len(args) {
							flags = append(flags, args[i+1])
							i++
						}
					}
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	if err := fs.Parse(append(flags, append([]string{"--"}, pos...)...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	return nil
}

func (m *Main) logger(c *Config) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		lvl = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: lvl}))
}
