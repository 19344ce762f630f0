package brief

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// sources numbers the story's articles for citations: [n] is the n-th
// article of Story.Articles. Each article's label, description and
// citation title are made once: a large brief cites articles thousands of
// times.
type sources struct {
	b      *Brief
	num    map[string]int // article id -> 1-based number
	labels []string       // per number-1: "n"
	descs  []string       // per number-1: "[n] Outlet, 2024-01-19"
	titles []string       // per number-1: "Outlet 2024-01-19", a citation's title
}

func newSources(b *Brief) *sources {
	n := len(b.Story.Articles)
	s := &sources{b: b, num: make(map[string]int, n), labels: make([]string, n), descs: make([]string, n), titles: make([]string, n)}
	for i, a := range b.Story.Articles {
		if _, ok := s.num[a.ID]; ok {
			continue
		}
		s.num[a.ID] = i + 1
		label := strconv.Itoa(i + 1)
		outlet, d := outletOf(&b.Story.Articles[i]), day(a.Published)
		desc := "[" + label + "] " + outlet
		if d != "" {
			desc += ", " + d
		}
		s.labels[i], s.descs[i], s.titles[i] = label, desc, strings.TrimSpace(outlet+" "+d)
	}
	return s
}

// article returns the article with id, or nil.
func (s *sources) article(id string) *Article {
	if n, ok := s.num[id]; ok {
		return &s.b.Story.Articles[n-1]
	}
	return nil
}

// marks returns "[1][3]" for ids; an id not in the story shows as itself.
func (s *sources) marks(ids []string) string {
	var b strings.Builder
	for _, id := range ids {
		b.WriteString("[")
		b.WriteString(s.label(id))
		b.WriteString("]")
	}
	return b.String()
}

// label is the citation number of id, or its external name.
func (s *sources) label(id string) string {
	if n, ok := s.num[id]; ok {
		return s.labels[n-1]
	}
	return nodeName(id)
}

// source describes one article as "[n] Outlet, 2024-01-19".
func (s *sources) source(id string) string {
	if n, ok := s.num[id]; ok {
		return s.descs[n-1]
	}
	return nodeName(id)
}

// outletOf names an article's outlet, falling back to its id.
func outletOf(a *Article) string {
	if a.Outlet != "" {
		return a.Outlet
	}
	return a.ID
}

// nodeName shows "external:Bloomberg" as "Bloomberg".
func nodeName(id string) string {
	if rest, ok := strings.CutPrefix(id, "external:"); ok {
		return rest
	}
	return id
}

// day formats t as 2006-01-02, or "" when unknown.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// httpURL returns u when it is an absolute http or https URL, else "":
// only those become links, so a javascript: or data: URL never does.
func httpURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		return p.String()
	}
	return ""
}

// shorten cuts s to at most n runes at a word boundary, adding "…".
func shorten(s string, n int) string {
	s = singleSpaced(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	var cut string
	if utf8.ValidString(s) {
		// the first n runes, without decoding the whole text
		i := 0
		for k := 0; k < n; k++ {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
		}
		cut = s[:i]
	} else {
		cut = string([]rune(s)[:n]) // invalid bytes become U+FFFD
	}
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// singleSpaced is strings.Join(strings.Fields(s), " "), without copying
// the many strings that already are: a large brief shortens thousands.
func singleSpaced(s string) string {
	space := true // before the first word, and after a space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII, most text: no decoding
			switch {
			case c == ' ' && !space:
				space = true
			case c == ' ' || c >= '\t' && c <= '\r':
				return strings.Join(strings.Fields(s), " ")
			default:
				space = false
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return strings.Join(strings.Fields(s), " ")
		}
		space = false
		i += w
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// kindVerb says how a relation reads from the later article's side.
func kindVerb(kind string) string {
	switch kind {
	case KindDuplicate:
		return "duplicates"
	case KindNearDuplicate:
		return "nearly duplicates"
	case KindDerived:
		return "derives from"
	case KindSharedSource:
		return "shares a source with"
	case KindCites:
		return "cites"
	}
	return kind
}
