package site

import (
	"bytes"
	"embed"
	"fmt"
	"strings"
)

//go:embed assets
var assetFS embed.FS

func mustAsset(name string) []byte {
	b, err := assetFS.ReadFile(name)
	if err != nil {
		panic(err) // embedded at compile time: missing means a broken build
	}
	return b
}

// A colour is one custom property of the site's palette, in the light
// and the dark scheme.
type colour struct {
	name, light, dark string
}

// palette returns the site's colours. The text colours reach WCAG AA
// (4.5:1) on the backgrounds they are used on; palette_test.go checks.
func palette() []colour {
	return []colour{
		{"bg", "#ffffff", "#0d1117"},
		{"fg", "#1f2328", "#e6edf3"},
		{"muted", "#57606a", "#9198a1"},
		{"link", "#0757ba", "#58a6ff"},
		{"line", "#d0d7de", "#30363d"},
		{"code-bg", "#f6f8fa", "#161b22"},
		{"ln", "#5c6570", "#848d97"},
		{"ok", "#1a7f37", "#3fb950"},
		{"bad", "#c4232b", "#ff7b72"},
		{"err", "#9a4a00", "#f0a35e"},
		{"mark", "#fff8c5", "#3b2e00"},
		{"focus", "#0969da", "#58a6ff"},
	}
}

// contrastPairs are the (text, background) pairs the pages draw.
func contrastPairs() [][2]string {
	return [][2]string{
		{"fg", "bg"}, {"muted", "bg"}, {"link", "bg"}, {"ok", "bg"}, {"bad", "bg"},
		{"fg", "code-bg"}, {"muted", "code-bg"}, {"ln", "code-bg"}, {"err", "code-bg"},
		{"ok", "code-bg"}, {"bad", "code-bg"}, {"link", "code-bg"}, {"fg", "mark"},
	}
}

// stylesheet returns style.css: the embedded rules with the palette and
// the code colours of both schemes filled in, on one line. The dark
// values appear twice: for prefers-color-scheme, and for the toggle's
// data-theme.
func stylesheet() ([]byte, error) {
	var code bytes.Buffer
	vars, err := writeHighlightCSS(&code)
	if err != nil {
		return nil, fmt.Errorf("writing highlight styles: %w", err)
	}
	var light, dark strings.Builder
	for _, c := range palette() {
		fmt.Fprintf(&light, "--%s:%s;", c.name, c.light)
		fmt.Fprintf(&dark, "--%s:%s;", c.name, c.dark)
	}
	light.WriteString(vars[0])
	dark.WriteString(vars[1])
	css := string(mustAsset("assets/style.css"))
	css = strings.ReplaceAll(css, "/*LIGHT*/", light.String())
	css = strings.ReplaceAll(css, "/*DARK*/", dark.String())
	css = strings.ReplaceAll(css, "/*CODE*/\n", code.String())
	// One rule a line is for the people who edit the rules; a browser
	// needs no line breaks between them, and every page loads this file.
	css = strings.NewReplacer("}\n", "}", "{\n", "{").Replace(css)
	return []byte(css), nil
}
