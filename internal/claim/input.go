package claim

import (
	"github.com/crosscheck/crosscheck/internal/entity"
	"github.com/crosscheck/crosscheck/internal/news"
	"github.com/crosscheck/crosscheck/internal/text"
	"github.com/crosscheck/crosscheck/internal/timex"
)

// BuildInput prepares a story's articles for Analyze: sentences, entity
// mentions resolved across the articles (package entity) and temporal
// expressions normalised against each publication date (package timex).
// Article bodies (boilerplate blanked) are analysed, so offsets still point
// into Article.Text.
func BuildInput(arts []news.Article, lineages [][]string) Input {
	docs := make([]Doc, len(arts))
	edocs := make([]entity.Doc, len(arts))
	for i, a := range arts {
		body := a.Body()
		ms := entity.Recognize(body)
		edocs[i] = entity.Doc{ID: a.ID, Story: a.StoryID, Mentions: ms}
		d := Doc{ID: a.ID, Outlet: a.Outlet, Published: a.Published, Text: body, Sentences: text.Sentences(body)}
		for _, t := range timex.Find(body, a.Published) {
			d.Times = append(d.Times, TimeRef{Text: t.Text, Start: t.Start, End: t.End, Type: t.Type, Value: t.Value, Granularity: t.Granularity, Tense: t.Tense})
		}
		docs[i] = d
	}
	for i, ms := range ResolvedMentions(edocs, entity.Resolve(edocs)) {
		docs[i].Entities = ms
	}
	return Input{Docs: docs, Lineages: lineages}
}

// ResolvedMentions gives each document's mentions as claim analysis takes
// them: every mention named by the entity it was resolved to across the
// story (ents from entity.Resolve(edocs)), else its within-article name.
func ResolvedMentions(edocs []entity.Doc, ents []entity.Entity) [][]Mention {
	// article -> mention index -> entity name, in slices sized by the
	// articles' mentions (the largest, should two documents share an id)
	names := make(map[string][]string, len(edocs))
	for _, ed := range edocs {
		if len(ed.Mentions) > len(names[ed.ID]) {
			names[ed.ID] = make([]string, len(ed.Mentions))
		}
	}
	for _, e := range ents {
		for _, r := range e.Mentions {
			if ns := names[r.Article]; r.Index >= 0 && r.Index < len(ns) {
				ns[r.Index] = e.Name
			}
		}
	}
	out := make([][]Mention, len(edocs))
	for i, ed := range edocs {
		if len(ed.Mentions) == 0 {
			continue
		}
		ns := names[ed.ID]
		out[i] = make([]Mention, 0, len(ed.Mentions))
		for k, m := range ed.Mentions {
			n := ns[k]
			if n == "" {
				n = m.Local
			}
			if n == "" {
				n = m.Name
			}
			out[i] = append(out[i], Mention{Text: m.Text, Start: m.Start, End: m.End, Type: m.Type, Name: n, Role: m.Role, Place: m.Place})
		}
	}
	return out
}
