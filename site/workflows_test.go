package site

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// actionlint checks GitHub Actions workflows offline. It is not a
// dependency of the module: the test installs this pinned version through
// the module proxy when it can.
const actionlint = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"

// TestWorkflows lints .github/workflows with actionlint. Without network
// access it skips, unless CI is set: there it must run.
func TestWorkflows(t *testing.T) {
	files, err := filepath.Glob("../.github/workflows/*.yml")
	if err != nil || len(files) < 2 {
		t.Fatalf("want the pages and ci workflows in .github/workflows, found %v (%v)", files, err)
	}
	if testing.Short() {
		t.Skip("-short: not installing actionlint")
	}
	bin := t.TempDir()
	install := exec.Command("go", "install", actionlint)
	install.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=", "GOWORK=off")
	if out, err := install.CombinedOutput(); err != nil {
		msg := "cannot install " + actionlint + ": " + strings.TrimSpace(string(out))
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	lint := exec.Command(filepath.Join(bin, "actionlint"), files...)
	lint.Dir = ".."
	for i, f := range files {
		lint.Args[i+1] = strings.TrimPrefix(filepath.ToSlash(f), "../")
	}
	if out, err := lint.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}
