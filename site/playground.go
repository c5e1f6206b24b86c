package site

import (
	"fmt"
	"html"

	"github.com/workbook-dev/workbook/book"
)

// playable reports whether a program gets an "Open in the Go Playground"
// link: a one-file program that reads no files (the Playground runs one
// main.go, with no files of ours), unless the build leaves the links
// out. The link only reaches the Playground when the reader clicks it
// (app.js shares the program's code then); the page itself never does.
func (r *pages) playable(p *book.Program) bool {
	return !r.opt.NoPlayground && !p.IsTest() && len(p.GoFiles()) == 0 &&
		len(p.Attrs.Files) == 0 && p.Attrs.Stdin == ""
}

// playLink is the link for program p, or "" when it has none.
func (r *pages) playLink(p *book.Program) string {
	if !r.playable(p) {
		return ""
	}
	return fmt.Sprintf(`<p class="play"><a href="https://go.dev/play/" data-play="%s">Open in the Go Playground</a></p>`, html.EscapeString(p.ID))
}
