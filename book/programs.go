package book

// Pages returns the book's Markdown files in reading order: the home page
// (index.md), when there is one, then the lessons.
func (b *Book) Pages() []*Lesson {
	ls := make([]*Lesson, 0, len(b.Lessons)+1)
	if b.Index != nil {
		ls = append(ls, b.Index)
	}
	return append(ls, b.Lessons...)
}

// Programs returns every program of the book in reading order: the home
// page's, then each lesson's. It is the one list that building, serving,
// verifying and running share, so a program is checked wherever it is
// shown.
func (b *Book) Programs() []*Program {
	var ps []*Program
	for _, l := range b.Pages() {
		ps = append(ps, l.Programs...)
	}
	return ps
}
