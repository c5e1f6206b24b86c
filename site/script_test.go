package site

import (
	"bytes"
	"strings"
	"testing"
)

// TestScriptDropsComments: the published app.js has the source's code
// lines and none of its comment lines.
func TestScriptDropsComments(t *testing.T) {
	src, out := mustAsset("assets/app.js"), script("assets/app.js")
	if !bytes.Contains(src, []byte("\n  // ")) {
		t.Fatal("app.js has no comment lines to drop; the test needs new input")
	}
	for line := range strings.Lines(string(out)) {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			t.Errorf("a comment line is left: %q", line)
		}
	}
	for line := range strings.Lines(string(src)) {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") && !strings.Contains(string(out), line) {
			t.Errorf("a code line is gone: %q", line)
		}
	}
}
