package runner

import (
	"os/exec"
	"strconv"
	"testing"
)

// TestStdCold: an empty build cache has no build of the standard
// library, plain or for -race; once a program is built as the runner
// builds it, the cache has one of that kind. (The second half uses the
// user's build cache, as the other tests do, so it compiles nothing
// twice.)
func TestStdCold(t *testing.T) {
	if testing.Short() {
		t.Skip("may compile the standard library with -race")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	r := &Runner{CacheDir: t.TempDir()}
	for _, race := range []bool{false, true} {
		t.Run("race="+strconv.FormatBool(race), func(t *testing.T) {
			t.Run("empty", func(t *testing.T) {
				t.Setenv("GOCACHE", t.TempDir())
				cold, err := r.StdCold(t.Context(), race)
				if err != nil {
					t.Skipf("go list is not supported here: %v", err)
				}
				if !cold {
					t.Fatal("an empty build cache: StdCold = false, want true")
				}
			})
			res, err := r.Run(t.Context(), &Program{Source: []byte("package main\n\nfunc main() {}\n"), Race: race}, nil)
			if err != nil || !res.Build.OK {
				t.Fatalf("building a program: %v %+v", err, res)
			}
			if cold, err := r.StdCold(t.Context(), race); err != nil || cold {
				t.Errorf("after a build: StdCold = %v, %v; want false", cold, err)
			}
		})
	}
}
