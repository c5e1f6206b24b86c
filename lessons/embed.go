// Package lessons embeds the bundled book, so an installed workbook binary carries it.
package lessons

import (
	"embed"

	// The book's programs import errgroup, but they live in Markdown,
	// which go mod tidy does not read: this import keeps golang.org/x/sync
	// in the repository's go.mod, at the version GoMod requires too.
	_ "golang.org/x/sync/errgroup"
)

//go:embed *.md
var FS embed.FS

// GoMod and GoSum are the module the bundled book's programs build in
// when workbook runs it from anywhere (-demo): the standard library and
// the golang.org/x/sync they import, at the version and with the
// checksums of the repository's go.mod and go.sum.
var (
	//go:embed demo.mod
	GoMod []byte
	//go:embed demo.sum
	GoSum []byte
)
