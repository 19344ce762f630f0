package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/crosscheck/crosscheck/internal/fetch"
	"github.com/crosscheck/crosscheck/internal/news"
)

var fixedNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func newTestReader(t testing.TB, opts Options) *Reader {
	t.Helper()
	opts.Now = func() time.Time { return fixedNow }
	return NewReader(opts)
}

// collect reads inputs and returns items keyed by input, in emit order.
func collect(t testing.TB, r *Reader, inputs ...string) []Item {
	t.Helper()
	var items []Item
	for _, in := range inputs {
		if err := r.Read(context.Background(), in, func(it Item) { items = append(items, it) }); err != nil {
			t.Fatalf("Read(%s): %v", in, err)
		}
	}
	return items
}

func byInput(items []Item) map[string]Item {
	m := map[string]Item{}
	for _, it := range items {
		m[it.Input] = it
	}
	return m
}

// want describes an expected article; empty fields are not checked.
type want struct {
	id, title, outlet, byline, published, language, url string
	cited                                               []string
	textHas                                             string
	fields                                              map[string]string // field -> how
	boilerplate                                         []string          // reasons
}

func checkArticle(t *testing.T, a *news.Article, w want) {
	t.Helper()
	eq := func(name, got, want string) {
		if want != "" && got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	eq("id", a.ID, w.id)
	eq("title", a.Title, w.title)
	eq("outlet", a.Outlet, w.outlet)
	eq("byline", a.Byline, w.byline)
	eq("language", a.Language, w.language)
	eq("url", a.URL, w.url)
	if w.published != "" {
		eq("published", a.Published.Format(time.RFC3339), w.published)
	}
	if w.cited != nil && !slices.Equal(a.CitedOutlets, w.cited) {
		t.Errorf("cited = %q, want %q", a.CitedOutlets, w.cited)
	}
	if w.textHas != "" && !strings.Contains(a.Text, w.textHas) {
		t.Errorf("text lacks %q:\n%s", w.textHas, a.Text)
	}
	for f, how := range w.fields {
		if got := a.Fields[f]; got.How != how || got.Evidence == "" {
			t.Errorf("field %s = %+v, want how %q with evidence", f, got, how)
		}
	}
	for _, reason := range w.boilerplate {
		found := false
		for _, s := range a.Boilerplate {
			found = found || s.Reason == reason
		}
		if !found {
			t.Errorf("no boilerplate span %q in %+v", reason, a.Boilerplate)
		}
	}
	// Invariants of every article.
	if a.Hash != news.TextHash(a.Text) || a.Source == "" || !a.IngestedAt.Equal(fixedNow) || a.CitedOutlets == nil {
		t.Errorf("hash/source/ingested_at/cited invariant broken: %+v", a)
	}
	for f, fs := range a.Fields {
		if fs.Evidence == "" || (fs.How != news.Given && fs.How != news.Extracted && fs.How != news.Inferred) {
			t.Errorf("field %s has no evidence or a bad how: %+v", f, fs)
		}
	}
	if strings.Contains(a.Text, "\n\n\n") || strings.TrimSpace(a.Text) != a.Text {
		t.Errorf("text not in normal form: %q", a.Text)
	}
}

// batchWants are the articles of testdata/batch read from files.
var batchWants = map[string]want{
	"testdata/batch/articles.jsonl:1": {
		id: "wire-001", title: "EU energy ministers meet on gas storage", outlet: "Reuters", language: "en",
		url: "https://www.reuters.com/world/europe/ministers-meet-energy-2024-03-01", published: "2024-03-01T12:00:00Z",
		fields: map[string]string{"id": news.Given, "outlet": news.Inferred, "dateline": news.Inferred, "published": news.Given},
	},
	"testdata/batch/articles.jsonl:2": {
		id: "articles-2", outlet: "Example Wire", cited: []string{"Bloomberg"}, published: "2024-03-02T00:00:00Z",
		fields: map[string]string{"outlet": news.Given, "title": news.Inferred, "language": news.Inferred, "cited_outlets": news.Inferred},
	},
	"testdata/batch/articles.jsonl:3": {
		id: "https://example.org/news/html-item", title: "Harbour fire contained", outlet: "Example Org News",
		published: "2024-03-06T00:00:00Z", textHas: "Firefighters contained a blaze",
		fields: map[string]string{"outlet": news.Extracted, "text": news.Extracted},
	},
	"testdata/batch/council-vote.txt": {
		id: "metro-2024-0412", title: "Council votes to expand night bus service", outlet: "Metro Evening Post",
		published: "2024-04-12T00:00:00Z", url: "https://metro-evening-post.example/city/night-buses",
		boilerplate: []string{"advertisement", "subscription prompt"},
		fields:      map[string]string{"id": news.Given, "outlet": news.Given, "published": news.Given, "url": news.Given, "title": news.Extracted},
	},
	"testdata/batch/dock-strike.html": {
		id: "dock-strike", title: "Dock workers extend strike as talks stall", outlet: "The Harbour Ledger",
		byline: "Maria Lindqvist", published: "2024-03-05T08:30:00Z", language: "en",
		url: "https://www.harbourledger.example/business/2024/03/05/dock-strike-extended", textHas: "Economists at the central bank",
		boilerplate: []string{"related link"},
		fields:      map[string]string{"title": news.Extracted, "outlet": news.Extracted, "published": news.Extracted, "byline": news.Extracted, "language": news.Inferred},
	},
	"https://rundschau.example/lokales/radweg-rheinufer": {
		title: "Stadtrat beschließt neuen Radweg am Rheinufer", outlet: "Rheinische Rundschau", byline: "Jonas Keller",
		language: "de", published: "2024-04-02T07:12:00Z", textHas: "Die Kosten von etwa zwölf Millionen Euro",
	},
	"https://www.harbourledger.example/business/grain-prices?utm_source=rss&utm_medium=feed": {
		id: "https://www.harbourledger.example/business/grain-prices", title: "Grain prices climb as drought hits harvest",
		outlet: "The Harbour Ledger", byline: "Priya Natarajan", cited: []string{"Reuters"}, language: "en",
		published: "2024-03-11T07:15:00Z", textHas: "Traders said stocks", boilerplate: []string{"related link"},
	},
	"https://www.harbourledger.example/business/insurer-premiums": {
		title: "Shipping insurer raises premiums for Gulf routes", cited: []string{"Financial Times"},
		published: "2024-03-10T16:40:00Z",
	},
	"https://valleycourier.example/news/bridge-reopens": {
		title: "Old bridge reopens after two-year repair", outlet: "Valley Courier", byline: "Ines Alves",
		published: "2024-05-18T09:00:00Z", textHas: "The mayor said",
	},
	"testdata/batch/feed.json#2": {
		id: "vc-1043", title: "Library extends opening hours", published: "2024-05-17T09:00:00Z",
	},
}

func TestReadFiles(t *testing.T) {
	r := newTestReader(t, Options{})
	items := collect(t, r, "testdata/batch")
	got := byInput(items)
	for _, it := range items {
		if it.Err != nil {
			t.Errorf("unexpected error: %v", it.Err)
		}
	}
	if len(items) != len(batchWants) {
		t.Errorf("%d items, want %d", len(items), len(batchWants))
	}
	for input, w := range batchWants {
		t.Run(input, func(t *testing.T) {
			it, ok := got[input]
			if !ok {
				t.Fatalf("no item for %s", input)
			}
			checkArticle(t, it.Article, w)
		})
	}
	// Stable order: reading twice gives the same sequence.
	again := collect(t, r, "testdata/batch")
	for i := range items {
		if items[i].Input != again[i].Input {
			t.Fatalf("order differs at %d: %s vs %s", i, items[i].Input, again[i].Input)
		}
	}
}

// serveDir serves a folder with content types by extension, plus a few
// error routes.
func serveDir(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /files/{name}", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.PathValue("name"))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ct := mime.TypeByExtension(filepath.Ext(r.PathValue("name")))
		switch filepath.Ext(r.PathValue("name")) {
		case ".jsonl":
			ct = "application/x-ndjson"
		case ".xml":
			ct = "application/xml" // generic: content must decide RSS vs Atom
		case ".json":
			ct = "application/json"
		}
		w.Header().Set("Content-Type", ct)
		w.Write(b)
	})
	mux.HandleFunc("GET /status/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) })
	mux.HandleFunc("GET /huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(bytes.Repeat([]byte("word "), 20000))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// testFetcher allows exactly the test server and fails the test on any
// other dial.
func testFetcher(t *testing.T, srv *httptest.Server, cfg fetch.Config) *fetch.Client {
	ap := netip.MustParseAddrPort(srv.Listener.Addr().String())
	cfg.Allow = []netip.Prefix{netip.PrefixFrom(ap.Addr(), 32)}
	d := &net.Dialer{}
	cfg.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr != ap.String() {
			t.Errorf("dial %s: only the test server may be dialled", addr)
			return nil, errors.New("refused by test")
		}
		return d.DialContext(ctx, network, addr)
	}
	return fetch.New(cfg)
}

func TestReadURLs(t *testing.T) {
	srv := serveDir(t, "testdata/batch")
	r := newTestReader(t, Options{Fetcher: testFetcher(t, srv, fetch.Config{Timeout: 2 * time.Second})})
	tests := []struct {
		file  string
		n     int
		check map[string]want // by input; "" = the URL itself
	}{
		{"dock-strike.html", 1, map[string]want{"": {title: "Dock workers extend strike as talks stall", outlet: "The Harbour Ledger", published: "2024-03-05T08:30:00Z", byline: "Maria Lindqvist"}}},
		{"council-vote.txt", 1, map[string]want{"": {title: "Council votes to expand night bus service", textHas: "night bus network", fields: map[string]string{"id": news.Inferred, "url": news.Given}}}},
		{"feed-rss.xml", 2, map[string]want{"https://www.harbourledger.example/business/grain-prices?utm_source=rss&utm_medium=feed": batchWants["https://www.harbourledger.example/business/grain-prices?utm_source=rss&utm_medium=feed"]}},
		{"feed-atom.xml", 1, map[string]want{"https://rundschau.example/lokales/radweg-rheinufer": batchWants["https://rundschau.example/lokales/radweg-rheinufer"]}},
		{"feed.json", 2, map[string]want{"https://valleycourier.example/news/bridge-reopens": batchWants["https://valleycourier.example/news/bridge-reopens"]}},
		{"articles.jsonl", 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			u := srv.URL + "/files/" + tt.file
			items := collect(t, r, u)
			if len(items) != tt.n {
				t.Fatalf("%d items, want %d: %+v", len(items), tt.n, items)
			}
			for _, it := range items {
				if it.Err != nil {
					t.Fatalf("error: %v", it.Err)
				}
				if it.Article.Source != u {
					t.Errorf("source %q, want %q", it.Article.Source, u)
				}
			}
			got := byInput(items)
			for in, w := range tt.check {
				if in == "" {
					in = u
				}
				it, ok := got[in]
				if !ok {
					t.Fatalf("no item %s", in)
				}
				checkArticle(t, it.Article, w)
			}
		})
	}
}

