package book

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	mdast "github.com/yuin/goldmark/ast"
)

// IsGoInfo reports whether the first word of a fence's info string names
// Go: go or golang in any case (Go, GO, Golang...). Every such block is a
// snippet with the same rules, so nothing shown as Go escapes
// verification.
func IsGoInfo(lang string) bool {
	return strings.EqualFold(lang, "go") || strings.EqualFold(lang, "golang")
}

// indented reports an indented code block that holds Go: it would be
// published as code yet never built or run.
func (p *lessonParser) indented(cb *mdast.CodeBlock) {
	lines := cb.Lines()
	if lines.Len() == 0 {
		return
	}
	var b strings.Builder
	for i := range lines.Len() {
		seg := lines.At(i)
		b.Write(seg.Value(p.l.Source))
	}
	if !looksLikeGo(b.String()) {
		return
	}
	start := lines.At(0).Start
	p.errs.errorf(p.l.File, p.lineOf(start), p.colOf(start),
		"indented code block holds Go, which would be shown but never built or run: fence it as ```go (or ```go skip to show it only)")
}

// untagged reports a fence with no info string that holds a Go file
// (package ...): like an indented block, it would be shown as code yet
// never built or run. Other untagged fences (shell sessions, output,
// fragments) are left alone.
func (p *lessonParser) untagged(fc *mdast.FencedCodeBlock) {
	if fc.Info != nil && strings.TrimSpace(string(fc.Info.Segment.Value(p.l.Source))) != "" {
		return
	}
	lines := fc.Lines()
	var b strings.Builder
	for i := range lines.Len() {
		seg := lines.At(i)
		b.Write(seg.Value(p.l.Source))
	}
	code := b.String()
	if !strings.HasPrefix(strings.TrimSpace(code), "package ") {
		return
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "", code, parser.SkipObjectResolution); err != nil {
		return
	}
	line := p.lineOf(lines.At(0).Start) - 1 // the opening fence
	p.errs.errorf(p.l.File, line, 0,
		"code block without a language holds a Go program, which would be shown but never built or run: fence it as ```go (or ```go skip to show it only)")
}

// looksLikeGo reports whether code parses as Go: a whole file, or
// declarations, or statements of which at least one does something (an
// assignment, a call, a declaration, a control statement...). A bare word
// or sum such as "x" or "a - b", which a shell command or a formula can
// parse as, does not count.
func looksLikeGo(code string) bool {
	fset := token.NewFileSet()
	if _, err := parser.ParseFile(fset, "", code, parser.SkipObjectResolution); err == nil {
		return true
	}
	if f, err := parser.ParseFile(fset, "", "package p\n"+code, parser.SkipObjectResolution); err == nil {
		return len(f.Decls) > 0
	}
	f, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+code+"\n}\n", parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
		if doesSomething(s) {
			return true
		}
	}
	return false
}

// doesSomething reports whether s is more than an expression that is not
// a call (or a label on one, or nothing).
func doesSomething(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.EmptyStmt:
		return false
	case *ast.LabeledStmt:
		return doesSomething(s.Stmt)
	case *ast.ExprStmt:
		_, call := ast.Unparen(s.X).(*ast.CallExpr)
		return call
	}
	return true
}
