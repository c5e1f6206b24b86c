package book

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// The ids a lesson's page holds are named here, once: the site writes
// exactly these, and the link checker accepts exactly these (Anchors).

// Anchor is the id of a code block on its page: its program's ID, else
// its name=, else "line-N" for its fence's line. Only a program's first
// part carries it (see HasAnchor).
func (s *Snippet) Anchor() string {
	switch {
	case s.Program != nil:
		return s.Program.ID
	case s.Attrs.Name != "":
		return s.Attrs.Name
	}
	return "line-" + strconv.Itoa(s.Line)
}

// HasAnchor reports whether the block's figure carries its Anchor: every
// block but a program's later parts.
func (s *Snippet) HasAnchor() bool {
	return s.Program == nil || s.Program.Parts[0] == s
}

// LineAnchor is the id of lesson line n of the block whose anchor is
// id ("hello-L12"), for each shown line.
func LineAnchor(id string, n int) string { return id + "-L" + strconv.Itoa(n) }

// ResultAnchor is the id of the program's result panel.
func (p *Program) ResultAnchor() string { return p.ID + "-result" }

// TimelineAnchor is the id of the program's goroutine timeline (trace).
func (p *Program) TimelineAnchor() string { return p.ID + "-timeline" }

// Anchors returns every id the lesson's page holds: its headings' (as
// headingIDs left them), and its code blocks', their shown lines' and
// their programs' result panels and timelines.
func (l *Lesson) Anchors() map[string]bool {
	ids := map[string]bool{}
	if l.Doc == nil {
		return ids // a lesson known by its record only (see CheckLinksKnown)
	}
	_ = ast.Walk(l.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					ids[string(b)] = true
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, s := range l.Snippets {
		id := s.Anchor()
		if s.HasAnchor() {
			ids[id] = true
		}
		for i, hidden := range s.shownLines() {
			if !hidden {
				ids[LineAnchor(id, s.CodeLine+i)] = true
			}
		}
	}
	for _, p := range l.Programs {
		ids[p.ResultAnchor()] = true
		if p.Attrs.Trace {
			ids[p.TimelineAnchor()] = true
		}
	}
	return ids
}

// shownLines returns, for each line of the block's code, whether it is
// hidden (// OMIT): a hidden line has no anchor.
func (s *Snippet) shownLines() []bool {
	n := strings.Count(strings.TrimSuffix(s.Code, "\n"), "\n") + 1
	hidden := make([]bool, n)
	copy(hidden, s.Hidden())
	return hidden
}

// derivedAnchor matches the suffixes of the anchors the site derives from
// a program's ID: its result panel and its timeline ("ID-result",
// "ID-timeline"). Its line anchors ("ID-L12") cannot clash: names are
// lower case.
var derivedAnchor = regexp.MustCompile(`^(?:result|timeline)$`)

// anchorClashes reports a program whose ID is one of the anchors the site
// derives from another program's ID (name=a-result beside a program a):
// the page would hold two elements with one id, and links to either
// would reach the first.
func (p *lessonParser) anchorClashes() {
	progs := p.l.Programs
	for _, b := range progs {
		for _, a := range progs {
			suffix, ok := strings.CutPrefix(b.ID, a.ID+"-")
			if a == b || !ok || !derivedAnchor.MatchString(suffix) {
				continue
			}
			p.errs.errorf(p.l.File, b.Parts[0].Line, 0,
				"name %q is the page anchor of program %q's %s: choose another name", b.ID, a.ID, suffix)
		}
	}
}
