package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/crosscheck/crosscheck/internal/fetch"
)

// hostileAlloc returns the bytes allocated while f runs.
func hostileAlloc(f func()) uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	f()
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc - before
}

func hostileRead(t *testing.T, r *Reader, input string) []Item {
	t.Helper()
	var items []Item
	if err := r.Read(context.Background(), input, func(it Item) { items = append(items, it) }); err != nil {
		t.Fatal(err)
	}
	return items
}

// A 100 MB file is refused by the size limit before it is read: the
// allocation stays far below the 10 MiB limit that reading would cost.
func TestHostileHugeFileRefusedUnread(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // sparse: no 100 MB written to disk
		t.Fatal(err)
	}
	f.Close()
	r := NewReader(Options{})
	for _, input := range []string{path, dir} {
		var items []Item
		alloc := hostileAlloc(func() { items = hostileRead(t, r, input) })
		if len(items) != 1 || !errors.Is(items[0].Err, fetch.ErrTooLarge) {
			t.Fatalf("Read(%s): %+v, want one ErrTooLarge", input, items)
		}
		if alloc > 2<<20 {
			t.Errorf("Read(%s) allocated %d KiB: the file was read to be refused", input, alloc>>10)
		}
	}
}

// endlessReader is a reader of n bytes of text that counts what was taken from it.
type endlessReader struct{ n, read int64 }

func (e *endlessReader) Read(p []byte) (int, error) {
	if e.read >= e.n {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n-e.read)
	for i := range k {
		p[i] = "news "[(e.read+i)%5]
	}
	e.read += k
	return int(k), nil
}

// Standard input of 100 MB is cut off at the limit: no more than the limit
// and one byte is ever taken from it.
func TestHostileEndlessStdin(t *testing.T) {
	const limit = 1 << 20
	in := &endlessReader{n: 100 << 20}
	r := NewReader(Options{MaxBytes: limit, Stdin: in})
	items := hostileRead(t, r, "-")
	if len(items) != 1 || !errors.Is(items[0].Err, fetch.ErrTooLarge) {
		t.Fatalf("endlessReader stdin: %+v, want one ErrTooLarge", items)
	}
	if in.read > limit+1 {
		t.Errorf("read %d bytes from stdin with a limit of %d", in.read, limit)
	}
}

// Hostile files: deeply nested HTML, invalid UTF-8, a page of scripts.
// Each gives one article in normal form or one clear error, never a crash,
// and within a bounded allocation.
func TestHostileFiles(t *testing.T) {
	para := "The council voted on the harbour plan on Monday after a long debate in the chamber."
	tests := []struct {
		name, file, body string
		wantErr          bool
	}{
		{"100k nested divs", "deep.html", "<html><body>" + strings.Repeat("<div>", 100_000) + "<p>" + para + "</p>" + strings.Repeat("</div>", 100_000) + "</body></html>", true},
		{"100k nested spans", "spans.html", "<html><body><p>" + strings.Repeat("<span>", 100_000) + para + "</p></body></html>", true},
		{"invalid UTF-8 text", "bad.txt", "Harbour vote\n\n" + para + " \xff\xfe\x80 Caf\xc3 and \xed\xa0\x80 more text.\n", false},
		{"invalid UTF-8 JSON Lines", "bad.jsonl", `{"id":"j1","title":"Harbour ` + "\xff" + ` vote","text":"` + para + " \xc0\xaf" + `"}` + "\n", false},
		{"scripts only", "scripts.html", "<html><body>" + strings.Repeat("<script>alert(1)</script>", 1000) + "</body></html>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			var items []Item
			alloc := hostileAlloc(func() { items = hostileRead(t, NewReader(Options{}), path) })
			checkItems(t, items)
			if len(items) != 1 {
				t.Fatalf("%d items, want 1", len(items))
			}
			if (items[0].Err != nil) != tt.wantErr {
				t.Errorf("error %v, want error: %v", items[0].Err, tt.wantErr)
			}
			if a := items[0].Article; a != nil {
				for _, s := range []string{a.Text, a.Title} {
					if !utf8.ValidString(s) {
						t.Errorf("invalid UTF-8 kept: %q", s)
					}
				}
			}
			if limit := uint64(64<<20 + 40*len(tt.body)); alloc > limit {
				t.Errorf("allocated %d MiB for a %d KiB file", alloc>>20, len(tt.body)>>10)
			}
		})
	}
}

// refusingFetcher is a guarded client whose resolver answers from a table
// and whose dialer fails the test if it is ever called: the SSRF guard
// must refuse first.
func refusingFetcher(t *testing.T) *fetch.Client {
	return fetch.New(fetch.Config{
		Resolver: hostileResolver(func(_ context.Context, host string) ([]net.IPAddr, error) {
			ips := map[string]string{"intranet.example": "10.0.0.5", "metadata.example": "169.254.169.254", "localhost": "127.0.0.1"}
			if ip, ok := ips[host]; ok {
				return []net.IPAddr{{IP: net.ParseIP(ip)}}, nil
			}
			return nil, fmt.Errorf("no such host %s", host)
		}),
		DialContext: func(_ context.Context, network, addr string) (net.Conn, error) {
			t.Errorf("dialled %s %s: the SSRF guard should have refused first", network, addr)
			return nil, errors.New("test dialer: refused")
		},
	})
}

type hostileResolver func(ctx context.Context, host string) ([]net.IPAddr, error)

func (f hostileResolver) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	return f(ctx, host)
}

// SSRF through the ingest path: URLs and followed feed links that point at
// loopback, private or metadata addresses are refused without a dial.
func TestHostileSSRF(t *testing.T) {
	r := NewReader(Options{Fetcher: refusingFetcher(t), Follow: true})
	for _, u := range []string{"http://127.0.0.1/", "http://localhost:8080/admin", "http://10.1.2.3/x", "http://intranet.example/feed.xml",
		"http://169.254.169.254/latest/meta-data/", "http://metadata.example/", "http://[::1]/", "http://[fd00::1]/"} {
		items := hostileRead(t, r, u)
		if len(items) != 1 || !errors.Is(items[0].Err, fetch.ErrRefused) {
			t.Errorf("Read(%s): %+v, want ErrRefused", u, items)
		}
	}
	// A feed whose item links point inward: the links are not followed.
	feed := `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>http://10.1.2.3/one</link></item>
<item><title>Two</title><link>http://169.254.169.254/latest/meta-data/</link></item>
<item><title>Three</title><link>http://127.0.0.1:6379/</link><description>The council voted on the harbour plan on Monday after a long debate.</description></item>
</channel></rss>`
	var items []Item
	r.Parse(context.Background(), "feed.xml", FormatFeed, []byte(feed), func(it Item) { items = append(items, it) })
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	for _, it := range items[:2] {
		if !errors.Is(it.Err, fetch.ErrRefused) {
			t.Errorf("item %s: error %v, want ErrRefused", it.Input, it.Err)
		}
	}
	if a := items[2].Article; a == nil || !strings.Contains(a.Fields["text"].Evidence, "refused") {
		t.Errorf("item with feed text: %+v, want the feed text kept with the refusal noted", items[2])
	}
}
