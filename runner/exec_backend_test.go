package runner

import (
	"context"
	"runtime"
	"strings"
	"testing"
)

func TestBackendChoice(t *testing.T) {
	native := BackendPortable
	if runtime.GOOS == "linux" {
		native = BackendLinux
	}
	tests := []struct {
		field, env string
		want       string // "" for an error
		errHas     string
	}{
		{want: native},
		{env: "portable", want: BackendPortable},
		{env: "linux", want: map[bool]string{true: BackendLinux}[runtime.GOOS == "linux"], errHas: "needs Linux"},
		{env: "docker", errHas: `WORKBOOK_RUNNER="docker": unknown runner backend`},
		{field: "portable", env: "bogus", want: BackendPortable},
		{field: "bogus", errHas: `Runner.Backend="bogus"`},
	}
	for _, tt := range tests {
		t.Setenv(backendEnv, tt.env)
		got, err := (&Runner{Backend: tt.field}).backend()
		if got != tt.want || (tt.want == "") != (err != nil) || err != nil && !strings.Contains(err.Error(), tt.errHas) {
			t.Errorf("Backend %q, %s=%q: got %q, %v; want %q (error with %q)", tt.field, backendEnv, tt.env, got, err, tt.want, tt.errHas)
		}
	}
}

// TestResultNamesBackend runs one program with each backend this system
// has: the result says which ran it, and the two are cached apart.
func TestResultNamesBackend(t *testing.T) {
	backends := []string{BackendPortable}
	if linuxBackend {
		backends = append(backends, BackendLinux)
	}
	dir := t.TempDir()
	keys := map[string]string{}
	for _, b := range backends {
		r := &Runner{CacheDir: dir, Backend: b}
		res, err := r.Run(context.Background(), &Program{Source: []byte(helloProgram)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Env.Backend != b || len(res.Runs) != 1 || len(res.Runs[0].Output) != 1 || res.Runs[0].Output[0].Text != "hello" {
			t.Errorf("backend %s: Env.Backend %q, runs %+v; want %q and hello", b, res.Env.Backend, res.Runs, b)
		}
		if other, dup := keys[res.Key]; dup {
			t.Errorf("backends %s and %s share the cache key %s", other, b, res.Key)
		}
		keys[res.Key] = b
	}
}

const helloProgram = `package main

import "fmt"

func main() { fmt.Println("hello") }
`

// Switching backends changes what results depend on, so a build that
// keeps its site when nothing changed must see it.
func TestFingerprintCoversBackend(t *testing.T) {
	dir := t.TempDir()
	a, err := (&Runner{CacheDir: dir, Backend: BackendPortable}).Fingerprint(context.Background())
	if err != nil {
		t.Skip(err) // no go command
	}
	if !linuxBackend {
		t.Skip("only the portable backend runs here")
	}
	b, err := (&Runner{CacheDir: dir, Backend: BackendLinux}).Fingerprint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("both backends have the fingerprint %q", a)
	}
}
