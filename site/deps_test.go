package site

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps: site renders and writes a book; serving and watching are
// applications of their own that use it, never the other way round.
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, bad := range []string{
		"github.com/fsnotify/fsnotify",
		"github.com/workbook-dev/workbook/serve",
		"github.com/workbook-dev/workbook/watch",
		"net/http",
		// It parses every style of chroma's each time a process starts;
		// colours.go has the two the pages use.
		"github.com/alecthomas/chroma/v2/styles",
	} {
		for _, d := range deps {
			if d == bad {
				t.Errorf("site depends on %s", bad)
			}
		}
	}
}