func TestBrokenInputs(t *testing.T) {
	srv := serveDir(t, "testdata/broken")
	r := newTestReader(t, Options{Fetcher: testFetcher(t, srv, fetch.Config{Timeout: 300 * time.Millisecond, MaxBytes: 50000})})
	items := collect(t, r,
		"testdata/broken",
		"testdata/does-not-exist.txt",
		srv.URL+"/files/truncated-feed.xml",
		srv.URL+"/files/truncated-atom.xml",
		srv.URL+"/files/truncated-feed.json",
		srv.URL+"/files/bad-lines.jsonl",
		srv.URL+"/files/truncated.html",
		srv.URL+"/status/500",
		srv.URL+"/huge",
		srv.URL+"/slow",
		srv.URL+"/files/missing.html",
	)
	wantErr := map[string]string{
		"testdata/broken/archive.zip":          "binary file",
		"testdata/broken/image.png":            "binary file",
		"testdata/broken/bad-lines.jsonl:2":    "bad-lines.jsonl:2: invalid JSON",
		"testdata/broken/bad-lines.jsonl:3":    "bad-lines.jsonl:3: no text or html",
		"testdata/broken/bad-lines.jsonl:4":    "bad-lines.jsonl:4: published",
		"testdata/broken/bad-sidecar.txt":      "sidecar bad-sidecar.json: invalid JSON",
		"testdata/broken/empty.txt":            "empty",
		"testdata/broken/truncated-feed.xml":   "malformed feed",
		"testdata/broken/truncated-atom.xml":   "malformed feed",
		"testdata/broken/truncated-feed.json":  "malformed feed",
		"testdata/broken/truncated.html":       "no main text found",
		"testdata/does-not-exist.txt":          "no such file",
		srv.URL + "/files/truncated-feed.xml":  "malformed feed",
		srv.URL + "/files/truncated-atom.xml":  "malformed feed",
		srv.URL + "/files/truncated-feed.json": "malformed feed",
		srv.URL + "/files/bad-lines.jsonl:2":   "bad-lines.jsonl:2: invalid JSON",
		srv.URL + "/files/bad-lines.jsonl:3":   "no text or html",
		srv.URL + "/files/bad-lines.jsonl:4":   "published",
		srv.URL + "/files/truncated.html":      "no main text found",
		srv.URL + "/status/500":                "HTTP 500",
		srv.URL + "/huge":                      "exceeds size limit",
		srv.URL + "/slow":                      "timeout",
		srv.URL + "/files/missing.html":        "HTTP 404",
	}
	wantOK := []string{
		"testdata/broken/bad-lines.jsonl:1", "testdata/broken/bad-lines.jsonl:5",
		"testdata/broken/latin1.txt", "testdata/broken/ok.txt",
		srv.URL + "/files/bad-lines.jsonl:1", srv.URL + "/files/bad-lines.jsonl:5",
	}
	got := byInput(items)
	if len(items) != len(wantErr)+len(wantOK) {
		for _, it := range items {
			t.Logf("%s: %v", it.Input, it.Err)
		}
		t.Errorf("%d items, want %d", len(items), len(wantErr)+len(wantOK))
	}
	for in, msg := range wantErr {
		t.Run(in, func(t *testing.T) {
			it, ok := got[in]
			if !ok {
				t.Fatalf("no item for %s", in)
			}
			if it.Err == nil {
				t.Fatalf("want error %q, got article %q", msg, it.Article.Title)
			}
			// The error names the input and the reason.
			name := strings.TrimPrefix(in, "testdata/broken/")
			if i := strings.LastIndex(name, ":"); i > 0 && !strings.HasPrefix(name, "http") {
				name = name[:i]
			}
			if !strings.Contains(it.Err.Error(), msg) || !strings.Contains(it.Err.Error(), name) {
				t.Errorf("error %q should name %q and say %q", it.Err, name, msg)
			}
		})
	}
	for _, in := range wantOK {
		if it, ok := got[in]; !ok || it.Err != nil {
			t.Errorf("%s should be read despite its broken neighbours: %+v", in, it)
		}
	}
	if a := got["testdata/broken/latin1.txt"].Article; a != nil && !strings.Contains(a.Title+a.Text, "café") {
		t.Errorf("latin-1 text not decoded: %q", a.Text)
	}
	for _, it := range items {
		if strings.Contains(it.Input, ".hidden") {
			t.Errorf("hidden file read: %s", it.Input)
		}
	}
}

