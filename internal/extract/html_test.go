package extract

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readPage(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := Decode(b, "", true)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		title     string
		byline    string
		site      string
		published string
		lang      string
		want      []string // substrings of the text, each on its own paragraph
		wantNot   []string // boilerplate that must be gone
	}{
		{
			name: "news page with og and article meta", file: "news.html",
			title: "Dock workers extend strike as talks stall", byline: "Maria Lindqvist", site: "The Harbour Ledger",
			published: "2024-03-05T08:30:00Z", lang: "en",
			want:    []string{"Dock workers at the country's two largest", "A spokesman for the terminal operators", "Economists at the central bank"},
			wantNot: []string{"Accept all", "Privacy", "Truckers join protest", "Share on Facebook", "Sign up for our newsletter"},
		},
		{
			name: "JSON-LD graph", file: "jsonld.html",
			title: "Flood defences hold as river peaks", byline: "Tom Becker, Ines Alves", site: "Valley Courier",
			published: "2024-01-12T18:05:00Z", lang: "en",
			want:    []string{"The river reached its highest level", "Downstream, several villages"},
			wantNot: []string{"Lottery winner", "What about the villages?", "Log in"},
		},
		{
			name: "windows-1252 page", file: "legacy-1252.html",
			title: "La grève des contrôleurs aériens perturbe les vols", published: "2024-02-08T00:00:00Z",
			want:    []string{"Plusieurs centaines de vols ont été annulés", "Les compagnies aériennes"},
			wantNot: []string{"Accueil"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := HTML(context.Background(), readPage(t, tt.file), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title {
				t.Errorf("title %q (%s), want %q", p.Title, p.TitleEvidence, tt.title)
			}
			if tt.byline != "" && p.Byline != tt.byline {
				t.Errorf("byline %q (%s), want %q", p.Byline, p.BylineEvidence, tt.byline)
			}
			if p.SiteName != tt.site {
				t.Errorf("site %q (%s), want %q", p.SiteName, p.SiteNameEvidence, tt.site)
			}
			if got := p.Published.UTC().Format(time.RFC3339); got != tt.published {
				t.Errorf("published %s (%s), want %s", got, p.PublishedEvidence, tt.published)
			}
			if tt.lang != "" && p.Language != tt.lang {
				t.Errorf("language %q, want %q", p.Language, tt.lang)
			}
			lines := strings.Split(p.Text, "\n")
			for _, w := range tt.want {
				found := false
				for _, l := range lines {
					if strings.HasPrefix(l, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no paragraph starts with %q in:\n%s", w, p.Text)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(p.Text, w) {
					t.Errorf("boilerplate %q kept (%s):\n%s", w, p.Extractor, p.Text)
				}
			}
		})
	}
}

func TestHTMLNoMainText(t *testing.T) {
	for _, page := range []string{
		`<html><head><title>x</title></head><body><nav><a href="/">Home</a></nav>`,
		`<html><body><div class="article"><h1>Truncat`,
		``,
	} {
		if _, err := HTML(context.Background(), page, "", Options{}); !errors.Is(err, ErrNoMainText) {
			t.Errorf("HTML(%.40q) error = %v, want ErrNoMainText", page, err)
		}
	}
}

func TestFragment(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>One &amp; two.</p><p>Three <b>four</b>.</p>", "One & two.\nThree four."},
		{"br", "a<br>b<br/>c", "a\nb\nc"},
		{"plain", "  just text ", "just text"},
		{"script dropped", "<p>x</p><script>alert(1)</script>", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fragment(tt.in); got != tt.want {
				t.Errorf("Fragment(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name, ct string
		in       []byte
		isHTML   bool
		want     string
		charset  string
		err      error
	}{
		{"utf-8", "", []byte("caf\xc3\xa9"), false, "café", "utf-8", nil},
		{"utf-8 bom", "", []byte("\xef\xbb\xbfhi there"), false, "hi there", "utf-8", nil},
		{"utf-16le bom", "", []byte("\xff\xfeh\x00i\x00"), false, "hi", "utf-16le", nil},
		{"declared latin1", "text/plain; charset=ISO-8859-1", []byte("caf\xe9"), false, "café", "windows-1252", nil},
		{"meta charset", "", []byte(`<meta charset="koi8-r"><p>` + "\xf0\xd2\xc9\xd7\xc5\xd4" + `</p>`), true, "Привет", "koi8-r", nil},
		{"undeclared legacy falls back", "", []byte("na\xefve caf\xe9 d\xe9j\xe0 vu"), false, "naïve café déjà vu", "", nil},
		{"binary", "", []byte("PK\x03\x04\x00\x00binary"), false, "", "", ErrBinary},
		{"undecodable", "", bytes.Repeat([]byte{0x81, 0x8d, 0x8f, 0x90, 0x9d, 'a'}, 20), false, "", "", ErrUndecodable},
		{"empty", "", []byte("  \n"), false, "", "", ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := Decode(tt.in, tt.ct, tt.isHTML)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("Decode = %q, want %q", got, tt.want)
			}
			if tt.charset != "" && cs != tt.charset {
				t.Errorf("charset %q, want %q", cs, tt.charset)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte("caf\xe9"), "text/html; charset=iso-8859-1", true)
	f.Add([]byte("\xff\xfeh\x00"), "", false)
	f.Add([]byte(`<meta charset="shift_jis">`), "", true)
	f.Fuzz(func(t *testing.T, b []byte, ct string, isHTML bool) {
		s, _, err := Decode(b, ct, isHTML)
		if err == nil && !strings.Contains(s, "\x00") && !utf8Valid(s) {
			t.Errorf("Decode returned invalid UTF-8")
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add(`<html><body><article><p>Some text here that is long enough to be a paragraph of news.</p></article></body></html>`)
	f.Add(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","author":[[[{}]]]}</script>`)
	f.Add(`<p>x<br>y`)
	f.Fuzz(func(t *testing.T, page string) {
		p, err := HTML(context.Background(), page, "https://example.com/a", Options{})
		if err == nil && strings.TrimSpace(p.Text) == "" {
			t.Errorf("no error but empty text")
		}
	})
}

func FuzzFragment(f *testing.F) {
	f.Add("<p>One &amp; two</p>")
	f.Add("<table><tr><td>a</td></tr></table>")
	f.Fuzz(func(t *testing.T, s string) {
		out := Fragment(s)
		if strings.Contains(out, "\n\n") {
			t.Errorf("Fragment(%q) has empty paragraphs", s)
		}
	})
}

func BenchmarkHTMLTrafilatura(b *testing.B) { benchExtractor(b, "trafilatura") }
func BenchmarkHTMLReadability(b *testing.B) { benchExtractor(b, "readability") }

func benchExtractor(b *testing.B, name string) {
	page := readPage(b, "news.html")
	for b.Loop() {
		if _, err := HTML(context.Background(), page, "", Options{Extractor: name}); err != nil {
			b.Fatal(err)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }
