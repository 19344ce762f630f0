package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
)

// The article body is escaped first, so hostile markup shows as text, and
// sanitised second, so only <p> and <mark> survive whatever a bug upstream
// lets through.
func TestHostileArticleBodyEscaped(t *testing.T) {
	a := &news.Article{ID: "h", Text: "Officials said <script>alert('x')</script> nothing.\n\n" +
		`<p onclick="alert(2)">Click</p> and <a href="javascript:alert(1)">a link</a> and <img src=x onerror=alert(3)>.`}
	got := string(articleBody(a, nil))
	for _, bad := range []string{"<script", "<a ", "<img", "onclick=\"", "href=\""} {
		if strings.Contains(got, bad) {
			t.Errorf("body holds %q:\n%s", bad, got)
		}
	}
	// The text is kept, escaped: a reader sees what the report said.
	for _, want := range []string{"&lt;script&gt;", "&lt;img src=x onerror=alert(3)&gt;"} {
		if !strings.Contains(got, want) {
			t.Errorf("body lacks the escaped text %q:\n%s", want, got)
		}
	}
}

func TestHostileBodyPolicy(t *testing.T) {
	in := `<p onclick="x()">a</p><script>alert(1)</script><mark class="copied" title="from w" onmouseover="y()">b</mark>` +
		`<a href="javascript:alert(1)">c</a><img src=x onerror=alert(1)><iframe src="//evil.example"></iframe><p style="background:url(javascript:z)">d</p>`
	got := bodyPolicy.Sanitize(in)
	for _, bad := range []string{"onclick", "onmouseover", "onerror", "<script", "alert(1)</", "javascript:", "<img", "<iframe", "<a ", "style="} {
		if strings.Contains(got, bad) {
			t.Errorf("sanitised body holds %q: %s", bad, got)
		}
	}
	if !strings.Contains(got, `<mark class="copied" title="from w">b</mark>`) {
		t.Errorf("sanitiser dropped the allowed markup: %s", got)
	}
}

func TestHostileSafeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/a?b=c", "https://example.com/a?b=c"},
		{"http://example.com/", "http://example.com/"},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{" javascript:alert(1)", ""},
		{"vbscript:msgbox(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"//evil.example/x", ""},
		{"http:/no-host", ""},
		{"file:///etc/passwd", ""},
	} {
		if got := safeURL(tc.in); got != tc.want {
			t.Errorf("safeURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

var (
	// eventAttr finds an event-handler attribute inside a real tag.
	eventAttr = regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	// jsURL finds a javascript: URL in a link or source attribute.
	jsURL = regexp.MustCompile(`(?i)(href|src|action|xlink:href)\s*=\s*["']?\s*javascript:`)
)

// Every page and API answer over a store holding hostile reports (stored
// through the pipeline, past ingest's own checks, as a compromised feed or
// an old database could hold them) keeps the markup inert: no script,
// frame or image tag, no event handler, no javascript: link; and every
// answer carries the CSP that forbids scripts even if one got through.
func TestHostilePages(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	story := "Mayor Anna Kowal of Brightport said on Monday that the city council will vote on the harbour expansion plan on 12 March.\n" +
		"The plan would deepen the shipping channel to 17 metres and build a container terminal.\n" +
		"The Green Coast Alliance said it would sue the city over the environmental permit."
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	hostile := []*news.Article{
		{ID: "h1", Title: `<script>alert('title')</script>Harbour vote`, Outlet: `<img src=x onerror=alert('outlet')>Wire`,
			Byline: `"><svg onload=alert('byline')>`, URL: "javascript:alert('url')", Published: day,
			Text: story + "\n<script>alert('x')</script> <a href=\"javascript:alert(1)\">more</a> <p onclick=\"alert(2)\">here</p>"},
		{ID: `h2"><script>alert('id')</script>`, Title: "Harbour vote set <iframe src=//evil.example>", Outlet: "Paper' onmouseover='alert(5)",
			URL: "https://paper.example/h2?q=\"><script>alert(6)</script>", Published: day.Add(time.Hour),
			Text: story + "\n</p><iframe src=\"//evil.example\"></iframe> Officials <b onmouseover=alert(7)>said</b> so."},
	}
	for _, a := range hostile {
		if _, err := pl.Add(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{})})
	s, err := New(Config{Store: db, Pipeline: pl, Reader: rd, Briefer: digest.NewBuilder(db, digest.Options{}), Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	a1, err := db.Article(ctx, "h1")
	if err != nil || a1.StoryID == "" {
		t.Fatalf("h1: %v %+v", err, a1)
	}
	paths := []string{"/", "/?q=harbour", "/?q=" + url.QueryEscape("<script>alert(1)</script>"), "/stories/" + a1.StoryID,
		"/articles/h1", "/articles/" + url.PathEscape(hostile[1].ID), "/stories/" + url.PathEscape("<script>alert(1)</script>"),
		"/api/stories", "/api/stories/" + a1.StoryID, "/api/stories/" + a1.StoryID + "/brief", "/api/articles/h1"}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			resp, err := http.Get(srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body := string(b)
			if resp.StatusCode != 200 && resp.StatusCode != 404 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-") {
				t.Errorf("CSP %q must forbid every script", csp)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("no nosniff header")
			}
			if strings.HasPrefix(p, "/api/") {
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("API answer served as %q", ct)
				}
				return // JSON carries the text as data; its Content-Type and the CSP keep browsers from running it
			}
			low := strings.ToLower(body)
			for _, bad := range []string{"<script", "<iframe", "<img", "<svg onload", "<b onmouseover"} {
				if strings.Contains(low, bad) {
					t.Errorf("page holds %q", bad)
				}
			}
			if m := eventAttr.FindString(body); m != "" {
				t.Errorf("page holds an event handler: %q", m)
			}
			if m := jsURL.FindString(body); m != "" {
				t.Errorf("page holds a javascript: URL: %q", m)
			}
		})
	}
	for _, p := range []string{"/stories/" + a1.StoryID, "/"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), "&lt;img src=x onerror=alert(&#39;outlet&#39;)&gt;Wire") {
			t.Errorf("%s does not show the hostile outlet name, escaped", p)
		}
	}
	// The hostile text is shown, escaped, rather than silently dropped.
	resp, err := http.Get(srv.URL + "/articles/h1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "&lt;script&gt;") {
		t.Errorf("the article page does not show the escaped script text")
	}
}

// Without a configured token every write is refused, whatever the request
// carries: an empty bearer token must not match an empty configuration.
func TestHostileNoTokenConfigured(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rd := ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{})})
	s, err := New(Config{Store: db, Pipeline: pl, Reader: rd, Briefer: digest.NewBuilder(db, digest.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body := `{"id":"n1","text":"The council voted on the harbour plan on Monday after a long debate in the chamber."}` + "\n"
	for _, auth := range []string{"", "Bearer ", "Bearer", "Bearer x", "Basic Og=="} {
		for _, path := range []string{"/api/ingest", "/api/recluster"} {
			req := httptest.NewRequest("POST", path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-ndjson")
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("POST %s with Authorization %q and no token configured: %d, want 401", path, auth, rec.Code)
			}
		}
	}
	if n, _ := db.CountArticles(ctx); n != 0 {
		t.Errorf("%d articles stored without a token", n)
	}
}
