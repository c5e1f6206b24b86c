package book

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// A Role is what a program is to its exercise.
type Role int

// Roles of programs. A program outside any exercise has RoleNone.
const (
	RoleNone     Role = iota
	RoleStarter       // go exercise blocks: the code the reader starts from
	RoleSolution      // go solution blocks: the author's answer
)

// Values of starter=.
const (
	// StarterBroken marks a starter that does not compile: the exercise
	// is to make it compile (and pass).
	StarterBroken = "broken"
	// StarterPasses marks a starter that already passes the check (an
	// exercise about style, or one the reader only has to read and run).
	StarterPasses = "passes"
)

// solutionSuffix makes the ID of an exercise's solution from its name;
// the starter's ID is the name itself, so FILE#name runs what the reader
// sees.
const solutionSuffix = "-solution"

// An Exercise is a program the reader completes: the blocks
// ```go exercise name=ID (the starter), ```go solution name=ID (the
// author's answer), the check that follows the solution (an output block,
// or a go test part named ID, which starter and solution share) and the
// ```hint blocks after it.
type Exercise struct {
	Lesson *Lesson
	Name   string
	// Starter and Solution are programs of Lesson.Programs. They have the
	// same attributes and the same check.
	Starter, Solution *Program
	// Hints in document order.
	Hints []*Hint
}

// A Hint is a hint block: Markdown text revealed on request.
type Hint struct {
	Line int // the opening fence
	Text string
}

// Broken reports whether the starter is marked starter=broken.
func (e *Exercise) Broken() bool { return e.starterIs() == StarterBroken }

// Passes reports whether the starter is marked starter=passes.
func (e *Exercise) Passes() bool { return e.starterIs() == StarterPasses }

func (e *Exercise) starterIs() string {
	for _, s := range e.Starter.Parts {
		if s.Attrs.StarterIs != "" {
			return s.Attrs.StarterIs
		}
	}
	return ""
}

// exerciseNames returns the names that exercise or solution blocks carry.
func exerciseNames(snippets []*Snippet) map[string]bool {
	names := map[string]bool{}
	for _, s := range snippets {
		if (s.Attrs.Starter || s.Attrs.Solution) && s.Attrs.Name != "" && !s.Attrs.Skip {
			names[s.Attrs.Name] = true
		}
	}
	return names
}

// exercisePart adds s, a block named after an exercise, to that
// exercise: an exercise block to its starter, a solution block to its
// solution, and any other block (a go test part, a file= part) to both.
func (p *lessonParser) exercisePart(s *Snippet, byName map[string]*Exercise) {
	l := p.l
	name := s.Attrs.Name
	ex := byName[name]
	if ex == nil {
		ex = &Exercise{Lesson: l, Name: name}
		ex.Starter = &Program{Lesson: l, Name: name, ID: name, Exercise: ex, Role: RoleStarter, attrPos: map[string]position{}}
		ex.Solution = &Program{Lesson: l, Name: name, ID: name + solutionSuffix, Exercise: ex, Role: RoleSolution, attrPos: map[string]position{}}
		byName[name] = ex
		l.Exercises = append(l.Exercises, ex)
		l.Programs = append(l.Programs, ex.Starter, ex.Solution)
	}
	switch {
	case s.Attrs.Starter && s.Attrs.Solution:
		p.errs.errorf(l.File, s.Line, 0, "a block is either the exercise (the starter) or its solution, not both")
	case s.Attrs.Starter:
		p.addPart(ex.Starter, s)
	case s.Attrs.Solution:
		p.addPart(ex.Solution, s)
	default:
		ex.Starter.Parts = append(ex.Starter.Parts, s)
		p.addPart(ex.Solution, s)
	}
}

// checkRoles reports exercise attributes on blocks that are not part of
// an exercise.
func (p *lessonParser) checkRoles() {
	for _, s := range p.snippets {
		a := s.Attrs
		switch {
		case (a.Starter || a.Solution) && a.Name == "":
			p.errs.errorf(p.l.File, s.Line, 0, "%s needs name=ID: an exercise and its solution share a name", roleWord(a))
		case (a.Starter || a.Solution) && a.Skip:
			// skip already reports every attribute it is combined with
		case a.StarterIs != "" && !a.Starter:
			p.errs.errorf(p.l.File, s.Line, 0, "starter=%s belongs on the go exercise block", a.StarterIs)
		}
	}
}

func roleWord(a Attrs) string {
	if a.Starter {
		return "go exercise"
	}
	return "go solution"
}

// exerciseParts returns the parts of both of ex's programs in document
// order, each once: their attributes are merged together, so that the
// starter runs as the solution does.
func exerciseParts(ex *Exercise) []*Snippet {
	parts := slices.Concat(ex.Starter.Parts, ex.Solution.Parts)
	slices.SortFunc(parts, func(a, b *Snippet) int { return cmp.Compare(a.Line, b.Line) })
	return slices.Compact(parts)
}

