package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
	"github.com/crosscheck/crosscheck/internal/web"
)

const token = "s3cret-token"

// fixture is a server over a fresh store holding a small story we wrote.
type fixture struct {
	srv   *httptest.Server
	store news.Store
}

// jsonl is a three-report story plus one unrelated report, one of them hostile.
const jsonl = `{"id":"w1","title":"Brightport council to vote on harbour plan","outlet":"Wire","published":"2026-03-02T09:00:00Z","url":"https://wire.example/w1","text":"Mayor Anna Kowal of Brightport said on Monday that the city council will vote on the harbour expansion plan on 12 March.\nThe plan would deepen the shipping channel to 17 metres and build a container terminal.\nThe Green Coast Alliance said it would sue the city over the environmental permit.\nThe vote requires a two-thirds majority of the 45-member council."}
{"id":"p2","title":"Harbour vote set for March","outlet":"Paper","published":"2026-03-02T15:00:00Z","url":"https://paper.example/p2","text":"Mayor Anna Kowal of Brightport announced on Monday that the city council will vote on the harbour expansion plan on 12 March.\nThe project would deepen the shipping channel to 17 metres and build a container terminal.\nThe Green Coast Alliance said it would sue the city over the environmental permit, Wire reported.\n<script>alert('x')</script> The vote requires a two-thirds majority of the 45-member council."}
{"id":"x3","title":"<img src=x onerror=alert(1)>Flood in Eastmere","outlet":"Local","published":"2026-03-01T10:00:00Z","text":"Heavy rain flooded the lower town of Eastmere on Sunday, forcing two hundred residents from their homes.\nThe river crested at four metres overnight, the regional water board said.\nVolunteers filled sandbags at the fire station while the army sent trucks."}
`

func newFixture(t *testing.T, protectReads bool) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{})})
	s, err := web.New(web.Config{Store: db, Pipeline: pl, Reader: rd, Briefer: digest.NewBuilder(db, digest.Options{Persist: true}),
		Token: token, ProtectReads: protectReads})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close) // before the store closes
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, store: db}
}

func (f *fixture) do(t *testing.T, method, path, body, tok string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-ndjson")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func (f *fixture) ingest(t *testing.T) {
	t.Helper()
	resp, body := f.do(t, "POST", "/api/ingest", jsonl, token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("ingest: %d %s", resp.StatusCode, body)
	}
	var res struct{ Ingested, Failed int }
	if err := json.Unmarshal([]byte(body), &res); err != nil || res.Ingested != 3 || res.Failed != 0 {
		t.Fatalf("ingest result %s (%v)", body, err)
	}
}

