// Package fetch is the HTTP client crosscheck uses for URLs, feeds and
// followed feed links. It is built to read pages from strangers safely:
//
//   - a total timeout per request (default 20 s) and a body limit (default
//     10 MiB) enforced while streaming, on the decompressed size, so a
//     gzip bomb is cut off after limit+1 bytes;
//   - at most 5 redirects, redirect loops refused;
//   - an SSRF guard: every address a host name resolves to is checked at
//     dial time, after DNS, so redirects and DNS rebinding are covered.
//     Loopback, private, link-local (cloud metadata 169.254.169.254),
//     CGNAT, unspecified, multicast and reserved addresses are refused
//     unless the operator allows them (AllowPrivate, or Allow CIDRs).
//     Environment proxies are ignored: a proxy would dial for us and
//     bypass the guard.
//
// Errors name the URL and the reason.
package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 10 << 20
	DefaultMaxRedirects = 5
	DefaultUserAgent    = "crosscheck/0.1 (+https://github.com/crosscheck/crosscheck)"
)

// Resolver resolves host names; *net.Resolver satisfies it. Tests inject
// their own so that no real lookup happens.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// DialFunc opens a connection to an address that the guard has accepted
// (always an IP literal and port).
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// Config configures a Client. The zero value is safe: defaults above, SSRF
// guard on, system resolver and dialer.
type Config struct {
	Timeout      time.Duration  // total time for one request, body included
	MaxBytes     int64          // largest body accepted, after decompression
	MaxRedirects int            // redirects followed before giving up
	UserAgent    string         // sent with every request
	AllowPrivate bool           // turn the SSRF guard off (operator's choice)
	Allow        []netip.Prefix // addresses allowed although the guard would refuse them
	Resolver     Resolver       // nil: net.DefaultResolver
	DialContext  DialFunc       // nil: a net.Dialer
}

// Client fetches URLs under a Config. It is safe for concurrent use.
type Client struct {
	cfg Config
	hc  *http.Client
}

// Response is a fetched body with what the caller needs to decode it.
type Response struct {
	URL         string      // the URL asked for
	FinalURL    string      // the URL after redirects
	StatusCode  int         // always 2xx: other statuses are errors
	ContentType string      // media type, lower case, no parameters ("text/html")
	Charset     string      // charset parameter of Content-Type, lower case, "" if none
	Header      http.Header // response headers
	Body        []byte      // decompressed body, at most MaxBytes bytes
}

// Errors that callers may test for with errors.Is.
var (
	ErrRefused        = errors.New("address refused by SSRF guard")
	ErrTooLarge       = errors.New("body exceeds size limit")
	ErrRedirects      = errors.New("too many redirects")
	ErrRedirectLoop   = errors.New("redirect loop")
	ErrTimeout        = errors.New("timeout")
	ErrUnsupportedURL = errors.New("unsupported URL")
)

// StatusError is an HTTP response with a non-2xx status.
type StatusError struct {
	Code   int
	Status string
}

func (e *StatusError) Error() string { return "HTTP " + e.Status }

// New returns a Client for cfg, filling defaults.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.MaxRedirects <= 0 {
		cfg.MaxRedirects = DefaultMaxRedirects
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	if cfg.DialContext == nil {
		d := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
		cfg.DialContext = d.DialContext
	}
	c := &Client{cfg: cfg}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would bypass the guard
		DialContext:           c.dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		DisableCompression:    true, // we decompress ourselves, under the size limit
	}
	c.hc = &http.Client{
		Transport:     tr,
		Timeout:       cfg.Timeout,
		CheckRedirect: c.checkRedirect,
	}
	return c
}

// MaxBytes is the body limit in force.
func (c *Client) MaxBytes() int64 { return c.cfg.MaxBytes }

// Get fetches rawURL. Non-2xx statuses, refused addresses, timeouts and
// bodies over the limit are errors naming the URL.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	resp, err := c.get(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch: GET %s: %w", rawURL, err)
	}
	return resp, nil
}

