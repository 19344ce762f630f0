package brief

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed templates/brief.html.tmpl
var pageSource string

//go:embed templates/brief.css
var pageCSS string

// letter names the i-th side of a dispute: A, B, ...
func letter(i int) string { return string(rune('A' + i%26)) }

// htmlEscaper escapes text and quoted attribute values as html/template
// does (its htmlReplacementTable), so that HTML written in Go reads the
// same as HTML the template writes.
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// pageData is what the page template sees.
type pageData struct {
	B     *Brief
	Title string
}

// page parses the template once; per-brief values come in through the
// functions bound in HTML, so the parsed template is read-only.
var page = template.Must(template.New("brief").Funcs(funcStubs).Parse(pageSource))

// funcStubs declares the template functions for parsing; HTML binds the
// real ones to the brief being rendered.
var funcStubs = template.FuncMap{
	"css": func() template.CSS { return "" }, "overview": func() string { return "" },
	"marks": func([]string) template.HTML { return "" }, "source": func(string) string { return "" },
	"evidenceIDs": func([]Evidence) []string { return nil }, "tally": func(Rule) string { return "" },
	"join": strings.Join, "svg": func() template.HTML { return "" },
	"inc": func(int) int { return 0 }, "outlet": func(Article) string { return "" }, "day": day,
	"httpURL": httpURL, "provenanceOf": func(string) template.HTML { return "" },
	"disputes": func([]Conflict) template.HTML { return "" }, "claimList": func([]string) template.HTML { return "" },
	"novelty":   func([]Novelty) template.HTML { return "" },
	"generated": func() string { return "" },
}

