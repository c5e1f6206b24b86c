package timeline

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyTimelineReadsTraces: the trace parser's dependency stays in
// this package; everything else sees the model.
func TestOnlyTimelineReadsTraces(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}}`, "github.com/workbook-dev/workbook/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const self = "github.com/workbook-dev/workbook/runner/timeline"
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if imp == "golang.org/x/exp/trace" && f[0] != self {
				t.Errorf("%s imports %s; only %s should", f[0], imp, self)
			}
		}
	}
}
