package fetch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"
)

// hostileAlloc returns the bytes allocated (by every goroutine) while f runs.
func hostileAlloc(f func()) uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.TotalAlloc
	f()
	runtime.ReadMemStats(&ms)
	return ms.TotalAlloc - before
}

// An endless body is cut off at the limit, and only about the limit is
// ever held in memory.
func TestHostileEndlessBody(t *testing.T) {
	chunk := bytes.Repeat([]byte("endless "), 4096)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for sent := 0; sent < 1<<30; sent += len(chunk) { // "endless": a gigabyte, or until the client hangs up
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	const limit = 1 << 20
	c := loopbackClient(t, srv, Config{MaxBytes: limit, Timeout: 10 * time.Second})
	var err error
	alloc := hostileAlloc(func() { _, err = c.Get(context.Background(), srv.URL) })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("endless body: error %v, want ErrTooLarge", err)
	}
	if alloc > 16*limit {
		t.Errorf("endless body: %d MiB allocated for a %d MiB limit", alloc>>20, limit>>20)
	}
}

// A gzip bomb of many concatenated members (each 1 MiB of zeros, 1 KiB
// compressed; 256 MiB in all) is cut off on its decompressed size.
func TestHostileGzipBombMembers(t *testing.T) {
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		for range 256 {
			if _, err := w.Write(member.Bytes()); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	const limit = 1 << 20
	c := loopbackClient(t, srv, Config{MaxBytes: limit, Timeout: 10 * time.Second})
	var err error
	alloc := hostileAlloc(func() { _, err = c.Get(context.Background(), srv.URL) })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("gzip bomb: error %v, want ErrTooLarge", err)
	}
	if alloc > 16*limit {
		t.Errorf("gzip bomb: %d MiB allocated for a %d MiB limit", alloc>>20, limit>>20)
	}
}

// A server that trickles its body (a byte every 20 ms, slowloris-style) is
// cut off by the total timeout, not kept for as long as it likes.
func TestHostileSlowBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		for range 250 { // 5 s in all, far beyond the client's timeout
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(20 * time.Millisecond):
			case <-r.Context().Done():
				return
			}
		}
	}))
	defer srv.Close()
	c := loopbackClient(t, srv, Config{Timeout: 300 * time.Millisecond})
	if _, err := c.Get(context.Background(), srv.URL); !errors.Is(err, ErrTimeout) {
		t.Fatalf("trickled body: error %v, want ErrTimeout", err)
	}
}

// A server that trickles its status line and headers is cut off too.
func TestHostileSlowHeaders(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				// Read the request first: an answer before it is not a response.
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				req.Body.Close()
				for _, b := range []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + strings.Repeat("z", 200)) {
					if _, err := conn.Write([]byte{b}); err != nil {
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			}()
		}
	}()
	c := clientFor(t, ln.Addr().String(), Config{Timeout: 300 * time.Millisecond})
	if _, err := c.Get(context.Background(), "http://"+ln.Addr().String()+"/"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("trickled headers: error %v, want ErrTimeout", err)
	}
}

// Redirect loops of any length, and endless chains of new URLs, are refused.
func TestHostileRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /self", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/self", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("GET /b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/c", http.StatusSeeOther) })
	mux.HandleFunc("GET /c", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusTemporaryRedirect) })
	mux.HandleFunc("GET /next/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		http.Redirect(w, r, fmt.Sprintf("/next/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("GET /to-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := loopbackClient(t, srv, Config{Timeout: 5 * time.Second})
	for _, tc := range []struct {
		path string
		want error
	}{
		{"/self", ErrRedirectLoop},
		{"/a", ErrRedirectLoop},
		{"/next/0", ErrRedirects},
		{"/to-file", ErrUnsupportedURL},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if _, err := c.Get(context.Background(), srv.URL+tc.path); !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// A redirect to 127.0.0.1 itself (from a server the operator allowed on
// another loopback address) is refused before any connection to it.
func TestHostileRedirectToLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.1:8080/admin", http.StatusFound)
	}))
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	c := clientFor(t, ln.Addr().String(), Config{Timeout: 2 * time.Second})
	if _, err := c.Get(context.Background(), srv.URL+"/"); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("redirect to 127.0.0.1: error %v, want ErrRefused (loopback)", err)
	}
}

// clientFor is loopbackClient for a bare address: only addr is allowed and
// dialled; any other dial fails the test.
func clientFor(t *testing.T, addr string, cfg Config) *Client {
	t.Helper()
	ap := netip.MustParseAddrPort(addr)
	cfg.Allow = append(cfg.Allow, netip.PrefixFrom(ap.Addr(), ap.Addr().BitLen()))
	d := &net.Dialer{}
	cfg.DialContext = func(ctx context.Context, network, a string) (net.Conn, error) {
		if a != ap.String() {
			t.Errorf("dial to %s: only %s may be dialled", a, ap)
			return nil, errors.New("test dialer: refused")
		}
		return d.DialContext(ctx, network, a)
	}
	cfg.Resolver = fakeResolver(t, nil)
	return New(cfg)
}
