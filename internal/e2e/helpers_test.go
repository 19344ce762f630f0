package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/postgres"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// The crosscheck binary, built once per test process without -race: the
// crash and shutdown tests start it many times, and a race-enabled build of
// the SQLite driver would make each start and each article several times
// slower without testing anything the in-process race tests do not.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

// TestMain removes the built binary when the tests end.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary returns the path of the crosscheck binary, building it on first use.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "crosscheck-e2e-bin")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "crosscheck")
		start := time.Now()
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/crosscheck/crosscheck/cmd/crosscheck")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		t.Logf("built %s in %s", binPath, time.Since(start).Round(time.Millisecond))
	})
	if buildErr != nil {
		t.Fatalf("building crosscheck: %v", buildErr)
	}
	return binPath
}

// command returns the crosscheck binary run with args and a clean
// environment: no CROSSCHECK_* variables leak in from the developer's shell.
func command(t *testing.T, ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, binary(t), args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CROSSCHECK_") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	return cmd
}

// run runs crosscheck to the end and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	binary(t) // build before the clock starts
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := command(t, ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("crosscheck %s: %v", strings.Join(args, " "), err)
	}
	return code, stdout.String(), stderr.String()
}

// genArticle is one generated report of a known story.
type genArticle struct {
	ID, Title, Text, Outlet string
	Published               time.Time
	Story                   int
}

