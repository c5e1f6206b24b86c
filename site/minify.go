package site

import (
	"bytes"
)

// script returns app.js as published: without its comment lines and
// indentation, which are for the people who read the source. It keeps
// every lesson page, with its CSS and JS, under the page budget
// (size_test.go). Only whole-line comments are dropped, so a "//" inside
// a string or a regular expression is never touched.
func script(src []byte) []byte {
	var out bytes.Buffer
	for line := range bytes.Lines(src) {
		t := bytes.TrimLeft(line, " \t")
		if bytes.HasPrefix(t, []byte("//")) || len(bytes.TrimSpace(t)) == 0 {
			continue
		}
		out.Write(t)
	}
	return out.Bytes()
}
