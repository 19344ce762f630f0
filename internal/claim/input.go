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
	// resolved name of every mention, by article and mention index
	names := map[string]map[int]string{}
	for _, e := range entity.Resolve(edocs) {
		for _, r := range e.Mentions {
			if names[r.Article] == nil {
				names[r.Article] = map[int]string{}
			}
			names[r.Article][r.Index] = e.Name
		}
	}
	for i, ed := range edocs {
		for k, m := range ed.Mentions {
			n := names[ed.ID][k]
			if n == "" {
				n = m.Local
			}
			if n == "" {
				n = m.Name
			}
			docs[i].Entities = append(docs[i].Entities, Mention{Text: m.Text, Start: m.Start, End: m.End, Type: m.Type, Name: n, Role: m.Role, Place: m.Place})
		}
	}
	return Input{Docs: docs, Lineages: lineages}
}
