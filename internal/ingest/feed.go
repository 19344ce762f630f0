package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/crosscheck/crosscheck/internal/extract"
	"github.com/crosscheck/crosscheck/internal/meta"
	"github.com/crosscheck/crosscheck/internal/news"
)

// parseFeed reads an RSS 1.0/2.0, Atom or JSON Feed document: every item
// becomes an article (content:encoded, else description, flattened to
// paragraphs). With Options.Follow each item's link is fetched and its
// main text replaces the feed's excerpt.
func (r *Reader) parseFeed(ctx context.Context, src source, body []byte, emit func(Item)) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		emit(fail(src.name, fmt.Errorf("malformed feed: %w", err)))
		return
	}
	if len(feed.Items) == 0 {
		emit(fail(src.name, fmt.Errorf("feed %q has no items", feed.Title)))
		return
	}
	feedEv := "feed " + feed.FeedType
	for i, it := range feed.Items {
		if ctx.Err() != nil {
			return
		}
		input := strings.TrimSpace(it.Link)
		if input == "" {
			input = fmt.Sprintf("%s#%d", src.name, i+1)
		}
		a, err := r.feedItem(ctx, src, feed, it, feedEv)
		emitOne(input, a, err, emit)
	}
}

func (r *Reader) feedItem(ctx context.Context, src source, feed *gofeed.Feed, it *gofeed.Item, feedEv string) (*news.Article, error) {
	content, contentEv := it.Content, feedEv+" item content"
	if strings.TrimSpace(extract.Fragment(content)) == "" {
		content, contentEv = it.Description, feedEv+" item description"
	}
	d := &draft{
		src:   source{name: src.name, url: src.url},
		text:  extract.Fragment(content),
		extra: map[string]news.FieldSource{},
	}
	d.extra["text"] = news.FieldSource{How: news.Given, Evidence: contentEv}
	d.title.set(extract.Fragment(it.Title), news.Given, feedEv+" item title")
	link := strings.TrimSpace(it.Link)
	if link != "" {
		if _, err := meta.CanonicalURL(link); err == nil {
			d.url.set(link, news.Given, feedEv+" item link")
			d.id.set(mustCanonical(link), news.Inferred, "canonical URL of the feed item link")
		}
	}
	if d.id.v == "" && it.GUID != "" {
		d.id.set(it.GUID, news.Given, feedEv+" item guid")
	}
	var names []string
	for _, p := range it.Authors {
		if p != nil && p.Name != "" {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 && it.DublinCoreExt != nil {
		names = it.DublinCoreExt.Creator
	}
	d.byline.set(strings.Join(names, ", "), news.Given, feedEv+" item author")
	switch {
	case it.PublishedParsed != nil:
		d.published, d.pubHow, d.pubEv = *it.PublishedParsed, news.Given, feedEv+" item published "+quote(it.Published)
	case it.UpdatedParsed != nil:
		d.published, d.pubHow, d.pubEv = *it.UpdatedParsed, news.Given, feedEv+" item updated "+quote(it.Updated)
	}
	if lang := strings.ToLower(strings.TrimSpace(feed.Language)); len(lang) >= 2 {
		d.language.set(lang[:2], news.Extracted, feedEv+" language "+quote(feed.Language))
	}
	if feed.Title != "" {
		d.siteName.set(feedOutlet(extract.Fragment(feed.Title)), news.Extracted, feedEv+" title "+quote(feed.Title))
	}
	if r.opts.Follow && link != "" {
		resp, err := r.fetcher.Get(ctx, link)
		if err == nil {
			var p *extract.Page
			s, _, derr := extract.Decode(resp.Body, resp.ContentType+"; charset="+resp.Charset, true)
			if derr == nil {
				p, derr = extract.HTML(ctx, s, resp.FinalURL, extract.Options{Now: r.opts.Now})
			}
			err = derr
			if err == nil {
				d.text = p.Text
				r.fromPage(d, p)
				d.extra["text"] = news.FieldSource{How: news.Extracted, Evidence: "followed item link; main text by " + p.Extractor}
			}
		}
		if err != nil {
			if strings.TrimSpace(d.text) == "" {
				return nil, fmt.Errorf("follow link: %w", err)
			}
			r.log.Warn("ingest: follow feed item link failed, keeping the feed text", "link", link, "err", err)
			d.extra["text"] = news.FieldSource{How: news.Given, Evidence: contentEv + " (following the link failed: " + err.Error() + ")"}
		}
	}
	if strings.TrimSpace(d.text) == "" {
		return nil, fmt.Errorf("feed item %q has no content or description", it.Title)
	}
	return r.finish(d)
}

func mustCanonical(u string) string {
	c, err := meta.CanonicalURL(u)
	if err != nil {
		return u
	}
	return c
}

// feedOutlet drops a section from a feed title: "BBC News - World" names
// the outlet BBC News.
func feedOutlet(title string) string {
	for _, sep := range []string{" - ", " | ", " – ", " — ", ": "} {
		if head, _, ok := strings.Cut(title, sep); ok && len(strings.TrimSpace(head)) >= 2 {
			return strings.TrimSpace(head)
		}
	}
	return title
}