// TestIngestWarmsBriefs checks that an ingest request leaves the briefs of
// the stories it changed to be built in the background and stored.
func TestIngestWarmsBriefs(t *testing.T) {
	f := newFixture(t, false)
	f.ingest(t)
	sid := storyOf(t, f.store, "w1")
	deadline := time.Now().Add(20 * time.Second)
	for {
		blob, err := f.store.Meta(context.Background(), "brief/"+sid)
		if err != nil {
			t.Fatal(err)
		}
		if len(blob) > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no brief of story %s stored after the ingest", sid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func storyOf(t *testing.T, s news.Store, article string) string {
	a, err := s.Article(context.Background(), article)
	if err != nil {
		t.Fatal(err)
	}
	return a.StoryID
}

func TestWritesNeedToken(t *testing.T) {
	f := newFixture(t, false)
	for _, tc := range []struct {
		name, path, tok string
		want            int
	}{
		{"ingest without token", "/api/ingest", "", http.StatusUnauthorized},
		{"ingest with wrong token", "/api/ingest", "nope", http.StatusUnauthorized},
		{"recluster without token", "/api/recluster", "", http.StatusUnauthorized},
		{"recluster with token", "/api/recluster", token, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := f.do(t, "POST", tc.path, jsonl, tc.tok)
			if resp.StatusCode != tc.want {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
			if strings.Contains(body, token) {
				t.Errorf("response leaks the token")
			}
		})
	}
	if n, _ := f.store.CountArticles(context.Background()); n != 0 {
		t.Errorf("unauthorised ingest stored %d articles", n)
	}
	// Reads are open unless protected.
	if resp, _ := f.do(t, "GET", "/api/stories", "", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("open read: %d", resp.StatusCode)
	}
}

func TestProtectedReads(t *testing.T) {
	f := newFixture(t, true)
	if resp, _ := f.do(t, "GET", "/api/stories", "", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("protected read without token: %d, want 401", resp.StatusCode)
	}
	if resp, _ := f.do(t, "GET", "/", "", token); resp.StatusCode != http.StatusOK {
		t.Errorf("protected read with token: %d", resp.StatusCode)
	}
}

func TestAPIAndPages(t *testing.T) {
	f := newFixture(t, false)
	f.ingest(t)
	sid := storyOf(t, f.store, "w1")
	if storyOf(t, f.store, "p2") != sid || storyOf(t, f.store, "x3") == sid {
		t.Fatalf("stories: w1 %s, p2 %s, x3 %s", sid, storyOf(t, f.store, "p2"), storyOf(t, f.store, "x3"))
	}
	t.Run("brief JSON", func(t *testing.T) {
		resp, body := f.do(t, "GET", "/api/stories/"+sid+"/brief", "", "")
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		var b map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"story", "summary", "entities", "claims", "conflicts", "stances", "timeline", "provenance", "novelty"} {
			if _, ok := b[k]; !ok {
				t.Errorf("brief lacks %q", k)
			}
		}
	})
	for _, part := range []string{"entities", "timeline", "claims"} {
		t.Run(part, func(t *testing.T) {
			resp, body := f.do(t, "GET", "/api/stories/"+sid+"/"+part, "", "")
			if resp.StatusCode != 200 || !json.Valid([]byte(body)) {
				t.Errorf("%d %s", resp.StatusCode, body)
			}
		})
	}
	t.Run("search", func(t *testing.T) {
		resp, body := f.do(t, "GET", "/api/search?q=Eastmere", "", "")
		if resp.StatusCode != 200 || !strings.Contains(body, `"x3"`) {
			t.Errorf("%d %s", resp.StatusCode, body)
		}
		if resp, _ := f.do(t, "GET", "/api/search", "", ""); resp.StatusCode != 400 {
			t.Errorf("search without q: %d, want 400", resp.StatusCode)
		}
	})
	t.Run("not found", func(t *testing.T) {
		if resp, body := f.do(t, "GET", "/api/stories/s999999/brief", "", ""); resp.StatusCode != 404 || !strings.Contains(body, "not_found") {
			t.Errorf("%d %s", resp.StatusCode, body)
		}
		if resp, _ := f.do(t, "GET", "/stories/s999999", "", ""); resp.StatusCode != 404 {
			t.Errorf("page: %d", resp.StatusCode)
		}
	})
	t.Run("pages carry CSP and escape hostile text", func(t *testing.T) {
		for _, path := range []string{"/", "/?q=harbour", "/stories/" + sid, "/stories/" + storyOf(t, f.store, "x3"), "/articles/p2", "/articles/x3"} {
			resp, body := f.do(t, "GET", path, "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			for _, bad := range []string{"<script>alert", "<img src=x", `href="javascript:`} {
				if strings.Contains(body, bad) {
					t.Errorf("%s: unescaped %q in page", path, bad)
				}
			}
		}
	})
	t.Run("story page sections", func(t *testing.T) {
		_, body := f.do(t, "GET", "/stories/"+sid, "", "")
		for _, id := range []string{`id="summary"`, `id="disputes"`, `id="stances"`, `id="timeline"`, `id="entities"`, `id="provenance"`, "<svg", `href="/articles/w1"`} {
			if !strings.Contains(body, id) {
				t.Errorf("story page lacks %s", id)
			}
		}
	})
	t.Run("article page marks copied sentences", func(t *testing.T) {
		_, body := f.do(t, "GET", "/articles/p2", "", "")
		if !strings.Contains(body, `class="copied"`) {
			t.Errorf("article page marks nothing as copied")
		}
		_, body = f.do(t, "GET", "/articles/w1", "", "")
		if !strings.Contains(body, `class="adds"`) {
			t.Errorf("first report marks nothing as new")
		}
	})
}

func TestIngestRejectsBadBodies(t *testing.T) {
	f := newFixture(t, false)
	resp, body := f.do(t, "POST", "/api/ingest", "", token)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty body: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "POST", "/api/ingest", `{"id":"j","url":"javascript:alert(1)","text":"A report long enough to be one."}`+"\n", token)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "not an http(s) URL") {
		t.Errorf("javascript: URL: %d %s", resp.StatusCode, body)
	}
	resp, body = f.do(t, "POST", "/api/ingest", "{not json}\n", token)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "request:1") {
		t.Errorf("malformed line: %d %s", resp.StatusCode, body)
	}
}
