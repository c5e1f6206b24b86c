package book

import (
	"go/parser"
	"go/token"
	"strings"
)

// checkOmit checks the OMIT ranges of prog's parts (each START has its
// END, in the same block) and that what the page shows of each file
// still parses when the whole file does: hiding half of a statement
// would show readers code that is not Go.
func (p *lessonParser) checkOmit(prog *Program) {
	file := p.l.File
	ok := true
	for _, s := range prog.Parts {
		open := 0
		for i, line := range strings.Split(strings.TrimSuffix(s.Code, "\n"), "\n") {
			switch omitMark(line) {
			case omitStart:
				if open > 0 {
					p.errs.errorf(file, s.CodeLine+i, 0, "// OMIT START inside the range started at line %d: ranges do not nest", open)
					ok = false
				}
				open = s.CodeLine + i
			case omitEnd:
				if open == 0 {
					p.errs.errorf(file, s.CodeLine+i, 0, "// OMIT END without an // OMIT START before it in this block")
					ok = false
				}
				open = 0
			}
		}
		if open > 0 {
			p.errs.errorf(file, open, 0, "// OMIT START without an // OMIT END after it in this block")
			ok = false
		}
	}
	if ok {
		for _, name := range prog.FileNames() {
			p.checkShown(prog, name)
		}
	}
}

// checkShown reports a file of prog whose shown lines do not parse while
// the whole file does.
func (p *lessonParser) checkShown(prog *Program, name string) {
	var shown strings.Builder
	first := 0 // the first hidden line, for the error
	for _, s := range prog.Parts {
		if s.FileName() != name {
			continue
		}
		for i, h := range s.Hidden() {
			if h && first == 0 {
				first = s.CodeLine + i
			}
		}
		shown.WriteString(s.Visible())
		shown.WriteString("\n")
	}
	if first == 0 {
		return
	}
	if _, err := parser.ParseFile(token.NewFileSet(), name, prog.file(name), parser.SkipObjectResolution); err != nil {
		return // the compiler will say what is wrong
	}
	if _, err := parser.ParseFile(token.NewFileSet(), name, shown.String(), parser.SkipObjectResolution); err != nil {
		p.errs.errorf(p.l.File, first, 0, "hidden lines (OMIT) leave the code shown of %s unparsable (%v): hide whole statements or declarations", prog.ID, firstError(err))
	}
}

// firstError is the first of a parser's errors, without its position in
// the shown text (which is no file).
func firstError(err error) string {
	msg := err.Error()
	msg, _, _ = strings.Cut(msg, " (and ")
	if i := strings.Index(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return msg
}
