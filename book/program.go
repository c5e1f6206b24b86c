package book

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/workbook-dev/workbook/runner"
)

// partFile names part K (1-based) in the generated source's //line
// directives. Positions in it are relative to the part, so moving a
// program within its lesson (editing prose) changes neither its source nor
// its cache key; MapPositions turns them into lesson positions.
const partFile = "wbpart%d.go"

// mainFile is the file of parts without file=.
const mainFile = "main.go"

// Source returns the program's main.go: its parts without file=, in
// order, each preceded by a //line directive naming the part. OMIT lines
// are included.
func (p *Program) Source() []byte { return p.file(mainFile) }

// GoFiles returns the program's other Go files (file= on its parts) by
// slash-separated path, each built like Source.
func (p *Program) GoFiles() map[string][]byte {
	var files map[string][]byte
	for _, name := range p.FileNames() {
		if name != mainFile {
			if files == nil {
				files = map[string][]byte{}
			}
			files[name] = p.file(name)
		}
	}
	return files
}

// FileNames lists the program's Go files in the order their first parts
// come.
func (p *Program) FileNames() []string {
	var names []string
	for _, s := range p.Parts {
		if f := s.FileName(); !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	return names
}

// FileName is the Go file a part belongs to: its file=, else main.go
// (main_test.go for a go test part).
func (s *Snippet) FileName() string {
	switch {
	case s.Attrs.File != "":
		return s.Attrs.File
	case s.Attrs.Test:
		return testFile
	}
	return mainFile
}

// file joins the parts of one file. Parts are numbered across the whole
// program, so positions map back whichever file they are in.
func (p *Program) file(name string) []byte {
	var b strings.Builder
	for k, s := range p.Parts {
		if s.FileName() != name {
			continue
		}
		fmt.Fprintf(&b, "//line "+partFile+":1:1\n", k+1)
		b.WriteString(s.Code)
		if s.Code != "" && !strings.HasSuffix(s.Code, "\n") {
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// partPosRE matches a position in a part, with any directory before it
// (the compiler makes //line file names absolute; go vet prints "./").
var partPosRE = regexp.MustCompile(`(?:[^\s:"'()\[\]]*/)?wbpart(\d+)\.go:(\d+)(?::(\d+))?`)

// MapPositions rewrites every position in a part of p ("wbpart2.go:3:5",
// possibly after a directory) to the lesson position it came from
// ("lessons/x.md:41:5"). Columns are kept as they are: they count from
// the start of the code line, not of the file line.
func (p *Program) MapPositions(s string) string {
	return partPosRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := partPosRE.FindStringSubmatch(m)
		k, err1 := strconv.Atoi(sub[1])
		line, err2 := strconv.Atoi(sub[2])
		if err1 != nil || err2 != nil || k < 1 || k > len(p.Parts) {
			return m
		}
		pos := fmt.Sprintf("%s:%d", p.Lesson.File, p.Parts[k-1].CodeLine+line-1)
		if sub[3] != "" {
			pos += ":" + sub[3]
		}
		return pos
	})
}

// RunnerProgram returns what the runner needs to build and run p.
func (p *Program) RunnerProgram() *runner.Program {
	rp := &runner.Program{Source: p.Source(), GoFiles: p.GoFiles()}
	for _, d := range attrDefs {
		if d.runner != nil {
			d.runner(rp, p)
		}
	}
	return rp
}

// Omitted reports whether a line of code is hidden on the page: it ends
// in "// OMIT" (trailing white space aside). It is still compiled and run.
func Omitted(line string) bool {
	return strings.HasSuffix(strings.TrimRight(line, " \t\r\n"), "// OMIT")
}

// Visible returns the snippet's code without its hidden lines, as shown
// on the page.
func (s *Snippet) Visible() string {
	var b strings.Builder
	hidden := s.Hidden()
	i := 0
	for line := range strings.Lines(s.Code) {
		if !hidden[i] {
			b.WriteString(line)
		}
		i++
	}
	return b.String()
}

// Hidden reports, for each line of the snippet's code, whether the page
// hides it: a line ending in "// OMIT", and every line from one ending in
// "// OMIT START" to the next ending in "// OMIT END", both included.
// They are still compiled and run.
func (s *Snippet) Hidden() []bool {
	var hidden []bool
	in := false
	for line := range strings.Lines(s.Code) {
		switch omitMark(line) {
		case omitStart:
			in = true
			hidden = append(hidden, true)
		case omitEnd:
			hidden = append(hidden, true)
			in = false
		default:
			hidden = append(hidden, in || Omitted(line))
		}
	}
	return hidden
}

const (
	omitNone = iota
	omitStart
	omitEnd
)

// omitMark says whether a line starts or ends an OMIT range.
func omitMark(line string) int {
	t := strings.TrimRight(line, " \t\r\n")
	switch {
	case strings.HasSuffix(t, "// OMIT START"):
		return omitStart
	case strings.HasSuffix(t, "// OMIT END"):
		return omitEnd
	}
	return omitNone
}
