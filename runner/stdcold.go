package runner

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// stdColdTimeout bounds the check of StdCold: go list reads the build
// cache, and takes well under a second.
const stdColdTimeout = 30 * time.Second

// StdCold reports whether Go's build cache lacks the standard library
// built as the runner builds programs (-trimpath; with -race and cgo when
// race, without cgo otherwise). Then the first build compiles the whole
// standard library first, which takes minutes on a small machine: a
// fresh machine, a new Go version, or the first race program. It asks go
// list whether the runtime package is stale, which only reads the cache.
func (r *Runner) StdCold(ctx context.Context, race bool) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, stdColdTimeout)
	defer cancel()
	args := []string{"list", "-trimpath", "-f", "{{.Stale}}", "runtime"}
	cgo := "CGO_ENABLED=0" // as runGo builds
	if race {
		args = append(args[:1], append([]string{"-race"}, args[1:]...)...)
		cgo = "CGO_ENABLED=1"
	}
	cmd := r.goCmd(ctx, "", args...)
	cmd.Dir = os.TempDir() // outside any module the user's folder may be in
	cmd.Env = append(cmd.Env, cgo)
	out, err := cmd.Output()
	if err != nil {
		return false, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)) == "true", nil
}
