package meta

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// CanonicalURL normalises a URL for use as an identity: lower-case scheme
// and host, no default port, no fragment, no tracking parameters (utm_*,
// fbclid, gclid, ...), sorted query, and no trailing slash except for the
// root path. It fails on relative or non-HTTP(S) URLs.
func CanonicalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("meta: canonical URL %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("meta: canonical URL %q: not an http(s) URL", raw)
	}
	if u.Host == "" {
		return "", fmt.Errorf("meta: canonical URL %q: no host", raw)
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" || strings.ContainsAny(host, " %/\\") {
		return "", fmt.Errorf("meta: canonical URL %q: no host", raw)
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
			delete(q, k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	u.RawQuery = b.String()
	u.ForceQuery = false
	p := u.EscapedPath()
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = strings.TrimSuffix(p, "/")
	}
	if p == "" {
		p = "/"
	}
	u.Path, u.RawPath = "", ""
	if dec, err := url.PathUnescape(p); err == nil {
		u.Path = dec
		u.RawPath = p
	}
	return u.String(), nil
}

var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true, "mc_eid": true,
	"igshid": true, "_ga": true, "ref_src": true, "cmpid": true, "ocid": true, "smid": true,
}

// RegistrableDomain returns the registrable domain of a URL's host
// ("www.politico.eu" -> "politico.eu"), or the bare host when it has none.
func RegistrableDomain(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// OutletFromURL names the outlet that publishes at rawURL: a known outlet
// when the host (or a parent domain) is in the outlet table, otherwise the
// registrable domain. known tells which; evidence names the host.
func OutletFromURL(rawURL string) (name, evidence string, known bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return "", "", false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	ix := index()
	for h := host; h != ""; {
		if o, ok := ix.byHost[h]; ok {
			return o.Name, "URL host " + host, true
		}
		i := strings.IndexByte(h, '.')
		if i < 0 {
			break
		}
		h = h[i+1:]
	}
	d := RegistrableDomain(rawURL)
	if d == "" {
		return "", "", false
	}
	return d, "registrable domain of URL host " + host, false
}
