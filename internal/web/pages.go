package web

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/microcosm-cc/bluemonday"

	"github.com/crosscheck/crosscheck/internal/brief"
	"github.com/crosscheck/crosscheck/internal/digest"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
)

var funcs = template.FuncMap{
	"join": strings.Join,
	"date": func(s *string) string {
		if s == nil || len(*s) < 10 {
			return "unknown"
		}
		return (*s)[:10]
	},
	// rel names one end of a relation: [n] for an article of the story, the outlet for an external one.
	"rel": func(id string, num map[string]int) string {
		if o, ok := strings.CutPrefix(id, "external:"); ok {
			return o
		}
		if n, ok := num[id]; ok {
			return fmt.Sprintf("[%d] %s", n, id)
		}
		return id
	},
}

func (s *Server) parseTemplates() error {
	s.tmpl = map[string]*template.Template{}
	for _, page := range []string{"stories", "story", "article", "error"} {
		t, err := template.New(page).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+page+".html")
		if err != nil {
			return fmt.Errorf("web: parse template %s: %w", page, err)
		}
		s.tmpl[page] = t
	}
	return nil
}

// render executes a page into a buffer first, so a template error never
// leaves a half-written page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, page string, data map[string]any) {
	if _, ok := data["Query"]; !ok {
		data["Query"] = ""
	}
	var buf bytes.Buffer
	if err := s.tmpl[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

func (s *Server) pageStories(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	ss, err := s.cfg.Store.Stories(r.Context(), news.StoryFilter{Query: q, Limit: intParam(r, "limit", 100, 1000)})
	if err != nil {
		s.error(w, r, err)
		return
	}
	recs := make([]digest.StoryRecord, 0, len(ss))
	for _, st := range ss {
		rec, err := digest.Story(r.Context(), s.cfg.Store, st)
		if err != nil {
			s.error(w, r, err)
			return
		}
		recs = append(recs, rec)
	}
	var hits []news.SearchHit
	if q != "" {
		if hits, err = s.cfg.Store.Search(r.Context(), q, 20); err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.render(w, r, "stories", map[string]any{"Title": "Stories", "Query": q, "Stories": recs, "Hits": hits})
}

func (s *Server) pageStory(w http.ResponseWriter, r *http.Request) {
	b, err := s.cfg.Briefer.Brief(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	num := map[string]int{}
	outlets := map[string]string{}
	for i, a := range b.Story.Articles {
		num[a.ID] = i + 1
		outlets[a.ID] = a.Outlet
		if a.Outlet == "" {
			outlets[a.ID] = "outlet unknown"
		}
	}
	adds := map[string][]string{}
	for _, n := range b.Novelty {
		adds[n.Article] = n.Adds
	}
	s.render(w, r, "story", map[string]any{"Title": b.Story.Title, "Brief": b, "Num": num, "Outlets": outlets,
		"Adds": adds, "Graph": brief.ProvenanceSVG(b)})
}

// fieldRow is one metadata field on the article page.
type fieldRow struct{ Name, Value, How, Evidence string }

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.cfg.Store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	var b *brief.Brief
	if a.StoryID != "" {
		if b, err = s.cfg.Briefer.Brief(r.Context(), a.StoryID); err != nil {
			s.error(w, r, err)
			return
		}
	}
	pub := ""
	if !a.Published.IsZero() {
		pub = a.Published.UTC().Format(time.RFC3339)
	}
	values := map[string]string{"id": a.ID, "title": a.Title, "outlet": a.Outlet, "cited_outlets": strings.Join(a.CitedOutlets, ", "),
		"published": pub, "url": a.URL, "language": a.Language, "byline": a.Byline}
	names := []string{"id", "title", "outlet", "cited_outlets", "published", "url", "language", "byline"}
	var extra []string
	for k := range a.Fields {
		if _, ok := values[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	var rows []fieldRow
	for _, n := range append(names, extra...) {
		v, ok := values[n]
		if !ok {
			v = a.Fields[n].Evidence
		}
		if v == "" && a.Fields[n].How == "" {
			continue
		}
		rows = append(rows, fieldRow{Name: n, Value: v, How: a.Fields[n].How, Evidence: a.Fields[n].Evidence})
	}
	s.render(w, r, "article", map[string]any{"Title": a.Title, "Article": a, "Fields": rows, "URL": safeURL(a.URL),
		"Body": articleBody(a, b)})
}

// safeURL returns u only when it is an http(s) URL: no javascript: links.
func safeURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// bodyPolicy is the sanitiser the article body passes through: it keeps only
// the markup articleBody writes (paragraphs and highlight marks).
var bodyPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "mark")
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("mark", "p")
	p.AllowAttrs("title").OnElements("mark")
	return p
}()

// articleBody renders the article text as paragraphs with its sentences
// marked: what it adds to earlier reports, and what it copied (with the
// source in the title). Text is escaped, then the result is sanitised.
func articleBody(a *news.Article, b *brief.Brief) template.HTML {
	adds := map[string]bool{}
	copied := map[string]string{}
	boiler := map[int]bool{}
	if b != nil {
		for _, n := range b.Novelty {
			if n.Article == a.ID {
				for _, t := range n.Adds {
					adds[t] = true
				}
			}
		}
		for _, rel := range b.Provenance {
			if rel.To != a.ID {
				continue
			}
			for _, p := range rel.Passages {
				copied[p.ToText] = rel.Kind + " from " + strings.TrimPrefix(rel.From, "external:")
			}
		}
	}
	for _, sp := range a.Boilerplate {
		for i := sp.Start; i < sp.End; i++ {
			boiler[i] = true
		}
	}
	var sb strings.Builder
	for _, para := range strings.Split(a.Text, "\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		off := strings.Index(a.Text, para)
		class := ""
		if off >= 0 && boiler[off] {
			class = ` class="boiler"`
		}
		sb.WriteString("<p" + class + ">")
		for _, s := range text.Sentences(para) {
			t := html.EscapeString(s.Text)
			switch {
			case copied[s.Text] != "":
				sb.WriteString(`<mark class="copied" title="` + html.EscapeString(copied[s.Text]) + `">` + t + `</mark> `)
			case adds[s.Text]:
				sb.WriteString(`<mark class="adds">` + t + `</mark> `)
			default:
				sb.WriteString(t + " ")
			}
		}
		sb.WriteString("</p>\n")
	}
	return template.HTML(bodyPolicy.Sanitize(sb.String()))
}
