package site

import (
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/workbook-dev/workbook/book"
)

// snippet writes a go block: its visible lines, highlighted and numbered
// with their lesson lines (the numbers compiler and panic messages use),
// and after a program's last part, the program's result panel.
//
// OMIT lines stay in the page, hidden, so the copy button can copy the
// whole program as it was built.
func (r *pages) snippet(w io.Writer, s *book.Snippet) error {
	p := s.Program
	if p != nil && p.Exercise != nil {
		return r.exerciseSnippet(w, s)
	}
	id, label := s.Anchor(), "Go fragment · not compiled or run"
	if p != nil {
		label = programLabel(p, s)
	}
	if _, err := io.WriteString(w, r.codeFigure(s, p, id, "code", label, s.HasAnchor())); err != nil {
		return err
	}
	if p != nil && p.Parts[len(p.Parts)-1] == s {
		return r.panel(w, p)
	}
	return nil
}

// codeFigure returns the figure showing a go block of program p (nil for
// a fragment), of class class, labelled label, whose lines' anchors
// start with id (and which is the anchor id itself when anchor is set).
func (r *pages) codeFigure(s *book.Snippet, p *book.Program, id, class, label string, anchor bool) string {
	var b strings.Builder
	b.WriteString(`<figure class="` + class + `" data-prog="` + id + `"`)
	if anchor {
		b.WriteString(` id="` + id + `"`)
	}
	fmt.Fprintf(&b, `><figcaption><span>%s</span><button type="button" class="copy">Copy</button></figcaption>`+
		`<pre class="chroma"><code>`, html.EscapeString(label))
	codeLines(&b, id, s.CodeLine, r.hl.lines("go", s.Code), s.Hidden(), r.linkedLines(p))
	b.WriteString("</code></pre></figure>\n")
	return b.String()
}

// codeLines writes a program's lines, numbered from first; OMIT lines
// are hidden. It is the bulk of a page, so it writes without fmt into a
// builder grown once, and a line is one span: style.css numbers the
// lines with a counter, which the first line and the first after hidden
// ones set. Every line ends in a newline, hidden ones too, so a block's
// text is its part of the program.
//
// A shown line's anchor is id-L<n>. Only the lines in linked (those the
// page's own links name) carry it in the HTML; app.js gives every other
// line its anchor when the page opens, counting as the counter does.
// Written out, the anchors were a long page's heaviest markup: a number
// per line that gzip cannot predict.
func codeLines(b *strings.Builder, id string, first int, lines []codeLine, hidden []bool, linked map[int]bool) {
	size := 0
	for _, l := range lines {
		size += len(l.HTML) + 20
	}
	b.Grow(size + 32)
	count := true // the next shown line sets the counter
	for i, l := range lines {
		if i < len(hidden) && hidden[i] {
			b.WriteString(`<span hidden>`)
			b.WriteString(l.HTML)
			b.WriteString("\n</span>")
			count = true
			continue
		}
		b.WriteString(`<span`)
		if n := first + i; linked[n] {
			b.WriteString(` id="`)
			b.WriteString(book.LineAnchor(id, n))
			b.WriteString(`"`)
		}
		if count {
			b.WriteString(` style="counter-reset:l `)
			b.WriteString(strconv.Itoa(first + i - 1))
			b.WriteString(`"`)
			count = false
		}
		b.WriteString(`>`)
		b.WriteString(l.HTML)
		b.WriteString("\n</span>")
	}
}

// programLabel names a part in its caption: the program's name, which
// part this is, and the attributes a reader should know about.
func programLabel(p *book.Program, s *book.Snippet) string {
	parts := []string{"Go program"}
	if p.Name != "" {
		parts[0] = p.Name
	}
	if len(p.Parts) > 1 {
		for i, q := range p.Parts {
			if q == s {
				parts = append(parts, fmt.Sprintf("part %d of %d", i+1, len(p.Parts)))
			}
		}
	}
	if len(p.FileNames()) > 1 || s.Attrs.Test {
		parts = append(parts, s.FileName()) // which file of the program this is
	}
	a := p.Attrs
	if a.NoRun {
		parts = append(parts, "built, not run")
	}
	if a.Race {
		parts = append(parts, "-race")
	}
	if a.Exit != 0 {
		parts = append(parts, "expects exit "+strconv.Itoa(a.Exit))
	}
	if len(a.Args) > 0 {
		parts = append(parts, "args: "+strings.Join(a.Args, " "))
	}
	if a.Exclusive {
		parts = append(parts, "ran alone")
	}
	return strings.Join(parts, " · ")
}

// plainBlock writes a code block that is not a snippet: highlighted when
// chroma knows the language, without line numbers or results.
func (r *pages) plainBlock(w io.Writer, lang, code string) error {
	var b strings.Builder
	b.WriteString(`<pre class="chroma"`)
	if lang != "" {
		b.WriteString(` data-lang="` + html.EscapeString(lang) + `"`)
	}
	b.WriteString("><code>")
	for i, l := range r.hl.lines(lang, code) {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.HTML)
	}
	b.WriteString("</code></pre>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
