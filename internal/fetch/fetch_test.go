package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// loopbackClient allows only the test server's address, and its dialer
// fails the test if asked to connect anywhere else.
func loopbackClient(t *testing.T, srv *httptest.Server, cfg Config) *Client {
	t.Helper()
	ap := netip.MustParseAddrPort(srv.Listener.Addr().String())
	cfg.Allow = append(cfg.Allow, netip.PrefixFrom(ap.Addr(), ap.Addr().BitLen()))
	d := &net.Dialer{}
	cfg.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr != ap.String() {
			t.Errorf("dial to %s: only the test server %s may be dialled", addr, ap)
			return nil, errors.New("test dialer: refused")
		}
		return d.DialContext(ctx, network, addr)
	}
	cfg.Resolver = fakeResolver(t, nil)
	return New(cfg)
}

// fakeResolver answers from a table and never touches the network.
type resolverFunc func(ctx context.Context, host string) ([]net.IPAddr, error)

func (f resolverFunc) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	return f(ctx, host)
}

func fakeResolver(t *testing.T, table map[string][]string) Resolver {
	return resolverFunc(func(_ context.Context, host string) ([]net.IPAddr, error) {
		ips, ok := table[host]
		if !ok {
			return nil, fmt.Errorf("no such host %s", host)
		}
		var out []net.IPAddr
		for _, s := range ips {
			out = append(out, net.IPAddr{IP: net.ParseIP(s)})
		}
		return out, nil
	})
}

// failDialer fails the test whenever it is called: the guard must refuse first.
func failDialer(t *testing.T) DialFunc {
	return func(_ context.Context, network, addr string) (net.Conn, error) {
		t.Errorf("dialled %s %s: the SSRF guard should have refused before dialling", network, addr)
		return nil, errors.New("test dialer: refused")
	}
}

func TestGuardRefuses(t *testing.T) {
	resolver := fakeResolver(t, map[string][]string{
		"private.example":  {"10.0.0.7"},
		"metadata.example": {"169.254.169.254"},
		"rebind.example":   {"93.184.216.34", "127.0.0.1"},
		"cgnat.example":    {"100.64.1.1"},
		"v6.example":       {"fd00::1"},
		"mapped.example":   {"::ffff:192.168.1.1"},
	})
	tests := []struct {
		name, url, want string
	}{
		{"loopback literal", "http://127.0.0.1:8080/x", "loopback"},
		{"localhost v6", "http://[::1]/", "loopback"},
		{"private 10/8", "http://10.1.2.3/", "private"},
		{"private via DNS", "http://private.example/", "private"},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/", "link-local"},
		{"metadata via DNS", "http://metadata.example/", "link-local"},
		{"DNS rebinding mix", "http://rebind.example/", "loopback"},
		{"CGNAT", "http://cgnat.example/", "carrier-grade NAT"},
		{"unique local v6", "http://v6.example/", "private"},
		{"v4-mapped v6", "http://mapped.example/", "private"},
		{"unspecified", "http://0.0.0.0/", "unspecified"},
		{"multicast", "http://224.0.0.1/", "multicast"},
		{"link-local v6", "http://[fe80::1]/", "link-local"},
	}
	c := New(Config{Resolver: resolver, DialContext: failDialer(t), Timeout: 2 * time.Second})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Get(context.Background(), tt.url)
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("Get(%s) error = %v, want ErrRefused", tt.url, err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.url) {
				t.Errorf("error %q should name the URL and say %q", err, tt.want)
			}
		})
	}
}

func TestGuardRefusesRedirects(t *testing.T) {
	mux := http.NewServeMux()
	for path, target := range map[string]string{
		"/to-private":   "http://10.1.2.3/",
		"/to-metadata":  "http://169.254.169.254/latest/meta-data/",
		"/to-loopback2": "http://127.0.0.2/",
		"/to-dns":       "http://internal.example/admin",
	} {
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target, http.StatusFound)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(t, srv, Config{Timeout: 2 * time.Second})
	// The fake resolver knows no hosts, so rebind the name to a private address.
	c.cfg.Resolver = fakeResolver(t, map[string][]string{"internal.example": {"192.168.0.10"}})
	for _, path := range []string{"/to-private", "/to-metadata", "/to-loopback2", "/to-dns"} {
		t.Run(path, func(t *testing.T) {
			_, err := c.Get(context.Background(), srv.URL+path)
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("redirect %s: error = %v, want ErrRefused", path, err)
			}
		})
	}
}

