package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/meta"
	"github.com/crosscheck/crosscheck/internal/news"
)

// sidecarExts are the document extensions a NAME.json sidecar may describe.
var sidecarExts = []string{".txt", ".text", ".md", ".html", ".htm", ".xhtml"}

// sidecar holds the fields a NAME.json beside NAME.txt or NAME.html may
// override. Values are recorded as given.
type sidecar struct {
	file      string // base name, for evidence
	ID        string `json:"id"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Language  string `json:"language"`
	Byline    string `json:"byline"`
	published time.Time
}

// isSidecarOf reports whether f is NAME.json beside a document NAME.ext
// in the same listing: such files are read with their document, not alone.
func isSidecarOf(f string, present map[string]bool) bool {
	if !strings.EqualFold(filepath.Ext(f), ".json") {
		return false
	}
	stem := strings.TrimSuffix(f, filepath.Ext(f))
	for _, ext := range sidecarExts {
		if present[stem+ext] {
			return true
		}
	}
	return false
}

// readSidecar loads NAME.json beside doc when there is one. It returns the
// sidecar path for error messages.
func readSidecar(doc string, limit int64) (*sidecar, string, error) {
	ext := strings.ToLower(filepath.Ext(doc))
	known := false
	for _, e := range sidecarExts {
		known = known || e == ext
	}
	if !known {
		return nil, "", nil
	}
	p := strings.TrimSuffix(doc, filepath.Ext(doc)) + ".json"
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, p, err
	}
	defer f.Close()
	b, err := fetch.ReadLimited(f, limit)
	if err != nil {
		return nil, p, err
	}
	sc, err := parseSidecar(b)
	if err != nil {
		return nil, p, err
	}
	sc.file = filepath.Base(p)
	return sc, p, nil
}

// parseSidecar decodes and checks a sidecar's JSON object.
func parseSidecar(b []byte) (*sidecar, error) {
	var sc sidecar
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("invalid JSON: more than one value")
	}
	if sc.Published != "" {
		t, err := meta.ParseDate(sc.Published)
		if err != nil {
			return nil, fmt.Errorf("published: %w", err)
		}
		sc.published = t
	}
	if sc.URL != "" {
		if _, err := meta.CanonicalURL(sc.URL); err != nil {
			return nil, fmt.Errorf("url: %w", err)
		}
	}
	return &sc, nil
}

// apply overrides an article's fields with the sidecar's, as given.
func (sc *sidecar) apply(a *news.Article) {
	ev := "sidecar " + sc.file
	set := func(field string, dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
			a.SetField(field, news.Given, ev)
		}
	}
	set("id", &a.ID, sc.ID)
	set("title", &a.Title, sc.Title)
	set("url", &a.URL, sc.URL)
	set("language", &a.Language, strings.ToLower(sc.Language))
	set("byline", &a.Byline, sc.Byline)
	if sc.Outlet != "" {
		set("outlet", &a.Outlet, sc.Outlet)
		a.CitedOutlets = without(a.CitedOutlets, a.Outlet)
	}
	if !sc.published.IsZero() {
		a.Published = sc.published
		a.SetField("published", news.Given, ev)
	}
}
