package brief

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// mdWriter writes Markdown and keeps the first write error, so the
// renderer reads as a document rather than as error checks.
type mdWriter struct {
	w   *bufio.Writer
	err error
}

func (m *mdWriter) printf(format string, args ...any) {
	if m.err != nil {
		return
	}
	_, m.err = fmt.Fprintf(m.w, format, args...)
}

// cell makes s safe inside a Markdown table cell: one line, pipes escaped.
func cell(s string) string {
	s = singleSpaced(s)
	return strings.ReplaceAll(s, "|", `\|`)
}

// line makes s one line of Markdown text.
func line(s string) string { return singleSpaced(s) }

// Markdown writes b as Markdown for a terminal: headline, summary with [n]
// citations, claims, disputes side by side, stance board and rules,
// timeline, entities, numbered sources with their provenance, outlet
// coverage and what each report adds. Empty sections are left out.
func Markdown(w io.Writer, b *Brief) error {
	m := &mdWriter{w: bufio.NewWriter(w)}
	src := newSources(b)
	title := b.Story.Title
	if title == "" {
		title = "Story " + b.Story.ID
	}
	m.printf("# %s\n\n", line(title))
	m.printf("_%s_\n", line(overview(b)))

	if len(b.Summary) > 0 {
		m.printf("\n## Summary\n\n")
		for _, s := range b.Summary {
			m.printf("- %s %s\n", line(s.Text), src.marks(s.Citations))
		}
	}

	if len(b.Claims) > 0 {
		m.printf("\n## Claims\n\n| Status | Independent sources | Claim | Sources |\n|---|---|---|---|\n")
		for _, c := range b.Claims {
			m.printf("| %s | %d | %s | %s |\n", cell(c.Status), c.IndependentSources, cell(c.Text), cell(src.marks(c.Articles)))
		}
	}

	if len(b.Conflicts) > 0 {
		m.printf("\n## Disputes\n")
		for _, c := range b.Conflicts {
			m.printf("\n### %s\n\n", line(c.Topic))
			if c.PossibleChange {
				m.printf("_The sides were published far apart: this may be a change over time rather than a dispute._\n\n")
			}
			m.printf("| Side | Sources | Sentence |\n|---|---|---|\n")
			for i, s := range c.Sides {
				var srcs []string
				for _, id := range s.Articles {
					srcs = append(srcs, src.source(id))
				}
				m.printf("| %c | %s | %s |\n", 'A'+rune(i%26), cell(strings.Join(srcs, "; ")), cell(s.Text))
			}
		}
	}

	if len(b.Stances) > 0 || len(b.Rules) > 0 {
		m.printf("\n## Stances\n")
		if len(b.Stances) > 0 {
			m.printf("\n| Actor | Stance | Target | Sources |\n|---|---|---|---|\n")
			for _, s := range b.Stances {
				var ids []string
				for _, e := range s.Evidence {
					ids = append(ids, e.Article)
				}
				m.printf("| %s | %s | %s | %s |\n", cell(s.Actor), cell(s.Stance), cell(s.Target), cell(src.marks(dedup(ids))))
			}
		}
		for _, r := range b.Rules {
			m.printf("\n**Rule:** %s %s — %s\n", line(r.Text), src.marks(r.Articles), tally(r))
		}
	}

	if len(b.Timeline) > 0 {
		m.printf("\n## Timeline\n\n")
		for _, e := range b.Timeline {
			m.printf("- **%s** (%s) %s %s\n", line(e.Date), line(e.Granularity), line(e.Text), src.marks(e.Articles))
		}
	}

	if len(b.Entities) > 0 {
		m.printf("\n## Entities\n\n")
		for _, e := range b.Entities {
			m.printf("- **%s**", line(e.Name))
			if e.Type != "" {
				m.printf(" (%s)", line(e.Type))
			}
			if len(e.Variants) > 0 {
				m.printf(" — also: %s", line(strings.Join(e.Variants, ", ")))
			}
			if len(e.Roles) > 0 {
				m.printf(" — roles: %s", line(strings.Join(e.Roles, "; ")))
			}
			m.printf(" %s\n", src.marks(e.Articles))
		}
	}

	if len(b.Story.Articles) > 0 {
		m.printf("\n## Sources\n\n")
		for i, a := range b.Story.Articles {
			m.printf("%d. **%s** — %s", i+1, line(orUntitled(a.Title)), line(outletOf(&a)))
			if d := day(a.Published); d != "" {
				m.printf(", %s", d)
			}
			if u := httpURL(a.URL); u != "" {
				m.printf(" <%s>", u)
			}
			m.printf("\n")
			for _, r := range b.Provenance {
				if r.To != a.ID {
					continue
				}
				m.printf("   - %s %s", kindVerb(r.Kind), line(src.source(r.From)))
				if len(r.Passages) > 0 {
					p := r.Passages[0]
					m.printf(": “%s”", line(shorten(p.ToText, 160)))
					if p.Match != "" {
						m.printf(" (%s)", line(p.Match))
					}
				}
				m.printf("\n")
			}
		}
	}

	if len(b.Coverage) > 0 {
		m.printf("\n## Coverage by outlet\n\n| Outlet | Reports | Leaves out |\n|---|---|---|\n")
		for _, c := range b.Coverage {
			m.printf("| %s | %s | %s |\n", cell(c.Outlet), cell(claimList(c.Reports)), cell(claimList(c.Omits)))
		}
	}

	if len(b.Novelty) > 0 {
		m.printf("\n## What each report adds\n\n")
		for _, n := range b.Novelty {
			m.printf("- %s", line(src.source(n.Article)))
			if len(n.Adds) == 0 {
				m.printf(": nothing new\n")
				continue
			}
			m.printf(":\n")
			for _, s := range n.Adds {
				m.printf("  - %s\n", line(s))
			}
		}
	}
	if m.err == nil {
		m.err = m.w.Flush()
	}
	if m.err != nil {
		return fmt.Errorf("brief: markdown for story %s: %w", b.Story.ID, m.err)
	}
	return nil
}

// overview is the line under the headline: how many reports from how many
// outlets over which dates.
func overview(b *Brief) string {
	outlets := map[string]bool{}
	var first, last string
	for _, a := range b.Story.Articles {
		outlets[outletOf(&a)] = true
		if d := day(a.Published); d != "" {
			if first == "" || d < first {
				first = d
			}
			if d > last {
				last = d
			}
		}
	}
	s := fmt.Sprintf("%d %s from %d %s", len(b.Story.Articles), plural(len(b.Story.Articles), "report", "reports"),
		len(outlets), plural(len(outlets), "outlet", "outlets"))
	switch {
	case first != "" && first != last:
		s += ", " + first + " to " + last
	case first != "":
		s += ", " + first
	}
	if !b.Generated.IsZero() {
		s += ". Generated " + b.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}
	return s + "."
}

// tally is the rule's count line.
func tally(r Rule) string {
	t := r.Tally
	s := fmt.Sprintf("tally: %d support, %d against, %d disputed, %d unknown", t.Support, t.Against, t.Disputed, t.Unknown)
	if r.Needed > 0 {
		s += fmt.Sprintf("; %d of %d needed", r.Needed, r.Members)
	}
	if r.Satisfied {
		return s + " (met)"
	}
	return s + " (not met)"
}

func claimList(texts []string) string {
	if len(texts) == 0 {
		return "—"
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = shorten(t, 80)
	}
	return strings.Join(out, " · ")
}

func orUntitled(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(untitled)"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func dedup(ids []string) []string {
	seen := map[string]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