func TestAllowPrivate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := New(Config{AllowPrivate: true})
	resp, err := c.Get(context.Background(), srv.URL)
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("AllowPrivate: got %v, %v", resp, err)
	}
	if _, err := New(Config{}).Get(context.Background(), srv.URL); !errors.Is(err, ErrRefused) {
		t.Fatalf("default config must refuse the loopback test server, got %v", err)
	}
}

func gzipped(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	chunk := make([]byte, 64<<10)
	for written := 0; written < n; written += len(chunk) {
		if n-written < len(chunk) {
			chunk = chunk[:n-written]
		}
		if _, err := zw.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return buf.Bytes()
}

func TestGet(t *testing.T) {
	bomb := gzipped(t, 32<<20)
	small := gzipped(t, 1000)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") == "" {
			http.Error(w, "no UA", 400)
			return
		}
		w.Header().Set("Content-Type", `text/html; charset="ISO-8859-1"`)
		fmt.Fprint(w, "<p>caf\xe9</p>")
	})
	mux.HandleFunc("GET /big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("a"), 3000))
	})
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Transfer-Encoding", "chunked")
		for i := 0; i < 10; i++ {
			w.Write(bytes.Repeat([]byte("b"), 500))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("GET /bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("GET /gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(small)
	})
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("GET /loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("GET /loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("GET /chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			fmt.Fprint(w, "end")
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n-1), http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(t, srv, Config{MaxBytes: 2048, Timeout: 300 * time.Millisecond})

	tests := []struct {
		name    string
		path    string
		wantErr error
		check   func(t *testing.T, r *Response)
	}{
		{"content type and charset", "/page", nil, func(t *testing.T, r *Response) {
			if r.ContentType != "text/html" || r.Charset != "iso-8859-1" {
				t.Errorf("content type %q charset %q", r.ContentType, r.Charset)
			}
		}},
		{"gzip within limit", "/gz", nil, func(t *testing.T, r *Response) {
			if len(r.Body) != 1000 {
				t.Errorf("body %d bytes", len(r.Body))
			}
		}},
		{"over limit", "/big", ErrTooLarge, nil},
		{"over limit streamed", "/stream", ErrTooLarge, nil},
		{"gzip bomb cut on decompressed size", "/bomb", ErrTooLarge, nil},
		{"status", "/missing", nil, nil},
		{"timeout", "/slow", ErrTimeout, nil},
		{"redirect loop", "/loop", ErrRedirectLoop, nil},
		{"five redirects fine", "/chain/5", nil, func(t *testing.T, r *Response) {
			if string(r.Body) != "end" || !strings.HasSuffix(r.FinalURL, "/chain/0") {
				t.Errorf("body %q final %s", r.Body, r.FinalURL)
			}
		}},
		{"six redirects", "/chain/6", ErrRedirects, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := srv.URL + tt.path
			r, err := c.Get(context.Background(), u)
			if tt.path == "/missing" {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != 404 || !strings.Contains(err.Error(), u) {
					t.Fatalf("want 404 StatusError naming URL, got %v", err)
				}
				return
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), u) {
					t.Errorf("error %q does not name the URL", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

func TestUnsupportedURL(t *testing.T) {
	c := New(Config{DialContext: failDialer(t)})
	for _, u := range []string{"file:///etc/passwd", "ftp://example.com/", "http://", "::nope"} {
		if _, err := c.Get(context.Background(), u); err == nil {
			t.Errorf("Get(%q) succeeded", u)
		}
	}
}

func TestParseContentType(t *testing.T) {
	tests := []struct{ in, mt, cs string }{
		{"text/html; charset=UTF-8", "text/html", "utf-8"},
		{"application/rss+xml", "application/rss+xml", ""},
		{"text/html; charset", "text/html", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			mt, cs := ParseContentType(tt.in)
			if mt != tt.mt || cs != tt.cs {
				t.Errorf("ParseContentType(%q) = %q, %q", tt.in, mt, cs)
			}
		})
	}
}

func TestRefusalPublic(t *testing.T) {
	for _, s := range []string{"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"} {
		if r := Refusal(netip.MustParseAddr(s)); r != "" {
			t.Errorf("Refusal(%s) = %q, want public", s, r)
		}
	}
}

func FuzzParseContentType(f *testing.F) {
	for _, s := range []string{"text/html; charset=UTF-8", "application/rss+xml", `text/plain; charset="x`, ";;", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mt, cs := ParseContentType(s)
		if strings.ToLower(mt) != mt || strings.ToLower(cs) != cs {
			t.Errorf("ParseContentType(%q) = %q, %q: not lower case", s, mt, cs)
		}
	})
}
