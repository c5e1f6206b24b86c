package book

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// ParseLesson parses one lesson. file names it in diagnostics
// ("lessons/01-goroutines.md"); a file named index.md is the home page,
// whose front matter is optional. The error, if any, is an ErrorList.
func ParseLesson(file string, src []byte) (*Lesson, error) {
	var errs ErrorList
	l := parseLesson(file, src, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// A lessonParser holds the state of parsing one lesson.
type lessonParser struct {
	l     *Lesson
	errs  *ErrorList
	lines []int // offset of the start of each line; lines[0] is line 1

	snippets []*Snippet                        // in document order
	nodes    map[*ast.FencedCodeBlock]*Snippet // to find the snippet before an output block
	sets     map[*Snippet]attrSet
}

// The kinds of page a Markdown file can be.
type pageKind int

const (
	pageLesson  pageKind = iota
	pageBook             // the top index.md: the home page; front matter is the book's settings
	pageChapter          // a chapter's index.md: front matter is optional
)

func parseLesson(file string, src []byte, errs *ErrorList) *Lesson {
	kind := pageLesson
	if path.Base(file) == "index.md" {
		kind = pageBook
	}
	return parseLessonKind(file, src, kind, errs)
}

func parseLessonKind(file string, src []byte, kind pageKind, errs *ErrorList) *Lesson {
	l := &Lesson{
		File:     file,
		Slug:     strings.TrimSuffix(path.Base(file), ".md"),
		Source:   bytes.Clone(src),
		Snippets: map[int]*Snippet{},
		Outputs:  map[int]*Expect{},
		Hints:    map[int]*Hint{},
	}
	l.lines = lineStarts(src)
	p := &lessonParser{
		l:     l,
		errs:  errs,
		lines: l.lines,
		nodes: map[*ast.FencedCodeBlock]*Snippet{},
		sets:  map[*Snippet]attrSet{},
	}
	p.frontMatter(kind)
	l.Doc = NewMarkdown().Parser().Parse(text.NewReader(l.Source))

	var outputs, hints []*ast.FencedCodeBlock
	ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cb, ok := n.(*ast.CodeBlock); ok && entering {
			p.indented(cb)
			return ast.WalkSkipChildren, nil
		}
		fc, ok := n.(*ast.FencedCodeBlock)
		if ok && entering {
			p.untagged(fc)
		}
		if !ok || !entering || fc.Info == nil {
			return ast.WalkContinue, nil
		}
		words := splitInfo(string(fc.Info.Segment.Value(l.Source)))
		if len(words) == 0 {
			return ast.WalkSkipChildren, nil
		}
		switch lang := words[0].text; {
		case IsGoInfo(lang):
			p.snippet(fc)
		case lang == "output":
			outputs = append(outputs, fc)
		case lang == "hint":
			hints = append(hints, fc)
		}
		return ast.WalkSkipChildren, nil
	})
	p.programs()
	p.anchorClashes()
	expects := map[*ast.FencedCodeBlock]*Expect{}
	for _, fc := range outputs {
		expects[fc] = p.output(fc)
	}
	for _, ex := range l.Exercises {
		p.checkExerciseCheck(ex)
	}
	p.hints(hints, expects)
	p.figures()
	p.headingIDs()
	return l
}

