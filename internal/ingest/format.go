package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/crosscheck/crosscheck/internal/extract"
	"github.com/crosscheck/crosscheck/internal/fetch"
)

// extFormats maps file extensions to the format they promise. ".xml" and
// ".json" promise nothing precise: content decides.
var extFormats = map[string]string{
	".txt": FormatText, ".text": FormatText, ".md": FormatText, ".markdown": FormatText,
	".html": FormatHTML, ".htm": FormatHTML, ".xhtml": FormatHTML, ".shtml": FormatHTML,
	".rss": FormatFeed, ".atom": FormatFeed, ".rdf": FormatFeed,
	".jsonl": FormatJSONL, ".ndjson": FormatJSONL,
}

// detectFormat decides how to read body: a format name given as
// contentType wins; then the content sniffed (feeds and HTML announce
// themselves); then the MIME type; then the extension of name. Binary
// content is an error whatever the name says.
func detectFormat(name, contentType string, body []byte) (string, error) {
	switch contentType {
	case FormatText, FormatHTML, FormatFeed, FormatJSONL:
		return contentType, nil
	}
	if extract.IsBinary(body) {
		return "", extract.ErrBinary
	}
	mt, _ := fetch.ParseContentType(contentType)
	ext := strings.ToLower(path.Ext(nameWithoutQuery(name)))
	sniffed := sniff(body)
	byExt := extFormats[ext]
	switch {
	case byExt == FormatText && (mt == "" || mt == "text/plain"):
		// A .txt that happens to start with "<" or "{" is still text.
		return FormatText, nil
	case byExt == FormatJSONL && sniffed != FormatFeed:
		return FormatJSONL, nil
	case sniffed == FormatFeed:
		return FormatFeed, nil
	case sniffed == FormatHTML && byExt != FormatText:
		return FormatHTML, nil
	}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return FormatHTML, nil
	case strings.Contains(mt, "rss") || strings.Contains(mt, "atom") || mt == "application/feed+json":
		return FormatFeed, nil
	case mt == "application/x-ndjson" || mt == "application/jsonl" || mt == "application/x-jsonlines":
		return FormatJSONL, nil
	}
	if byExt != "" {
		return byExt, nil
	}
	if sniffed != "" {
		return sniffed, nil
	}
	if strings.HasSuffix(mt, "xml") || ext == ".xml" {
		return "", fmt.Errorf("XML that is neither a feed nor HTML")
	}
	return FormatText, nil
}

func nameWithoutQuery(name string) string {
	if isURL(name) {
		if u, err := url.Parse(name); err == nil {
			return u.Path
		}
	}
	return name
}

// sniff recognises formats that announce themselves: feeds (RSS, Atom,
// JSON Feed, by gofeed's detector), HTML, and JSON objects (JSON Lines).
// It returns "" when the content is not recognisably any of them.
func sniff(body []byte) string {
	b := bytes.TrimLeft(body, "\ufeff \t\r\n")
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return ""
	}
	head := bytes.ToLower(b[:min(len(b), 2048)])
	switch b[0] {
	case '<':
		if gofeed.DetectFeedType(bytes.NewReader(b[:min(len(b), 64<<10)])) != gofeed.FeedTypeUnknown {
			return FormatFeed
		}
		// A truncated feed still announces itself in its root element.
		if bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) || bytes.Contains(head, []byte("<rdf:rdf")) {
			return FormatFeed
		}
		for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<p", "<div", "<article", "<meta", "<title"} {
			if bytes.Contains(head, []byte(tag)) {
				return FormatHTML
			}
		}
		if bytes.HasPrefix(head, []byte("<?xml")) {
			return ""
		}
		return FormatHTML
	case '{', '[':
		if isJSONFeed(b) {
			return FormatFeed
		}
		return FormatJSONL
	}
	return ""
}

// isJSONFeed reports whether b is a JSON Feed document (jsonfeed.org).
func isJSONFeed(b []byte) bool {
	if b[0] != '{' {
		return false
	}
	head := b[:min(len(b), 4096)]
	if !bytes.Contains(head, []byte("jsonfeed.org")) {
		return false
	}
	var probe struct {
		Version string `json:"version"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&probe); err != nil {
		// A truncated JSON Feed is still a JSON Feed; let the parser report it.
		return bytes.Contains(head, []byte(`"version"`))
	}
	return strings.Contains(probe.Version, "jsonfeed.org")
}
