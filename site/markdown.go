package site

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/workbook-dev/workbook/book"
)

// lessonRenderer renders one lesson's document. It replaces goldmark's
// fenced code blocks (go snippets become highlighted programs followed
// by their results; output blocks disappear, since the real output
// replaces them) and links (a link to another lesson's .md file becomes
// a link to its page).
type lessonRenderer struct {
	r *pages
	l *book.Lesson
}

// markdown returns the goldmark instance for l: the book's own parser
// configuration with our node renderers on top. Raw HTML is kept:
// lessons are trusted (they are programs we run).
func (r *pages) markdown(l *book.Lesson) goldmark.Markdown {
	lr := &lessonRenderer{r: r, l: l}
	return book.NewMarkdown(goldmark.WithRendererOptions(
		html.WithUnsafe(),
		renderer.WithNodeRenderers(util.Prioritized(lr, 100)),
	))
}

func (lr *lessonRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, lr.fence)
	reg.Register(ast.KindLink, lr.link)
	reg.Register(book.KindFigure, lr.figure)
}

func (lr *lessonRenderer) fence(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	fc := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := range fc.Lines().Len() {
		seg := fc.Lines().At(i)
		code.Write(seg.Value(src)) // Value restores tab padding in lists
	}
	if fc.Info == nil {
		return ast.WalkSkipChildren, lr.r.plainBlock(w, "", code.String())
	}
	line := lr.l.LineOf(fc.Info.Segment.Start)
	if s := lr.l.Snippets[line]; s != nil {
		return ast.WalkSkipChildren, lr.r.snippet(w, s)
	}
	if lr.l.Outputs[line] != nil {
		return ast.WalkSkipChildren, nil
	}
	if h := lr.l.Hints[line]; h != nil {
		return ast.WalkSkipChildren, lr.r.hints(w, lr.l, h)
	}
	return ast.WalkSkipChildren, lr.r.plainBlock(w, string(fc.Language(src)), code.String())
}

// link is goldmark's link renderer with lesson links rewritten.
func (lr *lessonRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(pageLink(string(n.Destination))), true)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// pageLink turns a relative link to a lesson file ("02-x.md#part",
// "../ch2/01-y.md") into a link to its page ("02-x.html#part"), and a
// link to a folder ("../", "ch2/") into one to its index.html. Lessons
// link to each other by file name so the links also work when the
// Markdown is read on GitHub; pages keep the lessons' folders, so the
// relative paths stay right.
func pageLink(dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return dest
	}
	p := strings.TrimPrefix(u.Path, "./")
	switch {
	case p == "" || p == "." || p == ".." || strings.HasSuffix(p, "/"):
		// A folder: the home page or a chapter's. From disk (file://) a
		// folder shows a listing, so the link names its index.html.
		p = strings.TrimSuffix(p, "/")
		if p == "" || p == "." {
			p = "index.md"
		} else {
			p += "/index.md"
		}
	case !strings.HasSuffix(p, ".md"):
		return dest
	}
	out := PageHref(strings.TrimSuffix(p, ".md"))
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		out += "#" + u.EscapedFragment()
	}
	return out
}

// headingText returns the plain text of a heading's inline content.
func headingText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if s, ok := g.(*ast.Text); ok {
					b.Write(s.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// A heading is an entry in a lesson's table of contents.
type heading struct {
	Level int
	ID    string
	Text  string
	Subs  []heading // the level 3 headings under a level 2 one
}

// toc nests level 3 headings under the level 2 heading before them.
func toc(hs []heading) []heading {
	var out []heading
	for _, h := range hs {
		if h.Level == 3 && len(out) > 0 {
			out[len(out)-1].Subs = append(out[len(out)-1].Subs, h)
			continue
		}
		out = append(out, h)
	}
	return out
}

// headings lists the lesson's level 2 and 3 headings that have ids.
func headings(l *book.Lesson) []heading {
	var hs []heading
	if l.Doc == nil {
		return nil
	}
	for n := l.Doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level < 2 || h.Level > 3 {
			continue
		}
		id, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		hs = append(hs, heading{Level: h.Level, ID: fmt.Sprintf("%s", id), Text: headingText(h, l.Source)})
	}
	return hs
}
