package site

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	ghtml "github.com/yuin/goldmark/renderer/html"

	"github.com/workbook-dev/workbook/book"
)

// exerciseSnippet writes a block of an exercise. The starter is shown as
// code to edit, followed by the exercise box: how to check it (in serve,
// a Check button added by its script; everywhere, workbook learn). The
// solution is inside a details element, closed, so it shows on request
// with or without JavaScript, with its verified result. Blocks that
// starter and solution share (a go test file: the check) are shown as
// they are.
func (r *pages) exerciseSnippet(w io.Writer, s *book.Snippet) error {
	p := s.Program
	ex := p.Exercise
	var b strings.Builder
	switch {
	case s.Attrs.Starter:
		b.WriteString(r.codeFigure(s, ex.Starter, ex.Starter.ID, "code exercise", exerciseLabel(ex.Starter, s, "Exercise"), ex.Starter.Parts[0] == s))
		if ex.LastStarterPart(s) {
			b.WriteString(exerciseBox(ex, r.playLink(ex.Starter)))
		}
	case s.Attrs.Solution:
		b.WriteString(`<details class="solution"><summary>Show solution</summary>` + "\n")
		b.WriteString(r.codeFigure(s, p, p.ID, "code", exerciseLabel(p, s, "Solution"), p.Parts[0] == s))
		if err := r.solutionPanel(&b, p, s); err != nil {
			return err
		}
		b.WriteString("</details>\n")
	default:
		b.WriteString(r.codeFigure(s, p, p.ID, "code", exerciseLabel(p, s, "Check"), p.Parts[0] == s))
		if p.Parts[len(p.Parts)-1] == s {
			b.WriteString(`<details class="solution"><summary>Show the solution's verified result</summary>` + "\n")
			if err := r.solutionPanel(&b, p, s); err != nil {
				return err
			}
			b.WriteString("</details>\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// solutionPanel writes the solution's result panel after its last part.
func (r *pages) solutionPanel(b *strings.Builder, p *book.Program, s *book.Snippet) error {
	if p.Parts[len(p.Parts)-1] != s {
		return nil
	}
	return r.panel(b, p)
}

// exerciseLabel captions a block of an exercise: what it is, its name,
// and which part it is.
func exerciseLabel(p *book.Program, s *book.Snippet, what string) string {
	label := what + " · " + p.Exercise.Name
	var mine []*book.Snippet
	for _, q := range p.Parts {
		if q.Attrs.Starter == s.Attrs.Starter && q.Attrs.Solution == s.Attrs.Solution {
			mine = append(mine, q)
		}
	}
	if len(mine) > 1 {
		for i, q := range mine {
			if q == s {
				label += fmt.Sprintf(" · part %d of %d", i+1, len(mine))
			}
		}
	}
	return label
}

// exerciseBox follows the starter: the expected output, the result
// section serve's script fills with the reader's Check, and how to check
// the exercise locally, which is all a published site can offer.
func exerciseBox(ex *book.Exercise, play string) string {
	return expected(ex.Starter.Expect) + fmt.Sprintf(`<section class="result exercise-box" id="%s-result" data-exercise="%s" aria-label="Check %s">`+
		`<p class="note">Check your answer in a terminal: <code>workbook learn</code> writes this exercise to <code>%s/main.go</code> in its workspace and checks it each time you save.</p>`+
		"%s</section>\n", ex.Starter.ID, html.EscapeString(ex.Name), html.EscapeString(ex.Name), html.EscapeString(ex.Dir()), play)
}

// expected shows an exercise's output block: the text to aim for,
// beside the starter (a program's output block is not shown: its real
// output is).
func expected(e *book.Expect) string {
	if e == nil {
		return ""
	}
	what := "Expected output"
	if e.Unordered {
		what += " (in any order)"
	}
	return fmt.Sprintf(`<figure class="expected"><figcaption><span>%s</span></figcaption><pre><code>%s</code></pre></figure>`+"\n",
		what, html.EscapeString(strings.TrimRight(e.Text, "\n")))
}

// hints writes an exercise's hints at its first hint block, each inside
// the one before, so they are revealed one at a time, with or without
// JavaScript; its other hint blocks write nothing.
func (r *pages) hints(w io.Writer, l *book.Lesson, h *book.Hint) error {
	var ex *book.Exercise
	for _, e := range l.Exercises {
		if len(e.Hints) > 0 && e.Hints[0] == h {
			ex = e
		}
	}
	if ex == nil {
		return nil
	}
	md := book.NewMarkdown(goldmark.WithRendererOptions(ghtml.WithUnsafe()))
	var b bytes.Buffer
	for i, h := range ex.Hints {
		fmt.Fprintf(&b, `<details class="hint"><summary>Hint %d of %d</summary><div>`, i+1, len(ex.Hints))
		if err := md.Convert([]byte(h.Text), &b); err != nil {
			return fmt.Errorf("%s:%d: hint: %w", l.File, h.Line, err)
		}
		b.WriteString("</div>\n")
	}
	b.WriteString(strings.Repeat("</details>", len(ex.Hints)) + "\n")
	_, err := w.Write(b.Bytes())
	return err
}
