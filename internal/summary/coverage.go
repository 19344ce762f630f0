package summary

import "sort"

// Group is one claim group of the story: the articles that report it.
type Group struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// OutletCoverage says which claim groups one outlet reports and which,
// reported by other outlets, it leaves out. It rates nothing.
type OutletCoverage struct {
	Outlet   string   `json:"outlet"`
	Articles []string `json:"articles"`
	// Reports and Omits hold group ids, the most widely reported first.
	Reports []string `json:"reports"`
	Omits   []string `json:"omits"`
}

// Coverage returns, per outlet (by name; an article without an outlet
// stands for itself), the claim groups its articles report and those other
// outlets report that it does not. With groups nil, the groups are read
// from the docs' per-sentence Groups.
func Coverage(docs []Doc, groups []Group) []OutletCoverage {
	if groups == nil {
		groups = groupsOf(docs)
	}
	outletOf := make(map[string]string, len(docs))
	var outlets []string
	arts := map[string][]string{}
	for _, d := range docs {
		o := d.Outlet
		if o == "" {
			o = d.ID
		}
		outletOf[d.ID] = o
		if _, ok := arts[o]; !ok {
			outlets = append(outlets, o)
		}
		arts[o] = append(arts[o], d.ID)
	}
	sort.Strings(outlets)
	// reach: how many outlets report each group, to order the lists.
	reported := make([]map[string]bool, len(groups))
	for i, g := range groups {
		reported[i] = map[string]bool{}
		for _, a := range g.Articles {
			if o, ok := outletOf[a]; ok {
				reported[i][o] = true
			}
		}
	}
	idx := make([]int, len(groups))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return len(reported[idx[a]]) > len(reported[idx[b]]) })
	out := make([]OutletCoverage, 0, len(outlets))
	for _, o := range outlets {
		c := OutletCoverage{Outlet: o, Articles: arts[o], Reports: []string{}, Omits: []string{}}
		for _, i := range idx {
			switch {
			case reported[i][o]:
				c.Reports = append(c.Reports, groups[i].ID)
			case len(reported[i]) > 0:
				c.Omits = append(c.Omits, groups[i].ID)
			}
		}
		out = append(out, c)
	}
	return out
}

// groupsOf collects the claim groups named in the docs' Groups.
func groupsOf(docs []Doc) []Group {
	var out []Group
	at := map[string]int{}
	for _, d := range docs {
		for i, g := range d.Groups {
			if g == "" {
				continue
			}
			k, ok := at[g]
			if !ok {
				k = len(out)
				at[g] = k
				text := ""
				if i < len(d.Sentences) {
					text = d.Sentences[i]
				}
				out = append(out, Group{ID: g, Text: text})
			}
			if n := len(out[k].Articles); n == 0 || out[k].Articles[n-1] != d.ID {
				out[k].Articles = append(out[k].Articles, d.ID)
			}
		}
	}
	return out
}
