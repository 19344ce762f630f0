// Package ingest turns inputs (files, folders, URLs, feeds, JSON Lines,
// standard input) into normalised, well-described news articles, or into
// one clear error per bad input while the rest of the batch goes on.
//
// It stores nothing: the caller receives Items through an emit callback.
// Every metadata field an article carries records how it was obtained
// (news.Given, Extracted or Inferred) and the evidence, in Article.Fields.
//
// Text normal form (see meta.Normalize): UTF-8, NFC, one paragraph per
// line, paragraphs separated by a blank line ("\n\n"); boilerplate lines
// are marked in Article.Boilerplate, never deleted.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/crosscheck/crosscheck/internal/extract"
	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/news"
)

// Defaults for Options left zero.
const (
	DefaultMaxBytes = fetch.DefaultMaxBytes
	DefaultTimeout  = fetch.DefaultTimeout
)

// Formats accepted by Parse (as contentType) and found by sniffing.
const (
	FormatText  = "text"
	FormatHTML  = "html"
	FormatFeed  = "feed"
	FormatJSONL = "jsonl"
)

// Options configure a Reader.
type Options struct {
	Follow   bool             // fetch each feed item's link and extract its full text
	MaxBytes int64            // largest file, body or stdin accepted (default 10 MiB)
	Timeout  time.Duration    // per HTTP request when Fetcher is nil (default 20 s)
	Fetcher  *fetch.Client    // HTTP client for URLs; nil: a guarded fetch.Client
	Now      func() time.Time // sets Article.IngestedAt; nil: time.Now
	Stdin    io.Reader        // read for input "-"; nil: os.Stdin
	Logger   *slog.Logger     // optional; nil discards
}

// Item is one result of reading: an article, or the failure of one input.
type Item struct {
	Input   string        // path, URL, "FILE:LINE", or a feed item's link
	Article *news.Article // nil when Err is set
	Err     error         // names the input and the reason
}

// Reader expands inputs into articles. It is safe for concurrent use.
type Reader struct {
	opts    Options
	fetcher *fetch.Client
	log     *slog.Logger
}

