package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// server is a `crosscheck serve` subprocess.
type server struct {
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	logs   bytes.Buffer // stdout and stderr
	exited chan struct{}
}

// Logs returns everything the server printed so far.
func (s *server) Logs() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// lockedWriter appends to the server's log under its lock.
type lockedWriter struct{ s *server }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.logs.Write(p)
}

// startServer runs `crosscheck serve --addr 127.0.0.1:0 args...` with env
// added, and waits until it listens. The process is killed when t ends.
func startServer(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	cmd := command(t, context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(cmd.Env, env...)
	s := &server{cmd: cmd, exited: make(chan struct{})}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = lockedWriter{s}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			l := sc.Text()
			lockedWriter{s}.Write([]byte(l + "\n"))
			if u, ok := strings.CutPrefix(l, "crosscheck serving on "); ok {
				addr <- u
			}
		}
		cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.exited
	})
	select {
	case s.url = <-addr:
	case <-s.exited:
		t.Fatalf("serve exited before listening:\n%s", s.Logs())
	case <-time.After(time.Minute):
		t.Fatalf("serve did not listen within a minute:\n%s", s.Logs())
	}
	return s
}

// stop sends SIGTERM and waits for the exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
	case <-time.After(time.Minute):
		t.Fatalf("serve did not exit within a minute of SIGTERM:\n%s", s.Logs())
	}
	return s.cmd.ProcessState.ExitCode()
}

