// Package lessons embeds the bundled book, so an installed workbook binary carries it.
package lessons

import "embed"

//go:embed *.md
var FS embed.FS
