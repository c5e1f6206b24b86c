package site

import (
	"bytes"
	"strings"
	"testing"
)

// TestScriptDropsComments: the published app.js has the source's code
// lines (without their indentation) and none of its comment lines.
func TestScriptDropsComments(t *testing.T) {
	src := mustAsset("assets/app.js")
	out := script(src)
	if !bytes.Contains(src, []byte("\n  // ")) {
		t.Fatal("app.js has no comment lines to drop; the test needs new input")
	}
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			t.Errorf("a comment line is left: %q", line)
		}
	}
	for line := range strings.Lines(string(src)) {
		if code := strings.TrimLeft(line, " \t"); !strings.HasPrefix(code, "//") && strings.TrimSpace(code) != "" && !strings.Contains(string(out), code) {
			t.Errorf("a code line is gone: %q", line)
		}
	}
}