// corpus generates n reports over the given number of stories,
// deterministically from seed. Each story has its own place, people,
// organisation and topic words (pseudo-words, so no real text is needed);
// reports mix them with common news phrasing. Every twelfth report is an
// exact copy of an earlier one under another id, as wire copies are.
func corpus(seed uint64, stories, n int) []genArticle {
	rng := rand.New(rand.NewPCG(seed, 0xc0ffee))
	word := func(syl int) string {
		on := []string{"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "st", "gr"}
		vo := []string{"a", "e", "i", "o", "u", "ei", "ou"}
		var sb strings.Builder
		for range syl {
			sb.WriteString(on[rng.IntN(len(on))])
			sb.WriteString(vo[rng.IntN(len(vo))])
		}
		return sb.String()
	}
	title := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	type story struct {
		place, org  string
		people      [2]string
		topics      []string
		number, day int
	}
	ss := make([]story, stories)
	for i := range ss {
		s := &ss[i]
		s.place = title(word(3))
		s.org = title(word(2)) + " " + title(word(3)) + " Council"
		s.people = [2]string{title(word(2)) + " " + title(word(3)), title(word(2)) + " " + title(word(2)) + "son"}
		for range 10 {
			s.topics = append(s.topics, word(3))
		}
		s.number = 10 + rng.IntN(900)
		s.day = 1 + rng.IntN(27)
	}
	outlets := []string{"Reuters", "Associated Press", "BBC News", "The Guardian", "Le Monde", "Der Spiegel", "Al Jazeera"}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	templates := []string{
		"%[1]s of the %[2]s said on %[3]s that the %[4]s in %[5]s would affect %[6]d households.",
		"Officials in %[5]s confirmed the %[4]s and the %[7]s, according to %[1]s.",
		"The %[2]s will meet again on %[3]s to discuss the %[7]s, %[8]s told reporters.",
		"Residents of %[5]s said the %[4]s had gone on for %[6]d days and that the %[7]s was not enough.",
		"%[8]s, a spokesperson for the %[2]s, declined to comment on the %[9]s.",
		"Critics of %[1]s said the %[9]s in %[5]s showed that the %[4]s had been ignored for years.",
		"The %[7]s follows a %[9]s announced by the %[2]s earlier this month.",
	}
	var out []genArticle
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range n {
		if i > 0 && i%12 == 11 {
			src := out[rng.IntN(len(out))]
			src.ID = fmt.Sprintf("copy-%03d", i)
			src.Outlet = outlets[rng.IntN(len(outlets))]
			out = append(out, src)
			continue
		}
		k := rng.IntN(stories)
		s := ss[k]
		t := func() string { return s.topics[rng.IntN(len(s.topics))] }
		var paras []string
		for range 4 + rng.IntN(3) {
			tpl := templates[rng.IntN(len(templates))]
			paras = append(paras, fmt.Sprintf(tpl, s.people[0], s.org, days[rng.IntN(len(days))], t()+" "+t(), s.place,
				s.number+rng.IntN(3), t()+" "+t(), s.people[1], t()))
		}
		out = append(out, genArticle{
			ID:        fmt.Sprintf("a-%03d", i),
			Title:     fmt.Sprintf("%s: %s says %s %s", s.place, s.people[0], t(), t()),
			Text:      strings.Join(paras, "\n\n"),
			Outlet:    outlets[rng.IntN(len(outlets))],
			Published: start.Add(time.Duration(i) * 17 * time.Minute),
			Story:     k,
		})
	}
	return out
}

// jsonLine is the JSON Lines form of a generated report.
func (a genArticle) jsonLine() string {
	b, _ := json.Marshal(map[string]string{"id": a.ID, "title": a.Title, "text": a.Text, "outlet": a.Outlet,
		"published": a.Published.Format(time.RFC3339)})
	return string(b) + "\n"
}

// writeCorpus writes the reports into dir as an operator would have them:
// most as one text file each (headline on the first line), the last
// quarter as one JSON Lines file, so an interruption can land inside a file
// of many articles too.
func writeCorpus(t *testing.T, dir string, arts []genArticle) {
	t.Helper()
	split := len(arts) * 3 / 4
	for _, a := range arts[:split] {
		body := a.Title + "\n\n" + a.Text + "\n"
		if err := os.WriteFile(filepath.Join(dir, a.ID+".txt"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var sb strings.Builder
	for _, a := range arts[split:] {
		sb.WriteString(a.jsonLine())
	}
	if err := os.WriteFile(filepath.Join(dir, "zz-batch.jsonl"), []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot is the state of a store that must not depend on interruptions.
type snapshot struct {
	Articles  map[string]string // id -> text hash
	Copies    map[string]string // id -> the article it copies
	Groups    []string          // each story's sorted member ids, joined; sorted
	Relations int               // provenance relations over all stories
	RelKinds  map[string]int    // relation kind -> count
	Rels      []string          // every relation as "from>to kind direction", sorted
}

// takeSnapshot reads a store's articles, story groupings and relations.
func takeSnapshot(t *testing.T, s news.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	snap := snapshot{Articles: map[string]string{}, Copies: map[string]string{}, RelKinds: map[string]int{}}
	arts, err := s.Articles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		snap.Articles[a.ID] = a.Hash
		if a.DuplicateOf != "" {
			snap.Copies[a.ID] = a.DuplicateOf
		}
	}
	stories, err := s.Stories(ctx, news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stories {
		ids := slices.Clone(st.ArticleIDs)
		slices.Sort(ids)
		snap.Groups = append(snap.Groups, strings.Join(ids, ","))
		rels, err := s.Relations(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		snap.Relations += len(rels)
		for _, r := range rels {
			snap.RelKinds[r.Kind]++
			snap.Rels = append(snap.Rels, r.From+">"+r.To+" "+r.Kind+" "+r.Direction)
		}
	}
	slices.Sort(snap.Groups)
	slices.Sort(snap.Rels)
	return snap
}

// lost lists the differences in articles, copies and story groupings.
func (want snapshot) lost(got snapshot) []string {
	var out []string
	for id, h := range want.Articles {
		if g, ok := got.Articles[id]; !ok {
			out = append(out, "missing article "+id)
		} else if g != h {
			out = append(out, "article "+id+" has other text")
		}
	}
	for id := range got.Articles {
		if _, ok := want.Articles[id]; !ok {
			out = append(out, "unexpected article "+id)
		}
	}
	for id, c := range want.Copies {
		if got.Copies[id] != c {
			out = append(out, fmt.Sprintf("copy %s links to %q, want %q", id, got.Copies[id], c))
		}
	}
	if !slices.Equal(want.Groups, got.Groups) {
		out = append(out, fmt.Sprintf("story groupings differ: %d stories, want %d; first difference %s", len(got.Groups), len(want.Groups), firstDiff(want.Groups, got.Groups)))
	}
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("... and %d more", len(out)-10))
	}
	return out
}

// relDiff lists the differences in provenance relations.
func (want snapshot) relDiff(got snapshot) []string {
	if want.Relations != got.Relations || !maps.Equal(want.RelKinds, got.RelKinds) || !slices.Equal(want.Rels, got.Rels) {
		return []string{fmt.Sprintf("%d relations, want %d (%v vs %v); first difference %s",
			got.Relations, want.Relations, got.RelKinds, want.RelKinds, firstDiff(want.Rels, got.Rels))}
	}
	return nil
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("want {%s} got {%s}", a[i], b[i])
		}
	}
	return "(one list is a prefix of the other)"
}

// target is a kind of store the program runs on.
type target struct {
	name string
	// fresh returns a new empty store's --db value.
	fresh func(t *testing.T) string
	// open opens a --db value in-process.
	open func(t *testing.T, db string) news.Store
	// hashes reads the stored articles' ids and text hashes with one plain
	// query: after every kill, far cheaper than reading the articles
	// through the store (which, under -race, costs most of a second).
	hashes func(t *testing.T, db string) map[string]string
}

func sqliteTarget() target {
	return target{
		name:  "sqlite",
		fresh: func(t *testing.T) string { return filepath.Join(t.TempDir(), "crosscheck.db") },
		open: func(t *testing.T, db string) news.Store {
			s, err := sqlite.Open(context.Background(), db, nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		hashes: func(t *testing.T, db string) map[string]string {
			sdb, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer sdb.Close()
			rows, err := sdb.Query(`SELECT id, hash FROM articles`)
			if err != nil {
				t.Fatal(err)
			}
			return scanHashes(t, rows)
		},
	}
}

// postgresTarget gives each store a schema of its own in the database at
// CROSSCHECK_TEST_POSTGRES, dropped when the test ends; it skips the test
// when the variable is unset.
func postgresTarget(t *testing.T) target {
	dsn := os.Getenv("CROSSCHECK_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("CROSSCHECK_TEST_POSTGRES is not set (scripts/test.sh starts a throwaway cluster)")
	}
	var seq int
	return target{
		name: "postgres",
		fresh: func(t *testing.T) string {
			seq++
			name := fmt.Sprintf("cc_e2e_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, seq)
			db, drop, err := postgres.NewSchema(context.Background(), dsn, name)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := drop(context.Background()); err != nil {
					t.Errorf("drop schema %s: %v", name, err)
				}
			})
			return db
		},
		open: func(t *testing.T, db string) news.Store {
			s, err := postgres.Open(context.Background(), db, nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		hashes: func(t *testing.T, db string) map[string]string {
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			rows, err := conn.Query(ctx, `SELECT id, hash FROM articles`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[string]string{}
			for rows.Next() {
				var id, h string
				if err := rows.Scan(&id, &h); err != nil {
					t.Fatal(err)
				}
				out[id] = h
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			return out
		},
	}
}

func scanHashes(t *testing.T, rows *sql.Rows) map[string]string {
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			t.Fatal(err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readSnapshot opens db in-process, snapshots it and closes it.
func readSnapshot(t *testing.T, tg target, db string) snapshot {
	t.Helper()
	s := tg.open(t, db)
	defer s.Close()
	return takeSnapshot(t, s)
}
