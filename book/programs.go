package book

// Pages returns the book's Markdown files in reading order: the home page
// (index.md), when there is one, then the lessons, each chapter's
// index.md, if any, before the chapter's lessons.
func (b *Book) Pages() []*Lesson {
	ls := make([]*Lesson, 0, len(b.Lessons)+len(b.Chapters)+1)
	if b.Index != nil {
		ls = append(ls, b.Index)
	}
	for _, e := range b.contents() {
		if e.lesson != nil {
			ls = append(ls, e.lesson)
			continue
		}
		if e.chapter.Index != nil {
			ls = append(ls, e.chapter.Index)
		}
		ls = append(ls, e.chapter.Lessons...)
	}
	return ls
}

// Programs returns every program of the book in reading order (see
// Pages). It is the one list that building, serving, verifying and
// running share, so a program is checked wherever it is shown.
func (b *Book) Programs() []*Program {
	var ps []*Program
	for _, l := range b.Pages() {
		ps = append(ps, l.Programs...)
	}
	return ps
}
