package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"workbook": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the command-line scripts in testdata/script: real
// builds and runs with the local go command, each script with its own
// result cache.
func TestScripts(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	goEnv := map[string]string{}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	for i, v := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		goEnv[[]string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT"}[i]] = v
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		// [portable]: the scripts run on the portable runner backend,
		// which lacks what some scripts test (-memory, the helper).
		Condition: func(cond string) (bool, error) {
			if cond == "portable" {
				return os.Getenv("WORKBOOK_RUNNER") == "portable" || runtime.GOOS != "linux", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			// The go command needs its caches; HOME is not set in scripts.
			for k, v := range goEnv {
				env.Setenv(k, v)
			}
			env.Setenv("WORKBOOK_CACHE", filepath.Join(env.WorkDir, ".cache"))
			// WORKBOOK_RUNNER=portable go test runs the scripts on the
			// portable backend too.
			env.Setenv("WORKBOOK_RUNNER", os.Getenv("WORKBOOK_RUNNER"))
			return nil
		},
	})
}
