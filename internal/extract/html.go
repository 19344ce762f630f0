package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/crosscheck/crosscheck/internal/meta"
)

// Page is what HTML extraction found. Every metadata field has an evidence
// string naming where it was read ("meta og:site_name", "JSON-LD
// datePublished"); empty fields were not found.
type Page struct {
	Title, TitleEvidence       string
	Byline, BylineEvidence     string
	SiteName, SiteNameEvidence string
	Published                  time.Time
	PublishedEvidence          string
	Language, LanguageEvidence string // from <html lang> or meta, ISO 639-1
	CanonicalURL, URLEvidence  string
	Text                       string // main text, one paragraph per line
	Extractor                  string // "trafilatura" or "readability"
}

// Options tune HTML extraction.
type Options struct {
	// Extractor forces "trafilatura" or "readability"; "" tries
	// trafilatura first and falls back to readability when it finds no text.
	Extractor string
	// Now bounds plausible publication dates (nil: time.Now).
	Now func() time.Time
	// MaxTrafilaturaBytes is the largest page the default extraction hands
	// to trafilatura (0: DefaultMaxTrafilaturaBytes).
	MaxTrafilaturaBytes int
}

// DefaultMaxTrafilaturaBytes is the largest page the default extraction
// hands to trafilatura; larger pages are extracted by readability alone.
const DefaultMaxTrafilaturaBytes = 1 << 20

// HTML extracts the main text and metadata of a UTF-8 HTML page. pageURL
// may be "" (a file); it resolves relative links and helps date guessing.
// A page without main text (navigation only, truncated before the
// article) fails with ErrNoMainText.
func HTML(ctx context.Context, page string, pageURL string, opts Options) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var u *url.URL
	if pageURL != "" {
		if pu, err := url.Parse(pageURL); err == nil && pu.Host != "" {
			u = pu
		}
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("extract: parse HTML: %w", err)
	}
	p := &Page{}
	readMeta(goquery.NewDocumentFromNode(doc), p)

	// Trafilatura's cost grows with the square of a page's text (it builds
	// the text by repeated string concatenation): a 3 MB page of
	// paragraphs took a minute and 40 GB of allocations. Larger pages go to
	// readability, which is linear, unless trafilatura is asked for.
	if opts.MaxTrafilaturaBytes <= 0 {
		opts.MaxTrafilaturaBytes = DefaultMaxTrafilaturaBytes
	}
	useTraf := (opts.Extractor == "" && len(page) <= opts.MaxTrafilaturaBytes) || opts.Extractor == "trafilatura"
	if useTraf {
		// Trafilatura prunes the tree it is given, so it gets its own copy.
		tdoc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return nil, fmt.Errorf("extract: parse HTML: %w", err)
		}
		res, err := trafilatura.ExtractDocument(tdoc, trafilatura.Options{
			OriginalURL:     u,
			ExcludeComments: true,
			HtmlDateMode:    trafilatura.Fast,
		})
		if err == nil && res != nil {
			if res.ContentNode != nil {
				p.Text = NodeText(res.ContentNode)
				p.Extractor = "trafilatura"
			}
			fill(&p.Title, &p.TitleEvidence, res.Metadata.Title, "trafilatura title")
			fill(&p.Byline, &p.BylineEvidence, cleanByline(res.Metadata.Author), "trafilatura author")
			fill(&p.SiteName, &p.SiteNameEvidence, res.Metadata.Sitename, "trafilatura site name")
			if p.Published.IsZero() && !res.Metadata.Date.IsZero() {
				p.Published, p.PublishedEvidence = res.Metadata.Date.UTC(), "htmldate (via trafilatura)"
			}
		}
	}
	// Trafilatura falls back to a flat baseline on short pages: one
	// paragraph with the headline glued to the body. Readability keeps the
	// paragraphs there, so a one-paragraph result asks readability too.
	if opts.Extractor != "trafilatura" && !strings.Contains(strings.TrimSpace(p.Text), "\n") {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rdoc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return nil, fmt.Errorf("extract: parse HTML: %w", err)
		}
		art, err := readability.FromDocument(rdoc, u)
		if rt := ""; err == nil && art.Node != nil {
			rt = NodeText(art.Node)
			if p.Text == "" || (strings.Contains(rt, "\n") && substantial(rt)) || !substantial(p.Text) {
				p.Text = rt
				p.Extractor = "readability"
			}
			fill(&p.Title, &p.TitleEvidence, art.Title, "readability title")
			fill(&p.Byline, &p.BylineEvidence, cleanByline(art.Byline), "readability byline")
			fill(&p.SiteName, &p.SiteNameEvidence, art.SiteName, "readability site name")
			if p.Published.IsZero() && art.PublishedTime != nil {
				p.Published, p.PublishedEvidence = art.PublishedTime.UTC(), "readability published time"
			}
		}
	}
	p.Title = trimSiteSuffix(p.Title, p.SiteName)
	p.Text = dropTitleLine(p.Text, p.Title)
	if !substantial(p.Text) {
		return nil, ErrNoMainText
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	// A date in the future (beyond a day of clock skew) is not a publication date.
	if !p.Published.IsZero() && p.Published.After(now().Add(24*time.Hour)) {
		p.Published, p.PublishedEvidence = time.Time{}, ""
	}
	return p, nil
}

