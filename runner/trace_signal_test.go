package runner

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestTraceSourceBuildsEverywhere type-checks a traced program for each
// system workbook runs on: the timeout signal exists only where there
// are signals, so each system needs its own file.
func TestTraceSourceBuildsEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-checks the standard library for other systems")
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"go.mod":  []byte(defaultGoMod),
		"main.go": []byte("package main\n\nfunc main() {}\n"),
		traceFile: traceSource,
	}
	for name, data := range traceSignalFiles {
		files[name] = data
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		cmd := (&Runner{}).goCmd(context.Background(), dir, "vet", ".")
		cmd.Env = append(cmd.Env, "GOOS="+goos, "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOOS=%s go vet of a traced program: %v\n%s", goos, err, out)
		}
	}
}
