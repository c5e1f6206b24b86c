package book

// IsDraft reports whether the page is a draft: its front matter says
// draft: true, or its chapter's index.md does.
func (l *Lesson) IsDraft() bool {
	return l.Meta.Draft || (l.Chapter != nil && l.Chapter.Meta.Draft)
}

// WithoutDrafts returns the book without its draft pages, as build
// publishes it and verify checks it (unless -drafts). A draft chapter
// goes with all its lessons. b itself is not changed; the pages are
// shared. Omitted lists the pages left out, so that a link to one is
// reported as a link to a draft.
func (b *Book) WithoutDrafts() *Book {
	nb := *b
	nb.Omitted = map[string]bool{}
	for s := range b.Omitted {
		nb.Omitted[s] = true
	}
	nb.Lessons, nb.Chapters = nil, nil
	for _, l := range b.Lessons {
		if l.IsDraft() {
			nb.Omitted[l.Slug] = true
		} else {
			nb.Lessons = append(nb.Lessons, l)
		}
	}
	for _, c := range b.Chapters {
		if c.Meta.Draft {
			if c.Index != nil {
				nb.Omitted[c.Index.Slug] = true
			}
			continue
		}
		nc := *c
		nc.Lessons = nil
		for _, l := range c.Lessons {
			if !l.IsDraft() {
				nc.Lessons = append(nc.Lessons, l)
			}
		}
		nb.Chapters = append(nb.Chapters, &nc)
	}
	return &nb
}