// minMainWords is the least text that counts as an article: a page cut
// off after its headline, or a page of navigation, has fewer words.
const minMainWords = 10

// substantial reports whether text holds article prose rather than a
// headline, a menu or a page cut off early: at least minMainWords words,
// and a paragraph that reads as a sentence (six or more words, three of
// them lower-case) unless the script has no letter case at all.
func substantial(text string) bool {
	if len(strings.Fields(text)) < minMainWords {
		return false
	}
	cased := false
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		lower := 0
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsLower(r) {
				lower++
			}
			if unicode.IsUpper(r) || unicode.IsLower(r) {
				cased = true
			}
		}
		if len(words) >= 6 && lower >= 3 {
			return true
		}
	}
	return !cased && utf8.RuneCountInString(text) >= 30
}

// dropTitleLine removes a leading paragraph that repeats the title: the
// title is kept in its own field.
func dropTitleLine(text, title string) string {
	first, rest, _ := strings.Cut(text, "\n")
	if title != "" && strings.EqualFold(strings.TrimSpace(first), strings.TrimSpace(title)) {
		return rest
	}
	return text
}

func fill(dst, ev *string, v, evidence string) {
	v = strings.Join(strings.Fields(v), " ")
	if *dst == "" && v != "" {
		*dst, *ev = v, evidence
	}
}

// readMeta reads explicit metadata: JSON-LD first (most specific), then
// Open Graph and article:* meta tags, then <title>, <time>, <html lang>.
func readMeta(d *goquery.Document, p *Page) {
	d.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		readJSONLD(s.Text(), p)
	})
	metas := map[string]string{}
	d.Find("meta").Each(func(_ int, s *goquery.Selection) {
		key, _ := s.Attr("property")
		if key == "" {
			key, _ = s.Attr("name")
		}
		if key == "" {
			key, _ = s.Attr("itemprop")
		}
		val, _ := s.Attr("content")
		key = strings.ToLower(strings.TrimSpace(key))
		if key != "" && strings.TrimSpace(val) != "" {
			if _, dup := metas[key]; !dup {
				metas[key] = strings.TrimSpace(val)
			}
		}
	})
	for _, k := range []string{"og:title", "twitter:title", "dc.title", "headline"} {
		fill(&p.Title, &p.TitleEvidence, metas[k], "meta "+k)
	}
	for _, k := range []string{"author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"} {
		if v := metas[k]; v != "" && !strings.HasPrefix(v, "http") {
			fill(&p.Byline, &p.BylineEvidence, cleanByline(v), "meta "+k)
		}
	}
	for _, k := range []string{"og:site_name", "application-name", "publisher", "dc.publisher"} {
		fill(&p.SiteName, &p.SiteNameEvidence, metas[k], "meta "+k)
	}
	for _, k := range []string{"article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date", "article.published", "published_time"} {
		if p.Published.IsZero() && metas[k] != "" {
			if t, err := meta.ParseDate(metas[k]); err == nil {
				p.Published, p.PublishedEvidence = t, "meta "+k+" "+quote(metas[k])
			}
		}
	}
	if p.Published.IsZero() {
		d.Find("time[datetime]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
			v, _ := s.Attr("datetime")
			if t, err := meta.ParseDate(v); err == nil {
				p.Published, p.PublishedEvidence = t, "<time datetime="+quote(v)+">"
				return false
			}
			return true
		})
	}
	for _, k := range []string{"og:url"} {
		fill(&p.CanonicalURL, &p.URLEvidence, metas[k], "meta "+k)
	}
	if href, ok := d.Find(`link[rel="canonical"]`).Attr("href"); ok {
		fill(&p.CanonicalURL, &p.URLEvidence, href, `<link rel="canonical">`)
	}
	fill(&p.Title, &p.TitleEvidence, d.Find("title").First().Text(), "<title>")
	if lang, ok := d.Find("html").Attr("lang"); ok {
		fill(&p.Language, &p.LanguageEvidence, langCode(lang), "<html lang="+quote(lang)+">")
	}
	for _, k := range []string{"og:locale", "content-language", "dc.language", "language"} {
		fill(&p.Language, &p.LanguageEvidence, langCode(metas[k]), "meta "+k)
	}
}

