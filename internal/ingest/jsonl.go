package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/extract"
	"github.com/crosscheck/crosscheck/internal/meta"
	"github.com/crosscheck/crosscheck/internal/news"
)

// record is one JSON Lines article. Only text or html is required.
type record struct {
	ID        string          `json:"id"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Text      string          `json:"text"`
	Body      string          `json:"body"` // accepted for text: a common name in news datasets
	HTML      string          `json:"html"`
	Published json.RawMessage `json:"published"`
	Outlet    string          `json:"outlet"`
	Language  string          `json:"language"`
	Byline    string          `json:"byline"`
}

// parseJSONL reads one article per line. A malformed line is an error for
// that line only ("FILE:LINE: reason"); the others go on. A file holding
// one JSON array is read as one record per element.
func (r *Reader) parseJSONL(ctx context.Context, src source, body []byte, emit func(Item)) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var arr []json.RawMessage
		if err := json.Unmarshal(trimmed, &arr); err != nil {
			emit(fail(src.name, fmt.Errorf("invalid JSON array: %w", err)))
			return
		}
		for i, raw := range arr {
			if ctx.Err() != nil {
				return
			}
			input := fmt.Sprintf("%s[%d]", src.name, i)
			a, err := r.jsonRecord(ctx, src, input, raw)
			emitOne(input, a, err, emit)
		}
		return
	}
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed) && bytes.Contains(trimmed, []byte("\n")) {
		// One pretty-printed object: one record.
		a, err := r.jsonRecord(ctx, src, src.name, trimmed)
		emitOne(src.name, a, err, emit)
		return
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64<<10), int(r.opts.MaxBytes)+1)
	line := 0
	for sc.Scan() {
		line++
		if ctx.Err() != nil {
			return
		}
		raw := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}
		if len(raw) == 0 {
			continue
		}
		input := fmt.Sprintf("%s:%d", src.name, line)
		a, err := r.jsonRecord(ctx, src, input, raw)
		if err != nil {
			emit(Item{Input: input, Err: fmt.Errorf("ingest: %s: %w", input, err)})
			continue
		}
		emit(Item{Input: input, Article: a})
	}
	if err := sc.Err(); err != nil {
		emit(fail(fmt.Sprintf("%s:%d", src.name, line+1), err))
	}
}

// jsonRecord turns one JSON object into an article.
func (r *Reader) jsonRecord(ctx context.Context, src source, input string, raw []byte) (*news.Article, error) {
	var rec record
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("invalid JSON: more than one value on the line")
	}
	if strings.TrimSpace(rec.Text) == "" {
		rec.Text = rec.Body
	}
	if strings.TrimSpace(rec.Text) == "" && strings.TrimSpace(rec.HTML) == "" {
		return nil, errors.New("no text or html field")
	}
	ev := "JSON Lines " + filepath.Base(src.name)
	d := &draft{src: source{name: src.name}, extra: map[string]news.FieldSource{}}
	if strings.TrimSpace(rec.Text) != "" {
		d.text = rec.Text
		d.deriveHead = false
		d.extra["text"] = news.FieldSource{How: news.Given, Evidence: ev + " text"}
	} else {
		p, err := extract.HTML(ctx, rec.HTML, rec.URL, extract.Options{Now: r.opts.Now})
		if err != nil {
			return nil, fmt.Errorf("html: %w", err)
		}
		d.text = p.Text
		r.fromPage(d, p)
	}
	d.id.set(rec.ID, news.Given, ev+" id")
	d.title.set(rec.Title, news.Given, ev+" title")
	if rec.URL != "" {
		cu, err := meta.CanonicalURL(rec.URL)
		if err != nil {
			return nil, fmt.Errorf("url: %w", err)
		}
		d.url = field{rec.URL, news.Given, ev + " url"}
		d.id.set(cu, news.Inferred, "canonical URL")
	}
	if rec.ID == "" && rec.URL == "" {
		// Lines of one file must not share the file name as id.
		d.id.set(lineID(src.name, input), news.Inferred, "file name and line number")
	}
	d.outlet.set(rec.Outlet, news.Given, ev+" outlet")
	d.byline.set(rec.Byline, news.Given, ev+" byline")
	if lang := strings.ToLower(strings.TrimSpace(rec.Language)); lang != "" {
		d.language = field{lang, news.Given, ev + " language"}
	}
	if len(rec.Published) > 0 && string(rec.Published) != "null" {
		t, err := parsePublished(rec.Published)
		if err != nil {
			return nil, fmt.Errorf("published: %w", err)
		}
		d.published, d.pubHow, d.pubEv = t, news.Given, ev+" published"
	}
	return r.finish(d)
}

// lineID names a line of a JSON Lines file: "NAME-LINE" from the file's
// base name without extension.
func lineID(name, input string) string {
	base := filepath.Base(name)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if i := strings.LastIndexAny(input, ":["); i >= 0 {
		return stem + "-" + strings.Trim(input[i+1:], "]")
	}
	return stem
}

// parsePublished accepts a date string or Unix seconds.
func parsePublished(raw json.RawMessage) (time.Time, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return meta.ParseDate(s)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		if v, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return time.Unix(v, 0).UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %s", raw)
}
