package book

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// NewMarkdown returns the goldmark instance lessons are parsed with: GitHub
// Flavored Markdown, footnotes and automatic heading IDs. opts come after
// these, so a caller (the site) can add its own renderers and get the same
// parse as the book's.
func NewMarkdown(opts ...goldmark.Option) goldmark.Markdown {
	base := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	return goldmark.New(append(base, opts...)...)
}
