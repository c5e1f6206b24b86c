package runner

import (
	"os/exec"
	"testing"
)

// TestRaceStdCold: an empty build cache has no race build of the
// standard library; once a race program is built as the runner builds
// it, the cache has one. (The second half uses the user's build cache,
// as the other race tests do, so it compiles nothing twice.)
func TestRaceStdCold(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the standard library with -race")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	r := &Runner{CacheDir: t.TempDir()}
	t.Run("empty", func(t *testing.T) {
		t.Setenv("GOCACHE", t.TempDir())
		cold, err := r.RaceStdCold(t.Context())
		if err != nil {
			t.Skipf("go list -race is not supported here: %v", err)
		}
		if !cold {
			t.Fatal("an empty build cache: RaceStdCold = false, want true")
		}
	})
	res, err := r.Run(t.Context(), &Program{Source: []byte("package main\n\nfunc main() {}\n"), Race: true}, nil)
	if err != nil || !res.Build.OK {
		t.Fatalf("building a race program: %v %+v", err, res)
	}
	if cold, err := r.RaceStdCold(t.Context()); err != nil || cold {
		t.Errorf("after a race build: RaceStdCold = %v, %v; want false", cold, err)
	}
}