func TestFileTooLarge(t *testing.T) {
	r := newTestReader(t, Options{MaxBytes: 100})
	items := collect(t, r, "testdata/batch/dock-strike.html")
	if len(items) != 1 || !errors.Is(items[0].Err, fetch.ErrTooLarge) {
		t.Fatalf("want one ErrTooLarge, got %+v", items)
	}
	var got []Item
	r.Parse(context.Background(), "x.txt", "", bytes.Repeat([]byte("a "), 100), func(it Item) { got = append(got, it) })
	if len(got) != 1 || !errors.Is(got[0].Err, fetch.ErrTooLarge) {
		t.Fatalf("Parse over limit: %+v", got)
	}
}

func TestFollow(t *testing.T) {
	page, err := os.ReadFile("testdata/batch/dock-strike.html")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	var base string
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>
<item><title>Dock strike</title><link>%[1]s/story</link><description>Short teaser only.</description></item>
<item><title>Gone</title><link>%[1]s/gone</link><description>This teaser stays because the page is gone.</description></item>
<item><title>Empty</title><link>%[1]s/gone2</link></item>
</channel></rss>`, base)
	})
	mux.HandleFunc("GET /story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	r := newTestReader(t, Options{Follow: true, Fetcher: testFetcher(t, srv, fetch.Config{Timeout: 2 * time.Second})})
	items := collect(t, r, srv.URL+"/feed")
	if len(items) != 3 {
		t.Fatalf("%d items, want 3", len(items))
	}
	if a := items[0].Article; a == nil || !strings.Contains(a.Text, "Economists at the central bank") || a.Fields["text"].How != news.Extracted {
		t.Errorf("followed item should carry the page's full text: %+v", items[0])
	}
	if a := items[1].Article; a == nil || a.Text != "This teaser stays because the page is gone." || !strings.Contains(a.Fields["text"].Evidence, "404") {
		t.Errorf("failed follow should keep the feed text with evidence: %+v", items[1])
	}
	if items[2].Err == nil || !strings.Contains(items[2].Err.Error(), "/gone2") {
		t.Errorf("item without text whose link fails should be an error naming the link: %+v", items[2])
	}
}

func TestStdinAndParse(t *testing.T) {
	rss, err := os.ReadFile("testdata/batch/feed-rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, contentType string
		body              []byte
		n                 int
		title             string
	}{
		{"feed sniffed", "", rss, 2, "Grain prices climb as drought hits harvest"},
		{"text sniffed", "", []byte("Short headline here\n\nA body paragraph follows the headline and says something."), 1, "Short headline here"},
		{"html sniffed", "", mustRead(t, "testdata/batch/dock-strike.html"), 1, "Dock workers extend strike as talks stall"},
		{"jsonl sniffed", "", mustRead(t, "testdata/batch/articles.jsonl"), 3, "EU energy ministers meet on gas storage"},
		{"json feed sniffed", "", mustRead(t, "testdata/batch/feed.json"), 2, "Old bridge reopens after two-year repair"},
		{"format name text wins", FormatText, []byte("<b>not html</b> but a text with words in it"), 1, ""},
		{"mime html", "text/html; charset=utf-8", mustRead(t, "testdata/batch/dock-strike.html"), 1, "Dock workers extend strike as talks stall"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(items []Item) {
				t.Helper()
				if len(items) != tt.n {
					t.Fatalf("%d items, want %d: %+v", len(items), tt.n, items)
				}
				if items[0].Err != nil {
					t.Fatal(items[0].Err)
				}
				if tt.title != "" && items[0].Article.Title != tt.title {
					t.Errorf("title %q, want %q", items[0].Article.Title, tt.title)
				}
			}
			r := newTestReader(t, Options{Stdin: bytes.NewReader(tt.body)})
			var got []Item
			r.Parse(context.Background(), "upload", tt.contentType, tt.body, func(it Item) { got = append(got, it) })
			check(got)
			if tt.contentType == "" {
				check(collect(t, r, "-"))
			}
		})
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := newTestReader(t, Options{})
	n := 0
	if err := r.Read(ctx, "testdata/batch", func(Item) { n++ }); !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("cancelled Read: err %v, %d items", err, n)
	}
}

func mustRead(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLanguageProvenance(t *testing.T) {
	fr := `<html lang="en"><head><title>Grève</title></head><body><article><p>Plusieurs centaines de vols ont été annulés jeudi dans les aéroports du sud du pays en raison d’une grève des contrôleurs aériens, selon la direction générale de l’aviation civile.</p><p>Les syndicats réclament des embauches supplémentaires et une revalorisation des salaires.</p></article></body></html>`
	tests := []struct {
		name, ct, body, lang, how, evidence string
	}{
		{"detector overrides a wrong declaration", FormatHTML, fr, "fr", news.Inferred, "overrides"},
		{"given language stands", FormatJSONL, `{"text":"Plusieurs centaines de vols ont été annulés jeudi dans les aéroports.","language":"EN"}`, "en", news.Given, "JSON Lines"},
		{"detected when nothing is declared", FormatText, "Die Regierung kündigte am Dienstag an, die Steuern auf Kraftstoff zu erhöhen.", "de", news.Inferred, "whatlanggo de"},
	}
	r := newTestReader(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []Item
			r.Parse(context.Background(), "x", tt.ct, []byte(tt.body), func(it Item) { items = append(items, it) })
			if len(items) != 1 || items[0].Err != nil {
				t.Fatalf("items %+v", items)
			}
			a := items[0].Article
			fs := a.Fields["language"]
			if a.Language != tt.lang || fs.How != tt.how || !strings.Contains(fs.Evidence, tt.evidence) {
				t.Errorf("language %q %+v, want %q %s ~%q", a.Language, fs, tt.lang, tt.how, tt.evidence)
			}
		})
	}
}