// HTML writes b as a standalone HTML page: embedded CSS, no scripts, no
// external resources, the provenance graph inline as SVG. All text from the
// brief is escaped by html/template; links are made only for http and https
// URLs.
func HTML(w io.Writer, b *Brief) error {
	src := newSources(b)
	title := b.Story.Title
	if title == "" {
		title = "Story " + b.Story.ID
	}
	// Sections with thousands of entries (citations, dispute sources,
	// provenance lists, coverage, what each report adds) are written as
	// HTML here, escaped as html/template escapes text and quoted
	// attributes: a template action per entry costs reflective calls to
	// the function and its escapers.
	relationsTo := map[string][]Relation{}
	for _, r := range b.Provenance {
		relationsTo[r.To] = append(relationsTo[r.To], r)
	}
	funcs := template.FuncMap{
		"css":      func() template.CSS { return template.CSS(pageCSS) },
		"overview": func() string { return overview(b) },
		"marks": func(ids []string) template.HTML {
			var sb strings.Builder
			sb.Grow(96 * len(ids)) // a citation link with its title: one allocation
			for _, id := range ids {
				// the href is "#src-" and a number, or "#sources": nothing
				// in it needs escaping in a URL attribute
				sb.WriteString(`<a class="cite" href="`)
				n, ok := src.num[id]
				label, title := "", ""
				if ok {
					label, title = src.labels[n-1], src.titles[n-1]
					sb.WriteString("#src-")
					sb.WriteString(label)
				} else {
					label = nodeName(id)
					sb.WriteString("#sources")
				}
				sb.WriteString(`" title="`)
				htmlEscaper.WriteString(&sb, title)
				sb.WriteString(`">[`)
				htmlEscaper.WriteString(&sb, label)
				sb.WriteString(`]</a>`)
			}
			return template.HTML(sb.String())
		},
		"source": src.source,
		"evidenceIDs": func(ev []Evidence) []string {
			ids := make([]string, 0, len(ev))
			for _, e := range ev {
				ids = append(ids, e.Article)
			}
			return dedup(ids)
		},
		"tally":  tally,
		"svg":    func() template.HTML { return ProvenanceSVG(b) },
		"inc":    func(i int) int { return i + 1 },
		"outlet": func(a Article) string { return outletOf(&a) },
		"provenanceOf": func(id string) template.HTML {
			rs := relationsTo[id]
			if len(rs) == 0 {
				return ""
			}
			var sb strings.Builder
			sb.Grow(320 * len(rs)) // a relation with its shortened passage
			sb.WriteString("<ul class=\"prov\">\n")
			for _, r := range rs {
				// the colours are fixed hex values: nothing to escape
				sb.WriteString(`<li><span class="kind" style="border-color: `)
				htmlEscaper.WriteString(&sb, colorOf(r.Kind))
				sb.WriteString(`">`)
				htmlEscaper.WriteString(&sb, kindVerb(r.Kind))
				sb.WriteString(`</span> `)
				htmlEscaper.WriteString(&sb, src.source(r.From))
				if len(r.Passages) > 0 {
					p := r.Passages[0]
					sb.WriteString(`: <q>`)
					htmlEscaper.WriteString(&sb, shorten(p.ToText, 160))
					sb.WriteString(`</q>`)
					if p.Match != "" {
						sb.WriteString(` <span class="match">`)
						htmlEscaper.WriteString(&sb, p.Match)
						sb.WriteString(`</span>`)
					}
				}
				sb.WriteString("</li>\n")
			}
			sb.WriteString("</ul>")
			return template.HTML(sb.String())
		},
		"disputes": func(cs []Conflict) template.HTML {
			var sb strings.Builder
			for _, c := range cs {
				sb.WriteString("\n<h3>")
				htmlEscaper.WriteString(&sb, c.Topic)
				sb.WriteString("</h3>\n")
				if c.PossibleChange {
					sb.WriteString(`<p class="note">The sides were published far apart: this may be a change over time rather than a dispute.</p>`)
				}
				sb.WriteString("\n<table class=\"dispute\">\n<thead><tr><th>Side</th><th>Sources</th><th>Sentence</th></tr></thead>\n<tbody>\n")
				for i, s := range c.Sides {
					sb.WriteString(`<tr><td class="side">`)
					htmlEscaper.WriteString(&sb, letter(i))
					sb.WriteString(`</td><td>`)
					for j, id := range s.Articles {
						if j > 0 {
							sb.WriteString("<br>")
						}
						htmlEscaper.WriteString(&sb, src.source(id))
					}
					sb.WriteString(`</td><td>`)
					htmlEscaper.WriteString(&sb, s.Text)
					sb.WriteString("</td></tr>\n")
				}
				sb.WriteString("</tbody>\n</table>\n")
			}
			return template.HTML(sb.String())
		},
		"novelty": func(ns []Novelty) template.HTML {
			var sb strings.Builder
			for _, n := range ns {
				sb.WriteString("<li>")
				htmlEscaper.WriteString(&sb, src.source(n.Article))
				if len(n.Adds) > 0 {
					sb.WriteString("<ul>")
					for _, a := range n.Adds {
						sb.WriteString("<li>")
						htmlEscaper.WriteString(&sb, a)
						sb.WriteString("</li>")
					}
					sb.WriteString("</ul>")
				} else {
					sb.WriteString(": nothing new")
				}
				sb.WriteString("</li>\n")
			}
			return template.HTML(sb.String())
		},
		"claimList": func(texts []string) template.HTML {
			if len(texts) == 0 {
				return "—"
			}
			var sb strings.Builder
			sb.WriteString(`<ul class="claims">`)
			for _, t := range texts {
				sb.WriteString("<li>")
				htmlEscaper.WriteString(&sb, shorten(t, 160))
				sb.WriteString("</li>")
			}
			sb.WriteString("</ul>")
			return template.HTML(sb.String())
		},
		"generated": func() string {
			if b.Generated.IsZero() {
				return ""
			}
			return b.Generated.UTC().Format("2006-01-02 15:04 UTC")
		},
	}
	t, err := page.Clone()
	if err != nil {
		return fmt.Errorf("brief: html for story %s: %w", b.Story.ID, err)
	}
	// The page is kept whole until it is complete, so a failed execution
	// writes nothing; in chunks, as a large story's page is megabytes and a
	// growing buffer would copy it over and over.
	var out chunks
	if err := t.Funcs(funcs).Execute(&out, pageData{B: b, Title: title}); err != nil {
		return fmt.Errorf("brief: html for story %s: %w", b.Story.ID, err)
	}
	for _, c := range out.full {
		if _, err := w.Write(c); err != nil {
			return fmt.Errorf("brief: html for story %s: %w", b.Story.ID, err)
		}
	}
	return nil
}

// chunkSize is the size of one chunk of a page being written.
const chunkSize = 64 << 10

// chunks is an in-memory writer that keeps what it is given in chunks of
// chunkSize bytes, never copying what it already holds.
type chunks struct {
	full [][]byte // every chunk, the last one being filled
}

func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(c.full) == 0 || len(c.full[len(c.full)-1]) == chunkSize {
			c.full = append(c.full, make([]byte, 0, chunkSize))
		}
		last := &c.full[len(c.full)-1]
		k := min(len(p), chunkSize-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}