func (c *Client) get(ctx context.Context, rawURL string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupportedURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: scheme %q", ErrUnsupportedURL, u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w: no host", ErrUnsupportedURL)
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json,application/json,text/plain;q=0.9,*/*;q=0.5")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.explain(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	// Refuse early when the server announces a body over the limit.
	if resp.ContentLength > c.cfg.MaxBytes && resp.Header.Get("Content-Encoding") == "" {
		return nil, fmt.Errorf("%w: Content-Length %d > %d bytes", ErrTooLarge, resp.ContentLength, c.cfg.MaxBytes)
	}
	var r io.Reader = io.LimitReader(resp.Body, c.cfg.MaxBytes+1)
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gzip body: %w", c.explain(ctx, err))
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	body, err := ReadLimited(r, c.cfg.MaxBytes)
	if err != nil {
		return nil, c.explain(ctx, err)
	}
	mt, charset := ParseContentType(resp.Header.Get("Content-Type"))
	return &Response{
		URL:         rawURL,
		FinalURL:    resp.Request.URL.String(),
		StatusCode:  resp.StatusCode,
		ContentType: mt,
		Charset:     charset,
		Header:      resp.Header,
		Body:        body,
	}, nil
}

// explain turns a deadline into ErrTimeout with the configured duration.
func (c *Client) explain(ctx context.Context, err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrRefused) || errors.Is(err, ErrRedirects) || errors.Is(err, ErrRedirectLoop) {
		return err
	}
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("%w after %s", ErrTimeout, c.cfg.Timeout)
	}
	return err
}

// ReadLimited reads r to the end but never more than limit+1 bytes, and
// fails with ErrTooLarge when r holds more than limit bytes.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w of %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

// ParseContentType returns the lower-case media type and charset of a
// Content-Type header value; both are "" when absent or unparseable.
func ParseContentType(v string) (mediaType, charset string) {
	if v == "" {
		return "", ""
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		// Keep what precedes a broken parameter list.
		mt, _, _ = strings.Cut(v, ";")
		return strings.ToLower(strings.TrimSpace(mt)), ""
	}
	return strings.ToLower(mt), strings.ToLower(strings.Trim(params["charset"], `"' `))
}

// checkRedirect bounds redirects and refuses loops and non-HTTP schemes.
// The addresses of redirect targets are checked at dial time like any other.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: redirect to scheme %q", ErrUnsupportedURL, req.URL.Scheme)
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w at %s", ErrRedirectLoop, req.URL)
		}
	}
	if len(via) > c.cfg.MaxRedirects {
		return fmt.Errorf("%w (more than %d)", ErrRedirects, c.cfg.MaxRedirects)
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	return nil
}

// dial resolves addr, checks every address before connecting to any, and
// connects to the first address that accepts.
func (c *Client) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		res, err := c.cfg.Resolver.LookupIPAddr(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		for _, r := range res {
			if ip, ok := netip.AddrFromSlice(r.IP); ok {
				ips = append(ips, ip.WithZone(r.Zone))
			}
		}
		if len(ips) == 0 {
			return nil, fmt.Errorf("resolve %s: no addresses", host)
		}
	}
	// A host that resolves to any refused address is refused as a whole:
	// mixing public and private answers is a rebinding trick.
	for _, ip := range ips {
		if reason := c.refusal(ip); reason != "" {
			return nil, fmt.Errorf("%w: %s resolves to %s (%s)", ErrRefused, host, ip, reason)
		}
	}
	var last error
	for _, ip := range ips {
		conn, err := c.cfg.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		last = err
	}
	return nil, last
}

// refusal returns why ip may not be dialled, or "" when it may.
func (c *Client) refusal(ip netip.Addr) string {
	if c.cfg.AllowPrivate {
		return ""
	}
	ip = ip.Unmap().WithZone("")
	for _, p := range c.cfg.Allow {
		if p.Contains(ip) {
			return ""
		}
	}
	return Refusal(ip)
}

var refusedPrefixes = []struct {
	p      netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved address"},
	{netip.MustParsePrefix("64:ff9b::/96"), "NAT64 address"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "NAT64 address"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation address"},
	{netip.MustParsePrefix("2002::/16"), "6to4 address"},
	{netip.MustParsePrefix("100::/64"), "discard address"},
}

// Refusal says why the SSRF guard refuses ip ("" when it is a public
// unicast address): loopback, private (RFC 1918, fc00::/7), link-local
// (169.254/16 with cloud metadata, fe80::/10), unspecified, multicast,
// CGNAT and other special-purpose ranges.
func Refusal(ip netip.Addr) string {
	ip = ip.Unmap().WithZone("")
	switch {
	case !ip.IsValid():
		return "invalid address"
	case ip.IsLoopback():
		return "loopback address"
	case ip.IsPrivate():
		return "private address"
	case ip.IsLinkLocalUnicast():
		return "link-local address"
	case ip.IsUnspecified():
		return "unspecified address"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		return "multicast address"
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast address"
	}
	for _, r := range refusedPrefixes {
		if r.p.Contains(ip) {
			return r.reason
		}
	}
	return ""
}