// NewReader returns a Reader for opts, filling defaults.
func NewReader(opts Options) *Reader {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	f := opts.Fetcher
	if f == nil {
		f = fetch.New(fetch.Config{Timeout: opts.Timeout, MaxBytes: opts.MaxBytes})
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Reader{opts: opts, fetcher: f, log: log}
}

// Read expands one input (file, folder, URL, feed, "-" for standard input)
// and calls emit once per article or per failure, in a stable order
// (folder entries sorted by path, feed items and JSON lines in document
// order). It returns an error only when ctx ends.
func (r *Reader) Read(ctx context.Context, input string, emit func(Item)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch {
	case input == "-":
		body, err := fetch.ReadLimited(r.opts.Stdin, r.opts.MaxBytes)
		if err != nil {
			emit(fail("-", fmt.Errorf("read standard input: %w", err)))
			return ctx.Err()
		}
		r.parse(ctx, source{name: "-"}, "", body, emit)
	case isURL(input):
		r.readURL(ctx, input, emit)
	default:
		r.readPath(ctx, input, emit)
	}
	return ctx.Err()
}

// Parse turns raw bytes into articles, as Read does for a file. name
// labels the input (a file name helps format detection; it is the Source
// of the articles). contentType is a MIME type ("text/html;
// charset=latin1"), a format name (FormatText, FormatHTML, FormatFeed,
// FormatJSONL), or "" to sniff the format from name and content.
func (r *Reader) Parse(ctx context.Context, name, contentType string, body []byte, emit func(Item)) {
	if int64(len(body)) > r.opts.MaxBytes {
		emit(fail(name, fmt.Errorf("%w of %d bytes", fetch.ErrTooLarge, r.opts.MaxBytes)))
		return
	}
	r.parse(ctx, source{name: name}, contentType, body, emit)
}

// source describes where bytes came from.
type source struct {
	name    string // input name: path, URL or "-"
	path    string // file path, "" otherwise
	url     string // fetched URL (final URL after redirects), "" otherwise
	sidecar *sidecar
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func fail(input string, err error) Item {
	return Item{Input: input, Err: fmt.Errorf("ingest: %s: %w", input, err)}
}

func (r *Reader) readURL(ctx context.Context, u string, emit func(Item)) {
	resp, err := r.fetcher.Get(ctx, u)
	if err != nil {
		emit(Item{Input: u, Err: fmt.Errorf("ingest: %w", err)})
		return
	}
	ct := resp.ContentType
	if resp.Charset != "" {
		ct += "; charset=" + resp.Charset
	}
	r.parse(ctx, source{name: u, url: resp.FinalURL}, ct, resp.Body, emit)
}

func (r *Reader) readPath(ctx context.Context, path string, emit func(Item)) {
	fi, err := os.Stat(path)
	if err != nil {
		emit(fail(path, unwrapPathError(err)))
		return
	}
	if !fi.IsDir() {
		r.readFile(ctx, path, fi, emit)
		return
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			emit(fail(p, unwrapPathError(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != path && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		emit(fail(path, err))
	}
	sort.Strings(files)
	present := make(map[string]bool, len(files))
	for _, f := range files {
		present[f] = true
	}
	for _, f := range files {
		if ctx.Err() != nil {
			return
		}
		if isSidecarOf(f, present) {
			continue
		}
		fi, err := os.Stat(f)
		if err != nil {
			emit(fail(f, unwrapPathError(err)))
			continue
		}
		r.readFile(ctx, f, fi, emit)
	}
}

// unwrapPathError drops the *fs.PathError wrapper whose path the caller
// already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrNotExist) {
			return errors.New("no such file or directory")
		}
		return pe.Err
	}
	return err
}

func (r *Reader) readFile(ctx context.Context, path string, fi fs.FileInfo, emit func(Item)) {
	if !fi.Mode().IsRegular() {
		emit(fail(path, errors.New("not a regular file")))
		return
	}
	// Refuse before reading: a huge file must not be loaded to be refused.
	if fi.Size() > r.opts.MaxBytes {
		emit(fail(path, fmt.Errorf("%w: %d bytes > %d", fetch.ErrTooLarge, fi.Size(), r.opts.MaxBytes)))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		emit(fail(path, unwrapPathError(err)))
		return
	}
	body, err := fetch.ReadLimited(f, r.opts.MaxBytes)
	f.Close()
	if err != nil {
		emit(fail(path, err))
		return
	}
	src := source{name: path, path: path}
	if sc, scPath, err := readSidecar(path, r.opts.MaxBytes); err != nil {
		emit(fail(path, fmt.Errorf("sidecar %s: %w", filepath.Base(scPath), err)))
		return
	} else if sc != nil {
		src.sidecar = sc
	}
	r.parse(ctx, src, "", body, emit)
}

// parse detects the format and dispatches.
func (r *Reader) parse(ctx context.Context, src source, contentType string, body []byte, emit func(Item)) {
	if ctx.Err() != nil {
		return
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		emit(fail(src.name, extract.ErrEmpty))
		return
	}
	format, err := detectFormat(src.name, contentType, body)
	if err != nil {
		emit(fail(src.name, err))
		return
	}
	switch format {
	case FormatJSONL:
		r.parseJSONL(ctx, src, body, emit)
	case FormatFeed:
		r.parseFeed(ctx, src, body, emit)
	case FormatHTML:
		a, err := r.htmlArticle(ctx, src, contentType, body)
		emitOne(src.name, a, err, emit)
	default:
		a, err := r.textArticle(src, contentType, body)
		emitOne(src.name, a, err, emit)
	}
}

func emitOne(input string, a *news.Article, err error, emit func(Item)) {
	if err != nil {
		emit(fail(input, err))
		return
	}
	emit(Item{Input: input, Article: a})
}
