// Package web serves crosscheck over HTTP: a JSON API and a server-rendered
// UI (html/template, embedded assets, no external resources). Handlers hold
// no state of their own, so several servers can share one PostgreSQL store.
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Briefer builds the brief of a story.
type Briefer interface {
	Brief(ctx context.Context, storyID string) (*brief.Brief, error)
}

// Config holds the server's dependencies and settings.
type Config struct {
	Store    news.Store
	Pipeline *pipeline.Pipeline
	Reader   *ingest.Reader
	Briefer  Briefer
	Log      *slog.Logger
	// Token, when set, is the bearer token write endpoints require. Without
	// one, write endpoints are refused.
	Token string
	// ProtectReads makes read endpoints require the token too.
	ProtectReads bool
	// MaxBody bounds request bodies (ingest).
	MaxBody int64
}

// Server is the HTTP handler.
type Server struct {
	cfg  Config
	log  *slog.Logger
	tmpl map[string]*template.Template
	mux  *http.ServeMux

	// warming builds the briefs of stories an ingest changed, in the
	// background, so the next reader finds them built.
	warmMu   sync.Mutex
	warmWant map[string]bool // stories waiting for a brief
	warmBusy bool            // a warming goroutine is running
	warmWG   sync.WaitGroup
	closed   bool
}

// New parses the templates once and builds the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 10 << 20
	}
	s := &Server{cfg: cfg, log: cfg.Log, mux: http.NewServeMux()}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// warm queues the briefs of stories for building in the background. One
// goroutine builds them one at a time, so a burst of ingests costs one
// core at most and a story queued twice is built once.
func (s *Server) warm(storyIDs []string) {
	if len(storyIDs) == 0 {
		return
	}
	s.warmMu.Lock()
	defer s.warmMu.Unlock()
	if s.closed {
		return
	}
	if s.warmWant == nil {
		s.warmWant = map[string]bool{}
	}
	for _, id := range storyIDs {
		s.warmWant[id] = true
	}
	if s.warmBusy {
		return
	}
	s.warmBusy = true
	s.warmWG.Add(1)
	go func() {
		defer s.warmWG.Done()
		for {
			s.warmMu.Lock()
			var id string
			for k := range s.warmWant {
				id = k
				break
			}
			if id == "" || s.closed {
				s.warmBusy = false
				s.warmMu.Unlock()
				return
			}
			delete(s.warmWant, id)
			s.warmMu.Unlock()
			if _, err := s.cfg.Briefer.Brief(context.Background(), id); err != nil && news.ErrorCode(err) != news.ENotFound {
				s.log.Warn("brief not built", "story", id, "err", err)
			}
		}
	}()
}

// Close stops background work (briefs not yet built are built on first
// request instead) and waits for the brief in progress. Call it after the
// HTTP server has shut down and before the store is closed.
func (s *Server) Close() {
	s.warmMu.Lock()
	s.closed = true
	s.warmMu.Unlock()
	s.warmWG.Wait()
}

func (s *Server) routes() {
	read := s.requireRead
	write := s.requireWrite
	m := s.mux
	m.Handle("GET /healthz", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }))

	m.Handle("GET /api/stories", read(s.apiStories))
	m.Handle("GET /api/stories/{id}", read(s.apiStory))
	m.Handle("GET /api/stories/{id}/brief", read(s.apiBrief))
	m.Handle("GET /api/stories/{id}/entities", read(s.apiBriefPart("entities")))
	m.Handle("GET /api/stories/{id}/timeline", read(s.apiBriefPart("timeline")))
	m.Handle("GET /api/stories/{id}/claims", read(s.apiBriefPart("claims")))
	m.Handle("GET /api/articles/{id}", read(s.apiArticle))
	m.Handle("GET /api/search", read(s.apiSearch))
	m.Handle("POST /api/ingest", write(s.apiIngest))
	m.Handle("POST /api/recluster", write(s.apiRecluster))

	m.Handle("GET /{$}", read(s.pageStories))
	m.Handle("GET /stories/{id}", read(s.pageStory))
	m.Handle("GET /articles/{id}", read(s.pageArticle))
	static, _ := fs.Sub(staticFS, "static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
}

// ServeHTTP adds the security headers and recovers from panics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	start := time.Now()
	s.mux.ServeHTTP(w, r)
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "took", time.Since(start))
}

// authorized compares the bearer token in constant time. The token is never logged.
func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token == "" {
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) == 1
}

func (s *Server) requireWrite(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="crosscheck"`)
			s.error(w, r, news.Errorf(news.EAuth, "a valid bearer token is required"))
			return
		}
		h(w, r)
	})
}

func (s *Server) requireRead(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.ProtectReads && !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="crosscheck"`)
			s.error(w, r, news.Errorf(news.EAuth, "a valid bearer token is required"))
			return
		}
		h(w, r)
	})
}

// status maps a domain error code to an HTTP status.
func status(code string) int {
	switch code {
	case news.ENotFound:
		return http.StatusNotFound
	case news.EInvalid:
		return http.StatusBadRequest
	case news.EConflict:
		return http.StatusConflict
	case news.EAuth:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// error writes err: JSON for the API, a page for the UI. Internal details are
// logged, never shown.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := news.ErrorCode(err)
	st := status(code)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		st, code = http.StatusRequestEntityTooLarge, news.EInvalid
	}
	if st == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg := news.ErrorMessage(err)
	if st == http.StatusRequestEntityTooLarge {
		msg = "request body too large"
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, st, map[string]string{"error": msg, "code": code})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(st)
	s.render(w, r, "error", map[string]any{"Title": http.StatusText(st), "Status": st, "Message": msg})
}

func writeJSON(w http.ResponseWriter, st int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(st)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func intParam(r *http.Request, name string, def, maxV int) int {
	v, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || v <= 0 {
		return def
	}
	return min(v, maxV)
}
