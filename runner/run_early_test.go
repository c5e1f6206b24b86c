package runner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// slowVet writes a go command that, asked to vet, first waits (up to half a
// minute) for the file mark to appear and records in log whether it did,
// then does what go does.
func slowVet(t *testing.T, mark, log string) string {
	t.Helper()
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	script := `#!/bin/sh
if [ "$1" = vet ]; then
	i=0
	while [ ! -e '` + mark + `' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
	if [ -e '` + mark + `' ]; then echo seen >'` + log + `'; else echo unseen >'` + log + `'; fi
fi
exec '` + realGo + `' "$@"
`
	p := filepath.Join(t.TempDir(), "go")
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// A program runs as soon as its binary exists, before go vet is done;
// a program vet then rejects is stopped and fails as if it had never run.
func TestRunAllRunsBeforeVetEnds(t *testing.T) {
	dir := t.TempDir()
	mark, log := filepath.Join(dir, "ran"), filepath.Join(dir, "vet.log")
	good := `package main

import (
	"fmt"
	"os"
)

func main() {
	if err := os.WriteFile(` + "`" + mark + "`" + `, nil, 0o666); err != nil {
		panic(err)
	}
	fmt.Println("ran")
}
`
	// Rejected by vet, and never ends unless stopped.
	bad := `package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Printf("%d\n", "s")
	time.Sleep(time.Hour)
}
`
	r := &Runner{CacheDir: t.TempDir(), Go: slowVet(t, mark, log)}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := r.RunAll(ctx, []*Program{{Source: []byte(good)}, {Source: []byte(bad), Timeout: time.Hour}}, nil)
	if err != nil {
		t.Fatalf("RunAll: %v (a rejected program's run was not stopped?)", err)
	}
	if got := firstLine(t, res[0]); got != "ran" {
		t.Errorf("good program printed %q, want ran", got)
	}
	if data, _ := os.ReadFile(log); strings.TrimSpace(string(data)) != "seen" {
		t.Errorf("go vet log %q: the program did not run before vet ended", data)
	}
	b := res[1]
	if b.Build.OK || len(b.Runs) != 0 || !strings.Contains(b.Build.Vet, "fmt.Printf format %d has arg") {
		t.Errorf("vetted program: %+v, want failed by vet with no runs", b)
	}
}
