package site

import (
	"bytes"
)

// script returns an embedded script without its whole-line comments:
// they explain the source to its readers, and a lesson page's weight
// budget counts every byte its script sends (they were 566 of app.js's
// 3,627 bytes gzipped). Lines that start with // (after indentation) are
// comments in our scripts, which use no template literals.
func script(name string) []byte {
	src := mustAsset(name)
	var b bytes.Buffer
	for line := range bytes.Lines(src) {
		if !bytes.HasPrefix(bytes.TrimLeft(line, " \t"), []byte("//")) {
			b.Write(line)
		}
	}
	return b.Bytes()
}
