package ingest

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkItems asserts what must hold for any input: each item is either an
// article in normal form or an error naming its input.
func checkItems(t *testing.T, items []Item) {
	t.Helper()
	for _, it := range items {
		if (it.Err == nil) == (it.Article == nil) {
			t.Fatalf("item %s must have exactly one of article and error", it.Input)
		}
		if it.Err != nil {
			if !strings.Contains(it.Err.Error(), "ingest:") {
				t.Errorf("error without context: %v", it.Err)
			}
			continue
		}
		a := it.Article
		if !utf8.ValidString(a.Text) || strings.TrimSpace(a.Text) == "" || a.ID == "" {
			t.Errorf("bad article from %s: id %q text %q", it.Input, a.ID, a.Text)
		}
		for _, s := range a.Boilerplate {
			if s.Start < 0 || s.End > len(a.Text) || s.Start >= s.End {
				t.Errorf("bad span %+v", s)
			}
		}
		for _, c := range a.CitedOutlets {
			if a.Outlet != "" && strings.EqualFold(c, a.Outlet) {
				t.Errorf("outlet %q also cited", c)
			}
		}
	}
}

func fuzzParse(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	r := NewReader(Options{})
	f.Fuzz(func(t *testing.T, body []byte) {
		var items []Item
		r.Parse(context.Background(), "fuzz", format, body, func(it Item) { items = append(items, it) })
		checkItems(t, items)
	})
}

func FuzzParseText(f *testing.F) {
	fuzzParse(f, FormatText, "Headline\n\nBody text here.", "(Reuters) - x", "caf\xe9", "\x00\x01")
}

func FuzzParseHTML(f *testing.F) {
	fuzzParse(f, FormatHTML, "<html><body><p>Some words that make a sentence of news copy here, with more words.</p></body></html>", "<p>x", `<meta charset="koi8-r"><p>`+"\xf0\xd2"+`</p>`)
}

func FuzzParseFeed(f *testing.F) {
	fuzzParse(f, FormatFeed,
		`<rss version="2.0"><channel><title>T</title><item><title>a</title><description>b c d</description></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><content>y</content></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_text":"x y z"}]}`)
}

func FuzzParseJSONL(f *testing.F) {
	fuzzParse(f, FormatJSONL, `{"id":"a","text":"b c"}`+"\n"+`{"text":`, `[{"text":"x"}]`, `{"html":"<p>x</p>","published":12}`)
}

func FuzzSniff(f *testing.F) {
	fuzzParse(f, "", "<rss", "{\"version\":\"https://jsonfeed.org\"", "<!doctype html><p>a", "plain")
}

func FuzzSidecar(f *testing.F) {
	for _, s := range []string{`{"id":"x","published":"2024-01-02"}`, `{"url":"ftp://x"}`, `{"id":1}`, `{} {}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sc, err := parseSidecar(b)
		if err == nil && sc == nil {
			t.Fatal("nil sidecar without error")
		}
	})
}
