package brief

// Sections are the parts of a brief served alone (`crosscheck entities|
// timeline|claims`, GET /api/stories/{id}/entities|timeline|claims).
var Sections = []string{"entities", "timeline", "claims"}

// Only returns a brief that holds the story and one section (for its
// Markdown), or false for an unknown section.
func Only(b *Brief, section string) (*Brief, bool) {
	p := &Brief{Story: b.Story, Generated: b.Generated}
	switch section {
	case "entities":
		p.Entities = b.Entities
	case "timeline":
		p.Timeline = b.Timeline
	case "claims":
		p.Claims, p.Conflicts, p.Stances, p.Rules = b.Claims, b.Conflicts, b.Stances, b.Rules
	default:
		return nil, false
	}
	return p, true
}

// Section returns the JSON value of one section: the entities list, the
// timeline list, or {claims, conflicts, stances, rules}; false for an
// unknown section.
func Section(b *Brief, section string) (any, bool) {
	switch section {
	case "entities":
		return b.Entities, true
	case "timeline":
		return b.Timeline, true
	case "claims":
		return map[string]any{"claims": b.Claims, "conflicts": b.Conflicts, "stances": b.Stances, "rules": b.Rules}, true
	}
	return nil, false
}
