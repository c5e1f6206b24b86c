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
	id, label := s.Anchor(), "Go fragment · not compiled or run"
	if p != nil {
		label = programLabel(p, s)
	}
	var b strings.Builder
	b.WriteString(`<figure class="code" data-prog="` + id + `"`)
	if s.HasAnchor() {
		b.WriteString(` id="` + id + `"`) // the program's anchor is its first part
	}
	fmt.Fprintf(&b, `><figcaption><span>%s</span><button type="button" class="copy">Copy</button></figcaption>`+
		`<pre class="chroma"><code>`, html.EscapeString(label))
	hidden := s.Hidden()
	for i, l := range r.hl.lines("go", s.Code) {
		n := s.CodeLine + i
		if i < len(hidden) && hidden[i] {
			fmt.Fprintf(&b, `<span class="line" hidden><span class="cl">%s</span></span>`, l.HTML)
			continue
		}
		fmt.Fprintf(&b, `<span class="line" id="%s"><span class="ln">%d</span><span class="cl">%s</span>`+"\n</span>", book.LineAnchor(id, n), n, l.HTML)
	}
	b.WriteString("</code></pre></figure>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if p != nil && p.Parts[len(p.Parts)-1] == s {
		return r.panel(w, p)
	}
	return nil
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