func request(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Access: serve binds to loopback by default, writes need the configured
// bearer token, reads can be made to need it, and the token never appears
// in the logs, even at debug level.
func TestServeAccess(t *testing.T) {
	code, out, errOut := run(t, "serve", "-h")
	if code != 0 || !strings.Contains(out+errOut, `(default "127.0.0.1:8080")`) {
		t.Errorf("serve -h: exit %d, the default --addr must be 127.0.0.1:8080:\n%s%s", code, out, errOut)
	}

	const token = "tok-5f1c9a-secret"
	const wrong = "tok-guess-wrong"
	arts := corpus(3, 2, 6)
	var body strings.Builder
	for _, a := range arts {
		body.WriteString(a.jsonLine())
	}
	for _, protect := range []bool{false, true} {
		name := "open reads"
		args := []string{"--db", sqliteTarget().fresh(t), "--log-level", "debug"}
		if protect {
			name = "protected reads"
			args = append(args, "--protect-reads")
		}
		t.Run(name, func(t *testing.T) {
			s := startServer(t, []string{"CROSSCHECK_TOKEN=" + token}, args...)
			host, _, err := net.SplitHostPort(strings.TrimPrefix(s.url, "http://"))
			if err != nil || host != "127.0.0.1" {
				t.Errorf("serving on %s, want loopback", s.url)
			}
			for _, tc := range []struct {
				name, method, path, token string
				want                      int
			}{
				{"ingest without token", "POST", "/api/ingest", "", http.StatusUnauthorized},
				{"ingest with a wrong token", "POST", "/api/ingest", wrong, http.StatusUnauthorized},
				{"recluster without token", "POST", "/api/recluster", "", http.StatusUnauthorized},
				{"ingest with the token", "POST", "/api/ingest", token, http.StatusOK},
				{"recluster with the token", "POST", "/api/recluster", token, http.StatusOK},
				{"read without token", "GET", "/api/stories", "", map[bool]int{false: 200, true: 401}[protect]},
				{"page without token", "GET", "/", "", map[bool]int{false: 200, true: 401}[protect]},
				{"read with a wrong token", "GET", "/api/stories", wrong, map[bool]int{false: 200, true: 401}[protect]},
				{"read with the token", "GET", "/api/stories", token, http.StatusOK},
			} {
				got, resp := request(t, tc.method, s.url+tc.path, tc.token, body.String())
				if got != tc.want {
					t.Errorf("%s: status %d, want %d: %s", tc.name, got, tc.want, resp)
				}
				if strings.Contains(resp, token) {
					t.Errorf("%s: the response shows the token", tc.name)
				}
			}
			if code := s.stop(t); code != 0 {
				t.Errorf("serve exited %d after SIGTERM", code)
			}
			logs := s.Logs()
			if !strings.Contains(logs, "level=DEBUG") {
				t.Errorf("no debug logging, so the next check proves nothing:\n%s", logs)
			}
			for _, secret := range []string{token, wrong} {
				if strings.Contains(logs, secret) {
					t.Errorf("the logs show a bearer token:\n%s", logs)
				}
			}
		})
	}
}

// Graceful shutdown: SIGTERM while an ingest request is in flight lets the
// request finish (every article committed, 200), then the process exits 0
// and the store checks clean.
func TestServeGracefulShutdown(t *testing.T) {
	const token = "shutdown-token"
	db := sqliteTarget().fresh(t)
	s := startServer(t, []string{"CROSSCHECK_TOKEN=" + token}, "--db", db)

	arts := corpus(11, 4, 40)
	var lines []string
	for _, a := range arts {
		lines = append(lines, a.jsonLine())
	}
	// The body goes in two parts with the SIGTERM between them, so the
	// request is certainly in flight when the signal lands.
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", s.url+"/api/ingest", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{resp.StatusCode, string(b), err}
	}()
	half := len(lines) / 2
	if _, err := io.WriteString(pw, strings.Join(lines[:half], "")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // let the server accept the connection: Shutdown waits only for accepted ones
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let the signal land
	if _, err := io.WriteString(pw, strings.Join(lines[half:], "")); err != nil {
		t.Fatal(err)
	}
	pw.Close()

	r := <-res
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("in-flight ingest: status %d, error %v: %s\nserver logs:\n%s", r.status, r.err, r.body, s.Logs())
	}
	var sum struct{ Ingested, Duplicates, Failed int }
	if err := json.Unmarshal([]byte(r.body), &sum); err != nil || sum.Failed != 0 || sum.Ingested+sum.Duplicates != len(arts) {
		t.Fatalf("in-flight ingest result %s (%v), want %d articles", r.body, err, len(arts))
	}
	<-s.exited
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("serve exited %d after SIGTERM:\n%s", code, s.Logs())
	}
	if !strings.Contains(s.Logs(), "crosscheck stopped") {
		t.Errorf("no orderly stop in the logs:\n%s", s.Logs())
	}
	if code, out, errOut := run(t, "check", "--db", db); code != 0 {
		t.Fatalf("check after shutdown: exit %d\n%s%s", code, out, errOut)
	}
	if snap := readSnapshot(t, sqliteTarget(), db); len(snap.Articles) != len(arts) {
		t.Fatalf("%d articles stored, want %d", len(snap.Articles), len(arts))
	}
	// The listener is closed: new connections are refused.
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Errorf("the server still answers after it exited")
	}
}

// SSRF through the whole program: with the default configuration,
// `crosscheck ingest URL` refuses loopback, private and metadata addresses
// before dialling (the error is the guard's, raised before any connection
// is attempted; internal/fetch and internal/ingest test the same with a
// dialer that fails the test if called).
func TestIngestRefusesInternalURLs(t *testing.T) {
	db := sqliteTarget().fresh(t)
	for _, u := range []string{"http://10.1.2.3/x", "http://127.0.0.1:9/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://192.168.1.1/feed.xml"} {
		code, out, errOut := run(t, "ingest", "--db", db, u)
		if code != 1 || !strings.Contains(out+errOut, "refused by SSRF guard") {
			t.Errorf("ingest %s: exit %d, want 1 with the SSRF guard's refusal:\n%s%s", u, code, out, errOut)
		}
	}
	if snap := readSnapshot(t, sqliteTarget(), db); len(snap.Articles) != 0 {
		t.Errorf("%d articles stored from refused URLs", len(snap.Articles))
	}
}