// langCode reduces "en-GB", "en_US" to "en"; it returns "" for anything
// that is not a two-letter code.
func langCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	if len(s) != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' {
		return ""
	}
	return s
}

// readJSONLD reads schema.org article fields from one JSON-LD block (an
// object, an array, or an object with @graph).
func readJSONLD(src string, p *Page) {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if !isArticleType(x["@type"]) {
				return
			}
			fill(&p.Title, &p.TitleEvidence, str(x["headline"]), "JSON-LD headline")
			fill(&p.Byline, &p.BylineEvidence, cleanByline(names(x["author"])), "JSON-LD author")
			fill(&p.SiteName, &p.SiteNameEvidence, names(x["publisher"]), "JSON-LD publisher")
			if p.Published.IsZero() {
				if s := str(x["datePublished"]); s != "" {
					if t, err := meta.ParseDate(s); err == nil {
						p.Published, p.PublishedEvidence = t, "JSON-LD datePublished "+quote(s)
					}
				}
			}
			fill(&p.Language, &p.LanguageEvidence, langCode(str(x["inLanguage"])), "JSON-LD inLanguage")
			fill(&p.CanonicalURL, &p.URLEvidence, str(x["url"]), "JSON-LD url")
		}
	}
	visit(v, 0)
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "Report" || x == "LiveBlogPosting"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// names joins the "name" of a schema.org Person/Organization, or a list.
func names(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return str(x["name"])
	case []any:
		var out []string
		for _, e := range x {
			if n := names(e); n != "" {
				out = append(out, n)
			}
		}
		return strings.Join(out, ", ")
	}
	return ""
}

// cleanByline drops a leading "By" and surrounding punctuation.
func cleanByline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		s = s[3:]
	}
	return strings.Trim(s, " ,|-—")
}

// trimSiteSuffix removes " | Site" or " - Site" from a page title.
func trimSiteSuffix(title, site string) string {
	if site == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: "} {
		if strings.HasSuffix(strings.ToLower(title), strings.ToLower(sep+site)) {
			return strings.TrimSpace(title[:len(title)-len(sep+site)])
		}
	}
	return title
}

func quote(s string) string { return "'" + s + "'" }

// blockTags start a new paragraph when walking extracted content.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
	atom.Tr: true, atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Figure: true, atom.Figcaption: true, atom.Hr: true, atom.Main: true, atom.Aside: true,
	atom.Address: true, atom.Caption: true, atom.Form: true,
}

// trafilatura's own output elements that are blocks.
var blockNames = map[string]bool{"head": true, "list": true, "item": true, "quote": true, "lb": true, "graphic": true, "code": true, "cell": true, "row": true}

// NodeText flattens an HTML tree to text with one paragraph per line:
// block elements and <br> break lines, inline text is joined with single
// spaces, scripts and styles are skipped.
func NodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	newline := func() {
		s := b.String()
		if len(s) > 0 && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			// Source line breaks inside a paragraph are layout, not structure.
			b.WriteString(strings.Map(func(r rune) rune {
				if r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, n.Data))
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg, atom.Button, atom.Select:
				return
			case atom.Br:
				newline()
				return
			}
		case html.CommentNode:
			return
		}
		block := n.Type == html.ElementNode && (blockTags[n.DataAtom] || blockNames[n.Data])
		if block {
			newline()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			newline()
		}
	}
	walk(n)
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// plainParagraphs gives text that holds no markup the shape NodeText gives
// markup: one paragraph a line, no blank lines.
func plainParagraphs(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Fragment flattens an HTML fragment (a feed item's content) to text with
// one paragraph per line. Plain text keeps its lines, blank ones dropped.
func Fragment(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return plainParagraphs(s)
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return plainParagraphs(s)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return NodeText(root)
}
