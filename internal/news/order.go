package news

// PublishedBefore orders articles by publication date, undated ones last,
// then by id: the order in which a story's reports are listed and cited.
func PublishedBefore(a, b *Article) bool {
	switch {
	case a.Published.IsZero() != b.Published.IsZero():
		return !a.Published.IsZero()
	case !a.Published.Equal(b.Published):
		return a.Published.Before(b.Published)
	}
	return a.ID < b.ID
}

// CompareIDs orders ids by length, then text, so "s1000000" follows
// "s999999" although the counter outgrew its zero padding.
func CompareIDs(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