// headingIDs keeps heading anchors apart from program anchors. A
// program's ID is its anchor (name=ID is the page anchor, see doc.go), and the
// site derives more from it (ID-result, ID-L12, ...); goldmark names
// headings after their text, so "## Hello" beside name=hello would take
// the program's anchor. Such a heading becomes "h-hello" (then
// "h2-hello", ...): a prefix, since any suffix would still start with
// "hello-".
func (p *lessonParser) headingIDs() {
	ids := map[string]bool{}
	var headings []ast.Node
	ast.Walk(p.l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				ids[string(id.([]byte))] = true
				headings = append(headings, h)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	taken := func(id string) bool {
		for _, prog := range p.l.Programs {
			if id == prog.ID || strings.HasPrefix(id, prog.ID+"-") {
				return true
			}
		}
		return false
	}
	for _, h := range headings {
		v, _ := h.AttributeString("id")
		id := string(v.([]byte))
		if !taken(id) {
			continue
		}
		next := "h-" + id
		for i := 2; ids[next] || taken(next); i++ {
			next = fmt.Sprintf("h%d-%s", i, id)
		}
		ids[next] = true
		h.SetAttributeString("id", []byte(next))
	}
}

// frontMatter parses the front matter and blanks it out of l.Source.
func (p *lessonParser) frontMatter(kind pageKind) {
	l := p.l
	isIndex := kind != pageLesson
	if kind == pageBook {
		l.settings = defaultSettings()
	}
	// A byte-order mark (Windows editors) is blanked like front matter.
	bom := 0
	if bytes.HasPrefix(l.Source, []byte("\uFEFF")) {
		bom = 3
	}
	yml, end, ok, closed := splitFrontMatter(l.Source[bom:])
	switch {
	case !ok && isIndex:
	case !ok:
		p.errs.errorf(l.File, 1, 0, "missing front matter: a lesson starts with a --- line, YAML with at least a title, and another --- line")
	case !closed:
		p.errs.errorf(l.File, 1, 0, "unterminated front matter: no closing --- line")
	default:
		n := len(*p.errs)
		if kind == pageBook {
			p.bookSettings(yml, p.lineOf(bom+end-1))
			break
		}
		parseFrontMatter(l.File, yml, p.lineOf(bom+end-1), &l.Meta, p.errs)
		if len(*p.errs) == n && !isIndex && strings.TrimSpace(l.Meta.Title) == "" {
			p.errs.errorf(l.File, 1, 0, "front matter has no title")
		}
	}
	for i := range bom + end {
		if l.Source[i] != '\n' {
			l.Source[i] = ' '
		}
	}
}

// bookSettings parses the top index.md's front matter: the book's
// settings, whose title and summary are also the home page's.
func (p *lessonParser) bookSettings(yml []byte, maxLine int) {
	var s settingsYAML
	n := len(*p.errs)
	parseFrontMatter(p.l.File, yml, maxLine, &s, p.errs)
	if len(*p.errs) > n {
		return
	}
	p.l.settings = s.settings(p.l.File, yml, p.errs)
	p.l.Meta.Title, p.l.Meta.Summary = s.Title, s.Summary
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the 1-based line of a byte offset.
func (p *lessonParser) lineOf(off int) int { return p.l.LineOf(off) }

// LineOf returns the 1-based line of a byte offset in l.Source, such as
// a goldmark segment's start.
func (l *Lesson) LineOf(off int) int {
	return sort.Search(len(l.lines), func(i int) bool { return l.lines[i] > off })
}

// colOf returns the 1-based byte column of an offset.
func (p *lessonParser) colOf(off int) int {
	return off - p.lines[p.lineOf(off)-1] + 1
}

// block returns the fence line, first code line and text of a fenced block.
func (p *lessonParser) block(fc *ast.FencedCodeBlock) (line, codeLine int, code string) {
	line = p.lineOf(fc.Info.Segment.Start)
	codeLine = line + 1
	lines := fc.Lines()
	if lines.Len() > 0 {
		codeLine = p.lineOf(lines.At(0).Start)
	}
	var b strings.Builder
	for i := range lines.Len() {
		// Value, not slicing Source, restores tab padding inside lists.
		seg := lines.At(i)
		b.Write(seg.Value(p.l.Source))
	}
	return line, codeLine, b.String()
}

// snippet records a go block.
func (p *lessonParser) snippet(fc *ast.FencedCodeBlock) {
	line, codeLine, code := p.block(fc)
	info := &fc.Info.Segment
	words := splitInfo(string(info.Value(p.l.Source)))
	attrs, set := parseAttrs(words[1:], func(off int, format string, args ...any) {
		p.errs.errorf(p.l.File, line, p.colOf(info.Start+off), format, args...)
	})
	for k, v := range set {
		v.off = p.colOf(info.Start + v.off)
		set[k] = v
	}
	s := &Snippet{Line: line, CodeLine: codeLine, Code: code, Attrs: attrs}
	if attrs.Skip {
		for k := range set {
			if k != "skip" && k != "name" {
				p.errs.errorf(p.l.File, line, 0, "skip cannot be combined with %s: a skipped block is neither built nor run", k)
			}
		}
	}
	p.snippets = append(p.snippets, s)
	p.nodes[fc] = s
	p.sets[s] = set
	p.l.Snippets[line] = s
}

// output records an output block and attaches it to the snippet before it.
func (p *lessonParser) output(fc *ast.FencedCodeBlock) *Expect {
	l := p.l
	line, _, code := p.block(fc)
	info := &fc.Info.Segment
	e := &Expect{Line: line, Text: code}
	e.start, e.end, e.indent = p.blockSpan(fc, line)
	for _, w := range splitInfo(string(info.Value(l.Source)))[1:] {
		if w.text == "unordered" && !e.Unordered {
			e.Unordered = true
			continue
		}
		p.errs.errorf(l.File, line, p.colOf(info.Start+w.off), "unknown output attribute %q (valid: unordered)", w.text)
	}
	l.Outputs[line] = e

	prev, _ := fc.PreviousSibling().(*ast.FencedCodeBlock)
	s := p.nodes[prev]
	switch {
	case s == nil:
		p.errs.errorf(l.File, line, 0, "output block does not directly follow a go block (only blank lines may come between)")
	case s.Program == nil:
		p.errs.errorf(l.File, line, 0, "output block after a skip block: a skipped block is not run, so there is nothing to compare")
	case s.Program.Attrs.NoRun:
		p.errs.errorf(l.File, line, 0, "output block after a norun program: it is built but not run, so there is nothing to compare")
	case s.Program.Role == RoleStarter:
		p.errs.errorf(l.File, line, 0, "output block after exercise %q: put it after the solution, which it checks", s.Program.Name)
	case s != s.Program.Parts[len(s.Program.Parts)-1]:
		parts := s.Program.Parts
		p.errs.errorf(l.File, line, 0, "output block after part %d of %d of program %q: move it after the last part (line %d)",
			indexOf(parts, s)+1, len(parts), s.Program.Name, parts[len(parts)-1].Line)
	default:
		s.Program.Expect = e
	}
	return e
}

func indexOf(parts []*Snippet, s *Snippet) int {
	for i, q := range parts {
		if q == s {
			return i
		}
	}
	return -1
}

// programs groups snippets into programs and checks each.
func (p *lessonParser) programs() {
	l := p.l
	named := map[string]*Program{}
	skipNamed := map[string]*Snippet{}
	exNames := exerciseNames(p.snippets)
	exercises := map[string]*Exercise{}
	p.checkRoles()
	for _, s := range p.snippets {
		name := s.Attrs.Name
		if s.Attrs.Skip {
			if name == "" {
				continue
			}
			if prev := named[name]; prev != nil {
				p.errs.errorf(l.File, s.Line, 0, "skip block named %q shares its name with the program at line %d: a skipped block cannot be part of a program", name, prev.Parts[0].Line)
			} else if prev := skipNamed[name]; prev != nil {
				p.errs.errorf(l.File, s.Line, 0, "name %q is already used by the skip block at line %d", name, prev.Line)
			} else {
				skipNamed[name] = s
			}
			continue
		}
		if exNames[name] {
			p.exercisePart(s, exercises)
			continue
		}
		if name != "" {
			if prev := skipNamed[name]; prev != nil {
				p.errs.errorf(l.File, s.Line, 0, "name %q is already used by the skip block at line %d: a skipped block cannot be part of a program", name, prev.Line)
				continue
			}
			if prog := named[name]; prog != nil {
				p.addPart(prog, s)
				continue
			}
		}
		prog := &Program{Lesson: l, Name: name, ID: name, attrPos: map[string]position{}}
		if name == "" {
			prog.ID = fmt.Sprintf("line-%d", s.Line)
		} else {
			named[name] = prog
		}
		p.addPart(prog, s)
		l.Programs = append(l.Programs, prog)
	}
	unnamed := map[string]*Program{}
	for _, prog := range l.Programs {
		if prog.Name == "" {
			unnamed[prog.ID] = prog
		}
	}
	for _, prog := range l.Programs {
		if prog.Role != RoleStarter && len(prog.Parts) > 0 {
			p.checkProgram(prog, unnamed)
		}
	}
	for _, ex := range l.Exercises {
		p.checkExercise(ex)
	}
}

// addPart appends s to prog.
func (p *lessonParser) addPart(prog *Program, s *Snippet) {
	s.Program = prog
	prog.Parts = append(prog.Parts, s)
}

// checkProgram merges the attributes of prog's parts and checks that it is
// a complete program whose attributes make sense together.
func (p *lessonParser) checkProgram(prog *Program, unnamed map[string]*Program) {
	file := p.l.File
	first := prog.Parts[0]
	from := p.mergeAttrs(prog)
	p.checkFiles(prog)
	p.checkOmit(prog)
	if other := unnamed[prog.Name]; prog.Name != "" && other != nil {
		p.errs.errorf(file, first.Line, 0, "name %q is also the id of the unnamed program at line %d: choose another name", prog.Name, other.Parts[0].Line)
	}
	if !prog.IsTest() {
		for _, d := range attrDefs {
			if s, ok := from[d.name]; ok && d.test {
				p.errs.errorf(file, s.Line, 0, "%s is for programs with a go test part", d.name)
			}
		}
	} else if s, ok := from["args"]; ok {
		p.errs.errorf(file, s.Line, 0, "args= does not go with go test: pass flags with testflags=")
	}
	if s, ok := from["trace"]; ok && (prog.IsTest() || len(prog.FileNames()) > 1 || len(prog.Attrs.Files) > 0 || prog.Attrs.Stdin != "") {
		p.errs.errorf(file, s.Line, 0, "trace does not work yet with go test, file=, files= or stdin=: the traced run is a plain one-file program")
	}
	if prog.Attrs.NoRun {
		for _, d := range attrDefs {
			if s, ok := from[d.name]; ok && d.run {
				key := d.name
				p.errs.errorf(file, s.Line, 0, "norun cannot be combined with %s: a norun program is built but never run", key)
			}
		}
	}
}

// mergeAttrs sets prog.Attrs from its parts (an exercise's programs: from
// the parts of both): a part may repeat an earlier part's attribute but
// not change its value. It returns the part that set each attribute first.
func (p *lessonParser) mergeAttrs(prog *Program) map[string]*Snippet {
	merged := attrSet{}
	from := map[string]*Snippet{}
	parts := prog.Parts
	if prog.Exercise != nil {
		parts = exerciseParts(prog.Exercise)
	}
	for i, s := range parts {
		set := p.sets[s]
		for _, key := range slices.Sorted(maps.Keys(set)) {
			val := set[key]
			if lookupAttr(key).part {
				continue
			}
			if first, ok := from[key]; ok {
				if merged[key].canon != val.canon {
					p.errs.errorf(p.l.File, s.Line, 0, "%s conflicts with part %d of program %q (line %d): parts may repeat an attribute but not change its value",
						showAttr(key, val.canon), indexOf(parts, first)+1, prog.Name, first.Line)
				}
				continue
			}
			merged[key], from[key] = val, parts[i]
			prog.attrPos[key] = position{s.Line, val.off}
			// It parsed once, so it parses again.
			_, _ = lookupAttr(key).set(&prog.Attrs, val.raw)
		}
	}
	return from
}

func showAttr(key, val string) string {
	if val == "" {
		return key
	}
	return key + "=" + val
}

// checkFiles checks that each of prog's files begins with a package
// clause (main.go with package main), and that no later part of a file
// starts another: parts of one file are joined, so a second package
// clause would read as a syntax error in the middle of the file.
func (p *lessonParser) checkFiles(prog *Program) {
	file := p.l.File
	started := map[string]bool{}
	isTest := prog.IsTest()
	for i, s := range prog.Parts {
		name := s.FileName()
		pkg, ok := packageClause(s.Code)
		if isTest && pkg != "" {
			pkg = "main" // a test program's code under test may be any package
		}
		switch {
		case s.Attrs.Test && !strings.HasSuffix(name, "_test.go"):
			p.errs.errorf(file, s.Line, 0, "a go test part belongs in a file whose name ends in _test.go, not file=%s", name)
		case !s.Attrs.Test && strings.HasSuffix(name, "_test.go"):
			p.errs.errorf(file, s.Line, 0, "file=%s is a test file: write the block as go test", name)
		case started[name] && ok:
			p.errs.errorf(file, s.Line, 0, "part %d of program %q starts with a package clause, but parts are joined into one file (%s), not compiled as files of their own: remove the clause, or give the part file=NAME.go",
				i+1, prog.Name, name)
		case started[name]:
		case name == mainFile && pkg != "main" && prog.Name == "":
			p.errs.errorf(file, s.Line, 0, "not a complete program: add package main, name= it as part of a program, or mark it skip")
		case name == mainFile && pkg != "main" && i == 0:
			p.errs.errorf(file, s.Line, 0, "program %q does not start with package main: its first part must be a complete file's beginning", prog.Name)
		case name == mainFile && pkg != "main":
			p.errs.errorf(file, s.Line, 0, "part %d of program %q begins main.go, so it must start with package main", i+1, prog.Name)
		case !ok:
			p.errs.errorf(file, s.Line, 0, "part %d of program %q begins %s, so it must start with a package clause", i+1, prog.Name, name)
		}
		started[name] = true
	}
	if !started[mainFile] && !isTest {
		p.errs.errorf(file, prog.Parts[0].Line, 0, "program %q has no main.go: the parts without file= make up main.go, which holds package main", prog.ID)
	}
}

// packageClause returns the package name that code starts with, after
// comments and blank lines.
func packageClause(code string) (name string, ok bool) {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(f, []byte(code), nil, 0)
	if _, tok, _ := s.Scan(); tok != token.PACKAGE {
		return "", false
	}
	_, tok, lit := s.Scan()
	return lit, tok == token.IDENT
}

// blockSpan returns the byte range of a fenced block's content (see
// Expect) and the indentation of its opening fence.
func (p *lessonParser) blockSpan(fc *ast.FencedCodeBlock, line int) (start, end int, indent string) {
	src := p.l.Source
	fenceStart := p.lines[line-1]
	fence := src[fenceStart:]
	if i := bytes.IndexAny(fence, "`~"); i >= 0 {
		indent = string(fence[:i]) // spaces, or a quote or list marker too
	}
	if line >= len(p.lines) {
		return len(src), -1, indent
	}
	start = p.lines[line]
	closing := line + 1 // the line after the fence, for an empty block
	if lines := fc.Lines(); lines.Len() > 0 {
		closing = p.lineOf(lines.At(lines.Len()-1).Start) + 1
	}
	if closing > len(p.lines) {
		return start, -1, indent
	}
	c := bytes.TrimLeft(src[p.lines[closing-1]:], " ")
	if !bytes.HasPrefix(c, []byte("```")) && !bytes.HasPrefix(c, []byte("~~~")) {
		return start, -1, indent
	}
	return start, p.lines[closing-1], indent
}
