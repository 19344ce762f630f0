package extract

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
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

// A page with a lot of text must cost time and memory in proportion to its
// size. Trafilatura's cost grows with the square of the text (1.5 MB of
// paragraphs: 10.8 GB allocated, 3 MB: 41 GB and a minute); pages over
// the threshold go to readability, which is linear (about 80 bytes
// allocated per byte of page). The threshold is lowered here so that the
// test stays fast under -race; the rule is the same at the default 1 MiB.
func TestHostileLargePageStaysLinear(t *testing.T) {
	const threshold = 64 << 10
	if DefaultMaxTrafilaturaBytes > 2<<20 {
		t.Errorf("DefaultMaxTrafilaturaBytes = %d: pages that large cost trafilatura minutes", DefaultMaxTrafilaturaBytes)
	}
	para := "<p>Some text that is long enough to be an article body, with words and more words and a full stop.</p>\n"
	page := "<html><head><title>Long page</title></head><body><article>" +
		strings.Repeat(para, 3*threshold/len(para)) + "</article></body></html>"
	var p *Page
	var err error
	alloc := hostileAlloc(func() { p, err = HTML(context.Background(), page, "", Options{MaxTrafilaturaBytes: threshold}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Text) < len(page)/2 {
		t.Errorf("extracted %d bytes of text from a %d-byte page", len(p.Text), len(page))
	}
	if limit := uint64(200 * len(page)); alloc > limit {
		t.Errorf("extracting a %d KiB page allocated %d MiB (limit %d MiB): extraction is not linear", len(page)>>10, alloc>>20, limit>>20)
	}
}

// Deeply nested markup (100,000 nested divs) is refused by the HTML
// parser's open-element limit, quickly and without a large allocation;
// nesting just under the limit still extracts.
func TestHostileDeepNesting(t *testing.T) {
	body := "<p>Some text that is long enough to be an article body, with words and more words and a full stop.</p>"
	nested := func(n int) string {
		return "<html><body>" + strings.Repeat("<div>", n) + body + strings.Repeat("</div>", n) + "</body></html>"
	}
	page := nested(100_000)
	var err error
	alloc := hostileAlloc(func() { _, err = HTML(context.Background(), page, "", Options{}) })
	if err == nil || !strings.Contains(err.Error(), "parse HTML") {
		t.Errorf("100,000 nested divs: error %v, want the parser's refusal", err)
	}
	if alloc > 64<<20 {
		t.Errorf("100,000 nested divs allocated %d MiB", alloc>>20)
	}
	p, err := HTML(context.Background(), nested(400), "", Options{})
	if err != nil || !strings.Contains(p.Text, "full stop") {
		t.Errorf("400 nested divs: %v, %+v", err, p)
	}
}

// Invalid UTF-8 never comes out of Decode: it is decoded as a legacy
// charset or refused.
func TestHostileInvalidUTF8(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
	}{
		{"stray continuation bytes", "Report \x80\x81\x82 from the scene, more text follows here."},
		{"truncated sequence", "Caf\xc3 au lait and a long sentence of ordinary report text."},
		{"overlong encoding", "Slash \xc0\xaf and then the remaining words of the article."},
		{"surrogate half", "Half \xed\xa0\x80 of a surrogate pair inside ordinary text."},
		{"declared utf-8 but not", "<meta charset=\"utf-8\"><p>Bad \xff\xfe bytes in a declared UTF-8 page.</p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _, err := Decode([]byte(tc.in), "", strings.HasPrefix(tc.in, "<"))
			if err != nil && !errors.Is(err, ErrUndecodable) && !errors.Is(err, ErrBinary) {
				t.Fatalf("Decode: unexpected error %v", err)
			}
			if err == nil && !utf8.ValidString(s) {
				t.Errorf("Decode returned invalid UTF-8: %q", s)
			}
		})
	}
}

// Scripts, styles, event handlers and javascript: links never reach the
// extracted text: only visible text does, and it is plain text (the UI
// escapes it again when it renders it).
func TestHostileMarkupNotInText(t *testing.T) {
	page := `<html><head><title>Harbour vote</title><script>alert("head")</script><style>p{x:expression(alert(1))}</style></head><body><article>
<p onclick="alert('click')">The council voted on the harbour plan on Monday after a long debate in the chamber.</p>
<script>document.write('<p>injected by script</p>')</script>
<p>Opponents said they would <a href="javascript:alert('link')">appeal the decision</a> in the regional court next month.</p>
<noscript><p>noscript text</p></noscript>
<p>The vote needed a two-thirds majority of the forty-five members, officials said.</p>
</article></body></html>`
	p, err := HTML(context.Background(), page, "https://example.com/a", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"alert(", "javascript:", "onclick", "injected by script", "expression(", "<"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("extracted text holds %q:\n%s", bad, p.Text)
		}
	}
	if !strings.Contains(p.Text, "appeal the decision") {
		t.Errorf("the link's visible text was lost:\n%s", p.Text)
	}
}
