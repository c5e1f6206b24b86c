package main

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/workbook-dev/workbook/book"
)

// An annotation is one GitHub Actions error on a lesson line.
type annotation struct {
	file      string
	line, col int // col 0: the whole line
	msg       string
}

// annotations places a failure's messages on the lesson lines they are
// about: each compiler or vet message on its own position, a panic on the
// first lesson line of its stack, a mismatch on the first expected line
// that differs, a failing test on its assertion. A failure with no position of its own (a wrong exit
// status, a timeout) is one annotation on the program's first line.
func annotations(e *entry) []annotation {
	v := e.verdict
	file := e.lesson.File
	head := e.name + " failed (" + v.Reason + ")"
	switch v.Reason {
	case book.ReasonBuild, book.ReasonVet:
		if as := positioned(file, v.Message); len(as) > 0 {
			return as
		}
	default:
		if v.Line > 0 { // a mismatch's first differing line, a test's assertion
			return []annotation{{file, v.Line, 0, head + "\n" + v.Message}}
		}
		if line := firstFrame(file, v.Message); line > 0 {
			return []annotation{{file, line, 0, head + "\n" + v.Message}}
		}
	}
	return []annotation{{file, e.line, 0, head + "\n" + v.Message}}
}

// annotateErrors prints problems in the lessons (a malformed lesson, a
// broken link) as GitHub Actions annotations on their positions.
func annotateErrors(w io.Writer, list book.ErrorList) {
	for _, e := range list {
		pos := fmt.Sprintf("file=%s,line=%d", escapeProperty(e.File), e.Line)
		if e.Col > 0 {
			pos += fmt.Sprintf(",col=%d", e.Col)
		}
		fmt.Fprintf(w, "::error %s,title=workbook::%s\n", pos, escapeData(e.Msg))
	}
}

// positioned returns one annotation per "FILE:LINE[:COL]: message" line
// of msg, with the indented lines that follow it (a compiler's "have ...
// want ..." details) as part of its message.
func positioned(file, msg string) []annotation {
	re := regexp.MustCompile(`^\s*(?:go vet: )?` + regexp.QuoteMeta(file) + `:(\d+)(?::(\d+))?: (.*)$`)
	var as []annotation
	for _, l := range strings.Split(msg, "\n") {
		m := re.FindStringSubmatch(l)
		switch {
		case m != nil:
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2]) // 0 when absent
			as = append(as, annotation{file, line, col, m[3]})
		case len(as) > 0 && strings.HasPrefix(l, "\t"):
			as[len(as)-1].msg += "\n" + strings.TrimSpace(l)
		}
	}
	return as
}

// firstFrame returns the line of the first stack frame in file
// ("\tlessons/x.md:18 +0x1d"): where a panic happened. 0 if none.
func firstFrame(file, msg string) int {
	re := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(file) + `:(\d+)(?: \+0x[0-9a-f]+)?\s*$`)
	m := re.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	line, _ := strconv.Atoi(m[1])
	return line
}
