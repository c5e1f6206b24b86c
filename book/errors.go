package book

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// An Error is a problem in a lesson, at a position in its file.
type Error struct {
	File string
	Line int // 1-based
	Col  int // 1-based byte column, or 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// An ErrorList is every problem found, sorted by position, one per line
// when printed (like go vet).
type ErrorList []*Error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Sort orders the list by file, line, column and message.
func (l ErrorList) Sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Err returns l as an error, or nil when l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// errorf appends a positioned error to *l.
func (l *ErrorList) errorf(file string, line, col int, format string, args ...any) {
	*l = append(*l, &Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// withLinks returns l, the problems of a book's files, with the broken
// links of b's files that have none (see Book.linkErrors), sorted.
func (l ErrorList) withLinks(b *Book) error {
	broken := map[string]bool{}
	for _, e := range l {
		broken[e.File] = true
	}
	l = append(l, b.linkErrors(broken, nil)...)
	return l.Err()
}
