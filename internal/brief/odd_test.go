package brief

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// oddSample is sample() with text that needs escaping (markup, quotes,
// plus, NUL, invalid UTF-8), dispute notes, sources outside the story,
// novelty with and without additions and long passages: the sections written as HTML in Go must escape them as
// html/template does.
func oddSample() *Brief {
	b := sample()
	odd := `a <b> & "c" 'd' +e` + "\x00 \xff tail – ž"
	for i := range b.Conflicts {
		b.Conflicts[i].PossibleChange = i%2 == 0
		b.Conflicts[i].Topic += odd
		for k := range b.Conflicts[i].Sides {
			b.Conflicts[i].Sides[k].Text += odd
			b.Conflicts[i].Sides[k].Articles = append(b.Conflicts[i].Sides[k].Articles, "external:Out<let>", "unknown&id")
		}
	}
	for i := range b.Claims {
		b.Claims[i].Articles = append(b.Claims[i].Articles, "external:Odd \"Outlet\"", "nope+1")
	}
	for i := range b.Story.Articles {
		b.Story.Articles[i].Outlet += odd
	}
	for i := range b.Provenance {
		b.Provenance[i].Kind += odd
		for k := range b.Provenance[i].Passages {
			b.Provenance[i].Passages[k].ToText += odd + " " + odd + " " + odd + " " + odd + odd + odd + odd + odd + odd
			b.Provenance[i].Passages[k].Match += odd
		}
		b.Provenance[i].From = "external:Wire <X>"
	}
	for i := range b.Novelty {
		b.Novelty[i].Adds = append(b.Novelty[i].Adds, odd)
	}
	b.Novelty = append(b.Novelty, Novelty{Article: "external:Odd <wire>", Adds: []string{}}, Novelty{Article: b.Story.Articles[0].ID, Adds: []string{odd + odd}})
	for i := range b.Coverage {
		b.Coverage[i].Reports = append(b.Coverage[i].Reports, odd, odd+odd+odd+odd+odd+odd+odd+odd+odd)
		b.Coverage[i].Omits = nil
	}
	return b
}

// TestHTMLOddText compares the page of oddSample with the one the
// all-template page wrote (testdata/odd.html.golden, made before citations,
// disputes, provenance, coverage and novelty were written in Go).
func TestHTMLOddText(t *testing.T) {
	var buf bytes.Buffer
	if err := HTML(&buf, oddSample()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "odd.html.golden")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("HTML of the odd sample differs from %s", path)
	}
}