// checkExercise checks an exercise whose solution has been checked as a
// program: it has a starter and a solution, they start as programs do,
// and the solution is followed by a check.
func (p *lessonParser) checkExercise(ex *Exercise) {
	file := p.l.File
	parts := exerciseParts(ex)
	if len(parts) == 0 {
		return // its only block was both exercise and solution, reported
	}
	first := parts[0]
	sol, st := ex.Solution, ex.Starter
	if !slices.ContainsFunc(st.Parts, func(s *Snippet) bool { return s.Attrs.Starter }) {
		p.errs.errorf(file, first.Line, 0, "solution %q has no exercise: add a ```go exercise name=%s block with the reader's starting code before it", ex.Name, ex.Name)
		return
	}
	if !slices.ContainsFunc(sol.Parts, func(s *Snippet) bool { return s.Attrs.Solution }) {
		p.errs.errorf(file, first.Line, 0, "exercise %q has no solution: add a ```go solution name=%s block after it", ex.Name, ex.Name)
		return
	}
	for _, other := range p.l.Programs {
		if other.ID == sol.ID && other != sol && len(other.Parts) > 0 {
			p.errs.errorf(file, other.Parts[0].Line, 0, "name %q is the id of exercise %q's solution: choose another name", other.ID, ex.Name)
		}
	}
	st.Attrs, st.attrPos = sol.Attrs, sol.attrPos
	p.checkFiles(st)
	if sol.Attrs.NoRun {
		p.errs.errorf(file, first.Line, 0, "exercise %q is norun: an exercise is run to be checked", ex.Name)
	}
}

// checkExerciseCheck gives the starter the solution's output block and
// reports an exercise with nothing to check against (a broken starter
// has one: it must come to compile).
func (p *lessonParser) checkExerciseCheck(ex *Exercise) {
	sol := ex.Solution
	ex.Starter.Expect = sol.Expect
	if len(sol.Parts) == 0 || len(ex.Starter.Parts) == 0 {
		return // reported by checkExercise
	}
	if sol.Expect == nil && !sol.IsTest() && sol.Attrs.Exit == 0 && !ex.Broken() {
		p.errs.errorf(p.l.File, sol.Parts[len(sol.Parts)-1].Line, 0,
			"exercise %q has no check: follow its solution with an output block, or add a go test block named %s", ex.Name, ex.Name)
	}
}

// hints attaches each hint block to the exercise it follows: directly
// after the exercise's last block, its output block or another hint
// (only blank lines between).
func (p *lessonParser) hints(fcs []*ast.FencedCodeBlock, outputs map[*ast.FencedCodeBlock]*Expect) {
	l := p.l
	owner := map[*ast.FencedCodeBlock]*Exercise{}
	for _, fc := range fcs {
		line, _, text := p.block(fc)
		info := &fc.Info.Segment
		for _, w := range splitInfo(string(info.Value(l.Source)))[1:] {
			p.errs.errorf(l.File, line, p.colOf(info.Start+w.off), "hint blocks take no attributes (got %q)", w.text)
		}
		h := &Hint{Line: line, Text: text}
		l.Hints[line] = h
		prev, _ := fc.PreviousSibling().(*ast.FencedCodeBlock)
		ex := owner[prev]
		if s := p.nodes[prev]; ex == nil && s != nil && s.Program != nil {
			ex = s.Program.Exercise
		}
		if e := outputs[prev]; ex == nil && e != nil {
			ex = exerciseExpecting(l, e)
		}
		if ex == nil {
			p.errs.errorf(l.File, line, 0, "hint block does not follow an exercise: put it after the solution, its output block or another hint (only blank lines between)")
			continue
		}
		owner[fc] = ex
		ex.Hints = append(ex.Hints, h)
	}
}

func exerciseExpecting(l *Lesson, e *Expect) *Exercise {
	for _, ex := range l.Exercises {
		if ex.Solution.Expect == e {
			return ex
		}
	}
	return nil
}

// String returns a hint's Markdown text, trimmed.
func (h *Hint) String() string { return strings.TrimSpace(h.Text) }

// Exercise returns the exercise of the lesson named name, or nil.
func (l *Lesson) Exercise(name string) *Exercise {
	for _, ex := range l.Exercises {
		if ex.Name == name {
			return ex
		}
	}
	return nil
}

// Exercises returns every exercise of the book in reading order.
func (b *Book) Exercises() []*Exercise {
	var exs []*Exercise
	for _, l := range b.Pages() {
		exs = append(exs, l.Exercises...)
	}
	return exs
}

// Ref names the exercise as FILE#NAME, as run and verify select it.
func (e *Exercise) Ref() string { return fmt.Sprintf("%s#%s", e.Lesson.File, e.Name) }

// Dir is the exercise's folder in a workbook learn workspace, named by
// lesson and exercise ("01-goroutines/sum"), slash-separated.
func (e *Exercise) Dir() string { return e.Lesson.Slug + "/" + e.Name }

// LastStarterPart reports whether s is the last go exercise block of its
// exercise, after which the page offers to check the reader's code.
func (e *Exercise) LastStarterPart(s *Snippet) bool {
	for i := len(e.Starter.Parts) - 1; i >= 0; i-- {
		if q := e.Starter.Parts[i]; q.Attrs.Starter {
			return q == s
		}
	}
	return false
}
