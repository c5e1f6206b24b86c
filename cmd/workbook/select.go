package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/workbook-dev/workbook/book"
)

// findSelection resolves what run and verify are asked for: FILE (a
// lesson), FILE#ID (a program by id) or FILE:LINE (the program whose
// blocks or output block hold that line, as verify prints positions).
// prog is nil for a whole lesson.
func findSelection(b *book.Book, sel string) (*book.Lesson, *book.Program, error) {
	if strings.Contains(sel, "#") {
		p, err := findProgram(b, sel)
		if err != nil {
			return nil, nil, err
		}
		return p.Lesson, p, nil
	}
	file, line, ok := cutLine(sel)
	if !ok {
		l, err := findLesson(b, sel)
		return l, nil, err
	}
	l, err := findLesson(b, file)
	if err != nil {
		return nil, nil, err
	}
	p, err := programAt(l, line)
	return l, p, err
}

// cutLine splits "FILE:LINE" (or "FILE:LINE:COL") into its file and line.
func cutLine(sel string) (file string, line int, ok bool) {
	i := strings.LastIndexByte(sel, ':')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(sel[i+1:])
	if err != nil || n < 1 {
		return "", 0, false
	}
	if f, l, ok := cutLine(sel[:i]); ok {
		return f, l, true // FILE:LINE:COL
	}
	return sel[:i], n, true
}

// programAt returns the program of l that spans line: from its first
// fence to the end of its last part or of its output block.
func programAt(l *book.Lesson, line int) (*book.Program, error) {
	var starts []string
	for _, p := range l.Programs {
		first, last := p.Parts[0].Line, 0
		for _, s := range p.Parts {
			last = max(last, s.CodeLine+strings.Count(s.Code, "\n"))
		}
		if e := p.Expect; e != nil {
			last = max(last, e.Line+strings.Count(e.Text, "\n")+1)
		}
		if line >= first && line <= last {
			return p, nil
		}
		starts = append(starts, fmt.Sprintf("%s at line %d", p.ID, first))
	}
	if len(starts) == 0 {
		return nil, inputError{fmt.Errorf("%s:%d: the lesson has no programs", l.File, line)}
	}
	return nil, inputError{fmt.Errorf("%s:%d: no program there (programs: %s)", l.File, line, strings.Join(starts, ", "))}
}
