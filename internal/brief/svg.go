package brief

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// kindColors colours provenance edges; colour-blind-safe (Okabe–Ito).
var kindColors = []struct{ kind, color, label string }{
	{KindDuplicate, "#d55e00", "duplicate"},
	{KindNearDuplicate, "#e69f00", "near-duplicate"},
	{KindDerived, "#cc79a7", "derived (rewrite, translation)"},
	{KindSharedSource, "#009e73", "shared source"},
	{KindCites, "#0072b2", "cites"},
}

const otherColor = "#777777"

func colorOf(kind string) string {
	for _, k := range kindColors {
		if k.kind == kind {
			return k.color
		}
	}
	return otherColor
}

// Graph geometry, in SVG user units.
const (
	nodeW, nodeH = 150.0, 44.0
	colW, rowH   = 180.0, 90.0
	margin       = 20.0
	legendRowH   = 18.0
)

type node struct {
	id, label, sub, tip string
	x, y                float64 // centre
	external            bool
}

// ProvenanceSVG draws the story's provenance graph as an inline SVG
// element: one box per article (numbered as in the sources list) and per
// cited outlet outside the story, one arrow per relation from the earlier
// or cited side to the later one, coloured by kind, with a legend. All text
// is escaped; the result is safe to embed in HTML.
func ProvenanceSVG(b *Brief) template.HTML {
	src := newSources(b)
	var nodes []*node
	at := map[string]*node{}
	for i, a := range b.Story.Articles {
		if at[a.ID] != nil {
			continue
		}
		n := &node{id: a.ID, label: fmt.Sprintf("[%d] %s", i+1, shorten(outletOf(&a), 18)), sub: day(a.Published), tip: a.Title}
		nodes = append(nodes, n)
		at[a.ID] = n
	}
	var externals []*node
	for _, r := range b.Provenance {
		for _, id := range []string{r.From, r.To} {
			if at[id] == nil {
				n := &node{id: id, label: shorten(nodeName(id), 20), sub: "not in story", tip: nodeName(id), external: true}
				externals = append(externals, n)
				at[id] = n
			}
		}
	}

	cols := int(math.Ceil(math.Sqrt(float64(len(nodes)))))
	cols = max(1, min(cols, 10))
	extCols := max(1, min(len(externals), 10))
	cols = max(cols, min(extCols, 10))
	y := margin + nodeH/2
	for i, n := range externals {
		n.x = margin + nodeW/2 + float64(i%extCols)*colW
		n.y = y + float64(i/extCols)*rowH
	}
	if len(externals) > 0 {
		y += float64((len(externals)+extCols-1)/extCols) * rowH
	}
	for i, n := range nodes {
		n.x = margin + nodeW/2 + float64(i%cols)*colW
		// stagger alternate columns so edges along a row do not hide
		// behind the boxes between their ends
		n.y = y + float64(i/cols)*rowH + float64(i%2)*rowH*0.3
	}
	rows := (len(nodes) + cols - 1) / cols
	height := y + float64(rows)*rowH + rowH*0.3
	width := 2*margin + float64(cols-1)*colW + nodeW

	var sb strings.Builder
	legendY := height
	height += legendRowH*float64(len(kindColors)) + margin
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="provenance" viewBox="0 0 %.0f %.0f" width="%.0f" role="img" aria-label="Provenance graph of %d articles">`,
		width, height, width, len(nodes))
	sb.WriteString(`<defs>`)
	for _, k := range append(kindColors, struct{ kind, color, label string }{"other", otherColor, "other"}) {
		fmt.Fprintf(&sb, `<marker id="arrow-%s" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`,
			markerID(k.kind), k.color)
	}
	sb.WriteString(`</defs>`)
	var num []byte

	for _, r := range b.Provenance {
		from, to := at[r.From], at[r.To]
		if from == nil || to == nil || from == to {
			continue
		}
		x1, y1 := boxEdge(to.x, to.y, from.x, from.y)
		x2, y2 := boxEdge(from.x, from.y, to.x, to.y)
		// bend each edge a little so two opposite relations stay apart
		mx, my := (x1+x2)/2, (y1+y2)/2
		dx, dy := x2-x1, y2-y1
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		cx, cy := mx-dy/l*18, my+dx/l*18
		dash := ""
		if r.Kind == KindCites {
			dash = ` stroke-dasharray="5 3"`
		}
		// written with strconv rather than fmt: a large story has
		// thousands of relations (%.1f is AppendFloat 'f', 1)
		num = append(num[:0], `<path class="edge" d="M`...)
		num = strconv.AppendFloat(num, x1, 'f', 1, 64)
		num = append(num, ',')
		num = strconv.AppendFloat(num, y1, 'f', 1, 64)
		num = append(num, " Q"...)
		num = strconv.AppendFloat(num, cx, 'f', 1, 64)
		num = append(num, ',')
		num = strconv.AppendFloat(num, cy, 'f', 1, 64)
		num = append(num, ' ')
		num = strconv.AppendFloat(num, x2, 'f', 1, 64)
		num = append(num, ',')
		num = strconv.AppendFloat(num, y2, 'f', 1, 64)
		sb.Write(num)
		sb.WriteString(`" fill="none" stroke="`)
		sb.WriteString(colorOf(r.Kind))
		sb.WriteString(`" stroke-width="1.8"`)
		sb.WriteString(dash)
		sb.WriteString(` marker-end="url(#arrow-`)
		sb.WriteString(markerID(r.Kind))
		sb.WriteString(`)"><title>`)
		// the tip, escaped piece by piece as html.EscapeString escapes the
		// whole (the joining text needs no escaping)
		svgEscaper.WriteString(&sb, src.source(r.To))
		sb.WriteString(" ")
		svgEscaper.WriteString(&sb, kindVerb(r.Kind))
		sb.WriteString(" ")
		svgEscaper.WriteString(&sb, src.source(r.From))
		if len(r.Passages) > 0 {
			sb.WriteString(": “")
			svgEscaper.WriteString(&sb, shorten(r.Passages[0].ToText, 120))
			sb.WriteString("”")
		}
		sb.WriteString(`</title></path>`)
	}

	for _, n := range append(externals, nodes...) {
		fill, stroke := "#ffffff", "#444444"
		if n.external {
			fill, stroke = "#f1f1f1", "#999999"
		}
		fmt.Fprintf(&sb, `<g class="node"><title>%s</title><rect x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="6" fill="%s" stroke="%s"/>`,
			html.EscapeString(n.tip), n.x-nodeW/2, n.y-nodeH/2, nodeW, nodeH, fill, stroke)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="12" font-weight="600">%s</text>`, n.x, n.y-3, html.EscapeString(n.label))
		if n.sub != "" {
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="10" fill="#555">%s</text>`, n.x, n.y+12, html.EscapeString(n.sub))
		}
		sb.WriteString(`</g>`)
	}

	for i, k := range kindColors {
		ly := legendY + float64(i)*legendRowH + 10
		fmt.Fprintf(&sb, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s" stroke-width="2"/><text x="%.0f" y="%.1f" font-size="11">%s</text>`,
			margin, ly, margin+30, ly, k.color, margin+38, ly+4, html.EscapeString(k.label))
	}
	sb.WriteString(`</svg>`)
	// #nosec: every piece of text above went through html.EscapeString and
	// every number is formatted by us.
	return template.HTML(sb.String())
}

// markerID names the arrow marker of a relation kind.
func markerID(kind string) string {
	for _, k := range kindColors {
		if k.kind == kind {
			return strings.ReplaceAll(kind, "-", "")
		}
	}
	return "other"
}

// boxEdge returns where the segment from (fx,fy) to the centre (cx,cy) of a
// node box meets the box's border.
func boxEdge(fx, fy, cx, cy float64) (float64, float64) {
	dx, dy := fx-cx, fy-cy
	if dx == 0 && dy == 0 {
		return cx, cy
	}
	t := math.Inf(1)
	if dx != 0 {
		t = math.Min(t, (nodeW/2+3)/math.Abs(dx))
	}
	if dy != 0 {
		t = math.Min(t, (nodeH/2+3)/math.Abs(dy))
	}
	t = math.Min(t, 1)
	return cx + dx*t, cy + dy*t
}

// svgEscaper is html.EscapeString's replacer, to escape straight into a
// builder without a copy of each text.
var svgEscaper = strings.NewReplacer(`&`, "&amp;", `'`, "&#39;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;")
