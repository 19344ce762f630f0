package web

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/ingest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/pipeline"
)

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	ss, err := s.cfg.Store.Stories(r.Context(), news.StoryFilter{Query: r.URL.Query().Get("q"),
		Limit: intParam(r, "limit", 50, 500), Offset: intParam(r, "offset", 0, 1<<30)})
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]digest.StoryRecord, 0, len(ss))
	for _, st := range ss {
		rec, err := digest.Story(r.Context(), s.cfg.Store, st)
		if err != nil {
			s.error(w, r, err)
			return
		}
		out = append(out, rec)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	st, err := s.cfg.Store.Story(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	rec, err := digest.Story(r.Context(), s.cfg.Store, st)
	if err != nil {
		s.error(w, r, err)
		return
	}
	rels, err := s.cfg.Store.Relations(r.Context(), st.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if rels == nil {
		rels = []news.Relation{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"story": rec, "lineages": st.Lineages, "provenance": rels})
}

func (s *Server) apiBrief(w http.ResponseWriter, r *http.Request) {
	b, err := s.cfg.Briefer.Brief(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, b)
}

// apiBriefPart serves one section of the brief, as the brief JSON shapes it.
func (s *Server) apiBriefPart(part string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := s.cfg.Briefer.Brief(r.Context(), r.PathValue("id"))
		if err != nil {
			s.error(w, r, err)
			return
		}
		v, _ := brief.Section(b, part)
		writeJSON(w, http.StatusOK, v)
	}
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.cfg.Store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, digest.Article(a, true))
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		s.error(w, r, news.Errorf(news.EInvalid, "query parameter q is required"))
		return
	}
	hits, err := s.cfg.Store.Search(r.Context(), q, intParam(r, "limit", 20, 200))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if hits == nil {
		hits = []news.SearchHit{}
	}
	writeJSON(w, http.StatusOK, hits)
}

// ingestResult is what POST /api/ingest answers.
type ingestResult struct {
	Ingested   int                `json:"ingested"`
	Duplicates int                `json:"duplicates"`
	Unchanged  int                `json:"unchanged"`
	Failed     int                `json:"failed"`
	Failures   []ingestFailure    `json:"failures"`
	Articles   []pipeline.Outcome `json:"articles"`
}

type ingestFailure struct {
	Input  string `json:"input"`
	Reason string `json:"reason"`
}

// apiIngest takes JSON Lines (application/x-ndjson, application/jsonl) or
// HTML (text/html) in the body. ?format= overrides the Content-Type.
func (s *Server) apiIngest(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		s.error(w, r, news.Errorf(news.EInvalid, "empty body"))
		return
	}
	format := r.URL.Query().Get("format")
	ct := r.Header.Get("Content-Type")
	if format == "" {
		switch {
		case strings.Contains(ct, "ndjson"), strings.Contains(ct, "jsonl"), strings.Contains(ct, "json"):
			format = "jsonl"
		case strings.Contains(ct, "html"):
			format = "html"
		}
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "request"
	}
	res := ingestResult{Failures: []ingestFailure{}, Articles: []pipeline.Outcome{}}
	s.cfg.Reader.Parse(r.Context(), name, formatType(format), body, func(it ingest.Item) {
		if it.Err != nil {
			res.Failed++
			res.Failures = append(res.Failures, ingestFailure{Input: it.Input, Reason: it.Err.Error()})
			return
		}
		out, err := s.cfg.Pipeline.Add(r.Context(), it.Article)
		if err != nil {
			res.Failed++
			res.Failures = append(res.Failures, ingestFailure{Input: it.Input, Reason: news.ErrorMessage(err)})
			s.log.Warn("ingest failed", "input", it.Input, "err", err)
			return
		}
		res.Articles = append(res.Articles, out)
		switch {
		case out.Unchanged:
			res.Unchanged++
		case out.DuplicateOf != "":
			res.Duplicates++
		default:
			res.Ingested++
		}
	})
	// The batch's stories and their neighbours are re-clustered, as the CLI's
	// ingest does, and their briefs rebuilt in the background.
	if _, touched, err := s.cfg.Pipeline.Settle(r.Context(), res.Articles); err != nil {
		s.log.Warn("re-clustering after ingest failed", "err", err)
	} else {
		s.warm(touched)
	}
	st := http.StatusOK
	if res.Failed > 0 && len(res.Articles) == 0 {
		st = http.StatusUnprocessableEntity
	}
	writeJSON(w, st, res)
}

// formatType keeps a known format name for ingest.Reader.Parse; "" sniffs.
func formatType(format string) string {
	switch format {
	case "jsonl", "html", "text", "feed":
		return format
	}
	return ""
}

func (s *Server) apiRecluster(w http.ResponseWriter, r *http.Request) {
	res, err := s.cfg.Pipeline.Recluster(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
