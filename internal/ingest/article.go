package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/extract"
	"github.com/crosscheck/crosscheck/internal/meta"
	"github.com/crosscheck/crosscheck/internal/news"
)

// field is one metadata value with how it was obtained.
type field struct {
	v, how, ev string
}

func (f *field) set(v, how, ev string) {
	if v = strings.TrimSpace(v); v != "" && f.v == "" {
		*f = field{v, how, ev}
	}
}

// draft collects what a format reader found before the common finishing.
type draft struct {
	src        source
	text       string // decoded text, not yet normalised
	deriveHead bool   // plain text: the first line may be the headline
	id, title  field
	url        field
	byline     field
	outlet     field
	siteName   field
	language   field
	published  time.Time
	pubHow     string
	pubEv      string
	extra      map[string]news.FieldSource
}

// ErrNoText is returned for inputs whose text is empty after normalisation.
var ErrNoText = errors.New("no text")

var bylineLineRe = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|de|van|von|der|la))*)(?:\s*[,|—–-]\s*.{0,40})?$`)

// finish normalises the text and fills every metadata field with its
// provenance: the one place where articles of all formats are completed.
func (r *Reader) finish(d *draft) (*news.Article, error) {
	text := meta.Normalize(d.text)
	a := &news.Article{}
	switch {
	case d.title.v != "":
		a.Title = oneLine(d.title.v)
		a.SetField("title", d.title.how, d.title.ev)
	case d.deriveHead:
		title, body, derived := meta.SplitTitle(text)
		text = body
		a.Title = title
		if derived {
			a.SetField("title", news.Inferred, "first sentence of the text")
		} else {
			a.SetField("title", news.Extracted, "first line reads as a headline")
		}
	default:
		a.Title = meta.DeriveTitle(text)
		a.SetField("title", news.Inferred, "first sentence of the text")
	}
	if strings.TrimSpace(text) == "" {
		return nil, ErrNoText
	}
	a.Text = text
	a.Hash = news.TextHash(text)
	a.Boilerplate = meta.Boilerplate(text)
	a.Source = d.src.name
	a.IngestedAt = r.opts.Now()

	if d.url.v != "" {
		if cu, err := meta.CanonicalURL(d.url.v); err == nil {
			a.URL = cu
			a.SetField("url", d.url.how, d.url.ev)
		}
	}
	switch {
	case d.id.v != "":
		a.ID = d.id.v
		a.SetField("id", d.id.how, d.id.ev)
	case d.src.path != "":
		base := filepath.Base(d.src.path)
		a.ID = strings.TrimSuffix(base, filepath.Ext(base))
		a.SetField("id", news.Inferred, "file name "+base)
	case a.URL != "":
		a.ID = a.URL
		a.SetField("id", news.Inferred, "canonical URL")
	default:
		a.ID = "sha-" + a.Hash[:16]
		a.SetField("id", news.Inferred, "content hash")
	}

	if d.byline.v == "" {
		for i, p := range strings.SplitN(text, "\n\n", 4) {
			if m := bylineLineRe.FindStringSubmatch(p); m != nil && i < 3 && len(strings.Fields(m[1])) <= 6 {
				d.byline.set(m[1], news.Extracted, "byline line "+quote(p))
				break
			}
		}
	}
	if d.byline.v != "" {
		a.Byline = oneLine(d.byline.v)
		a.SetField("byline", d.byline.how, d.byline.ev)
	}

	attr := meta.Attribute(text)
	switch {
	case d.outlet.v != "":
		a.Outlet = d.outlet.v
		a.SetField("outlet", d.outlet.how, d.outlet.ev)
	case attr.Outlet != "":
		a.Outlet = attr.Outlet
		a.SetField("outlet", news.Inferred, attr.OutletEvidence)
	case d.byline.v != "" && bylineOutlet(d.byline.v) != "":
		a.Outlet = bylineOutlet(d.byline.v)
		a.SetField("outlet", news.Inferred, "byline "+quote(d.byline.v))
	case d.siteName.v != "":
		a.Outlet = meta.CanonicalOutlet(d.siteName.v)
		a.SetField("outlet", d.siteName.how, d.siteName.ev)
	case a.URL != "":
		if name, ev, _ := meta.OutletFromURL(a.URL); name != "" {
			a.Outlet = name
			a.SetField("outlet", news.Inferred, ev)
		}
	}
	if attr.Dateline != "" {
		a.SetField("dateline", news.Inferred, "dateline "+quote(attr.DatelineEvidence))
	}
	a.CitedOutlets = []string{}
	var evs []string
	for _, c := range attr.Cited {
		if strings.EqualFold(c.Outlet, a.Outlet) {
			continue
		}
		a.CitedOutlets = append(a.CitedOutlets, c.Outlet)
		evs = append(evs, c.Outlet+": "+c.Evidence)
	}
	if len(evs) > 0 {
		a.SetField("cited_outlets", news.Inferred, strings.Join(evs, "; "))
	}

	if !d.published.IsZero() {
		a.Published = d.published.UTC()
		a.SetField("published", d.pubHow, d.pubEv)
	}

	r.language(a, d.language)
	for k, v := range d.extra {
		a.SetField(k, v.How, v.Evidence)
	}
	if d.src.sidecar != nil {
		d.src.sidecar.apply(a)
	}
	return a, nil
}

// language records the language: given values stand; otherwise the
// detector decides when it is confident, and a page's declared language
// is used when the detector is unsure or agrees.
func (r *Reader) language(a *news.Article, declared field) {
	if declared.v != "" && declared.how == news.Given {
		a.Language = strings.ToLower(declared.v)
		a.SetField("language", declared.how, declared.ev)
		return
	}
	l, ok := meta.DetectLanguage(a.Title + "\n\n" + a.Body())
	switch {
	case ok && (declared.v == "" || declared.v == l.Code):
		a.Language = l.Code
		ev := l.Evidence
		if declared.v != "" {
			ev += "; agrees with " + declared.ev
		}
		a.SetField("language", news.Inferred, ev)
	case declared.v != "" && (!ok || l.Confidence < minOverrideConfidence):
		a.Language = declared.v
		a.SetField("language", declared.how, declared.ev)
	case ok:
		a.Language = l.Code
		a.SetField("language", news.Inferred, l.Evidence+"; overrides "+declared.ev)
	}
}

// minOverrideConfidence is the detector confidence needed to overrule a
// language the document declares: sites often declare one language for
// every page.
const minOverrideConfidence = 0.5

func bylineOutlet(byline string) string {
	if name, ok := meta.BylineOutlet("By " + byline); ok {
		return name
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(meta.Normalize(s)), " ") }

func quote(s string) string {
	if len(s) > 120 {
		s = meta.Shorten(s, 100)
	}
	return "'" + s + "'"
}

func without(list []string, name string) []string {
	out := list[:0:0]
	for _, x := range list {
		if !strings.EqualFold(x, name) {
			out = append(out, x)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// textArticle reads plain text.
func (r *Reader) textArticle(src source, contentType string, body []byte) (*news.Article, error) {
	s, _, err := extract.Decode(body, contentType, false)
	if err != nil {
		return nil, err
	}
	d := &draft{src: src, text: s, deriveHead: true}
	if src.url != "" {
		d.url.set(src.url, news.Given, "fetched URL")
	}
	return r.finish(d)
}

// htmlArticle extracts an HTML page.
func (r *Reader) htmlArticle(ctx context.Context, src source, contentType string, body []byte) (*news.Article, error) {
	s, _, err := extract.Decode(body, contentType, true)
	if err != nil {
		return nil, err
	}
	p, err := extract.HTML(ctx, s, src.url, extract.Options{Now: r.opts.Now})
	if err != nil {
		return nil, err
	}
	d := &draft{src: src, text: p.Text}
	r.fromPage(d, p)
	if src.url != "" {
		d.url.set(src.url, news.Given, "fetched URL")
	}
	return r.finish(d)
}

// fromPage copies extracted page metadata into a draft.
func (r *Reader) fromPage(d *draft, p *extract.Page) {
	d.title.set(p.Title, news.Extracted, p.TitleEvidence)
	d.byline.set(p.Byline, news.Extracted, p.BylineEvidence)
	d.siteName.set(p.SiteName, news.Extracted, p.SiteNameEvidence)
	d.language.set(p.Language, news.Extracted, p.LanguageEvidence)
	if d.published.IsZero() && !p.Published.IsZero() {
		d.published, d.pubHow, d.pubEv = p.Published, news.Extracted, p.PublishedEvidence
	}
	if p.CanonicalURL != "" {
		if _, err := meta.CanonicalURL(p.CanonicalURL); err == nil {
			d.url.set(p.CanonicalURL, news.Extracted, p.URLEvidence)
		}
	}
	if d.extra == nil {
		d.extra = map[string]news.FieldSource{}
	}
	d.extra["text"] = news.FieldSource{How: news.Extracted, Evidence: "main text by " + p.Extractor}
}
