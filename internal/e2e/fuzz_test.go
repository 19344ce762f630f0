package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
	"github.com/crosscheck/crosscheck/internal/sqlite"
	"github.com/crosscheck/crosscheck/internal/web"
)

// FuzzWebRead sends arbitrary paths and query strings to the read side of
// the web server (pages, API, search with user-written queries) over a small
// store. Whatever the input, the answer is never a server error, always
// carries the CSP, and never reflects a raw "<" of the input into a page.
func FuzzWebRead(f *testing.F) {
	for _, s := range []struct{ path, query string }{
		{"/", "q=harbour"},
		{"/api/search", "q=" + url.QueryEscape(`"harbour" OR NEAR(a b) * ^ -x`)},
		{"/api/search", "q=%22&limit=-1"},
		{"/api/stories", "limit=99999999999999999999&offset=-5"},
		{"/api/stories/s000001/brief", ""},
		{"/stories/<script>", "q=<script>alert(1)</script>"},
		{"/articles/a-000", ""},
		{"/api/stories/s000001/claims", "x=%ff"},
	} {
		f.Add(s.path, s.query)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	pl, err := pipeline.New(ctx, db, pipeline.Options{})
	if err != nil {
		f.Fatal(err)
	}
	for _, a := range corpus(5, 3, 8) {
		if _, err := pl.Add(ctx, &news.Article{ID: a.ID, Title: a.Title, Text: a.Text, Outlet: a.Outlet, Published: a.Published}); err != nil {
			f.Fatal(err)
		}
	}
	srv, err := web.New(web.Config{Store: db, Pipeline: pl, Reader: ingest.NewReader(ingest.Options{Fetcher: fetch.New(fetch.Config{})}),
		Briefer: digest.NewBuilder(db, digest.Options{}), Token: "fuzz-token"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, query string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		u := &url.URL{Path: path, RawQuery: query}
		req, err := http.NewRequest("GET", "http://crosscheck.test"+u.RequestURI(), nil)
		if err != nil {
			return // not a request a client could send
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("GET %s: status %d: %s", u.RequestURI(), rec.Code, rec.Body.String())
		}
		if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatalf("GET %s: no CSP", u.RequestURI())
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") && strings.Contains(strings.ToLower(rec.Body.String()), "<script") {
			t.Fatalf("GET %s: a page with a script tag", u.RequestURI())
		}
	})
}
